"""Generate the bundled docxtpl templates ``templates/report-2021.docx`` and
``templates/report-2019.docx`` from the layouts.

The tables are laid out as in the national format, merged header cells included; each value
cell holds one tag ``{{ c['B/new/自然人'] }}`` in a single run, so Word's run splitting
cannot break it.  Run ``python -m annual_report.writer.templates`` after changing the layout or
the look; a test checks the committed templates against the layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..model.layout import (
    B_COLUMN_GROUP,
    B_COMPONENT_COLUMNS,
    B_HEADER_NOTE,
    B_ORG_COLUMNS,
    B_ORG_GROUP,
    C_COLUMNS,
    PART_NUMBERS,
    TABLE_OF_PART,
    part_heading,
    table_layout,
)
from . import styles as st


def cell_key(table: str, row: str, col: str) -> str:
    return f"{table}/{row}/{col}"


def tag(table: str, row: str, col: str) -> str:
    return "{{ c['%s'] }}" % cell_key(table, row, col)


@dataclass
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    align_left: bool = False


# Column widths in mm; each table fills the type area (210 − 28 − 26 = 156 mm).  Label
# columns are wide enough that the long row labels of table B wrap to two or three lines.
COLUMN_WIDTHS_MM = {
    "A": (45.0, 37.0, 37.0, 37.0),
    "B": (9.0, 17.0, 50.0) + (80.0 / 7,) * 7,
    "C": (156.0 / 15,) * 15,
}
# Table C has fifteen narrow columns: one size smaller (小五) than tables A and B (五号).
FONT_SIZES = {"A": st.TABLE_SIZE, "B": st.TABLE_SIZE, "C": st.TABLE_SIZE_SMALL}


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _set_widths(table, widths_mm: tuple[float, ...]) -> None:
    """Fixed column widths: the grid, and every cell's ``w:tcW`` (the sum of the grid
    columns it spans), which Word and LibreOffice both honour with a fixed layout."""
    tbl = table._tbl
    for grid_col, mm in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths_mm):
        grid_col.set(qn("w:w"), str(_twips(mm)))
    table.autofit = False  # w:tblLayout w:type="fixed", in its schema position
    for tr in tbl.tr_lst:
        col = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Mm(sum(widths_mm[col : col + span]))
            col += span


# Cell margins (top/bottom, left/right, mm): room around the text, less at the sides of table
# C's fifteen narrow columns.  Word's default is 0 above and below, 1.9 mm at the sides.
CELL_MARGINS_MM = {"A": (1.0, 1.5), "B": (1.0, 1.5), "C": (1.0, 0.8)}


def _set_cell_margins(table, vertical_mm: float, horizontal_mm: float) -> None:
    """The table's default cell margins (w:tblCellMar, before w:tblLook in w:tblPr)."""
    tbl_pr = table._tbl.tblPr
    margins = tbl_pr.find(qn("w:tblCellMar"))
    if margins is None:
        margins = OxmlElement("w:tblCellMar")
        look = tbl_pr.find(qn("w:tblLook"))
        if look is not None:
            look.addprevious(margins)
        else:
            tbl_pr.append(margins)
    for side, mm in (("top", vertical_mm), ("left", horizontal_mm), ("bottom", vertical_mm), ("right", horizontal_mm)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(_twips(mm)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)


def _mark_header_rows(table, n_rows: int) -> None:
    """Repeat the header rows on every page and never split a row across pages."""
    for index, tr in enumerate(table._tbl.tr_lst):
        tr_pr = tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))  # schema order: cantSplit before tblHeader
        if index < n_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))


