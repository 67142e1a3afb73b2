"""Explain one account's interest for a year from its own history (the clerk answers a member's question)."""

from __future__ import annotations

from sqlalchemy import Connection, and_, func, select

from anju.core.dates import interest_year
from anju.interest.calc import InterestResult, Movement, compute_interest, rates_from_policy
from anju.policy.store import load_store
from anju.registry.codes import TxnType
from anju.registry.tables import member_txn


def year_history(conn: Connection, account_id: int, year: int) -> tuple[int, list[Movement]]:
    """Opening balance and movements of an interest year, without that year's own June 30 credit."""
    span = interest_year(year)
    own_settlement = and_(member_txn.c.type == TxnType.INTEREST.value, member_txn.c.ref_type == "interest_run",
                          member_txn.c.ref_id == year)
    opening = conn.execute(select(func.coalesce(func.sum(member_txn.c.amount), 0)).where(
        member_txn.c.account_id == account_id, member_txn.c.txn_date < span.start)).scalar_one()
    rows = conn.execute(select(member_txn.c.txn_date, member_txn.c.amount).where(
        member_txn.c.account_id == account_id, member_txn.c.txn_date >= span.start, member_txn.c.txn_date < span.end,
        member_txn.c.amount != 0, ~own_settlement).order_by(member_txn.c.txn_date, member_txn.c.id)).all()
    return int(opening), [Movement(d, int(a)) for d, a in rows]


def explain(conn: Connection, account_id: int, year: int) -> InterestResult:
    """The segments, balances, days and 积数 of the year, by the reference calculator (the batch agrees)."""
    span = interest_year(year)
    opening, movements = year_history(conn, account_id, year)
    # A closing or transfer-out settles interest to the day: the year then ends there for this account.
    settled_early = conn.execute(select(func.min(member_txn.c.txn_date)).where(
        member_txn.c.account_id == account_id, member_txn.c.type == TxnType.INTEREST.value,
        member_txn.c.ref_type == "account", member_txn.c.txn_date >= span.start,
        member_txn.c.txn_date < span.end)).scalar()
    end = settled_early or span.end
    rates = rates_from_policy(load_store(conn), span.start, end)
    return compute_interest(opening=opening, movements=[m for m in movements if m.on < end], start=span.start,
                            end=end, rates=rates)
