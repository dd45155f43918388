"""Batch summaries: an XLSX workbook and a self-contained HTML page.

Both are sinks of ``check`` (:mod:`annual_report.app.check`): they receive one result at a time
and write to a temporary file next to the target, renamed into place only when the batch
completes — an interrupted run leaves no half-written summary (and keeps an earlier one).
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from ..model.findings import Finding
from ..model.layout import table_name
from ..model.results import BatchSummary, ReportResult
from ..files.writing import finish_temp, temp_beside
from .sinks import Sink, checked

REPORT_HEADERS = ("机关", "年度", "文件", "错误", "警告", "提示", "对照往年", "主要问题", "读取或检查失败")
FINDING_HEADERS = ("机关", "年度", "文件", "规则", "严重程度", "位置", "说明", "状态", "理由", "指纹")
ROLLUP_HEADERS = ("机关", "年度", "文件", "表", "行", "列", "本报告", "所涵盖报告之和", "相差", "各机关的数")
ROLLUP_CODE = "AR623"  # rollup-cell-differs: its values give one cell's difference


def _worst_text(result: ReportResult) -> str:
    return "；".join(f"{f.code} {f.message}" for f in result.worst(3))


def _cells(values: list) -> list:
    from .neutral import spreadsheet_cell

    return [spreadsheet_cell(v) for v in values]


def _place(f: Finding) -> str:
    return f.location.describe()


# Column widths (in characters; a Chinese character counts about two) and which columns wrap.
REPORT_WIDTHS = (24, 8, 36, 6, 6, 6, 14, 60, 30)
FINDING_WIDTHS = (24, 8, 36, 8, 9, 30, 70, 8, 30, 20)
ROLLUP_WIDTHS = (24, 8, 36, 5, 24, 14, 9, 12, 8, 70)
REPORT_WRAP = {"主要问题", "读取或检查失败"}
FINDING_WRAP = {"位置", "说明", "理由"}
ROLLUP_WRAP = {"行", "各机关的数"}


def _with_states(r: ReportResult) -> list[tuple[Finding, str, str, str]]:
    """Every finding of a report with its review state: 新 (not in the baseline, or no baseline
    used), 已核实 or 已忽略 with the reviewer's reason; and its short fingerprint (the one the
    text output and the Word comments show, which ``dismiss`` takes)."""
    from ..model.findings import short_fingerprints

    shorts = short_fingerprints(r.findings + r.known)
    out = [(f, "新", "") for f in r.findings]
    out += [(f, *r.states.get(f.fingerprint, ("已核实", ""))) for f in r.known]
    return [(f, state, reason, shorts.get(f.fingerprint, f.fingerprint)) for f, state, reason in out]


def _rollup_rows(r: ReportResult) -> list[list]:
    """The roll-up differences (AR623) of a report, one row per cell."""
    rows = []
    for f in r.findings + r.known:
        if f.code != ROLLUP_CODE:
            continue
        v = f.values
        parts = "；".join(f"{body} {value if value is not None else '未填'}" for body, value in (v.get("by_body") or {}).items())
        loc = f.location
        rows.append([r.body, r.year, r.path, table_name(loc.table) if loc.table else "", loc.row_label or loc.row, loc.column_label or loc.column, v.get("stated"), v.get("total"), v.get("difference"), parts])
    return rows


class XlsxSummary(Sink):
    """Two sheets, 报告 (one row per report) and 问题 (one row per finding), each with a bold
    shaded header row that stays in view, filters, set column widths and wrapped long texts.
    Written in openpyxl's streaming mode."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def start(self, total: int) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self._wb = Workbook(write_only=True)
        self._reports = self._wb.create_sheet("报告")
        self._findings = self._wb.create_sheet("问题")
        self._wrap = Alignment(wrap_text=True, vertical="top")
        self._top = Alignment(vertical="top")
        self._error_font = Font(color="B00020", bold=True)
        header_font = Font(bold=True)
        header_fill = PatternFill("solid", fgColor="DDE4EE")
        header_border = Border(bottom=Side(style="thin", color="808080"))
        header_align = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self._wrapped = {}
        self._header_style = {"font": header_font, "fill": header_fill, "border": header_border, "alignment": header_align}
        for ws, headers, widths, wrap in (
            (self._reports, REPORT_HEADERS, REPORT_WIDTHS, REPORT_WRAP),
            (self._findings, FINDING_HEADERS, FINDING_WIDTHS, FINDING_WRAP),
        ):
            self._header(ws, headers, widths, wrap)
        self._rows = {"报告": 1, "问题": 1}

    def _header(self, ws, headers, widths, wrap) -> None:
        from openpyxl.utils import get_column_letter

        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        ws.append([self._cell(ws, h, **self._header_style) for h in headers])
        self._wrapped[ws.title] = {i for i, h in enumerate(headers) if h in wrap}

    def _cell(self, ws, value, **style):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=value)
        for name, v in style.items():
            setattr(cell, name, v)
        return cell

    def _append(self, ws, values: list, error_column: int | None = None) -> None:
        wrapped = self._wrapped[ws.title]
        row = []
        for i, value in enumerate(_cells(values)):
            style = {"alignment": self._wrap if i in wrapped else self._top}
            if i == error_column and value:
                style["font"] = self._error_font
            row.append(self._cell(ws, value, **style))
        ws.append(row)

    def add(self, r: ReportResult) -> None:
        c = r.counts
        history = "、".join(str(y) for y in r.history_years) or "无"
        year = r.year if r.year else r.year_label
        self._append(self._reports, [r.body, year, r.path, c["error"], c["warning"], c["info"], history, _worst_text(r), r.error], error_column=3)
        self._rows["报告"] += 1
        for f, state, reason, short in _with_states(r):
            self._append(self._findings, [r.body, year, r.path, f.code, f.severity.label, _place(f), f.message, state, reason, short])
            self._rows["问题"] += 1
        rollup = _rollup_rows(r)
        if rollup and not hasattr(self, "_rollup"):
            self._rollup = self._wb.create_sheet("汇总核对")  # only in a batch that checks a roll-up
            self._header(self._rollup, ROLLUP_HEADERS, ROLLUP_WIDTHS, ROLLUP_WRAP)
            self._rows["汇总核对"] = 1
        for row in rollup:
            self._append(self._rollup, row)
            self._rows["汇总核对"] += 1

    def close(self, summary: BatchSummary, complete: bool) -> None:
        from openpyxl.utils import get_column_letter

        if not hasattr(self, "_wb"):
            return
        sheets = [(self._reports, REPORT_HEADERS, "报告"), (self._findings, FINDING_HEADERS, "问题")]
        if hasattr(self, "_rollup"):
            sheets.append((self._rollup, ROLLUP_HEADERS, "汇总核对"))
        for ws, headers, key in sheets:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{self._rows[key]}"
        fh, temp = temp_beside(self.path, ".xlsx")
        try:
            with fh:
                self._wb.save(fh)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        finish_temp(temp, self.path, complete)


