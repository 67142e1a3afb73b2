"""Withdrawal test data through the real services: members with contributions, staff actors per role,
applications taken through review and approval, payment files and their results."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from anju.auth.actor import Actor, Channel, Role
from anju.core.ids import luhn_check_digit
from anju.db import UnitOfWork
from anju.deposit import service as deposit
from anju.registry import service as registry
from anju.verify import run_all
from anju.withdrawal import payout, queries
from anju.withdrawal import service as wd
from tests.support.factory import CLERK as ADMIN
from tests.support.factory import person_id

OPENED = date(2026, 7, 1)  # contributions from July 2026: the open interest year is the 2027 one
DAY = date(2026, 10, 12)  # a Monday after the 2026 regulation's switch

CLERK = Actor("clerk_a", frozenset({Role.CLERK}), Channel.COUNTER)
REVIEWER = Actor("reviewer_a", frozenset({Role.REVIEWER}), Channel.COUNTER)
APPROVER = Actor("approver_a", frozenset({Role.APPROVER}), Channel.COUNTER)
APPROVER_2 = Actor("approver_b", frozenset({Role.APPROVER}), Channel.COUNTER)
FINANCE = Actor("finance_a", frozenset({Role.FINANCE}), Channel.COUNTER)
LOAN_RUN = Actor("loan_a", frozenset({Role.LOAN_OFFICER}), Channel.BATCH)


def member_actor(person: int) -> Actor:
    return Actor(f"member_{person}", frozenset({Role.MEMBER}), Channel.MEMBER_PORTAL, person_id=person)


def card(n: int = 1) -> str:
    body = f"62220202{n:08d}"
    return body + luhn_check_digit(body)


PAYEE = wd.Payee(card_no=card(), card_bank="中国工商银行示例市分行")


def member(engine, n: int, *, months: int = 6, base: int = 1_000_000, on: date = OPENED, income: int | None = None,
           name: str | None = None, id_number: str | None = None) -> tuple[int, int]:
    """A flexible worker paying ``months`` months at once (base × 20%: 2,000.00 a month); (account, person)."""
    with UnitOfWork(engine) as uow:
        opened = registry.open_flexible(uow, ADMIN, who=registry.PersonInput(
            id_number=id_number or person_id(n), name=name or f"职工{n}", monthly_income=income), base=base,
            total_ratio=Decimal("0.2"), first_month=on.year * 100 + on.month, as_of=on)
        uow.commit()
    if months:
        with UnitOfWork(engine) as uow:
            deposit.pay_flexible(uow, ADMIN, account_id=opened.account_id, months=months, paid_on=on,
                                 receipt_no=f"P{n}-{on}", bank_code="01", as_of=on)
            uow.commit()
    return opened.account_id, opened.person_id


def documents(kind: str, engine, day: date = DAY) -> list[str]:
    from anju.policy.store import policy_at

    with engine.connect() as conn:
        return list(policy_at(conn, day)[f"withdrawal.reason.{kind}"]["documents"])


def apply(engine, account_id: int, kind: str, facts: dict, *, actor: Actor = CLERK, day: date = DAY,
          requested: int | None = None, payee: wd.Payee = PAYEE, docs: list[str] | None = None) -> wd.Applied:
    with UnitOfWork(engine) as uow:
        applied = wd.apply(uow, actor, account_id=account_id, kind=kind, facts=facts,
                           documents=documents(kind, engine, day) if docs is None else docs, requested=requested,
                           payee=payee, as_of=day)
        uow.commit()
    return applied


def other(engine, account_id: int, amount: int, **kw) -> wd.Applied:
    """An “其他” withdrawal of a stated amount: the simplest kind for workflow and concurrency tests."""
    return apply(engine, account_id, "other", {"other_basis": "市政府批准的住房消费"}, requested=amount, **kw)


def rent(engine, account_id: int, **kw) -> wd.Applied:
    return apply(engine, account_id, "rent_market", {"property_address": "示例市蒸湘区解放大道8号", "children": "0"},
                 **kw)


def step(engine, fn, **kw):
    with UnitOfWork(engine) as uow:
        out = fn(uow, **kw)
        uow.commit()
    return out


def review_and_approve(engine, withdrawal_id: int, day: date = DAY) -> str:
    step(engine, lambda uow, **k: wd.review(uow, REVIEWER, **k), withdrawal_id=withdrawal_id, as_of=day)
    return step(engine, lambda uow, **k: wd.approve(uow, APPROVER, **k), withdrawal_id=withdrawal_id, as_of=day)


def pay_out(engine, *, bank: str = "01", day: date = DAY, failed: dict[int, str] | None = None,
            result_day: date | None = None) -> wd.Settled:
    """A payment file for the bank and day, and the bank's result (withdrawal id → failure reason for failures)."""
    failed = failed or {}
    batch = step(engine, lambda uow, **k: wd.create_payout_batch(uow, FINANCE, **k), bank_code=bank, pay_day=day)
    with engine.connect() as conn:
        lines = queries.batch_lines(conn, batch.id)
    results = [payout.Result(ln.payment_no, ln.withdrawal_id not in failed, failed.get(ln.withdrawal_id, ""),
                             f"BK{ln.id:06d}") for ln in lines]
    return step(engine, lambda uow, **k: wd.load_payout_result(uow, FINANCE, **k), batch_id=batch.id,
                data=payout.result_csv(results), filename="result.csv", as_of=result_day or day)


def failures(engine) -> dict[str, list[str]]:
    with engine.connect() as conn:
        return {r.check.name: [v.message for v in r.violations] for r in run_all(conn) if not r.ok}


def row(engine, withdrawal_id: int):
    with engine.connect() as conn:
        return queries.get(conn, withdrawal_id)


def account(engine, account_id: int):
    from anju.registry.service import get_account

    with engine.connect() as conn:
        return get_account(conn, account_id)
