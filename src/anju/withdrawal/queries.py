"""Read side of withdrawals: what the rules need about a member (fetched into plain values), the work queue with
its ageing, lists and details for the pages, the register of homes, reserved amounts and bans."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, and_, func, or_, select
from sqlalchemy.exc import NoResultFound

from anju.core.workdays import WorkCalendar
from anju.ledger.queries import account_balance
from anju.registry import household
from anju.registry import queries as registry_queries
from anju.withdrawal import rules
from anju.withdrawal.codes import COUNTING, RESERVING, UNDECIDED, Status
from anju.withdrawal.tables import (
    payout_batch,
    payout_line,
    withdrawal,
    withdrawal_ban,
    withdrawal_event,
)

RESERVING_CODES = [s.value for s in RESERVING]
COUNTING_CODES = [s.value for s in COUNTING]

# ----------------------------------------------------------------------------------------- the member


# spouse and months paid are the registry's (shared with loans)
spouse_of = household.spouse_of
paid_months = household.paid_months


@dataclass(frozen=True)
class Held:
    amount: int
    count: int
    closing: bool


def held(conn: Connection, account_id: int, *, exclude_id: int | None = None) -> Held:
    """What the account's withdrawals in progress reserve (the balance moves only when they are paid)."""
    conds = [withdrawal.c.account_id == account_id, withdrawal.c.status.in_(RESERVING_CODES)]
    if exclude_id is not None:
        conds.append(withdrawal.c.id != exclude_id)
    amount, count = conn.execute(select(func.coalesce(func.sum(withdrawal.c.amount), 0), func.count())
                                 .where(*conds)).one()
    closing_any = conn.execute(select(withdrawal.c.id).where(*conds, withdrawal.c.closes.is_(True)).limit(1)).first()
    return Held(int(amount), int(count), closing_any is not None)


def reserved(conn: Connection, account_id: int) -> int:
    """The amount of an account held by withdrawals in progress: other areas that take money out of an account
    (transfer out, refunds) should leave it there."""
    return held(conn, account_id).amount


def member_snapshot(conn: Connection, account_id: int, *, exclude_id: int | None = None,
                    acct=None) -> tuple[object, object, rules.Member]:
    """(account row, person row, rules.Member) for the rules."""
    if acct is None:
        acct = registry_queries.account_row(conn, account_id)
        if acct is None:
            raise NoResultFound(f"no account {account_id}")
    who = registry_queries.person_row(conn, acct.person_id)
    if who is None:
        raise NoResultFound(f"no person {acct.person_id}")
    spouse_id = spouse_of(conn, who.id)
    income = None
    if who.monthly_income is not None:
        spouse_income = registry_queries.monthly_income(conn, spouse_id) if spouse_id else None
        income = who.monthly_income + (spouse_income or 0)
    h = held(conn, account_id, exclude_id=exclude_id)
    member = rules.Member(person_id=who.id, spouse_id=spouse_id, account_no=acct.account_no, status=acct.status,
                          status_date=acct.status_date, frozen=bool(acct.frozen), balance=acct.balance,
                          reserved=h.amount, paid_months=paid_months(conn, account_id), family_income=income,
                          freeze_reason=acct.freeze_reason or "", closing_in_progress=h.closing,
                          in_progress=h.count, birth_date=who.birth_date, sex=who.sex)
    return acct, who, member


def _past(r) -> rules.Past:
    return rules.Past(id=r.id, person_id=r.person_id, kind=r.kind, reason=r.reason, accepted_on=r.accepted_on,
                      amount=r.amount, status=r.status, property_id=r.property_id, loan_ref=r.loan_ref)


def history(conn: Connection, person_ids: Iterable[int], *, exclude_id: int | None = None) -> list[rules.Past]:
    """Withdrawals of these persons that count against frequencies and caps."""
    ids = [p for p in person_ids if p]
    conds = [withdrawal.c.person_id.in_(ids), withdrawal.c.status.in_(COUNTING_CODES)]
    if exclude_id is not None:
        conds.append(withdrawal.c.id != exclude_id)
    return [_past(r) for r in conn.execute(select(withdrawal).where(*conds).order_by(withdrawal.c.id))]


