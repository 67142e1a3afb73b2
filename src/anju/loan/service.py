"""Loan servicing use cases on one loan: what it owes on a day, applying money to it (bank, fund account,
counter), partial prepayment, full settlement (结清), overdue marking over all loans, rate repricing on
January 1, and write-off against the risk reserve with maker-checker approval.

Every change of a balance goes with a voucher and a ``loan_txn`` row in the same transaction:

- a payment: Dr the source (101xx bank, 201 member) / Cr 121 current principal, Cr 122 overdue principal,
  Cr 40103 interest, overdue interest and penalty;
- falling overdue: Dr 122 / Cr 121; write-off: Dr 301 / Cr 122.

Penalty interest accrues per day on overdue principal + overdue interest at the loan's penalty rate; it is
brought up to date (``penalty_to``) before any change of that base, so each span is rounded once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, and_, func, insert, select, update

from anju.auth import audit
from anju.auth.actor import Actor, Role, require, scope_person
from anju.core.canon import dumps
from anju.core.clock import utcnow
from anju.core.errors import AnjuError, Conflict, Problem, ValidationFailed
from anju.core.money import format_yuan
from anju.db.locks import for_update
from anju.db.uow import UnitOfWork
from anju.ledger import service as ledger
from anju.ledger.chart import bank_subaccount
from anju.ledger.rules import Line, Posting
from anju.loan import accounts, rules
from anju.loan.accounts import SUBLEDGER, LoanOpening, get, instalment_rows, lock_loan, penalty_rate
from anju.loan.codes import InstalmentStatus, LoanStatus, RiskClass, TxnType, WriteOffStatus
from anju.loan.errors import LoanError
from anju.loan.flows import WRITE_OFF
from anju.loan.permissions import P
from anju.loan.schedule import Method, Schedule, prepayment_options, reschedule
from anju.loan.tables import loan, loan_instalment, loan_txn, loan_write_off
from anju.policy.store import Policy, load_store, policy_at

I = loan_instalment.c  # noqa: E741
L = loan.c


def _day_basis(policy: Policy) -> int:
    return int(policy["loan.day_basis"])


# ----------------------------------------------------------------------------------------- what is owed


@dataclass
class State:
    """A loan's row and its unpaid instalments, brought up to ``day`` (penalty accrued)."""

    row: object
    day: date
    policy: Policy
    penalty: int  # accrued to ``day``
    last_due: date  # the last due date on or before ``day`` (the disbursement day before the first)
    overdue: list = field(default_factory=list)  # instalments marked overdue, oldest first
    current: list = field(default_factory=list)  # instalments due on or before ``day``, not yet overdue
    future: list = field(default_factory=list)  # instalments due after ``day``

    @property
    def owed(self) -> rules.Owed:
        return rules.Owed(
            penalty=self.penalty, overdue_interest=self.row.overdue_interest,
            overdue_principal=self.row.overdue_principal,
            interest=sum(i.interest - i.paid_interest for i in self.current),
            principal=sum(i.principal - i.paid_principal for i in self.current))


def accrued_penalty(row, day: date, policy: Policy) -> int:
    base = row.overdue_principal + row.overdue_interest
    if base <= 0 or row.penalty_to is None or day <= row.penalty_to:
        return row.penalty
    return row.penalty + rules.penalty(base, row.penalty_rate, (day - row.penalty_to).days, _day_basis(policy))


def state(conn: Connection, row, day: date, policy: Policy | None = None) -> State:
    policy = policy if policy is not None else policy_at(conn, day)
    rows = conn.execute(select(loan_instalment).where(
        I.loan_id == row.id, I.status.in_((InstalmentStatus.DUE.value, InstalmentStatus.OVERDUE.value)))
        .order_by(I.period)).all()
    last_due = conn.execute(select(func.max(I.due_date)).where(
        I.loan_id == row.id, I.status != InstalmentStatus.SUPERSEDED.value, I.due_date <= day)).scalar()
    s = State(row, day, policy, accrued_penalty(row, day, policy), last_due or row.disbursed_on)
    for i in rows:
        if i.status == InstalmentStatus.OVERDUE.value:
            s.overdue.append(i)
        elif i.due_date <= day:
            s.current.append(i)
        else:
            s.future.append(i)
    return s


# ----------------------------------------------------------------------------------------- applying money


@dataclass(frozen=True)
class Applied:
    split: rules.Split
    txn_id: int


def credit_lines(split: rules.Split, loan_no: str) -> list[Line]:
    """The loan side of a payment voucher."""
    lines = []
    if split.principal:
        lines.append(Line.cr("121", split.principal, summary="收回贷款本金", subledger=SUBLEDGER, subledger_ref=loan_no))
    if split.overdue_principal:
        lines.append(Line.cr("122", split.overdue_principal, summary="收回逾期贷款本金", subledger=SUBLEDGER,
                             subledger_ref=loan_no))
    if split.income:
        lines.append(Line.cr("40103", split.income, summary="收取贷款利息及罚息"))
    return lines


