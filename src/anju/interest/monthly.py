"""Monthly accrual of members' interest (计提): Dr 41101 / Cr 211 at every month end, so that the calendar
year's 业务支出 and 增值收益 carry the interest members earned in it, not only what June 30 credited.

**What is accrued.** At the end of month M (days before ``E``, the first day of the next month) the interest the
open interest year has earned so far is, per account, ``round_half_up(rated 积数 to E ÷ (1,000,000 × day
basis))`` — the settlement's own formula (``service._compute``) stopped at E, rounded per account as the
settlement rounds. The rated 积数 to E comes from the running 积数 on the account row (``jishu_rated`` up to
``accrued_day``, see ``accrual``):

- ``accrued_day`` ≤ E: add the balance for the days ``[accrued_day, E)``;
- ``accrued_day`` > E (business dated after the month end is already booked when the job runs): take the balance
  back out for ``[E, accrued_day)`` and put back each movement dated after E for the days ``[E, its date)`` it
  was not yet there — the end-of-day balance on a day d ≥ E is the balance now less the movements dated after d,
  so this is exact, read from the member sub-ledger (``member_txn``, signed amounts) for those accounts only;
- an account whose interest was settled to the day (closing, transfer out: an interest row of the member
  sub-ledger) on or after E has had everything up to E paid already: nothing is owed for it at E.

The SQL over the accounts is the registry's (``registry.accrued``). The job posts ONE voucher for the difference between that total and what the open year's accruals have posted
already (``interest_accrual``, one row per month): Dr 41101 / Cr 211 when more is owed, Dr 211 / Cr 41101 when
less — interest paid to the day on a closing or transfer out is charged to 41101 when paid (Dr 41101 / Cr 211,
Dr 211 / Cr 201, as before), so the next accrual takes back what had been accrued for that account.

**June 30.** The settlement debits 211 for everything the year's accruals put there and 41101 only for the rest
(``service.interest_posting(..., accrued=…)``), so 211 is zero after it and the year's expense is unchanged.

**Invariant** (``checks``): the balance of 211 equals Σ ``interest_accrual.amount`` of the interest years not
yet settled (no ``interest_run`` row). Settling to the day moves 211 by zero; an accrual moves both sides by
its amount; the settlement's compute writes its run row and takes the year's accruals out of 211 at once.

**Runners.** One runner per month (``job_lock("interest.accrue:YYYYMM")``, JobBusy "已有2026年03月利息计提作业在运
行…"); the month is claimed by inserting its row first, so a re-run or a runner past the lock posts nothing.
Months of one year, and the settlement, are serialised underneath: on PostgreSQL each takes the transaction
advisory lock of the interest year before reading what was accrued (:func:`year_accrued`); SQLite serialises
writing transactions already.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, Engine, exists, func, insert, select, text

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.core.dates import format_month, interest_year, interest_year_of, last_day, month_of
from anju.core.errors import AnjuError
from anju.db.joblock import job_lock, lock_key
from anju.db.meta import RATE_SCALE
from anju.db.uow import UnitOfWork
from anju.interest.errors import InterestError
from anju.interest.permissions import P
from anju.interest.tables import interest_accrual, interest_run, yearend_step
from anju.ledger import service as ledger
from anju.ledger.rules import Line, Posting
from anju.policy.store import load_store
from anju.registry import guard
from anju.registry.accrual import rate_spans

ACCRUAL_KIND = "interest.accrue"


@dataclass(frozen=True)
class Accrued:
    month: int
    year: int  # settle year of the interest year
    total: int  # interest accrued for the open year up to the month's end
    amount: int  # posted by this month: total − accrued before (negative: taken back)
    voucher_id: int | None
    created: bool  # False: the month had been accrued already, nothing was posted


def accrue_job(month: int) -> tuple[str, str]:
    """The job-lock name and Chinese label of the accrual of ``month`` (YYYYMM)."""
    return f"interest.accrue:{month}", f"{format_month(month)}利息计提作业"


def accrue_month(engine: Engine, actor: Actor, *, month: int, as_of: date) -> Accrued:
    """计提 the members' interest of the open interest year up to the end of ``month`` (one voucher for the
    difference to what is accrued already). A second runner of the month gets JobBusy; a re-run posts nothing."""
    require(actor, P.SETTLE)
    job, label = accrue_job(month)
    with job_lock(engine, job, label=label), UnitOfWork(engine) as uow:
        result = accrue(uow, actor, month=month, as_of=as_of)
        uow.commit()
    return result


def accrue(uow: UnitOfWork, actor: Actor, *, month: int, as_of: date) -> Accrued:
    """The accrual of ``month`` inside the caller's unit of work (the job above, the simulator)."""
    require(actor, P.SETTLE)
    conn = uow.conn
    month_end = last_day(month)
    if as_of < month_end:
        raise AnjuError(InterestError.ACCRUE_MONTH_OPEN, month=format_month(month), month_end=month_end)
    year = interest_year_of(month_end)
    year_accrued(conn, year)  # PostgreSQL: wait for another month's accrual or the settlement of the year
    existing = conn.execute(select(interest_accrual).where(interest_accrual.c.month == month)).first()
    if existing is not None:
        return Accrued(month, existing.year, existing.total, existing.amount, existing.voucher_id, False)
    _check_open(conn, month, year)
    total = accrued_to(conn, year, month_end + timedelta(days=1))
    before = year_accrued(conn, year)
    amount = total - before
    if not _claim(uow, actor, month=month, year=year, total=total, amount=amount):
        row = conn.execute(select(interest_accrual).where(interest_accrual.c.month == month)).one()
        return Accrued(month, row.year, row.total, row.amount, row.voucher_id, False)
    voucher_id = None
    if amount:
        voucher_id = ledger.post(uow, actor, accrual_posting(month, year, amount), check_permission=False).id
        conn.execute(interest_accrual.update().where(interest_accrual.c.month == month)
                     .values(voucher_id=voucher_id))
    audit.record(uow, actor, action="interest.accrue", entity_type="interest_accrual", entity_id=month,
                 after={"year": year, "total": total, "amount": amount, "voucher_id": voucher_id})
    return Accrued(month, year, total, amount, voucher_id, True)


