"""Tests for anju.core.workdays with a hand-made override table and the chinesecalendar data."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anju.core.workdays import (
    WorkCalendar,
    chinesecalendar_years,
    default_is_workday,
    overrides_from_chinesecalendar,
)

KNOWN_YEARS = sorted(chinesecalendar_years())
OFFICIAL = WorkCalendar(overrides_from_chinesecalendar(KNOWN_YEARS))

# A fictional week: Tuesday 2030-01-01 off, Saturday 2030-01-05 a make-up working day.
HAND_MADE = WorkCalendar({date(2030, 1, 1): False, date(2030, 1, 5): True})
PLAIN = WorkCalendar({})

calendars = st.sampled_from([PLAIN, HAND_MADE, OFFICIAL])
known_days = st.dates(min_value=date(KNOWN_YEARS[0], 1, 1), max_value=date(KNOWN_YEARS[-1], 11, 1))


def d(text: str) -> date:
    return date.fromisoformat(text)


# ---------------------------------------------------------------- plain and hand-made calendars


def test_plain_weeks() -> None:
    friday = d("2025-07-04")
    assert PLAIN.is_workday(friday) and not PLAIN.is_workday(d("2025-07-05"))
    assert PLAIN.add_workdays(friday, 0) == friday
    assert PLAIN.add_workdays(friday, 1) == d("2025-07-07")
    assert PLAIN.add_workdays(friday, 5) == d("2025-07-11")
    assert PLAIN.add_workdays(d("2025-07-05"), 1) == d("2025-07-07")  # from a Saturday
    assert PLAIN.next_workday(friday) == d("2025-07-07")
    assert PLAIN.next_workday(friday, include_self=True) == friday
    assert PLAIN.next_workday(d("2025-07-06"), include_self=True) == d("2025-07-07")
    assert PLAIN.workdays_between(friday, d("2025-07-11")) == 5
    assert PLAIN.workdays_between(friday, friday) == 0
    assert PLAIN.workdays_between(d("2025-07-11"), friday) == -5
    assert PLAIN.workdays_between(d("2025-07-05"), d("2025-07-06")) == 0
    assert PLAIN.deadline(d("2025-07-01"), 20) == d("2025-07-29")


def test_hand_made_overrides() -> None:
    assert not HAND_MADE.is_workday(d("2030-01-01"))
    assert HAND_MADE.is_workday(d("2030-01-05"))
    assert HAND_MADE.is_workday(d("2030-01-02"))  # not overridden: default rule
    assert not HAND_MADE.is_workday(d("2030-01-06"))
    assert HAND_MADE.add_workdays(d("2029-12-31"), 1) == d("2030-01-02")
    assert HAND_MADE.add_workdays(d("2030-01-03"), 2) == d("2030-01-05")
    assert HAND_MADE.add_workdays(d("2030-01-03"), 3) == d("2030-01-07")
    assert HAND_MADE.next_workday(d("2030-01-01"), include_self=True) == d("2030-01-02")
    assert HAND_MADE.workdays_between(d("2029-12-31"), d("2030-01-07")) == 5  # Jan 2, 3, 4, 5, 7
    assert PLAIN.workdays_between(d("2029-12-31"), d("2030-01-07")) == 5  # Jan 1, 2, 3, 4, 7
    assert HAND_MADE.deadline(d("2029-12-28"), 3) == d("2030-01-03")


def test_add_workdays_rejects_negative() -> None:
    with pytest.raises(ValueError):
        PLAIN.add_workdays(d("2025-07-01"), -1)


def test_calendar_copies_its_overrides() -> None:
    table = {d("2030-01-01"): False}
    calendar = WorkCalendar(table)
    table[d("2030-01-02")] = False
    assert calendar.is_workday(d("2030-01-02"))


# ---------------------------------------------------------------- chinesecalendar data


def test_known_years() -> None:
    assert list(range(2004, KNOWN_YEARS[-1] + 1)) == KNOWN_YEARS
    assert KNOWN_YEARS[-1] >= 2026


def test_overrides_only_hold_differences_and_skip_unknown_years() -> None:
    overrides = overrides_from_chinesecalendar([1999, 2025, 2100])
    assert overrides, "2025 must produce holidays and make-up days"
    assert {day.year for day in overrides} == {2025}
    assert all(value != default_is_workday(day) for day, value in overrides.items())
    assert overrides[d("2025-09-28")] is True
    assert overrides[d("2025-10-01")] is False
    assert d("2025-10-04") not in overrides  # a Saturday off anyway
    assert overrides_from_chinesecalendar([1990]) == {}


def test_national_day_2025() -> None:
    assert OFFICIAL.is_workday(d("2025-09-28"))  # Sunday, make-up working day
    assert OFFICIAL.is_workday(d("2025-10-11"))  # Saturday, make-up working day
    assert not any(OFFICIAL.is_workday(d(f"2025-10-0{i}")) for i in range(1, 9))
    assert OFFICIAL.is_workday(d("2025-10-09"))
    expected = [
        "2025-09-28",
        "2025-09-29",
        "2025-09-30",
        "2025-10-09",
        "2025-10-10",
        "2025-10-11",
        "2025-10-13",
    ]
    assert [OFFICIAL.add_workdays(d("2025-09-26"), n).isoformat() for n in range(1, 8)] == expected
    assert OFFICIAL.next_workday(d("2025-09-30")) == d("2025-10-09")
    assert OFFICIAL.workdays_between(d("2025-09-30"), d("2025-10-09")) == 1
    assert OFFICIAL.workdays_between(d("2025-09-26"), d("2025-10-13")) == 7
    assert OFFICIAL.deadline(d("2025-09-30"), 3) == d("2025-10-11")


def test_spring_festival_2026() -> None:
    assert OFFICIAL.is_workday(d("2026-02-14"))  # Saturday, make-up working day
    assert OFFICIAL.is_workday(d("2026-02-28"))  # Saturday, make-up working day
    assert not any(OFFICIAL.is_workday(d("2026-02-15") + timedelta(days=i)) for i in range(9))  # 15..23
    assert OFFICIAL.is_workday(d("2026-02-24"))
    assert OFFICIAL.add_workdays(d("2026-02-13"), 1) == d("2026-02-14")
    assert OFFICIAL.add_workdays(d("2026-02-13"), 2) == d("2026-02-24")
    assert OFFICIAL.deadline(d("2026-02-12"), 5) == d("2026-02-26")
    assert OFFICIAL.workdays_between(d("2026-02-13"), d("2026-02-28")) == 6  # 14, 24, 25, 26, 27, 28
    # plain weeks would have given 10 working days in the same span
    assert PLAIN.workdays_between(d("2026-02-13"), d("2026-02-28")) == 10


def test_official_calendar_matches_package_every_day() -> None:
    start, end = date(KNOWN_YEARS[0], 1, 1), date(KNOWN_YEARS[-1], 12, 31)
    day = start
    while day <= end:
        assert OFFICIAL.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


@given(known_days, st.integers(0, 30))
def test_add_workdays_matches_chinese_calendar_find_workday(day: date, n: int) -> None:
    # find_workday(n, day) moves to the first working day on or after `day`, then n more
    start = OFFICIAL.next_workday(day, include_self=True)
    assert OFFICIAL.add_workdays(start, n) == chinese_calendar.find_workday(n, day)


# ---------------------------------------------------------------- properties


@settings(max_examples=200)
@given(calendars, st.dates(min_value=date(2004, 1, 1), max_value=date(2031, 12, 31)), st.integers(0, 60))
def test_workdays_between_inverts_add_workdays(calendar: WorkCalendar, day: date, n: int) -> None:
    later = calendar.add_workdays(day, n)
    assert calendar.workdays_between(day, later) == n
    assert calendar.workdays_between(later, day) == -n
    if n:
        assert calendar.is_workday(later)
        assert calendar.workdays_between(day, later - timedelta(days=1)) == n - 1
    assert calendar.deadline(day, n) == later


@given(calendars, st.dates(min_value=date(2004, 1, 1), max_value=date(2031, 12, 31)), st.integers(0, 40))
def test_workdays_between_is_additive(calendar: WorkCalendar, day: date, k: int) -> None:
    middle, end = day + timedelta(days=k), day + timedelta(days=2 * k + 3)
    assert calendar.workdays_between(day, end) == (
        calendar.workdays_between(day, middle) + calendar.workdays_between(middle, end)
    )
    assert calendar.workdays_between(day, end) == sum(
        calendar.is_workday(day + timedelta(days=i)) for i in range(1, 2 * k + 4)
    )


@given(calendars, st.dates(min_value=date(2004, 1, 1), max_value=date(2031, 12, 31)))
def test_next_workday_skips_only_days_off(calendar: WorkCalendar, day: date) -> None:
    following = calendar.next_workday(day)
    assert following > day and calendar.is_workday(following)
    assert not any(calendar.is_workday(day + timedelta(days=i)) for i in range(1, (following - day).days))
    assert calendar.next_workday(day, include_self=True) == (day if calendar.is_workday(day) else following)
