"""The report model every reader produces and every rule reads.

A report read from our JSON data and a report read from a colleague's .docx draft end up as
the same :class:`Report`.  The model is immutable (frozen dataclasses, tuples and
:class:`FrozenDict`), so a plugin cannot change what the next plugin sees.

Table values are keyed by ``(row_id, column_id)`` from :mod:`annual_report.model.layout`.  A value
is an ``int`` or ``float``, or ``None`` when the cell is missing (blank, "—", "/", "无"):
missing values are never turned into zeros.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Union

from .layout import TableLayout, table_layout

Value = Union[int, float, None]


class FrozenDict(dict):
    """A dict that refuses changes (and, unlike ``MappingProxyType``, pickles and copies)."""

    def _readonly(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("报告数据为只读，规则不得修改")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _readonly  # type: ignore[assignment]
    __ior__ = _readonly  # type: ignore[assignment]

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items(), key=repr)))

    def __reduce__(self):  # pickling goes through dict(), not __setitem__
        return (FrozenDict, (dict(self),))


@dataclass(frozen=True, slots=True)
class CellRef:
    """Where a table value sits in a .docx: the ``w:tbl`` index among all tables of the body
    (document order, nested tables included, see the reader), the ``w:tr`` index and the
    ``w:tc`` index inside that row."""

    table: int
    row: int
    cell: int


@dataclass(frozen=True, slots=True)
class Body:
    name: str
    level: str = ""
    region: str = ""


# what a body's name may carry or leave out and still name the same body: "青溪镇" in a title is
# the 青溪镇人民政府 of the config, "城关街道" the 城关街道办事处 (a department, "…办公室", is not its government)
GOVERNMENT_SUFFIXES = ("人民政府", "政府", "办事处")


def normalise_body(name: str) -> str:
    """A body's name for grouping: NFKC, no spaces."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", name or "").split())


def body_core(name: str) -> str:
    """A body's name as compared across files: :func:`normalise_body`, without a trailing 人民政府/政府/办事处."""
    core = normalise_body(name)
    for suffix in GOVERNMENT_SUFFIXES:
        if core.endswith(suffix) and len(core) > len(suffix):
            return core[: -len(suffix)]
    return core


# a region written before a body's name: "青山县青溪镇人民政府" is the 青溪镇人民政府 of 青山县
REGION_ENDINGS = ("省", "市", "县", "区", "州", "盟", "旗", "自治区")


def same_body(a: str, b: str) -> bool:
    """Whether two names are one body's ("青溪镇", "青溪镇政府", "青溪镇人民政府", "青山县青溪镇人民政府");
    False when either is empty."""
    ca, cb = body_core(a), body_core(b)
    if not ca or not cb:
        return False
    if ca == cb:
        return True
    short, long = sorted((ca, cb), key=len)
    return len(short) >= 2 and long.endswith(short) and long[: -len(short)].endswith(REGION_ENDINGS)


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    part: str | None  # "一"…"六", or None for the title block and preface
    index: int  # position inside its part (0-based), as a reviewer counts paragraphs
    source: int | None = None  # index of the ``w:p`` among the body's paragraphs, for a .docx


@dataclass(frozen=True, slots=True)
class Part:
    number: str  # "一"…"六"
    heading: str  # the heading as written
    paragraphs: tuple[Paragraph, ...] = ()
    source: int | None = None  # paragraph index of the heading in a .docx

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True, slots=True)
class ReadIssue:
    """Something a reader met and could not map into the model: the facts only (it judges
    nothing and words nothing; a rule of :mod:`annual_report.rules.reading` turns each kind
    into a finding with its message)."""

    kind: str  # "unmapped_row", "table_not_found", "title_not_found", "bad_value", "missing_row", ...
    message: str = ""  # only a third-party reader's own wording of a kind of its own (AR019)
    table: str | None = None
    row: str | None = None
    column: str | None = None
    cell: CellRef | None = None
    paragraph: int | None = None
    part: str | None = None
    data: FrozenDict = field(default_factory=FrozenDict)  # e.g. {"text": "约3件"}, {"rows": 10000, "read": 300}


