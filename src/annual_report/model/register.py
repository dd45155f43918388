"""The register of applications (依申请公开登记台账) as facts, and the tally made from it.

A register reader (:mod:`annual_report.readers.register`) produces a :class:`Register`: one
:class:`Application` per usable row and a :class:`RegisterIssue` for every cell it could not
map.  :mod:`annual_report.ledger.tally` turns a register into a :class:`Tally` — every cell of
tables B and C with the register rows behind it, and the answers given late — which the
ledger rules compare with a report.  Everything here is plain, frozen and picklable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class RowRef:
    """Where an application is written: the sheet (or file) name and the row number a
    spreadsheet shows (1-based, header rows included)."""

    sheet: str
    row: int
    number: str = ""  # its 编号, when it has one

    @property
    def label(self) -> str:
        return f"第{self.row}行" + (f"（{self.number}）" if self.number else "")


@dataclass(frozen=True, slots=True)
class Case:
    """A 行政复议 or 行政诉讼 about an application's answer."""

    filed: date
    result: str | None = None  # a column of table C ("结果维持" …), None: not decided
    decided: date | None = None


@dataclass(frozen=True, slots=True)
class Application:
    ref: RowRef
    received: date
    applicant: str  # a component column of table B: "自然人", "商业企业", …
    content: str = ""
    correction_asked: bool = False
    correction_received: date | None = None
    extended: bool = False
    extension_days: int | None = None  # working days of the approved extension (None: 20)
    consult_days: int = 0  # working days spent consulting third parties (not counted)
    answered: date | None = None
    outcome: str | None = None  # a result row id of table B ("open", "deny.4", …)
    review: Case | None = None
    litigation: Case | None = None


@dataclass(frozen=True, slots=True)
class RegisterIssue:
    """A cell or row the reader could not use.  ``kind``: "bad_date", "no_year", "bad_value",
    "missing", "answer_before_receipt", "duplicate_number", "formula", "no_header",
    "missing_column", "too_many_rows", "encoding"; ``excluded``: the row is left out of the counts."""

    kind: str
    ref: RowRef | None = None
    column: str = ""  # the column's header as written
    text: str = ""  # the cell as written
    excluded: bool = False
    detail: str = ""  # e.g. the other row of a duplicate number, the field a missing value is


@dataclass(frozen=True)
class Register:
    path: str
    applications: tuple[Application, ...] = ()
    issues: tuple[RegisterIssue, ...] = ()
    columns: tuple[tuple[str, str], ...] = ()  # (field, header as written) of the columns found
    encoding: str = ""  # of a CSV file


@dataclass(frozen=True, slots=True)
class LateAnswer:
    ref: RowRef
    start: date  # the day the period starts from (receipt, or receipt of the 补正)
    due: date  # the last day of the period
    answered: date | None  # None: still not answered at the end of the year
    working_days: int  # working days used (consultation not counted)
    allowed: int  # working days allowed (20, or 20 + the extension)


@dataclass(frozen=True, eq=False)
class Tally:
    """Tables B and C counted from a register for ``year``: ``cells`` maps ``(table, row_id,
    column_id)`` to the register rows it counts (the count is their number); ``late`` are
    answers given after the statutory period (or still pending past it at year end)."""

    year: int
    source: str
    cells: dict = field(default_factory=dict)  # (table, row, col) -> tuple[RowRef, ...]
    late: tuple[LateAnswer, ...] = ()
    issues: tuple[RegisterIssue, ...] = ()
    calendar_note: str = ""  # why deadlines were not checked (a year the calendar does not know)

    def count(self, table: str, row: str, col: str) -> int:
        return len(self.cells.get((table, row, col), ()))

    def rows(self, table: str, row: str, col: str) -> tuple[RowRef, ...]:
        return self.cells.get((table, row, col), ())


@dataclass(frozen=True, slots=True)
class Document:
    """A row of the register of 规章 and 行政规范性文件."""

    ref: RowRef
    number: str  # 文号 as written
    title: str
    kind: str  # "规章" | "行政规范性文件" (the rows of table A)
    published: date
    written: date | None = None
    repealed: date | None = None  # 废止 or 失效


@dataclass(frozen=True, eq=False)
class DocumentTally:
    """Table A's 第二十条第（一）项 rows counted from a document register for ``year``:
    ``cells`` maps ``(row, column)`` to the documents' rows; ``previous_current`` the rows in
    force at the end of the year before; ``documents`` every document read (for citations)."""

    year: int
    source: str
    cells: dict = field(default_factory=dict)
    previous_current: dict = field(default_factory=dict)  # row -> tuple[RowRef, ...]
    documents: tuple[Document, ...] = ()
    issues: tuple[RegisterIssue, ...] = ()

    def count(self, row: str, col: str) -> int:
        return len(self.cells.get((row, col), ()))


@dataclass(frozen=True, eq=False)
class PublishedTally:
    """Items published in ``year`` from an export of the portal's 信息公开 columns: the rows
    of each column (栏目) and of the year."""

    year: int
    source: str
    by_column: dict = field(default_factory=dict)  # 栏目 -> tuple[RowRef, ...]
    total: tuple[RowRef, ...] = ()
    issues: tuple[RegisterIssue, ...] = ()
