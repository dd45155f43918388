"""Reading a .docx report — ours or a colleague's draft from Word or WPS — into the model.

The reader walks the WordprocessingML itself (lxml), which costs a fraction of python-docx's
``row.cells``.  It finds the title, the preface with its statistics period, the six parts
(headings in the format's wording and common variants) and tables A, B and C by their
labels.  It judges nothing: whatever it cannot map becomes a :class:`ReadIssue` in the model,
which rule AR010 and its neighbours report.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Body, FrozenDict, Paragraph, Part, ReadIssue, Report, Source
from .package import parse_xml, read_part
from .parts import filename_year, find_date, find_period, find_title, heading_part
from .tables import TableMapper
from .xml import P, TBL, body_blocks, has_revisions, paragraph_text, table_grid, textbox_paragraphs, w

MAX_TABLE_ROWS = 300  # the statutory tables have < 40 rows; a huge table is read in part


def read_docx(path: Path | str) -> Report:
    path = Path(path)
    root = parse_xml(read_part(path), path)
    body = root.find(w("body"))
    if body is None:
        from ..errors import UserError

        raise UserError(f"{path} 的正文为空，不是有效的 Word 文档")
    issues: list[ReadIssue] = []
    all_tables = list(body.iter(TBL))  # kept alive so that lxml's proxies (and ids) stay stable
    table_index = {id(t): i for i, t in enumerate(all_tables)}
    top_paragraphs = body.findall(P)
    p_index = {id(p): i for i, p in enumerate(top_paragraphs)}

    # paragraphs (with text boxes) and tables, in order
    texts: list[tuple[str, int]] = []
    mapper = TableMapper()
    for block in body_blocks(body):
        if block.tag == P:
            src = p_index.get(id(block), -1)
            texts.append((paragraph_text(block), src))
            for extra in textbox_paragraphs(block):
                texts.append((extra, src))
        else:
            _feed_table(block, table_index, mapper, issues)

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
        issues.append(ReadIssue("title_not_found", "没有找到报告标题（应含机关名称、年度和“政府信息公开工作年度报告”）"))
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


def _feed_table(tbl, table_index: dict, mapper: TableMapper, issues: list[ReadIssue]) -> None:
    index = table_index[id(tbl)]
    grid, total_rows = table_grid(tbl, index, MAX_TABLE_ROWS)
    if total_rows > MAX_TABLE_ROWS:
        issues.append(
            ReadIssue("table_too_long", f"第{index + 1}个表格有 {total_rows} 行，远超法定表格，只读取了前 {MAX_TABLE_ROWS} 行")
        )
    mapper.feed(grid)
    for nested in grid.nested:
        _feed_table(nested, table_index, mapper, issues)
