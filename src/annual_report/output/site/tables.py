"""The statutory tables as accessible HTML tables: the official grid of each table (the one
the .docx template is built from, :mod:`annual_report.writer.templates`) with its merged
headers as rowspan/colspan, every header a ``th`` with ``scope`` and an ``id``, every value
cell a ``td`` whose ``headers`` names its row and column headers, and the table's title as
its caption.  Returned as data; a jinja2 template writes the HTML."""

from __future__ import annotations

from dataclasses import dataclass

from ...model.layout import table_layout, table_name
from ...model.report import TableData


@dataclass(frozen=True)
class HtmlCell:
    tag: str  # "th" | "td"
    text: str
    rowspan: int = 1
    colspan: int = 1
    scope: str = ""  # th: col | colgroup | row | rowgroup
    id: str = ""
    headers: str = ""  # td: space-separated th ids
    missing: bool = False


@dataclass(frozen=True)
class HtmlTable:
    caption: str
    head: tuple[tuple[HtmlCell, ...], ...]  # rows of the header band at the top
    body: tuple[tuple[HtmlCell, ...], ...]


def _value_text(table: TableData, key: tuple[str, str]) -> tuple[str, bool]:
    value = table.values.get(key)
    if value is None:
        return (str(table.raw.get(key) or "").strip() or "未填写", True)
    if isinstance(value, float):
        return (f"{value:.2f}" if not value.is_integer() or table.layout.column(*key).kind == "amount" else str(int(value)), False)
    return (str(value), False)


def html_table(table: TableData, prefix: str) -> HtmlTable:
    from ...writer.templates import TABLE_CELLS, tag

    layout = table_layout(table.edition, table.name)
    keys = {tag(table.name, row.id, col.id): (row.id, col.id) for row in layout.rows for col in row.columns}
    cells, n_rows, _ = TABLE_CELLS[table.name](table.edition)
    ids = {id(c): f"{prefix}-{table.name}-r{c.row}c{c.col}" for c in cells}
    by_row: dict[int, list] = {r: [] for r in range(n_rows)}
    for c in cells:
        by_row[c.row].append(c)
    header_rows = {r for r, row in by_row.items() if row and all(c.header for c in row)}

    def band_above(r: int) -> list[int]:
        """The nearest run of header rows above row ``r`` (table A repeats its headers per block)."""
        while r - 1 >= 0 and r - 1 not in header_rows:
            r -= 1
        out = []
        while r - 1 >= 0 and r - 1 in header_rows:
            r -= 1
            out.append(r)
        return out

    def covers(c, row: int, col: int) -> bool:
        return c.row <= row < c.row + c.rowspan and c.col <= col < c.col + c.colspan

    labels = [c for c in cells if not c.header and c.text not in keys]
    head_end = 0
    while head_end in header_rows:
        head_end += 1
    rows_out: list[tuple[HtmlCell, ...]] = []
    for r in range(n_rows):
        out = []
        for c in sorted(by_row[r], key=lambda c: c.col):
            if c.header:
                scope = "col" if c.colspan == 1 else "colgroup"
                out.append(HtmlCell("th", c.text, c.rowspan, c.colspan, scope, ids[id(c)]))
            elif c.text in keys:
                band = band_above(r)
                col_heads = [h for h in cells if h.header and h.row in band and covers(h, h.row, c.col)]
                row_heads = [h for h in labels if covers(h, r, h.col) and h.col < c.col]
                headers = " ".join(ids[id(h)] for h in sorted(row_heads, key=lambda h: h.col) + sorted(col_heads, key=lambda h: h.row))
                text, missing = _value_text(table, keys[c.text])
                out.append(HtmlCell("td", text, c.rowspan, c.colspan, headers=headers, missing=missing))
            else:
                scope = "row" if c.rowspan == 1 else "rowgroup"
                out.append(HtmlCell("th", c.text, c.rowspan, c.colspan, scope, ids[id(c)]))
        rows_out.append(tuple(out))
    return HtmlTable(f"{table_name(table.name)}  {layout.title}", tuple(rows_out[:head_end]), tuple(rows_out[head_end:]))
