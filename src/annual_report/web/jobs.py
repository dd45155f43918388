"""Checks started from the web page: each upload is a job, run in a worker thread through the
one check pipeline.  What is kept where, and for how long:

- In memory, only a small :class:`~annual_report.web.records.Job` record per job: its id, state
  and progress, the reports' names, the findings' counts, its times and error message.
- On disk, in a folder of its own under this server's folder in the temporary directory
  (``annual-report-serve-<pid>-…``, 0700; files 0600): the uploads, written while they arrive;
  when the check is done, its results (``results/result.pickle``) and JSON (``check.json``);
  each download made on its first request (``downloads/``) — see :mod:`.job_files`.  The result
  page and the downloads read these files on each request.
- A finished job is kept ``JOB_TTL_SECONDS`` from the last time it was opened (its page, its
  status or a download), and at most ``MAX_JOBS`` of them, the least recently opened forgotten
  first; a forgotten job's folder is removed, and so is a failed job's at once.
- ``POST /api/check`` answers when its check is done and keeps nothing: its folder is removed
  as soon as the answer is made.
- When the server stops, its whole folder goes; at start-up, the folders of servers that no
  longer run (killed with kill -9, or a power cut) are removed.
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
from typing import Callable

from ..model.errors import UserError
from ..model.findings import count_by_severity
from .checking import check_uploads, make_download
from .job_files import JobFiles
from .records import CheckRequest, Job, JobResults
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
    """Jobs by id, run at most ``workers`` at a time, forgotten ``ttl`` seconds after they were
    last opened."""

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

    def hider(self, folder: Path | None) -> Callable[[str], str]:
        """What a text goes through before the user sees it: the upload ``folder``'s paths become
        the names the files were uploaded as, the workspace's become relative to it
        (``data/2021.json``), the workspace itself is called by its folder's name."""
        uploads = UploadFolder(folder, self.limits).hide if folder is not None else str
        if self.workspace is None:
            return uploads
        workspace = Path(self.workspace)
        roots = sorted({str(workspace), str(workspace.resolve())}, key=len, reverse=True)
        inside = re.compile("|".join(re.escape(r) + r"[/\\]" for r in roots))
        itself = re.compile("|".join(re.escape(r) for r in roots))

        def hide(text: str) -> str:
            return itself.sub(workspace.name, inside.sub("", uploads(text)))

        return hide

    def get(self, job_id: str) -> Job | None:
        """The job, opened now (its hour starts again), or None when unknown or forgotten."""
        with self._lock:
            self._expire()
            job = self._jobs.get(job_id)
            if job is not None:
                job.opened = time.time()
            return job

    def __contains__(self, job_id: str) -> bool:
        with self._lock:
            return job_id in self._jobs

    def results(self, job: Job) -> JobResults | None:
        """A finished job's results, read from its folder; None when they are gone (the job is
        then forgotten)."""
        if job.state != "done" or job.folder is None:
            return None
        found = JobFiles(job.folder).load()
        if found is None:
            self.forget(job)
        return found

    def download(self, job: Job, kind: str) -> tuple[Path, str, str] | None:
        """The file of one download of a finished job (made on its first request and kept in
        the job's folder), its name and media type; None when the job has no such download."""
        results = self.results(job)
        if results is None or kind not in results.downloads:
            return None
        name, media = results.downloads[kind]
        path = JobFiles(job.folder).download(kind, lambda: make_download(kind, results, job.folder, self))
        return path, name, media

    def forget(self, job: Job) -> None:
        """Forget a finished job: its record and its folder."""
        with self._lock:
            self._jobs.pop(job.id, None)
        self.remove_folder(job.folder)

    def submit(self, request: CheckRequest) -> Job:
        job = Job(secrets.token_urlsafe(12))
        with self._lock:
            self._expire()
            self._jobs[job.id] = job
        self._pool.submit(self._run, job, request)
        return job

    def run_now(self, request: CheckRequest) -> tuple[Job, str]:
        """Run in the calling thread (for the API, which answers when the check is done): the
        finished job and its JSON document; nothing is kept, its folder is removed at once."""
        job = Job(secrets.token_urlsafe(12))
        try:
            return job, self._run(job, request, keep=False)
        finally:
            self.remove_folder(request.folder)

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
        finished = [j for j in self._jobs.values() if j.state in ("done", "failed")]
        for job in [j for j in finished if now - j.opened > self.ttl]:
            self.remove_folder(self._jobs.pop(job.id).folder)
        finished = sorted((j for j in finished if j.id in self._jobs), key=lambda j: j.opened)
        while len(self._jobs) > MAX_JOBS and finished:
            self.remove_folder(self._jobs.pop(finished.pop(0).id).folder)

    def _run(self, job: Job, request: CheckRequest, keep: bool = True) -> str:
        """Check the request's uploads into ``job``: its results saved into its folder when
        ``keep``; the JSON document ("" when the check failed)."""
        start = time.perf_counter()
        job.state = "running"
        job.stage = "保存上传的文件"
        job.folder = request.folder
        hide = self.hider(request.folder)  # no server path shown
        text = ""
        try:
            if not request.drafts:
                raise UploadError("请选择要检查的报告文件")
            job.total = len(request.drafts)
            results, text = check_uploads(job, list(request.drafts), list(request.history), request.level, self, hide)
            job.files = [v.file for v in results.reports]
            job.counts = count_by_severity(results.findings)
            if keep:
                JobFiles(job.folder).save(results, text)
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
            job.opened = time.time()  # the hour starts when the result can be seen
            if job.state != "done":
                self.remove_folder(job.folder)
        return text