@dataclass(frozen=True)
class TableData:
    name: str  # "A" | "B" | "C"
    edition: str  # the layout the values follow ("2019" | "2021")
    values: FrozenDict = field(default_factory=FrozenDict)  # (row_id, col_id) -> Value
    raw: FrozenDict = field(default_factory=FrozenDict)  # (row_id, col_id) -> cell text as written
    sources: FrozenDict = field(default_factory=FrozenDict)  # (row_id, col_id) -> CellRef
    # Rows and columns a draft adds that the format does not have: subtotal rows of table B
    # groups, keyed (group_id, col_id); a 法人或其他组织 小计 column, keyed (row_id, "小计").
    subtotals: FrozenDict = field(default_factory=FrozenDict)
    extra_columns: FrozenDict = field(default_factory=FrozenDict)

    @property
    def layout(self) -> TableLayout:
        return table_layout(self.edition, self.name)

    def get(self, row: str, col: str) -> Value:
        return self.values.get((row, col))

    def is_missing(self, row: str, col: str) -> bool:
        return self.values.get((row, col)) is None

    def row_values(self, row: str) -> dict[str, Value]:
        return {c.id: self.values.get((row, c.id)) for c in self.layout.row(row).columns}

    def value_or_parts_sum(self, row: str, col: str = "总计") -> tuple[Value, bool]:
        """(value, from_parts): the cell's value; for a blank “总计” of table B or C whose
        parts (自然人…其他, 结果维持…尚未审结) are all filled, their sum and True — what a
        reader of the report takes the total to be.  (None, False) when neither is known."""
        value = self.values.get((row, col))
        if value is not None or col != "总计" or self.name not in ("B", "C"):
            return value, False
        parts = [self.values.get((row, c.id)) for c in self.layout.row(row).columns if c.id != "总计"]
        if parts and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in parts):
            return sum(parts), True
        return None, False


@dataclass(frozen=True, slots=True)
class Source:
    path: str = ""  # the file the report was read from ("" when built in memory)
    kind: str = "json"  # "json" | "docx"
    tracked_changes: bool = False  # the draft has unaccepted revisions (read as if accepted)


@dataclass(frozen=True)
class Report:
    body: Body
    year: int | None
    edition: str | None  # the format edition the tables follow (declared, or detected in a draft)
    title: str = ""
    preface: tuple[Paragraph, ...] = ()
    parts: tuple[Part, ...] = ()  # in document order, as found
    tables: FrozenDict = field(default_factory=FrozenDict)  # "A"/"B"/"C" -> TableData
    source: Source = field(default_factory=Source)
    issues: tuple[ReadIssue, ...] = ()
    # Other facts the reader found: "period" ((start_year, end_year) of the statistics
    # period), "year_claims" ({"title": 2023, "period": 2023, "data": 2023}),
    # "publication_date" (ISO date), "declared_edition", "generator" (the program a web page
    # says wrote it, from its <meta name="generator">).
    meta: FrozenDict = field(default_factory=FrozenDict)

    def part(self, number: str) -> Part | None:
        for p in self.parts:
            if p.number == number:
                return p
        return None

    def table(self, name: str) -> TableData | None:
        return self.tables.get(name)

    def paragraphs(self, parts: tuple[str, ...] | None = None) -> Iterator[Paragraph]:
        """Every paragraph in document order (preface first), optionally only of ``parts``."""
        if parts is None:
            yield from self.preface
        for p in self.parts:
            if parts is None or p.number in parts:
                yield from p.paragraphs

    @property
    def label(self) -> str:
        """How a person names this report: "桃岭乡人民政府 2023年"."""
        return f"{self.body.name or '（未知机关）'} {year_label(self.year)}"


def year_label(year: int | None) -> str:
    """"2023年", or "年份不明" when a report does not say: the one wording of every output."""
    return f"{year}年" if year else "年份不明"


def parse_year(text: str) -> int | None:
    """The year a command-line token names ("2023" or "2023年"), or None when it names none: the
    one test of "is this a year?" for every command."""
    text = str(text).strip().removesuffix("年")
    return int(text) if len(text) == 4 and text.isascii() and text.isdigit() else None
