"""Running jobs: in this process for one report, in a pool of worker processes for many — the
same two functions either way (:func:`scan` reads a file, :func:`check_job` checks a job).

A worker keeps each report it read in a scratch folder (pickled) and returns only who and which
year it is; the in-process runner keeps the reports in memory.  Results come back in submission
order, whatever order the workers finish in.  A worker that dies (a plugin that crashed the
interpreter or ran out of memory) costs only the job it was holding: the pool is rebuilt and the
unfinished jobs are retried one by one.
"""

from __future__ import annotations

import pickle
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..model.errors import UserError
from ..model.results import ReportResult
from ..workspace.config import Config
from .inputs import Identity, Job

from ..model.limits import DEFAULT_RULE_TIMEOUT, DEFAULT_WORKER_MEMORY_MB  # noqa: F401 - re-exported for the pipeline

# this process's checker and where its reports are kept (set by the runner)
_worker: dict[str, Any] = {}


def _init_worker(config: Config, plugin_dirs: list[Path], rule_timeout: float | None, memory_mb: int | None, scratch: str) -> None:
    from .engine import make_checker
    from ..model.limits import limit_memory

    limit_memory((memory_mb or 0) * 1024 * 1024)
    checker = make_checker(config, plugin_dirs)
    checker.rule_timeout = rule_timeout
    _worker.clear()
    _worker.update(checker=checker, scratch=Path(scratch), reports=None)


def _store(index: int, report) -> None:
    if _worker["reports"] is not None:
        _worker["reports"][index] = report
        return
    with open(_worker["scratch"] / f"{index}.pickle", "wb") as fh:
        pickle.dump(report, fh, protocol=pickle.HIGHEST_PROTOCOL)


def _load(identity: Identity):
    if _worker["reports"] is not None:
        return _worker["reports"][identity.index]
    with open(_worker["scratch"] / f"{identity.index}.pickle", "rb") as fh:
        return pickle.load(fh)


