"""Statutory retirement date (法定退休日期), pure: from a person's birth date, sex and category (干部 / 工人 for
women) under the retirement table in force (``registry.retirement``, see ``params.py``).

The table states, per group, the original age and — from the reform date on — the target age and how many
months of birth add one month to the retirement age. Under the NPC Standing Committee decision of 2024-09-13
(effective 2025-01-01): men 60 → 63 and women cadres 55 → 58, one month later per 4 months of birth; women
workers 50 → 55, one month later per 2 months of birth. The first affected cohort is the one whose *original*
retirement month is the reform month (men born 1965-01 retire at 60 years 1 month); each later block of
``step`` birth months adds one month, up to the target (men born from 1976-09 on retire at 63).

    delay (months) = min(k // step + 1, (target − age) × 12)   where k = months from the reform month to
                                                                 the original retirement month (k ≥ 0)

The retirement date is the birth date plus age and delay in months (same day of the month, the month's last
day when it is shorter). Before the reform date (or when a table carries no target) the original ages apply.

When the category of a woman is not known (the registry does not record 干部/工人), the table's
``female_default`` decides (the loan term reads it). The sample centre chooses ``cadre``: the age most centres'
loan rules have used for women (55, now phased to 58); a centre that wants the cautious bound for every woman
sets ``worker``, and a loan application may state the category. The withdrawal rule does not use the default:
a woman of unknown category may withdraw from the women workers' date (the earliest lawful one) and the
reviewer is told what a cadre's date would be.

Nothing here reads the database or the clock.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

MALE, FEMALE = "1", "2"  # GB/T 2261.1 / JGJ/T 320 XINGBIE
CADRE, WORKER = "cadre", "worker"
CATEGORIES = (CADRE, WORKER)
CATEGORY_LABELS = {CADRE: "女干部", WORKER: "女职工"}
GROUP_LABELS = {"male": "男职工", "female_cadre": "女干部", "female_worker": "女职工"}

KEY = "registry.retirement"


@dataclass(frozen=True)
class Group:
    age: int  # original statutory age (years)
    target: int | None = None  # age after the reform is fully phased in
    step: int | None = None  # months of birth per month of delay

    @property
    def max_delay(self) -> int:
        return (self.target - self.age) * 12 if self.target is not None else 0


@dataclass(frozen=True)
class RetirementPolicy:
    """The retirement table in force at one date."""

    male: Group
    female_cadre: Group
    female_worker: Group
    reform_from: date | None = None
    female_default: str = WORKER

    @classmethod
    def of(cls, policy) -> RetirementPolicy:
        """From a Policy (or any mapping holding ``registry.retirement``), or the table itself."""
        if isinstance(policy, RetirementPolicy):
            return policy
        t = policy[KEY] if not _is_table(policy) else policy

        def group(name: str) -> Group:
            return Group(t[f"{name}_age"], t.get(f"{name}_target"), t.get(f"{name}_step"))

        return cls(group("male"), group("female_cadre"), group("female_worker"), t.get("reform_from"),
                   t.get("female_default") or WORKER)

    def group(self, sex: str, category: str | None) -> tuple[str, Group]:
        if sex == MALE:
            return "male", self.male
        cat = category or self.female_default
        if cat not in CATEGORIES:
            raise ValueError(f"unknown retirement category {category!r}")
        return f"female_{cat}", self.female_cadre if cat == CADRE else self.female_worker


def _is_table(value) -> bool:
    return isinstance(value, Mapping) and "male_age" in value


@dataclass(frozen=True)
class Statutory:
    """A person's statutory retirement: the date and the age it is reached at."""

    day: date
    years: int
    months: int  # months over ``years``
    group: str  # male / female_cadre / female_worker
    defaulted: bool  # the woman's category came from the policy default

    @property
    def age_text(self) -> str:
        return f"{self.years}周岁" + (f"{self.months}个月" if self.months else "")

    @property
    def text(self) -> str:
        cn = f"{self.day.year}年{self.day.month}月{self.day.day}日"
        dflt = "；身份未登记，按政策默认" if self.defaulted else ""
        return f"法定退休年龄{self.age_text}（{GROUP_LABELS[self.group]}{dflt}），法定退休日期{cn}"


def plus_months(day: date, n: int) -> date:
    """The same day ``n`` months later; the month's last day when that month is shorter."""
    index = day.year * 12 + day.month - 1 + n
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def delay_months(birth: date, group: Group, reform_from: date | None) -> int:
    """Months added to the original age for someone born on ``birth``."""
    if reform_from is None or group.target is None or not group.step:
        return 0
    original = plus_months(birth, group.age * 12)
    k = (original.year - reform_from.year) * 12 + original.month - reform_from.month
    if k < 0:
        return 0
    return min(k // group.step + 1, group.max_delay)


def retirement(birth: date, sex: str, category: str | None, policy) -> Statutory:
    """The statutory retirement of a person (see the module's text for the rule)."""
    table = RetirementPolicy.of(policy)
    name, group = table.group(sex, category)
    delay = delay_months(birth, group, table.reform_from)
    total = group.age * 12 + delay
    return Statutory(plus_months(birth, total), total // 12, total % 12, name,
                     defaulted=sex != MALE and category is None)


def retirement_date(birth: date, sex: str, category: str | None, policy) -> date:
    """The statutory retirement date: ``retirement_date(date(1970, 1, 10), "1", None, p) == date(2031, 5, 10)``."""
    return retirement(birth, sex, category, policy).day