def _spread(amount: int, rows, paid_col: str, total_col: str) -> dict[int, int]:
    """Give ``amount`` to ``rows`` oldest first, up to what each still owes; {instalment id: amount}."""
    out = {}
    for r in rows:
        if amount <= 0:
            break
        take = min(amount, getattr(r, total_col) - getattr(r, paid_col))
        if take > 0:
            out[r.id] = take
            amount -= take
    return out


def write_payment(uow: UnitOfWork, s: State, split: rules.Split, *, txn_type: TxnType, voucher_id: int | None,
                  source: str, ref_type: str | None, ref_id: str | None, note: str,
                  amount: int | None = None, extra_principal: int = 0, parts: dict | None = None) -> int:
    """Apply ``split`` (from ``rules.split`` on ``s.owed``) to the instalments and the loan; write the row."""
    conn = uow.conn
    row, day = s.row, s.day
    extra_int = {**_spread(split.overdue_interest, s.overdue, "paid_interest", "interest"),
                 **_spread(split.interest, s.current, "paid_interest", "interest")}
    extra_pri = {**_spread(split.overdue_principal, s.overdue, "paid_principal", "principal"),
                 **_spread(split.principal, s.current, "paid_principal", "principal")}
    still_overdue = []
    touched = []
    for i in s.overdue + s.current:
        di, dp = extra_int.get(i.id, 0), extra_pri.get(i.id, 0)
        paid_off = i.paid_interest + di == i.interest and i.paid_principal + dp == i.principal
        if di or dp:
            touched.append([i.id, dp, di, i.status])
            values = {"paid_interest": i.paid_interest + di, "paid_principal": i.paid_principal + dp}
            if paid_off:
                values.update(status=InstalmentStatus.PAID.value, paid_on=day)
            conn.execute(update(loan_instalment).where(I.id == i.id).values(**values))
        if i in s.overdue and not paid_off:
            still_overdue.append(i)
    penalty_left = s.penalty - split.penalty
    overdue_principal = row.overdue_principal - split.overdue_principal
    overdue_interest = row.overdue_interest - split.overdue_interest
    principal = row.principal - split.principal - extra_principal
    in_arrears = overdue_principal > 0 or overdue_interest > 0 or penalty_left > 0
    values = dict(
        principal=principal, overdue_principal=overdue_principal, overdue_interest=overdue_interest,
        penalty=penalty_left, penalty_to=day if (overdue_principal + overdue_interest) > 0 else None,
        overdue_periods=len(still_overdue),
        overdue_since=min((i.due_date for i in still_overdue), default=row.overdue_since if in_arrears else None),
        repaid_principal=row.repaid_principal + split.principal + split.overdue_principal + extra_principal,
        repaid_interest=row.repaid_interest + split.income, updated_at=uow.now())
    if in_arrears:
        values["status"] = LoanStatus.OVERDUE.value
    elif principal == 0 and (not s.future or extra_principal):
        values.update(status=LoanStatus.SETTLED.value, settled_on=day, risk_class=RiskClass.NORMAL.value)
    else:
        values.update(status=LoanStatus.NORMAL.value, risk_class=RiskClass.NORMAL.value)
    conn.execute(update(loan).where(L.id == row.id).values(**values))
    period = max((i.period for i in s.overdue + s.current if i.id in extra_int or i.id in extra_pri), default=None)
    return conn.execute(insert(loan_txn).values(
        loan_id=row.id, txn_date=day, type=txn_type.value, period=period,
        amount=split.applied + extra_principal if amount is None else amount,
        principal=-split.principal - extra_principal, overdue_principal=-split.overdue_principal,
        interest=split.interest, overdue_interest=split.overdue_interest, penalty=split.penalty,
        balance_after=principal + overdue_principal, off_plan=extra_principal, voucher_id=voucher_id, source=source,
        ref_type=ref_type, ref_id=ref_id, note=note[:200], parts=dumps({"paid": touched, **(parts or {})}),
        created_at=uow.now()).returning(loan_txn.c.id)).scalar_one()


def payment_type(split: rules.Split) -> TxnType:
    return TxnType.OVERDUE_REPAY if split.penalty or split.overdue_interest or split.overdue_principal \
        else TxnType.REPAY


# ----------------------------------------------------------------------------------------- counter payments


def _lock(conn: Connection, loan_no: str):
    return lock_loan(conn, loan_no)


def _require_open(row) -> None:
    if row.status in (LoanStatus.SETTLED.value, LoanStatus.WRITTEN_OFF.value):
        raise AnjuError(LoanError.LOAN_CLOSED_STATUS, loan_no=row.loan_no, status=LoanStatus(row.status).label)


