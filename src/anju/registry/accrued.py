"""Interest the member accounts have earned up to a day, read set-based from their running 积数 (the monthly
accrual of ``anju.interest.monthly`` asks; the account rows and the member sub-ledger are the registry's).

Per account: the rated 积数 for the days before ``end`` (``jishu_rated`` runs to ``accrued_day``):

- ``accrued_day`` ≤ end: the balance is added for ``[accrued_day, end)``;
- ``accrued_day`` > end (business dated after ``end`` is already booked): the balance is taken back out for
  ``[end, accrued_day)`` and each movement dated after ``end`` is put back for the days ``[end, its date)`` it was
  not there yet — the end-of-day balance on a day d ≥ end is the balance now less the movements dated after d;
- an account settled to the day (an interest row of the sub-ledger, closing or transfer out) on or after ``end``
  has been paid everything up to ``end``: it counts nothing.

Each account's figure is divided by ``denominator`` (1,000,000 × day basis) and rounded half-up, as the June 30
settlement rounds; the sum is returned.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Connection, Integer, and_, cast, exists, func, literal, select, type_coerce
from sqlalchemy import Date as SaDate

from anju.registry.accrual import RateSpan, rated_days_sql
from anju.registry.codes import TxnType
from anju.registry.tables import account, member_txn


def _days_after(conn: Connection, column, day: date):
    """SQL: whole days from ``day`` to the date ``column`` (each dialect subtracts dates its own way)."""
    if conn.dialect.name == "postgresql":
        return type_coerce(column - cast(literal(day), SaDate), Integer)
    return cast(func.julianday(column) - func.julianday(literal(day.isoformat())), Integer)


def interest_to(conn: Connection, *, spans: list[RateSpan], end: date, year_end: date, denominator: int) -> int:
    """Σ over accounts of round_half_up(rated 积数 before ``end`` ÷ ``denominator``); ``year_end`` is the first day
    of the next interest year (movements from it on belong to that year)."""
    e = end.toordinal()
    a, t = account.c, member_txn.c
    after_end = and_(t.txn_date >= end, t.txn_date < year_end)
    # Movements dated after the end, each weighted by the rated days [end, its date) it was not there yet.
    # (cast: PostgreSQL sums bigints to numeric, which would turn the half-up integer division below into a real one)
    back = func.sum(t.amount * rated_days_sql(spans, e, e + _days_after(conn, t.txn_date, end)))
    later = (select(t.account_id, cast(back, BigInteger).label("back"))
             .select_from(member_txn.join(account, account.c.id == t.account_id))
             .where(a.accrued_day > e, after_end, t.amount != 0)
             .group_by(t.account_id).subquery("later"))
    settled_after = exists().where(t.account_id == a.id, t.type == TxnType.INTEREST.value, after_end)
    rated = (a.jishu_rated + a.balance * rated_days_sql(spans, a.accrued_day, e)
             - a.balance * rated_days_sql(spans, e, a.accrued_day) + func.coalesce(later.c.back, 0))
    half_up = (rated * 2 + denominator) // (denominator * 2)
    total = conn.execute(select(func.coalesce(func.sum(half_up), 0))
                         .select_from(account.outerjoin(later, later.c.account_id == a.id))
                         .where(~settled_after, (a.balance > 0) | (a.jishu_rated > 0) | later.c.back.is_not(None))
                         ).scalar_one()
    return int(total)
