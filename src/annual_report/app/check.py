"""What ``annual-report check`` does, in one flow for one report or many::

    inputs ─▶ resolve ─▶ jobs ─▶ runner ─▶ sinks
    (years,    (read,     (report +  (a child       (text, json, sarif,
     files,     history)   history)   or a pool)     per-report, xlsx, html, annotate)
     folders)

One input (a workspace year, a .json data file or a .docx draft) is read here, strictly (a file
that cannot be read is a usage error, exit 2), with its history (``--history`` files, or the
workspace's earlier years), and checked in a child process that inherits it (the rules
under the limits of a batch worker, see :mod:`annual_report.check.runner`).  Several inputs or a folder are read
by a pool of workers, grouped by body, and each report is checked against its own body's
earlier years (a file that cannot be read is a row with its error).  Either way the results go
through the same runner functions into the same sinks.

``check(options, stream)`` is the entry point (the CLI calls it); ``run_batch`` checks folders
for code that brings its own sinks.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator, Sequence, TextIO

from ..model.errors import UserError
from ..model.findings import Finding
from ..model.report import parse_year, year_label
from ..model.results import BatchSummary, ReportResult
from ..text.document_kind import REPORT, document_kind
from ..output.sinks import Sink
from ..files.config import Config
from ..check.inputs import NOT_A_REPORT, BodyMapping, Identity, Job, discover, find_duplicates, input_suffixes, is_skipped, plan_jobs, single_job
from ..model.limits import Limits
from ..check.runner import Isolated, Pool, check_job, check_lost, retry_without_rule, scan, scan_lost
from .session import Session, available_years, open_session, refuse_not_earlier, refuse_not_report

FORMATS = ("text", "json", "sarif")


@dataclass
class CheckOptions:
    inputs: list[str]
    history: list[Path] = field(default_factory=list)
    workspace: Path | None = None
    format: str = "text"
    output: Path | None = None
    annotate: Path | None = None
    plugin_dirs: list[Path] = field(default_factory=list)
    colour: bool | None = None
    recursive: bool = False
    jobs: int | None = None
    summary: Path | None = None
    html: Path | None = None
    mapping: Path | None = None
    reports_dir: Path | None = None
    progress: bool | None = None
    force: bool = False  # replace existing files that this tool did not write
    baseline: Path | None = None  # report only findings not in this baseline file
    write_baseline: Path | None = None  # record this run's findings in a baseline file
    level: str = ""  # --level: the body level for level-dependent rules
    read_in_child: bool = False  # read the files in a child process under the limits (a long-lived caller: serve)
    ledger: list[Path] = field(default_factory=list)  # --ledger: registers to compare tables B and C with
    strict: bool = False  # with a baseline: known (not dismissed) errors count for the exit code too
    prefer: list[str] = field(default_factory=list)  # --prefer: of files claiming one body and year, use these


def check(
    options: CheckOptions,
    stream: TextIO | None = None,
    *,
    sinks: Sequence[Sink] = (),
    progress: Callable[[str, int, int], None] | None = None,
) -> int:
    """Check the inputs of ``options``, write every requested output; the exit code (0 no
    error, 1 an error-level finding or an unreadable file).  Unusable input raises UserError.

    ``sinks`` receive the results too, after the outputs ``options`` asks for (the web page
    keeps them this way); ``progress(stage, done, total)`` is told how far a batch has got."""
    stream = stream or sys.stdout
    if options.format not in FORMATS:
        raise UserError(f"--format 应为 {'、'.join(FORMATS)} 之一，实际为 {options.format}")
    session = open_session(options.workspace, options.plugin_dirs, level=options.level)
    config = session.config
    inputs = list(options.inputs) or [_latest_year(config)]
    many = len(inputs) > 1 or any(Path(t).is_dir() for t in inputs) or bool(options.summary or options.html)
    if many and options.history:
        raise UserError("批量检查时按机关自动配对往年报告，不能再用 --history")
    if many and options.ledger:
        raise UserError("--ledger 只能用于检查单个报告（台账是一个机关的）")
    if many and options.annotate:
        raise UserError("--annotate 只能用于检查单个 .docx 报告")
    if options.strict and options.baseline is None:
        raise UserError("--strict 只能与 --baseline 同用：让基线中已记录（未忽略）的错误也计入退出码")
    _guard_outputs(options, inputs, config)
    from ..check.baseline import Baseline, prepare_write

    # an unusable baseline stops the run before anything is read or written
    baseline = Baseline.load(options.baseline) if options.baseline is not None else None
    previous = prepare_write(options.write_baseline) if options.write_baseline is not None else None
    checker = session.checker
    setup = checker.setup_findings()
    extra = list(sinks)
    if many:
        show = options.progress if options.progress is not None else sys.stderr.isatty()
        mapping = BodyMapping.load(options.mapping) if options.mapping else None
        from ..output.progress import above_bar, progress_bar

        bar, update = progress_bar(show and progress is None, colour=options.colour is not False)
        # the reports' text is printed above the bar, never into its line
        sinks = _sinks(options, True, checker, setup, above_bar(bar, stream), previous) + extra
        run = lambda: run_batch(  # noqa: E731
            [Path(t) for t in inputs], config=config, sinks=sinks, recursive=options.recursive, jobs=options.jobs,
            plugin_dirs=options.plugin_dirs, mapping=mapping, progress=progress or update, checker=checker, baseline=baseline,
            strict=options.strict, prefer=options.prefer,
        )
        if bar is not None:
            with bar:
                summary = run()
        else:
            summary = run()
        for path, label in ((options.summary, "汇总表"), (options.html, "汇总网页")):
            if path:
                print(f"已写出{label}：{path}", file=sys.stderr)
        if summary.reports and summary.unreadable == summary.reports:
            names = "、".join(summary.unreadable_files) + (" 等" if summary.unreadable > len(summary.unreadable_files) else "")
            print(f"错误：{summary.reports} 份文件（{names}）都无法读取，没有检查任何报告（原因见上）", file=sys.stderr)
            return 2  # unusable input, as for a single file
        return _exit_code(summary, options)
    job, reports = resolve_one(inputs[0], options, session)
    if baseline is not None:
        baseline.require_covers([(job.body, job.members[0].year)])
    sinks = _sinks(options, False, checker, setup, stream, previous) + extra
    with Isolated.inherit(checker, reports, config.limits) as runner:  # the rules under a batch's limits
        summary = execute(runner, lambda: ([job], []), sinks, setup, total=1, progress=progress, baseline=baseline, strict=options.strict)
    if options.output is not None:
        from ..output.sinks import confirm_output
        from ..output.text import counts_line

        confirm_output(options.output, counts_line(summary.counts, setup))
    return _exit_code(summary, options)


def _exit_code(summary: BatchSummary, options: CheckOptions) -> int:
    """1 for a new error (or, with ``--strict``, a known one not dismissed), else 0."""
    return 1 if summary.has_errors or (options.strict and summary.known_errors) else 0


def _guard_outputs(options: CheckOptions, inputs: list[str], config: Config) -> None:
    """Every output checked against every input (the files in folders and the workspace's data
    too) before anything is read: see :func:`~annual_report.files.writing.guard_outputs`."""
    from ..files.writing import guard_outputs

    checked: list[Path] = []
    for token in inputs:
        path = Path(token)
        if path.is_dir():
            checked += discover([path], options.recursive)
        elif path.exists():
            checked.append(path)
        elif parse_year(token) is not None and config.root is not None:
            checked.append(config.data_file(parse_year(token)))
    files = list(options.history) + checked
    if config.data_dir is not None and config.data_dir.is_dir():
        files += sorted(config.data_dir.glob("*.json"))
    outputs = {"--output": options.output, "--annotate": options.annotate, "--summary": options.summary, "--html": options.html}
    if options.reports_dir is not None:
        outputs.update(_report_files(options, checked))
    guard_outputs(outputs, files, force=options.force)


def _report_files(options: CheckOptions, files: list[Path]) -> dict[str, Path]:
    """Every file ``--reports-dir`` may write (one per report, named after it; ``-2``, ``-3`` …
    for reports of the same name), keyed for :func:`guard_outputs`'s messages."""
    from collections import Counter

    from ..output.sinks import PerReportSink

    folder = Path(options.reports_dir)
    if folder.exists() and not folder.is_dir():
        raise UserError(f"--reports-dir {folder} 是一个文件，请给出文件夹")
    suffix = PerReportSink.suffix_for(options.format)
    stems = Counter(Path(f).stem for f in files)
    out: dict[str, Path] = {}
    for stem, count in stems.items():
        for name in [stem] + [f"{stem}-{n}" for n in range(2, count + 1)]:
            out[f"--reports-dir 中的 {name}{suffix}"] = folder / f"{name}{suffix}"
    return out