def property_history(conn: Connection, property_ids: Iterable[int], *, exclude_id: int | None = None) -> list[rules.Past]:
    ids = [p for p in property_ids if p]
    if not ids:
        return []
    conds = [withdrawal.c.property_id.in_(ids), withdrawal.c.status.in_(COUNTING_CODES)]
    if exclude_id is not None:
        conds.append(withdrawal.c.id != exclude_id)
    return [_past(r) for r in conn.execute(select(withdrawal).where(*conds).order_by(withdrawal.c.id))]


def homes(conn: Connection, person_ids: Iterable[int]) -> list[rules.Home]:
    return [rules.Home(h.person_id, h.property_id, h.address, h.from_day, h.until_day)
            for h in household.holdings(conn, person_ids)]


def bans(conn: Connection, person_id: int) -> list[rules.Ban]:
    q = select(withdrawal_ban).where(withdrawal_ban.c.person_id == person_id).order_by(withdrawal_ban.c.id)
    return [rules.Ban(r.person_id, r.from_day, r.until_day, r.reason) for r in conn.execute(q)]


def active_ban(conn: Connection, person_id: int, as_of: date) -> rules.Ban | None:
    """A ban after proven fraud in force on a date (the loan area refuses loans during it too)."""
    return next((b for b in bans(conn, person_id) if b.active_on(as_of)), None)


def terms(conn: Connection, account_id: int) -> list[tuple[int, int]]:
    return registry_queries.monthly_totals(conn, account_id)


def loan_ratio(conn: Connection, as_of: date) -> Decimal:
    """个贷率 today: loans outstanding (121 + 122) ÷ members' deposits (201)."""
    deposits = account_balance(conn, "201", as_of=as_of)
    if deposits <= 0:
        return Decimal(0)
    loans = account_balance(conn, "121", as_of=as_of) + account_balance(conn, "122", as_of=as_of)
    return Decimal(loans) / Decimal(deposits)


# ----------------------------------------------------------------------------------------- homes


# The register of homes is the registry's (``registry.household``), shared with loans.
match_properties = household.match_properties
Use = household.Use
property_uses = household.property_uses
homes_of_person = household.homes_of_person


def cancelled_purchases(conn: Connection, person_ids: Iterable[int], *, exclude_id: int | None = None):
    """Earlier purchase withdrawals whose home's contract was cancelled afterwards."""
    ids = [p for p in person_ids if p]
    conds = [withdrawal.c.person_id.in_(ids), withdrawal.c.reason.in_(("01", "24")),
             withdrawal.c.status.in_(COUNTING_CODES), withdrawal.c.property_id.is_not(None)]
    if exclude_id is not None:
        conds.append(withdrawal.c.id != exclude_id)
    rows = conn.execute(select(withdrawal).where(*conds).order_by(withdrawal.c.id)).all()
    cancelled = household.cancelled_on(conn, {r.property_id for r in rows})
    return [(_past(r), cancelled[r.property_id]) for r in rows if r.property_id in cancelled]


# ----------------------------------------------------------------------------------------- applications


def get(conn: Connection, withdrawal_id: int):
    return conn.execute(select(withdrawal).where(withdrawal.c.id == withdrawal_id)).first()


@dataclass(frozen=True)
class Detail:
    row: object
    person_name: str
    id_number: str
    account_no: str
    account_status: str
    balance: int
    facts: dict
    documents: list
    assessment: dict
    signals: list
    events: list
    approval: object | None
    payments: list


def detail(conn: Connection, withdrawal_id: int) -> Detail | None:
    from anju.auth import approval

    row = get(conn, withdrawal_id)
    if row is None:
        return None
    people, accounts = registry_queries.people(), registry_queries.member_accounts()
    head = conn.execute(select(people.c.name, people.c.id_number, accounts.c.account_no, accounts.c.status,
                               accounts.c.balance)
                        .select_from(accounts.join(people, people.c.id == accounts.c.person_id))
                        .where(accounts.c.id == row.account_id)).one()
    events = conn.execute(select(withdrawal_event).where(withdrawal_event.c.withdrawal_id == withdrawal_id)
                          .order_by(withdrawal_event.c.id)).all()
    payments = conn.execute(select(payout_line, payout_batch.c.pay_day, payout_batch.c.bank_code)
                            .join(payout_batch, payout_batch.c.id == payout_line.c.batch_id)
                            .where(payout_line.c.withdrawal_id == withdrawal_id).order_by(payout_line.c.id)).all()
    state = approval.get(conn, row.approval_id) if row.approval_id else None
    return Detail(row, head.name, head.id_number, head.account_no, head.status, head.balance,
                  json.loads(row.facts_json), json.loads(row.documents_json), json.loads(row.assessment_json),
                  json.loads(row.signals_json), events, state, payments)


