"""The loan port for withdrawals: a fund-loan repayment applied and reversed exactly; the monthly offset taken
by the repayment run before the bank is asked for the rest."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from anju.loan import runs
from anju.loan.tables import loan_deduction, loan_txn
from anju.withdrawal import service as wd
from tests.loan.helpers import OFFICER, answer, disburse, failures, loan_row, opening, plan, run_month
from tests.withdrawal.helpers import REVIEWER, account, apply, member, review_and_approve, row, step

ON = date(2026, 8, 15)


def _loan(engine, pid, acct_no):
    return disburse(engine, opening(pid, acct_no, amount=10_000_000, months=60, on=ON))


def _account_no(engine, acct):
    return account(engine, acct).account_no


def test_a_one_off_repayment_is_applied_then_reversed_exactly(engine):
    acct, pid = member(engine, 1)
    loan_no = _loan(engine, pid, _account_no(engine, acct))
    before = [(i.id, i.principal, i.interest, i.status) for i in plan(engine, loan_no)]
    contract = loan_row(engine, loan_no).contract_no
    applied = apply(engine, acct, "repay_fund_once", {"loan_contract_no": contract})
    assert review_and_approve(engine, applied.id) == "paid"
    amount = row(engine, applied.id).amount
    first = plan(engine, loan_no)[0]
    after = loan_row(engine, loan_no)
    # 2026-10-12: instalment 1 (due 09-15) is owed and paid first; the rest repays principal, the term stays
    assert first.status == "paid"
    extra = amount - first.principal - first.interest
    assert after.principal == 10_000_000 - first.principal - extra
    live = plan(engine, loan_no)
    assert len(live) == 60 and sum(i.principal for i in live[1:]) == after.principal
    assert live[1].principal + live[1].interest < before[1][1] + before[1][2]  # a lower instalment
    with engine.connect() as conn:
        t = conn.execute(select(loan_txn).where(loan_txn.c.type == "05")).one()
    assert (t.amount, t.off_plan, t.source) == (amount, extra, "fund")
    assert failures(engine) == {}

    step(engine, lambda uow, **k: wd.mark_fraud(uow, REVIEWER, **k), withdrawal_id=applied.id,
         note="骗提", as_of=date(2026, 10, 20))
    back = loan_row(engine, loan_no)
    assert (back.principal, back.status, back.repaid_principal) == (10_000_000, "01", 0)
    assert [(i.id, i.principal, i.interest, i.status) for i in plan(engine, loan_no)] == before
    assert account(engine, acct).balance == amount
    assert failures(engine) == {}


def test_the_monthly_offset_is_taken_in_the_run_and_the_bank_asked_for_the_rest(engine):
    acct, pid = member(engine, 1, months=1)  # 2,000.00 in the account
    loan_no = disburse(engine, opening(pid, _account_no(engine, acct), amount=20_000_000, months=60, on=ON))
    contract = loan_row(engine, loan_no).contract_no
    agreement = apply(engine, acct, "repay_fund_monthly", {"loan_contract_no": contract})
    assert review_and_approve(engine, agreement.id) == "agreed"
    first = plan(engine, loan_no)[0]
    due = first.principal + first.interest
    balance = account(engine, acct).balance
    assert 0 < balance < due
    run = run_month(engine, 202609, date(2026, 9, 1))
    assert (run.offset_count, run.offset_total) == (1, balance)
    assert account(engine, acct).balance == 0
    with engine.connect() as conn:
        line = conn.execute(select(loan_deduction).where(loan_deduction.c.period == 1)).one()
    assert (line.amount, line.offset_amount) == (due - balance, balance)
    runs.post_batch(engine, OFFICER, batch_id=answer(engine, 202609, "01"))
    assert plan(engine, loan_no)[0].status == "paid"
    with engine.connect() as conn:
        rows = conn.execute(select(loan_txn.c.type, loan_txn.c.amount, loan_txn.c.interest)
                            .order_by(loan_txn.c.id)).all()
    # the offset pays the month's interest first, the bank the rest
    assert [tuple(r) for r in rows] == [("01", 20_000_000, 0), ("05", balance, first.interest),
                                        ("02", due - balance, 0)]
    # next month the account is empty: nothing is offset, the bank is asked for the whole instalment
    run = run_month(engine, 202610, date(2026, 10, 1))
    assert (run.offset_count, run.total) == (0, sum(i.principal + i.interest for i in plan(engine, loan_no)[1:2]))
    assert failures(engine) == {}
