"""Loan servicing test data: members through the real registry services, loans through ``disburse``."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select

from anju.auth.actor import Actor, Channel, Role
from anju.db import UnitOfWork
from anju.loan import accounts
from anju.loan.schedule import Method
from anju.registry.tables import account
from tests.support.factory import open_employer, open_members

OFFICER = Actor("loan_a", frozenset({Role.LOAN_OFFICER}), Channel.COUNTER)
OFFICER_2 = Actor("loan_b", frozenset({Role.LOAN_OFFICER}), Channel.COUNTER)
APPROVER = Actor("approver_a", frozenset({Role.APPROVER}), Channel.COUNTER)
FINANCE = Actor("finance_a", frozenset({Role.FINANCE}), Channel.COUNTER)


def borrowers(engine, count: int = 1, *, bank: str = "01") -> list[tuple[int, str]]:
    """``count`` members (person id, account no) of one employer."""
    eid = open_employer(engine, bank=bank)
    ids = open_members(engine, eid, count)
    with engine.connect() as conn:
        rows = conn.execute(select(account.c.person_id, account.c.account_no).where(account.c.id.in_(ids))
                            .order_by(account.c.id)).all()
    return [(r.person_id, r.account_no) for r in rows]


def opening(person_id: int, account_no: str | None = None, *, n: int = 1, amount: int = 30_000_000,
            months: int = 120, method: Method = Method.EQUAL_INSTALLMENT, on: date = date(2026, 1, 15),
            bank: str = "01", **kw) -> accounts.LoanOpening:
    base = accounts.LoanOpening(
        contract_no=f"JK2026{n:06d}", application_id=None, borrower_person_id=person_id, co_borrower_person_id=None,
        repay_account_no=account_no, bank_code=bank, amount=amount, months=months, method=method, second_home=False,
        purpose="01", combined=False, commercial_amount=None, commercial_bank=None, remote=False,
        repay_day=on.day, disbursed_on=on)
    return replace(base, **kw)


def disburse(engine, o: accounts.LoanOpening, *, key: str | None = None) -> str:
    with UnitOfWork(engine) as uow:
        loan_no = accounts.disburse(uow, OFFICER, o, key=key or f"loan:disburse:{o.contract_no}")
        uow.commit()
    return loan_no


def failures(engine) -> dict[str, list[str]]:
    from anju.verify import run_all

    with engine.connect() as conn:
        return {r.check.name: [v.message for v in r.violations] for r in run_all(conn) if not r.ok}


def loan_row(engine, loan_no: str):
    from anju.loan.tables import loan

    with engine.connect() as conn:
        return conn.execute(select(loan).where(loan.c.loan_no == loan_no)).one()


def plan(engine, loan_no: str, *, live: bool = True):
    from anju.loan.tables import loan, loan_instalment

    with engine.connect() as conn:
        q = (select(loan_instalment).join(loan, loan.c.id == loan_instalment.c.loan_id)
             .where(loan.c.loan_no == loan_no).order_by(loan_instalment.c.period, loan_instalment.c.id))
        if live:
            q = q.where(loan_instalment.c.status != "superseded")
        return conn.execute(q).all()


def step(engine, fn, **kw):
    with UnitOfWork(engine) as uow:
        out = fn(uow, OFFICER, **kw)
        uow.commit()
    return out


def run_month(engine, month: int, as_of: date):
    from anju.loan import runs

    return step(engine, runs.create_run, month=month, as_of=as_of)


def answer(engine, month: int, bank: str, outcome: dict[str, tuple[str, int | None]] | None = None, *,
           day: date | None = None):
    """Load the bank's result: every line paid unless ``outcome`` says (loan no → (status, paid))."""
    from anju.loan import bankfile, runs

    outcome = outcome or {}
    with engine.connect() as conn:
        bid = runs.batch_for(conn, month, bank)
        rows = runs.instruction_rows(conn, bid)
    results = []
    for r in rows:
        status, paid = outcome.get(r.loan_no, ("paid", None))
        paid = r.amount if status == "paid" else (paid or 0)
        results.append(bankfile.Result(r.deduction_no, paid, status, "余额不足" if status != "paid" else "", "B1"))
    step(engine, runs.load_result, batch_id=bid, data=bankfile.result_csv(results), filename="r.csv",
         as_of=day or rows[0].due_date)
    return bid
