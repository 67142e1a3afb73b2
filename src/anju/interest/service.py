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
While a run is in progress no balance change may be dated in its year (``registry.guard.check_open``: the
compute step marks the year ``settling``, the finish opens the next year). The accounts themselves are
written by the registry (``registry.movements.credit_interest`` / ``settle_interest``).
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
from anju.interest.errors import InterestError
from anju.interest.monthly import year_accrued
from anju.interest.permissions import P
from anju.interest.tables import interest_run, interest_settlement
from anju.ledger import service as ledger
from anju.ledger.rules import Line, Posting
from anju.policy.store import PolicyStore, load_store
from anju.registry import guard, movements
from anju.registry import queries as reg_queries
from anju.registry.accrual import accrue_one, rate_spans
from anju.registry.service import get_account

SETTLEMENT_KIND = "interest.settle"


def day_basis(store: PolicyStore, year: int) -> int:
    """The day basis of an interest year: the one in force on its first day (a mid-year change is refused)."""
    span = interest_year(year)
    basis = int(store.at(span.start)["interest.day_basis"])
    for d in store.change_dates():
        if span.start < d < span.end and int(store.at(d)["interest.day_basis"]) != basis:
            raise AnjuError(ErrorCode.POLICY_INVALID, detail=f"计息天数基数只能在7月1日变更（{d}的变更不被采纳）")
    return basis


def interest_posting(key: str, on: date, total: int, summary: str, ref_type: str, ref_id: str, *,
                     accrued: int = 0) -> Posting | None:
    """Members' interest credited to their accounts (Dr 211 / Cr 201). What the monthly accruals have put in 211
    (``accrued``, see ``monthly``) is taken from there; only the rest is charged to 41101 now (Dr 41101 / Cr 211),
    or, when more was accrued than is credited, the excess is taken back (Dr 211 / Cr 41101). None when nothing
    moves."""
    rest = total - accrued
    lines = []
    if rest > 0:
        lines += [Line.dr("41101", rest, summary="计提职工住房公积金利息"), Line.cr("211", rest, summary="应付职工利息")]
    elif rest < 0:
        lines += [Line.dr("211", -rest, summary="冲减多计提的利息"), Line.cr("41101", -rest, summary="冲减职工住房公积金利息")]
    if total:
        lines += [Line.dr("211", total, summary="结转应付利息"),
                  Line.cr("201", total, summary="利息记入职工个人账户", subledger="member", subledger_ref=ref_id)]
    if not lines:
        return None
    return Posting(key=key, voucher_date=on, kind=SETTLEMENT_KIND, summary=summary, ref_type=ref_type, ref_id=ref_id,
                   lines=lines)


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
    guard.begin_settlement(conn, year)
    earning = reg_queries.accrued_to(end, spans)
    conn.execute(insert(interest_settlement).from_select(
        ["year", "account_id", "jishu", "jishu_rated", "interest", "applied"],
        select(literal(year), earning.c.account_id, earning.c.jishu, earning.c.jishu_rated,
               half_up_div(earning.c.jishu_rated, denominator), literal(False))))
    count, total = conn.execute(select(func.count(), func.coalesce(func.sum(interest_settlement.c.interest), 0))
                                .where(interest_settlement.c.year == year)).one()
    total = int(total)
    voucher_id = None
    settle_day = span.end - timedelta(days=1)
    posting = interest_posting(f"interest:settle:{year}", settle_day, total, f"{year}年度住房公积金结息（{count}户）",
                               "interest_run", str(year), accrued=year_accrued(conn, year))
    if posting is not None:
        voucher_id = ledger.post(uow, actor, posting, check_permission=False).id
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
    movements.credit_interest(
        uow, movements.Credits(source=interest_settlement, where=in_chunk, account_id=s.account_id, amount=s.interest),
        day=settle_day, voucher_id=run.voucher_id, ref_type="interest_run", ref_id=year, note=f"{year}年度结息",
        accrued_day=span.end.toordinal(), checkpoint="interest.settle.mid_chunk")
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
    movements.settle_interest(uow, account_id=account_id, day=day, interest=interest, accrued_day=accrued,
                              voucher_id=voucher_id, note=f"{reason}结息")
    audit.record(uow, actor, action="interest.settle_account", entity_type="account", entity_id=account_id,
                 after={"day": day, "interest": interest, "jishu": jishu, "reason": reason})
    return Settled(interest, jishu, voucher_id)
