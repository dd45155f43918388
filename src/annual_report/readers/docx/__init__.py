"""Reading a .docx report — ours or a colleague's draft from Word or WPS — into the model.

The reader walks the WordprocessingML itself (lxml), which costs a fraction of python-docx's
``row.cells``.  It finds the title, the preface with its statistics period, the six parts
(headings in the format's wording and common variants) and tables A, B and C by their
labels.  It judges nothing: whatever it cannot map becomes a :class:`ReadIssue` in the model,
which rule AR010 and its neighbours report.
"""

from __future__ import annotations

from pathlib import Path

from ...model.report import (
    Body,
    CellRef,
    FrozenDict,
    Paragraph,
    Part,
    ReadIssue,
    Report,
    Source,
)
from ...model.limits import MAX_PARAGRAPH_CHARS, MAX_TABLE_ROWS
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
from .parts import filename_year, find_date, find_period, find_title, heading_part
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

    title = find_title([t for t, _ in texts])
    preface: list[tuple[str, int]] = []
    parts: list[tuple[str, str, int, list[tuple[str, int]]]] = []
    period = None
    period_paragraph = None
    publication = None
    for i, (text, src) in enumerate(texts[title.paragraphs:], start=title.paragraphs):
        stripped = text.strip()
        if not stripped:
            continue
        number = heading_part(stripped)
        if number is not None:
            parts.append((number, stripped, src, []))
            continue
        if period is None:
            found = find_period(stripped)
            if found:
                period, period_paragraph = found, src
        date = find_date(stripped)
        if date:
            publication = date
            continue
        if title.body and stripped == title.body and parts and parts[-1][0] == "六":
            continue  # the signature under part 六
        (parts[-1][3] if parts else preface).append((stripped, src))

    tables = mapper.result(None)
    issues.extend(tables.issues)
    report_parts = tuple(
        Part(number, heading, tuple(Paragraph(t, number, k, s) for k, (t, s) in enumerate(paras)), src)
        for number, heading, src, paras in parts
    )
    claims = {}
    if title.year:
        claims["title"] = title.year
    if period:
        claims["period"] = period[0]
    file_year = filename_year(path.stem)
    if file_year:
        claims["filename"] = file_year
    year = title.year or (period[0] if period else None) or file_year
    if not title.title:
        issues.append(ReadIssue("title_not_found"))
    return Report(
        body=Body(title.body),
        year=year,
        edition=tables.edition if tables.tables else None,
        title=title.title,
        preface=tuple(Paragraph(t, None, k, s) for k, (t, s) in enumerate(preface)),
        parts=report_parts,
        tables=FrozenDict(tables.tables),
        source=Source(str(path), "docx", has_revisions(body)),
        issues=tuple(issues),
        meta=FrozenDict(
            {
                "period": period,
                "period_paragraph": period_paragraph,
                "year_claims": FrozenDict(claims),
                "publication_date": publication,
            }
        ),
    )


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
            self.issues.append(ReadIssue("paragraph_too_long", f"有一段超过 {MAX_PARAGRAPH_CHARS} 个字符，远超正常段落，只读取了前 {MAX_PARAGRAPH_CHARS} 个字符"))
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
