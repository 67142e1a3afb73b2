"""Interest settlement (结息): the June 30 batch over every account, and settlement to the day for one account
(closing or transfer out). Both credit what the running rate-weighted 积数 has earned.

The batch has three phases, each idempotent: *compute* (one statement fills ``interest_settlement`` and the
run's voucher is posted for the total), *apply* (chunks of accounts are credited, their 积数 reset and 当年归集
rolled into 上年结转; ``applied`` is the checkpoint), *finish* (the run is done and the next interest year opens).
A crash anywhere is resumed by running the job again; nobody is credited twice.

Runners started together: one runner per settlement year (``job_lock`` on ``interest.settle:<year>``; the others
get JobBusy, "已有<year>年度结息作业在运行…"). Underneath the lock every phase claims its rows, so a runner that
somehow passes it still credits nobody twice: the run row is inserted only if absent, a chunk locks its
unapplied rows with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL) and sets ``applied`` only where it is still false,
checking the row count; the run is finished only when no row is left unapplied, by a conditional update.
While a run is in progress no balance change may be dated in its year (``guard.check_open``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import (
    BigInteger,
    Connection,
    Engine,
    and_,
    any_,
    bindparam,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.core import faults
from anju.core.dates import interest_year
from anju.core.errors import AnjuError, Conflict, ErrorCode
from anju.db.joblock import JobBusy, job_lock
from anju.db.meta import RATE_SCALE
from anju.db.uow import UnitOfWork
from anju.interest import guard
from anju.interest.accrual import accrue_one, rate_spans, rated_days_sql
from anju.interest.errors import InterestError
from anju.interest.permissions import P
from anju.interest.tables import interest_run, interest_settlement
from anju.ledger import service as ledger
from anju.ledger.rules import Line, Posting
from anju.policy.store import PolicyStore, load_store
from anju.registry.codes import TxnType
from anju.registry.tables import account, member_txn

SETTLEMENT_KIND = "interest.settle"


def day_basis(store: PolicyStore, year: int) -> int:
    """The day basis of an interest year: the one in force on its first day (a mid-year change is refused)."""
    span = interest_year(year)
    basis = int(store.at(span.start)["interest.day_basis"])
    for d in store.change_dates():
        if span.start < d < span.end and int(store.at(d)["interest.day_basis"]) != basis:
            raise AnjuError(ErrorCode.POLICY_INVALID, detail=f"计息天数基数只能在7月1日变更（{d}的变更不被采纳）")
    return basis


def interest_posting(key: str, on: date, total: int, summary: str, ref_type: str, ref_id: str) -> Posting:
    """Members' interest: accrued (Dr 41101 / Cr 211) and credited to their accounts (Dr 211 / Cr 201)."""
    return Posting(key=key, voucher_date=on, kind=SETTLEMENT_KIND, summary=summary, ref_type=ref_type, ref_id=ref_id,
                   lines=[Line.dr("41101", total, summary="计提职工住房公积金利息"),
                          Line.cr("211", total, summary="应付职工利息"),
                          Line.dr("211", total, summary="结转应付利息"),
                          Line.cr("201", total, summary="利息记入职工个人账户", subledger="member",
                                  subledger_ref=ref_id)])


def half_up_div(numerator, denominator: int):
    """SQL half-up integer division for non-negative numerators."""
    return (numerator * 2 + denominator) // (denominator * 2)


@dataclass
class SettlementRun:
    year: int
    status: str
    accounts: int
    total: int
    applied_chunks: int = 0


def _run_row(conn: Connection, year: int):
    return conn.execute(select(interest_run).where(interest_run.c.year == year)).first()


def settle_job(year: int) -> tuple[str, str]:
    """The job-lock name and Chinese label of settlement year ``year``."""
    return f"interest.settle:{year}", f"{year}年度结息作业"


def settle_year(engine: Engine, actor: Actor, *, year: int, as_of: date, chunk: int = 50_000,
                progress: Callable[[int], None] | None = None) -> SettlementRun:
    """年终结息 for settle year ``year`` (interest year ending June 30 of ``year``).

    A second runner of the same year started meanwhile gets :class:`JobBusy` and does nothing.
    """
    require(actor, P.SETTLE)
    span = interest_year(year)
    settle_day = span.end - timedelta(days=1)
    if as_of < settle_day:
        raise AnjuError(InterestError.SETTLE_TOO_EARLY, year=year, settle_day=settle_day, as_of=as_of)
    job, label = settle_job(year)
    with job_lock(engine, job, label=label):
        with UnitOfWork(engine) as uow:
            run = _run_row(uow.conn, year)
            if run is not None and run.status == "done":
                raise AnjuError(InterestError.ALREADY_SETTLED, year=year, accounts=run.accounts,
                                voucher_id=run.voucher_id)
            if run is None:
                _compute(uow, actor, year)
                uow.commit()
        applied = 0
        while True:
            with UnitOfWork(engine) as uow:
                done = _apply_chunk(uow, year, chunk)
                uow.commit()
            if not done:
                break
            applied += 1
            if progress:
                progress(done)
            faults.reached("interest.settle.after_chunk")
        with UnitOfWork(engine) as uow:
            run = _finish(uow, actor, year)
            uow.commit()
    return SettlementRun(year, run.status, run.accounts, run.total, applied)