def _render_grid(document, cells: list[Cell], n_rows: int, n_cols: int, name: str = ""):
    table = document.add_table(rows=n_rows, cols=n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    size = FONT_SIZES.get(name, st.TABLE_SIZE)
    for c in cells:
        top = table.cell(c.row, c.col)
        if c.rowspan > 1 or c.colspan > 1:
            top = top.merge(table.cell(c.row + c.rowspan - 1, c.col + c.colspan - 1))
        top.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = top.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if c.align_left else WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.line_spacing = 1.0
        run = p.add_run(c.text)
        st.set_run_font(run, st.TABLE_FONT, size, bold=True if c.header else None)
    _set_cell_margins(table, *CELL_MARGINS_MM.get(name, CELL_MARGINS_MM["A"]))
    if name in COLUMN_WIDTHS_MM:
        _set_widths(table, COLUMN_WIDTHS_MM[name])
        first_data_row = min(c.row for c in cells if not c.header)
        _mark_header_rows(table, first_data_row if name in ("B", "C") else 0)
    return table


def _value_spans(n_values: int, width: int) -> list[int]:
    """How many grid columns each of ``n_values`` cells spans in a row ``width`` wide."""
    if n_values == width:
        return [1] * width
    if n_values == 1:
        return [width]
    return [1] * (n_values - 1) + [width - n_values + 1]


def table_a_cells(edition: str) -> tuple[list[Cell], int, int]:
    layout = table_layout(edition, "A")
    cells: list[Cell] = []
    r = 0
    width = 3
    for block in layout.groups:
        rows = [row for row in layout.rows if row.group == block.id]
        cells.append(Cell(block.label, r, 0, colspan=1 + width, header=True))
        r += 1
        cols = rows[0].columns
        cells.append(Cell(layout.label_key, r, 0, header=True))
        c = 1
        for col, span in zip(cols, _value_spans(len(cols), width)):
            cells.append(Cell(col.label, r, c, colspan=span, header=True))
            c += span
        r += 1
        for row in rows:
            cells.append(Cell(row.label, r, 0))
            c = 1
            for col, span in zip(row.columns, _value_spans(len(row.columns), width)):
                cells.append(Cell(tag("A", row.id, col.id), r, c, colspan=span))
                c += span
            r += 1
    return cells, r, 1 + width


def table_b_cells(edition: str) -> tuple[list[Cell], int, int]:
    layout = table_layout(edition, "B")
    cells = [
        Cell(B_HEADER_NOTE, 0, 0, rowspan=3, colspan=3, header=True),
        Cell(B_COLUMN_GROUP, 0, 3, colspan=7, header=True),
        Cell(B_COMPONENT_COLUMNS[0], 1, 3, rowspan=2, header=True),
        Cell(B_ORG_GROUP, 1, 4, colspan=5, header=True),
        Cell("总计", 1, 9, rowspan=2, header=True),
    ]
    cells += [Cell(name, 2, 4 + i, header=True) for i, name in enumerate(B_ORG_COLUMNS)]
    r = 3
    result_rows = [row for row in layout.rows if row.group is not None]
    first_result = r + 2
    cells.append(Cell(layout.group("result").label, first_result, 0, rowspan=len(result_rows)))
    for row in layout.rows:
        if row.group is None:
            cells.append(Cell(row.label, r, 0, colspan=3, align_left=True))
        elif row.group == "result":
            cells.append(Cell(row.label, r, 1, colspan=2, align_left=True))
        else:
            items = layout.items(row.group)
            if row is items[0]:
                cells.append(Cell(layout.group(row.group).label, r, 1, rowspan=len(items)))
            cells.append(Cell(row.label, r, 2, align_left=True))
        for i, col in enumerate(row.columns):
            cells.append(Cell(tag("B", row.id, col.id), r, 3 + i))
        r += 1
    return cells, r, 10


def table_c_cells(edition: str) -> tuple[list[Cell], int, int]:
    layout = table_layout(edition, "C")
    review, direct, after = layout.rows
    cells = [
        Cell("行政复议", 0, 0, colspan=5, header=True),
        Cell("行政诉讼", 0, 5, colspan=10, header=True),
        Cell(direct.label, 1, 5, colspan=5, header=True),
        Cell(after.label, 1, 10, colspan=5, header=True),
    ]
    cells += [Cell(col.label, 1, i, rowspan=2, header=True) for i, col in enumerate(C_COLUMNS)]
    for block, row in ((1, direct), (2, after)):
        cells += [Cell(col.label, 2, block * 5 + i, header=True) for i, col in enumerate(C_COLUMNS)]
    for block, row in enumerate((review, direct, after)):
        cells += [Cell(tag("C", row.id, col.id), 3, block * 5 + i) for i, col in enumerate(row.columns)]
    return cells, 4, 15


TABLE_CELLS = {"A": table_a_cells, "B": table_b_cells, "C": table_c_cells}


def _loop(document, collection: str) -> None:
    """Paragraphs that docxtpl turns into one paragraph per item of ``collection``: a 二级标题
    on its own line in 标题 2 (楷体), else a body paragraph whose opening heading, if it has
    one, is in 楷体 (see :func:`annual_report.writer.render.narrative_paragraph`)."""
    document.add_paragraph("{%p for para in " + collection + " %}")
    document.add_paragraph("{%p if para.own_line %}")
    st.heading_paragraph(document, "{{ para.heading }}", level=2)
    document.add_paragraph("{%p else %}")
    st.headed_body_paragraph(document, "{{ para.heading }}", "{{ para.text }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")


def build_template(edition: str):
    document = Document()
    st.setup_page(document)
    # One paragraph per title line (the writer breaks a long title after the body's name,
    # as GB/T 9704 asks: lines break between words, not inside one).
    document.add_paragraph("{%p for line in title_lines %}")
    st.title_paragraph(document, "{{ line }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph()  # the blank line between title and text
    _loop(document, "preface")
    for number in PART_NUMBERS:
        st.heading_paragraph(document, part_heading(number))
        if number in TABLE_OF_PART:
            name = TABLE_OF_PART[number]
            cells, rows, cols = TABLE_CELLS[name](edition)
            _render_grid(document, cells, rows, cols, name)
        else:
            _loop(document, f"parts['{number}']")
    document.add_paragraph()
    p = st.body_paragraph(document, "{{ signature }}", indent=False)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p = st.body_paragraph(document, "{{ date_text }}", indent=False)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return document


def template_name(edition: str) -> str:
    return f"report-{edition}.docx"


def main(argv: list[str] | None = None) -> None:
    """``python -m annual_report.writer.templates [FOLDER]``: write both templates to FOLDER
    (default: the bundled templates/, for developers; a workspace's templates/ to start a
    local override from the bundled look)."""
    import sys

    from ..resources import templates_dir

    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else Path(templates_dir())
    folder.mkdir(parents=True, exist_ok=True)
    for edition in ("2019", "2021"):
        path = folder / template_name(edition)
        build_template(edition).save(path)
        print(f"已写入 {path}")


if __name__ == "__main__":
    main()
