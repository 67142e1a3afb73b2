"""Read-only loan views: one loan as the counter and the borrower see it, the collection list (催收清单), the
repayment runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

from anju.bank import queries as bank_queries
from anju.loan import codes, runs, service
from anju.loan.codes import InstalmentStatus, LoanStatus
from anju.loan.tables import loan, loan_instalment, loan_run, loan_txn
from anju.policy.store import policy_at
from anju.registry import queries as registry

L, I = loan.c, loan_instalment.c  # noqa: E741


@dataclass(frozen=True)
class LoanView:
    row: object
    borrower: str
    co_borrower: str | None
    bank: str
    next_due: object | None  # the first instalment not yet paid and not overdue
    owed_today: object  # rules.Owed on the day (arrears with penalty to the day, instalments due)
    overdue_days: int
    bucket: str
    plan: list
    history: list

    @property
    def balance(self) -> int:
        return self.row.principal + self.row.overdue_principal


def view(conn: Connection, loan_no: str, as_of: date) -> LoanView:
    row = service.get(conn, loan_no)
    names = registry.person_names(conn, [row.borrower_person_id, row.co_borrower_person_id or 0])
    bank = bank_queries.bank_short_name(conn, row.bank_code)
    plan = conn.execute(select(loan_instalment).where(I.loan_id == row.id,
                                                      I.status != InstalmentStatus.SUPERSEDED.value)
                        .order_by(I.period)).all()
    history = conn.execute(select(loan_txn).where(loan_txn.c.loan_id == row.id)
                           .order_by(loan_txn.c.txn_date, loan_txn.c.id)).all()
    open_ = row.status in (LoanStatus.NORMAL.value, LoanStatus.OVERDUE.value)
    owed = service.state(conn, row, as_of).owed if open_ else None
    nxt = next((i for i in plan if i.status == InstalmentStatus.DUE.value), None)
    days = (as_of - row.overdue_since).days if row.overdue_since else 0
    return LoanView(row, names.get(row.borrower_person_id, ""), names.get(row.co_borrower_person_id),
                    bank or row.bank_code, nxt, owed, days, codes.bucket(days) if days > 0 else "", plan, history)


@dataclass(frozen=True)
class CollectionRow:
    loan_no: str
    contract_no: str
    name: str
    phone: str
    bank: str
    overdue_since: date
    days: int
    bucket: str
    periods: int
    overdue_principal: int
    overdue_interest: int
    penalty: int
    balance: int
    risk_class: str


def collection(conn: Connection, as_of: date, *, bucket: str | None = None, risk: str | None = None,
               bank: str | None = None, limit: int = 500) -> list[CollectionRow]:
    """催收清单: loans in arrears, longest overdue first, penalty brought to ``as_of``."""
    policy = policy_at(conn, as_of)
    people, bank_names = registry.people(), bank_queries.bank_names()
    q = (select(loan, people.c.name, people.c.phone, bank_names.c.short_name)
         .join(people, people.c.id == L.borrower_person_id).join(bank_names, bank_names.c.code == L.bank_code)
         .where(L.status == LoanStatus.OVERDUE.value).order_by(L.overdue_since, L.id))
    if risk:
        q = q.where(L.risk_class == risk)
    if bank:
        q = q.where(L.bank_code == bank)
    out = []
    for r in conn.execute(q):
        days = (as_of - r.overdue_since).days if r.overdue_since else 0
        b = codes.bucket(days)
        if bucket and b != bucket:
            continue
        out.append(CollectionRow(r.loan_no, r.contract_no, r.name, r.phone, r.short_name, r.overdue_since, days, b,
                                 r.overdue_periods, r.overdue_principal, r.overdue_interest,
                                 service.accrued_penalty(r, as_of, policy), r.principal + r.overdue_principal,
                                 r.risk_class))
        if len(out) >= limit:
            break
    return out


def recent_runs(conn: Connection, limit: int = 24) -> list:
    months = conn.execute(select(loan_run.c.month).order_by(loan_run.c.month.desc()).limit(limit)).scalars().all()
    return [runs.summary(conn, m) for m in months]


def loans_of(conn: Connection, person_id: int) -> list:
    return conn.execute(select(loan).where((L.borrower_person_id == person_id)
                                           | (L.co_borrower_person_id == person_id))
                        .order_by(L.disbursed_on.desc())).all()


# ------------------------------------------------------------------- for origination (anju.loanapp)


def family_loans(conn: Connection, person_ids) -> list:
    """Fund loans of these persons as borrower or co-borrower, oldest first: (contract_no, status, outstanding)."""
    ids = [p for p in person_ids if p]
    rows = conn.execute(select(L.contract_no, L.status).where(
        L.borrower_person_id.in_(ids) | L.co_borrower_person_id.in_(ids)).order_by(L.id)).all()
    live = (LoanStatus.NORMAL.value, LoanStatus.OVERDUE.value)
    return [(r.contract_no, r.status, r.status in live) for r in rows]


def loan_keys():
    """The loans as another area joins them in set-based reads (origination's checks and its JGJ/T 320 contracts):
    id, loan number, contract number, application, borrower, amount and executed rate."""
    return select(L.id, L.loan_no, L.contract_no, L.application_id, L.borrower_person_id, L.amount,
                  L.rate).subquery("loan_keys")


# ----------------------------------------------------------------------------------------- for other areas


def instalments_due():
    """Instalments still to pay of live loans, as the reminders (anju.eservice) read them: a subquery (loan_no,
    person_id, period, due_date, amount = principal + interest of the instalment, repay_day)."""
    return (select(L.loan_no, L.borrower_person_id.label("person_id"), I.period, I.due_date,
                   (I.principal + I.interest).label("amount"))
            .select_from(loan_instalment.join(loan, loan.c.id == I.loan_id))
            .where(I.status == InstalmentStatus.DUE.value,
                   L.status.in_((LoanStatus.NORMAL.value, LoanStatus.OVERDUE.value)))
            .subquery("instalments_due"))


def overdue_loans():
    """Loans in arrears (逾期): a subquery (loan_no, person_id, overdue_since, overdue_periods, arrears = overdue
    principal + overdue interest + penalty)."""
    return (select(L.loan_no, L.borrower_person_id.label("person_id"), L.overdue_since, L.overdue_periods,
                   (L.overdue_principal + L.overdue_interest + L.penalty).label("arrears"))
            .where(L.status == LoanStatus.OVERDUE.value).subquery("overdue_loans"))
def live_loans():
    """Loans not settled or written off (正常 / 逾期): a subquery (id, loan_no, contract_no, borrower_person_id,
    co_borrower_person_id, disbursed_on, outstanding) for the e-audit's set-based detectors."""
    live = (LoanStatus.NORMAL.value, LoanStatus.OVERDUE.value)
    return select(loan.c.id, loan.c.loan_no, loan.c.contract_no, loan.c.borrower_person_id,
                  loan.c.co_borrower_person_id, loan.c.disbursed_on,
                  (loan.c.principal + loan.c.overdue_principal).label("outstanding")
                  ).where(loan.c.status.in_(live)).subquery("live_loans")


# ----------------------------------------------------------------------------------------- for the bank assessment


def balances_by_bank(conn: Connection) -> dict[str, tuple[int, int]]:
    """Per entrusted bank, the loans' principal outstanding now (normal + overdue) and its overdue part (逾期本金):
    the bank-side overdue rate of the assessment (anju.settle.assess)."""
    from sqlalchemy import func

    rows = conn.execute(select(loan.c.bank_code, func.sum(loan.c.principal + loan.c.overdue_principal),
                               func.sum(loan.c.overdue_principal)).group_by(loan.c.bank_code))
    return {b: (int(total or 0), int(overdue or 0)) for b, total, overdue in rows}


def deduction_outcomes(conn: Connection, *, start: date, end: date) -> dict[str, tuple[int, int]]:
    """Per bank, (lines answered, lines failed) of the deduction files whose result was taken in [start, end)."""
    from sqlalchemy import case, func

    from anju.loan.tables import loan_deduction, loan_run_bank

    d, b = loan_deduction.c, loan_run_bank.c
    rows = conn.execute(select(b.bank_code, func.count(), func.sum(case((d.status == "failed", 1), else_=0)))
                        .select_from(loan_deduction.join(loan_run_bank, b.id == d.batch_id))
                        .where(b.result_day >= start, b.result_day < end, d.status != "sent")
                        .group_by(b.bank_code))
    return {bank: (int(n), int(f or 0)) for bank, n, f in rows}
