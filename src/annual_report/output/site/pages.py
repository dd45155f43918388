"""Laying a :class:`~annual_report.output.site.Collection` out as files: one jinja2 template
per kind of page, the original reports copied for download, the search index as a script
(a ``<script src>`` loads from ``file://`` too, where fetching JSON would be refused)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ...model.layout import PART_NUMBERS, TABLE_OF_PART, part_heading, table_name
from ..jinja import render, static_text

SEARCH_TEXT_CHARS = 2000  # narrative text per report in the search index


def _part_views(report, prefix: str) -> list[dict]:
    from .tables import html_table

    views = []
    for number in PART_NUMBERS:
        part = report.part(number)
        key = TABLE_OF_PART.get(number)
        table = report.tables.get(key) if key else None
        views.append(
            {
                "number": number,
                "heading": part.heading if part else part_heading(number),
                "found": part is not None,
                "paragraphs": [p.text for p in part.paragraphs] if part else [],
                "table_name": table_name(key) if key else "",
                "table": html_table(table, prefix) if table is not None else None,
            }
        )
    return views


def search_entries(collection) -> list[dict]:
    out = []
    for body in collection.bodies:
        for r in body.reports:  # only what is published: the withheld files are never indexed
            text = " ".join(p.text for p in r.report.paragraphs())[:SEARCH_TEXT_CHARS]
            out.append({"t": r.title, "b": body.name, "l": body.level, "y": r.year, "u": f"reports/{r.id}.html", "x": text})
    return out


def _svg(item):
    from ..interpret.charts import svg_chart

    chart, id = item
    return svg_chart(chart, id)


def _draw_trends(collection) -> dict[str, list]:
    """Every body's trend charts as SVG, drawn in a process per core when there are many
    (drawing is most of a site's build time)."""
    import os

    from ..interpret.charts import charts

    items, owners = [], []
    for body in collection.bodies:
        if body.series is not None:
            lines = [c for c in charts(body.series)[0] if c.kind == "line"]
            items += [(c, f"trend{n}") for n, c in enumerate(lines, start=1)]
            owners += [body.id] * len(lines)
    workers = min(os.cpu_count() or 1, max(1, len(items) // 8))
    if workers > 1:
        import multiprocessing

        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                svgs = pool.map(_svg, items, chunksize=4)
        except (ValueError, OSError):  # no fork on this system: one process
            svgs = [_svg(i) for i in items]
    else:
        svgs = [_svg(i) for i in items]
    out: dict[str, list] = {b.id: [] for b in collection.bodies}
    for owner, svg in zip(owners, svgs):
        out[owner].append(svg)
    return out


def write_pages(collection, folder: Path) -> None:
    from ..interpret.charts import charts

    folder = Path(folder)
    for sub in ("reports", "bodies", "files", "assets"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "assets" / "site.css").write_text(static_text("site.css"), encoding="utf-8")
    (folder / "assets" / "search.js").write_text(static_text("search.js"), encoding="utf-8")
    index_js = "window.ANNUAL_REPORT_SEARCH = " + json.dumps(search_entries(collection), ensure_ascii=False) + ";\n"
    (folder / "assets" / "search-index.js").write_text(index_js, encoding="utf-8")

    def page(path: str, template: str, **context) -> None:
        depth = path.count("/")
        html = render(template, root="../" * depth, c=collection, **context)
        (folder / path).write_text(html, encoding="utf-8")

    page("index.html", "site/index.html.j2")
    page("search.html", "site/search.html.j2")
    drawn = _draw_trends(collection)
    for body in collection.bodies:
        trend, notes = [], list(body.notes)
        if body.series is not None:
            chart_list, chart_notes = charts(body.series)
            trend = drawn[body.id]
            notes += chart_notes
        else:
            notes.append("报告年度不明，不列历年数据，不绘制趋势图")
        page(f"bodies/{body.id}.html", "site/body.html.j2", body=body, trend=trend, notes=notes)
        for r in body.reports:
            shutil.copyfile(r.path, folder / r.download)
            parts = _part_views(r.report, r.id)
            page(f"reports/{r.id}.html", "site/report.html.j2", body=body, r=r, parts=parts, figures=r.figures)


_KINDS = {
    "unreadable": "未能读取",
    "not_report": "不是年度报告",
    "reading": "读取有错误",
    "tables": "表格数据有错误",
    "duplicate": "重复",
}


def withheld_text(collection) -> str:
    """The list for the person publishing: what was left out and why, the duplicates decided.
    Written only where the publisher asks (``site --withheld-list``), never inside the site."""
    lines = [
        "集中展示网站：未发布的文件（仅供发布人核对，不在网站文件夹中）",
        "",
        f"已发布 {len(collection.reports)} 份报告；未发布 {len(collection.withheld)} 个文件。",
    ]
    for w in collection.withheld:
        lines.append(f"[{_KINDS.get(w.kind, w.kind)}] {w.path.as_posix()}：{w.reason}")
    for note in collection.notes:
        lines.append(f"[说明] {note}")
    return "\n".join(lines) + "\n"
