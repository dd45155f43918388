"""What the result page shows: findings grouped by part and severity, each with its place,
quoted paragraph and explanation; the statutory tables with the cells findings point at
marked.  Plain data for the jinja2 templates, no HTML here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model.findings import Finding, Severity, count_by_severity
from ..model.layout import PART_NUMBERS, PART_OF_TABLE, PART_TITLES, TABLE_OF_PART, table_name
from .jobs import JobStore
from .records import JobResults, ReportView

GENERAL = "全文"

# What the command line tells its user to type, said in the words of the page's form
PAGE_WORDS = (
    (re.compile(r"未提供往年报告（--history），跨年度检查未进行"), "未上传往年报告，跨年度衔接和表述重复检查未进行（可在“往年报告”中上传上一年、前两年的报告）"),
    (re.compile(r"[，；]?(?:如需对照)?(?:可|请)?用 --history 指定往年报告"), "；可在“往年报告”中上传往年报告后重新检查"),
    (re.compile(r"[，；]?(?:如不对)?(?:请|可)用 --level 指定"), "，如不对请在“机关层级”中选择后重新检查"),
    (re.compile(r"--level “([^”]*)”"), r"机关层级“\1”"),
    (re.compile(r"--history "), "往年报告 "),
    (re.compile(r"请选择要检查的报告文件（字段 file）"), "请在“要检查的报告”中选择文件"),
    (re.compile(r"（multipart/form-data，字段 file）"), ""),
)


def page_words(text: str) -> str:
    """``text`` (a note, a message, an error) as the page says it: its form fields, not the
    command's options."""
    for pattern, words in PAGE_WORDS:
        text = pattern.sub(words, text)
    return text


@dataclass
class FindingView:
    finding: Finding
    place: str
    quote: str = ""  # the paragraph the finding is about, as written
    title: str = ""  # the rule's one-line title
    short: str = ""  # the short fingerprint (what ``dismiss`` takes, as in the text output)


@dataclass
class Group:
    title: str
    by_severity: list[tuple[Severity, list[FindingView]]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(v) for _, v in self.by_severity)


@dataclass
class Cell:
    text: str
    marks: list[str] = field(default_factory=list)  # messages of the findings on this cell
    severity: str = ""  # the worst severity among them


@dataclass
class TableView:
    name: str  # the machine key, "A" | "B" | "C"
    title: str
    columns: list[str]
    rows: list[tuple[str, list[Cell], list[str]]]  # (label, cells, row-wide messages)
    marked: int = 0

    @property
    def label(self) -> str:
        return table_name(self.name)


def _part_of(f: Finding) -> str:
    loc = f.location
    part = loc.part or (PART_OF_TABLE.get(loc.table) if loc.table else None)
    return part if part in PART_NUMBERS else GENERAL


def _group_title(part: str) -> str:
    if part == GENERAL:
        return "全文与读取"
    table = TABLE_OF_PART.get(part)
    return f"{part}、{PART_TITLES[part]}" + (f"（{table_name(table)}）" if table else "")


def _quote(report, f: Finding) -> str:
    loc = f.location
    if report is None or loc.paragraph is None:
        return ""
    paragraphs = report.preface if loc.part is None else (report.part(loc.part).paragraphs if report.part(loc.part) else ())
    for p in paragraphs:
        if p.index == loc.paragraph:
            return p.text if len(p.text) <= 400 else p.text[:400] + "……"
    return ""


def group_findings(view: ReportView, titles: dict[str, str]) -> list[Group]:
    order = [GENERAL, *PART_NUMBERS]
    from ..model.findings import short_fingerprints

    shorts = short_fingerprints(view.findings)
    buckets: dict[str, dict[Severity, list[FindingView]]] = {}
    for f in view.findings:
        fv = FindingView(f, f.location.describe() or "全文", _quote(view.report, f), titles.get(f.code, ""), shorts.get(f.fingerprint, ""))
        buckets.setdefault(_part_of(f), {}).setdefault(f.severity, []).append(fv)
    groups = []
    for part in order:
        if part not in buckets:
            continue
        sev = sorted(buckets[part].items(), key=lambda kv: kv[0].rank)
        groups.append(Group(_group_title(part), sev))
    return groups


def table_views(view: ReportView) -> list[TableView]:
    report = view.report
    if report is None:
        return []
    out = []
    for name in ("A", "B", "C"):
        table = report.tables.get(name)
        if table is None:
            continue
        layout = table.layout
        marks: dict[tuple[str | None, str | None], list[Finding]] = {}
        for f in view.findings:
            if f.location.table == name:
                marks.setdefault((f.location.row, f.location.column), []).append(f)
        columns: list[str] = []
        for row in layout.rows:
            for c in row.columns:
                if c.label not in columns:
                    columns.append(c.label)
        rows, marked = [], 0
        for row in layout.rows:
            cells = []
            by_label = {c.label: c for c in row.columns}
            for label in columns:
                col = by_label.get(label)
                if col is None:
                    cells.append(Cell(""))
                    continue
                value = table.values.get((row.id, col.id))
                raw = table.raw.get((row.id, col.id))
                text = _show(value) if value is not None else (raw.strip() if raw and raw.strip() else "（空）")
                found = marks.get((row.id, col.id), []) + marks.get((None, col.id), [])
                cell = Cell(text, [f"{f.code} {f.message}" for f in found])
                if found:
                    marked += 1
                    cell.severity = min((f.severity for f in found), key=lambda s: s.rank).value
                cells.append(cell)
            row_wide = [f"{f.code} {f.message}" for f in marks.get((row.id, None), [])]
            rows.append((row.name, cells, row_wide))
        out.append(TableView(name, layout.title, columns, rows, marked))
    return out


def _show(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)


def result_context(results: JobResults, store: JobStore) -> dict[str, Any]:
    titles = {code: r["title"] for code, r in _rules(store).items()}
    reports = []
    for view in results.reports:
        reports.append(
            {
                "view": view,
                "counts": count_by_severity(view.findings),
                "groups": group_findings(view, titles),
                "tables": table_views(view),
            }
        )
    totals = count_by_severity(results.findings)
    return {"reports": reports, "totals": totals, "setup": results.setup, "downloads": results.downloads}


def _rules(store: JobStore) -> dict[str, dict]:
    return {code: r.to_dict() for code, r in store.rules().items()}


def rule_entry(store: JobStore, code: str) -> dict | None:
    r = store.rules().get(str(code).upper())
    return r.to_dict() if r is not None else None
