"""Working days in China: the State Council's yearly holiday arrangement, make-up working days
on weekends included (the ``chinese-calendar`` package), and a workspace file for a year the
package does not know yet (``ledger/holidays.toml``)::

    [2027]
    holidays = ["2027-01-01", "2027-02-06", ...]   # days off on weekdays
    workdays = ["2027-02-14"]                      # make-up working days on weekends

A year known to neither is a :class:`CalendarUnknown` with a message saying what to do.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from ..model.errors import UserError

HOLIDAY_FILE = "ledger/holidays.toml"


class CalendarUnknown(UserError):
    def __init__(self, year: int, known: str) -> None:
        super().__init__(
            f"节假日安排中没有 {year} 年（程序自带 {known}）：无法按工作日计算答复期限。"
            f"请升级 chinese-calendar，或在工作区 {HOLIDAY_FILE} 中写明 {year} 年的放假日期和调休上班日期"
            f"（[{year}] holidays = [\"{year}-01-01\", …]，workdays = [\"…\"]）"
        )
        self.year = year


class WorkCalendar:
    """``is_workday(day)`` with the official arrangement; ``extra`` maps a year to its
    (holidays, workdays) from the workspace file, which wins over the package."""

    def __init__(self, extra: dict[int, tuple[frozenset, frozenset]] | None = None) -> None:
        self.extra = extra or {}
        self._cache: dict[date, bool] = {}
        self._years: set[int] = set()
        self._ordinals: list[int] = []  # the working days of the years looked at, as sorted ordinals

    @classmethod
    def for_workspace(cls, root: Path | None) -> "WorkCalendar":
        path = Path(root) / HOLIDAY_FILE if root else None
        if path is None or not path.is_file():
            return cls()
        from ..model.toml_files import read_toml

        data = read_toml(path, "节假日文件")
        extra = {}
        for key, table in data.items():
            if not (str(key).isdigit() and isinstance(table, dict)):
                raise UserError(f"节假日文件 {path}：“{key}”应为年份表，如 [2027]")
            days = []
            for name in ("holidays", "workdays"):
                values = []
                for v in table.get(name, []):
                    try:
                        values.append(v if isinstance(v, date) else date.fromisoformat(str(v)))
                    except ValueError:
                        raise UserError(f"节假日文件 {path}：[{key}] {name} 中的“{v}”不是日期（应写作 {key}-10-01）") from None
                days.append(frozenset(values))
            extra[int(key)] = (days[0], days[1])
        return cls(extra)

    def is_workday(self, day: date) -> bool:
        known = self._cache.get(day)
        if known is not None:
            return known
        if day.year in self.extra:
            holidays, workdays = self.extra[day.year]
            result = day in workdays or (day.weekday() < 5 and day not in holidays)
        else:
            import chinese_calendar

            try:
                result = chinese_calendar.is_workday(day)
            except NotImplementedError:
                raise CalendarUnknown(day.year, _known_years()) from None
        self._cache[day] = result
        return result

    def _load_year(self, year: int) -> None:
        if year in self._years:
            return
        day, days = date(year, 1, 1), []
        while day.year == year:
            if self.is_workday(day):
                days.append(day.toordinal())
            day += timedelta(days=1)
        self._years.add(year)
        self._ordinals = sorted(self._ordinals + days)

    def add_workdays(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (the start day itself is not counted)."""
        from bisect import bisect_right

        if n <= 0:
            return start
        year = start.year
        self._load_year(year)
        while True:
            i = bisect_right(self._ordinals, start.toordinal()) + n - 1
            if i < len(self._ordinals) and date.fromordinal(self._ordinals[i]).year <= year:
                return date.fromordinal(self._ordinals[i])
            year += 1  # the period runs into the next year
            if year > start.year + 2:
                raise UserError(f"从 {start.isoformat()} 起算的 {n} 个工作日超出了节假日安排所载的年份")
            self._load_year(year)

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``."""
        from bisect import bisect_right

        if end <= start:
            return 0
        for year in range(start.year, end.year + 1):
            self._load_year(year)
        return bisect_right(self._ordinals, end.toordinal()) - bisect_right(self._ordinals, start.toordinal())


def _known_years() -> str:
    import chinese_calendar

    years = sorted({d.year for d in chinese_calendar.holidays})
    return f"{years[0]}–{years[-1]} 年" if years else "（无）"
