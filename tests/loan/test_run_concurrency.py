"""The repayment run and overdue marking with N runners at once (threads, each its own unit of work), on both
databases: every phase does its work exactly once — one run, one voucher per bank, each loan debited or marked
overdue once — a loser is refused in Chinese (never a database error), and ``anju verify`` holds."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from anju.core.errors import AnjuError
from anju.db.joblock import JobBusy, job_lock
from anju.ledger.tables import voucher
from anju.loan import runs, service
from anju.loan.codes import TxnType
from anju.loan.tables import loan_deduction, loan_run, loan_txn
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
from tests.support.cli import invoke, invoke_as, signed_in_user
from tests.support.threads import together, unexpected

ON = date(2026, 1, 15)
N = 4


def loans(engine, count: int = 3) -> list[str]:
    people = borrowers(engine, count)
    return [disburse(engine, opening(pid, acct, n=n, amount=20_000_000 + n * 1_000_000, months=120, on=ON))
            for n, (pid, acct) in enumerate(people, start=1)]


def vouchers(engine, kind: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(voucher).where(voucher.c.kind == kind)).scalar_one()


def txns(engine, type_: str) -> list[int]:
    with engine.connect() as conn:
        return conn.execute(select(loan_txn.c.loan_id).where(loan_txn.c.type == type_)
                            .order_by(loan_txn.c.loan_id)).scalars().all()


def overdue_once(engine, numbers: list[str]) -> None:
    """Each loan's first instalment moved to overdue exactly once (principal and interest, one txn each)."""
    for no in numbers:
        first = plan(engine, no)[0]
        row = loan_row(engine, no)
        assert first.status == "overdue"
        assert (row.overdue_principal, row.overdue_interest, row.overdue_periods) == (first.principal,
                                                                                     first.interest, 1)
        assert row.principal == row.amount - first.principal
    assert len(txns(engine, TxnType.TO_OVERDUE)) == len(numbers)  # one per loan
    assert vouchers(engine, "loan.overdue") == 1


def test_simultaneous_run_creation_makes_one_run_and_marks_arrears_once(engine):
    numbers = loans(engine)
    # nobody ran February: creating March marks February's instalments overdue first
    results = together(N, lambda i: run_month(engine, 202603, date(2026, 3, 1)))
    assert unexpected(results) == []
    made = [r for r in results if isinstance(r, runs.RunSummary)]
    assert made and {r.id for r in made} == {made[0].id}
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(loan_run)).scalar_one() == 1
        assert conn.execute(select(func.count()).select_from(loan_deduction)).scalar_one() == len(numbers)
    overdue_once(engine, numbers)
    assert failures(engine) == {}


def test_simultaneous_result_loads_take_the_file_once(engine):
    loans(engine)
    run_month(engine, 202602, date(2026, 2, 1))
    with engine.connect() as conn:
        bid = runs.batch_for(conn, 202602, "01")
        rows = runs.instruction_rows(conn, bid)
    from anju.loan import bankfile

    data = bankfile.result_csv([bankfile.Result(r.deduction_no, r.amount, "paid", "", "B1") for r in rows])
    results = together(N, lambda i: step(engine, runs.load_result, batch_id=bid, data=data, filename="r.csv",
                                         as_of=date(2026, 2, 16)))
    assert unexpected(results) == []
    assert len([r for r in results if isinstance(r, runs.Loaded)]) == 1
    assert all(isinstance(r, AnjuError) for r in results if not isinstance(r, runs.Loaded))
    assert failures(engine) == {}


def test_simultaneous_posting_debits_each_loan_once(engine):
    numbers = loans(engine)
    run_month(engine, 202602, date(2026, 2, 1))
    bid = answer(engine, 202602, "01")
    results = together(N, lambda i: runs.post_batch(engine, OFFICER, batch_id=bid, chunk=1))
    assert unexpected(results) == []
    assert vouchers(engine, "loan.run") == 1
    assert len(txns(engine, TxnType.REPAY)) == len(numbers)  # one repayment per loan
    for no in numbers:
        first = plan(engine, no)[0]
        assert first.status == "paid"
        assert loan_row(engine, no).principal == loan_row(engine, no).amount - first.principal
    with engine.connect() as conn:
        assert runs.summary(conn, 202602).banks[0].status == "posted"
    assert failures(engine) == {}


def test_simultaneous_closing_marks_each_unpaid_instalment_overdue_once(engine):
    numbers = loans(engine)
    run_month(engine, 202602, date(2026, 2, 1))
    bid = answer(engine, 202602, "01", {no: ("failed", None) for no in numbers})
    runs.post_batch(engine, OFFICER, batch_id=bid)
    results = together(N, lambda i: step(engine, runs.close_run, month=202602, as_of=date(2026, 3, 1)))
    assert unexpected(results) == []
    assert all(isinstance(r, runs.RunSummary) and r.status == "closed" for r in results
               if not isinstance(r, AnjuError))
    overdue_once(engine, numbers)
    assert failures(engine) == {}


