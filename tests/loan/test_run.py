"""The monthly repayment run: deduction file per bank, result file (paid / partly paid / failed), one voucher
per bank, overdue marking, penalty, and a later payment clearing arrears in the policy order."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from anju.core.errors import ErrorCode, ValidationFailed
from anju.db import UnitOfWork
from anju.ledger.queries import account_balance
from anju.ledger.tables import voucher, voucher_line
from anju.loan import bankfile, runs
from anju.loan.errors import LoanError
from anju.loan.tables import loan_deduction, loan_txn
from tests.loan.helpers import (
    OFFICER,
    answer,
    borrowers,
    disburse,
    failures,
    loan_row,
    opening,
    plan,
    run_month,
    step,
)

ON = date(2026, 1, 15)


def half_up(x: Fraction) -> int:
    return int((x * 2 + 1) // 2)


def three_loans(engine):
    people = borrowers(engine, 3)
    return [disburse(engine, opening(pid, acct, n=n, amount=20_000_000 + n * 1_000_000, months=120, on=ON))
            for n, (pid, acct) in enumerate(people, start=1)]


def test_a_month_with_paid_partial_and_failed_lines(engine):
    a, b, c = three_loans(engine)
    run = run_month(engine, 202602, date(2026, 2, 1))
    assert (run.count, len(run.banks)) == (3, 1)
    first = {no: plan(engine, no)[0] for no in (a, b, c)}
    assert run.total == sum(i.principal + i.interest for i in first.values())
    with engine.connect() as conn:
        name, data, _ = runs.instruction_file(conn, OFFICER, batch_id=run.banks[0].id)
    assert name == "DKKK_01_202602.csv"
    text = data.decode("utf-8-sig").splitlines()
    assert text[0].split(",") == list(bankfile.HEADERS) and len(text) == 4
    half = (first[b].principal + first[b].interest) // 2
    bid = answer(engine, 202602, "01", {b: ("partial", half), c: ("failed", None)})
    runs.post_batch(engine, OFFICER, batch_id=bid)
    runs.post_batch(engine, OFFICER, batch_id=bid)  # a re-run posts nothing twice
    with engine.connect() as conn:
        (vid,) = conn.execute(select(voucher.c.id).where(voucher.c.kind == "loan.run")).scalars().all()
        lines = {r.account_code: (r.debit, r.credit) for r in conn.execute(
            select(voucher_line).where(voucher_line.c.voucher_id == vid))}
    # the partial payment pays the month's interest first, then principal
    paid_a = first[a].principal + first[a].interest
    assert lines["10101"] == (paid_a + half, 0)
    assert lines["40103"] == (0, first[a].interest + first[b].interest)
    assert lines["121"] == (0, first[a].principal + half - first[b].interest)
    assert loan_row(engine, a).principal == 21_000_000 - first[a].principal
    assert plan(engine, a)[0].status == "paid"
    assert failures(engine) == {}

    # closing the month: B's rest and C's instalment fall overdue
    step(engine, runs.close_run, month=202602, as_of=date(2026, 3, 1))
    rb, rc = loan_row(engine, b), loan_row(engine, c)
    assert (rc.status, rc.overdue_principal, rc.overdue_interest) == ("02", first[c].principal, first[c].interest)
    assert rc.overdue_since == date(2026, 2, 15) and rc.overdue_periods == 1 and rc.risk_class == "02"
    owed_c = first[c].principal + first[c].interest
    pen_c = half_up(Fraction(owed_c) * Fraction("0.039") * 14 / 360)  # 02-15 → 03-01
    assert rc.penalty == pen_c and rc.penalty_to == date(2026, 3, 1)
    assert rb.overdue_principal == first[b].principal - (half - first[b].interest) and rb.overdue_interest == 0
    with engine.connect() as conn:
        assert account_balance(conn, "122") == rb.overdue_principal + rc.overdue_principal
    assert failures(engine) == {}

    # next month: C owes the new instalment, its arrears and penalty to the due date; paying all clears it
    run = run_month(engine, 202603, date(2026, 3, 1))
    second_c = plan(engine, c)[1]
    with engine.connect() as conn:
        asked = conn.execute(select(loan_deduction.c.amount).where(loan_deduction.c.loan_id == rc.id,
                                                                   loan_deduction.c.period == 2)).scalar_one()
    more = half_up(Fraction(owed_c) * Fraction("0.039") * 14 / 360)  # 03-01 → 03-15
    assert asked == second_c.principal + second_c.interest + owed_c + pen_c + more
    bid = answer(engine, 202603, "01")
    runs.post_batch(engine, OFFICER, batch_id=bid)
    rc = loan_row(engine, c)
    assert (rc.status, rc.overdue_principal, rc.overdue_interest, rc.penalty, rc.overdue_since) == \
        ("01", 0, 0, 0, None)
    assert [i.status for i in plan(engine, c)[:3]] == ["paid", "paid", "due"]
    with engine.connect() as conn:
        t = conn.execute(select(loan_txn).where(loan_txn.c.loan_id == rc.id, loan_txn.c.type == "04")).one()
    assert (t.penalty, t.overdue_interest, t.overdue_principal) == (pen_c + more, first[c].interest,
                                                                    -first[c].principal)
    step(engine, runs.close_run, month=202603, as_of=date(2026, 4, 1))
    assert failures(engine) == {}


def test_a_bad_result_file_is_refused_whole_with_every_problem(engine):
    a, b, c = three_loans(engine)
    run = run_month(engine, 202602, date(2026, 2, 1))
    with engine.connect() as conn:
        rows = runs.instruction_rows(conn, run.banks[0].id)
    bad = ("扣款流水号,处理结果,实扣金额,失败原因,银行流水号\r\n"
           f"{rows[0].deduction_no},部分成功,,,\r\n"
           f"{rows[1].deduction_no},失败,,,\r\n"
           "01202602999999,成功,,,\r\n").encode("utf-8-sig")
    with pytest.raises(ValidationFailed) as caught:
        step(engine, runs.load_result, batch_id=run.banks[0].id, data=bad, filename="r.csv", as_of=date(2026, 2, 16))
    codes = sorted(p.code for p in caught.value.problems)
    assert codes == sorted([LoanError.RESULT_PARTIAL_AMOUNT_MISSING, LoanError.RESULT_FAILED_REASON_REQUIRED,
                            ErrorCode.SHEET_LINE_UNKNOWN, ErrorCode.SHEET_LINE_UNANSWERED])
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(loan_deduction)
                            .where(loan_deduction.c.status != "sent")).scalar_one() == 0


def test_an_unanswered_month_cannot_close_and_a_run_is_made_once(engine):
    three_loans(engine)
    first = run_month(engine, 202602, date(2026, 2, 1))
    assert run_month(engine, 202602, date(2026, 2, 2)).id == first.id
    from anju.core.errors import AnjuError

    with pytest.raises(AnjuError):
        step(engine, runs.close_run, month=202602, as_of=date(2026, 3, 1))


@pytest.mark.parametrize("fault", ["loan.run.mid_chunk:2", "loan.run.after_voucher:1"])
def test_a_killed_posting_resumes_and_posts_each_loan_once(engine, fault):
    loans = three_loans(engine)
    run_month(engine, 202602, date(2026, 2, 1))
    bid = answer(engine, 202602, "01")
    url = engine.url.render_as_string(hide_password=False)
    script = ("import sys; from anju.db import make_engine; from anju.loan import runs; "
              "from anju.auth.actor import cli_actor; "
              f"runs.post_batch(make_engine({url!r}), cli_actor('t'), batch_id={bid}, chunk=1)")
    env = {**os.environ, "ANJU_FAULT": fault}
    crashed = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert crashed.returncode == 86, crashed.stderr
    assert failures(engine) == {}  # the posting in progress is declared, not a break
    runs.post_batch(engine, OFFICER, batch_id=bid, chunk=1)
    with engine.connect() as conn:
        per_loan = conn.execute(select(loan_txn.c.loan_id, func.count()).where(loan_txn.c.type == "02")
                                .group_by(loan_txn.c.loan_id)).all()
        assert len(per_loan) == 3 and {n for _, n in per_loan} == {1}
        assert conn.execute(select(func.count()).select_from(voucher).where(voucher.c.kind == "loan.run")) \
            .scalar_one() == 1
    assert all(plan(engine, no)[0].status == "paid" for no in loans)
    assert failures(engine) == {}


_ = (Decimal, UnitOfWork)
