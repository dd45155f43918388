"""Tables B and C counted from a register of applications, for one year.

For year Y (see the statutory format's notes on the register):

- 一、本年新收 — received in Y;
- 二、上年结转 — received before Y and not answered by 31 December of Y−1;
- 三、办理结果 — answered in Y, by outcome, and （七）总计 their sum;
- 四、结转下年度 — received by 31 December of Y and not answered by then;
- table C — a 行政复议 or 行政诉讼 filed by the end of Y goes under 尚未审结 while it is
  undecided at the end of Y, under its result in the year it is decided; a suit filed after a
  复议 is 复议后起诉.

Every cell keeps the register rows it counts, so an officer can see why 表三 says 7.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ..model.layout import table_layout
from ..model.register import Application, Case, Register, Tally
from .deadlines import lateness
from .workdays import CalendarUnknown, WorkCalendar


def outcome_row(outcome: str, edition: str) -> str:
    """The row of table B an outcome goes to in ``edition`` (2019 has one （六）其他处理 row)."""
    if edition == "2019" and outcome.startswith("other"):
        return "other"
    return outcome


def tally(register: Register, year: int, edition: str = "2021", calendar: WorkCalendar | None = None) -> Tally:
    start, end = date(year, 1, 1), date(year, 12, 31)
    before = date(year - 1, 12, 31)
    cells: dict = defaultdict(list)
    layout_b = table_layout(edition, "B")

    def add(table: str, row: str, col: str, app: Application) -> None:
        cells[(table, row, col)].append(app.ref)
        cells[(table, row, "总计")].append(app.ref)

    for app in register.applications:
        col = app.applicant
        if start <= app.received <= end:
            add("B", "new", col, app)
        if app.received < start and (app.answered is None or app.answered > before):
            add("B", "carried_in", col, app)
        if app.answered is not None and start <= app.answered <= end and app.outcome:
            row = outcome_row(app.outcome, edition)
            if layout_b.has_row(row):
                add("B", row, col, app)
                add("B", "total", col, app)
        if app.received <= end and (app.answered is None or app.answered > end):
            add("B", "carried_out", col, app)
        _case(cells, "review", app.review, app, start, end)
        if app.litigation is not None:
            _case(cells, "after_review" if app.review is not None else "direct", app.litigation, app, start, end)

    late = []
    note = ""
    calendar = calendar or WorkCalendar()
    try:
        for app in register.applications:
            answered_in_year = app.answered is not None and start <= app.answered <= end
            pending = app.received <= end and (app.answered is None or app.answered > end)
            if answered_in_year or pending:
                found = lateness(app, calendar, end)
                if found is not None:
                    late.append(found)
    except CalendarUnknown as exc:
        note, late = str(exc), []
    # every cell of the layouts is present, zero when nothing counts
    out = {}
    for name in ("B", "C"):
        for r in table_layout(edition, name).rows:
            for c in r.columns:
                out[(name, r.id, c.id)] = tuple(cells.get((name, r.id, c.id), ()))
    return Tally(year, register.path, out, tuple(late), register.issues, note)


def _case(cells: dict, row: str, case: Case | None, app: Application, start: date, end: date) -> None:
    if case is None or case.filed > end:
        return
    decided = case.decided if case.result is not None else None
    if case.result is not None and decided is None:
        decided = case.filed  # a result with no date: taken as decided in the year it was filed
    if decided is not None and decided < start:
        return  # decided in an earlier year
    col = case.result if decided is not None and decided <= end else "尚未审结"
    cells[("C", row, col)].append(app.ref)
    cells[("C", row, "总计")].append(app.ref)

