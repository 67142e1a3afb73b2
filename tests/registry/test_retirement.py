"""Statutory retirement dates under the 2024 reform (NPC Standing Committee, 2024-09-13, effective 2025-01-01):
hand-worked cases at every edge, the policy before the reform, the table's checks, and a slow cohort-by-cohort
reference walked month by month for every birth month from 1955 to 1995 (pure)."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anju.policy.loader import merged_at, parse_centre_text
from anju.policy.service import SAMPLE_CENTRE
from anju.policy.store import Policy
from anju.registry.params import _retirement_table
from anju.registry.retirement import RetirementPolicy, retirement, retirement_date

CENTRE, PROBLEMS = parse_centre_text(SAMPLE_CENTRE.read_text(encoding="utf-8"))
AFTER, BEFORE = date(2026, 10, 15), date(2024, 12, 31)


def policy(day: date) -> Policy:
    return Policy(day, merged_at(CENTRE.changes, day))


P, OLD = policy(AFTER), policy(BEFORE)
M, F = "1", "2"


def test_the_sample_centre_loads():
    assert PROBLEMS == []


def test_worked_example_man_born_1970_01_10():
    # original retirement 2030-01, 60 months after the reform month 2025-01: 60 // 4 + 1 = 16 months later
    s = retirement(date(1970, 1, 10), M, None, P)
    assert (s.years, s.months, s.day) == (61, 4, date(2031, 5, 10))
    assert s.text == "法定退休年龄61周岁4个月（男职工），法定退休日期2031年5月10日"
    assert retirement_date(date(1970, 1, 10), M, None, P) == date(2031, 5, 10)


@pytest.mark.parametrize("birth, sex, category, expected, years, months", [
    # men: born before 1965 → 60; 1965-01..04 → 60 + 1 month; each 4 birth months one more; 1976-09 on → 63
    (date(1964, 12, 31), M, None, date(2024, 12, 31), 60, 0),
    (date(1960, 6, 1), M, None, date(2020, 6, 1), 60, 0),
    (date(1965, 1, 1), M, None, date(2025, 2, 1), 60, 1),
    (date(1965, 4, 30), M, None, date(2025, 5, 30), 60, 1),
    (date(1965, 5, 1), M, None, date(2025, 7, 1), 60, 2),
    (date(1976, 8, 15), M, None, date(2039, 7, 15), 62, 11),  # k = 139: 139 // 4 + 1 = 35
    (date(1976, 9, 1), M, None, date(2039, 9, 1), 63, 0),  # k = 140: 36, the cap
    (date(1990, 7, 7), M, None, date(2053, 7, 7), 63, 0),
    (date(1980, 2, 29), M, None, date(2043, 2, 28), 63, 0),  # a leap-day birthday in a common year
    (date(1965, 10, 31), M, "worker", date(2026, 1, 31), 60, 3),  # men: the category does not matter
    # women cadres: 55 → 58, one month per 4 months of birth, from those born 1970-01
    (date(1969, 12, 15), F, "cadre", date(2024, 12, 15), 55, 0),
    (date(1970, 1, 15), F, "cadre", date(2025, 2, 15), 55, 1),
    (date(1975, 6, 30), F, "cadre", date(2031, 11, 30), 56, 5),  # k = 65: 65 // 4 + 1 = 17
    (date(1981, 8, 20), F, "cadre", date(2039, 7, 20), 57, 11),  # k = 139: 35
    (date(1981, 9, 20), F, "cadre", date(2039, 9, 20), 58, 0),  # k = 140: the cap
    # women workers: 50 → 55, one month per 2 months of birth, from those born 1975-01
    (date(1974, 12, 20), F, "worker", date(2024, 12, 20), 50, 0),
    (date(1975, 1, 20), F, "worker", date(2025, 2, 20), 50, 1),
    (date(1975, 2, 20), F, "worker", date(2025, 3, 20), 50, 1),
    (date(1975, 3, 20), F, "worker", date(2025, 5, 20), 50, 2),
    (date(1975, 12, 31), F, "worker", date(2026, 6, 30), 50, 6),  # k = 11: 6 months; June has 30 days
    (date(1984, 10, 5), F, "worker", date(2039, 9, 5), 54, 11),  # k = 117: 59
    (date(1984, 11, 5), F, "worker", date(2039, 11, 5), 55, 0),  # k = 118: 60, the cap
    # a woman of unknown category: the sample centre's default is cadre (born 1984-11: k = 178 → 36, the cap)
    (date(1984, 11, 5), F, None, date(2042, 11, 5), 58, 0),
])
def test_hand_worked(birth, sex, category, expected, years, months):
    s = retirement(birth, sex, category, P)
    assert (s.day, s.years, s.months) == (expected, years, months)


def test_before_the_reform_the_ages_were_60_55_50():
    assert retirement_date(date(1970, 1, 10), M, None, OLD) == date(2030, 1, 10)
    assert retirement_date(date(1985, 6, 10), F, "cadre", OLD) == date(2040, 6, 10)
    assert retirement_date(date(1985, 6, 10), F, "worker", OLD) == date(2035, 6, 10)
    assert retirement_date(date(1985, 6, 10), F, None, OLD) == date(2040, 6, 10)


def test_the_default_category_is_a_policy_value():
    s = retirement(date(1985, 6, 10), F, None, P)
    assert s.group == "female_cadre" and s.defaulted and s.day == date(2043, 6, 10)
    assert "（女干部；身份未登记，按政策默认）" in s.text
    table = dict(P["registry.retirement"], female_default="worker")
    s = retirement(date(1985, 6, 10), F, None, table)
    assert s.group == "female_worker" and s.defaulted and s.day == date(2040, 6, 10)
    assert "（女职工；身份未登记，按政策默认）" in s.text


def test_the_table_is_checked():
    bad = dict(P["registry.retirement"], male_step=None, female_worker_target=48, reform_from=None)
    problems = _retirement_table({"registry.retirement": bad})
    assert "法定退休年龄表：男职工目标退休年龄与男职工每延迟1个月对应的出生月数须同时设置" in problems
    assert "法定退休年龄表：女职工目标退休年龄（48）不能小于原退休年龄（50）" in problems
    assert "法定退休年龄表：设置了男职工目标退休年龄，须同时设置延迟退休起始日期" in problems


# ----------------------------------------------------------------------------------------- slow reference


def reference(birth: date, age: int, target: int, step: int, reform: date) -> date:
    """Walks the cohorts: the first birth month whose original retirement month is the reform month is delayed
    one month; every ``step`` birth months after it one month more, until the target; then adds the months one
    by one to the birth date, keeping the day (or the month's last day)."""
    y, m = birth.year + age, birth.month  # original retirement month
    delay = 0
    if (y, m) >= (reform.year, reform.month):
        delay, count = 1, 0
        cy, cm = reform.year, reform.month
        while (cy, cm) != (y, m):
            count += 1
            if count == step:
                delay, count = delay + 1, 0
            cy, cm = (cy, cm + 1) if cm < 12 else (cy + 1, 1)
        delay = min(delay, (target - age) * 12)
    yy, mm = birth.year, birth.month
    for _ in range(age * 12 + delay):
        yy, mm = (yy, mm + 1) if mm < 12 else (yy + 1, 1)
    return date(yy, mm, min(birth.day, calendar.monthrange(yy, mm)[1]))


GROUPS = {(M, None): (60, 63, 4), (F, "cadre"): (55, 58, 4), (F, "worker"): (50, 55, 2)}


@given(st.dates(date(1950, 1, 1), date(2000, 12, 31)), st.sampled_from(sorted(GROUPS, key=str)))
def test_against_the_slow_reference(birth, group):
    sex, category = group
    age, target, step = GROUPS[group]
    assert retirement_date(birth, sex, category, P) == reference(birth, age, target, step, date(2025, 1, 1))


def test_every_birth_month_against_the_reference_and_monotone():
    table = RetirementPolicy.of(P)
    for (sex, category), (age, target, step) in GROUPS.items():
        last = None
        for year in range(1955, 1996):
            for month in range(1, 13):
                birth = date(year, month, 28)
                day = retirement_date(birth, sex, category, table)
                assert day == reference(birth, age, target, step, date(2025, 1, 1))
                assert last is None or day > last  # a later birth never retires earlier
                last = day
