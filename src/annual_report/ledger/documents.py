"""Table A's 规章 and 行政规范性文件 rows counted from the register of documents.

For year Y: 本年制发 — published in Y; 本年废止 — repealed (废止 or 失效) in Y; 现行有效 —
published by 31 December of Y and not repealed by then (and the same at the end of Y−1, to
compare with last year's report)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ..model.register import Document, DocumentTally, RegisterIssue

COLUMNS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数")


def _in_force(doc: Document, end: date) -> bool:
    return doc.published <= end and (doc.repealed is None or doc.repealed > end)


def tally_documents(docs: list[Document], issues: list[RegisterIssue], year: int, source: str = "") -> DocumentTally:
    start, end, before = date(year, 1, 1), date(year, 12, 31), date(year - 1, 12, 31)
    cells: dict = defaultdict(list)
    previous: dict = defaultdict(list)
    for doc in docs:
        row = doc.kind
        if start <= doc.published <= end:
            cells[(row, "本年制发件数")].append(doc.ref)
        if doc.repealed is not None and start <= doc.repealed <= end:
            cells[(row, "本年废止件数")].append(doc.ref)
        if _in_force(doc, end):
            cells[(row, "现行有效件数")].append(doc.ref)
        if _in_force(doc, before):
            previous[row].append(doc.ref)
    out = {(row, col): tuple(cells.get((row, col), ())) for row in ("规章", "行政规范性文件") for col in COLUMNS_2021}
    prev = {row: tuple(previous.get(row, ())) for row in ("规章", "行政规范性文件")}
    return DocumentTally(year, source, out, prev, tuple(docs), tuple(issues))
