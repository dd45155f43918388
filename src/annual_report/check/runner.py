"""Running jobs: in a child process for one report, in a pool of worker processes for many —
the same two functions either way (:func:`scan` reads a file, :func:`check_job` checks a job).

Rules are plugin code, so they never run in the process that writes the outputs: a single
check forks one child (it inherits the loaded plugins and the report already read, and sends
its findings back), a batch has its pool.  Either way the rules run under the same limits
(:class:`~annual_report.model.limits.Limits`: a time limit per rule, an address-space cap per process) with what they
print sent to stderr.

A worker keeps each report it read in a scratch folder (pickled) and returns only who and which
year it is.  Results come back in submission order, whatever order the workers finish in.  A
process that dies (a plugin that called ``os._exit``, crashed the interpreter or was killed for
its memory) costs only the job it was holding: the job is run again alone in a child that says
which rule it is running, so the rule that killed it is named (AR003, or AR004 when the parent
had to kill a rule stuck past its time limit), skipped, and the rest of the report is checked.
"""

from __future__ import annotations

import pickle
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..model.errors import UserError
from ..model.results import ReportResult
from ..files.config import Config
from .inputs import Identity, Job

from ..model.limits import Limits

MAX_RULES_SKIPPED = 5  # rules of one job that may each kill a process before the job is given up


# this process's checker and where its reports are kept (set by the runner)
_worker: dict[str, Any] = {}


def _init_worker(
    config: Config, plugin_dirs: list[Path], rule_timeout: float | None, memory_mb: int | None, scratch: str, checker=None
) -> None:
    """A worker's checker: ``checker`` when the worker was forked from the process that made it
    (the plugins are imported once, in the parent, under the import limits), else made again."""
    from .engine import make_checker
    from ..model.limits import limit_memory

    limit_memory((memory_mb or 0) * 1024 * 1024)
    if checker is None:
        checker = make_checker(config, plugin_dirs)
    from ..text.numerals import chinese_to_number

    chinese_to_number("一")  # imports cn2an now, not inside the first rule's time limit
    checker.rule_timeout = rule_timeout
    _worker.clear()
    _worker.update(checker=checker, scratch=Path(scratch), reports=None, trace=None)


