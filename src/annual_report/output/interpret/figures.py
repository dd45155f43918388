"""The figures a 解读 states: key figures of each year, derived measures, change on last year.

Everything here is computed from the report model only.  A value that a report does not give
(a blank cell, a table that could not be read, a row the year's format edition does not have)
is ``None`` with the reason, and stays missing: it is never counted as 0, and a sum or a
rate with a missing component is missing too.

Derived measures (their definitions are printed with them):

- 公开率 = （予以公开 + 部分公开）÷ 办结（表三（七）总计）
- 纠错率 = 结果纠正 ÷ 已审结, 已审结 = 结果维持 + 结果纠正 + 其他结果（= 总计 − 尚未审结）
- change on last year: the difference and the per cent change (a rate: in 百分点)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from ...model.layout import C_RESULT_COLUMNS, table_name
from ...model.report import Report, Value

TOTAL = "总计"


@dataclass(frozen=True)
class Reading:
    """One figure of one year: its value, or None and why it is missing."""

    value: Value
    missing: str = ""  # why the value is None ("" when it is not)
    undefined: bool = False  # a rate whose denominator is 0: not missing data, just no rate


def _missing(why: str) -> Reading:
    return Reading(None, why)


@dataclass(frozen=True)
class FigureDef:
    key: str
    label: str  # as a sentence names it: "新收申请"
    unit: str  # "件" | "万元" | "%"
    group: str  # "主动公开" | "依申请公开" | "行政复议和行政诉讼"
    read: Callable[[Report], Reading]
    definition: str = ""  # for a derived measure
    headline: bool = False  # stated in a sentence
    phrase: str = ""  # how a sentence names it when not "本年" + label

    @property
    def is_rate(self) -> bool:
        return self.unit == "%"


# --- reading one cell or a sum of cells ----------------------------------------------------


def _cell(report: Report, table: str, row: str, col: str) -> Reading:
    data = report.tables.get(table)
    if data is None:
        return _missing(f"{table_name(table)}未能读取")
    if not data.layout.has_row(row):
        return _missing(f"{data.edition}年版格式{table_name(table)}无此项")
    value = data.get(row, col)
    if value is None:
        return _missing(f"{table_name(table)}“{data.layout.row(row).name}”行“{col}”列未填写")
    return Reading(value)


def _sum(readings: Iterable[Reading]) -> Reading:
    total: float | int = 0
    for r in readings:
        if r.value is None:
            return r
        total += r.value
    return Reading(total)


def _group_total(report: Report, group: str) -> Reading:
    """The 总计 of a table B group (（三）–（六）): the sum of its items, as the format has no
    subtotal row; the 2019 format's single （六）其他处理 row is taken as it is."""
    data = report.tables.get("B")
    if data is None:
        return _missing("表三未能读取")
    if data.layout.has_row(group):
        return _cell(report, "B", group, TOTAL)
    return _sum(_cell(report, "B", row.id, TOTAL) for row in data.layout.items(group))


def _a_cell(rows: Sequence[str], cols: dict[str, str]) -> Callable[[Report], Reading]:
    """A table A value whose row and column names differ between the editions (the 2019 row
    规范性文件 is the 2021 行政规范性文件; 处理决定数量 is 本年处理决定数量)."""

    def read(report: Report) -> Reading:
        data = report.tables.get("A")
        if data is None:
            return _missing("表二未能读取")
        col = cols.get(data.edition)
        row = next((r for r in rows if data.layout.has_row(r)), None)
        if col is None or row is None:
            return _missing(f"{data.edition}年版格式表二无此项")
        return _cell(report, "A", row, col)

    return read


def _b(row: str) -> Callable[[Report], Reading]:
    return lambda report: _cell(report, "B", row, TOTAL)


def _c(rows: Sequence[str], col: str) -> Callable[[Report], Reading]:
    return lambda report: _sum(_cell(report, "C", row, col) for row in rows)


def decided(report: Report, rows: Sequence[str]) -> Reading:
    """已审结: 结果维持 + 结果纠正 + 其他结果 of table C ``rows``."""
    return _sum(_cell(report, "C", row, col) for row in rows for col in C_RESULT_COLUMNS if col != "尚未审结")


def _ratio(numerator: Reading, denominator: Reading, zero: str) -> Reading:
    if numerator.value is None:
        return numerator
    if denominator.value is None:
        return denominator
    if denominator.value == 0:
        return Reading(None, zero, undefined=True)
    return Reading(100.0 * numerator.value / denominator.value)


def disclosure_rate(report: Report) -> Reading:
    """公开率 = （予以公开 + 部分公开）÷ 办结, in per cent."""
    opened = _sum((_cell(report, "B", "open", TOTAL), _cell(report, "B", "partial", TOTAL)))
    return _ratio(opened, _cell(report, "B", "total", TOTAL), "本年办结申请为0件，无法计算公开率")


