"""Tests for anju.core.dates: YYYYMM months, date parsing, ranges, policy and interest years."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anju.core.dates import (
    DateRange,
    add_months,
    add_years,
    age_on,
    first_day,
    format_month,
    interest_year,
    interest_year_of,
    last_day,
    month_of,
    month_range,
    months_between,
    parse_date,
    parse_month,
    policy_year,
    policy_year_starting,
)
from anju.core.errors import AnjuError, ErrorCode

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
months = days.map(month_of)
ranges = st.builds(
    lambda start, length: DateRange(start, None if length is None else start + timedelta(days=length)),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.one_of(st.none(), st.integers(0, 800)),
)

# ---------------------------------------------------------------- months


@pytest.mark.parametrize(
    ("value", "month"),
    [
        ("202507", 202507),
        ("2025-07", 202507),
        ("2025-7", 202507),
        ("2025/07", 202507),
        (" 2025.7 ", 202507),
        ("2025年07月", 202507),
        ("2025年7月", 202507),
        (202507, 202507),
        (199912, 199912),
    ],
)
def test_parse_month_accepts(value: str | int, month: int) -> None:
    assert parse_month(value) == month


@pytest.mark.parametrize(
    "value",
    ["202513", "202500", "2025-13", "2025-00", "2025-7-1", "25-07", "2025", "", "abc", "2025-007",
     202513, 202500, 2025, 2025070, True, None, 202507.0],
)  # fmt: skip
def test_parse_month_rejects(value: object) -> None:
    with pytest.raises(AnjuError) as info:
        parse_month(value)  # type: ignore[arg-type]
    assert info.value.code is ErrorCode.MONTH_FORMAT
    assert str(value) in info.value.message


def test_month_functions_table() -> None:
    assert month_of(date(2025, 7, 31)) == 202507
    assert add_months(202511, 3) == 202602
    assert add_months(202501, -1) == 202412
    assert add_months(202507, 0) == 202507
    assert add_months(202507, -12) == 202407
    assert months_between(202507, 202606) == 11
    assert months_between(202606, 202507) == -11
    assert month_range(202511, 202602) == [202511, 202512, 202601, 202602]
    assert month_range(202507, 202507) == [202507]
    assert month_range(202602, 202511) == []
    assert first_day(202502) == date(2025, 2, 1)
    assert last_day(202502) == date(2025, 2, 28)
    assert last_day(202402) == date(2024, 2, 29)
    assert last_day(190002) == date(1900, 2, 28)
    assert last_day(202512) == date(2025, 12, 31)
    assert format_month(202507) == "2025年07月"
    assert format_month(202512) == "2025年12月"


@pytest.mark.parametrize("call", [add_months, months_between])
def test_month_arithmetic_validates(call: Callable[[int, int], int]) -> None:
    with pytest.raises(AnjuError) as info:
        call(202513, 1)
    assert info.value.code is ErrorCode.MONTH_FORMAT


@given(months, st.integers(-1200, 1200))
def test_add_months_properties(m: int, n: int) -> None:
    later = add_months(m, n)
    assert months_between(m, later) == n
    assert add_months(later, -n) == m
    assert 1 <= later % 100 <= 12


@given(months, st.integers(0, 60))
def test_month_range_properties(m: int, n: int) -> None:
    end = add_months(m, n)
    span = month_range(m, end)
    assert len(span) == n + 1
    assert span[0] == m and span[-1] == end
    assert all(months_between(a, b) == 1 for a, b in zip(span, span[1:], strict=False))


@given(months)
def test_month_day_bounds(m: int) -> None:
    first, last = first_day(m), last_day(m)
    assert month_of(first) == month_of(last) == m
    assert first.day == 1
    assert month_of(last + timedelta(days=1)) == add_months(m, 1)
    assert parse_month(format_month(m)) == m
    assert parse_month(str(m)) == m


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value",
    [
        "2025-07-01",
        "2025/7/1",
        "2025/07/01",
        "20250701",
        "2025-7-1",
        "2025.7.1",
        "2025年7月1日",
        " 2025-07-01 ",
    ],
)
def test_parse_date_accepts(value: str) -> None:
    assert parse_date(value) == date(2025, 7, 1)


@pytest.mark.parametrize(
    "value",
    ["2025-02-29", "2025-13-01", "2025-07-32", "2025-7/1", "2025-07", "250701", "2025-07-01T00:00",
     "0000-01-01", "", "abc", None, 20250701],
)  # fmt: skip
def test_parse_date_rejects(value: object) -> None:
    with pytest.raises(AnjuError) as info:
        parse_date(value)  # type: ignore[arg-type]
    assert info.value.code is ErrorCode.DATE_FORMAT


@given(days)
def test_parse_date_roundtrip(d: date) -> None:
    assert parse_date(d.isoformat()) == d
    assert parse_date(f"{d:%Y%m%d}") == d
    assert parse_date(f"{d.year}/{d.month}/{d.day}") == d


# ---------------------------------------------------------------- add_years, age_on


def test_add_years_and_age_table() -> None:
    assert add_years(date(2000, 2, 29), 1) == date(2001, 2, 28)
    assert add_years(date(2000, 2, 29), 4) == date(2004, 2, 29)
    assert add_years(date(2000, 2, 29), -1) == date(1999, 2, 28)
    assert add_years(date(2025, 7, 1), 5) == date(2030, 7, 1)
    assert age_on(date(1990, 7, 15), date(2025, 7, 14)) == 34
    assert age_on(date(1990, 7, 15), date(2025, 7, 15)) == 35
    assert age_on(date(2000, 2, 29), date(2023, 2, 27)) == 22
    assert age_on(date(2000, 2, 29), date(2023, 2, 28)) == 23
    assert age_on(date(2000, 2, 29), date(2024, 2, 28)) == 23
    assert age_on(date(2000, 2, 29), date(2024, 2, 29)) == 24
    assert age_on(date(2025, 1, 1), date(2025, 1, 1)) == 0


def test_age_on_before_birth() -> None:
    with pytest.raises(AnjuError) as info:
        age_on(date(2025, 1, 2), date(2025, 1, 1))
    assert info.value.code is ErrorCode.DATE_BIRTH_AFTER


@given(days.filter(lambda d: d.year < 2100), st.integers(0, 99))
def test_age_on_matches_add_years(birth: date, n: int) -> None:
    birthday = add_years(birth, n)
    assert age_on(birth, birthday) == n
    if n:
        assert age_on(birth, birthday - timedelta(days=1)) == n - 1


# ---------------------------------------------------------------- DateRange


def test_date_range_basics() -> None:
    july = DateRange(date(2025, 7, 1), date(2025, 8, 1))
    assert july.days == 31
    assert july.contains(date(2025, 7, 1)) and date(2025, 7, 31) in july
    assert not july.contains(date(2025, 8, 1))
    assert not july.contains(date(2025, 6, 30))
    assert july.last == date(2025, 7, 31)
    assert list(DateRange(date(2025, 7, 30), date(2025, 8, 2))) == [
        date(2025, 7, 30),
        date(2025, 7, 31),
        date(2025, 8, 1),
    ]
    assert list(DateRange(date(2025, 7, 1), date(2025, 7, 1))) == []
    open_ended = DateRange(date(2025, 7, 1))
    assert open_ended.is_open and open_ended.contains(date(9999, 12, 31))
    with pytest.raises(ValueError):
        _ = open_ended.days
    with pytest.raises(ValueError):
        iter(open_ended)
    with pytest.raises(ValueError):
        _ = DateRange(date(2025, 7, 1), date(2025, 7, 1)).last


def test_date_range_validates() -> None:
    with pytest.raises(AnjuError) as info:
        DateRange(date(2025, 7, 2), date(2025, 7, 1))
    assert info.value.code is ErrorCode.DATE_RANGE
    assert info.value.message == "日期区间无效：开始日期2025-07-02晚于结束日期2025-07-01"
    with pytest.raises(TypeError):
        DateRange(datetime(2025, 7, 1), None)  # type: ignore[arg-type]


def test_date_range_intersections() -> None:
    a = DateRange(date(2025, 1, 1), date(2025, 7, 1))
    b = DateRange(date(2025, 6, 1), date(2026, 1, 1))
    c = DateRange(date(2025, 7, 1), date(2025, 8, 1))
    assert a.intersect(b) == DateRange(date(2025, 6, 1), date(2025, 7, 1))
    assert a.overlaps(b)
    assert a.intersect(c) is None and not a.overlaps(c)  # touching half-open ranges share no day
    assert a.intersect(DateRange(date(2020, 1, 1))) == a
    assert DateRange(date(2025, 1, 1)).intersect(DateRange(date(2026, 1, 1))) == DateRange(date(2026, 1, 1))
    empty = DateRange(date(2025, 3, 1), date(2025, 3, 1))
    assert not empty.overlaps(a) and a.intersect(empty) is None


@given(ranges, ranges, st.dates(min_value=date(2019, 12, 1), max_value=date(2034, 1, 1)))
def test_date_range_properties(a: DateRange, b: DateRange, d: date) -> None:
    both = a.intersect(b)
    assert both == b.intersect(a)
    assert a.overlaps(b) == (both is not None) == b.overlaps(a)
    assert (both is not None and both.contains(d)) == (a.contains(d) and b.contains(d))
    if not a.is_open:
        listed = list(a)
        assert len(listed) == a.days
        assert all(a.contains(x) for x in listed)
        assert a.contains(d) == (d in listed)


# ---------------------------------------------------------------- policy and interest years


def test_policy_and_interest_years_table() -> None:
    expected = DateRange(date(2025, 7, 1), date(2026, 7, 1))
    assert policy_year(date(2025, 7, 1)) == expected
    assert policy_year(date(2026, 6, 30)) == expected
    assert policy_year(date(2025, 6, 30)) == DateRange(date(2024, 7, 1), date(2025, 7, 1))
    assert policy_year_starting(2025) == expected
    assert interest_year(2025) == DateRange(date(2024, 7, 1), date(2025, 7, 1))
    assert interest_year(2025).last == date(2025, 6, 30)
    assert interest_year(2024).days == 366  # 2023-07-01 .. 2024-06-30 includes Feb 29 2024
    assert interest_year(2025).days == 365
    assert interest_year_of(date(2025, 6, 30)) == 2025
    assert interest_year_of(date(2025, 7, 1)) == 2026
    assert interest_year_of(date(2025, 1, 1)) == 2025


@given(days.filter(lambda d: d.year < 2200))
def test_year_properties(d: date) -> None:
    year = policy_year(d)
    assert year.contains(d)
    assert (year.start.month, year.start.day) == (7, 1)
    assert year.days in (365, 366)
    settle = interest_year_of(d)
    assert interest_year(settle).contains(d)
    assert interest_year(settle).last == date(settle, 6, 30)
    assert interest_year(settle) == year
