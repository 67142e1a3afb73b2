"""Disbursement opens the loan: rate in force, plan rows as schedule.build_schedule, Dr 121 / Cr 10101, 发放 row."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import numpy_financial as npf
import pytest
from sqlalchemy import func, select

from anju.core.errors import Conflict, ValidationFailed
from anju.db import UnitOfWork
from anju.ledger.tables import voucher_line
from anju.loan import accounts
from anju.loan.schedule import Method
from anju.loan.tables import loan, loan_instalment, loan_txn
from tests.loan.helpers import OFFICER, borrowers, disburse, opening


def test_disburse_opens_the_loan_with_plan_voucher_and_row(engine):
    (pid, acct), = borrowers(engine)
    o = opening(pid, acct, amount=30_000_000, months=120, on=date(2026, 1, 15))
    loan_no = disburse(engine, o)
    assert disburse(engine, o) == loan_no  # idempotent on the key
    with engine.connect() as conn:
        row = conn.execute(select(loan).where(loan.c.loan_no == loan_no)).one()
        # sample centre on 2026-01-15: first home > 5 years = 2.60% (2025-05-08 cut)
        assert row.rate == Decimal("0.026")
        assert row.penalty_rate == Decimal("0.039")
        assert row.principal == 30_000_000 and row.status == "01" and row.branch_code == "01"
        plan = conn.execute(select(loan_instalment).where(loan_instalment.c.loan_id == row.id)
                            .order_by(loan_instalment.c.period)).all()
        assert len(plan) == 120 and sum(i.principal for i in plan) == 30_000_000
        assert plan[0].due_date == date(2026, 2, 15) and plan[-1].due_date == date(2036, 1, 15)
        expected = float(-npf.pmt(0.026 / 12, 120, 300_000.00))  # second opinion, yuan
        assert abs((plan[0].principal + plan[0].interest) / 100 - expected) <= 0.01
        lines = conn.execute(select(voucher_line.c.account_code, voucher_line.c.debit, voucher_line.c.credit,
                                    voucher_line.c.subledger_ref)
                             .where(voucher_line.c.voucher_id == row.voucher_id).order_by(voucher_line.c.line_no)).all()
        assert [tuple(x) for x in lines] == [("121", 30_000_000, 0, loan_no), ("10101", 0, 30_000_000, None)]
        txns = conn.execute(select(loan_txn).where(loan_txn.c.loan_id == row.id)).all()
        assert [(t.type, t.principal, t.balance_after) for t in txns] == [("01", 30_000_000, 30_000_000)]
        assert conn.execute(select(func.count()).select_from(loan)).scalar_one() == 1


def test_short_second_home_loan_takes_its_rate_and_equal_principal(engine):
    (pid, acct), = borrowers(engine)
    loan_no = disburse(engine, opening(pid, acct, months=60, second_home=True, method=Method.EQUAL_PRINCIPAL,
                                       on=date(2025, 3, 31)))
    with engine.connect() as conn:
        row = conn.execute(select(loan).where(loan.c.loan_no == loan_no)).one()
        assert row.rate == Decimal("0.02775")  # before the cut: second home ≤ 5y, 2024-05-18
        dues = conn.execute(select(loan_instalment.c.due_date).where(loan_instalment.c.loan_id == row.id)
                            .order_by(loan_instalment.c.period).limit(2)).scalars().all()
        assert dues == [date(2025, 4, 30), date(2025, 5, 31)]


def test_bad_opening_reports_every_problem_and_posts_nothing(engine):
    (pid, acct), = borrowers(engine)
    bad = opening(pid, acct, bank="99", amount=0, months=400, purpose="77", combined=True, repay_day=40)
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as caught:
        accounts.disburse(uow, OFFICER, bad, key="k1")
    fields = {p.input for p in caught.value.problems}
    assert {"bank_code", "amount", "months", "purpose", "commercial_amount", "repay_day"} <= fields
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(loan)).scalar_one() == 0


def test_one_contract_is_disbursed_once(engine):
    (pid, acct), = borrowers(engine)
    o = opening(pid, acct)
    disburse(engine, o)
    with UnitOfWork(engine) as uow:
        with pytest.raises(Conflict):
            accounts.disburse(uow, OFFICER, o, key="another-key")
        with pytest.raises(Conflict):
            accounts.disburse(uow, OFFICER, replace(o, contract_no="JK-OTHER"), key=f"loan:disburse:{o.contract_no}")
