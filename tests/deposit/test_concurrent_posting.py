"""Posting jobs started together credit every member exactly once (issue 16, item 1).

Each runner has its own connections (a thread with its own UnitOfWork, or a real ``anju deposit post``
process). A second job is refused with the Chinese job-busy message; underneath the job lock, ``post_group``
claims its lists (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, ``WHERE status='confirmed'`` with the row count
checked), so even runners that bypass the lock cannot post a list twice.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import func, select, text

from anju.core.errors import Conflict, ErrorCode
from anju.db import UnitOfWork
from anju.deposit import posting
from anju.deposit import service as svc
from anju.deposit.tables import remittance, remittance_line
from anju.ledger import service as ledger
from anju.ledger.errors import LedgerError
from anju.ledger.queries import account_balance
from anju.ledger.tables import voucher
from anju.registry.tables import account, member_txn
from anju.verify import run_all
from tests.support.factory import CLERK, open_employer, open_members
from tests.support.threads import race


def failures(engine):
    with engine.connect() as conn:
        return {r.check.name: [v.message for v in r.violations] for r in run_all(conn) if not r.ok}


def a_list(engine, employer_id: int, *, paid_on: date = date(2025, 1, 15), post_now: bool = False):
    with UnitOfWork(engine) as uow:
        sub = svc.generate_month(uow, CLERK, employer_id=employer_id, period=202501, as_of=date(2025, 1, 10))
        svc.confirm_payment(uow, CLERK, remittance_id=sub.remittance_id, paid_on=paid_on,
                            receipt_no=f"B{employer_id}", amount=sub.total, post_now=post_now)
        uow.commit()
    return sub


def confirmed_lists(engine, *, employers: int = 6, members: int = 12, paid_on: date = date(2025, 1, 15)) -> list:
    """A centre already at work (one list posted), then ``employers`` lists of ``members`` lines each, confirmed
    (paid) but not posted; returns all of them."""
    first = open_employer(engine, name="先到单位")
    open_members(engine, first, 2, start=1900)
    subs = [a_list(engine, first, paid_on=date(2025, 1, 12), post_now=True)]
    for i in range(employers):
        e = open_employer(engine, name=f"并发单位{i}")
        open_members(engine, e, members, start=2000 + i * 100)
        subs.append(a_list(engine, e, paid_on=paid_on))
    return subs


def assert_posted_once(engine, subs) -> None:
    """Every list posted under one voucher; member rows = list lines; Σ balances = GL 201 = Σ lists."""
    total = sum(s.total for s in subs)
    with engine.connect() as conn:
        lines = conn.execute(select(func.count()).select_from(remittance_line)).scalar_one()
        rows = conn.execute(select(func.count()).select_from(member_txn)
                            .where(member_txn.c.ref_type == "remittance")).scalar_one()
        doubled = conn.execute(select(member_txn.c.account_id, member_txn.c.month, func.count())
                               .where(member_txn.c.ref_type == "remittance")
                               .group_by(member_txn.c.account_id, member_txn.c.month)
                               .having(func.count() > 1)).all()
        statuses = {s for (s,) in conn.execute(select(remittance.c.status))}
        vouchers = conn.execute(select(func.count()).select_from(voucher)
                                .where(voucher.c.ref_type == "remittance")).scalar_one()
        balances = conn.execute(select(func.coalesce(func.sum(account.c.balance), 0))).scalar_one()
        gl = account_balance(conn, "201")
    assert lines == sum(s.line_count for s in subs)
    assert (rows, doubled) == (lines, [])
    assert statuses == {"posted"} and vouchers == len(subs)
    assert balances == gl == total
    assert failures(engine) == {}


@contextmanager
def no_job_lock(engine, job, *, label):
    """Stands in for ``job_lock`` to prove the row claims hold on their own."""
    yield


class TestJobsStartedTogether:
    def test_simultaneous_posting_jobs_credit_each_member_once(self, engine):
        subs = confirmed_lists(engine)
        results, busy, errors = race(4, lambda i: svc.post_confirmed(engine, CLERK, chunk_lines=30))
        assert errors == []
        assert len(results) >= 1 and len(results) + len(busy) == 4
        assert all(b.code is ErrorCode.JOB_BUSY for b in busy)
        # What the jobs report adds up to what was there: nobody counts a list another job posted.
        assert sum(r.remittances for r in results) == len(subs) - 1
        assert sum(r.member_rows for r in results) == sum(s.line_count for s in subs[1:])
        assert_posted_once(engine, subs)

    def test_runners_past_the_lock_still_claim_each_list_once(self, engine, monkeypatch):
        subs = confirmed_lists(engine)
        monkeypatch.setattr(svc, "job_lock", no_job_lock)
        results, busy, errors = race(4, lambda i: svc.post_confirmed(engine, CLERK, chunk_lines=30))
        assert (errors, busy, len(results)) == ([], [], 4)
        assert sum(r.remittances for r in results) == len(subs) - 1
        assert sum(r.member_rows for r in results) == sum(s.line_count for s in subs[1:])
        assert_posted_once(engine, subs)

    def test_one_group_posted_by_many_units_of_work_at_once_is_written_once(self, engine):
        subs = confirmed_lists(engine, employers=3)
        ids = [s.remittance_id for s in subs[1:]]

        def post(i: int) -> int:
            with UnitOfWork(engine) as uow:
                written = posting.post_group(uow, CLERK, ids, paid_on=date(2025, 1, 15))
                uow.commit()
            return written

        results, busy, errors = race(16, post)
        assert (errors, busy) == ([], [])
        assert sum(results) == sum(s.line_count for s in subs[1:])
        assert_posted_once(engine, subs)


    def test_the_first_lists_ever_posted_together_open_the_interest_year_once(self, engine):
        """The centre's very first lists are posted by separate units of work at the same moment."""
        subs = []
        for i in range(4):
            e = open_employer(engine, name=f"首批单位{i}")
            open_members(engine, e, 3, start=3000 + i * 10)
            subs.append(a_list(engine, e))

        def post(i: int) -> int:
            with UnitOfWork(engine) as uow:
                written = posting.post_group(uow, CLERK, [subs[i].remittance_id], paid_on=date(2025, 1, 15))
                uow.commit()
            return written

        results, busy, errors = race(len(subs), post)
        assert (errors, busy) == ([], [])
        assert sorted(results) == [3, 3, 3, 3]
        assert_posted_once(engine, subs)


