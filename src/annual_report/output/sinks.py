"""Where results go: every output of ``check`` is a sink that receives one report's result at a
time, in order, and is closed once at the end (text, JSON, SARIF, one file per report, Word
comments; the XLSX and HTML summaries are in :mod:`annual_report.output.summary`)."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TextIO

from ..model.findings import Finding, Severity
from ..model.results import BatchSummary, ReportResult


class Sink:
    """Receives results in order.  ``close`` is called once, also after an interruption
    (``complete`` False), and must then leave no half-written file behind."""

    def start(self, total: int) -> None: ...

    def add(self, result: ReportResult) -> None: ...

    def close(self, summary: BatchSummary, complete: bool) -> None: ...


def emit(text: str, output: Path | None, stream: TextIO) -> None:
    """``text`` to the stream, or atomically to the ``output`` file."""
    text = text.encode("utf-8", "replace").decode("utf-8")  # half a character (a lone surrogate) becomes “?”
    if output is None:
        stream.write(text)
        return
    from ..files.writing import write_atomic

    write_atomic(Path(output), text.encode("utf-8"))


def _notes(r: ReportResult) -> list[str]:
    notes = [r.error] if r.error else []
    if r.history_years:
        notes.append(f"对照往年报告：{'、'.join(str(y) for y in r.history_years)}年度")
    return notes + list(r.notes)


def checked(summary: BatchSummary) -> str:
    """"共检查 12 份报告（9 个机关，无法读取 1 份）", or "共检查 12 个文件（…，不是年度报告 2 份）"
    when some are not reports: the head of a batch's totals."""
    if not summary.not_reports:
        return f"共检查 {summary.reports} 份报告（{summary.bodies} 个机关，无法读取 {summary.unreadable} 份）"
    # some of the files are not reports: count files, not "reports"
    return f"共检查 {summary.reports} 个文件（{summary.bodies} 个机关，无法读取 {summary.unreadable} 份，不是年度报告 {summary.not_reports} 份）"


class TextSink(Sink):
    """Text for a person.  One report: the setup problems, the report and a count line, written
    at the end.  Many: each report as it arrives, then the setup problems and the totals."""

    def __init__(self, stream: TextIO, colour: bool, *, many: bool, output: Path | None = None) -> None:
        self.out, self.output, self.colour, self.many = stream, output, colour, many
        self.stream = io.StringIO() if output is not None or not many else stream
        self.blocks: list[tuple[str, list[Finding], list[str], dict[str, str]]] = []

    def add(self, r: ReportResult) -> None:
        from ..model.findings import short_fingerprints

        title = f"{r.label}  {r.path}"
        shorts = short_fingerprints(r.findings + r.known)  # unique among what the baseline may hold too
        if not self.many:
            self.blocks.append((title, r.findings, _notes(r), shorts))
            return
        from .neutral import plain
        from .text import render_report_findings

        notes = _notes(r)
        text = render_report_findings(title, r.findings, self.colour, notes, shorts) if not (r.error and not r.findings) else plain(f"{title}\n  （{r.error}）")
        self.stream.write(text + "\n\n")
        self.stream.flush()

    def close(self, summary: BatchSummary, complete: bool) -> None:
        if not complete:
            return
        from .text import render_report_findings, render_text

        if not self.many:
            emit(render_text(self.blocks, summary.setup_findings, self.colour), self.output, self.out)
            return
        if summary.setup_findings:
            self.stream.write(render_report_findings("插件与配置", summary.setup_findings, self.colour) + "\n\n")
        c = summary.counts
        setup = {s.value: sum(1 for f in summary.setup_findings if f.severity is s) for s in Severity}
        self.stream.write(
            f"{checked(summary)}，"
            f"共 {c['error'] + setup['error']} 个错误，{c['warning'] + setup['warning']} 个警告，{c['info'] + setup['info']} 个提示，"
            f"用时 {summary.seconds:.1f} 秒\n"
        )
        if self.output is not None:
            emit(self.stream.getvalue(), self.output, self.out)


