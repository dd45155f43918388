"""The local web page: upload a draft (and earlier years), see the findings, download the
annotated copy, the JSON, SARIF and XLSX summary.  ``POST /api/check`` answers the same JSON
as ``check --format json``.

Starlette (with uvicorn to serve it) keeps this small: a handful of routes, jinja2 templates
with autoescaping, uploads parsed by python-multipart.  Nothing is sent anywhere: the check
runs on this machine, and the server binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..model.levels import LEVELS
from .jobs import JobStore
from .records import CheckRequest, Job
from .uploads import UploadError, UploadLimits

FIELD_READ_LIMIT = 1024 * 1024  # a form's text fields


def _templates():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("annual_report.web", "templates"), autoescape=select_autoescape(("html",), default=True))
    return env


class WebApp:
    """The routes, bound to one job store and one workspace."""

    def __init__(self, store: JobStore) -> None:
        self.store = store
        self.env = _templates()

    # --- pages -------------------------------------------------------------------------
    def page(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(levels=LEVELS, workspace=self.store.workspace, **context)
        return HTMLResponse(html, status_code=status)

    async def index(self, request: Request) -> Response:
        return self.page("index.html")

    async def submit(self, request: Request) -> Response:
        try:
            check = await self._read_form(request)
        except UploadError as exc:
            return self.page("index.html", status=exc.status, error=str(exc))
        job = self.store.submit(check)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    async def job_page(self, request: Request) -> Response:
        job = self._job(request)
        if job.state == "failed":
            return self.page("index.html", status=job.error_status, error=job.error)
        if job.state != "done":
            return self.page("progress.html", job=job)
        from .views import result_context

        return self.page("results.html", job=job, **result_context(job, self.store))

    async def job_status(self, request: Request) -> Response:
        job = self._job(request)
        return JSONResponse({"state": job.state, "stage": job.stage, "done": job.done, "total": job.total, "error": job.error})

    async def download(self, request: Request) -> Response:
        job = self._job(request)
        kind = request.path_params["kind"]
        if job.state != "done" or kind not in job.downloads:
            raise HTTPException(404, "没有这个下载文件")
        from starlette.concurrency import run_in_threadpool

        item = job.downloads[kind]
        data = await run_in_threadpool(item.bytes)
        disposition = f"attachment; filename*=UTF-8''{quote(item.name)}"
        return Response(data, media_type=item.media, headers={"Content-Disposition": disposition})

    async def rule(self, request: Request) -> Response:
        from .views import rule_entry

        entry = rule_entry(self.store, request.path_params["code"])
        if entry is None:
            raise HTTPException(404, "没有这条规则")
        return self.page("rule.html", rule=entry)

    # --- the API ------------------------------------------------------------------------
    async def api_check(self, request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        try:
            check = await self._read_form(request)
        except UploadError as exc:
            return JSONResponse({"error": str(exc)}, status_code=exc.status)
        job = await run_in_threadpool(self.store.run_now, check)
        if job.state == "failed":
            return JSONResponse({"error": job.error}, status_code=job.error_status)
        return Response(job.downloads["json"].bytes(), media_type="application/json; charset=utf-8")

    # --- helpers ------------------------------------------------------------------------
    def _job(self, request: Request) -> Job:
        job = self.store.get(request.path_params["job"])
        if job is None:
            raise HTTPException(404, "检查结果不存在或已过期（结果保留一小时），请重新上传")
        return job

    async def _read_form(self, request: Request) -> CheckRequest:
        limits = self.store.limits
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > limits.total_bytes + 1024 * 1024:
            raise UploadError(f"上传的文件合计超过 {limits.total_bytes // (1024 * 1024)} MB，请分批检查", 413)
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            raise UploadError("请用表单上传文件（multipart/form-data，字段 file）", 415)
        try:
            form = await request.form(max_files=limits.archive_members, max_fields=50, max_part_size=FIELD_READ_LIMIT)
        except Exception:  # malformed multipart: python-multipart raises its own errors
            raise UploadError("上传的表单无法解析，请重新选择文件后提交") from None
        try:
            drafts = [await _read(f, limits) for f in form.getlist("file") if isinstance(f, UploadFile) and f.filename]
            history = [await _read(f, limits) for f in form.getlist("history") if isinstance(f, UploadFile) and f.filename]
        finally:
            await form.close()
        if not drafts:
            raise UploadError("请选择要检查的报告文件（字段 file）")
        level = str(form.get("level") or "").strip() or None
        if level is not None and level not in LEVELS:
            raise UploadError(f"机关层级应为 {'、'.join(LEVELS)} 之一，收到的是“{level[:20]}”")
        return CheckRequest(drafts=drafts, history=history, level=level)


async def _read(upload: UploadFile, limits: UploadLimits) -> tuple[str, bytes]:
    data = await upload.read(limits.file_bytes + 1)
    if len(data) > limits.file_bytes:
        from .uploads import safe_name

        raise UploadError(f"文件“{safe_name(upload.filename)}”超过 {limits.file_bytes // (1024 * 1024)} MB，无法检查", 413)
    return upload.filename or "上传文件", data


async def _not_found(request: Request, exc: HTTPException) -> Response:
    app: WebApp = request.app.state.web
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
    return app.page("error.html", status=exc.status_code, message=exc.detail, status_code=exc.status_code)


async def _server_error(request: Request, exc: Exception) -> Response:
    return HTMLResponse("<!doctype html><meta charset=utf-8><title>出错了</title><p>服务出现内部错误，请重试。</p>", status_code=500)


def create_app(*, workspace: Path | None = None, limits: UploadLimits | None = None, workers: int = 2) -> Starlette:
    """The application; ``workspace`` gives the configuration, plugins and earlier years."""
    store = JobStore(workspace=workspace, limits=limits, workers=workers)
    web = WebApp(store)
    routes = [
        Route("/", web.index),
        Route("/check", web.submit, methods=["POST"]),
        Route("/jobs/{job}", web.job_page),
        Route("/jobs/{job}/status", web.job_status),
        Route("/jobs/{job}/download/{kind}", web.download),
        Route("/rules/{code}", web.rule),
        Route("/api/check", web.api_check, methods=["POST"]),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app):
        try:
            yield
        finally:
            store.close()

    app = Starlette(routes=routes, exception_handlers={HTTPException: _not_found, 500: _server_error}, lifespan=lifespan)
    app.state.web = web
    return app