# --- inputs ------------------------------------------------------------------------------------


def _latest_year(config: Config) -> str:
    if config.root is None:
        raise UserError("请给出要检查的报告（年度、.json 或 .docx 文件、文件夹）")
    years = available_years(config)
    if not years:
        raise UserError(f"工作区 {config.root} 的 data/ 中没有年度数据")
    return str(years[-1])


def _read(target, options: CheckOptions, session: Session):
    """One report read, in a child process under the limits when the caller is long-lived
    (the web page), else by the session; completed from the workspace either way."""
    if options.read_in_child:
        from ..check.runner import read_isolated

        path = session.resolve(target)
        return session.complete(read_isolated(path, session.readers, session.config.limits))
    return session.read(target)


def _history(report, options: CheckOptions, session: Session, notes: list[str]) -> list | None:
    """The history of ``report``: the ``--history`` files or workspace years (each before the
    report's year), else (inside a workspace, for a report of the workspace's body) the
    workspace's years before the report's, up to ``check.history_years``; None (with a note
    saying why) when there is none to compare with."""
    config = session.config
    if options.history:
        return [
            refuse_not_earlier(report, refuse_not_report(_read(_history_file(Path(p), session), options, session), "--history "), p)
            for p in options.history
        ]
    if config.root is None:
        notes.append("未提供往年报告（--history），跨年度检查未进行")
        return None
    if not config.history_years:
        notes.append("配置 check.history_years = 0，跨年度检查未进行")
        return None
    if report.year is None:
        notes.append("报告的年度不明，无法从工作区选取往年数据，跨年度检查未进行；可用 --history 指定往年报告")
        return None
    other = session.other_body(report)
    if other:
        notes.append(other)
        return None
    history = session.history(report)
    if not history:
        notes.append(f"工作区中没有 {report.year} 年以前的数据，跨年度检查只能说明缺少哪一年")
    return history