def _compute(uow: UnitOfWork, actor: Actor, year: int) -> None:
    conn = uow.conn
    guard.hold_for_settlement(conn)
    current = guard.open_year(conn)
    if current is not None and current != year:
        raise AnjuError(InterestError.NOT_CURRENT_YEAR, current=current, year=year)
    span = interest_year(year)
    end = span.end.toordinal()
    store = load_store(conn)
    spans = rate_spans(store, span.start, span.end)
    denominator = RATE_SCALE * day_basis(store, year)
    if not _insert_run(uow, actor, year):
        raise JobBusy(settle_job(year)[1])  # another runner has just started this year
    a = account.c
    jishu = a.jishu + a.balance * (end - a.accrued_day)
    rated = a.jishu_rated + a.balance * rated_days_sql(spans, a.accrued_day, end)
    conn.execute(insert(interest_settlement).from_select(
        ["year", "account_id", "jishu", "jishu_rated", "interest", "applied"],
        select(literal(year), a.id, jishu, rated, half_up_div(rated, denominator), literal(False))
        .where((a.balance > 0) | (a.jishu_rated > 0))))
    count, total = conn.execute(select(func.count(), func.coalesce(func.sum(interest_settlement.c.interest), 0))
                                .where(interest_settlement.c.year == year)).one()
    total = int(total)
    voucher_id = None
    settle_day = span.end - timedelta(days=1)
    if total:
        voucher_id = ledger.post(uow, actor, interest_posting(
            f"interest:settle:{year}", settle_day, total, f"{year}年度住房公积金结息（{count}户）", "interest_run",
            str(year)), check_permission=False).id
    conn.execute(update(interest_run).where(interest_run.c.year == year).values(accounts=count, total=total,
                                                                                voucher_id=voucher_id))
    audit.record(uow, actor, action="interest.settle.compute", entity_type="interest_run", entity_id=year,
                 after={"accounts": count, "total": total, "voucher_id": voucher_id})
    faults.reached("interest.settle.after_compute")


def _insert_run(uow: UnitOfWork, actor: Actor, year: int) -> bool:
    """Insert the run row unless it exists (a concurrent start waits for the other's insert, then finds it)."""
    values = dict(year=year, status="computed", accounts=0, total=0, voucher_id=None, started_at=uow.now(),
                  started_by=actor.username)
    if uow.conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt = pg_insert(interest_run).values(**values).on_conflict_do_nothing()
    else:
        stmt = insert(interest_run).prefix_with("OR IGNORE").values(**values)
    return uow.conn.execute(stmt.returning(interest_run.c.year)).first() is not None


def _apply_chunk(uow: UnitOfWork, year: int, chunk: int) -> int:
    """Credit the next chunk of not-yet-applied accounts; returns how many (0 when none are left to claim).

    On PostgreSQL the chunk's rows are locked ``FOR UPDATE SKIP LOCKED`` and every statement is limited to
    exactly those accounts, so two runners take disjoint chunks; SQLite serialises writers, the chunk is the
    range of the first ``chunk`` unapplied accounts. ``applied`` is set only where still false and the row
    count must equal the chunk, or the chunk rolls back.
    """
    conn = uow.conn
    s = interest_settlement.c
    postgres = conn.dialect.name == "postgresql"
    pick = (select(s.account_id).where(s.year == year, s.applied == False)  # noqa: E712
            .order_by(s.account_id).limit(chunk))
    if postgres:
        pick = pick.with_for_update(skip_locked=True)
    ids = conn.execute(pick).scalars().all()
    if not ids:
        return 0
    lo, hi = ids[0], ids[-1]
    run = _run_row(conn, year)
    span = interest_year(year)
    settle_day = span.end - timedelta(days=1)
    in_chunk = and_(s.year == year, s.applied == False, s.account_id >= lo, s.account_id <= hi)  # noqa: E712
    if postgres:
        in_chunk = and_(in_chunk, s.account_id == any_(bindparam("claimed", list(ids), type_=ARRAY(BigInteger))))
    a = account.c
    conn.execute(insert(member_txn).from_select(
        ["account_id", "employer_id", "txn_date", "type", "amount", "current_amount", "prior_amount",
         "interest_amount", "entry_flag", "voucher_id", "ref_type", "ref_id", "balance_after", "note"],
        select(a.id, a.employer_id, literal(settle_day), literal(TxnType.INTEREST.value), s.interest, literal(0),
               s.interest, s.interest, literal("01"), literal(run.voucher_id), literal("interest_run"), literal(year),
               a.balance + s.interest, literal(f"{year}年度结息"))
        .select_from(interest_settlement.join(account, account.c.id == s.account_id))
        .where(in_chunk, s.interest > 0)))
    faults.reached("interest.settle.mid_chunk")
    conn.execute(update(account).where(a.id == s.account_id, in_chunk).values(
        balance=a.balance + s.interest, prior_balance=a.prior_balance + a.current_balance + s.interest,
        current_balance=0, jishu=0, jishu_rated=0, accrued_day=span.end.toordinal()))
    marked = conn.execute(update(interest_settlement).where(in_chunk).values(applied=True)).rowcount
    if marked != len(ids):
        raise Conflict(InterestError.SETTLE_RACE, year=year, batch=len(ids), taken=len(ids) - marked)
    return len(ids)