def repay(uow: UnitOfWork, actor: Actor, *, loan_no: str, amount: int, day: date, key: str) -> Applied:
    """柜面还款: money the borrower paid into the loan's bank; applied in the policy order, nothing beyond what is
    owed (more is a prepayment). Dr 101xx / Cr 121, 122, 40103."""
    require(actor, P.REPAY)
    conn = uow.conn
    row = _lock(conn, loan_no)
    _require_open(row)
    s = state(conn, row, day)
    owed = s.owed
    if amount <= 0 or amount > owed.total:
        raise ValidationFailed([Problem.of(LoanError.REPAYMENT_AMOUNT_INVALID, field="amount",
                                           owed=format_yuan(owed.total), amount=format_yuan(amount))])
    split = rules.split(amount, owed, rules.parse_order(s.policy["loan.repayment_order"]))
    posted = ledger.post(uow, actor, Posting(
        key=key, voucher_date=day, kind="loan.repay", summary=f"个人住房公积金贷款还款 {loan_no}", ref_type="loan",
        ref_id=loan_no, lines=[Line.dr(bank_subaccount("101", row.bank_code), amount, summary="收到贷款还款"),
                               *credit_lines(split, loan_no)]), check_permission=False)
    if not posted.created:
        txn = conn.execute(select(loan_txn.c.id).where(loan_txn.c.voucher_id == posted.id)).scalar_one()
        return Applied(split, txn)
    txn = write_payment(uow, s, split, txn_type=payment_type(split), voucher_id=posted.id, source="counter",
                        ref_type="voucher", ref_id=str(posted.id), note="柜面还款")
    audit.record(uow, actor, action="loan.repay", entity_type="loan", entity_id=row.id,
                 after={"amount": amount, "split": split.__dict__, "voucher_id": posted.id})
    return Applied(split, txn)


# ----------------------------------------------------------------------------------------- prepayment


@dataclass(frozen=True)
class Prepaid:
    principal: int
    interest: int  # broken-period interest on the prepaid principal
    arrears: rules.Split  # what was owed before (arrears and instalments due), paid first
    months: int  # remaining instalments after
    instalment: int  # the next instalment after
    voucher_id: int


def prepay_quote(conn: Connection, row, *, principal: int, day: date, shorten: bool):
    """What a partial prepayment of ``principal`` costs on ``day`` and the plan after it (no writes)."""
    s = state(conn, row, day)
    owed = s.owed
    interest = rules.broken_interest(principal, row.rate, (day - s.last_due).days, _day_basis(s.policy))
    if not s.future:
        raise AnjuError(LoanError.NO_INSTALMENTS_LEFT)
    balance = row.principal - owed.principal  # after the instalments due are paid
    first = s.future[0]
    options = prepayment_options(balance, len(s.future), row.rate, Method(row.method), principal,
                                 first_period=first.period, first_due=first.due_date, repayment_day=row.repay_day) \
        if 0 < principal < balance else None
    plan = None if options is None else (options.shorten_term if shorten else options.reduce_instalment)
    return s, owed, balance, interest, plan


def prepay(uow: UnitOfWork, actor: Actor, *, loan_no: str, principal: int, day: date, shorten: bool,
           key: str, permission: str = P.REPAY) -> Prepaid:
    """部分提前还款: first whatever is owed on ``day`` (arrears, instalments due), then ``principal`` with the
    interest on it since the last due date; the rest of the plan is recomputed — the same term with a lower
    instalment, or (``shorten``) the same instalment over fewer months. Policy: minimum amount, times a year."""
    require(actor, permission)
    conn = uow.conn
    row = _lock(conn, loan_no)
    if Role.MEMBER in actor.roles:  # online (anju.eservice.online): the borrower's own loan only
        scope_person(actor, row.borrower_person_id)
    _require_open(row)
    done = conn.execute(select(func.count()).select_from(loan_txn).where(
        loan_txn.c.loan_id == row.id, loan_txn.c.type == TxnType.PREPAY.value,
        loan_txn.c.txn_date >= date(day.year, 1, 1), loan_txn.c.txn_date <= date(day.year, 12, 31))).scalar_one()
    s, owed, balance, interest, plan = prepay_quote(conn, row, principal=principal, day=day, shorten=shorten)
    problems = rules.prepay_problems(s.policy, amount=principal, balance=balance, done_this_year=done)
    if problems:
        raise ValidationFailed(problems, summary="不能办理部分提前还款")
    assert plan is not None
    order = rules.parse_order(s.policy["loan.repayment_order"])
    first = rules.split(owed.total, owed, order)
    total = owed.total + principal + interest
    posted = ledger.post(uow, actor, Posting(
        key=key, voucher_date=day, kind="loan.prepay", summary=f"个人住房公积金贷款部分提前还款 {loan_no}",
        ref_type="loan", ref_id=loan_no,
        lines=[Line.dr(bank_subaccount("101", row.bank_code), total, summary="收到提前还款"),
               *credit_lines(rules.Split(first.penalty, first.overdue_interest, first.overdue_principal,
                                         first.interest + interest, first.principal + principal), loan_no)]),
        check_permission=False)
    if not posted.created:
        raise Conflict(LoanError.PREPAYMENT_DONE, posted_label=posted.label)
    if owed.total:
        write_payment(uow, s, first, txn_type=payment_type(first), voucher_id=posted.id, source="counter",
                      ref_type="voucher", ref_id=str(posted.id), note="提前还款前先还应还款项")
        row = get(conn, loan_no)
    conn.execute(update(loan_instalment).where(I.id.in_([i.id for i in s.future]))
                 .values(status=InstalmentStatus.SUPERSEDED.value))
    conn.execute(insert(loan_instalment), instalment_rows(row.id, plan, row.rate))
    after = row.principal - principal
    conn.execute(update(loan).where(L.id == row.id).values(
        principal=after, repaid_principal=row.repaid_principal + principal,
        repaid_interest=row.repaid_interest + interest, maturity=plan.instalments[-1].due_date,
        updated_at=uow.now()))
    conn.execute(insert(loan_txn).values(
        loan_id=row.id, txn_date=day, type=TxnType.PREPAY.value, period=None, amount=principal + interest,
        principal=-principal, overdue_principal=0, interest=interest, overdue_interest=0, penalty=0,
        balance_after=after + row.overdue_principal, off_plan=principal, voucher_id=posted.id, source="counter", ref_type="voucher",
        ref_id=str(posted.id), note=(f"部分提前还款，{'缩短期限' if shorten else '减少月供'}，剩余{plan.months}期，"
                                     f"月供{format_yuan(plan.instalments[0].payment)}元"), created_at=uow.now()))
    audit.record(uow, actor, action="loan.prepay", entity_type="loan", entity_id=row.id,
                 after={"principal": principal, "interest": interest, "shorten": shorten, "months": plan.months,
                        "voucher_id": posted.id})
    return Prepaid(principal, interest, first, plan.months, plan.instalments[0].payment, posted.id)