def _workspace_years(config, files: Sequence[Path]) -> list[Path]:
    """Inside a workspace, its yearly data files not among ``files``: a batch reads them as the
    workspace body's earlier years (as a file checked alone gets them), never checks them."""
    if config.root is None:
        return []
    given = {Path(f).resolve() for f in files}
    return [p for p in map(config.data_file, available_years(config)) if p.resolve() not in given]


def _history_file(token: Path, session: Session) -> Path:
    """A ``--history`` value: a file, or a year of the workspace (its data/<year>.json)."""
    year = parse_year(str(token))
    if token.exists() or year is None:
        return token
    if session.root is None:
        raise UserError(f"--history {token} 看起来是年度，但当前不在工作区中；请在工作区内运行，或给出往年报告的文件路径")
    return session.year_file(year, f"--history {token}：")


def resolve_one(token: str, options: CheckOptions, session: Session) -> tuple[Job, dict[int, object]]:
    """The job of one input: its report and its history (None: none supplied), read here."""
    notes: list[str] = []
    report = _read(token, options, session)
    if options.annotate is not None and report.source.kind != "docx":
        raise UserError("--annotate 只能用于 .docx 报告（在原稿副本上写批注）")
    if document_kind(report) != REPORT:  # a 解读 or a memo: AR024 alone, as in a batch
        return single_job(report, None, [])
    from .ledger import with_ledger

    report = with_ledger(report, session.config, options.ledger, notes)  # --ledger, or the workspace's ledger/ folder
    history = _history(report, options, session, notes)
    from ..model.levels import body_level

    level = body_level(report, session.config)
    if level.source == "name":
        notes.append(f"机关层级按名称“{level.basis}”推断为“{level.level}”，如不对请用 --level 指定")
    return single_job(report, history, notes)


