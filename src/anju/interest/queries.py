"""Explain one account's interest for a year from its own history (the clerk answers a member's question)."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from anju.core.dates import interest_year
from anju.interest.calc import InterestResult, Movement, compute_interest, rates_from_policy
from anju.policy.store import load_store
from anju.registry.codes import TxnType
from anju.registry.queries import account_txns, accrual_basis, balance_before


def year_history(conn: Connection, account_id: int, year: int) -> tuple[int, list[Movement]]:
    """Opening balance and movements of an interest year, without that year's own June 30 credit."""
    span = interest_year(year)
    opening = balance_before(conn, account_id, span.start)
    rows = account_txns(conn, account_id, start=span.start, end=span.end)
    return opening, [Movement(r.txn_date, int(r.amount)) for r in rows
                     if r.amount != 0 and not _own_settlement(r, year)]


def _own_settlement(row, year: int) -> bool:
    return row.type == TxnType.INTEREST.value and row.ref_type == "interest_run" and row.ref_id == year


def explain(conn: Connection, account_id: int, year: int) -> InterestResult:
    """The segments, balances, days and 积数 of the year, by the reference calculator (the batch agrees)."""
    span = interest_year(year)
    opening, movements = year_history(conn, account_id, year)
    # A closing or transfer-out settles interest to the day: the year then ends there for this account.
    settled_early = min((r.txn_date for r in account_txns(conn, account_id, start=span.start, end=span.end)
                         if r.type == TxnType.INTEREST.value and r.ref_type == "account"), default=None)
    end = settled_early or span.end
    rates = rates_from_policy(load_store(conn), span.start, end)
    return compute_interest(opening=opening, movements=[m for m in movements if m.on < end], start=span.start,
                            end=end, rates=rates)


def runs(conn: Connection):
    from anju.interest.tables import interest_run

    return conn.execute(select(interest_run).order_by(interest_run.c.year.desc())).all()


def run_progress(conn: Connection, year: int) -> tuple[int, int]:
    """(accounts credited, accounts in the run) of a settlement run."""
    from anju.interest.tables import interest_settlement

    s = interest_settlement.c
    done, total = conn.execute(select(func.count().filter(s.applied == True), func.count())  # noqa: E712
                               .where(s.year == year)).one()
    return int(done or 0), int(total or 0)


def estimate(conn: Connection, year: int) -> tuple[int, int]:
    """(accounts, interest) a settlement of ``year`` would credit if run now — the same SQL, summed, not stored."""
    from anju.db.meta import RATE_SCALE
    from anju.interest.service import day_basis, half_up_div
    from anju.registry.accrual import rate_spans, rated_days_sql

    span = interest_year(year)
    end = span.end.toordinal()
    store = load_store(conn)
    spans = rate_spans(store, span.start, span.end)
    a = accrual_basis().c
    rated = a.jishu_rated + a.balance * rated_days_sql(spans, a.accrued_day, end)
    per = select(half_up_div(rated, RATE_SCALE * day_basis(store, year)).label("i")).where(
        (a.balance > 0) | (a.jishu_rated > 0)).subquery()
    count, total = conn.execute(select(func.count(), func.coalesce(func.sum(per.c.i), 0))).one()
    return int(count), int(total)


def fund_entries(conn: Connection, *, limit: int = 100):
    from anju.interest.tables import fund_entry

    return conn.execute(select(fund_entry).order_by(fund_entry.c.entry_date.desc(), fund_entry.c.id.desc())
                        .limit(limit)).all()