def _init_pool_worker(traces, slots, lock, *initargs) -> None:
    """A pool worker: :func:`_init_worker`, then the next free slot of the pool's traces."""
    _init_worker(*initargs)
    with lock:
        slot = slots.value
        slots.value += 1
    _worker["trace"] = Trace(traces, slot)


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
    from ..text.document_kind import REPORT, document_kind
    from .gate import READING, gate
    from .inputs import complete_report

    index, path = item
    start = time.perf_counter()
    try:
        checker = _worker["checker"]
        report = complete_report(read_report(Path(path), checker.plugins.readers), checker.config)
    except UserError as exc:
        return Identity(index, path, error=str(exc), read_seconds=time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - a broken file is a row, never the end of the batch
        return Identity(index, path, error=f"读取时出错：{type(exc).__name__}: {exc}", read_seconds=time.perf_counter() - start)
    _store(index, report)
    seconds = time.perf_counter() - start
    kind = document_kind(report)
    # what the choice among duplicates needs: is it a report, and has it reading errors
    errors = len(gate(checker, report, READING).reading_errors) if kind == REPORT else None
    return Identity(index, path, report.body.name, report.year, read_seconds=seconds, kind=kind, errors=errors)


def scan_lost(item: tuple[int, str], why: str) -> Identity:
    return Identity(item[0], item[1], error=why)


def check_job(job: Job) -> list[ReportResult]:
    """Check every task of a job; one result per task."""
    checker = _worker["checker"]
    in_memory = _worker["reports"] is not None
    trace = _worker.get("trace")
    reports = {m.index: _load(m) for m in job.members}
    out = []
    for t, task in enumerate(job.tasks):
        ident = job.members[task.target]
        report = with_facts(reports[ident.index], job.facts)
        history = None if task.history is None else [reports[job.members[i].index] for i in task.history]
        coverage = None
        if task.covers is not None:
            from ..plugins.rule_api import Coverage

            c = task.covers
            coverage = Coverage(c.bodies, tuple(reports[job.members[i].index] for i in c.reports), c.summary, c.tables, c.found)
        skip = {code: (kind, why) for n, code, kind, why in job.skip if n == t}
        on_rule = None if trace is None else (lambda code, t=t: trace.mark(f"{t}\t{code}"))
        start = time.perf_counter()
        try:
            findings = checker.check(report, history, coverage, skip=skip, on_rule=on_rule)
            error = ""
        except Exception as exc:  # noqa: BLE001 - the engine isolates rules; this is a last guard
            findings, error = [], f"检查时出错：{type(exc).__name__}: {exc}"
        if trace is not None:
            trace.mark("")
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
                kind=ident.kind,
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


# --- what a process is doing, for its parent ----------------------------------------------------

TRACE_BYTES = 128


class Trace:
    """One slot of shared memory per process in which it says what it is doing
    (``pid, step, task and rule``) before each rule, so that its parent can name the rule when
    the process dies and kill a process whose step has not changed for too long."""

    def __init__(self, array, slot: int = 0) -> None:
        self.array, self.start, self.step = array, slot * TRACE_BYTES, 0

    @classmethod
    def shared(cls, ctx, slots: int = 1):
        return ctx.RawArray("c", TRACE_BYTES * slots)

    def mark(self, doing: str) -> None:
        import os

        self.step += 1
        data = f"{os.getpid()}\t{self.step}\t{doing}".encode("utf-8")[:TRACE_BYTES]
        self.array[self.start : self.start + TRACE_BYTES] = data.ljust(TRACE_BYTES, b"\0")

    def read(self) -> tuple[int, str, str]:
        """``(pid, step, doing)``; pid 0 before the process said anything."""
        raw = bytes(self.array[self.start : self.start + TRACE_BYTES]).rstrip(b"\0").decode("utf-8", "replace")
        pid, _, rest = raw.partition("\t")
        step, _, doing = rest.partition("\t")
        return (int(pid) if pid.isdigit() else 0), step, doing


class Watch:
    """The parent's side of the traces: kills a process whose trace has shown the same rule
    for longer than ``seconds``; ``killed`` holds the pids it killed."""

    def __init__(self, traces: list[Trace], seconds: float | None) -> None:
        self.traces, self.seconds = traces, seconds
        self.seen: dict[int, tuple[tuple, float]] = {}
        self.killed: set[int] = set()

    def __call__(self) -> None:
        import os
        import signal

        if not self.seconds:
            return
        now = time.monotonic()
        for n, trace in enumerate(self.traces):
            state = trace.read()
            if self.seen.get(n, (None,))[0] != state:
                self.seen[n] = (state, now)
            elif state[0] and state[2] and now - self.seen[n][1] > self.seconds and state[0] not in self.killed:
                try:
                    os.kill(state[0], signal.SIGKILL)
                    self.killed.add(state[0])
                except OSError:
                    pass


# --- one item in a child process ---------------------------------------------------------------


@dataclass(frozen=True)
class Death:
    """How a child process ended without an answer: its exit code (negative: the signal that
    ended it), whether the parent killed it for running too long, and what it was doing."""

    exitcode: int | None
    killed: bool
    doing: str

    def describe(self) -> str:
        import signal

        if self.killed:
            return "运行超时，被强制结束"
        if self.exitcode is not None and self.exitcode < 0:
            try:
                name = signal.Signals(-self.exitcode).name
            except ValueError:
                name = f"信号 {-self.exitcode}"
            return f"被 {name} 终止" + ("（可能是内存耗尽）" if name == "SIGKILL" else "")
        return f"以退出码 {self.exitcode} 意外结束"


def _context():
    import multiprocessing

    return multiprocessing.get_context("fork" if forks() else "spawn")


def forks() -> bool:
    """Child processes are forked (and inherit this process's loaded plugins) on Linux."""
    return sys.platform.startswith("linux")


def _child(conn, traces, fn: Callable, item: Any, setup: tuple) -> None:
    """The body of a child process: take the checker (inherited, or made again from the
    config), apply the limits, run ``fn(item)``, send back ``("ok", result)`` or ``("error", text)``."""
    import os

    # fresh standard streams: a thread of the parent may have held their locks at the fork
    for name, fd in (("stdout", 1), ("stderr", 2)):
        try:
            setattr(sys, name, open(os.dup(fd), "w", encoding="utf-8", errors="replace", closefd=True))
        except OSError:  # no such descriptor (a service without a terminal): keep what there is
            pass
    try:
        if setup[0] == "plain":  # only the limits (reading a file)
            from ..model.limits import limit_memory

            limit_memory(setup[1].memory_bytes)
        elif setup[0] == "inherit":
            from ..model.limits import limit_memory

            _, checker, reports, limits = setup
            limit_memory(limits.memory_bytes)
            checker.rule_timeout = limits.rule_timeout
            _worker.clear()
            _worker.update(checker=checker, scratch=None, reports=reports)
        else:
            _init_worker(*setup[1])
        _worker["trace"] = Trace(traces)
        answer = ("ok", fn(item))
    except BaseException as exc:  # noqa: BLE001 - whatever happens here is the parent's to report
        answer = ("error", f"{type(exc).__name__}: {exc}")
    try:
        conn.send(answer)
    except BaseException as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()
        sys.stdout.flush()
        sys.stderr.flush()


def run_in_child(fn: Callable, item: Any, setup: tuple, watchdog: float | None) -> tuple[str, Any]:
    """``fn(item)`` in a child process: ``("ok", result)``, ``("error", text)`` for an exception
    outside the rules' own guard, or ``("died", Death)``.  The parent kills a child whose
    trace has not changed for ``watchdog`` seconds (a rule stuck past its time limit)."""
    from multiprocessing.connection import wait

    ctx = _context()
    traces = Trace.shared(ctx)
    trace = Trace(traces)
    watch = Watch([trace], watchdog)
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(sender, traces, fn, item, setup), daemon=True)
    proc.start()
    sender.close()
    try:
        while True:
            ready = wait([receiver, proc.sentinel], timeout=0.25)
            if receiver in ready or (ready and receiver.poll()):
                try:
                    answer = receiver.recv()
                except (EOFError, OSError):
                    break
                proc.join()
                return answer
            if ready:  # the process ended without an answer
                break
            watch()
    except BaseException:
        proc.kill()
        raise
    finally:
        receiver.close()
    proc.join()
    return "died", Death(proc.exitcode, bool(watch.killed), trace.read()[2])