@dataclass(frozen=True)
class Quote:
    """结清 on a day: arrears and instalments due, the principal not yet due and its interest since the last
    due date."""

    owed: rules.Owed
    principal: int
    interest: int

    @property
    def total(self) -> int:
        return self.owed.total + self.principal + self.interest


def settlement_quote(conn: Connection, row, day: date) -> Quote:
    s = state(conn, row, day)
    owed = s.owed
    rest = row.principal - owed.principal
    return Quote(owed, rest, rules.broken_interest(rest, row.rate, (day - s.last_due).days, _day_basis(s.policy)))


def settle(uow: UnitOfWork, actor: Actor, *, loan_no: str, day: date, key: str) -> Quote:
    """全部结清: everything owed and the whole principal with its interest to the day; the loan is settled, the
    remaining plan superseded, and the settlement certificate (结清证明) can be printed."""
    require(actor, P.REPAY)
    conn = uow.conn
    row = _lock(conn, loan_no)
    _require_open(row)
    s = state(conn, row, day)
    q = settlement_quote(conn, row, day)
    first = rules.split(q.owed.total, q.owed, rules.parse_order(s.policy["loan.repayment_order"]))
    posted = ledger.post(uow, actor, Posting(
        key=key, voucher_date=day, kind="loan.settle", summary=f"个人住房公积金贷款结清 {loan_no}", ref_type="loan",
        ref_id=loan_no, lines=[Line.dr(bank_subaccount("101", row.bank_code), q.total, summary="收到结清款"),
                               *credit_lines(rules.Split(first.penalty, first.overdue_interest,
                                                         first.overdue_principal, first.interest + q.interest,
                                                         first.principal + q.principal), loan_no)]),
        check_permission=False)
    if not posted.created:
        return q
    if q.owed.total:
        write_payment(uow, s, first, txn_type=payment_type(first), voucher_id=posted.id, source="counter",
                      ref_type="voucher", ref_id=str(posted.id), note="结清前先还应还款项")
        row = get(conn, loan_no)
    conn.execute(update(loan_instalment).where(I.id.in_([i.id for i in s.future]))
                 .values(status=InstalmentStatus.SUPERSEDED.value))
    conn.execute(update(loan).where(L.id == row.id).values(
        principal=0, status=LoanStatus.SETTLED.value, settled_on=day, risk_class=RiskClass.NORMAL.value,
        repaid_principal=row.repaid_principal + q.principal, repaid_interest=row.repaid_interest + q.interest,
        maturity=day, updated_at=uow.now()))
    conn.execute(insert(loan_txn).values(
        loan_id=row.id, txn_date=day, type=TxnType.SETTLE.value, period=None, amount=q.principal + q.interest,
        principal=-q.principal, overdue_principal=0, interest=q.interest, overdue_interest=0, penalty=0,
        balance_after=0, off_plan=q.principal, voucher_id=posted.id, source="counter", ref_type="voucher",
        ref_id=str(posted.id), note="提前全部结清", created_at=uow.now()))
    audit.record(uow, actor, action="loan.settle", entity_type="loan", entity_id=row.id,
                 after={"total": q.total, "principal": q.principal, "interest": q.interest, "voucher_id": posted.id})
    return q