def correction_rate(rows: Sequence[str]) -> Callable[[Report], Reading]:
    """纠错率 = 结果纠正 ÷ 已审结, in per cent."""
    return lambda report: _ratio(_c(rows, "结果纠正")(report), decided(report, rows), f"本年{'行政复议' if rows == ('review',) else '行政诉讼'}已审结为0件，无法计算纠错率")


LITIGATION = ("direct", "after_review")
_MADE = {"2021": "本年制发件数", "2019": "本年新制作数量"}
_DECISIONS = {"2021": "本年处理决定数量", "2019": "处理决定数量"}

DISCLOSURE_DEF = "公开率 =（予以公开 + 部分公开）÷ 办结（表三“（七）总计”）× 100%"
CORRECTION_DEF = "纠错率 = 结果纠正 ÷ 已审结 × 100%，已审结 = 结果维持 + 结果纠正 + 其他结果（即总计减尚未审结）"

FIGURES: tuple[FigureDef, ...] = (
    # 主动公开 (table A)
    FigureDef("rules_made", "制发规章", "件", "主动公开", _a_cell(("规章",), _MADE)),
    FigureDef("norms_made", "制发行政规范性文件", "件", "主动公开", _a_cell(("行政规范性文件", "规范性文件"), _MADE), headline=True),
    FigureDef("norms_in_force", "现行有效行政规范性文件", "件", "主动公开", _a_cell(("行政规范性文件",), {"2021": "现行有效件数"})),
    FigureDef("licensing", "行政许可处理决定", "件", "主动公开", _a_cell(("行政许可",), _DECISIONS), headline=True),
    FigureDef("penalties", "行政处罚处理决定", "件", "主动公开", _a_cell(("行政处罚",), _DECISIONS), headline=True),
    FigureDef("enforcement", "行政强制处理决定", "件", "主动公开", _a_cell(("行政强制",), _DECISIONS)),
    FigureDef("fees", "行政事业性收费", "万元", "主动公开", _a_cell(("行政事业性收费",), {"2021": "本年收费金额（单位：万元）"}), headline=True),
    # 依申请公开 (table B, the 总计 column)
    FigureDef("new", "新收申请", "件", "依申请公开", _b("new"), headline=True),
    FigureDef("carried_in", "上年结转申请", "件", "依申请公开", _b("carried_in"), headline=True, phrase="从上年结转的申请"),
    FigureDef("handled", "办结申请", "件", "依申请公开", _b("total"), headline=True),
    FigureDef("open", "予以公开", "件", "依申请公开", _b("open")),
    FigureDef("partial", "部分公开", "件", "依申请公开", _b("partial")),
    FigureDef("deny", "不予公开", "件", "依申请公开", lambda r: _group_total(r, "deny")),
    FigureDef("unable", "无法提供", "件", "依申请公开", lambda r: _group_total(r, "unable")),
    FigureDef("noprocess", "不予处理", "件", "依申请公开", lambda r: _group_total(r, "noprocess")),
    FigureDef("other", "其他处理", "件", "依申请公开", lambda r: _group_total(r, "other")),
    FigureDef("carried_out", "结转下年度继续办理", "件", "依申请公开", _b("carried_out"), headline=True, phrase="结转下年度继续办理的申请"),
    FigureDef("disclosure_rate", "公开率", "%", "依申请公开", disclosure_rate, DISCLOSURE_DEF, headline=True),
    # 行政复议、行政诉讼 (table C)
    FigureDef("review", "行政复议", "件", "行政复议和行政诉讼", _c(("review",), TOTAL), headline=True),
    FigureDef("review_corrected", "行政复议结果纠正", "件", "行政复议和行政诉讼", _c(("review",), "结果纠正")),
    FigureDef("review_decided", "行政复议已审结", "件", "行政复议和行政诉讼", lambda r: decided(r, ("review",))),
    FigureDef("review_rate", "行政复议纠错率", "%", "行政复议和行政诉讼", correction_rate(("review",)), CORRECTION_DEF, headline=True),
    FigureDef("litigation", "行政诉讼", "件", "行政复议和行政诉讼", _c(LITIGATION, TOTAL), headline=True),
    FigureDef("litigation_corrected", "行政诉讼结果纠正", "件", "行政复议和行政诉讼", _c(LITIGATION, "结果纠正")),
    FigureDef("litigation_decided", "行政诉讼已审结", "件", "行政复议和行政诉讼", lambda r: decided(r, LITIGATION)),
    FigureDef("litigation_rate", "行政诉讼纠错率", "%", "行政复议和行政诉讼", correction_rate(LITIGATION), CORRECTION_DEF, headline=True),
)
FIGURE = {f.key: f for f in FIGURES}
GROUPS = ("主动公开", "依申请公开", "行政复议和行政诉讼")
RESULT_KEYS = ("open", "partial", "deny", "unable", "noprocess", "other")