def retry_without_rule(job: Job, death: Death) -> Job | None:
    """The job again, without the rule its process was running when it died (from the trace),
    or None when the death cannot be put on one rule (or too many rules were skipped)."""
    task, _, code = death.doing.partition("\t")
    if not code or not task.isdigit() or len(job.skip) >= MAX_RULES_SKIPPED:
        return None
    if any(n == int(task) and c == code for n, c, _, _ in job.skip):
        return None
    kind = "timeout" if death.killed else "died"
    return replace(job, skip=job.skip + ((int(task), code, kind, death.describe()),))


class Isolated:
    """Runs each item in a child process of its own, one after another.  ``setup`` says how
    the child gets its checker: ``("inherit", checker, reports, limits)`` takes this process's
    (a single check: the plugins are loaded and the report read already), ``("init",
    initargs)`` makes one as a pool worker does."""

    def __init__(self, setup: tuple, watchdog: float | None) -> None:
        self.setup, self.watchdog = setup, watchdog

    @classmethod
    def inherit(cls, checker, reports: dict[int, object], limits: Limits) -> "Isolated":
        return cls(("inherit", checker, dict(reports), limits), limits.watchdog)

    def __enter__(self) -> "Isolated":
        return self

    def __exit__(self, *exc: Any) -> None:
        pass

    def map(self, fn: Callable, items: Iterable, on_lost: Callable[[Any, str], Any], recover: Callable | None = None) -> Iterator[Any]:
        for item in items:
            yield self.run(fn, item, on_lost, recover)

    def run(self, fn: Callable, item: Any, on_lost: Callable[[Any, str], Any], recover: Callable | None = None) -> Any:
        """``fn(item)`` in a child; when the child dies, ``recover(item, death)`` may give an
        item to try instead (the job without the rule that killed it), else ``on_lost``
        makes the result from why it died."""
        while True:
            status, value = run_in_child(fn, item, self.setup, self.watchdog)
            if status == "ok":
                return value
            if status == "error":
                return on_lost(item, f"检查时出错：{value}")
            again = recover(item, value) if recover is not None else None
            if again is None:
                return on_lost(item, f"处理这份报告的进程{value.describe()}（可能是插件崩溃或耗尽内存）")
            item = again


def _read_item(item: tuple[str, Any]) -> tuple[str, Any]:
    from ..readers import read_report

    path, readers = item
    _worker["trace"].mark("read")
    try:
        return "ok", read_report(Path(path), readers)
    except UserError as exc:
        return "refused", (exc.message, list(exc.details))


