"""Running 积数 on the account row, kept by every balance change (set-based or one account at a time).

Each account carries ``jishu`` (fen·days, shown to people) and ``jishu_rated`` (fen·days·rate in millionths,
used to settle) for the days before ``accrued_day`` (an ordinal day number). A balance change dated D first
adds the old balance for the days ``[accrued_day, D)``; each day is weighted by the deposit rate in force on
it, so a rate change inside an interest year splits the accrual exactly at the change date without a
separate job. A change dated before ``accrued_day`` adds its own amount for the days it missed.
Settlement: interest = ``jishu_rated ÷ (1,000,000 × day basis)``, rounded half-up once (see ``calc``).
The day basis of an interest year is the one in force on its first day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, literal

from anju.core.dates import interest_year, interest_year_of
from anju.db.meta import rate_to_micro
from anju.policy.store import PolicyStore


@dataclass(frozen=True)
class RateSpan:
    """Days ``[start, end)`` (ordinal day numbers) at ``rate_micro`` (annual rate in millionths)."""

    start: int
    end: int
    rate_micro: int


def rate_spans(store: PolicyStore, first: date, last_exclusive: date) -> list[RateSpan]:
    """The deposit rate over ``[first, last_exclusive)``, split at every change of the rate."""
    changes = sorted({first, *[d for d in store.change_dates() if first < d < last_exclusive]})
    spans: list[RateSpan] = []
    for i, start in enumerate(changes):
        end = changes[i + 1] if i + 1 < len(changes) else last_exclusive
        micro = rate_to_micro(store.at(start)["interest.deposit_rate"])
        if spans and spans[-1].rate_micro == micro:
            spans[-1] = RateSpan(spans[-1].start, end.toordinal(), micro)
        else:
            spans.append(RateSpan(start.toordinal(), end.toordinal(), micro))
    return spans


def year_spans(store: PolicyStore, day: date) -> list[RateSpan]:
    """Spans of the whole interest year containing ``day`` (the accrual never crosses a settlement)."""
    year = interest_year(interest_year_of(day))
    return rate_spans(store, year.start, year.end)


def rated_days(spans: list[RateSpan], start: int, end: int) -> int:
    """Σ over the days of ``[start, end)`` of the rate in millionths (pure; the reference of the SQL below)."""
    total = 0
    for s in spans:
        lo, hi = max(start, s.start), min(end, s.end)
        if hi > lo:
            total += (hi - lo) * s.rate_micro
    return total


def accrue_one(*, jishu: int, jishu_rated: int, accrued_day: int, balance: int, amount: int, day: int,
               spans: list[RateSpan]) -> tuple[int, int, int]:
    """New (jishu, jishu_rated, accrued_day) when ``amount`` moves on ``day`` (one account, in Python)."""
    if day >= accrued_day:
        return (jishu + balance * (day - accrued_day), jishu_rated + balance * rated_days(spans, accrued_day, day),
                day)
    return (jishu + amount * (accrued_day - day), jishu_rated + amount * rated_days(spans, day, accrued_day),
            accrued_day)


def rated_days_sql(spans: list[RateSpan], start, end):
    """SQL for ``rated_days`` where one of ``start``/``end`` is a column and the other a Python int."""
    terms = []
    for s in spans:
        lo = _sql_max(start, s.start)
        hi = _sql_min(end, s.end)
        terms.append(case((hi > lo, (hi - lo) * s.rate_micro), else_=0))
    if not terms:
        return literal(0)
    expr = terms[0]
    for t in terms[1:]:
        expr = expr + t
    return expr


def _sql_max(x, n: int):
    return max(x, n) if isinstance(x, int) else case((x > n, x), else_=n)


def _sql_min(x, n: int):
    return min(x, n) if isinstance(x, int) else case((x < n, x), else_=n)


def accrual_values(a, amount, day: int, spans: list[RateSpan]) -> dict:
    """SET clauses that accrue an account (columns ``a``) before ``amount`` moves on ``day`` (set-based)."""
    later = day > a.accrued_day
    return {
        "jishu": a.jishu + case((later, a.balance * (day - a.accrued_day)), else_=0)
        + case((a.accrued_day > day, amount * (a.accrued_day - day)), else_=0),
        "jishu_rated": a.jishu_rated + case((later, a.balance * rated_days_sql(spans, a.accrued_day, day)), else_=0)
        + case((a.accrued_day > day, amount * rated_days_sql(spans, day, a.accrued_day)), else_=0),
        "accrued_day": case((later, day), else_=a.accrued_day),
    }
