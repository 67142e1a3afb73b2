"""Interest settlements started together credit every account exactly once (issue 16, item 2).

A second runner of the same settlement year is told "已有2025年度结息作业在运行" (job lock); underneath it, each
chunk claims its rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, ``applied`` updated conditionally with the row
count checked), so runners that bypass the lock still cannot pay an account twice. A settlement to the day
(closing, transfer out) is refused while the year's run is in progress, since the run has already counted
that account's interest.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import func, select

from anju.auth.actor import Role
from anju.core.errors import AnjuError
from anju.db import UnitOfWork
from anju.db.joblock import job_lock
from anju.interest import service as interest
from anju.interest.tables import interest_run, interest_settlement
from anju.ledger.queries import account_balance
from anju.registry import service as registry
from anju.registry.errors import RegistryError
from anju.registry.tables import account, member_txn
from anju.transfer.service import transfer_out
from anju.verify import run_all
from tests.deposit.test_concurrent_posting import held_table, start_cli, wait_for_waiters
from tests.support.cli import invoke
from tests.support.factory import CLERK, open_employer, open_members, pay_month
from tests.support.threads import race


def failures(engine):
    with engine.connect() as conn:
        return {r.check.name: [v.message for v in r.violations] for r in run_all(conn) if not r.ok}


def centre(engine, *, employers: int = 3, members: int = 12) -> list[int]:
    ids = []
    for i in range(employers):
        e = open_employer(engine, name=f"结息单位{i}")
        ids += open_members(engine, e, members, start=4000 + i * 100)
        pay_month(engine, e, 202501, date(2025, 1, 12))
    return ids


def settle(engine, **kw):
    return interest.settle_year(engine, CLERK, year=2025, as_of=date(2025, 6, 30), **kw)


class Interrupted(Exception):
    pass


def interrupted_run(engine) -> None:
    """A settlement computed and one chunk applied, then stopped (as if the runner had died)."""

    def stop(_):
        raise Interrupted

    with pytest.raises(Interrupted):
        settle(engine, chunk=4, progress=stop)
    with engine.connect() as conn:
        assert conn.execute(select(interest_run.c.status)).scalar_one() == "computed"


def assert_settled_once(engine, accounts: int) -> None:
    with engine.connect() as conn:
        due = conn.execute(select(func.count()).select_from(interest_settlement)
                           .where(interest_settlement.c.interest > 0)).scalar_one()
        per_account = conn.execute(select(member_txn.c.account_id, func.count()).where(member_txn.c.type == "09")
                                   .group_by(member_txn.c.account_id)).all()
        applied = conn.execute(select(func.count()).select_from(interest_settlement)
                               .where(interest_settlement.c.applied == False)).scalar_one()  # noqa: E712
        status = conn.execute(select(interest_run.c.status)).scalar_one()
        balances = conn.execute(select(func.sum(account.c.balance))).scalar_one()
        gl201, gl211 = account_balance(conn, "201"), account_balance(conn, "211")
    assert due == accounts
    assert len(per_account) == accounts and {n for _, n in per_account} == {1}
    assert (applied, status) == (0, "done")
    assert balances == gl201 and gl211 == 0
    assert failures(engine) == {}


def already_settled(exc: Exception) -> bool:
    """A runner that starts after another has finished the year is told so (a business error, not a crash)."""
    return isinstance(exc, AnjuError) and "已结息" in exc.message


@contextmanager
def no_job_lock(engine, job, *, label):
    yield


class TestResumesStartedTogether:
    def test_three_resumes_of_an_interrupted_run_credit_each_account_once(self, engine):
        accounts = len(centre(engine))
        interrupted_run(engine)
        results, busy, errors = race(3, lambda i: settle(engine, chunk=4))
        assert [e for e in errors if not already_settled(e)] == []
        assert len(results) >= 1
        assert all(b.message.startswith("已有2025年度结息作业在运行") for b in busy)
        assert_settled_once(engine, accounts)

    def test_resumes_past_the_lock_still_claim_each_account_once(self, engine, monkeypatch):
        accounts = len(centre(engine))
        interrupted_run(engine)
        monkeypatch.setattr(interest, "job_lock", no_job_lock)
        results, busy, errors = race(3, lambda i: settle(engine, chunk=3))
        # A runner finding the remaining rows claimed by another is told that a run is in progress.
        assert [e for e in errors if not already_settled(e)] == []
        assert all(b.message.startswith("已有2025年度结息作业在运行") for b in busy)
        with engine.connect() as conn:
            if conn.execute(select(interest_run.c.status)).scalar_one() != "done":
                settle(engine)  # (only when every runner stopped at another's rows; then nothing is left)
        assert_settled_once(engine, accounts)


class TestFreshStartsTogether:
    def test_sixteen_fresh_starts_one_runs_the_others_are_told_in_chinese(self, engine):
        accounts = len(centre(engine, employers=2, members=6))
        n = 16
        ended = []
        deadline = time.monotonic() + 60

        def hold(_):
            # The runner that got the job waits (bounded) until every other start has ended.
            while len(ended) < n - 1 and time.monotonic() < deadline:
                time.sleep(0.01)

        def start(i: int):
            try:
                return settle(engine, chunk=4, progress=hold)
            finally:
                ended.append(i)

        results, busy, errors = race(n, start)
        assert errors == []
        assert (len(results), len(busy)) == (1, n - 1)
        assert {b.code.value for b in busy} == {"job.busy"}
        assert {b.message for b in busy} == {"已有2025年度结息作业在运行，本次未执行；请等待其完成后再查看结果"}
        assert results[0].status == "done" and results[0].accounts == accounts
        assert_settled_once(engine, accounts)

    def test_cli_and_api_answer_job_busy_while_the_year_is_being_settled(self, web, engine):
        centre(engine, employers=1, members=3)
        job, label = interest.settle_job(2025)
        with job_lock(engine, job, label=label):
            cli = invoke(engine, "jobs", "settle-interest", "--year", "2025", "--date", "2025-06-30")
            api = web.api(web.api_key(Role.FINANCE)).post("/api/v1/interest/runs", json={"year": 2025})
        assert cli.exit_code == 1 and "已有2025年度结息作业在运行" in cli.output and "Traceback" not in cli.output
        assert api.status_code == 409
        assert api.json()["code"] == "job.busy" and api.json()["detail"].startswith("已有2025年度结息作业在运行")
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(interest_run)).scalar_one() == 0


class TestSettleToTheDayDuringARun:
    def test_a_transfer_out_waits_for_the_run_and_is_then_paid_once(self, engine):
        ids = centre(engine, employers=1, members=4)
        interrupted_run(engine)
        with UnitOfWork(engine) as uow:
            registry.seal(uow, CLERK, account_id=ids[-1], reason="离职", as_of=date(2025, 6, 30))
            uow.commit()
        with UnitOfWork(engine) as uow, pytest.raises(AnjuError) as exc:
            transfer_out(uow, CLERK, account_id=ids[-1], day=date(2025, 6, 30), to_centre="长沙住房公积金管理中心",
                         letter_no="LXH2025009", bank_code="01")
        assert exc.value.code is RegistryError.YEAR_SETTLING and exc.value.params["year"] == 2025
        settle(engine)
        with UnitOfWork(engine) as uow:
            moved = transfer_out(uow, CLERK, account_id=ids[-1], day=date(2025, 7, 1),
                                 to_centre="长沙住房公积金管理中心", letter_no="LXH2025009", bank_code="01")
            uow.commit()
        with engine.connect() as conn:
            paid = conn.execute(select(func.sum(member_txn.c.amount)).where(
                member_txn.c.account_id == ids[-1], member_txn.c.type == "09")).scalar_one()
            earned = conn.execute(select(interest_settlement.c.interest)
                                  .where(interest_settlement.c.account_id == ids[-1])).scalar_one()
        assert paid == earned > 0 and moved == 120000 + earned  # the year's interest once, nothing to the day
        assert failures(engine) == {}


# ---------------------------------------------------------------------------------- real processes (PostgreSQL)


@pytest.fixture
def pg_engine(_pg_db):
    _pg_db.reset()
    return _pg_db.engine


def test_two_settlement_processes_started_together_settle_once(pg_engine):
    engine = pg_engine
    accounts = len(centre(engine))
    interrupted_run(engine)
    args = ("jobs", "settle-interest", "--year", "2025", "--date", "2025-06-30", "--chunk", "3")
    with held_table(engine, "account"):
        procs = [start_cli(engine, *args) for _ in range(2)]
        wait_for_waiters(engine, procs, 2)
    outs = [p.communicate(timeout=300) for p in procs]
    codes = sorted(p.returncode for p in procs)
    for _, err in outs:
        assert "Traceback" not in err, err
    assert codes == [0, 1], outs
    (refused,) = [err for (_, err), p in zip(outs, procs, strict=True) if p.returncode == 1]
    assert "已有2025年度结息作业在运行" in refused or "已结息" in refused, refused
    assert_settled_once(engine, accounts)


def test_a_contribution_during_the_compute_step_is_refused_at_once(pg_engine):
    """The compute step holds the interest state exclusively: a posting in flight is told, not kept waiting."""
    from anju.deposit import service as deposit
    from anju.registry import guard

    engine = pg_engine
    centre(engine, employers=1, members=2)
    late = open_employer(engine, name="晚到单位")
    open_members(engine, late, 2, start=4900)
    with UnitOfWork(engine) as uow:
        sub = deposit.generate_month(uow, CLERK, employer_id=late, period=202501, as_of=date(2025, 6, 30))
        uow.commit()
    with engine.connect() as computing, computing.begin():
        guard.hold_for_settlement(computing)
        with UnitOfWork(engine) as uow, pytest.raises(AnjuError) as exc:
            deposit.confirm_payment(uow, CLERK, remittance_id=sub.remittance_id, paid_on=date(2025, 6, 30),
                                    receipt_no="L1", amount=sub.total)
    assert exc.value.code is RegistryError.YEAR_SETTLING
    assert exc.value.message == "2025年度结息正在进行，2025-06-30的业务请在结息完成后再办理"  # names the day
    settle(engine)
    with UnitOfWork(engine) as uow, pytest.raises(AnjuError) as exc:  # June 30 is settled now
        deposit.confirm_payment(uow, CLERK, remittance_id=sub.remittance_id, paid_on=date(2025, 6, 30),
                                receipt_no="L1", amount=sub.total)
    assert "已结息" in exc.value.message
    assert failures(engine) == {}
