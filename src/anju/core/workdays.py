"""Working-day arithmetic over a calendar of overrides (holidays, make-up working days) on Mon–Fri weeks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

_ONE_DAY = timedelta(days=1)


def default_is_workday(d: date) -> bool:
    """The rule when no override applies: Monday to Friday work, Saturday and Sunday off."""
    return d.weekday() < 5


class WorkCalendar:
    """Working days: ``overrides`` (True = working day, False = day off) on top of Mon–Fri weeks.

    Days outside the overrides follow the default rule, so a calendar only knows the holidays of
    the years its overrides were loaded for.
    """

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self._overrides = dict(overrides or {})

    def __repr__(self) -> str:
        return f"WorkCalendar({len(self._overrides)} overrides)"

    def is_workday(self, d: date) -> bool:
        return self._overrides.get(d, default_is_workday(d))

    def next_workday(self, d: date, *, include_self: bool = False) -> date:
        """The first working day after ``d`` (or ``d`` itself when it is one and ``include_self``)."""
        day = d if include_self else d + _ONE_DAY
        while not self.is_workday(day):
            day += _ONE_DAY
        return day

    def add_workdays(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d``; ``d`` itself is never counted, ``n == 0`` returns ``d``.

        In a plain week ``add_workdays(friday, 1)`` is the next Monday.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        day = d
        for _ in range(n):
            day = self.next_workday(day)
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in the half-open range (start, end]: the days elapsed as counted for a deadline.

        ``start`` is not counted, ``end`` is: ``workdays_between(d, add_workdays(d, n)) == n``.
        When ``end`` is before ``start`` the result is ``-workdays_between(end, start)``.
        """
        if end < start:
            return -self.workdays_between(end, start)
        days = (end - start).days
        return sum(self.is_workday(start + timedelta(days=i)) for i in range(1, days + 1))

    def deadline(self, accepted_on: date, workdays: int) -> date:
        """The last day of a time limit of ``workdays`` working days for a case accepted on ``accepted_on``."""
        return self.add_workdays(accepted_on, workdays)


def chinesecalendar_years() -> frozenset[int]:
    """The years the installed ``chinesecalendar`` package has official holiday data for."""
    import chinese_calendar

    return frozenset(d.year for d in chinese_calendar.holidays)


def overrides_from_chinesecalendar(years: Iterable[int]) -> dict[date, bool]:
    """Days of ``years`` where the official calendar differs from Mon–Fri weeks (holidays, 调休).

    Years the package has no data for are skipped silently; see :func:`chinesecalendar_years`.
    """
    import chinese_calendar

    known = chinesecalendar_years()
    overrides: dict[date, bool] = {}
    for year in sorted(set(years) & known):
        day = date(year, 1, 1)
        while day.year == year:
            official = chinese_calendar.is_workday(day)
            if official != default_is_workday(day):
                overrides[day] = official
            day += _ONE_DAY
    return overrides
