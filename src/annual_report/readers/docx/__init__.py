"""Reading a .docx report — ours or a colleague's draft from Word or WPS — into the model.

The reader walks the WordprocessingML itself (lxml), which costs a fraction of python-docx's
``row.cells``.  It finds the title, the preface with its statistics period, the six parts
(headings in the format's wording and common variants) and tables A, B and C by their
labels.  It judges nothing: whatever it cannot map becomes a :class:`ReadIssue` in the model,
which rule AR010 and its neighbours report.
"""

from __future__ import annotations

from pathlib import Path

from ...model.limits import MAX_PARAGRAPH_CHARS, MAX_TABLE_ROWS
from ...model.report import CellRef, FrozenDict, ReadIssue, Report, Source
from ...ooxml.package import parse_xml, read_part
from ...ooxml.xml import (
    TBL,
    TR,
    P,
    body_blocks,
    cell_blocks,
    cell_elements,
    has_revisions,
    paragraph_text,
    paragraph_too_long,
    textbox_paragraphs,
    w,
)
from ...plugins.hookspecs import hookimpl
from ...text.outline import heading_part
from ..tables import TableMapper, has_figures, is_statutory
from .tables import table_grid



def read_docx(path: Path | str) -> Report:
    path = Path(path)
    root = parse_xml(read_part(path), path)
    body = root.find(w("body"))
    if body is None:
        from ...model.errors import UserError

        raise UserError(f"{path} 的正文为空，不是有效的 Word 文档")
    issues: list[ReadIssue] = []
    all_tables = list(body.iter(TBL))  # kept alive so that lxml's proxies (and ids) stay stable
    table_index = {id(t): i for i, t in enumerate(all_tables)}
    top_paragraphs = body.findall(P)
    p_index = {id(p): i for i, p in enumerate(top_paragraphs)}

    # paragraphs (with text boxes) and tables, in order; a table that is none of the statutory
    # tables (a layout table holding the whole report, a note in a box) is read as text
    texts: list[tuple[str, int | None]] = []
    mapper = TableMapper()
    walk = _Walk(table_index, p_index, mapper, issues, texts)
    walk.blocks(body_blocks(body))

    from ..assembly import assemble

    return assemble(texts, mapper.result(None), issues, path, Source(str(path), "docx", has_revisions(body)))


class _Walk:
    """The body in document order: paragraph texts into ``texts``, statutory tables into the
    mapper, other tables opened up like containers (their paragraphs are text, their own
    tables are walked in turn)."""

    def __init__(self, table_index, p_index, mapper: TableMapper, issues: list[ReadIssue], texts):
        self.table_index, self.p_index = table_index, p_index
        self.mapper, self.issues, self.texts = mapper, issues, texts
        self.continues = False  # the last block was a statutory table (a split one may go on)

    def blocks(self, blocks) -> None:
        for block in blocks:
            if block.tag == P:
                self.paragraph(block)
            else:
                self.table(block)

    def paragraph(self, p) -> None:
        text = paragraph_text(p)
        if paragraph_too_long(text):
            self.issues.append(ReadIssue("paragraph_too_long", data=FrozenDict(limit=MAX_PARAGRAPH_CHARS)))
        self.texts.append((text, self.p_index.get(id(p))))
        for extra in textbox_paragraphs(p):
            self.texts.append((extra, self.p_index.get(id(p))))
        if heading_part(text.strip()) is not None:
            # a new part: whatever table comes next starts afresh (no continuation of C)
            self.mapper.end_context()
            self.continues = False

    def table(self, tbl) -> None:
        index = self.table_index[id(tbl)]
        grid, total_rows = table_grid(tbl, index, MAX_TABLE_ROWS)
        if total_rows > MAX_TABLE_ROWS:
            self.issues.append(
                ReadIssue("table_too_long", cell=CellRef(index, 0, 0), data=FrozenDict(rows=total_rows, read=MAX_TABLE_ROWS))
            )
        if is_statutory(grid) or (self.continues and self.mapper.state.kind is not None):
            self.mapper.feed(grid)
            self.continues = True
            for nested in grid.nested:
                self.table(nested)
                self.continues = True
            return
        # not a statutory table: its text is narrative, its nested tables are walked
        if has_figures(grid):
            self.issues.append(
                ReadIssue("unknown_table", cell=CellRef(index, 0, 0))
            )
        self.continues = False
        for tr in tbl.findall(TR)[:MAX_TABLE_ROWS]:
            for tc in cell_elements(tr):
                self.blocks(cell_blocks(tc))


@hookimpl
def register_readers(register):
    from .. import Reader

    register(Reader("docx", (".docx", ".docm"), read_docx))