# --- outputs -----------------------------------------------------------------------------------


def _sinks(options: CheckOptions, many: bool, checker, setup: list[Finding], stream: TextIO, previous=None) -> list[Sink]:
    from ..output.sinks import AnnotateSink, BaselineSink, JsonSink, PerReportSink, SarifSink, TextSink

    sinks: list[Sink] = []
    if options.write_baseline is not None:
        sinks.append(BaselineSink(options.write_baseline, previous))
    if options.annotate is not None:
        sinks.append(AnnotateSink(options.annotate, setup))  # first: it adds a note the text shows
    if options.format == "text":
        from ..output.text import use_colour

        colour = False if options.output is not None else use_colour(stream, options.colour)  # no escape codes in a file
        sinks.append(TextSink(stream, colour, many=many, output=options.output))
    elif options.format == "json":
        sinks.append(JsonSink(options.output, stream, many=many))
    else:
        sinks.append(SarifSink(options.output, stream, checker.rules))
    if options.summary:
        from ..output.summary import XlsxSummary

        sinks.append(XlsxSummary(options.summary))
    if options.html:
        from ..output.summary import HtmlSummary

        sinks.append(HtmlSummary(options.html))
    if options.reports_dir:
        sinks.append(PerReportSink(options.reports_dir, "sarif" if options.format == "sarif" else "json", checker.rules))  # guarded: _report_files
    return sinks


# --- running -----------------------------------------------------------------------------------


def execute(
    runner,
    plan: Callable[[], tuple[list[Job], list[Identity]]],
    sinks: Sequence[Sink],
    setup: list[Finding],
    *,
    total: int,
    progress: Callable[[str, int, int], None] | None = None,
    start: float | None = None,
    baseline=None,
    strict: bool = False,
) -> BatchSummary:
    """Plan the jobs, run them through ``runner`` and hand each result to every sink in order;
    the sinks are closed also when interrupted (then as incomplete).  With a ``baseline``
    (:class:`~annual_report.check.baseline.Baseline`) each result's findings already in it are
    moved to ``known`` and only the new ones count."""
    start = time.perf_counter() if start is None else start
    summary = BatchSummary(setup_findings=list(setup))
    for sink in sinks:
        sink.start(total)
    complete = False
    try:
        jobs, unreadable = plan()
        summary.bodies = sum(1 for j in jobs if j.body != NOT_A_REPORT)
        for n, result in enumerate(_results(runner, jobs, unreadable), start=1):
            if baseline is not None:
                baseline.apply(result, strict=strict)
                summary.known_errors += baseline.known_errors(result)
            summary.reports += 1
            summary.not_reports += result.kind != REPORT
            if result.error and not result.findings:
                summary.unreadable += 1
                if len(summary.unreadable_files) < 3:
                    summary.unreadable_files.append(Path(result.path).name)
            for key, value in _severity_counts(result).items():
                summary.counts[key] += value
            for sink in sinks:
                sink.add(result)
            if progress:
                progress("检查", n, total)
        complete = True
    finally:
        summary.seconds = time.perf_counter() - start
        for sink in sinks:
            sink.close(summary, complete)
    return summary


def _severity_counts(result: ReportResult) -> dict[str, int]:
    from ..model.findings import count_by_severity

    return count_by_severity(result.findings)


