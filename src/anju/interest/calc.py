"""Deposit interest by the accumulated-balance method (积数计息): the per-account reference of 结息.

Conventions (authoritative; the set-based settlement must agree with this module to the fen):

- A period is half-open, ``[start, end)``: ``end`` is the first day NOT counted. The interest year of settle
  year Y is ``[Y−1-07-01, Y-07-01)`` (:func:`anju.core.dates.interest_year`).
- The END-OF-DAY balance of each day counts for that day; a movement dated D changes D's end-of-day
  balance (a deposit earns from its own day, a withdrawal stops earning on its own day: 算头不算尾).
- 积数 (fen·days) = Σ over the days of the period of the end-of-day balance.
- Interest = Σ over rate segments of 积数 × annual rate ÷ day basis, computed exactly and rounded ONCE,
  half-up, to the fen. A rate or basis change on day C splits the period at C; day C already uses the new
  values.
- Settling to the day when an account is closed or transferred out on day D (销户、转出结息): use
  :func:`settlement_period` → ``[interest-year start, D)``. The money leaves on D, so D's end-of-day balance
  is zero and D earns nothing; including D with the pre-withdrawal balance would pay one day too many.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from anju.core.dates import DateRange, interest_year, interest_year_of
from anju.core.errors import Problem, ValidationFailed
from anju.core.money import format_yuan, round_half_up
from anju.interest.errors import InterestError

if TYPE_CHECKING:
    from anju.policy.store import PolicyStore

DAY_BASES = (360, 365)
RATE_KEY = "interest.deposit_rate"
BASIS_KEY = "interest.day_basis"


@dataclass(frozen=True)
class Movement:
    """A change of the balance (发生额, FSE) dated ``on``: positive in, negative out, in fen."""

    on: date
    amount: int


@dataclass(frozen=True)
class RatePeriod:
    """An annual ``rate`` and day ``basis`` (360 or 365) in force from ``start`` until the next period's start."""

    start: date
    rate: Decimal
    basis: int


@dataclass(frozen=True)
class Segment:
    """Days ``[start, end_exclusive)`` with one end-of-day balance and one rate; ``jishu`` in fen·days."""

    start: date
    end_exclusive: date
    balance: int
    days: int
    jishu: int
    rate: Decimal
    basis: int

    @property
    def last_day(self) -> date:
        return self.end_exclusive - timedelta(days=1)

    @property
    def exact_interest(self) -> Fraction:
        """This segment's share of the interest, unrounded (only the total is rounded)."""
        return self.jishu * Fraction(self.rate) / self.basis


@dataclass(frozen=True)
class InterestResult:
    """Interest of one account over ``[start, end)`` within the interest year of settle ``year``."""

    year: int
    start: date
    end: date
    opening: int
    closing: int
    segments: tuple[Segment, ...]
    jishu_total: int
    interest: int  # 发生利息额 FSLXE, fen


@dataclass(frozen=True)
class DailyTotals:
    """What :func:`reference_daily` finds: the same totals, reached day by day."""

    days: int
    closing: int
    jishu_total: int
    interest: int


# ---------------------------------------------------------------- helpers


def accrue(jishu: int, balance: int, from_day: date, to_day: date) -> int:
    """The running 积数 after ``balance`` stood from ``from_day`` up to (not including) ``to_day``.

    This is what an account's stored 积数 gets at every balance change, and what the set-based year-end
    mirrors: ``jishu + balance × (to_day − from_day).days``.
    """
    return jishu + balance * (to_day - from_day).days


def settlement_period(closing_day: date) -> DateRange:
    """The days earning interest when an account is closed or transferred out on ``closing_day``:
    ``[start of its interest year, closing_day)``."""
    year = interest_year(interest_year_of(closing_day))
    return DateRange(year.start, closing_day)


def _check(*, opening: int, movements: Sequence[Movement], start: date, end: date,
           rates: Sequence[RatePeriod]) -> list[Problem]:
    problems = []
    if end <= start:
        problems.append(Problem.of(InterestError.PERIOD_INVALID, field="计息区间", start=start, end=end))
        return problems
    year = interest_year(interest_year_of(start))
    if year.end is not None and end > year.end:
        problems.append(Problem.of(InterestError.PERIOD_CROSSES_YEAR, field="计息区间", start=start, end=end,
                                   year_end=year.end))
    if isinstance(opening, bool) or not isinstance(opening, int) or opening < 0:
        problems.append(Problem.of(InterestError.OPENING_INVALID, field="期初余额", opening=opening))
    for m in movements:
        if not start <= m.on < end:
            problems.append(Problem.of(InterestError.MOVEMENT_OUTSIDE, field="发生额", on=m.on, start=start,
                                       last_day=end - timedelta(days=1)))
        if isinstance(m.amount, bool) or not isinstance(m.amount, int):
            problems.append(Problem.of(InterestError.MOVEMENT_NOT_FEN, field="发生额", amount=m.amount))
    if not rates or rates[0].start > start:
        problems.append(Problem.of(InterestError.RATE_MISSING, field="利率", start=start))
    for prev, cur in zip(rates, rates[1:], strict=False):
        if cur.start <= prev.start:
            problems.append(Problem.of(InterestError.RATE_ORDER, field="利率"))
    for p in rates:
        if not isinstance(p.rate, Decimal) or not p.rate.is_finite() or p.rate < 0:
            problems.append(Problem.of(InterestError.RATE_INVALID, field="利率", rate=p.rate))
        if p.basis not in DAY_BASES:
            problems.append(Problem.of(InterestError.DAY_BASIS_INVALID, field="计息天数基数", basis=p.basis))
    return problems


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        raise ValidationFailed(problems, summary=f"计息参数有误：共{len(problems)}处错误")