def _finish(uow: UnitOfWork, actor: Actor, year: int):
    """Mark the run done and open the next year, once: only when no account is left unapplied (rows still
    unapplied are held by another runner's chunk), and by a conditional update of the run row."""
    conn = uow.conn
    lock = select(interest_run.c.status).where(interest_run.c.year == year)
    if conn.dialect.name == "postgresql":
        lock = lock.with_for_update()
    conn.execute(lock)
    run = _run_row(conn, year)
    if run.status != "done":
        left = conn.execute(select(func.count()).select_from(interest_settlement).where(
            interest_settlement.c.year == year, interest_settlement.c.applied == False)).scalar_one()  # noqa: E712
        if left:
            raise JobBusy(settle_job(year)[1])
        finished = conn.execute(update(interest_run).where(interest_run.c.year == year,
                                                           interest_run.c.status != "done")
                                .values(status="done", finished_at=uow.now())).rowcount
        if finished == 1:
            guard.advance(conn, year)
            audit.record(uow, actor, action="interest.settle.finish", entity_type="interest_run", entity_id=year,
                         after={"accounts": run.accounts, "total": run.total})
    return _run_row(conn, year)


def pending_interest(conn: Connection) -> dict[int, int]:
    """Interest already in the GL (a run's voucher) but not yet credited to accounts: a run in progress."""
    rows = conn.execute(select(interest_run.c.voucher_id, func.sum(interest_settlement.c.interest))
                        .join(interest_run, interest_run.c.year == interest_settlement.c.year)
                        .where(interest_settlement.c.applied == False, interest_run.c.voucher_id.is_not(None))  # noqa: E712
                        .group_by(interest_run.c.voucher_id)).all()
    return {vid: int(total) for vid, total in rows}


# --------------------------------------------------------------------------------------------- one account


@dataclass(frozen=True)
class Settled:
    interest: int
    jishu: int
    voucher_id: int | None


def settle_to_day(uow: UnitOfWork, actor: Actor, *, account_id: int, day: date, reason: str) -> Settled:
    """销户/转出结息: interest of the open year up to (not including) ``day``, credited before the money leaves."""
    from anju.registry.service import get_account

    conn = uow.conn
    guard.check_open(conn, day)
    acct = get_account(conn, account_id, lock=True)
    store = load_store(conn)
    year = guard.open_year(conn)
    span = interest_year(year)
    spans = rate_spans(store, span.start, span.end)
    jishu, rated, accrued = accrue_one(jishu=acct.jishu, jishu_rated=acct.jishu_rated, accrued_day=acct.accrued_day,
                                       balance=acct.balance, amount=0, day=day.toordinal(), spans=spans)
    denominator = RATE_SCALE * day_basis(store, year)
    interest = (rated * 2 + denominator) // (denominator * 2)
    voucher_id = None
    if interest:
        voucher_id = ledger.post(uow, actor, interest_posting(
            f"interest:account:{account_id}:{day}", day, interest, f"{reason}结息 {acct.account_no}", "account",
            str(account_id)), check_permission=False).id
        conn.execute(insert(member_txn).values(
            account_id=account_id, employer_id=acct.employer_id, txn_date=day, type=TxnType.INTEREST.value,
            amount=interest, current_amount=interest, prior_amount=0, interest_amount=interest, entry_flag="01",
            voucher_id=voucher_id, ref_type="account", ref_id=account_id, balance_after=acct.balance + interest,
            note=f"{reason}结息"))
    conn.execute(update(account).where(account.c.id == account_id).values(
        balance=acct.balance + interest, current_balance=acct.current_balance + interest, jishu=0, jishu_rated=0,
        accrued_day=accrued, updated_at=uow.now()))
    audit.record(uow, actor, action="interest.settle_account", entity_type="account", entity_id=account_id,
                 after={"day": day, "interest": interest, "jishu": jishu, "reason": reason})
    return Settled(interest, jishu, voucher_id)