class TestAnExistingVoucherStopsTheGroup:
    def test_a_confirmed_list_whose_voucher_exists_is_not_credited_again(self, engine):
        _, sub = confirmed_lists(engine, employers=1, members=3)
        with UnitOfWork(engine) as uow:
            row = uow.conn.execute(select(remittance).where(remittance.c.id == sub.remittance_id)).one()
            ledger.post(uow, CLERK, posting.remittance_posting(row), check_permission=False)
            uow.commit()
        with UnitOfWork(engine) as uow, pytest.raises(Conflict) as exc:
            posting.post_group(uow, CLERK, [sub.remittance_id], paid_on=date(2025, 1, 15))
        assert exc.value.code is LedgerError.KEY_ALREADY_POSTED and exc.value.params["key"] == f"remit:{sub.remittance_id}"
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(member_txn)
                                .where(member_txn.c.ref_id == sub.remittance_id)).scalar_one() == 0
            assert conn.execute(select(remittance.c.status)
                                .where(remittance.c.id == sub.remittance_id)).scalar_one() == "confirmed"


# ---------------------------------------------------------------------------------- real processes (PostgreSQL)


@pytest.fixture
def pg_engine(_pg_db):
    _pg_db.reset()
    return _pg_db.engine


@contextmanager
def held_table(engine, table: str):
    """Hold an exclusive lock on ``table`` so that processes started now queue on it; released on exit."""
    conn = engine.connect()
    tx = conn.begin()
    conn.execute(text(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE'))
    try:
        yield conn
    finally:
        tx.rollback()
        conn.close()


def wait_for_waiters(engine, procs, n: int, timeout: float = 120) -> None:  # float-ok: seconds
    """Until ``n`` other sessions wait for a lock (the processes have reached the barrier)."""
    deadline = time.monotonic() + timeout
    with engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute(text(
                "SELECT count(DISTINCT pid) FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid() AND "
                "database = (SELECT oid FROM pg_database WHERE datname = current_database())")).scalar_one()
            if waiting >= n:
                return
            if any(p.poll() is not None for p in procs):
                outs = [p.communicate() for p in procs if p.poll() is not None]
                raise AssertionError(f"a process ended before the barrier: {outs}")
            time.sleep(0.05)
    raise AssertionError("the processes did not reach the barrier")


def start_cli(engine, *args: str) -> subprocess.Popen:
    env = {**os.environ, "ANJU_DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    env.pop("ANJU_FAULT", None)
    return subprocess.Popen([sys.executable, "-m", "anju", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_two_posting_processes_started_together_post_once(pg_engine):
    engine = pg_engine
    subs = confirmed_lists(engine)
    with held_table(engine, "remittance"):
        procs = [start_cli(engine, "deposit", "post", "--chunk", "30") for _ in range(2)]
        wait_for_waiters(engine, procs, 2)
    outs = [p.communicate(timeout=300) for p in procs]
    codes = [p.returncode for p in procs]
    for _, err in outs:
        assert "Traceback" not in err, err
    assert 0 in codes, outs
    done = [out for (out, _), code in zip(outs, codes, strict=True) if code == 0]
    refused = [err for (_, err), code in zip(outs, codes, strict=True) if code != 0]
    assert all("已有入账作业在运行" in err for err in refused), refused
    reported = sum(int(out.split("入账完成：")[1].split(" 份清册")[0]) for out in done)
    assert reported == len(subs) - 1, outs
    assert_posted_once(engine, subs)


# ---------------------------------------------------------------------------------- the CLI and pages, while a job runs


def test_the_cli_says_a_posting_job_is_running_without_a_traceback(engine):
    from anju.db.joblock import job_lock
    from tests.support.cli import invoke

    subs = confirmed_lists(engine, employers=1, members=2)
    with job_lock(engine, svc.POST_JOB, label=svc.POST_JOB_LABEL):
        refused = invoke(engine, "deposit", "post")
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "已有入账作业在运行，本次未执行" in refused.output
    done = invoke(engine, "deposit", "post")
    assert done.exit_code == 0 and "入账完成：1 份清册" in done.output
    assert_posted_once(engine, subs)


def test_pages_say_a_posting_job_is_running_and_the_receipts_stand(web, engine):
    from anju.auth.actor import Role
    from anju.db.joblock import job_lock
    from tests.support.factory import xlsx

    eid = open_employer(engine, name="页面单位", first_month=202602, on=date(2026, 2, 1))
    open_members(engine, eid, 3, first_month=202602, on=date(2026, 2, 1))
    with UnitOfWork(engine) as uow:
        sub = svc.generate_month(uow, CLERK, employer_id=eid, period=202602, as_of=date(2026, 3, 2))
        uow.commit()
    finance = web.as_role(Role.FINANCE)
    good = xlsx([[sub.no, f"{sub.total / 100:.2f}", "2026-03-02", "R1"]],
                headers=["汇缴单号", "到账金额", "到账日期", "银行回单号"])
    with job_lock(engine, svc.POST_JOB, label=svc.POST_JOB_LABEL):
        busy = finance.submit("/deposit/post")
        assert busy.status_code == 409 and "已有入账作业在运行" in busy.text
        done = finance.post("/deposit/receipts", data={"csrf_token": finance.csrf},
                            files={"file": ("到账.xlsx", good)})
        assert done.status_code == 303
        page = finance.get(done.headers["location"])
        assert "已确认到账1份清册，尚未入账：已有入账作业在运行" in page.text
    with engine.connect() as conn:
        assert conn.execute(select(remittance.c.status).where(remittance.c.id == sub.remittance_id)).scalar_one() \
            == "confirmed"
    assert finance.submit("/deposit/post").status_code == 303  # the lock released: the list is posted now
    assert_posted_once(engine, [sub])
