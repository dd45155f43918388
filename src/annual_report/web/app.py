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
from typing import Any, Iterable
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..model.levels import LEVELS
from .jobs import MAX_JOBS, JobStore
from .records import CheckRequest, Job
from .security import BodyTooLarge
from .uploads import UploadError, UploadFolder, UploadLimits

FIELD_READ_LIMIT = 1024 * 1024  # a form's text fields
# A result goes an hour after it was last opened, beyond the cap of kept jobs, or when the server stops
EXPIRED = f"这次检查的结果已不在了：结果在最后一次打开后保留一小时，最多保留最近 {MAX_JOBS} 次检查，服务重启后全部清除。请重新上传"

# Each status the server answers with: the machine-readable code the API gives beside the
# message, and the Chinese message where the framework has only its English phrase
STATUS = {
    400: ("bad_request", "请求无法处理，请回到上传页面重新提交"),
    404: ("not_found", "没有这个页面"),
    405: ("method_not_allowed", "这个地址不接受这种请求方式（上传文件请用上传页面的表单）"),
    413: ("too_large", "上传的内容过大"),
    415: ("unsupported_media_type", "请用表单上传文件"),
    422: ("unreadable", "上传的文件无法读取"),
    500: ("internal_error", "服务出现内部错误，请重试"),
}


def api_error(message: str, status: int, headers: dict | None = None) -> JSONResponse:
    """An API error: the Chinese message and a code a program can test, never a path."""
    return JSONResponse({"error": message, "code": STATUS.get(status, ("error",))[0], "status": status}, status_code=status, headers=headers)


def _message(exc: HTTPException) -> str:
    """The exception's own message, or the Chinese one for a status the framework raised."""
    from http import HTTPStatus

    try:
        english = HTTPStatus(exc.status_code).phrase
    except ValueError:
        english = ""
    if not exc.detail or exc.detail == english:
        return STATUS.get(exc.status_code, ("", f"请求未能完成（{exc.status_code}）"))[1]
    return exc.detail


def _templates():
    from jinja2 import Environment, PackageLoader, select_autoescape

    from .views import page_words

    env = Environment(loader=PackageLoader("annual_report.web", "templates"), autoescape=select_autoescape(("html",), default=True))
    env.filters["page"] = page_words
    return env


class WebApp:
    """The routes, bound to one job store and one workspace."""

    def __init__(self, store: JobStore, token: str) -> None:
        self.store = store
        self.token = token
        self.env = _templates()

    # --- pages -------------------------------------------------------------------------
    def page(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        from .security import csp_nonce

        html = self.env.get_template(name).render(
            levels=LEVELS, workspace=Path(self.store.workspace).name if self.store.workspace else "", token=self.token, csp_nonce=csp_nonce.get(), **context
        )
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
        from starlette.concurrency import run_in_threadpool

        from .views import result_context

        results = await run_in_threadpool(self.store.results, job)
        if results is None:
            raise HTTPException(404, EXPIRED)
        return self.page("results.html", job=job, **result_context(results, self.store))

    async def job_status(self, request: Request) -> Response:
        job = self._job(request)
        from .views import page_words

        return JSONResponse({"state": job.state, "stage": job.stage, "done": job.done, "total": job.total, "error": page_words(job.error)})

    async def download(self, request: Request) -> Response:
        job = self._job(request)
        if job.state != "done":
            raise HTTPException(404, "没有这个下载文件")
        from starlette.concurrency import run_in_threadpool

        found = await run_in_threadpool(self.store.download, job, request.path_params["kind"])
        if found is None:
            raise HTTPException(404, "没有这个下载文件" if job.id in self.store else EXPIRED)
        path, name, media = found
        disposition = f"attachment; filename*=UTF-8''{quote(name)}"
        return FileResponse(path, media_type=media, headers={"Content-Disposition": disposition})

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
            return api_error(str(exc), exc.status)
        job, text = await run_in_threadpool(self.store.run_now, check)
        if job.state == "failed":
            return api_error(job.error, job.error_status)
        return Response(text.encode("utf-8"), media_type="application/json; charset=utf-8")

    # --- helpers ------------------------------------------------------------------------
    def _job(self, request: Request) -> Job:
        job = self.store.get(request.path_params["job"])
        if job is None:
            raise HTTPException(404, EXPIRED)
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
        except BodyTooLarge:  # counted while streaming: the middleware answers 413
            raise
        except Exception:  # malformed multipart: python-multipart raises its own errors
            raise UploadError("上传的表单无法解析，请重新选择文件后提交") from None
        level = str(form.get("level") or "").strip() or None
        if level is not None and level not in LEVELS:
            await form.close()
            raise UploadError(f"机关层级应为 {'、'.join(LEVELS)} 之一，收到的是“{level[:20]}”")
        folder = self.store.new_folder()
        saved = UploadFolder(folder, limits)
        try:
            drafts = [p for f in form.getlist("file") if isinstance(f, UploadFile) and f.filename for p in await saved.save_stream(f.filename, f.read, "reports")]
            history = [p for f in form.getlist("history") if isinstance(f, UploadFile) and f.filename for p in await saved.save_stream(f.filename, f.read, "history")]
            if not drafts:
                raise UploadError("请选择要检查的报告文件（字段 file）")
        except BaseException:
            self.store.remove_folder(folder)
            raise
        finally:
            await form.close()
        return CheckRequest(drafts=drafts, history=history, level=level, folder=folder)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    """Every 4xx the server or the framework raises, in Chinese: a page, or JSON for the API."""
    app: WebApp = request.app.state.web
    headers = dict(exc.headers or {})
    if request.url.path.startswith("/api/"):
        return api_error(_message(exc), exc.status_code, headers)
    response = app.page("error.html", status=exc.status_code, message=_message(exc), status_code=exc.status_code)
    response.headers.update(headers)
    return response


async def _server_error(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith("/api/"):
        return api_error(STATUS[500][1], 500)
    return HTMLResponse("<!doctype html><meta charset=utf-8><title>出错了</title><p>服务出现内部错误，请重试。</p>", status_code=500)


def create_app(
    *,
    workspace: Path | None = None,
    limits: UploadLimits | None = None,
    workers: int = 2,
    hosts: Iterable[str] = (),
    bound: str | None = None,
    token: str | None = None,
) -> Starlette:
    """The application; ``workspace`` gives the configuration, plugins and earlier years.
    Only requests to the local names, ``bound`` (the address listened on) and ``hosts`` are
    served; state-changing requests need ``token`` (made here when not given:
    ``app.state.token``).  See :mod:`annual_report.web.security`."""
    import secrets

    from starlette.middleware import Middleware

    from .security import Guard, allowed_hosts

    token = token or secrets.token_urlsafe(24)
    store = JobStore(workspace=workspace, limits=limits, workers=workers)
    web = WebApp(store, token)
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

    guard = Middleware(Guard, hosts=allowed_hosts(bound, hosts), token=token, body_limit=store.limits.total_bytes + 1024 * 1024)
    app = Starlette(
        routes=routes, middleware=[guard], exception_handlers={HTTPException: _http_error, 500: _server_error}, lifespan=lifespan
    )
    app.state.web = web
    app.state.token = token
    return app



