"""A published report (web page, PDF) as the model, from its text blocks and table grids.

The HTML and PDF readers turn their file into a stream of paragraphs and grids; this module
maps the grids with the shared :class:`~annual_report.readers.tables.TableMapper` (by label,
as in a .docx) and splits the paragraphs into title, preface and the six parts with the same
functions as the .docx reader (:func:`~annual_report.readers.assembly.assemble`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model.report import CellRef, ReadIssue, Report, Source
from ..text.outline import heading_part
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

    def paragraph(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        self.texts.append(text)
        self.continues = False
        if heading_part(text) is not None:
            self.mapper.end_context()

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


def report_from_stream(stream: Stream, path: Path, kind: str) -> Report:
    """The report of a stream, built as :func:`~annual_report.readers.docx.read_docx` builds one."""
    from .assembly import assemble

    return assemble([(t, None) for t in stream.texts], stream.mapper.result(None), stream.issues, path, Source(str(path), kind))