@dataclass(frozen=True)
class QueueItem:
    id: int
    no: str
    name: str
    account_no: str
    kind: str
    amount: int
    status: str
    channel: str
    accepted_on: date
    deadline: date
    elapsed: int  # working days since acceptance
    left: int  # working days to the deadline (negative: overdue)
    signals: int
    approvals: int

    @property
    def overdue(self) -> bool:
        return self.left < 0


def queue(conn: Connection, *, as_of: date, calendar: WorkCalendar, statuses: Iterable[Status] = UNDECIDED,
          limit: int = 500) -> list[QueueItem]:
    """Applications waiting for 复核 or 审批, oldest first, aged in working days against their deadline."""
    from anju.auth.queries import approval_progress

    codes = [s.value for s in statuses]
    progress = approval_progress()
    people, accounts = registry_queries.people(), registry_queries.member_accounts()
    q = (select(withdrawal.c.id, withdrawal.c.no, people.c.name, accounts.c.account_no, withdrawal.c.kind,
                withdrawal.c.amount, withdrawal.c.status, withdrawal.c.channel, withdrawal.c.accepted_on,
                withdrawal.c.deadline, withdrawal.c.signals_json,
                func.coalesce(progress.c.approvals, 0).label("approvals"))
         .select_from(withdrawal.join(people, people.c.id == withdrawal.c.person_id)
                      .join(accounts, accounts.c.id == withdrawal.c.account_id)
                      .outerjoin(progress, progress.c.request_id == withdrawal.c.approval_id))
         .where(withdrawal.c.status.in_(codes)).order_by(withdrawal.c.accepted_on, withdrawal.c.id).limit(limit))
    out = []
    for r in conn.execute(q):
        out.append(QueueItem(r.id, r.no, r.name, r.account_no, r.kind, r.amount, r.status, r.channel, r.accepted_on,
                             r.deadline, calendar.workdays_between(r.accepted_on, as_of),
                             calendar.workdays_between(as_of, r.deadline), len(json.loads(r.signals_json)),
                             int(r.approvals)))
    return out


def search(conn: Connection, *, text: str = "", status: str | None = None, person_id: int | None = None,
           limit: int = 100, offset: int = 0):
    people, accounts = registry_queries.people(), registry_queries.member_accounts()
    q = (select(withdrawal.c.id, withdrawal.c.no, withdrawal.c.kind, withdrawal.c.reason, withdrawal.c.amount,
                withdrawal.c.status, withdrawal.c.channel, withdrawal.c.accepted_on, withdrawal.c.paid_on,
                withdrawal.c.status_note, people.c.name, accounts.c.account_no)
         .select_from(withdrawal.join(people, people.c.id == withdrawal.c.person_id)
                      .join(accounts, accounts.c.id == withdrawal.c.account_id))
         .order_by(withdrawal.c.id.desc()).limit(limit).offset(offset))
    conds = []
    t = text.strip()
    if t:
        conds.append(or_(withdrawal.c.no == t, accounts.c.account_no == t, people.c.name.contains(t),
                         people.c.id_number == t.upper()))
    if status:
        conds.append(withdrawal.c.status == status)
    if person_id is not None:
        conds.append(withdrawal.c.person_id == person_id)
    if conds:
        q = q.where(and_(*conds))
    return conn.execute(q).all()


def batches(conn: Connection, *, limit: int = 100):
    return conn.execute(select(payout_batch).order_by(payout_batch.c.id.desc()).limit(limit)).all()


def batch(conn: Connection, batch_id: int):
    return conn.execute(select(payout_batch).where(payout_batch.c.id == batch_id)).first()