# ----------------------------------------------------------------------------------------- overdue


@dataclass(frozen=True)
class Marked:
    instalments: int
    loans: int
    principal: int
    voucher_id: int | None


def busy_loans():
    """Loans with a bank deduction sent and not yet applied: overdue marking waits for the bank's answer."""
    from anju.loan.tables import loan_deduction

    return select(loan_deduction.c.loan_id).where(loan_deduction.c.applied == False)  # noqa: E712


def mark_overdue(uow: UnitOfWork, actor: Actor, *, as_of: date, check_permission: bool = True) -> Marked:
    """转逾期: every instalment due before ``as_of`` and still unpaid becomes overdue — its principal moves
    121 → 122 (one voucher), its interest becomes overdue interest, and penalty runs from its due date.
    Penalty on older arrears is brought to ``as_of``; risk classes are set for every loan. Loans waiting for a
    bank result are left for after it. Re-running on the same day finds nothing new.

    Safe with another marking at the same time (the job lock, :func:`mark_overdue_job`, is the first guard): on
    PostgreSQL each loan is claimed with ``FOR UPDATE SKIP LOCKED`` and a loan another runner holds is left to
    it; penalty is brought forward only where ``penalty_to`` is still what was read; instalments move only
    ``WHERE status = 'due'`` with the row count checked; a voucher key already posted stops the marking."""
    if check_permission:
        require(actor, P.OVERDUE)
    conn = uow.conn
    policy = policy_at(conn, as_of)
    basis = _day_basis(policy)
    busy = busy_loans()
    # 1. bring penalty on existing arrears to as_of
    old = conn.execute(select(L.id, L.overdue_principal, L.overdue_interest, L.penalty, L.penalty_to,
                              L.penalty_rate).where(
        L.overdue_principal + L.overdue_interest > 0, L.penalty_to < as_of, L.id.not_in(busy))
        .order_by(L.id)).all()
    if old:  # only where nobody has moved penalty_to since it was read (another runner, a payment)
        conn.execute(update(loan).where(L.id == _bind("lid"), L.penalty_to == _bind("was"))
                     .values(penalty=L.penalty + _bind("add"), penalty_to=as_of), [
            {"lid": r.id, "was": r.penalty_to,
             "add": rules.penalty(r.overdue_principal + r.overdue_interest, r.penalty_rate,
                                  (as_of - r.penalty_to).days, basis)} for r in old])
    # 2. newly overdue instalments
    due = (select(I.id, I.loan_id, I.period, I.due_date, (I.principal - I.paid_principal).label("p"),
                  (I.interest - I.paid_interest).label("i"), L.penalty_rate, L.loan_no)
           .join(loan, L.id == I.loan_id)
           .where(I.status == InstalmentStatus.DUE.value, I.due_date < as_of,
                  L.status.in_((LoanStatus.NORMAL.value, LoanStatus.OVERDUE.value)), I.loan_id.not_in(busy))
           .order_by(I.loan_id, I.period))
    # claim the loans; one another runner holds is left to it
    fresh = conn.execute(for_update(conn, due, of=loan, skip_locked=True)).all()
    voucher_id = None
    per_loan: dict[int, dict] = {}
    for f in fresh:
        agg = per_loan.setdefault(f.loan_id, {"p": 0, "i": 0, "pen": 0, "n": 0, "since": f.due_date,
                                              "period": f.period, "no": f.loan_no})
        agg["p"] += f.p
        agg["i"] += f.i
        agg["n"] += 1
        agg["period"] = f.period
        agg["pen"] += rules.penalty(f.p + f.i, f.penalty_rate, (as_of - f.due_date).days, basis)
    total = sum(a["p"] for a in per_loan.values())
    if fresh:
        key = f"loan:overdue:{as_of.isoformat()}:{fresh[0].id}-{fresh[-1].id}-{len(fresh)}"
        if total:
            ref = f"overdue:{as_of.isoformat()}"
            lines = [Line.dr("122", total, summary="贷款本金转逾期", subledger=SUBLEDGER, subledger_ref=ref),
                     Line.cr("121", total, summary="贷款本金转逾期", subledger=SUBLEDGER, subledger_ref=ref)]
            posted = ledger.post(uow, actor, Posting(
                key=key, voucher_date=as_of, kind="loan.overdue", summary=f"贷款转逾期（{len(per_loan)}笔）",
                ref_type="loan_overdue", ref_id=as_of.isoformat(), lines=lines), check_permission=False)
            if not posted.created:  # the same instalments were marked by another runner: stop, change nothing
                raise Conflict(LoanError.OVERDUE_POSTED_ELSEWHERE, as_of=as_of)
            voucher_id = posted.id
        ids = [f.id for f in fresh]
        moved = 0
        for at in range(0, len(ids), 10_000):
            moved += conn.execute(update(loan_instalment)
                                  .where(I.id.in_(ids[at:at + 10_000]), I.status == InstalmentStatus.DUE.value)
                                  .values(status=InstalmentStatus.OVERDUE.value, overdue_on=as_of)).rowcount
        if moved != len(ids):
            raise Conflict(LoanError.OVERDUE_RACE, count=len(ids) - moved)
        loan_ids = list(per_loan)
        rows = {r.id: r for at in range(0, len(loan_ids), 10_000)
                for r in conn.execute(select(loan).where(L.id.in_(loan_ids[at:at + 10_000])))}
        now = uow.now()
        conn.execute(update(loan).where(L.id == _bind("lid")).values(
            principal=L.principal - _bind("p"), overdue_principal=L.overdue_principal + _bind("p"),
            overdue_interest=L.overdue_interest + _bind("i"), penalty=L.penalty + _bind("pen"), penalty_to=as_of,
            overdue_periods=L.overdue_periods + _bind("n"), overdue_total_periods=L.overdue_total_periods + _bind("n"),
            overdue_since=_bind("since"), status=LoanStatus.OVERDUE.value, updated_at=now),
            [{"lid": lid, "p": a["p"], "i": a["i"], "pen": a["pen"], "n": a["n"],
              "since": rows[lid].overdue_since or a["since"]} for lid, a in per_loan.items()])
        conn.execute(insert(loan_txn), [
            {"loan_id": lid, "txn_date": as_of, "type": TxnType.TO_OVERDUE.value, "period": a["period"], "amount": 0,
             "principal": -a["p"], "overdue_principal": a["p"], "interest": 0, "overdue_interest": 0, "penalty": 0,
             "balance_after": rows[lid].principal + rows[lid].overdue_principal, "voucher_id": voucher_id,
             "source": "system", "ref_type": "loan_overdue", "ref_id": as_of.isoformat(),
             "note": f"{a['n']}期转逾期：本金{format_yuan(a['p'])}元，利息{format_yuan(a['i'])}元", "created_at": now}
            for lid, a in per_loan.items()])
    classify(conn, policy, as_of)
    if fresh:
        audit.record(uow, actor, action="loan.overdue", entity_type="loan_overdue", entity_id=as_of.isoformat(),
                     after={"instalments": len(fresh), "loans": len(per_loan), "principal": total,
                            "voucher_id": voucher_id})
    return Marked(len(fresh), len(per_loan), total, voucher_id)


