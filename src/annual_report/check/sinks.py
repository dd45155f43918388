"""``check`` over many files: sinks for text/JSON/SARIF output and the progress bar."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TextIO

from ..model.findings import Severity
from ..workspace.config import Config
from .batch import BatchSummary, BodyMapping, ReportResult, Sink, run_batch


class TextSink(Sink):
    """Prints each report's findings as it arrives, then the totals."""

    def __init__(self, stream: TextIO, colour: bool) -> None:
        self.stream, self.colour = stream, colour

    def add(self, r: ReportResult) -> None:
        from ..output.text import render_report_findings

        notes = []
        if r.error:
            notes.append(r.error)
        if r.history_years:
            notes.append(f"对照往年报告：{'、'.join(str(y) for y in r.history_years)}年度")
        title = f"{r.body} {r.year_label}  {r.path}"
        text = render_report_findings(title, r.findings, self.colour, notes) if not (r.error and not r.findings) else f"{title}\n  （{r.error}）"
        self.stream.write(text + "\n\n")
        self.stream.flush()

    def close(self, summary: BatchSummary, complete: bool) -> None:
        if not complete:
            return
        from ..output.text import render_report_findings

        if summary.setup_findings:
            self.stream.write(render_report_findings("插件与配置", summary.setup_findings, self.colour) + "\n\n")
        c = summary.counts
        setup = {s.value: sum(1 for f in summary.setup_findings if f.severity is s) for s in Severity}
        self.stream.write(
            f"共检查 {summary.reports} 份报告（{summary.bodies} 个机关，无法读取 {summary.unreadable} 份），"
            f"共 {c['error'] + setup['error']} 个错误，{c['warning'] + setup['warning']} 个警告，{c['info'] + setup['info']} 个提示，"
            f"用时 {summary.seconds:.1f} 秒\n"
        )


class BufferedTextSink(TextSink):
    """Text output to a file, written atomically when the batch completes."""

    def __init__(self, output: Path) -> None:
        super().__init__(io.StringIO(), False)
        self.output = output

    def close(self, summary: BatchSummary, complete: bool) -> None:
        super().close(summary, complete)
        if complete:
            from .pipeline import emit

            emit(self.stream.getvalue(), self.output, sys.stdout)


class CollectSink(Sink):
    """Keeps results for JSON/SARIF documents written at the end."""

    def __init__(self, fmt: str, output: Path | None, stream: TextIO, rules: dict) -> None:
        self.fmt, self.output, self.stream, self.rules = fmt, output, stream, rules
        self.entries: list = []
        self.findings: list = []

    def add(self, r: ReportResult) -> None:
        from ..output.jsonout import report_entry

        if self.fmt == "json":
            entry = report_entry(r.path, r.body, r.year, None, list(r.history_years), r.findings)
            if r.error:
                entry["error"] = r.error
            self.entries.append(entry)
        else:
            self.findings.extend(r.findings)

    def close(self, summary: BatchSummary, complete: bool) -> None:
        if not complete:
            return
        from .pipeline import emit

        if self.fmt == "json":
            from ..output.jsonout import render_json

            text = render_json(self.entries, summary.setup_findings)
        else:
            from ..output.sarif import render_sarif

            text = render_sarif(list(summary.setup_findings) + self.findings, self.rules)
        emit(text, self.output, self.stream)


class PerReportSink(Sink):
    """Writes one JSON or SARIF file per report into a folder."""

    def __init__(self, folder: Path, fmt: str, rules: dict) -> None:
        self.folder, self.fmt, self.rules = Path(folder), fmt, rules
        self.names: set[str] = set()

    def add(self, r: ReportResult) -> None:
        from ..output.files import write_atomic

        stem = Path(r.path).stem
        name, n = stem, 1
        while name in self.names:
            n += 1
            name = f"{stem}-{n}"
        self.names.add(name)
        if self.fmt == "sarif":
            from ..output.sarif import render_sarif

            text, suffix = render_sarif(r.findings, self.rules), ".sarif"
        else:
            from ..output.jsonout import render_json, report_entry

            text, suffix = render_json([report_entry(r.path, r.body, r.year, None, list(r.history_years), r.findings)]), ".json"
        write_atomic(self.folder / f"{name}{suffix}", text.encode("utf-8"))


def _progress(enabled: bool):
    if not enabled:
        return None, None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=Console(stderr=True), transient=True)
    tasks: dict[str, int] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done)

    return bar, update


def check_batch(options, config: Config, stream: TextIO | None = None) -> int:
    stream = stream or sys.stdout
    from ..output.summary import HtmlSummary, XlsxSummary
    from ..output.text import use_colour
    from .engine import make_checker

    rules = make_checker(config, options.plugin_dirs).rules if options.format == "sarif" or options.reports_dir else {}
    sinks: list[Sink] = []
    if options.format == "text":
        if options.output:
            sinks.append(BufferedTextSink(options.output))
        else:
            sinks.append(TextSink(stream, use_colour(stream, options.colour)))
    else:
        sinks.append(CollectSink(options.format, options.output, stream, rules))
    if options.summary:
        sinks.append(XlsxSummary(options.summary))
    if options.html:
        sinks.append(HtmlSummary(options.html))
    if options.reports_dir:
        sinks.append(PerReportSink(options.reports_dir, "sarif" if options.format == "sarif" else "json", rules))
    show = options.progress if options.progress is not None else sys.stderr.isatty()
    bar, update = _progress(show)
    mapping = BodyMapping.load(options.mapping) if options.mapping else None
    paths = [Path(t) for t in options.inputs]
    if bar is not None:
        with bar:
            summary = run_batch(paths, config=config, sinks=sinks, recursive=options.recursive, jobs=options.jobs, plugin_dirs=options.plugin_dirs, mapping=mapping, progress=update)
    else:
        summary = run_batch(paths, config=config, sinks=sinks, recursive=options.recursive, jobs=options.jobs, plugin_dirs=options.plugin_dirs, mapping=mapping)
    for path, label in ((options.summary, "汇总表"), (options.html, "汇总网页")):
        if path:
            print(f"已写出{label}：{path}", file=sys.stderr)
    return 1 if summary.has_errors else 0
