"""Checking a whole folder of reports: many bodies, many years, in a process pool.

Two passes over the files, both streamed through a pool of worker processes:

1. **scan** — each file is read once into the model; the worker keeps the model in a
   scratch folder (pickled) and returns only who and which year it is;
2. **check** — files are grouped by body (title/content, or the mapping file), each body's
   reports are ordered by year, and each report is checked against its own earlier years.

Results come back in a deterministic order (by body, year, file), whatever order the workers
finish in, and go straight to the sinks (text, XLSX, HTML, per-report JSON): the parent keeps
one small identity record per file, never the reports or their findings.  A file that cannot
be read is a row with its error; a worker that dies (a plugin that crashed the interpreter or
ran out of memory) costs only the reports it was holding, which are retried one by one.
"""

from __future__ import annotations

import fnmatch
import os
import pickle
import re
import sys
import tempfile
import time
import unicodedata
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..model.errors import UserError
from ..model.findings import Finding, Severity, count_by_severity
from ..workspace.config import Config
from .coverage import CoverageMap

# .doc/.wps/.pdf are not readable, but an office that sent one must see it in the summary with
# what to do about it, not have it silently skipped
INPUT_SUFFIXES = (".docx", ".json", ".doc", ".wps", ".pdf")
DEFAULT_RULE_TIMEOUT = 10.0
DEFAULT_WORKER_MEMORY_MB = 2048


# --- what flows back to the parent -------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """Who wrote a file and for which year (what the scan pass returns)."""

    index: int
    path: str
    body: str = ""
    year: int | None = None
    error: str = ""  # why the file could not be read ("" when it was)
    read_seconds: float = 0.0


@dataclass
class ReportResult:
    """One report's outcome: its findings, or the error that kept it from being checked."""

    path: str
    body: str
    year: int | None
    findings: list[Finding] = field(default_factory=list)
    error: str = ""
    history_years: tuple[int, ...] = ()
    read_seconds: float = 0.0
    check_seconds: float = 0.0

    @property
    def counts(self) -> dict[str, int]:
        counts = count_by_severity(self.findings)
        if self.error:
            counts["error"] += 1
        return counts

    def worst(self, n: int = 3) -> list[Finding]:
        return sorted(self.findings, key=lambda f: (f.severity.rank, f.sort_key()))[:n]


@dataclass
class BatchSummary:
    reports: int = 0
    unreadable: int = 0
    bodies: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in Severity})
    seconds: float = 0.0
    setup_findings: list[Finding] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return self.counts["error"] > 0 or self.unreadable > 0 or any(
            f.severity is Severity.ERROR for f in self.setup_findings
        )


# --- finding the files and the bodies ----------------------------------------------------


def discover(paths: Sequence[Path], recursive: bool) -> list[Path]:
    """The report files named or found in folders, sorted, without Word's lock files."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            pattern = "**/*" if recursive else "*"
            for p in path.glob(pattern):
                if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES and not _skipped(p, path):
                    found.append(p)
        elif path.exists():
            found.append(path)
        else:
            raise UserError(f"找不到 {path}")
    return sorted(set(found), key=lambda p: str(p))


def _skipped(path: Path, root: Path) -> bool:
    rel = path.relative_to(root).parts
    return any(part.startswith((".", "~$")) for part in rel)


_BODY_NOISE = re.compile(r"[\s　]+")


def normalise_body(name: str) -> str:
    """A body's name for grouping: NFKC, no spaces."""
    return _BODY_NOISE.sub("", unicodedata.normalize("NFKC", name or ""))


