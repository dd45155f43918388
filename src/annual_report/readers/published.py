"""A published report (web page, PDF) as the model, from its text blocks and table grids.

The HTML and PDF readers turn their file into a stream of paragraphs and grids; this module
maps the grids with the shared :class:`~annual_report.readers.tables.TableMapper` (by label,
as in a .docx) and splits the paragraphs into title, preface and the six parts with the same
functions as the .docx reader (:mod:`annual_report.readers.docx.parts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model.report import Body, CellRef, FrozenDict, Paragraph, Part, ReadIssue, Report, Source
from .docx.parts import filename_year, find_date, find_period, find_title, heading_part
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
            self.issues.append(
                ReadIssue("unknown_table", f"第{grid.index + 1}个表格不是三张法定表格之一，其内容已作为正文读取，未参与表格核对", cell=CellRef(grid.index, 0, 0))
            )
        return False


def assemble(stream: Stream, path: Path, kind: str) -> Report:
    """The report of a stream, as :func:`~annual_report.readers.docx.read_docx` builds one."""
    texts = stream.texts
    title = find_title(texts)
    preface: list[str] = []
    parts: list[tuple[str, str, list[str]]] = []
    period = None
    publication = None
    for text in texts[title.paragraphs:]:
        number = heading_part(text)
        if number is not None:
            parts.append((number, text, []))
            continue
        if period is None:
            period = find_period(text)
        date = find_date(text)
        if date:
            publication = date
            continue
        if title.body and text == title.body and parts and parts[-1][0] == "六":
            continue  # the signature under part 六
        (parts[-1][2] if parts else preface).append(text)
    tables = stream.mapper.result(None)
    issues = list(stream.issues) + list(tables.issues)
    claims = {}
    if title.year:
        claims["title"] = title.year
    if period:
        claims["period"] = period[0]
    file_year = filename_year(path.stem)
    if file_year:
        claims["filename"] = file_year
    if not title.title:
        issues.append(ReadIssue("title_not_found", "没有找到报告标题（应含机关名称、年度和“政府信息公开工作年度报告”）"))
    return Report(
        body=Body(title.body),
        year=title.year or (period[0] if period else None) or file_year,
        edition=tables.edition if tables.tables else None,
        title=title.title,
        preface=tuple(Paragraph(t, None, k) for k, t in enumerate(preface)),
        parts=tuple(Part(n, h, tuple(Paragraph(t, n, k) for k, t in enumerate(ps))) for n, h, ps in parts),
        tables=FrozenDict(tables.tables),
        source=Source(str(path), kind),
        issues=tuple(issues),
        meta=FrozenDict({"period": period, "year_claims": FrozenDict(claims), "publication_date": publication}),
    )
