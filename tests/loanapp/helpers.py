"""Loan origination test data: a couple contributing for nine months through the real registry and deposit
services, staff per role, and application forms."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from anju.auth.actor import Actor, Channel, Role
from anju.core.ids import luhn_check_digit
from anju.db import UnitOfWork
from anju.registry import service as registry
from anju.registry.tables import account, person
from tests.support.factory import CLERK as ADMIN
from tests.support.factory import open_employer, open_members, pay_month

DAY = date(2026, 10, 12)  # a Monday; rates of 2025-05-08, caps of 2025-07-01, 10-day limit of 2026-09-20

CLERK = Actor("clerk_a", frozenset({Role.CLERK}), Channel.COUNTER)
REVIEWER = Actor("reviewer_a", frozenset({Role.REVIEWER}), Channel.COUNTER)
APPROVER = Actor("approver_a", frozenset({Role.APPROVER}), Channel.COUNTER)
APPROVER_2 = Actor("approver_b", frozenset({Role.APPROVER}), Channel.COUNTER)
OFFICER = Actor("loan_a", frozenset({Role.LOAN_OFFICER}), Channel.COUNTER)
FINANCE = Actor("finance_a", frozenset({Role.FINANCE}), Channel.COUNTER)


def card(n: int = 1) -> str:
    body = f"62220202{n:08d}"
    return body + luhn_check_digit(body)


def couple(engine, *, months: int = 9, base: int = 1_000_000, n: int = 1) -> tuple[dict, dict]:
    """Two members of one employer, married to each other, paid from January 2026 for ``months`` months
    (base 10,000.00 × 12% × 2 = 2,400.00 a month each). Returns their rows as dicts (person, account)."""
    eid = open_employer(engine, n=n, first_month=202601, on=date(2026, 1, 5))
    ids = open_members(engine, eid, 2, start=n * 10, base=base, first_month=202601, on=date(2026, 1, 5))
    for k in range(months):
        pay_month(engine, eid, 202601 + k, date(2026, 7, 6 + k))  # (late, all in the open interest year)
    with engine.connect() as conn:
        rows = [dict(conn.execute(select(person, account.c.account_no, account.c.id.label("account_id"),
                                          account.c.balance)
                                  .join(account, account.c.person_id == person.c.id)
                                  .where(account.c.id == i)).one()._mapping) for i in ids]
    with UnitOfWork(engine) as uow:
        registry.link_spouse(uow, ADMIN, person_id=rows[0]["id"], spouse_id=rows[1]["id"])
        uow.commit()
    return rows[0], rows[1]


def form(borrower: dict, spouse: dict | None = None, **kw) -> dict:
    base = {
        "person": borrower["account_no"], "income": "9000.00", "purpose": "purchase", "house_type": "new",
        "property_address": "示例市蒸湘区华新大道18号3栋1单元801室", "property_area": "98.50", "price": "800000.00",
        "purchase_contract_no": "WQ2026-000123", "amount": "200000.00", "months": "120", "method": "等额本息",
        "repay_day": "20", "bank_code": "01", "repay_card_no": card(), "repay_card_bank": "工商银行示例市分行",
        "security": "01",
    }
    if spouse is not None:
        base.update(co_person=spouse["account_no"], co_relation="spouse", co_income="7000.00")
    base.update(kw)
    return base
