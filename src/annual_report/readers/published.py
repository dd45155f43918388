"""A published report (web page, PDF) as the model, from its text blocks and table grids.

The HTML and PDF readers turn their file into a stream of paragraphs and grids; this module
maps the grids with the shared :class:`~annual_report.readers.tables.TableMapper` (by label,
as in a .docx) and splits the paragraphs into title, preface and the six parts with the same
functions as the .docx reader (:mod:`annual_report.readers.docx.parts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model.report import CellRef, FrozenDict, ReadIssue, Report, Source
from .docx.parts import heading_part
from .grid import Grid
from .tables import TableMapper, has_figures, is_statutory


@dataclass
class Stream:
    """Paragraph texts and statutory tables in reading order."""

    texts: list[str] = field(default_factory=list)
    mapper: TableMapper = field(default_factory=TableMapper)
    issues: list[ReadIssue] = field(default_factory=list)
    continues: bool = False  # the last block was a statutory table (a split one may go on)
    tables: int = 0
    part: str | None = None  # the part whose heading came last
    images: list[tuple[str | None, int | None]] = field(default_factory=list)  # (part, page)
    image_pages: list[int] = field(default_factory=list)  # pages that are only a picture

    def paragraph(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        self.texts.append(text)
        self.continues = False
        number = heading_part(text)
        if number is not None:
            self.mapper.end_context()
            self.part = number

    def image(self, page: int | None = None) -> None:
        """A picture as large as a table, in the part it stands in."""
        self.images.append((self.part, page))

    def image_page(self, page: int) -> None:
        """A page with no text but a picture (a scanned page inside a PDF with a text layer)."""
        self.image_pages.append(page)

    def table(self, grid: Grid) -> bool:
        """Feed a grid if it is (part of) a statutory table; False if it is not (the caller
        then reads its cells as text)."""
        self.tables += 1
        if is_statutory(grid) or (self.continues and self.mapper.state.kind is not None and has_figures(grid)):
            self.mapper.feed(grid)
            self.continues = True
            return True
        if has_figures(grid):
            self.issues.append(ReadIssue("unknown_table", cell=CellRef(grid.index, 0, 0)))
        return False


TABLE_OF_PART = {"二": "A", "三": "B", "四": "C"}
UNREAD_PAGES = ("page_image", "pages_not_saved")  # issues of pages not read at all


def assemble(stream: Stream, path: Path, kind: str) -> Report:
    """The report of a stream, built as :func:`~annual_report.readers.docx.read_docx` builds one.

    What could not be read is said once: a statutory table given as a picture is one
    ``table_image`` issue (not "table not found", nor its rows missing), pages that are only
    pictures one ``page_image`` issue."""
    from .assembly import assemble as build

    tables = stream.mapper.result(None)
    issues = list(stream.issues)
    pictured: dict[str, list[int | None]] = {}
    for part, page in stream.images:
        name = TABLE_OF_PART.get(part or "")
        if name and name not in tables.tables:
            pictured.setdefault(name, []).append(page)
    for name, pages in pictured.items():
        shown = tuple(sorted({p for p in pages if p is not None}))
        part = next(n for n, t in TABLE_OF_PART.items() if t == name)
        issues.append(ReadIssue("table_image", table=name, part=part, data=FrozenDict(pages=shown)))
    tables.issues = [i for i in tables.issues if not (i.kind == "table_not_found" and i.table in pictured)]
    if stream.image_pages:
        issues.append(ReadIssue("page_image", data=FrozenDict(pages=tuple(stream.image_pages))))
    if any(i.kind in UNREAD_PAGES for i in issues):
        # what the unread pages held (a table's start, its header, its end) is not missing
        issues = [i for i in issues if i.kind != "unknown_table"]
        tables.issues = [i for i in tables.issues if i.kind not in ("table_not_found", "missing_row", "missing_cell", "header_not_understood")]
    return build([(t, None) for t in stream.texts], tables, issues, path, Source(str(path), kind))
