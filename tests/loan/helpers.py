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