def _day_totals(movements: Iterable[Movement]) -> dict[date, int]:
    """Net movement per day: only the end-of-day balance counts, so the order within a day is irrelevant."""
    totals: dict[date, int] = {}
    for m in movements:
        totals[m.on] = totals.get(m.on, 0) + m.amount
    return totals


def _rate_changes(rates: Sequence[RatePeriod], start: date, end: date) -> dict[date, RatePeriod]:
    """The rate period in force at ``start`` plus every one that begins inside ``(start, end)``."""
    in_force = [p for p in rates if p.start <= start][-1]
    changes = {start: in_force}
    changes.update({p.start: p for p in rates if start < p.start < end})
    return changes


# ---------------------------------------------------------------- the calculation


def compute_interest(*, opening: int, movements: Sequence[Movement], start: date, end: date,
                     rates: Sequence[RatePeriod]) -> InterestResult:
    """Interest on an account over the half-open period ``[start, end)`` by 积数 (see the module notes).

    ``opening`` is the balance at the start of ``start`` (before its movements); every movement must fall
    in ``[start, end)``; ``rates`` are sorted by start and the first must be in force at ``start``. The
    period must lie inside one interest year. Every problem is reported at once (:class:`ValidationFailed`),
    including each day whose end-of-day balance would be negative.
    """
    _raise_if(_check(opening=opening, movements=movements, start=start, end=end, rates=rates))
    net = _day_totals(movements)
    changes = _rate_changes(rates, start, end)
    cuts = sorted({start, end, *net, *changes})
    balance, period, segments, problems = opening, changes[start], [], []
    for day, following in zip(cuts, cuts[1:], strict=False):
        balance += net.get(day, 0)
        period = changes.get(day, period)
        if balance < 0:
            problems.append(Problem.of(InterestError.BALANCE_NEGATIVE, field="发生额", day=day,
                                       balance=format_yuan(balance)))
        segments.append(Segment(day, following, balance, (following - day).days, accrue(0, balance, day, following),
                                period.rate, period.basis))
    _raise_if(problems)
    exact = sum((s.exact_interest for s in segments), Fraction(0))
    return InterestResult(interest_year_of(start), start, end, opening, balance, tuple(segments),
                          sum(s.jishu for s in segments), round_half_up(exact))


def compute_year_interest(*, year: int, opening: int, movements: Sequence[Movement],
                          rates: Sequence[RatePeriod]) -> InterestResult:
    """The year-end settlement (年终结息) of settle ``year``: :func:`compute_interest` over its interest year."""
    period = interest_year(year)
    assert period.end is not None
    return compute_interest(opening=opening, movements=movements, start=period.start, end=period.end, rates=rates)


def reference_daily(*, opening: int, movements: Sequence[Movement], start: date, end: date,
                    rates: Sequence[RatePeriod]) -> DailyTotals:
    """A deliberately plain second opinion: walk every day, add that day's movements, count its end-of-day
    balance at the rate in force that day. Slow (one step per day); for tests and explanations only."""
    _raise_if(_check(opening=opening, movements=movements, start=start, end=end, rates=rates))
    balance, jishu, exact, days = opening, 0, Fraction(0), 0
    day = start
    while day < end:
        for m in movements:
            if m.on == day:
                balance += m.amount
        in_force = [p for p in rates if p.start <= day][-1]
        jishu += balance
        exact += balance * Fraction(in_force.rate) / in_force.basis
        days += 1
        day += timedelta(days=1)
    return DailyTotals(days, balance, jishu, round_half_up(exact))


# ---------------------------------------------------------------- rates from policy


def rates_from_policy(store: PolicyStore, start: date, end: date) -> list[RatePeriod]:
    """The deposit rate and day basis in force over ``[start, end)``, one period per actual change.

    A policy change date inside the period that leaves both values as they were adds no period, so it
    does not split the segments.
    """
    points = [start, *(d for d in store.change_dates() if start < d < end)]
    return collapse_rates([RatePeriod(d, store.at(d)[RATE_KEY], int(store.at(d)[BASIS_KEY])) for d in points])


def collapse_rates(periods: Sequence[RatePeriod]) -> list[RatePeriod]:
    """Drop each period that only repeats the rate and basis of the one before it."""
    kept: list[RatePeriod] = []
    for period in periods:
        if not kept or (kept[-1].rate, kept[-1].basis) != (period.rate, period.basis):
            kept.append(period)
    return kept
