"""The batch summaries as a reviewer opens them: the HTML page in a browser (colours by real
severity, the 只看错误 filter, names kept on one line, everything escaped) and the workbook in
Excel (widths, header style, wrapping, frozen header); both readable by colleagues."""

from __future__ import annotations

import os
import stat
from html.parser import HTMLParser

import pytest

from annual_report.model.results import BatchSummary, ReportResult
from annual_report.model.findings import Finding, Location, Severity
from annual_report.output.summary import HtmlSummary, XlsxSummary


def _finding(code, severity, message, **loc):
    return Finding(code=code, severity=severity, message=message, location=Location(**loc))


RESULTS = [
    ReportResult(
        "报送/青溪镇人民政府关于2023年度政府信息公开工作年度报告（定稿）.docx",
        "青溪镇人民政府（青溪镇政务服务中心、青溪镇综合行政执法队）",
        2023,
        findings=[
            _finding("AR101", Severity.ERROR, "表三“（一）予以公开”行：总计 12 ≠ 各列之和 11", table="B"),
            _finding("AR401", Severity.WARNING, "第五部分与2022年报告重复 92%", part="五"),
        ],
        history_years=(2022,),
    ),
    ReportResult("报送/桃岭乡.docx", "桃岭乡人民政府", 2023, findings=[_finding("AR608", Severity.INFO, "未提及<工作要点>", part="六")]),
    ReportResult("报送/坏文件.docx", "", None, error="无法读取：不是 .docx 文件"),
]


def _write(sink, results=RESULTS):
    sink.start(len(results))
    for r in results:
        sink.add(r)
    summary = BatchSummary(reports=len(results), unreadable=1, bodies=2, seconds=1.5)
    for r in results:
        for k, v in r.counts.items():
            summary.counts[k] += v
    sink.close(summary, complete=True)


class _Cells(HTMLParser):
    """The report table's rows: per row its classes and its cells (class, title, text)."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.in_report_table, self.inputs, self.labels = [], None, False, [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "sortable" in (a.get("class") or ""):
            self.in_report_table = True
        elif tag == "tr" and self.in_report_table and "report" in (a.get("class") or ""):
            self.rows.append({"class": a["class"].split(), "cells": []})
        elif tag == "td" and self.in_report_table and self.rows:
            self.cell = {"class": (a.get("class") or "").split(), "title": a.get("title"), "text": ""}
            self.rows[-1]["cells"].append(self.cell)
        elif tag == "input":
            self.inputs.append(a)

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_report_table = False
        if tag == "td":
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data


def test_html_colours_by_real_severity_and_filters_errors_without_a_server(tmp_path):
    page = tmp_path / "汇总.html"
    _write(HtmlSummary(page))
    text = page.read_text(encoding="utf-8")
    parser = _Cells()
    parser.feed(text)
    first, second, failed = parser.rows
    counts = lambda row: [(c["text"], c["class"]) for c in row["cells"][3:6]]  # noqa: E731
    assert counts(first) == [("1", ["n", "error"]), ("1", ["n", "warning"]), ("0", ["n", "zero"])]
    assert counts(second) == [("0", ["n", "zero"]), ("0", ["n", "zero"]), ("1", ["n", "info"])], "0 errors is not red"
    assert "has-error" in first["class"] and "has-error" not in second["class"]
    assert {"has-error", "failed"} <= set(failed["class"]), "an unreadable file counts as an error"
    # the filter: a checkbox and CSS that hides rows and sections without errors once ticked
    assert {"type": "checkbox", "id": "only-errors", "class": "filter"} in parser.inputs
    assert "只看错误" in text
    assert "#only-errors:checked ~ table tr.report:not(.has-error)" in text
    assert "#only-errors:checked ~ section.report:not(.has-error)" in text
    # long names stay on one line, cut with … and shown whole on hover
    name = first["cells"][0]
    assert name["class"] == ["name"] and name["title"] == RESULTS[0].body
    assert "td.name,td.path{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}" in text
    assert '<col class="name">' in text and "table-layout:fixed" in text
    # one wording for a report without a year, and everything escaped
    assert "年份不明" in text and "年度不明" not in text
    assert "未提及&lt;工作要点&gt;" in text and "<工作要点>" not in text


def test_html_escapes_what_a_file_name_or_body_contains(tmp_path):
    page = tmp_path / "s.html"
    hostile = ReportResult('a"><script>alert(1)</script>.docx', "<b>某镇</b>", 2023)
    _write(HtmlSummary(page), [hostile])
    text = page.read_text(encoding="utf-8")
    assert "<script>alert" not in text and "<b>某镇" not in text
    assert "&lt;b&gt;某镇&lt;/b&gt;" in text


def test_xlsx_has_widths_header_style_wrapping_and_a_frozen_header(tmp_path):
    import openpyxl

    path = tmp_path / "汇总.xlsx"
    _write(XlsxSummary(path))
    wb = openpyxl.load_workbook(path)
    for ws in (wb["报告"], wb["问题"]):
        assert ws.freeze_panes == "A2"
        header = ws[1]
        assert all(c.font.bold for c in header) and {c.fill.fgColor.rgb for c in header} == {"00DDE4EE"}
        assert ws.column_dimensions["A"].width >= 20 and ws.column_dimensions["C"].width >= 30
    reports = wb["报告"]
    worst = [c.value for c in reports[1]].index("主要问题") + 1
    assert reports.cell(2, worst).alignment.wrap_text and reports.column_dimensions["H"].width >= 50
    assert reports.cell(2, 4).value == 1 and reports.cell(2, 4).font.color.rgb == "00B00020"
    assert not reports.cell(3, 4).font.bold, "0 errors is not highlighted"
    assert reports.cell(4, 2).value == "年份不明"
    findings = wb["问题"]
    message = [c.value for c in findings[1]].index("说明") + 1
    assert findings.cell(2, message).alignment.wrap_text


@pytest.mark.parametrize("sink", [XlsxSummary, HtmlSummary])
def test_summaries_get_the_umask_mode_like_any_other_output(tmp_path, sink):
    old = os.umask(0o022)
    try:
        path = tmp_path / f"汇总{'.xlsx' if sink is XlsxSummary else '.html'}"
        _write(sink(path))
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, "not 0600: colleagues must be able to read it"
        path.chmod(0o664)  # a replaced summary keeps its mode, as write_atomic does
        _write(sink(path))
        assert stat.S_IMODE(path.stat().st_mode) == 0o664
    finally:
        os.umask(old)