def read_isolated(path: Path, readers, limits: Limits) -> Any:
    """``read_report(path, readers)`` in a child process under ``limits`` (its address-space
    cap; the reader's own time limit, and a watchdog past it): for a long-lived caller such as
    the web server, which a hostile file must not slow down, fill up or stop.  A file the
    reader refuses raises the same :class:`UserError`; a child that dies is one too."""
    from ..model.limits import READ_TIMEOUT

    status, value = run_in_child(_read_item, (str(path), readers), ("plain", limits), READ_TIMEOUT + 5.0)
    if status == "ok":
        kind, answer = value
        if kind == "ok":
            return answer
        message, details = answer
        raise UserError(message, details)
    if status == "error":
        raise UserError(f"读取 {path} 时出错：{value}")
    cap = f"，内存上限 {limits.memory_mb} MB" if limits.memory_mb else ""
    raise UserError(f"读取 {path} 的进程{value.describe()}（读取时限 {READ_TIMEOUT:g} 秒{cap}），文件可能过于复杂或已损坏")


def check_isolated(checker, report, history: list | None, limits: Limits) -> ReportResult:
    """One report checked as ``check`` checks it: the rules in a child process under
    ``limits`` (for commands that need only the findings, such as ``build``)."""
    from .inputs import single_job

    job, reports = single_job(report, history, [])
    with Isolated.inherit(checker, reports, limits) as runner:
        (result,) = runner.run(check_job, job, check_lost, retry_without_rule)
    return result


class Pool:
    """A process pool fed through a bounded window; results are yielded in submission order.
    If a worker dies, the pool is rebuilt and the unfinished tasks are retried one at a time
    in a child of their own (:class:`Isolated`), so only the task that kills a process again
    is lost (``on_lost`` makes its result) — or, with ``recover``, only the rule that did."""

    def __init__(self, jobs: int, initargs: tuple, window: int | None = None, watchdog: float | None = None) -> None:
        self.jobs = max(1, jobs)
        self.initargs = initargs
        self.window = window or self.jobs * 4
        self.watchdog = watchdog
        self._pool: ProcessPoolExecutor | None = None
        self._watch = Watch([], None)

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc: Any) -> None:
        self._shutdown()

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            ctx = _context()
            traces = Trace.shared(ctx, self.jobs)
            self._watch = Watch([Trace(traces, n) for n in range(self.jobs)], self.watchdog)
            initargs = (traces, ctx.RawValue("i", 0), ctx.Lock(), *self.initargs)
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=ctx, initializer=_init_pool_worker, initargs=initargs)
        return self._pool

    def _result(self, future: Future) -> Any:
        """The future's result; meanwhile the watch kills a worker stuck in one rule (its
        job is then retried alone, and the rule named)."""
        if not self.watchdog:
            return future.result()
        from concurrent.futures import TimeoutError as FutureTimeout

        while True:
            try:
                return future.result(timeout=0.25)
            except FutureTimeout:
                self._watch()

    def _shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map(self, fn: Callable, items: Iterable, on_lost: Callable[[Any, str], Any], recover: Callable | None = None) -> Iterator[Any]:
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
                result = self._result(future)
            except BrokenProcessPool:
                self._pool = None  # the broken pool cannot be reused
                retry = [item] + [i for i, _ in pending]
                pending = []
                alone = Isolated(("init", self.initargs), self.watchdog)
                for again in retry:
                    yield alone.run(fn, again, on_lost, recover)
                continue
            yield result


def read_reports(
    files: list[Path],
    *,
    config: Config,
    plugin_dirs: list[Path] | tuple[Path, ...] = (),
    jobs: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    checker=None,
) -> Iterator[tuple[Identity, Any]]:
    """The scan alone, for commands that need the models rather than findings (the site):
    every file read by :func:`scan` in the pool, yielded in file order as ``(identity,
    report)``, ``report`` None when the file could not be read (``identity.error`` says why).
    Forked workers inherit ``checker`` (its plugins loaded once, by the caller's session)."""
    import os
    import tempfile

    jobs = jobs or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="annual-report-read-") as scratch:
        initargs = (config, list(plugin_dirs), None, config.limits.memory_mb, scratch, checker if forks() else None)
        with Pool(jobs, initargs) as pool:
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
