"""Figures referenced from the narrative: ``{{新收申请}}`` or ``{{B.new.总计}}``.

A yearly data file's narrative may name table cells instead of typing their numbers, so a
built report's text and tables come from one source.  A reference is a sum of terms, each a
named figure (see :data:`NAMED`) or a path ``<表>.<行id>.<列>`` (row ids as in
:mod:`annual_report.model.layout`, e.g. ``B.deny.3.总计``, ``A.行政规范性文件.本年制发件数``), or
``年度``.
"""

from __future__ import annotations

import re
from typing import Mapping

from ..model.layout import table_layout, table_name

REF = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")

# Named figures a narrative commonly states.  Values are sums of cell paths.
NAMED: Mapping[str, str] = {
    "新收申请": "B.new.总计",
    "上年结转": "B.carried_in.总计",
    "申请总数": "B.new.总计 + B.carried_in.总计",
    "办结": "B.total.总计",
    "予以公开": "B.open.总计",
    "部分公开": "B.partial.总计",
    "结转下年度": "B.carried_out.总计",
    "自然人申请": "B.new.自然人",
    "行政复议": "C.review.总计",
    "行政诉讼": "C.direct.总计 + C.after_review.总计",
    "制发规范性文件": "A.行政规范性文件.本年制发件数",
    "废止规范性文件": "A.行政规范性文件.本年废止件数",
    "现行有效规范性文件": "A.行政规范性文件.现行有效件数",
    "行政许可": "A.行政许可.本年处理决定数量",
    "行政处罚": "A.行政处罚.本年处理决定数量",
    "行政强制": "A.行政强制.本年处理决定数量",
    "收费金额": "A.行政事业性收费.本年收费金额（单位：万元）",
}


# Where the 2019 format names the figure differently.
NAMED_2019: Mapping[str, str] = {
    "制发规范性文件": "A.规范性文件.本年新制作数量",
    "现行有效规范性文件": "A.规范性文件.对外公开总数量",
    "行政许可": "A.行政许可.处理决定数量",
    "行政处罚": "A.行政处罚.处理决定数量",
    "行政强制": "A.行政强制.处理决定数量",
}


def named(name: str, edition: str) -> str | None:
    """The cell expression a named figure stands for in ``edition`` (None if not a name)."""
    if edition == "2019" and name in NAMED_2019:
        return NAMED_2019[name]
    if edition == "2019" and name in ("收费金额",):
        return None
    return NAMED.get(name)


class ReferenceError_(ValueError):
    """A reference that names no cell (the message is Chinese)."""


def parse_path(edition: str, path: str) -> tuple[str, str, str]:
    """``"B.deny.3.总计"`` → ``("B", "deny.3", "总计")``, checked against the layout."""
    table, _, rest = path.partition(".")
    if table not in ("A", "B", "C") or "." not in rest:
        raise ReferenceError_(f"引用“{path}”不是表格单元格（应为 表.行.列，如 B.new.总计）")
    row, _, col = rest.rpartition(".")
    layout = table_layout(edition, table)
    if not layout.has_row(row):
        raise ReferenceError_(f"引用“{path}”中的行“{row}”在{edition}年版{table_name(table)}中不存在")
    if col not in {c.id for c in layout.row(row).columns}:
        raise ReferenceError_(f"引用“{path}”中的列“{col}”在{table_name(table)}“{layout.row(row).label}”行中不存在")
    return table, row, col


def format_number(value: int | float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(int(value))


def evaluate(expr: str, edition: str, year: int, cell) -> str:
    """The text a reference stands for; ``cell(table, row, col)`` gives a value or None."""
    expr = named(expr.strip(), edition) or expr
    if expr.strip() in ("年度", "year"):
        return str(year)
    total: int | float = 0
    for term in expr.split("+"):
        term = term.strip()
        term = named(term, edition) or term
        if "+" in term:
            total += float(evaluate(term, edition, year, cell))
            continue
        value = cell(*parse_path(edition, term))
        if value is None:
            raise ReferenceError_(f"引用“{term}”的单元格未填写，无法写入文字")
        total += value
    return format_number(total)


def resolve(text: str, edition: str, year: int, cell) -> str:
    """``text`` with every ``{{…}}`` replaced by its figure."""
    return REF.sub(lambda m: evaluate(m.group(1), edition, year, cell), text)


def references_in(text: str) -> list[str]:
    return [m.group(1) for m in REF.finditer(text)]