@functools.lru_cache(maxsize=None)
def _templates():
    """The page template and the per-report macros, from ``output/templates/``, autoescaped."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(Path(__file__).resolve().parent / "templates")),
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
    )
    env.globals.update(worst=_worst_text, place=_place, with_states=_with_states, rollup_rows=_rollup_rows, rollup_headers=ROLLUP_HEADERS[3:])
    return env.get_template("summary.html"), env.get_template("summary-report.html").module


def _lines(handle):
    """The fragments streamed to a scratch file, read back as already escaped markup."""
    from markupsafe import Markup

    handle.seek(0)
    for line in handle:
        yield Markup(line)


class HtmlSummary(Sink):
    """One self-contained page (no network needed): a sortable table of reports, each row
    linking to that report's findings further down."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def start(self, total: int) -> None:
        # Rows and sections are streamed to two scratch files and joined at the end.
        self._rows_fh = tempfile.TemporaryFile("w+", encoding="utf-8")
        self._sections_fh = tempfile.TemporaryFile("w+", encoding="utf-8")
        self._n = 0

    def add(self, r: ReportResult) -> None:
        self._n += 1
        _, parts = _templates()
        self._rows_fh.write(str(parts.report_row(self._n, r)))
        self._sections_fh.write(str(parts.report_section(self._n, r)))

    def close(self, summary: BatchSummary, complete: bool) -> None:
        if not hasattr(self, "_rows_fh"):
            return
        c = summary.counts
        totals = (
            f"{checked(summary)}，"
            f"{c['error']} 个错误，{c['warning']} 个警告，{c['info']} 个提示，用时 {summary.seconds:.1f} 秒"
        )
        page, _ = _templates()
        fh, temp = temp_beside(self.path, ".html")
        try:
            with fh:
                stream = page.generate(
                    totals=totals,
                    setup_findings=summary.setup_findings,
                    rows=_lines(self._rows_fh),
                    sections=_lines(self._sections_fh),
                )
                for chunk in stream:
                    fh.write(chunk.encode("utf-8"))
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        finally:
            self._rows_fh.close()
            self._sections_fh.close()
        finish_temp(temp, self.path, complete)
