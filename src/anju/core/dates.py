"""Months as YYYYMM ints, date parsing, half-open date ranges, policy and interest years."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from anju.core.errors import AnjuError, ErrorCode

# The provident-fund year (缴存年度) and the interest year both start on July 1.
YEAR_START_MONTH = 7

_MONTH_PATTERNS = tuple(
    re.compile(p)
    for p in (
        r"([0-9]{4})([0-9]{2})",
        r"([0-9]{4})[-/.]([0-9]{1,2})",
        r"([0-9]{4})年([0-9]{1,2})月",
    )
)
_DATE_PATTERNS = tuple(
    re.compile(p)
    for p in (
        r"([0-9]{4})([0-9]{2})([0-9]{2})",
        r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})",
        r"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})",
        r"([0-9]{4})\.([0-9]{1,2})\.([0-9]{1,2})",
        r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日",
    )
)


def _match_any(patterns: tuple[re.Pattern[str], ...], text: str) -> tuple[int, ...] | None:
    for pattern in patterns:
        if match := pattern.fullmatch(text):
            return tuple(int(g) for g in match.groups())
    return None


# ---------------------------------------------------------------- months (YYYYMM)


def _checked(m: int, *, shown: object) -> int:
    if isinstance(m, bool) or not isinstance(m, int):
        raise AnjuError(ErrorCode.MONTH_FORMAT, value=shown)
    year, month = divmod(m, 100)
    if not (1000 <= year <= 9999 and 1 <= month <= 12):
        raise AnjuError(ErrorCode.MONTH_FORMAT, value=shown)
    return m


def _split_month(m: int) -> tuple[int, int]:
    """Validate a YYYYMM int (years 1000..9999) and split it into (year, month)."""
    return divmod(_checked(m, shown=m), 100)


def parse_month(s: str | int) -> int:
    """Parse ``"202507"``, ``"2025-07"``, ``"2025/7"``, ``"2025年07月"`` or ``202507`` into ``202507``."""
    if not isinstance(s, str):
        _split_month(s)
        return s
    parts = _match_any(_MONTH_PATTERNS, s.strip())
    if parts is None or not 1 <= parts[1] <= 12:
        raise AnjuError(ErrorCode.MONTH_FORMAT, value=s)
    return _checked(parts[0] * 100 + parts[1], shown=s)


def month_of(d: date) -> int:
    return d.year * 100 + d.month


def _month_index(m: int) -> int:
    year, month = _split_month(m)
    return year * 12 + month - 1


def _from_index(index: int) -> int:
    year, month0 = divmod(index, 12)
    return _checked(year * 100 + month0 + 1, shown=f"{year}年{month0 + 1}月")


def add_months(m: int, n: int) -> int:
    """``add_months(202511, 3) == 202602``; ``n`` may be negative."""
    return _from_index(_month_index(m) + n)


def months_between(a: int, b: int) -> int:
    """``b − a`` in months: ``months_between(202507, 202606) == 11``."""
    return _month_index(b) - _month_index(a)


def month_range(start: int, end_inclusive: int) -> list[int]:
    """Every month from ``start`` to ``end_inclusive``; empty when the end is before the start."""
    first = _month_index(start)
    return [_from_index(i) for i in range(first, _month_index(end_inclusive) + 1)]


def first_day(m: int) -> date:
    year, month = _split_month(m)
    return date(year, month, 1)


def last_day(m: int) -> date:
    year, month = _split_month(m)
    return date(year, month, calendar.monthrange(year, month)[1])


def format_month(m: int) -> str:
    """``202507`` -> ``"2025年07月"``."""
    year, month = _split_month(m)
    return f"{year:04d}年{month:02d}月"


# ---------------------------------------------------------------- dates


def parse_date(s: str) -> date:
    """Parse ``"2025-07-01"``, ``"2025/7/1"``, ``"2025.7.1"``, ``"20250701"`` or ``"2025年7月1日"``."""
    parts = _match_any(_DATE_PATTERNS, s.strip()) if isinstance(s, str) else None
    if parts is None:
        raise AnjuError(ErrorCode.DATE_FORMAT, value=s)
    try:
        return date(*parts)
    except ValueError:
        raise AnjuError(ErrorCode.DATE_FORMAT, value=s) from None


def add_years(d: date, n: int) -> date:
    """Same day ``n`` years later (or earlier); Feb 29 becomes Feb 28 in a common year."""
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return d.replace(year=d.year + n, day=28)


def age_on(birth: date, as_of: date) -> int:
    """Age in full years (周岁) on ``as_of``; one is N years old from ``add_years(birth, N)`` on.

    Someone born on Feb 29 therefore turns a year older on Feb 28 in common years.
    """
    if as_of < birth:
        raise AnjuError(ErrorCode.DATE_BIRTH_AFTER, birth=birth.isoformat(), as_of=as_of.isoformat())
    years = as_of.year - birth.year
    return years if add_years(birth, years) <= as_of else years - 1


# ---------------------------------------------------------------- ranges


def _require_date(d: object) -> None:
    if isinstance(d, datetime) or not isinstance(d, date):
        raise TypeError(f"expected a date, got {type(d).__name__}")


@dataclass(frozen=True)
class DateRange:
    """The half-open range [start, end); ``end=None`` means open-ended. ``start == end`` is empty."""

    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        _require_date(self.start)
        if self.end is not None:
            _require_date(self.end)
            if self.end < self.start:
                raise AnjuError(ErrorCode.DATE_RANGE, start=self.start.isoformat(), end=self.end.isoformat())

    @property
    def is_open(self) -> bool:
        return self.end is None

    def contains(self, d: date) -> bool:
        return self.start <= d and (self.end is None or d < self.end)

    __contains__ = contains

    def overlaps(self, other: DateRange) -> bool:
        """True when the ranges share at least one day."""
        return self.intersect(other) is not None

    def intersect(self, other: DateRange) -> DateRange | None:
        """The days in both ranges, or None when there are none."""
        start = max(self.start, other.start)
        ends = [e for e in (self.end, other.end) if e is not None]
        end = min(ends) if ends else None
        if end is not None and end <= start:
            return None
        return DateRange(start, end)

    def _closed_end(self) -> date:
        if self.end is None:
            raise ValueError("an open-ended date range has no end")
        return self.end

    @property
    def days(self) -> int:
        """Number of days in the range; raises ValueError when open-ended."""
        return (self._closed_end() - self.start).days

    @property
    def last(self) -> date:
        """The last day inside the range (the day before ``end``)."""
        if self.days == 0:
            raise ValueError("an empty date range has no last day")
        return self._closed_end() - timedelta(days=1)

    def __iter__(self) -> Iterator[date]:
        return (self.start + timedelta(days=i) for i in range(self.days))


def policy_year_starting(year: int) -> DateRange:
    """[year-07-01, year+1-07-01)."""
    return DateRange(date(year, YEAR_START_MONTH, 1), date(year + 1, YEAR_START_MONTH, 1))


def policy_year(d: date) -> DateRange:
    """The July-to-June policy year containing ``d``."""
    return policy_year_starting(d.year if d.month >= YEAR_START_MONTH else d.year - 1)


def interest_year(settle_year: int) -> DateRange:
    """[settle_year−1-07-01, settle_year-07-01): interest is settled on June 30 of ``settle_year``."""
    return policy_year_starting(settle_year - 1)


def interest_year_of(d: date) -> int:
    """The settle year of the interest year containing ``d`` (2025-06-30 -> 2025, 2025-07-01 -> 2026)."""
    return d.year + 1 if d.month >= YEAR_START_MONTH else d.year