def test_simultaneous_overdue_marking_moves_each_instalment_once(engine):
    numbers = loans(engine)
    results = together(N, lambda i: step(engine, service.mark_overdue, as_of=date(2026, 3, 1)))
    assert unexpected(results) == []
    marked = [r for r in results if isinstance(r, service.Marked)]
    assert sum(r.instalments for r in marked) == len(numbers)
    overdue_once(engine, numbers)
    assert failures(engine) == {}


# ------------------------------------------------------------------------------------ the job lock (entry points)


def test_entry_points_run_each_phase_once_and_tell_the_others(engine):
    numbers = loans(engine)
    made = together(N, lambda i: runs.create(engine, OFFICER, month=202602, as_of=date(2026, 2, 1)))
    assert unexpected(made) == []
    assert all(isinstance(r, (runs.RunSummary, JobBusy)) for r in made)
    with engine.connect() as conn:
        bid = runs.batch_for(conn, 202602, "01")
        rows = runs.instruction_rows(conn, bid)
    from anju.loan import bankfile

    data = bankfile.result_csv([bankfile.Result(r.deduction_no, 0, "failed", "余额不足", "B1") for r in rows])
    loaded = together(N, lambda i: runs.load(engine, OFFICER, month=202602, bank="01", data=data,
                                             filename="r.csv", as_of=date(2026, 2, 16)))
    assert unexpected(loaded) == [] and len([r for r in loaded if isinstance(r, runs.Loaded)]) == 1
    posted = together(N, lambda i: runs.post(engine, OFFICER, month=202602))
    assert unexpected(posted) == []
    closed = together(N, lambda i: runs.close(engine, OFFICER, month=202602, as_of=date(2026, 3, 1)))
    assert unexpected(closed) == []
    assert all(isinstance(r, (runs.RunSummary, JobBusy)) for r in closed)
    with engine.connect() as conn:
        assert runs.summary(conn, 202602).status == "closed"
    overdue_once(engine, numbers)
    assert failures(engine) == {}


def test_a_second_runner_of_the_month_is_refused_in_chinese_and_does_nothing(engine):
    loans(engine)
    with job_lock(engine, runs.job_key(202602), label=runs.job_label(202602)), pytest.raises(JobBusy) as exc:
        runs.create(engine, OFFICER, month=202602, as_of=date(2026, 2, 1))
    assert exc.value.code.value == "job.busy" and exc.value.status == 409
    assert exc.value.message.startswith("已有2026年02月还款批量作业在运行")
    with engine.connect() as conn:
        assert runs.summary(conn, 202602) is None
    with job_lock(engine, service.OVERDUE_JOB, label=service.OVERDUE_LABEL):
        with pytest.raises(JobBusy, match="已有贷款转逾期作业在运行"):
            service.mark_overdue_job(engine, OFFICER, as_of=date(2026, 3, 1))
        with pytest.raises(JobBusy, match="贷款转逾期作业"):  # creating a run marks arrears overdue too
            runs.create(engine, OFFICER, month=202602, as_of=date(2026, 2, 1))
    assert runs.create(engine, OFFICER, month=202602, as_of=date(2026, 2, 1)).count == 3


def test_the_command_line_says_so_and_exits_without_a_traceback(_sqlite_db):
    _sqlite_db.reset()
    engine = _sqlite_db.engine
    from anju.auth.actor import Role

    loans(engine, 1)
    with job_lock(engine, runs.job_key(202602), label=runs.job_label(202602)):
        out = invoke_as(engine, signed_in_user(engine, "loan_cli", Role.LOAN_OFFICER), "loan", "run", "create",
                        "--month", "2026-02", "--date", "2026-02-01")
    assert out.exit_code == 1
    assert "已有2026年02月还款批量作业在运行" in out.output and "Traceback" not in out.output
    with job_lock(engine, service.OVERDUE_JOB, label=service.OVERDUE_LABEL):
        out = invoke(engine, "loan", "overdue", "--date", "2026-03-01")
    assert out.exit_code == 1 and "已有贷款转逾期作业在运行" in out.output


def test_the_web_answers_409_job_busy(web):
    from anju.auth.actor import Role

    loans(web.engine, 1)
    web.user("officer", Role.LOAN_OFFICER)
    off = web.login("officer")
    with job_lock(web.engine, runs.job_key(202603), label=runs.job_label(202603)):
        page = off.submit("/loan/runs", {"month": "2026-03"})
    assert page.status_code == 409 and "已有2026年03月还款批量作业在运行" in page.text
    with job_lock(web.engine, service.OVERDUE_JOB, label=service.OVERDUE_LABEL):
        page = off.submit("/loan/collection/mark")
    assert page.status_code == 409 and "已有贷款转逾期作业在运行" in page.text
    assert off.submit("/loan/runs", {"month": "2026-03"}).status_code == 303