def scan(item: tuple[int, str]) -> Identity:
    """Read one file into the store; who wrote it and for which year, or why it cannot be read."""
    from ..readers import read_report

    index, path = item
    start = time.perf_counter()
    try:
        report = read_report(Path(path), _worker["checker"].plugins.readers)
    except UserError as exc:
        return Identity(index, path, error=str(exc), read_seconds=time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - a broken file is a row, never the end of the batch
        return Identity(index, path, error=f"读取时出错：{type(exc).__name__}: {exc}", read_seconds=time.perf_counter() - start)
    _store(index, report)
    return Identity(index, path, report.body.name, report.year, read_seconds=time.perf_counter() - start)


def scan_lost(item: tuple[int, str], why: str) -> Identity:
    return Identity(item[0], item[1], error=why)


def check_job(job: Job) -> list[ReportResult]:
    """Check every task of a job; one result per task."""
    checker = _worker["checker"]
    in_memory = _worker["reports"] is not None
    reports = {m.index: _load(m) for m in job.members}
    out = []
    for task in job.tasks:
        ident = job.members[task.target]
        report = with_facts(reports[ident.index], job.facts)
        history = None if task.history is None else [reports[job.members[i].index] for i in task.history]
        coverage = None
        if task.covers is not None:
            from ..plugins.rule_api import Coverage

            c = task.covers
            coverage = Coverage(c.bodies, tuple(reports[job.members[i].index] for i in c.reports), c.summary, c.tables, c.found)
        start = time.perf_counter()
        try:
            findings = checker.check(report, history, coverage)
            error = ""
        except Exception as exc:  # noqa: BLE001 - the engine isolates rules; this is a last guard
            findings, error = [], f"检查时出错：{type(exc).__name__}: {exc}"
        out.append(
            ReportResult(
                ident.path,
                job.body,
                ident.year,
                findings,
                error,
                tuple(sorted(h.year for h in history or () if h.year)),
                ident.read_seconds,
                time.perf_counter() - start,
                label=task.label,
                edition=report.edition,
                notes=list(task.notes),
                report=report if in_memory else None,
            )
        )
    return out


def with_facts(report, facts: tuple[tuple[str, str], ...]):
    """``report`` with what the mapping file says about its body (the publication date, which
    then takes the place of the 落款 date, and the body's level)."""
    if not facts:
        return report
    from dataclasses import replace

    from ..model.report import FrozenDict

    meta = dict(report.meta)
    for key, value in facts:
        meta[key] = value
        if key == "publication_date":
            meta["publication_date_source"] = "mapping"
    return replace(report, meta=FrozenDict(meta))


def check_lost(job: Job, why: str) -> list[ReportResult]:
    return [
        ReportResult(job.members[t.target].path, job.body, job.members[t.target].year, error=why, label=t.label)
        for t in job.tasks
    ]


class InProcess:
    """Runs in this process with a checker already made (one report: no pool to start, no
    limits on the rules, and the report model stays at hand for --annotate)."""

    def __init__(self, checker, reports: dict[int, object] | None = None) -> None:
        self.checker, self.reports = checker, dict(reports or {})

    def __enter__(self) -> "InProcess":
        _worker.clear()
        _worker.update(checker=self.checker, scratch=None, reports=self.reports)
        return self

    def __exit__(self, *exc: Any) -> None:
        _worker.clear()

    def map(self, fn: Callable, items: Iterable, on_lost: Callable[[Any, str], Any]) -> Iterator[Any]:
        for item in items:
            yield fn(item)


class Pool:
    """A process pool fed through a bounded window; results are yielded in submission order.
    If a worker dies, the pool is rebuilt and the unfinished tasks are retried one at a time,
    so only the task that kills a worker again is lost (``on_lost`` makes its result)."""

    def __init__(self, jobs: int, initargs: tuple, window: int | None = None) -> None:
        self.jobs = max(1, jobs)
        self.initargs = initargs
        self.window = window or self.jobs * 4
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc: Any) -> None:
        self._shutdown()

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            import multiprocessing

            ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=ctx, initializer=_init_worker, initargs=self.initargs)
        return self._pool

    def _shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map(self, fn: Callable, items: Iterable, on_lost: Callable[[Any, str], Any]) -> Iterator[Any]:
        pending: list[tuple[Any, Future]] = []
        iterator = iter(items)
        exhausted = False
        while True:
            while not exhausted and len(pending) < self.window:
                try:
                    item = next(iterator)
                except StopIteration:
                    exhausted = True
                    break
                pending.append((item, self._executor().submit(fn, item)))
            if not pending:
                return
            item, future = pending.pop(0)
            try:
                yield future.result()
            except BrokenProcessPool:
                self._pool = None  # the broken pool cannot be reused
                retry = [item] + [i for i, _ in pending]
                pending = []
                for again in retry:
                    yield self._alone(fn, again, on_lost)

    def _alone(self, fn: Callable, item: Any, on_lost: Callable[[Any, str], Any]) -> Any:
        try:
            return self._executor().submit(fn, item).result()
        except BrokenProcessPool:
            self._pool = None
            return on_lost(item, "处理这份报告的进程意外退出（可能是插件耗尽内存或崩溃）")


def read_reports(
    files: list[Path],
    *,
    config: Config,
    plugin_dirs: list[Path] | tuple[Path, ...] = (),
    jobs: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Iterator[tuple[Identity, Any]]:
    """The scan alone, for commands that need the models rather than findings (the site):
    every file read by :func:`scan` in the pool, yielded in file order as ``(identity,
    report)``, ``report`` None when the file could not be read (``identity.error`` says why)."""
    import os
    import tempfile

    jobs = jobs or os.cpu_count() or 1
    memory = int(config.section("check").get("worker_memory_mb", DEFAULT_WORKER_MEMORY_MB))
    with tempfile.TemporaryDirectory(prefix="annual-report-read-") as scratch:
        with Pool(jobs, (config, list(plugin_dirs), None, memory, scratch)) as pool:
            items = [(i, str(p)) for i, p in enumerate(files)]
            for n, ident in enumerate(pool.map(scan, items, scan_lost), start=1):
                report = None
                if not ident.error:
                    pickled = Path(scratch) / f"{ident.index}.pickle"
                    with open(pickled, "rb") as fh:
                        report = pickle.load(fh)
                    pickled.unlink()
                if progress:
                    progress("读取", n, len(files))
                yield ident, report