OVERDUE_JOB = "loan.overdue"
OVERDUE_LABEL = "贷款转逾期作业"


def overdue_lock(engine):
    """The overdue-marking job's lock (one marking at a time, whatever its day: days overlap in what they mark)."""
    from anju.db.joblock import job_lock

    return job_lock(engine, OVERDUE_JOB, label=OVERDUE_LABEL)


def mark_overdue_job(engine, actor: Actor, *, as_of: date, clock=utcnow) -> Marked:
    """转逾期 as a job (command line, web): under the job lock, in its own transaction."""
    require(actor, P.OVERDUE)
    with overdue_lock(engine), UnitOfWork(engine, clock=clock) as uow:
        marked = mark_overdue(uow, actor, as_of=as_of)
        uow.commit()
    return marked


def _bind(name: str):
    from sqlalchemy import bindparam

    return bindparam(name)


def classify(conn: Connection, policy: Policy, as_of: date) -> None:
    """五级分类 of every open loan by the days its oldest unpaid instalment is overdue (set-based)."""
    from datetime import timedelta

    from sqlalchemy import case

    cuts = [(RiskClass.LOSS, "loss"), (RiskClass.DOUBTFUL, "doubtful"), (RiskClass.SUBSTANDARD, "substandard"),
            (RiskClass.SPECIAL, "special")]
    whens = [(L.overdue_since <= as_of - timedelta(days=int(policy[f"loan.risk_{k}_days"])), cls.value)
             for cls, k in cuts]
    expr = case(*[(and_(L.overdue_since.is_not(None), cond), value) for cond, value in whens],
                else_=RiskClass.NORMAL.value)
    conn.execute(update(loan).where(L.status.in_((LoanStatus.NORMAL.value, LoanStatus.OVERDUE.value)),
                                    L.risk_class != expr).values(risk_class=expr))


# ----------------------------------------------------------------------------------------- repricing


@dataclass(frozen=True)
class Repriced:
    loans: int
    on: date