def _results(runner, jobs: list[Job], unreadable: list[Identity]) -> Iterator[ReportResult]:
    """Checked reports body by body, then the unreadable files, in a stable order."""
    for results in runner.map(check_job, jobs, check_lost, retry_without_rule):
        yield from results
    for ident in sorted(unreadable, key=lambda i: i.path):
        yield ReportResult(ident.path, "（无法读取）", None, error=ident.error, read_seconds=ident.read_seconds, label=f"（无法读取） {year_label(None)}")


def _nothing_found(paths: Sequence[Path], recursive: bool, suffixes: Sequence[str]) -> str:
    """Why a batch found no report: where it looked, and the files it skipped on purpose."""
    where = "、".join(str(p) for p in paths[:3]) + (" 等" if len(paths) > 3 else "")
    kinds = "、".join(suffixes)
    skipped = []
    for folder in (Path(p) for p in paths if Path(p).is_dir()):
        for p in folder.glob("**/*" if recursive else "*"):
            if p.is_file() and p.suffix.lower() in suffixes and is_skipped(p, folder):
                skipped.append(p.name)
    message = f"在 {where} 中没有找到要检查的报告（{kinds}）"
    if skipped:
        message += f"；以“.”或“~$”开头的隐藏文件和 Word 临时文件不检查（如 {skipped[0]}），如需检查请改名"
    if not recursive:
        message += "；检查子文件夹请加 --recursive"
    return message


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
    checker=None,
    baseline=None,
    strict: bool = False,
    prefer: Sequence[str] = (),
) -> BatchSummary:
    """Check every report under ``paths`` in a pool, each against its own body's earlier years
    (of files claiming one body and year, the one :func:`~annual_report.check.inputs.choose` picks)."""
    start = time.perf_counter()
    if checker is None:
        from ..check.engine import make_checker

        checker = make_checker(config, plugin_dirs)
    files = discover(paths, recursive, input_suffixes(checker.plugins.readers))
    if not files:
        raise UserError(_nothing_found(paths, recursive, input_suffixes(checker.plugins.readers)))
    mapping = mapping or BodyMapping()
    limits = config.limits
    if rule_timeout is not None or worker_memory_mb is not None:
        limits = Limits(rule_timeout or limits.rule_timeout, worker_memory_mb or limits.memory_mb)
    workers = jobs or os.cpu_count() or 1
    roots = [Path(p) for p in paths if Path(p).is_dir()]
    setup = checker.setup_findings()
    with tempfile.TemporaryDirectory(prefix="annual-report-batch-") as scratch:
        from ..check.runner import forks

        # forked workers inherit the checker (plugins imported once); spawned ones import again
        initargs = (config, list(plugin_dirs), limits.rule_timeout, limits.memory_mb, scratch, checker if forks() else None)
        with Pool(workers, initargs, watchdog=limits.watchdog) as pool:

            history_files = _workspace_years(config, files)

            def plan() -> tuple[list[Job], list[Identity]]:
                identities: list[Identity] = []
                items = [(i, str(p)) for i, p in enumerate([*files, *history_files])]
                for n, ident in enumerate(pool.map(scan, items, scan_lost), start=1):
                    if ident.index >= len(files):  # the workspace's data: its body's earlier years only
                        if ident.error:
                            continue
                        ident = replace(ident, history_only=True)
                    identities.append(ident)
                    if progress:
                        progress("读取", n, len(items))
                duplicates = find_duplicates(identities, mapping, roots, prefer)
                planned = plan_jobs(identities, mapping, roots, config.history_years, duplicates)
                if baseline is not None:  # before any result reaches a sink
                    baseline.require_covers([(job.body, job.members[t.target].year) for job in planned for t in job.tasks])
                return planned, [i for i in identities if i.error]

            return execute(pool, plan, sinks, setup, total=len(files), progress=progress, start=start, baseline=baseline, strict=strict)
