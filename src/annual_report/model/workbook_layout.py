"""The layout of the statistics workbook: which sheet holds which table, where each label and
number cell sits, which cells are merged, the info and text sheets.  Shared by the workbook
writer (:mod:`annual_report.writer.workbook`) and the workbook reader
(:mod:`annual_report.readers.xlsx`), which checks that the merges are still the ones written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .layout import (
    B_COLUMN_GROUP,
    B_COMPONENT_COLUMNS,
    B_HEADER_NOTE,
    B_ORG_COLUMNS,
    B_ORG_GROUP,
    C_RESULT_COLUMNS,
    table_layout,
    table_name,
)

SHEET_NAMES = {key: f"{table_name(key)} {short}" for key, short in (("A", "主动公开"), ("B", "依申请"), ("C", "复议诉讼"))}
INFO_SHEET = "基本信息"
TEXT_SHEET = "文字部分"
PREFACE_LABEL = "前言"
# (label, data key): the rows of the info sheet, column A label, column B value
INFO_ROWS = (
    ("机关名称", "name"),
    ("机关层级", "level"),
    ("所在地区", "region"),
    ("报告年度", "year"),
    ("格式版本", "edition"),
    ("报告标题（可不填）", "title"),
    ("发布日期（可不填，如 2025-01-20）", "publication_date"),
)
TEXT_HEADER = ("部分", "段落（每段一行）")


def column_letter(col: int) -> str:
    """1 → A, 27 → AA."""
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


@dataclass
class SheetPlan:
    """Where everything of one table sits in its sheet (rows and columns 1-based)."""

    table: str
    edition: str
    labels: dict[tuple[int, int], str] = field(default_factory=dict)  # header and row label cells
    headers: set[tuple[int, int]] = field(default_factory=set)  # the label cells that get a comment
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row1, col1, row2, col2)
    inputs: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)  # (row_id, col_id) -> cell
    totals: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)  # formula cells
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    kinds: dict[tuple[int, int], str] = field(default_factory=dict)  # cell -> column kind
    width: int = 0

    def label(self, row: int, col: int, text: str, *, to_row: int | None = None, to_col: int | None = None, note: bool = True) -> None:
        self.labels[(row, col)] = text
        if note:
            self.headers.add((row, col))
        to_row, to_col = to_row or row, to_col or col
        if (to_row, to_col) != (row, col):
            self.merges.append((row, col, to_row, to_col))

    def cell_names(self) -> dict[tuple[int, int], tuple[str, str]]:
        return {cell: key for key, cell in {**self.inputs, **self.totals}.items()}


def _blank_total(cells: str) -> str:
    # a total stays blank while none of its cells has been filled (blank is "missing", not 0)
    return f'IF(COUNT({cells})=0,"",SUM({cells}))'


def _plan_a(edition: str) -> SheetPlan:
    layout = table_layout(edition, "A")
    plan = SheetPlan("A", edition)
    width = 1 + max(len(r.columns) for r in layout.rows)
    plan.width = width
    r = 1
    for group in layout.groups:
        rows = layout.items(group.id)
        plan.label(r, 1, group.label, to_col=width)
        r += 1
        columns = rows[0].columns
        plan.label(r, 1, layout.label_key)
        for i, col in enumerate(columns):
            last = i == len(columns) - 1
            plan.label(r, 2 + i, col.label, to_col=width if last else None)
        r += 1
        for row in rows:
            plan.label(r, 1, row.label)
            for i, col in enumerate(row.columns):
                cell = (r, 2 + i)
                plan.inputs[(row.id, col.id)] = cell
                plan.kinds[cell] = col.kind
                if i == len(row.columns) - 1 and 2 + i < width:
                    plan.merges.append((r, 2 + i, r, width))
            r += 1
    return plan


def _plan_b(edition: str) -> SheetPlan:
    layout = table_layout(edition, "B")
    plan = SheetPlan("B", edition)
    first = 4  # first value column (D); A–C hold the labels
    cols = {c: first + i for i, c in enumerate(B_COMPONENT_COLUMNS)}
    total_col = first + len(B_COMPONENT_COLUMNS)
    plan.width = total_col
    plan.label(1, 1, B_HEADER_NOTE, to_row=3, to_col=3)
    plan.label(1, first, B_COLUMN_GROUP, to_col=total_col)
    plan.label(2, cols["自然人"], "自然人", to_row=3)
    plan.label(2, cols[B_ORG_COLUMNS[0]], B_ORG_GROUP, to_col=cols[B_ORG_COLUMNS[-1]])
    for c in B_ORG_COLUMNS:
        plan.label(3, cols[c], c)
    plan.label(2, total_col, "总计", to_row=3)
    r = 4
    result_rows = [row for row in layout.rows if row.group is not None]
    result_start = r + layout.rows.index(result_rows[0])
    result_end = result_start + len(result_rows) - 1
    summed = []  # rows that (七)总计 adds up
    groups_done: set[str] = set()
    for row in layout.rows:
        if row.group is None:
            plan.label(r, 1, row.label, to_col=3)
        else:
            if r == result_start:
                plan.label(r, 1, layout.group("result").label, to_row=result_end)
            if row.group == "result":
                plan.label(r, 2, row.label, to_col=3)
            else:
                if row.group not in groups_done:
                    groups_done.add(row.group)
                    items = layout.items(row.group)
                    plan.label(r, 2, layout.group(row.group).label, to_row=r + len(items) - 1)
                plan.label(r, 3, row.label)
            if row.id != "total":
                summed.append(r)
        for c, col in cols.items():
            if row.id == "total":
                cells = f"{column_letter(col)}{summed[0]}:{column_letter(col)}{summed[-1]}"
                plan.totals[(row.id, c)] = (r, col)
                plan.formulas[(r, col)] = _blank_total(cells)
            else:
                plan.inputs[(row.id, c)] = (r, col)
            plan.kinds[(r, col)] = "count"
        plan.totals[(row.id, "总计")] = (r, total_col)
        plan.formulas[(r, total_col)] = _blank_total(f"{ref(r, first)}:{ref(r, total_col - 1)}")
        plan.kinds[(r, total_col)] = "count"
        r += 1
    return plan


def _plan_c(edition: str) -> SheetPlan:
    layout = table_layout(edition, "C")
    plan = SheetPlan("C", edition)
    n = len(C_RESULT_COLUMNS) + 1
    plan.width = n * len(layout.rows)
    review = [row for row in layout.rows if row.group == "review"]
    plan.label(1, 1, layout.group("review").label, to_col=n * len(review))
    plan.label(1, n * len(review) + 1, layout.group("litigation").label, to_col=plan.width)
    for i, row in enumerate(layout.rows):
        start = 1 + i * n
        if row.group == "litigation":
            plan.label(2, start, row.label, to_col=start + n - 1)
        for j, col in enumerate(row.columns):
            c = start + j
            if row.group == "review":
                plan.label(2, c, col.label, to_row=3)
            else:
                plan.label(3, c, col.label)
            if col.id == "总计":
                plan.totals[(row.id, col.id)] = (4, c)
                plan.formulas[(4, c)] = _blank_total(f"{ref(4, start)}:{ref(4, c - 1)}")
            else:
                plan.inputs[(row.id, col.id)] = (4, c)
            plan.kinds[(4, c)] = "count"
    return plan


def sheet_plan(edition: str, table: str) -> SheetPlan:
    return {"A": _plan_a, "B": _plan_b, "C": _plan_c}[table](edition)