def reprice(uow: UnitOfWork, actor: Actor, *, on: date, check_permission: bool = True) -> Repriced:
    """利率调整 on January 1: every loan disbursed before ``on`` whose rate differs from the rate in force that day
    moves to it; its instalments due after ``on`` are recomputed (``reschedule``) from the planned balance after
    the last instalment due on or before ``on``. New loans already carry the rate at disbursement; loans of one
    year or less keep their contract rate (``rules.rate_in_force``)."""
    if check_permission:
        require(actor, P.REPRICE)
    if (on.month, on.day) != (1, 1):
        raise AnjuError(LoanError.REPRICE_NOT_JAN_FIRST, on=on)
    conn = uow.conn
    store = load_store(conn)
    policy = store.at(on)
    candidates = conn.execute(select(loan).where(
        L.status.in_((LoanStatus.NORMAL.value, LoanStatus.OVERDUE.value)), L.disbursed_on < on,
        L.rate_from < on)).all()
    count = 0
    now = uow.now()
    for row in candidates:
        new = rules.rate_in_force(store, disbursed_on=row.disbursed_on, months=row.months,
                                  second_home=row.second_home, on=on)
        if new == row.rate:
            conn.execute(update(loan).where(L.id == row.id).values(rate_from=on))
            continue
        later = conn.execute(select(loan_instalment).where(I.loan_id == row.id, I.due_date > on,
                                                           I.status == InstalmentStatus.DUE.value)
                             .order_by(I.period)).all()
        if not later:
            continue
        before = conn.execute(select(I.balance).where(I.loan_id == row.id, I.period == later[0].period - 1,
                                                      I.status != InstalmentStatus.SUPERSEDED.value)).scalar()
        balance = row.amount if before is None else before
        plan = reschedule(balance, len(later), new, Method(row.method), first_period=later[0].period,
                          first_due=later[0].due_date, repayment_day=row.repay_day)
        conn.execute(update(loan_instalment).where(I.id.in_([i.id for i in later]))
                     .values(status=InstalmentStatus.SUPERSEDED.value))
        conn.execute(insert(loan_instalment), instalment_rows(row.id, plan, new))
        conn.execute(update(loan).where(L.id == row.id).values(rate=new, rate_from=on,
                                                               penalty_rate=penalty_rate(policy, new), updated_at=now))
        conn.execute(insert(loan_txn).values(
            loan_id=row.id, txn_date=on, type=TxnType.REPRICE.value, period=later[0].period, amount=0, principal=0,
            overdue_principal=0, interest=0, overdue_interest=0, penalty=0,
            balance_after=row.principal + row.overdue_principal, voucher_id=None, source="system",
            ref_type="reprice", ref_id=on.isoformat(),
            note=f"年利率由{row.rate * 100}%调整为{new * 100}%，月供{format_yuan(plan.instalments[0].payment)}元",
            created_at=now))
        count += 1
    if count:
        audit.record(uow, actor, action="loan.reprice", entity_type="loan_reprice", entity_id=on.isoformat(),
                     after={"loans": count})
    return Repriced(count, on)


# ----------------------------------------------------------------------------------------- write-off

WRITE_OFF_KIND = WRITE_OFF.approval.kind


def request_write_off(uow: UnitOfWork, actor: Actor, *, loan_no: str, reason: str, as_of: date) -> int:
    """核销申请 for a loss-class loan: the whole principal outstanding, against the risk reserve; needs approval."""
    require(actor, P.WRITE_OFF)
    conn = uow.conn
    row = _lock(conn, loan_no)
    _require_open(row)
    problems = []
    if row.risk_class != RiskClass.LOSS.value:
        problems.append(Problem.of(LoanError.WRITE_OFF_NOT_LOSS, field="loan_no", loan_no=loan_no,
                                   risk_class=RiskClass(row.risk_class).label))
    if not reason.strip():
        problems.append(Problem.of(LoanError.WRITE_OFF_REASON_REQUIRED, field="reason"))
    if conn.execute(select(loan_write_off.c.id).where(loan_write_off.c.loan_id == row.id,
                                                      loan_write_off.c.status == WriteOffStatus.REQUESTED)).first():
        problems.append(Problem.of(LoanError.WRITE_OFF_PENDING, field="loan_no", loan_no=loan_no))
    if problems:
        raise ValidationFailed(problems, summary="不能申请核销")
    amount = row.principal + row.overdue_principal
    wid = conn.execute(insert(loan_write_off).values(
        loan_id=row.id, amount=amount, reason=reason.strip()[:500], status=WRITE_OFF.initial,
        requested_by=actor.username, requested_on=as_of).returning(loan_write_off.c.id)).scalar_one()
    WRITE_OFF.open(uow, actor, WRITE_OFF.lock(conn, wid), on=as_of, amount=amount,
                   summary=f"核销贷款{loan_no}本金{format_yuan(amount)}元",
                   audit_after={"loan_no": loan_no, "amount": amount, "reason": reason.strip()[:500]})
    return wid


