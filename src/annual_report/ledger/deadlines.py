"""The answer period of an application (《政府信息公开条例》第三十条、第三十一条、第三十三条).

- the period starts on the day of receipt as the register records it (第三十一条 says which day
  that is: handed in — that day; post — the day signed for; online or fax — the day both sides
  confirm); where a 补正 was asked for (第三十条) it starts again on the receipt of the 补正;
- it is 20 working days (the day it starts from is not counted), extended once by at most 20
  working days with approval (第三十三条第二款);
- working days spent consulting third parties or other bodies are not counted (第三款).
"""

from __future__ import annotations

from datetime import date

from ..model.register import Application, LateAnswer
from .workdays import WorkCalendar

ANSWER_DAYS = 20
MAX_EXTENSION_DAYS = 20


def period_start(app: Application) -> date | None:
    """The day the period runs from: the receipt of the 补正 when one was asked for; None when
    a 补正 was asked for and never came (the application lapses, 第三十条)."""
    if app.correction_asked:
        return app.correction_received
    return app.received


def allowed_days(app: Application) -> int:
    extension = 0
    if app.extended:
        extension = MAX_EXTENSION_DAYS if app.extension_days is None else min(app.extension_days, MAX_EXTENSION_DAYS)
    return ANSWER_DAYS + extension + max(app.consult_days, 0)


def due_date(app: Application, calendar: WorkCalendar) -> date | None:
    start = period_start(app)
    if start is None:
        return None
    return calendar.add_workdays(start, allowed_days(app))


def lateness(app: Application, calendar: WorkCalendar, year_end: date) -> LateAnswer | None:
    """The application answered after its due day, or still unanswered at ``year_end`` past
    it; None when on time (or not yet due)."""
    start = period_start(app)
    due = due_date(app, calendar)
    if start is None or due is None:
        return None
    allowed = allowed_days(app)
    end = app.answered if app.answered is not None and app.answered <= year_end else None
    if end is not None:
        if end <= due:
            return None
        used = calendar.workdays_between(start, end)
    else:
        if year_end <= due:
            return None
        used = calendar.workdays_between(start, year_end)
    return LateAnswer(app.ref, start, due, end, used, allowed)
