"""A table as every reader sees it, whatever the file format: rows of cells placed on a grid
of columns, with horizontal spans and vertical merges resolved.

The .docx reader builds grids from ``w:tbl`` (readers/docx/tables.py); readers of other
formats (HTML, PDF, XLSX) build the same grids, and :class:`~annual_report.readers.tables.TableMapper`
maps any of them onto tables A, B and C by their labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class GridCell:
    col: int  # first grid column
    span: int  # grid columns covered
    text: str  # the cell's text (a vertical merge continuation repeats the text above)
    tc: int  # index of the cell in its row as the file has it (for locating it again)
    continued: bool = False  # a vertical merge continuation (its text is the cell above)


@dataclass
class Grid:
    index: int  # the table's index among all tables of the document, in document order
    rows: list[list[GridCell]] = field(default_factory=list)
    nested: list = field(default_factory=list)  # format-specific nested tables, walked by the reader
