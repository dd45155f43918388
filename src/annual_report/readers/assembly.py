"""A report's text stream and mapped tables as the model: title, preface, the six parts, the
statistics period, the 落款 date and the year claims.  Shared by every reader that walks a
document in reading order (.docx, web pages, PDFs)."""

from __future__ import annotations

import re
from pathlib import Path

from ..model.report import Body, FrozenDict, Paragraph, Part, ReadIssue, Report, Source
from .docx.parts import filename_year, find_date, find_period, find_title, heading_part


_IMPRINT = re.compile(r"^(?:\S.{0,40}?\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})年\S{1,3}月\S{1,3}日\s*印发|抄送[:：].*|(?:主送|印发)[:：].*)$")


def assemble(texts: list[tuple[str, int | None]], tables, issues: list[ReadIssue], path: Path, source: Source) -> Report:
    """``texts``: (paragraph text, its index in the source document or None) in reading order;
    ``tables``: the :class:`~annual_report.readers.tables.TableMapper`'s result."""
    title = find_title([t for t, _ in texts])
    preface: list[tuple[str, int | None]] = []
    parts: list[tuple[str, str, int | None, list[tuple[str, int | None]]]] = []
    period = period_paragraph = publication = None
    for text, src in texts[title.paragraphs:]:
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
        if _IMPRINT.match(stripped):
            continue  # the 版记 of a 红头 document: who printed it and when, who it is copied to
        date = find_date(stripped)
        if date:
            publication = date
            continue
        if title.body and stripped == title.body and parts and parts[-1][0] == "六":
            continue  # the signature under part 六
        (parts[-1][3] if parts else preface).append((stripped, src))
    issues = list(issues) + list(tables.issues)
    claims = {}
    if title.year:
        claims["title"] = title.year
    if period:
        claims["period"] = period[0]
    file_year = filename_year(Path(path).stem)
    if file_year:
        claims["filename"] = file_year
    if not title.title:
        issues.append(ReadIssue("title_not_found"))
    return Report(
        body=Body(title.body),
        year=title.year or (period[0] if period else None) or file_year,
        edition=tables.edition if tables.tables else None,
        title=title.title,
        preface=tuple(Paragraph(t, None, k, s) for k, (t, s) in enumerate(preface)),
        parts=tuple(
            Part(number, heading, tuple(Paragraph(t, number, k, s) for k, (t, s) in enumerate(paras)), src)
            for number, heading, src, paras in parts
        ),
        tables=FrozenDict(tables.tables),
        source=source,
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