def accrual_posting(month: int, year: int, amount: int) -> Posting:
    """Dr 41101 / Cr 211 for a positive ``amount``; a negative one takes accrued interest back (Dr 211 / Cr 41101)."""
    on = last_day(month)
    summary = f"计提{format_month(month)}职工住房公积金利息（{year}年度）"
    if amount > 0:
        lines = [Line.dr("41101", amount, summary="计提职工住房公积金利息"),
                 Line.cr("211", amount, summary="应付职工利息")]
    else:
        lines = [Line.dr("211", -amount, summary="冲减已计提利息（已结息销户、转出等）"),
                 Line.cr("41101", -amount, summary="冲减职工住房公积金利息")]
    return Posting(key=f"interest:accrue:{month}", voucher_date=on, kind=ACCRUAL_KIND, summary=summary,
                   ref_type="interest_accrual", ref_id=str(month), lines=lines)


def _check_open(conn: Connection, month: int, year: int) -> None:
    current = guard.open_year(conn)
    if current is not None and year < current:
        raise AnjuError(InterestError.ACCRUE_YEAR_SETTLED, month=format_month(month), year=year)
    if current is not None and year > current:
        raise AnjuError(InterestError.ACCRUE_YEAR_AHEAD, month=format_month(month), year=year, current=current)
    if conn.execute(select(interest_run.c.year).where(interest_run.c.year == year)).first() is not None:
        raise AnjuError(InterestError.ACCRUE_SETTLING, year=year)
    later = conn.execute(select(func.max(interest_accrual.c.month)).where(interest_accrual.c.year == year,
                                                                          interest_accrual.c.month > month)).scalar()
    if later is not None:
        raise AnjuError(InterestError.ACCRUE_LATER_MONTH, later=format_month(later), month=format_month(month))
    if conn.execute(select(yearend_step.c.step).where(yearend_step.c.year == month // 100,
                                                      yearend_step.c.step == "close_income")).first() is not None:
        raise AnjuError(InterestError.ACCRUE_INCOME_CLOSED, year=month // 100)


def _claim(uow: UnitOfWork, actor: Actor, *, month: int, year: int, total: int, amount: int) -> bool:
    """Insert the month's row unless it exists; False when another runner has claimed the month."""
    values = dict(month=month, year=year, total=total, amount=amount, voucher_id=None, created_at=uow.now(),
                  created_by=actor.username)
    if uow.conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt = pg_insert(interest_accrual).values(**values).on_conflict_do_nothing()
    else:
        stmt = insert(interest_accrual).prefix_with("OR IGNORE").values(**values)
    return uow.conn.execute(stmt.returning(interest_accrual.c.month)).first() is not None


def year_accrued(conn: Connection, year: int) -> int:
    """Σ posted by the accruals of interest year ``year`` (what 211 holds for it). On PostgreSQL first takes the
    year's transaction advisory lock, so accruals of one year and its settlement read this one after another."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_key(f"interest.accrual-year:{year}")})
    return int(conn.execute(select(func.coalesce(func.sum(interest_accrual.c.amount), 0))
                            .where(interest_accrual.c.year == year)).scalar_one())


def unsettled_accrued(conn: Connection) -> int:
    """Σ posted by the accruals of the interest years whose settlement has not started: what 211 must hold."""
    return int(conn.execute(select(func.coalesce(func.sum(interest_accrual.c.amount), 0)).where(
        ~exists().where(interest_run.c.year == interest_accrual.c.year))).scalar_one())


def accrued_to(conn: Connection, year: int, end: date) -> int:
    """Interest the open interest year ``year`` has earned on all accounts for the days before ``end``: per
    account the rated 积数 to ``end`` ÷ (1,000,000 × day basis), rounded half-up (see the module's text; the
    set-based SQL over the accounts is the registry's, ``registry.accrued``)."""
    from anju.interest.service import day_basis
    from anju.registry.accrued import interest_to

    span = interest_year(year)
    if not span.start < end <= span.end:
        raise ValueError(f"{end} is not inside interest year {year}")
    store = load_store(conn)
    return interest_to(conn, spans=rate_spans(store, span.start, span.end), end=end, year_end=span.end,
                       denominator=RATE_SCALE * day_basis(store, year))


def accruals(conn: Connection, limit: int = 36):
    """The latest accruals, newest first (the page)."""
    return conn.execute(select(interest_accrual).order_by(interest_accrual.c.month.desc()).limit(limit)).all()


def suggested_month(today: date) -> int:
    """The month to accrue on ``today``: this one on its last day, else the one before."""
    if (today + timedelta(days=1)).day == 1:
        return month_of(today)
    return month_of(today.replace(day=1) - timedelta(days=1))