def batch_lines(conn: Connection, batch_id: int):
    accounts = registry_queries.member_accounts()
    q = (select(payout_line, withdrawal.c.no, withdrawal.c.kind, withdrawal.c.reason, withdrawal.c.account_id,
                accounts.c.account_no)
         .join(withdrawal, withdrawal.c.id == payout_line.c.withdrawal_id)
         .join(accounts, accounts.c.id == withdrawal.c.account_id)
         .where(payout_line.c.batch_id == batch_id).order_by(payout_line.c.line_no))
    return conn.execute(q).all()


def awaiting_payment(conn: Connection):
    """Approved bank payments not yet in a payment file, by entrusted bank: {bank: (count, total)}."""
    rows = conn.execute(select(withdrawal.c.payout_bank, func.count(), func.coalesce(func.sum(withdrawal.c.amount), 0))
                        .where(withdrawal.c.status == Status.APPROVED.value, withdrawal.c.route == "bank")
                        .group_by(withdrawal.c.payout_bank)).all()
    return {bank: (int(n), int(total)) for bank, n, total in rows}


def approved_unpaid(conn: Connection) -> int:
    """Money of approved bank payments not yet paid (waiting for a payment file, or sent and waiting for the bank's
    result): what the fund still owes on withdrawals already decided (the treasury's liquidity view)."""
    return int(conn.execute(select(func.coalesce(func.sum(withdrawal.c.amount), 0)).where(
        withdrawal.c.status.in_([Status.APPROVED.value, Status.SENT.value, Status.FAILED.value]),
        withdrawal.c.route == "bank")).scalar_one())


def channel_shares(conn: Connection, *, start: date, end: date) -> dict[str, int]:
    """Applications by channel in [start, end): the withdrawal part of 离柜率."""
    rows = conn.execute(select(withdrawal.c.channel, func.count())
                        .where(withdrawal.c.accepted_on >= start, withdrawal.c.accepted_on < end,
                               withdrawal.c.parent_id.is_(None))
                        .group_by(withdrawal.c.channel)).all()
    return {c: int(n) for c, n in rows}


# ----------------------------------------------------------------------------------------- for the loan area


def offset_agreements():
    """Monthly-offset agreements (按月对冲) in force, for the loan area's repayment run to join on the loan's
    contract number: a subquery (id, loan_ref)."""
    return (select(withdrawal.c.id, withdrawal.c.loan_ref)
            .where(withdrawal.c.status == Status.AGREED.value, withdrawal.c.parent_id.is_(None))
            .subquery("offset_agreements"))


def decision_events():
    """Approvals and rejections of withdrawals (审批结果), as the notifications (anju.eservice) read them: a
    subquery (id, no, person_id, amount, to_status, on_day) of the withdrawal's events."""
    e = withdrawal_event.c
    return (select(e.id, withdrawal.c.no, withdrawal.c.person_id, withdrawal.c.amount, e.to_status, e.on_day)
            .select_from(withdrawal_event.join(withdrawal, withdrawal.c.id == e.withdrawal_id))
            .where(e.to_status.in_((Status.APPROVED.value, Status.AGREED.value, Status.REJECTED.value)))
            .subquery("withdrawal_decisions"))
def applications():
    """Withdrawal applications as the e-audit joins them: a subquery (id, no, account_id, person_id, kind,
    reason, closes, status, amount, accepted_on, paid_on, property_id)."""
    w = withdrawal.c
    return select(w.id, w.no, w.account_id, w.person_id, w.kind, w.reason, w.closes, w.status, w.amount,
                  w.accepted_on, w.paid_on, w.property_id).subquery("withdrawal_applications")


def payout_outcomes(conn: Connection, *, start: date, end: date) -> dict[str, tuple[int, int]]:
    """Per bank, (payments answered, payments failed) of the payment files paid on a day in [start, end): the
    result-file side of the bank assessment (anju.settle.assess)."""
    from sqlalchemy import case

    from anju.withdrawal.tables import payout_batch, payout_line

    ln, b = payout_line.c, payout_batch.c
    rows = conn.execute(select(b.bank_code, func.count(), func.sum(case((ln.status == "failed", 1), else_=0)))
                        .select_from(payout_line.join(payout_batch, b.id == ln.batch_id))
                        .where(b.pay_day >= start, b.pay_day < end, ln.status != "sent").group_by(b.bank_code))
    return {bank: (int(n), int(f or 0)) for bank, n, f in rows}
