"""The fund's year-end with N runners at once (threads, each its own unit of work), on both databases: each step
is posted once (one voucher, one ``yearend_step`` row), the others are refused in Chinese — never a database
error — and ``anju verify`` holds; the entry points' job lock tells a second runner so (job.busy, 409)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from anju.auth.actor import Role
from anju.core.errors import AnjuError
from anju.db import UnitOfWork
from anju.db.joblock import job_lock
from anju.interest import yearend
from anju.interest.tables import yearend_step
from anju.ledger.queries import account_balance
from anju.ledger.tables import voucher
from tests.interest.test_settlement import failures
from tests.support.cli import invoke_as, signed_in_user
from tests.support.factory import CLERK
from tests.support.threads import together, unexpected

END = date(2025, 12, 31)
N = 4


def fund_entries(engine) -> None:
    on = date(2025, 12, 20)
    with UnitOfWork(engine) as uow:
        yearend.record_fund_entry(uow, CLERK, kind="deposit_interest_accrued", bank_code="01", period=202512,
                                  entry_date=on, amount=10_000_000, reference="JX-2025-12")
        yearend.record_fund_entry(uow, CLERK, kind="collection_fee", bank_code="02", period=202512, entry_date=on,
                                  amount=2_000_000, reference="SXF-2025")
        uow.commit()


def run(engine, step: str, fee: int = 0):
    with UnitOfWork(engine) as uow:
        plan = yearend.run_step(uow, CLERK, year=2025, step=step, as_of=END, management_fee=fee)
        uow.commit()
    return plan


def vouchers(engine, kind: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(voucher).where(voucher.c.kind == kind)).scalar_one()


def test_each_step_run_at_once_by_many_is_posted_once(engine):
    fund_entries(engine)
    for step, fee in (("close_income", 0), ("move_gain", 0), ("distribute", 1_000_000), ("close_periods", 0)):
        results = together(N, lambda i, step=step, fee=fee: run(engine, step, fee))
        assert unexpected(results) == [], step
        done = [r for r in results if isinstance(r, yearend.StepPlan)]
        assert len(done) == 1, (step, results)
        assert all(isinstance(r, AnjuError) for r in results if r not in done)
        if step != "close_periods":
            assert vouchers(engine, f"yearend.{step}") == 1
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(yearend_step)).scalar_one() == 4
        assert account_balance(conn, "10201") == 8_000_000  # the gain moved once
        for code in ("401", "411", "311", "321"):
            assert account_balance(conn, code) == 0
    assert failures(engine) == {}


def test_the_command_line_says_so_and_exits_without_a_traceback(_sqlite_db):
    _sqlite_db.reset()
    engine = _sqlite_db.engine
    fund_entries(engine)
    finance = signed_in_user(engine, "finance_cli", Role.FINANCE)  # posting a year-end step is finance's act
    args = ("jobs", "year-end", "--year", "2025", "--step", "close_income", "--post", "--date", "2025-12-31")
    with job_lock(engine, yearend.job_key(2025), label=yearend.job_label(2025)):
        out = invoke_as(engine, finance, *args)
    assert out.exit_code == 1
    assert "已有2025年度年终处理作业在运行" in out.output and "Traceback" not in out.output
    assert vouchers(engine, "yearend.close_income") == 0
    assert invoke_as(engine, finance, *args).exit_code == 0
    assert vouchers(engine, "yearend.close_income") == 1


def test_the_api_and_the_web_answer_409_job_busy(web):
    from anju.auth.actor import Role

    fund_entries(web.engine)
    api = web.api(web.api_key(Role.FINANCE))
    finance = web.as_role(Role.FINANCE)
    confirm = finance.submit("/interest/year-end", {"year": "2025", "step": "close_income", "management_fee": "0"})
    token = confirm.text.split('name="token" value="')[1].split('"')[0]
    with job_lock(web.engine, yearend.job_key(2025), label=yearend.job_label(2025)):
        r = api.post("/api/v1/interest/year-end/2025/close_income")
        page = finance.submit("/interest/year-end/confirm", {"token": token})
    assert r.status_code == 409 and r.json()["code"] == "job.busy" and "2025年度年终处理作业" in r.json()["detail"]
    assert page.status_code == 409 and "已有2025年度年终处理作业在运行" in page.text
    assert vouchers(web.engine, "yearend.close_income") == 0
    assert finance.submit("/interest/year-end/confirm", {"token": token}).status_code == 303  # token kept
    assert vouchers(web.engine, "yearend.close_income") == 1