class JsonSink(Sink):
    """One JSON document (docs/output.md) with every report, written at the end."""

    def __init__(self, output: Path | None, stream: TextIO, *, many: bool) -> None:
        self.output, self.stream, self.many = output, stream, many
        self.entries: list = []

    def add(self, r: ReportResult) -> None:
        from .jsonout import report_entry

        entry = report_entry(r.path, r.body, r.year, r.edition, list(r.history_years), r.findings)
        if r.kind != "report":  # a 解读 or a memo: whatever it names is not a body's report
            entry.update(body=None, kind=r.kind)
        if r.error:
            entry["error"] = r.error
        if r.baseline:
            states: dict[str, int] = {}
            for state, _ in r.states.values():
                states[state] = states.get(state, 0) + 1
            entry["baseline"] = {"file": r.baseline, "left_out": len(r.known), "states": states, "fixed": [e.fingerprint for e in r.fixed]}
        self.entries.append(entry)

    def close(self, summary: BatchSummary, complete: bool) -> None:
        if complete:
            from .jsonout import render_json

            emit(render_json(self.entries, summary.setup_findings), self.output, self.stream)


class SarifSink(Sink):
    """One SARIF log with every report's findings, written at the end."""

    def __init__(self, output: Path | None, stream: TextIO, rules: dict) -> None:
        self.output, self.stream, self.rules = output, stream, rules
        self.findings: list[Finding] = []

    def add(self, r: ReportResult) -> None:
        self.findings.extend(r.findings)

    def close(self, summary: BatchSummary, complete: bool) -> None:
        if complete:
            from .sarif import render_sarif

            emit(render_sarif(list(summary.setup_findings) + self.findings, self.rules), self.output, self.stream)


class PerReportSink(Sink):
    """Writes one JSON or SARIF file per report into a folder."""

    def __init__(self, folder: Path, fmt: str, rules: dict) -> None:
        self.folder, self.fmt, self.rules = Path(folder), fmt, rules
        self.names: set[str] = set()

    @staticmethod
    def suffix_for(fmt: str) -> str:
        return ".sarif" if fmt == "sarif" else ".json"

    def add(self, r: ReportResult) -> None:
        from ..files.writing import write_atomic

        stem = Path(r.path).stem
        name, n = stem, 1
        while name in self.names:
            n += 1
            name = f"{stem}-{n}"
        self.names.add(name)
        if self.fmt == "sarif":
            from .sarif import render_sarif

            text = render_sarif(r.findings, self.rules)
        else:
            from .jsonout import render_json, report_entry

            text = render_json([report_entry(r.path, r.body, r.year, None, list(r.history_years), r.findings)])
        write_atomic(self.folder / f"{name}{self.suffix_for(self.fmt)}", text.encode("utf-8"))


class AnnotateSink(Sink):
    """A copy of the .docx draft with one Word comment per finding (the setup problems too); says
    so in the report's notes, so it must come before the sinks that print them."""

    def __init__(self, out: Path, setup: list[Finding]) -> None:
        self.out, self.setup = Path(out), list(setup)

    def add(self, r: ReportResult) -> None:
        from ..model.findings import short_fingerprints
        from .annotate import annotate

        shorts = short_fingerprints(r.findings + r.known)  # as the text output shows them
        count = annotate(Path(r.path), self.setup + r.findings, self.out, report=r.report, shorts=shorts)
        r.notes.append(f"已写出带 {count} 条批注的副本：{self.out}")


class BaselineSink(Sink):
    """``--write-baseline``: every finding of the run (new and already known) recorded in a
    baseline file at the end, keeping the decisions of ``previous``; nothing is written when the
    run is interrupted."""

    def __init__(self, path: Path, previous=None) -> None:
        self.path, self.previous = Path(path), previous
        self.results: list[tuple[str, int | None, str, list[Finding]]] = []

    def add(self, r: ReportResult) -> None:
        if not r.error or r.findings:
            self.results.append((r.body, r.year, r.path, list(r.findings) + list(r.known)))

    def close(self, summary: BatchSummary, complete: bool) -> None:
        if not complete:
            return
        from ..check.baseline import write_recorded

        baseline = write_recorded(self.path, self.results, self.previous)
        sys.stderr.write(f"已写出基线 {self.path}（{len(baseline.entries)} 条问题）\n")


def confirm_output(output: Path, line: str) -> None:
    sys.stderr.write(f"检查结果已写入 {output}（{line}）\n")
