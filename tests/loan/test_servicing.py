"""Repricing on January 1, prepayment (both ways) and settlement, counter repayment in the policy order,
write-off with maker-checker, and the pure rules beside numpy-financial and hand reckoning."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import numpy_financial as npf
import pytest
from sqlalchemy import select

from anju.auth.actor import Actor, Channel, Role
from anju.core.errors import AnjuError, Forbidden, ValidationFailed
from anju.db import UnitOfWork
from anju.ledger.queries import account_balance
from anju.loan import rules, service
from anju.loan.codes import RiskClass
from anju.loan.errors import LoanError
from anju.loan.schedule import reschedule
from anju.loan.tables import loan_txn
from anju.policy.store import load_store
from tests.loan.helpers import (
    APPROVER,
    OFFICER,
    borrowers,
    disburse,
    failures,
    loan_row,
    opening,
    plan,
)


def _step(engine, fn, actor=OFFICER, **kw):
    with UnitOfWork(engine) as uow:
        out = fn(uow, actor, **kw)
        uow.commit()
    return out


# ------------------------------------------------------------------------------------------- repricing


def test_the_2025_05_08_cut_reprices_existing_loans_on_2026_01_01_and_not_before(engine):
    (pid, acct), (pid2, acct2) = borrowers(engine, 2)
    old = disburse(engine, opening(pid, acct, n=1, amount=50_000_000, months=240, on=date(2024, 6, 10)))
    assert loan_row(engine, old).rate == Decimal("0.0285")
    new = disburse(engine, opening(pid2, acct2, n=2, amount=50_000_000, months=240, on=date(2025, 6, 10)))
    assert loan_row(engine, new).rate == Decimal("0.026")  # new loans: the rate at disbursement
    with pytest.raises(AnjuError):
        _step(engine, service.reprice, on=date(2025, 5, 8))
    assert _step(engine, service.reprice, on=date(2025, 1, 1)).loans == 0  # the cut is not yet in force
    assert loan_row(engine, old).rate == Decimal("0.0285")
    with engine.connect() as conn:
        store = load_store(conn)
    assert rules.rate_in_force(store, disbursed_on=date(2024, 6, 10), months=240, second_home=False,
                               on=date(2025, 12, 31)) == Decimal("0.0285")
    before = plan(engine, old)
    assert _step(engine, service.reprice, on=date(2026, 1, 1)).loans == 1
    assert _step(engine, service.reprice, on=date(2026, 1, 1)).loans == 0  # once
    row = loan_row(engine, old)
    assert (row.rate, row.rate_from, row.penalty_rate) == (Decimal("0.026"), date(2026, 1, 1), Decimal("0.039"))
    after = plan(engine, old)
    # instalments due up to 2026-01-01 keep the old rate; from 2026-01-10 on the plan is recomputed
    kept = [i for i in before if i.due_date <= date(2026, 1, 1)]
    assert [i.id for i in after[:len(kept)]] == [i.id for i in kept]
    rest = after[len(kept):]
    assert rest[0].due_date == date(2026, 1, 10) and rest[0].rate == Decimal("0.026")
    expected = reschedule(kept[-1].balance, 240 - len(kept), Decimal("0.026"), "01", first_period=len(kept) + 1,
                          first_due=date(2026, 1, 10))
    assert [(i.principal, i.interest) for i in rest] == [(x.principal, x.interest) for x in expected.instalments]
    pmt = float(-npf.pmt(0.026 / 12, 240 - len(kept), kept[-1].balance / 100))
    assert abs((rest[0].principal + rest[0].interest) / 100 - pmt) <= 0.01
    assert loan_row(engine, new).rate == Decimal("0.026")  # unchanged: already at the new rate
    assert failures(engine) == {}


def test_loans_of_one_year_or_less_keep_the_contract_rate_on_january_1(engine):
    # Disbursed 2025-03-10 at the ≤5-year first-home rate then in force, 2.35% (from 2024-05-18); the 2025-05-08
    # cut to 2.10% reaches existing loans on 2026-01-01 — but not a loan of 12 months (contract rate, 不分段计息).
    (pid, acct), (pid2, acct2) = borrowers(engine, 2)
    short = disburse(engine, opening(pid, acct, n=1, amount=5_000_000, months=12, on=date(2025, 3, 10)))
    longer = disburse(engine, opening(pid2, acct2, n=2, amount=5_000_000, months=13, on=date(2025, 3, 10)))
    assert loan_row(engine, short).rate == loan_row(engine, longer).rate == Decimal("0.0235")
    with engine.connect() as conn:
        store = load_store(conn)
    for months, rate in ((1, "0.0235"), (12, "0.0235"), (13, "0.021"), (60, "0.021")):
        assert rules.rate_in_force(store, disbursed_on=date(2025, 3, 10), months=months, second_home=False,
                                   on=date(2026, 1, 1)) == Decimal(rate), months
    before = plan(engine, short)
    assert _step(engine, service.reprice, on=date(2026, 1, 1)).loans == 1  # only the 13-month loan
    row = loan_row(engine, short)
    assert row.rate == Decimal("0.0235")
    assert [(i.id, i.rate) for i in plan(engine, short)] == [(i.id, i.rate) for i in before]
    assert loan_row(engine, longer).rate == Decimal("0.021")
    with engine.connect() as conn:
        types = conn.execute(select(loan_txn.c.type).where(loan_txn.c.loan_id == row.id)).scalars().all()
    assert "91" not in types  # no 利率调整 row for the short loan
    assert failures(engine) == {}


# ------------------------------------------------------------------------------------------- prepayment


@pytest.mark.parametrize("shorten", [False, True])
def test_partial_prepayment_reduces_instalment_or_term(engine, shorten):
    (pid, acct), = borrowers(engine)
    no = disburse(engine, opening(pid, acct, amount=30_000_000, months=120, on=date(2026, 1, 15)))
    day = date(2026, 2, 25)
    first = plan(engine, no)[0]
    done = _step(engine, service.prepay, loan_no=no, principal=5_000_000, day=day, shorten=shorten, key="pp1")
    # instalment 1 (due 02-15) was owed and is paid first; the prepaid principal pays 10 days of interest
    assert done.arrears.principal == first.principal and done.arrears.interest == first.interest
    assert done.interest == int((Fraction(5_000_000) * Fraction("0.026") * 10 / 360 * 2 + 1) // 2)
    row = loan_row(engine, no)
    assert row.principal == 30_000_000 - first.principal - 5_000_000
    live = plan(engine, no)
    future = [i for i in live if i.status == "due"]
    assert sum(i.principal for i in future) == row.principal
    if shorten:
        assert done.months < 119 and future[0].principal + future[0].interest <= first.principal + first.interest
    else:
        assert done.months == 119 and future[-1].due_date == date(2036, 1, 15)
    assert failures(engine) == {}
    with pytest.raises(ValidationFailed) as caught:
        _step(engine, service.prepay, loan_no=no, principal=500_000, day=day, shorten=shorten, key="pp2")
    first = caught.value.problems[0]
    assert first.code == LoanError.PREPAY_BELOW_MINIMUM and "不得低于10,000.00元" in first.message  # names the limit
    _step(engine, service.prepay, loan_no=no, principal=1_000_000, day=date(2026, 3, 20), shorten=shorten, key="pp3")
    with pytest.raises(ValidationFailed) as caught:
        _step(engine, service.prepay, loan_no=no, principal=1_000_000, day=date(2026, 4, 20), shorten=shorten,
              key="pp4")
    assert any(p.code == LoanError.PREPAY_YEARLY_LIMIT and "每年最多2次" in p.message for p in caught.value.problems)
    assert failures(engine) == {}


def test_settlement_pays_everything_and_settles_the_loan(engine):
    (pid, acct), = borrowers(engine)
    no = disburse(engine, opening(pid, acct, amount=10_000_000, months=60, on=date(2026, 1, 15)))
    with engine.connect() as conn:
        q = service.settlement_quote(conn, loan_row(engine, no), date(2026, 2, 20))
    first = plan(engine, no)[0]
    assert q.owed.total == first.principal + first.interest
    assert q.principal == 10_000_000 - first.principal
    assert q.interest == int((Fraction(q.principal) * Fraction("0.021") * 5 / 360 * 2 + 1) // 2)  # ≤ 5 years
    _step(engine, service.settle, loan_no=no, day=date(2026, 2, 20), key="st1")
    row = loan_row(engine, no)
    assert (row.status, row.principal, row.settled_on) == ("03", 0, date(2026, 2, 20))
    assert row.repaid_principal == 10_000_000
    with engine.connect() as conn:
        assert account_balance(conn, "121") == 0
    assert failures(engine) == {}
    with pytest.raises(AnjuError):
        _step(engine, service.repay, loan_no=no, amount=100, day=date(2026, 3, 1), key="late")


# ------------------------------------------------------------------------------------------- overdue


def test_a_counter_payment_settles_penalty_then_interest_then_principal(engine):
    (pid, acct), = borrowers(engine)
    no = disburse(engine, opening(pid, acct, amount=10_000_000, months=60, on=date(2026, 1, 15)))
    first = plan(engine, no)[0]
    marked = _step(engine, service.mark_overdue, as_of=date(2026, 3, 13))  # 26 days after 02-15
    assert (marked.instalments, marked.loans, marked.principal) == (1, 1, first.principal)
    assert _step(engine, service.mark_overdue, as_of=date(2026, 3, 13)).instalments == 0  # nothing twice
    row = loan_row(engine, no)
    owed = first.principal + first.interest
    penalty = int((Fraction(owed) * Fraction("0.0315") * 26 / 360 * 2 + 1) // 2)  # 2.10% × 1.5
    assert (row.penalty, row.risk_class) == (penalty, RiskClass.SPECIAL.value)
    # the counter takes the penalty (2 more days), then the overdue interest, then part of the overdue principal;
    # instalment 2 (due 03-15) is not yet due
    more = int((Fraction(owed) * Fraction("0.0315") * 2 / 360 * 2 + 1) // 2)
    pay = penalty + more + first.interest + 1_000
    done = _step(engine, service.repay, loan_no=no, amount=pay, day=date(2026, 3, 15), key="c1")
    assert (done.split.penalty, done.split.overdue_interest, done.split.overdue_principal, done.split.interest) == \
        (penalty + more, first.interest, 1_000, 0)
    row = loan_row(engine, no)
    assert (row.penalty, row.overdue_interest, row.overdue_principal, row.status) == \
        (0, 0, first.principal - 1_000, "02")
    with engine.connect() as conn:
        assert account_balance(conn, "122") == first.principal - 1_000
        t = conn.execute(select(loan_txn).where(loan_txn.c.voucher_id.is_not(None))
                         .order_by(loan_txn.c.id.desc()).limit(1)).one()
    assert t.type == "04"
    assert failures(engine) == {}


def test_risk_classes_and_write_off_need_a_second_person(engine):
    (pid, acct), = borrowers(engine)
    no = disburse(engine, opening(pid, acct, amount=10_000_000, months=60, on=date(2024, 1, 15)))
    _step(engine, service.mark_overdue, as_of=date(2024, 6, 1))
    assert loan_row(engine, no).risk_class == RiskClass.SUBSTANDARD.value  # 02-15 → 06-01: 107 days
    _step(engine, service.mark_overdue, as_of=date(2025, 3, 1))
    row = loan_row(engine, no)
    assert row.risk_class == RiskClass.LOSS.value and row.overdue_periods == 13
    with pytest.raises(ValidationFailed):
        _step(engine, service.request_write_off, loan_no=no, reason="", as_of=date(2025, 3, 2))
    wid = _step(engine, service.request_write_off, loan_no=no, reason="借款人失踪，法院终结执行", as_of=date(2025, 3, 2))
    maker_as_approver = Actor(OFFICER.username, frozenset({Role.APPROVER}), Channel.COUNTER)
    with pytest.raises(Forbidden):
        _step(engine, service.decide_write_off, actor=maker_as_approver, write_off_id=wid, approve=True, note="",
              as_of=date(2025, 3, 3))
    assert _step(engine, service.decide_write_off, actor=APPROVER, write_off_id=wid, approve=True, note="同意",
                 as_of=date(2025, 3, 3)) == "done"
    row = loan_row(engine, no)
    assert (row.status, row.principal, row.overdue_principal, row.written_off) == ("04", 0, 0, 10_000_000 -
                                                                                   0)
    with engine.connect() as conn:
        assert account_balance(conn, "301") == -10_000_000  # net assets: a debit lowers the reserve
        assert account_balance(conn, "121") == 0 and account_balance(conn, "122") == 0
    assert failures(engine) == {}


# ------------------------------------------------------------------------------------------- pure rules


def test_split_follows_the_policy_order():
    owed = rules.Owed(penalty=10, overdue_interest=20, overdue_principal=30, interest=40, principal=50)
    assert rules.split(45, owed, rules.parse_order("penalty,interest,principal")) == \
        rules.Split(penalty=10, overdue_interest=20, overdue_principal=15)
    assert rules.split(45, owed, rules.parse_order("principal,interest,penalty")) == \
        rules.Split(overdue_principal=30, overdue_interest=15)
    assert rules.split(200, owed, rules.parse_order("penalty,interest,principal")).rest == 50
    assert rules.penalty(100_000, Decimal("0.039"), 30, 360) == 325  # 1000 × 3.9% × 30 / 360 = 3.25 yuan
    assert rules.penalty(100_000, Decimal("0.039"), 0, 360) == 0
