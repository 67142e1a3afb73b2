"""Set-based posting of confirmed remittances: one voucher per remittance, member rows by INSERT … SELECT,
balances, 积数 and paid-through months by UPDATE … FROM — never a Python loop over members. The registry
writes the member rows and the accounts (``registry.movements.post_contributions``); this module says which
rows, as SQL over the remittance tables.

A group of remittances that share a payment date posts in one transaction; a crash rolls the group back
and a re-run posts it again from its ``confirmed`` status, so nobody is paid twice. Runners started together
cannot both post a list: the job holds ``job_lock("deposit.post")`` (``deposit.service.post_confirmed``) and each
group claims its lists (``post_lists``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, bindparam, func, select, update

from anju.auth.actor import Actor
from anju.core import faults
from anju.core.errors import Conflict
from anju.db.uow import UnitOfWork
from anju.deposit.codes import RemittanceStatus
from anju.deposit.errors import DepositError
from anju.deposit.tables import remittance, remittance_line
from anju.ledger import service as ledger
from anju.ledger.chart import bank_subaccount
from anju.ledger.rules import Line, Posting
from anju.registry import movements
from anju.registry.codes import TxnType

KIND_LABEL = {"01": "汇缴", "02": "补缴"}


def remittance_posting(r) -> Posting:
    """Dr 101 (the entrusted bank's sub-account) / Cr 201 for the remittance total."""
    label = KIND_LABEL[r.kind]
    period = f"{r.period_from}" if r.period_from == r.period_to else f"{r.period_from}-{r.period_to}"
    return Posting(
        key=f"remit:{r.id}", voucher_date=r.paid_on, kind=f"deposit.{'remit' if r.kind == '01' else 'backpay'}",
        summary=f"{label}{period} {r.no}", ref_type="remittance", ref_id=str(r.id),
        lines=[Line.dr(bank_subaccount("101", r.bank_code), r.total, summary=f"{label}资金到账"),
               Line.cr("201", r.total, summary=f"{label}记入职工个人账户", subledger="member", subledger_ref=r.no)])


@dataclass(frozen=True)
class GroupPosted:
    """What one group's transaction posted: the lists it claimed and the member rows it wrote."""

    remittance_ids: tuple[int, ...]
    member_rows: int


def post_group(uow: UnitOfWork, actor: Actor, ids: list[int], *, paid_on: date) -> int:
    """Post confirmed remittances that were all paid on ``paid_on``; returns the member rows written."""
    return post_lists(uow, actor, ids, paid_on=paid_on).member_rows


def claim(conn, ids: list[int]) -> list:
    """The lists among ``ids`` still ``confirmed``, locked for this transaction.

    On PostgreSQL ``FOR UPDATE SKIP LOCKED``: a list another transaction is posting is left to it (and one it
    has posted meanwhile no longer matches ``confirmed``). SQLite writers are serialised (BEGIN IMMEDIATE).
    """
    stmt = (select(remittance).where(remittance.c.id.in_(ids),
                                     remittance.c.status == RemittanceStatus.CONFIRMED.value)
            .order_by(remittance.c.id))
    if conn.dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    return conn.execute(stmt).all()


def post_lists(uow: UnitOfWork, actor: Actor, ids: list[int], *, paid_on: date) -> GroupPosted:
    """Claim and post the confirmed remittances among ``ids`` (all paid on ``paid_on``) in the caller's
    transaction.

    Exactly-once rests on three things: the claim (above); the vouchers, posted with ``existing="refuse"`` so
    that a list whose voucher already exists stops the group instead of being credited again; and the closing
    ``UPDATE … WHERE status='confirmed'`` whose row count must equal the lists claimed. Any of them failing
    raises, and the caller's transaction rolls the whole group back.
    """
    conn = uow.conn
    rows = claim(conn, ids)
    if not rows:
        return GroupPosted((), 0)
    if any(r.paid_on != paid_on for r in rows):
        raise ValueError("a posting group must share one payment date")
    ids = [r.id for r in rows]
    movements.check_open(conn, paid_on)
    vouchers = ledger.post_many(uow, actor, [remittance_posting(r) for r in rows], existing="refuse")
    conn.execute(update(remittance).where(remittance.c.id == bindparam("rid")).values(voucher_id=bindparam("vid")),
                 [{"rid": r.id, "vid": v.id} for r, v in zip(rows, vouchers, strict=True)])
    faults.reached("deposit.post.after_vouchers")

    lines = remittance_line.alias("l")
    rem = remittance.alias("r")
    totals = (select(remittance_line.c.account_id, func.sum(remittance_line.c.amount).label("s"),
                     func.max(remittance_line.c.month).label("mx"), func.min(remittance_line.c.month).label("mn"))
              .where(remittance_line.c.remittance_id.in_(ids)).group_by(remittance_line.c.account_id)
              .subquery("agg"))
    movements.post_contributions(uow, movements.Contributions(
        source=lines.join(rem, rem.c.id == lines.c.remittance_id), where=lines.c.remittance_id.in_(ids),
        account_id=lines.c.account_id, employer_id=rem.c.employer_id, type=rem.c.kind, amount=lines.c.amount,
        month=lines.c.month, voucher_id=rem.c.voucher_id, ref_type="remittance", ref_id=rem.c.id,
        order=(lines.c.remittance_id, lines.c.line_no), totals=totals),
        day=paid_on, checkpoint="deposit.post.mid_group")
    written = sum(r.line_count for r in rows)

    remit_ids = [r.id for r in rows if r.kind == TxnType.REMIT.value and r.employer_id is not None]
    if remit_ids:
        emp = (select(remittance.c.employer_id, func.max(remittance.c.period_to).label("mx"))
               .where(remittance.c.id.in_(remit_ids)).group_by(remittance.c.employer_id).subquery("emp"))
        movements.advance_employers_paid_through(uow, emp)
    done = conn.execute(update(remittance).where(remittance.c.id.in_(ids),
                                                 remittance.c.status == RemittanceStatus.CONFIRMED.value)
                        .values(status=RemittanceStatus.POSTED.value, posted_at=uow.now())).rowcount
    if done != len(ids):
        raise Conflict(DepositError.POSTING_RACE, count=len(ids) - done)
    return GroupPosted(tuple(ids), written)


def confirmed_groups(conn, *, limit_lines: int, period: int | None = None) -> list[tuple[date, list[int]]]:
    """Confirmed, unposted remittances grouped by payment date, each group at most ~limit_lines lines."""
    q = (select(remittance.c.id, remittance.c.paid_on, remittance.c.line_count)
         .where(remittance.c.status == RemittanceStatus.CONFIRMED.value)
         .order_by(remittance.c.paid_on, remittance.c.id))
    if period is not None:
        q = q.where(and_(remittance.c.period_from <= period, remittance.c.period_to >= period))
    groups: list[tuple[date, list[int]]] = []
    size = 0
    for rid, paid_on, count in conn.execute(q):
        if not groups or groups[-1][0] != paid_on or size + count > limit_lines:
            groups.append((paid_on, []))
            size = 0
        groups[-1][1].append(rid)
        size += count
    return groups