@dataclass
class BodyMapping:
    """The override file: which body a file belongs to, and aliases of body names.

    TOML::

        [aliases]            # name as written in a report = the body's canonical name
        "桃岭乡政府" = "桃岭乡人民政府"

        [files]              # glob on the path (relative to the batch folder) = body
        "桃岭乡/*.docx" = "桃岭乡人民政府"

    and the roll-up tables [covers], [published], [levels] (:mod:`annual_report.check.coverage`).
    """

    aliases: dict[str, str] = field(default_factory=dict)
    files: list[tuple[str, str]] = field(default_factory=list)
    coverage: CoverageMap = field(default_factory=lambda: CoverageMap())  # [covers], [published], [levels]

    @classmethod
    def load(cls, path: Path | None) -> "BodyMapping":
        if path is None:
            return cls()
        from ..workspace.config import tomllib
        from .coverage import parse_coverage

        try:
            text = Path(path).read_text(encoding="utf-8-sig")
            raw = tomllib.loads(text)
        except FileNotFoundError:
            raise UserError(f"找不到机关对照文件 {path}") from None
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise UserError(f"机关对照文件 {path} 格式有误：{exc}") from None
        aliases = {normalise_body(k): str(v) for k, v in (raw.get("aliases") or {}).items()}
        files = [(str(k), str(v)) for k, v in (raw.get("files") or {}).items()]
        coverage = parse_coverage(raw, text, Path(path), lambda name: aliases.get(normalise_body(name), name.strip()))
        return cls(aliases, files, coverage)

    def body_for(self, path: str, written: str, roots: Sequence[Path]) -> str:
        for root in roots:
            try:
                rel = Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
            except ValueError:
                continue
            for pattern, body in self.files:
                if fnmatch.fnmatch(rel, pattern):
                    return body
        for pattern, body in self.files:
            if fnmatch.fnmatch(Path(path).as_posix(), pattern):
                return body
        return self.aliases.get(normalise_body(written), written)


# --- the workers ---------------------------------------------------------------------------

_worker: dict[str, Any] = {}


def _init_worker(config: Config, plugin_dirs: list[Path], rule_timeout: float | None, memory_mb: int | None, scratch: str) -> None:
    from .engine import make_checker
    from .limits import limit_memory

    limit_memory((memory_mb or 0) * 1024 * 1024)
    checker = make_checker(config, plugin_dirs)
    checker.rule_timeout = rule_timeout
    _worker.update(checker=checker, scratch=Path(scratch))


def _scratch_file(index: int) -> Path:
    return _worker["scratch"] / f"{index}.pickle"


def _scan(index: int, path: str) -> Identity:
    from ..readers import read_report

    start = time.perf_counter()
    try:
        report = read_report(Path(path), _worker["checker"].plugins.readers)
    except UserError as exc:
        return Identity(index, path, error=str(exc), read_seconds=time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - a broken file is a row, never the end of the batch
        return Identity(index, path, error=f"读取时出错：{type(exc).__name__}: {exc}", read_seconds=time.perf_counter() - start)
    with open(_scratch_file(index), "wb") as fh:
        pickle.dump(report, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return Identity(index, path, report.body.name, report.year, read_seconds=time.perf_counter() - start)


@dataclass(frozen=True)
class _Job:
    """Check ``members[i]`` for i in ``targets``; the other members are history."""

    body: str
    members: tuple[Identity, ...]
    targets: tuple[int, ...]
    history_years: int


def _load(identity: Identity):
    with open(_scratch_file(identity.index), "rb") as fh:
        return pickle.load(fh)


def _check_job(job: _Job) -> list[ReportResult]:
    checker = _worker["checker"]
    reports = {m.index: _load(m) for m in job.members}
    out = []
    for i in job.targets:
        ident = job.members[i]
        report = reports[ident.index]
        history = [
            reports[m.index]
            for m in job.members
            if m.year is not None
            and ident.year is not None
            and ident.year - job.history_years <= m.year < ident.year
        ]
        start = time.perf_counter()
        try:
            findings = checker.check(report, history)
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
                tuple(sorted(h.year for h in history)),
                ident.read_seconds,
                time.perf_counter() - start,
            )
        )
    return out


# --- the pool, streamed in order -------------------------------------------------------------


class _Pool:
    """A process pool fed through a bounded window; results are yielded in submission order.
    If a worker dies, the pool is rebuilt and the unfinished tasks are retried one at a time,
    so only the task that kills a worker again is lost (``on_lost`` makes its result)."""

    def __init__(self, jobs: int, initargs: tuple, window: int | None = None) -> None:
        self.jobs = max(1, jobs)
        self.initargs = initargs
        self.window = window or self.jobs * 4
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "_Pool":
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


# --- the batch itself ------------------------------------------------------------------------


class Sink:
    """Receives results in order.  ``close`` is called once, also after an interruption
    (``complete`` False), and must then leave no half-written file behind."""

    def start(self, total: int) -> None: ...

    def add(self, result: ReportResult) -> None: ...

    def close(self, summary: BatchSummary, complete: bool) -> None: ...


