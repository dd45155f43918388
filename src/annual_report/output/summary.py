"""Batch summaries: an XLSX workbook and a self-contained HTML page.

Both are sinks of ``check`` (:mod:`annual_report.check.pipeline`): they receive one result at a time
and write to a temporary file next to the target, renamed into place only when the batch
completes — an interrupted run leaves no half-written summary (and keeps an earlier one).
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

from ..model.findings import Finding
from ..model.results import BatchSummary, ReportResult
from .files import finish_temp, temp_beside
from .sinks import Sink

REPORT_HEADERS = ("机关", "年度", "文件", "错误", "警告", "提示", "对照往年", "主要问题", "读取或检查失败")
FINDING_HEADERS = ("机关", "年度", "文件", "规则", "严重程度", "位置", "说明")


def _worst_text(result: ReportResult) -> str:
    return "；".join(f"{f.code} {f.message}" for f in result.worst(3))


def _cells(values: list) -> list:
    from .neutral import spreadsheet_cell

    return [spreadsheet_cell(v) for v in values]


def _place(f: Finding) -> str:
    return f.location.describe()


class XlsxSummary(Sink):
    """Two sheets, 报告 (one row per report) and 问题 (one row per finding), each with a frozen
    header row and filters.  Written in openpyxl's streaming mode."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def start(self, total: int) -> None:
        from openpyxl import Workbook

        self._wb = Workbook(write_only=True)
        self._reports = self._wb.create_sheet("报告")
        self._findings = self._wb.create_sheet("问题")
        for ws, headers in ((self._reports, REPORT_HEADERS), (self._findings, FINDING_HEADERS)):
            ws.freeze_panes = "A2"
            ws.append(list(headers))
        self._rows = {"报告": 1, "问题": 1}

    def add(self, r: ReportResult) -> None:
        c = r.counts
        history = "、".join(str(y) for y in r.history_years) or "无"
        self._reports.append(_cells([r.body, r.year, r.path, c["error"], c["warning"], c["info"], history, _worst_text(r), r.error]))
        self._rows["报告"] += 1
        for f in r.findings:
            self._findings.append(_cells([r.body, r.year, r.path, f.code, f.severity.label, _place(f), f.message]))
            self._rows["问题"] += 1

    def close(self, summary: BatchSummary, complete: bool) -> None:
        from openpyxl.utils import get_column_letter

        if not hasattr(self, "_wb"):
            return
        for ws, headers, key in ((self._reports, REPORT_HEADERS, "报告"), (self._findings, FINDING_HEADERS, "问题")):
            ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{self._rows[key]}"
        fh, temp = temp_beside(self.path, ".xlsx")
        try:
            with fh:
                self._wb.save(fh)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        finish_temp(temp, self.path, complete)


_STYLE = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.4em} h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;font-size:.9em} th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top}
th{background:#f0f0f0;cursor:pointer;position:sticky;top:0} td.n{text-align:right}
.error{color:#b00020}.warning{color:#a15c00}.info{color:#555}.failed{background:#fdecea}
.totals{margin:1em 0;font-weight:bold}
"""

_SCRIPT = """
document.querySelectorAll('table.sortable th').forEach(function(th, col){
  th.addEventListener('click', function(){
    var body = th.closest('table').tBodies[0], rows = Array.from(body.rows);
    var asc = th.dataset.dir !== 'asc'; th.dataset.dir = asc ? 'asc' : 'desc';
    rows.sort(function(a, b){
      var x = a.cells[col].dataset.v || a.cells[col].textContent, y = b.cells[col].dataset.v || b.cells[col].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'zh');
      return asc ? c : -c;
    });
    rows.forEach(function(r){ body.appendChild(r); });
  });
});
"""


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
        anchor = f"r{self._n}"
        c = r.counts
        e = html.escape
        cls = ' class="failed"' if r.error else ""
        self._rows_fh.write(
            f"<tr{cls}><td><a href=\"#{anchor}\">{e(r.body)}</a></td><td class=n>{r.year or ''}</td>"
            f"<td>{e(r.path)}</td><td class=\"n error\">{c['error']}</td><td class=\"n warning\">{c['warning']}</td>"
            f"<td class=\"n info\">{c['info']}</td><td>{e(_worst_text(r) or r.error)}</td></tr>\n"
        )
        self._sections_fh.write(f'<h2 id="{anchor}">{e(r.body)} {r.year or "年度不明"}年 <small>{e(r.path)}</small></h2>\n')
        if r.error:
            self._sections_fh.write(f'<p class="error">{e(r.error)}</p>\n')
        if r.history_years:
            self._sections_fh.write(f"<p>对照往年报告：{'、'.join(str(y) for y in r.history_years)}</p>\n")
        if r.findings:
            self._sections_fh.write('<table><thead><tr><th>严重程度</th><th>规则</th><th>位置</th><th>说明</th></tr></thead><tbody>\n')
            for f in r.findings:
                self._sections_fh.write(
                    f'<tr><td class="{f.severity.value}">{f.severity.label}</td><td>{e(f.code)}</td>'
                    f"<td>{e(_place(f))}</td><td>{e(f.message)}</td></tr>\n"
                )
            self._sections_fh.write("</tbody></table>\n")
        elif not r.error:
            self._sections_fh.write("<p>未发现问题。</p>\n")

    def close(self, summary: BatchSummary, complete: bool) -> None:
        if not hasattr(self, "_rows_fh"):
            return
        e = html.escape
        c = summary.counts
        totals = (
            f"共检查 {summary.reports} 份报告（{summary.bodies} 个机关，无法读取 {summary.unreadable} 份），"
            f"{c['error']} 个错误，{c['warning']} 个警告，{c['info']} 个提示，用时 {summary.seconds:.1f} 秒"
        )
        fh, temp = temp_beside(self.path, ".html")
        try:
            with fh:
                w = lambda s: fh.write(s.encode("utf-8"))  # noqa: E731
                w(f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>年报审核汇总</title><style>{_STYLE}</style></head><body>\n')
                w(f"<h1>政府信息公开工作年度报告审核汇总</h1>\n<p class=totals>{e(totals)}</p>\n")
                for f in summary.setup_findings:
                    w(f'<p class="{f.severity.value}">{e(f.code)} {e(f.message)}</p>\n')
                w('<table class="sortable"><thead><tr><th>机关</th><th>年度</th><th>文件</th><th>错误</th><th>警告</th><th>提示</th><th>主要问题</th></tr></thead><tbody>\n')
                for handle in (self._rows_fh,):
                    handle.seek(0)
                    for line in handle:
                        w(line)
                w("</tbody></table>\n")
                self._sections_fh.seek(0)
                for line in self._sections_fh:
                    w(line)
                w(f"<script>{_SCRIPT}</script>\n</body></html>\n")
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        finally:
            self._rows_fh.close()
            self._sections_fh.close()
        finish_temp(temp, self.path, complete)
