"""Checks started from the web page: each upload is a job, run in a worker thread through the
one check pipeline, its outputs kept in memory for download until the job expires.

Each job's uploads are written, while they arrive, into a folder of its own under this
server's folder in the temporary directory (``annual-report-serve-<pid>-…``), and stay there —
not in memory — while the job is kept (the annotated copy is made from them), for
``JOB_TTL_SECONDS``; the folder goes when the job is forgotten, when it failed, and when the
server stops.  At start-up, the folders of servers that no longer run (killed with kill -9,
or a power cut) are removed.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
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
FOLDER_PREFIX = "annual-report-serve-"


def remove_stale_folders(temp: Path | None = None) -> list[Path]:
    """Remove the upload folders of servers that no longer run (their pid is in the name)."""
    temp = Path(temp or tempfile.gettempdir())
    removed = []
    try:
        entries = list(temp.iterdir())
    except OSError:
        return removed
    for entry in entries:
        m = re.fullmatch(re.escape(FOLDER_PREFIX) + r"(\d+)-.*", entry.name)
        if not m or not entry.is_dir() or entry.is_symlink():
            continue
        pid = int(m.group(1))
        if pid == os.getpid():
            continue  # this process's own (another store of it)
        try:
            os.kill(pid, 0)
            continue  # another server, running
        except ProcessLookupError:
            pass
        except OSError:
            continue  # someone else's process: not ours to judge
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


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
        remove_stale_folders()
        self.root = Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-"))

    def new_folder(self) -> Path:
        """A folder for one request's uploads (becomes its job's)."""
        return Path(tempfile.mkdtemp(prefix="job-", dir=self.root))

    @staticmethod
    def remove_folder(folder: Path | None) -> None:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def checker(self):
        """The rules and readers of the workspace, loaded once (for explanations and SARIF)."""
        with self._lock:
            if self._checker is None:
                from ..app.session import open_session

                self._checker = open_session(self.workspace, search=False).checker
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
        """Stop: queued checks cancelled, the child processes of running ones killed (a check
        that hangs does not keep the server from stopping), every upload folder removed."""
        import multiprocessing

        self._pool.shutdown(wait=False, cancel_futures=True)
        for child in multiprocessing.active_children():
            child.kill()
        shutil.rmtree(self.root, ignore_errors=True)

    def _expire(self) -> None:
        now = time.time()
        for key in [k for k, j in self._jobs.items() if now - j.created > self.ttl and j.state in ("done", "failed")]:
            self.remove_folder(self._jobs.pop(key).folder)
        finished = sorted((j for j in self._jobs.values() if j.state in ("done", "failed")), key=lambda j: j.created)
        while len(self._jobs) > MAX_JOBS and finished:
            self.remove_folder(self._jobs.pop(finished.pop(0).id).folder)

    def _run(self, job: Job, request: CheckRequest) -> None:
        start = time.perf_counter()
        job.state = "running"
        job.stage = "保存上传的文件"
        job.folder = request.folder
        hide = UploadFolder(request.folder, self.limits).hide if request.folder is not None else str  # no server path shown
        try:
            if not request.drafts:
                raise UploadError("请选择要检查的报告文件")
            job.total = len(request.drafts)
            check_uploads(job, list(request.drafts), list(request.history), request.level, self, hide)
            job.state = "done"
        except UploadError as exc:
            job.error, job.error_status, job.state = hide(str(exc)), exc.status, "failed"
        except UserError as exc:
            job.error, job.error_status, job.state = hide(str(exc)), 422, "failed"
        except Exception as exc:  # never a traceback on the page; the message says what failed
            job.error = f"检查时发生内部错误（{type(exc).__name__}），请把这份文件交给技术人员排查"
            job.error_status, job.state = 500, "failed"
        finally:
            job.seconds = time.perf_counter() - start
            if job.state != "done":
                self.remove_folder(job.folder)