def _scan_lost(item: tuple[int, str], why: str) -> Identity:
    return Identity(item[0], item[1], error=why)


def _check_lost(job: _Job, why: str) -> list[ReportResult]:
    return [ReportResult(job.members[i].path, job.body, job.members[i].year, error=why) for i in job.targets]


def plan_jobs(identities: list[Identity], mapping: BodyMapping, roots: Sequence[Path], history_years: int) -> list[_Job]:
    """Group readable files by body and order each body's years; deterministic."""
    groups: dict[str, list[Identity]] = {}
    for ident in identities:
        if ident.error:
            continue
        body = mapping.body_for(ident.path, ident.body, roots) or f"（未识别机关）{Path(ident.path).parent}"
        groups.setdefault(body, []).append(ident)
    jobs = []
    for body in sorted(groups, key=normalise_body):
        members = tuple(sorted(groups[body], key=lambda m: (m.year or 0, m.path)))
        jobs.append(_Job(body, members, tuple(range(len(members))), history_years))
    return jobs


def run_batch(
    paths: Sequence[Path],
    *,
    config: Config,
    sinks: Sequence[Sink] = (),
    recursive: bool = False,
    jobs: int | None = None,
    plugin_dirs: Sequence[Path] = (),
    mapping: BodyMapping | None = None,
    rule_timeout: float | None = None,
    worker_memory_mb: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> BatchSummary:
    """Check every report under ``paths``, each against its own body's earlier years."""
    start = time.perf_counter()
    files = discover(paths, recursive)
    if not files:
        raise UserError("没有找到要检查的报告（.docx 或 .json）" + ("" if recursive else "；检查子文件夹请加 --recursive"))
    mapping = mapping or BodyMapping()
    check_cfg = config.section("check")
    if rule_timeout is None:
        rule_timeout = float(check_cfg.get("rule_timeout", DEFAULT_RULE_TIMEOUT))
    if worker_memory_mb is None:
        worker_memory_mb = int(check_cfg.get("worker_memory_mb", DEFAULT_WORKER_MEMORY_MB))
    jobs = jobs or os.cpu_count() or 1
    roots = [Path(p) for p in paths if Path(p).is_dir()]

    from .engine import make_checker

    setup = make_checker(config, plugin_dirs).setup_findings()
    summary = BatchSummary(setup_findings=setup)
    for sink in sinks:
        sink.start(len(files))
    complete = False
    try:
        with tempfile.TemporaryDirectory(prefix="annual-report-batch-") as scratch:
            initargs = (config, list(plugin_dirs), rule_timeout, worker_memory_mb, scratch)
            with _Pool(jobs, initargs) as pool:
                identities: list[Identity] = []
                items = [(i, str(p)) for i, p in enumerate(files)]
                for n, ident in enumerate(pool.map(_scan_star, items, _scan_lost), start=1):
                    identities.append(ident)
                    if progress:
                        progress("读取", n, len(files))
                unreadable = [i for i in identities if i.error]
                plan = plan_jobs(identities, mapping, roots, config.history_years)
                summary.bodies = len(plan)
                results = _ordered_results(pool, plan, unreadable)
                for n, result in enumerate(results, start=1):
                    summary.reports += 1
                    if result.error and not result.findings:
                        summary.unreadable += 1
                    for key, value in count_by_severity(result.findings).items():
                        summary.counts[key] += value
                    for sink in sinks:
                        sink.add(result)
                    if progress:
                        progress("检查", n, len(files))
        complete = True
    finally:
        summary.seconds = time.perf_counter() - start
        for sink in sinks:
            sink.close(summary, complete)
    return summary


def _scan_star(item: tuple[int, str]) -> Identity:
    return _scan(*item)


def _ordered_results(pool: _Pool, plan: list[_Job], unreadable: list[Identity]) -> Iterator[ReportResult]:
    """Checked reports body by body, then the unreadable files, in a stable order."""
    for results in pool.map(_check_job, plan, _check_lost):
        yield from results
    for ident in sorted(unreadable, key=lambda i: i.path):
        yield ReportResult(ident.path, "（无法读取）", None, error=ident.error, read_seconds=ident.read_seconds)