# --- change on last year ---------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """This year against last year: the difference (百分点 for a rate) and the per cent
    change, each None with the reason when it cannot be stated."""

    diff: float | int | None
    pct: float | None
    why: str = ""  # why there is no difference ("" when there is)
    why_pct: str = ""  # why there is no per cent change


def change(current: Reading, previous: Reading | None, figure: FigureDef, last_year: int) -> Change:
    if current.value is None:
        why = "本年无此比率" if current.undefined else "本年数据缺失"
        return Change(None, None, why, why)
    if previous is None:
        return Change(None, None, f"没有{last_year}年度报告", f"没有{last_year}年度报告")
    if previous.value is None:
        why = f"{last_year}年度{previous.missing.removeprefix('本年')}" if previous.missing else f"{last_year}年度数据缺失"
        return Change(None, None, why, why)
    diff = current.value - previous.value
    if isinstance(diff, float) and not figure.is_rate:
        diff = round(diff, 2)
    if figure.is_rate:
        return Change(diff, None, "", "比率只比较百分点")
    if previous.value == 0:
        return Change(diff, None, "", "上年为0，无法计算增减百分比")
    return Change(diff, 100.0 * diff / previous.value)


# --- one body's years -----------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One figure across the years: readings in the order of ``Series.years``, and the change
    of the latest year on the year before."""

    figure: FigureDef
    readings: tuple[Reading, ...]
    change: Change

    @property
    def current(self) -> Reading:
        return self.readings[-1]


@dataclass(frozen=True)
class Series:
    """The figures of one body's reports, oldest year first; the last report is the one
    interpreted."""

    reports: tuple[Report, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(r.year for r in self.reports)

    @property
    def report(self) -> Report:
        return self.reports[-1]

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.figure.key == key)

    def group(self, group: str) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.figure.group == group)


def series(report: Report, history: Iterable[Report] = ()) -> Series:
    """The figures of ``report`` and its body's earlier ``history`` (later years, other
    bodies' reports and a second report of one year are left out, with a note)."""
    notes: list[str] = []
    by_year: dict[int, Report] = {}
    for h in history:
        if h.year is None or report.year is None:
            notes.append(f"{h.source.path or h.label}：年度不明，未纳入对比")
        elif h.year >= report.year:
            notes.append(f"{h.label}不早于本年度，未纳入对比")
        elif h.year in by_year:
            notes.append(f"{h.year}年度有两份报告，只用了第一份（{by_year[h.year].source.path}）")
        else:
            by_year[h.year] = h
    reports = tuple(by_year[y] for y in sorted(by_year)) + (report,)
    last_year = (report.year or 0) - 1
    previous = by_year.get(last_year)
    rows = []
    for figure in FIGURES:
        readings = tuple(figure.read(r) for r in reports)
        prev = figure.read(previous) if previous is not None else None
        rows.append(Row(figure, readings, change(readings[-1], prev, figure, last_year)))
    return Series(reports, tuple(rows), tuple(notes))


# --- wording -----------------------------------------------------------------------------------


def number_text(value: float | int | None, unit: str) -> str:
    """A value as the 解读 prints it: counts as integers, 万元 with two decimals, rates with
    one; None as 缺失."""
    if value is None:
        return "缺失"
    if unit == "%":
        return f"{value:.1f}%"
    if unit == "万元":
        return f"{value:.2f}万元"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value}{unit}"


def change_text(figure: FigureDef, ch: Change) -> str:
    """"比上年增加78件（增长458.8%）", "与上年持平", "比上年提高5.2个百分点"; "" when there is
    no comparison."""
    if ch.diff is None:
        return ""
    if ch.diff == 0:
        return "与上年持平"
    if figure.is_rate:
        verb = "提高" if ch.diff > 0 else "降低"
        return f"比上年{verb}{abs(ch.diff):.1f}个百分点"
    verb = "增加" if ch.diff > 0 else "减少"
    text = f"比上年{verb}{number_text(abs(ch.diff), figure.unit)}"
    if ch.pct is not None:
        text += f"（{'增长' if ch.pct > 0 else '下降'}{abs(ch.pct):.1f}%）"
    return text


def sentence(row: Row) -> str:
    """One statement of fact about a figure, made only from the data."""
    f, cur = row.figure, row.current
    if cur.undefined:
        return cur.missing
    if cur.value is None:
        return f"本年{f.label}数据缺失（{cur.missing}）"
    name = f"本年{f.phrase or f.label}" + ("为" if f.is_rate else "")
    text = name + number_text(cur.value, f.unit)
    said = change_text(f, row.change)
    if said:
        return text + "，" + said
    return text + f"（{row.change.why}，无法与上年比较）"


def sentences(s: Series) -> list[str]:
    return [sentence(row) for row in s.rows if row.figure.headline]