def decide_write_off(uow: UnitOfWork, actor: Actor, *, write_off_id: int, approve: bool, note: str,
                     as_of: date) -> str:
    """审批核销 (not by the maker): when approved, Dr 122 / Cr 121 for any principal not yet overdue, then Dr 301 /
    Cr 122 for the whole; the loan is written off (overdue interest and penalty stay recorded, off balance)."""
    conn = uow.conn
    case = WRITE_OFF.take(uow, actor, write_off_id, "approve" if approve else "reject")
    w = case.row
    if not approve:
        case.reject(note=note)
        case.move(on=as_of, note=note, decided_by=actor.username, decided_on=as_of)
        return WriteOffStatus.REJECTED.value
    if not case.approve(note=note, on=as_of):
        return "pending"  # the approval request waits for a second approver
    row = conn.execute(select(loan).where(L.id == w.loan_id)).first()
    row = lock_loan(conn, row.loan_no)
    lines = []
    if row.principal:
        lines += [Line.dr("122", row.principal, summary="核销前正常本金转逾期", subledger=SUBLEDGER,
                          subledger_ref=row.loan_no),
                  Line.cr("121", row.principal, summary="核销前正常本金转逾期", subledger=SUBLEDGER,
                          subledger_ref=row.loan_no)]
    amount = row.principal + row.overdue_principal
    lines += [Line.dr("301", amount, summary="以贷款风险准备核销"),
              Line.cr("122", amount, summary="核销逾期贷款", subledger=SUBLEDGER, subledger_ref=row.loan_no)]
    posted = ledger.post(uow, actor, Posting(
        key=f"loan:write_off:{write_off_id}", voucher_date=as_of, kind="loan.write_off",
        summary=f"核销个人住房公积金贷款 {row.loan_no}", ref_type="loan_write_off", ref_id=str(write_off_id),
        lines=lines), check_permission=False)
    conn.execute(update(loan).where(L.id == row.id).values(
        principal=0, overdue_principal=0, status=LoanStatus.WRITTEN_OFF.value, written_off=amount,
        written_off_on=as_of, updated_at=uow.now()))
    conn.execute(update(loan_instalment).where(I.loan_id == row.id, I.status == InstalmentStatus.DUE.value)
                 .values(status=InstalmentStatus.SUPERSEDED.value))
    conn.execute(insert(loan_txn).values(
        loan_id=row.id, txn_date=as_of, type=TxnType.WRITE_OFF.value, period=None, amount=amount,
        principal=-row.principal, overdue_principal=-row.overdue_principal, interest=0, overdue_interest=0,
        penalty=0, balance_after=0, off_plan=row.principal, voucher_id=posted.id, source="system",
        ref_type="loan_write_off",
        ref_id=str(write_off_id), note=f"核销本金{format_yuan(amount)}元", created_at=uow.now()))
    case.move(on=as_of, note=note, decided_by=actor.username, decided_on=as_of, voucher_id=posted.id,
              audit_after={"loan_no": row.loan_no, "amount": amount, "voucher_id": posted.id})
    audit.record(uow, actor, action="loan.write_off", entity_type="loan", entity_id=row.id,
                 after={"amount": amount, "voucher_id": posted.id})
    return WriteOffStatus.DONE.value


# ----------------------------------------------------------------------------------------- reading


def for_person(conn: Connection, actor: Actor, person_id: int) -> list:
    require(actor, P.READ)
    scope_person(actor, person_id)
    return conn.execute(select(loan).where((L.borrower_person_id == person_id)
                                           | (L.co_borrower_person_id == person_id))
                        .order_by(L.disbursed_on.desc())).all()


def read(conn: Connection, actor: Actor, loan_no: str):
    require(actor, P.READ)
    row = get(conn, loan_no)
    if actor.person_id is not None and not _staff(actor) \
            and actor.person_id not in (row.borrower_person_id, row.co_borrower_person_id):
        scope_person(actor, row.borrower_person_id)
    return row


def _staff(actor: Actor) -> bool:
    from anju.auth.actor import is_staff

    return is_staff(actor)



def replan(uow: UnitOfWork, row, future: list, balance: int) -> tuple[list[int], list[int]]:
    """Replace the ``future`` instalments by a plan for ``balance`` over as many months (期限不变、减少月供);
    with nothing left, they are just superseded. Returns (superseded ids, added ids)."""
    conn = uow.conn
    old = [i.id for i in future]
    if old:
        conn.execute(update(loan_instalment).where(I.id.in_(old)).values(status=InstalmentStatus.SUPERSEDED.value))
    if balance <= 0 or not future:
        return old, []
    plan = reschedule(balance, len(future), row.rate, Method(row.method), first_period=future[0].period,
                      first_due=future[0].due_date, repayment_day=row.repay_day)
    added = conn.execute(insert(loan_instalment).returning(I.id, sort_by_parameter_order=True),
                         instalment_rows(row.id, plan, row.rate)).scalars().all()
    return old, list(added)


# ------------------------------------------------------------------- for origination (anju.loanapp)


def open_loan(uow: UnitOfWork, actor: Actor, opening: LoanOpening, *, key: str) -> str:
    """放款, called by origination's last step: open the loan account with its plan at the rate in force on the
    day and post the disbursement (Dr 121 / Cr 101xx) under ``key`` (``accounts.disburse``). Returns the loan
    number."""
    return accounts.disburse(uow, actor, opening, key=key)


def contract_plan(policy: Policy, opening: LoanOpening, rate: Decimal) -> Schedule:
    """The plan a loan opened so would have at ``rate`` (printed with the contract before disbursement)."""
    return accounts.plan_for(policy, opening, rate)
