"""Interest settlement on both databases: the worked check, agreement with the reference, crash and resume,
settlement to the day, the fund's income and the year-end."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from anju.core.errors import AnjuError
from anju.db import UnitOfWork
from anju.deposit import service as deposit
from anju.deposit.tables import remittance_line
from anju.interest import service as interest
from anju.interest.calc import rates_from_policy, reference_daily
from anju.interest.errors import InterestError
from anju.interest.queries import explain, year_history
from anju.interest.tables import interest_settlement
from anju.interest.yearend import plan_step, record_fund_entry, run_step
from anju.ledger.queries import account_balance
from anju.policy import service as policy
from anju.policy.store import load_store
from anju.registry import service as registry
from anju.registry.errors import RegistryError
from anju.registry.tables import member_txn
from anju.transfer.service import transfer_out
from anju.verify import run_all
from tests.support.factory import APPROVER, CLERK, open_employer, open_members, pay_month, person_id


def failures(engine):
    with engine.connect() as conn:
        return {r.check.name: [v.message for v in r.violations] for r in run_all(conn) if not r.ok}


def flexible(engine, n: int, *, base: int, on: date, ratio: str = "0.2") -> int:
    with UnitOfWork(engine) as uow:
        opened = registry.open_flexible(uow, CLERK, who=registry.PersonInput(id_number=person_id(n), name=f"灵活{n}"),
                                        base=base, total_ratio=Decimal(ratio), first_month=on.year * 100 + on.month,
                                        as_of=on)
        uow.commit()
    return opened.account_id


def pay(engine, account_id: int, months: int, on: date) -> int:
    with UnitOfWork(engine) as uow:
        sub = deposit.pay_flexible(uow, CLERK, account_id=account_id, months=months, paid_on=on, receipt_no=f"P{on}",
                                   bank_code="01", as_of=on)
        uow.commit()
    return sub.remittance_id


def refund(engine, remittance_id: int, on: date, lines: int | None = None) -> None:
    """退缴 of the first ``lines`` month lines of a list (all when None), approved by another person."""
    with UnitOfWork(engine) as uow:
        ids = uow.conn.execute(select(remittance_line.c.id).where(remittance_line.c.remittance_id == remittance_id)
                               .order_by(remittance_line.c.id)).scalars().all()
        fid = deposit.apply_refund(uow, CLERK, remittance_id=remittance_id, reason="测试退缴",
                                   line_ids=ids if lines is None else ids[:lines])
        uow.commit()
    with UnitOfWork(engine) as uow:
        deposit.decide_refund(uow, APPROVER, refund_id=fid, approve=True, note="", refund_on=on)
        uow.commit()


def settle(engine, year: int, **kw):
    return interest.settle_year(engine, CLERK, year=year, as_of=date(year, 6, 30), **kw)


class TestWorkedCheck:
    def test_the_reference_example_settles_to_289_54(self, engine):
        """Opening 20,000.00 on 2024-07-01, +1,000.00 on 2024-10-15, −5,000.00 on 2025-03-01 → 289.54."""
        a = flexible(engine, 1, base=1_000_000, on=date(2024, 7, 1))  # 10,000.00 × 20% = 2,000.00 a month
        lump = pay(engine, a, 10, date(2024, 7, 1))  # 20,000.00
        with UnitOfWork(engine) as uow:
            registry.change_base(uow, CLERK, account_id=a, base=500_000, from_month=202505, as_of=date(2024, 10, 15))
            uow.commit()
        one = pay(engine, a, 1, date(2024, 10, 15))  # 1,000.00 (month 202505 at the new base)
        refund(engine, lump, date(2025, 3, 1), lines=2)  # −4,000.00
        refund(engine, one, date(2025, 3, 1))  # −1,000.00
        run = settle(engine, 2025)
        assert run.accounts == 1 and run.total == 28954
        with engine.connect() as conn:
            row = conn.execute(select(interest_settlement).where(interest_settlement.c.account_id == a)).one()
            acct = registry.get_account(conn, a)
            result = explain(conn, a, 2025)
        assert row.jishu == 694_900_000  # 6,949,000.00 yuan·days in fen·days
        assert [(s.balance, s.days) for s in result.segments] == [(2_000_000, 106), (2_100_000, 137), (1_600_000, 122)]
        assert result.interest == 28954
        assert (acct.balance, acct.prior_balance, acct.current_balance, acct.jishu) == (1_628_954, 1_628_954, 0, 0)
        assert failures(engine) == {}


class TestRules:
    def test_refused_before_the_date_and_twice(self, engine):
        eid = open_employer(engine)
        open_members(engine, eid, 2)
        pay_month(engine, eid, 202501, date(2025, 1, 12))
        with pytest.raises(AnjuError) as exc:
            interest.settle_year(engine, CLERK, year=2025, as_of=date(2025, 6, 29))
        assert exc.value.code is InterestError.SETTLE_TOO_EARLY
        settle(engine, 2025)
        with pytest.raises(AnjuError) as exc:
            settle(engine, 2025)
        assert exc.value.code is InterestError.ALREADY_SETTLED

    def test_the_next_year_opens_only_after_settlement(self, engine):
        eid = open_employer(engine)
        open_members(engine, eid, 1)
        pay_month(engine, eid, 202501, date(2025, 1, 12))
        with pytest.raises(AnjuError) as exc:
            pay_month(engine, eid, 202502, date(2025, 7, 2))
        assert exc.value.code is RegistryError.YEAR_NOT_SETTLED and exc.value.params["current"] == 2025
        settle(engine, 2025)
        pay_month(engine, eid, 202502, date(2025, 7, 2))
        with pytest.raises(AnjuError) as exc:  # a settled year takes no more entries
            pay_month(engine, eid, 202503, date(2025, 6, 20))
        assert "已结息" in str(exc.value)
        assert failures(engine) == {}


class TestAgreementWithTheReference:
    @settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                    HealthCheck.too_slow])
    @given(year=st.sampled_from([2024, 2025]),
           basis=st.sampled_from(["360", "365"]),
           rate_change=st.one_of(st.none(), st.tuples(st.integers(1, 360), st.sampled_from(["1.20%", "1.75%"]))),
           ops=st.lists(st.tuples(st.integers(0, 364), st.integers(1, 3), st.booleans()), min_size=1, max_size=6))
    def test_batch_and_reference_agree_to_the_fen(self, db, year, basis, rate_change, ops):
        db.reset()
        engine = db.engine
        start = date(year - 1, 7, 1)
        with UnitOfWork(engine) as uow:
            if basis != "360":
                policy.set_value(uow, CLERK, key="interest.day_basis", raw=basis, effective=start, note="测试")
            if rate_change:
                policy.set_value(uow, CLERK, key="interest.deposit_rate", raw=rate_change[1],
                                 effective=start + timedelta(days=rate_change[0]), note="测试")
            uow.commit()
        accounts = [flexible(engine, 10 + i, base=300_000 + 50_000 * i, on=start) for i in range(3)]
        paid = {}
        for i, (offset, months, undo) in enumerate(sorted(ops)):
            a = accounts[i % 3]
            on = start + timedelta(days=offset)
            rid = pay(engine, a, months, on)
            paid.setdefault(a, []).append(rid)
            if undo and offset < 360:
                refund(engine, rid, on + timedelta(days=3), lines=1)
        settle(engine, year)
        with engine.connect() as conn:
            store = load_store(conn)
            for a in accounts:
                credited = conn.execute(select(interest_settlement.c.interest).where(
                    interest_settlement.c.account_id == a, interest_settlement.c.year == year)).scalar() or 0
                opening, moves = year_history(conn, a, year)
                span_rates = rates_from_policy(store, start, date(year, 7, 1))
                slow = reference_daily(opening=opening, movements=moves, start=start, end=date(year, 7, 1),
                                       rates=span_rates)
                assert credited == explain(conn, a, year).interest == slow.interest
        assert failures(engine) == {}


class TestCrashAndResume:
    @pytest.mark.parametrize("fault", ["interest.settle.mid_chunk:2", "interest.settle.after_compute:1"])
    def test_a_killed_settlement_rerun_credits_everyone_once(self, engine, fault):
        for i in range(3):
            eid = open_employer(engine, name=f"单位{i}")
            open_members(engine, eid, 10, start=200 + i * 20)
            pay_month(engine, eid, 202501, date(2025, 1, 12))
        env = {**os.environ, "ANJU_DATABASE_URL": engine.url.render_as_string(hide_password=False), "ANJU_FAULT": fault}
        cmd = [sys.executable, "-m", "anju", "jobs", "settle-interest", "--year", "2025", "--date", "2025-06-30",
               "--chunk", "7"]
        crashed = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        assert crashed.returncode == 86, crashed.stderr
        assert failures(engine) == {}  # the run in progress is visible as pending interest, not as a break
        env.pop("ANJU_FAULT")
        again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stderr
        with engine.connect() as conn:
            per_account = conn.execute(select(member_txn.c.account_id, func.count()).where(member_txn.c.type == "09")
                                       .group_by(member_txn.c.account_id)).all()
            assert len(per_account) == 30 and {n for _, n in per_account} == {1}
            assert account_balance(conn, "211") == 0
        assert failures(engine) == {}


class TestSettleToTheDay:
    def test_transfer_out_settles_interest_first_and_closes(self, engine):
        eid = open_employer(engine)
        (a,) = open_members(engine, eid, 1)
        pay_month(engine, eid, 202501, date(2025, 1, 12))
        with UnitOfWork(engine) as uow:
            registry.seal(uow, CLERK, account_id=a, reason="离职", as_of=date(2025, 3, 1))
            moved = transfer_out(uow, CLERK, account_id=a, day=date(2025, 4, 1), to_centre="长沙住房公积金管理中心",
                                 letter_no="LXH2025001", bank_code="01")
            uow.commit()
        # 1,200.00 from Jan 12 to Mar 31 = 79 days at 1.5% / 360 → 3.95
        assert moved == 120000 + 395
        with engine.connect() as conn:
            acct = registry.get_account(conn, a)
            assert acct.status == "04" and acct.balance == 0
            assert explain(conn, a, 2025).interest == 395
        assert failures(engine) == {}


class TestYearEnd:
    def test_income_closes_into_value_added_income_which_is_distributed(self, engine):
        on = date(2025, 12, 20)
        with UnitOfWork(engine) as uow:
            record_fund_entry(uow, CLERK, kind="deposit_interest_accrued", bank_code="01", period=202512, entry_date=on,
                              amount=10_000_000, reference="JX-2025-12")
            record_fund_entry(uow, CLERK, kind="deposit_interest_received", bank_code="01", period=202512,
                              entry_date=on, amount=10_000_000, reference="HD-2025-12")
            record_fund_entry(uow, CLERK, kind="collection_fee", bank_code="02", period=202512, entry_date=on,
                              amount=2_000_000, reference="SXF-2025")
            # Idempotent by reference:
            record_fund_entry(uow, CLERK, kind="collection_fee", bank_code="02", period=202512, entry_date=on,
                              amount=2_000_000, reference="SXF-2025")
            uow.commit()
        end = date(2025, 12, 31)
        with engine.connect() as conn:
            with pytest.raises(AnjuError) as exc:
                plan_step(conn, year=2025, step="distribute", as_of=end)
            assert "请先完成" in str(exc.value)
            plan = plan_step(conn, year=2025, step="close_income", as_of=end)
        assert plan.detail == {"业务收入": 10_000_000, "业务支出": 2_000_000, "增值收益": 8_000_000}
        with UnitOfWork(engine) as uow:
            run_step(uow, CLERK, year=2025, step="close_income", as_of=end)
            run_step(uow, CLERK, year=2025, step="move_gain", as_of=end)
            dist = run_step(uow, CLERK, year=2025, step="distribute", as_of=end, management_fee=1_000_000)
            run_step(uow, CLERK, year=2025, step="close_periods", as_of=end)
            uow.commit()
        assert dist.detail["贷款风险准备金"] == 4_800_000 and dist.detail["公租房建设补充资金"] == 2_200_000
        with engine.connect() as conn:
            assert account_balance(conn, "301") == 4_800_000
            assert account_balance(conn, "21402") == 2_200_000
            assert account_balance(conn, "219") == 1_000_000
            assert account_balance(conn, "10201") == 8_000_000
            for code in ("401", "411", "311", "321"):
                assert account_balance(conn, code) == 0
        with pytest.raises(AnjuError), UnitOfWork(engine) as uow:  # periods of the year are closed now
            record_fund_entry(uow, CLERK, kind="collection_fee", bank_code="02", period=202512, entry_date=end,
                              amount=1, reference="late")
        assert failures(engine) == {}
