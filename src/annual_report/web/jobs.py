"""Checks started from the web page: each upload is a job, run in a worker thread through the
one check pipeline, its outputs kept in memory for download until the job expires.

The uploaded files live in a temporary folder that is removed as soon as the job has run;
only the outputs (findings, annotated copies, summaries) are kept, in memory, for
``JOB_TTL_SECONDS``.
"""

from __future__ import annotations

import secrets
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..model.errors import UserError
from .checking import check_uploads
from .records import CheckRequest, Job
from .uploads import UploadError, UploadFolder, UploadLimits

JOB_TTL_SECONDS = 3600
MAX_JOBS = 200


class JobStore:
    """Jobs by id, run at most ``workers`` at a time, forgotten after ``ttl`` seconds."""

    def __init__(self, *, workspace: Path | None = None, limits: UploadLimits | None = None, workers: int = 2, ttl: float = JOB_TTL_SECONDS) -> None:
        self.workspace = workspace
        self.limits = limits or UploadLimits()
        self.ttl = ttl
        self.batch_workers = 2  # processes for a zip of drafts, as ``check --jobs``
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="annual-report-check")
        self._checker = None

    def checker(self):
        """The rules and readers of the workspace, loaded once (for explanations and SARIF)."""
        with self._lock:
            if self._checker is None:
                from ..check.engine import make_checker
                from ..files.config import Config, load_config

                config = load_config(self.workspace) if self.workspace else Config()
                self._checker = make_checker(config)
            return self._checker

    def rules(self) -> dict:
        return self.checker().rules

    def setup_findings(self) -> list:
        return self.checker().setup_findings()

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            self._expire()
            return self._jobs.get(job_id)

    def submit(self, request: CheckRequest) -> Job:
        job = Job(secrets.token_urlsafe(12))
        with self._lock:
            self._expire()
            self._jobs[job.id] = job
        self._pool.submit(self._run, job, request)
        return job

    def run_now(self, request: CheckRequest) -> Job:
        """Run in the calling thread (for the API, which answers when the check is done)."""
        job = Job(secrets.token_urlsafe(12))
        self._run(job, request)
        with self._lock:
            self._expire()
            self._jobs[job.id] = job
        return job

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _expire(self) -> None:
        now = time.time()
        for key in [k for k, j in self._jobs.items() if now - j.created > self.ttl and j.state in ("done", "failed")]:
            del self._jobs[key]
        finished = sorted((j for j in self._jobs.values() if j.state in ("done", "failed")), key=lambda j: j.created)
        while len(self._jobs) > MAX_JOBS and finished:
            del self._jobs[finished.pop(0).id]

    def _run(self, job: Job, request: CheckRequest) -> None:
        start = time.perf_counter()
        job.state = "running"
        job.stage = "保存上传的文件"
        try:
            with tempfile.TemporaryDirectory(prefix="annual-report-upload-") as scratch:
                folder = UploadFolder(Path(scratch), self.limits)
                drafts = [p for name, data in request.drafts for p in folder.save(name, data, "reports")]
                history = [p for name, data in request.history for p in folder.save(name, data, "history")]
                if not drafts:
                    raise UploadError("请选择要检查的报告文件")
                job.total = len(drafts)
                check_uploads(job, drafts, history, request.level, self)
            job.state = "done"
        except UploadError as exc:
            job.error, job.error_status, job.state = str(exc), exc.status, "failed"
        except UserError as exc:
            job.error, job.error_status, job.state = str(exc), 422, "failed"
        except Exception as exc:  # never a traceback on the page; the message says what failed
            job.error = f"检查时发生内部错误（{type(exc).__name__}），请把这份文件交给技术人员排查"
            job.error_status, job.state = 500, "failed"
        finally:
            job.seconds = time.perf_counter() - start
