"""Payment, posting and the rest of the contribution cycle on both databases."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from anju.core.errors import AnjuError, Forbidden, ValidationFailed
from anju.db import UnitOfWork
from anju.deposit import service as svc
from anju.deposit.errors import DepositError
from anju.deposit.queries import arrears
from anju.deposit.tables import remittance
from anju.ledger.queries import account_balance
from anju.ledger.tables import voucher
from anju.registry import service as registry
from anju.registry.errors import RegistryError
from anju.registry.tables import account, member_txn
from anju.verify import run_all
from tests.support.factory import APPROVER, CLERK, open_employer, open_members, pay_month, person_id, xlsx


def failures(engine):
    with engine.connect() as conn:
        return {r.check.name: [v.message for v in r.violations] for r in run_all(conn) if not r.ok}


def acct(engine, account_id):
    with engine.connect() as conn:
        return registry.get_account(conn, account_id)


class TestConfirmAndPost:
    def test_payment_posts_one_voucher_and_one_row_per_member(self, engine):
        eid = open_employer(engine, bank="02")
        ids = open_members(engine, eid, 5)
        rid = pay_month(engine, eid, 202501, date(2025, 1, 12))
        with engine.connect() as conn:
            r = conn.execute(select(remittance).where(remittance.c.id == rid)).one()
            v = conn.execute(select(voucher).where(voucher.c.id == r.voucher_id)).one()
            rows = conn.execute(select(func.count()).select_from(member_txn).where(member_txn.c.ref_id == rid,
                                                                                   member_txn.c.ref_type == "remittance")).scalar_one()
            assert account_balance(conn, "10102") == 600000 and account_balance(conn, "201") == 600000
        assert r.status == "posted" and v.idempotency_key == f"remit:{rid}" and rows == 5
        a = acct(engine, ids[0])
        assert (a.balance, a.current_balance, a.prior_balance, a.paid_through, a.first_paid) == (120000, 120000, 0,
                                                                                                  202501, 202501)
        assert failures(engine) == {}

    def test_wrong_amount_and_missing_receipt_are_refused(self, engine):
        eid = open_employer(engine)
        open_members(engine, eid, 2)
        with UnitOfWork(engine) as uow:
            sub = svc.generate_month(uow, CLERK, employer_id=eid, period=202501, as_of=date(2025, 1, 10))
            uow.commit()
        with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
            svc.confirm_payment(uow, CLERK, remittance_id=sub.remittance_id, paid_on=date(2025, 1, 12), receipt_no="",
                                amount=sub.total - 1)
        assert {(p.field, p.code) for p in exc.value.problems} == {("到账金额", DepositError.AMOUNT_MISMATCH),
                                                                 ("银行回单号", DepositError.RECEIPT_REQUIRED)}

    def test_interest_accrual_takes_each_balance_for_its_days(self, engine):
        eid = open_employer(engine)
        (a1,) = open_members(engine, eid, 1)
        pay_month(engine, eid, 202501, date(2025, 1, 12))
        pay_month(engine, eid, 202502, date(2025, 2, 12))
        a = acct(engine, a1)
        # 0.00 from Jan 5 to Jan 12, then 1,200.00 for the 31 days to Feb 12.
        assert a.jishu == 120000 * 31 and a.accrued_day == date(2025, 2, 12).toordinal()

    def test_a_receipt_file_confirms_lists_and_the_job_posts_them(self, engine):
        emps = [open_employer(engine, name=f"单位{i}") for i in range(3)]
        for i, e in enumerate(emps):
            open_members(engine, e, 4, start=100 + i * 10)
        subs = []
        with UnitOfWork(engine) as uow:
            for e in emps:
                subs.append(svc.generate_month(uow, CLERK, employer_id=e, period=202501, as_of=date(2025, 1, 10)))
            uow.commit()
        lines = ["汇缴单号,到账金额,到账日期,银行回单号"] + [f"{s.no},{s.total / 100:.2f},2025-01-15,B{i}"
                                                     for i, s in enumerate(subs)]
        with UnitOfWork(engine) as uow:
            assert svc.import_receipts(uow, CLERK, data="\n".join(lines).encode(), filename="到账.csv") == 3
            uow.commit()
        run = svc.post_confirmed(engine, CLERK, chunk_lines=5)
        assert run.remittances == 3 and run.member_rows == 12 and run.groups == 3
        assert svc.post_confirmed(engine, CLERK).remittances == 0  # a re-run finds nothing to post
        assert failures(engine) == {}

    def test_a_receipt_file_with_errors_changes_nothing(self, engine):
        eid = open_employer(engine)
        open_members(engine, eid, 2)
        with UnitOfWork(engine) as uow:
            sub = svc.generate_month(uow, CLERK, employer_id=eid, period=202501, as_of=date(2025, 1, 10))
            uow.commit()
        data = (f"汇缴单号,到账金额,到账日期,银行回单号\n{sub.no},1.00,2025-01-15,B1\nHJX,abc,2025-13-01,B2\n").encode()
        with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
            svc.import_receipts(uow, CLERK, data=data, filename="到账.csv")
        assert len(exc.value.problems) == 2
        with engine.connect() as conn:
            assert conn.execute(select(remittance.c.status).where(remittance.c.id == sub.remittance_id)).scalar() == "pending"


class TestRefund:
    def test_refund_needs_another_approver_and_reverses_the_money(self, engine):
        eid = open_employer(engine)
        ids = open_members(engine, eid, 3)
        rid = pay_month(engine, eid, 202501, date(2025, 1, 12))
        with UnitOfWork(engine) as uow:
            fid = svc.apply_refund(uow, CLERK, remittance_id=rid, reason="多缴", account_ids=[ids[0]])
            uow.commit()
        with UnitOfWork(engine) as uow, pytest.raises(Forbidden):
            svc.decide_refund(uow, CLERK, refund_id=fid, approve=True, note="", refund_on=date(2025, 1, 20))
        with UnitOfWork(engine) as uow:
            svc.decide_refund(uow, APPROVER, refund_id=fid, approve=True, note="同意", refund_on=date(2025, 1, 20))
            uow.commit()
        a = acct(engine, ids[0])
        assert a.balance == 0 and a.paid_through is None
        assert acct(engine, ids[1]).balance == 120000
        with engine.connect() as conn:
            flags = conn.execute(select(member_txn.c.entry_flag, member_txn.c.amount)
                                 .where(member_txn.c.account_id == ids[0], member_txn.c.ref_type == "refund")).all()
            assert [tuple(f) for f in flags] == [("02", -120000)]
            assert account_balance(conn, "201") == 240000
        assert failures(engine) == {}


class TestDeferral:
    def test_deferred_months_are_not_arrears_and_are_paid_back_later(self, engine):
        eid = open_employer(engine, pay_day=10)
        open_members(engine, eid, 2)
        pay_month(engine, eid, 202501, date(2025, 1, 12))
        docs = list(svc.DEFERRAL_DOCUMENTS)
        with UnitOfWork(engine) as uow:
            with pytest.raises(ValidationFailed) as exc:
                svc.apply_deferral(uow, CLERK, employer_id=eid, kind="defer", period_from=202502, period_to=202504,
                                   reason="经营困难", documents=docs[:1], as_of=date(2025, 1, 20))
            assert len(exc.value.problems) == 2  # two documents missing
            did = svc.apply_deferral(uow, CLERK, employer_id=eid, kind="defer", period_from=202502, period_to=202504,
                                     reason="经营困难", documents=docs, as_of=date(2025, 1, 20))
            uow.commit()
        with UnitOfWork(engine) as uow:
            svc.decide_deferral(uow, APPROVER, deferral_id=did, approve=True, approval_no="示管委〔2025〕2号",
                                note="同意", as_of=date(2025, 1, 25))
            uow.commit()
        with engine.connect() as conn:
            (a,) = arrears(conn, as_of=date(2025, 6, 20), employer_id=eid)
        assert a.deferred_months == [202502, 202503, 202504] and a.unpaid_months == [202505, 202506]
        # 汇缴 resumes with May (the deferred months are skipped) …
        with UnitOfWork(engine) as uow:
            svc.end_deferrals(uow, CLERK, as_of=date(2025, 5, 1))
            uow.commit()
        pay_month(engine, eid, 202505, date(2025, 5, 12))
        # … and the deferred months come back by 补缴.
        rows = [[1, f"职工{n}", person_id(n, "1" if n % 2 else "2"), "5000.00", "12%", "12%", "600.00", "600.00", None, m]
                for n in (1, 2) for m in (202502, 202503, 202504)]
        with UnitOfWork(engine) as uow:
            sub = svc.import_list(uow, CLERK, employer_id=eid, data=xlsx(rows), filename="补缴.xlsx",
                                  kind=svc.ListKind.BACK_PAY, period_from=202502, period_to=202504,
                                  as_of=date(2025, 6, 1), reason=svc.BackPayReason.DEFERRED)
            svc.confirm_payment(uow, CLERK, remittance_id=sub.remittance_id, paid_on=date(2025, 6, 3), receipt_no="B",
                                amount=sub.total)
            uow.commit()
        assert sub.total == 6 * 120000
        assert failures(engine) == {}

    def test_ratio_reduction_applies_approved_ratios_below_the_normal_floor(self, engine):
        eid = open_employer(engine, ratio="0.10")
        (a1,) = open_members(engine, eid, 1)
        with UnitOfWork(engine) as uow:
            did = svc.apply_deferral(uow, CLERK, employer_id=eid, kind="reduce", period_from=202503, period_to=202508,
                                     reason="疫情影响", documents=list(svc.DEFERRAL_DOCUMENTS),
                                     reduced_employer_ratio=Decimal("0.03"), reduced_member_ratio=Decimal("0.03"),
                                     as_of=date(2025, 2, 20))
            uow.commit()
        with UnitOfWork(engine) as uow:
            svc.decide_deferral(uow, APPROVER, deferral_id=did, approve=True, approval_no="示管委〔2025〕5号", note="",
                                as_of=date(2025, 2, 25))
            uow.commit()
        assert acct(engine, a1).employer_amount == 15000
        with UnitOfWork(engine) as uow:
            svc.end_deferrals(uow, CLERK, as_of=date(2025, 9, 1))
            uow.commit()
        assert acct(engine, a1).employer_amount == 50000


class TestBaseAdjustmentAndFlexible:
    def test_july_base_adjustment_checks_the_new_bounds(self, engine):
        eid = open_employer(engine)
        ids = open_members(engine, eid, 2)
        headers = ["姓名", "证件号码", "缴存基数"]
        bad = xlsx([["职工1", person_id(1, "1"), "1950.00"], ["职工2", person_id(2, "2"), "6000.00"]], headers=headers)
        with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
            svc.import_base_adjustment(uow, CLERK, employer_id=eid, year=2025, data=bad, filename="b.xlsx",
                                       as_of=date(2025, 7, 3))
        assert exc.value.problems[0].code == RegistryError.BASE_BELOW_FLOOR
        assert "2,000.00" in str(exc.value.problems[0])  # the 2025 floor, not 2024's 1,930.00
        good = xlsx([["职工1", person_id(1, "1"), "5500.00"], ["职工2", person_id(2, "2"), "6000.00"]], headers=headers)
        with UnitOfWork(engine) as uow:
            assert svc.import_base_adjustment(uow, CLERK, employer_id=eid, year=2025, data=good, filename="b.xlsx",
                                              as_of=date(2025, 7, 3)) == 2
            uow.commit()
        a = acct(engine, ids[0])
        assert a.base == 550000 and a.terms_from == 202507

    def test_flexible_worker_pays_a_lump_sum_of_months(self, engine):
        with UnitOfWork(engine) as uow:
            opened = registry.open_flexible(uow, CLERK, who=registry.PersonInput(id_number=person_id(300), name="灵活"),
                                            base=400000, total_ratio=Decimal("0.2"), first_month=202503,
                                            as_of=date(2025, 3, 1))
            sub = svc.pay_flexible(uow, CLERK, account_id=opened.account_id, months=3, paid_on=date(2025, 3, 5),
                                   receipt_no="POS1", bank_code="01", as_of=date(2025, 3, 5))
            uow.commit()
        assert sub.total == 240000 and sub.line_count == 3
        a = acct(engine, opened.account_id)
        assert a.paid_through == 202505 and a.balance == 240000
        assert failures(engine) == {}


class TestCrashAndResume:
    """Killing the posting job mid-way and running it again pays every member exactly once."""

    def _prepare(self, engine, employers=6, members=25):
        subs = []
        for i in range(employers):
            e = open_employer(engine, name=f"大单位{i}")
            open_members(engine, e, members, start=1000 + i * 100)
        with UnitOfWork(engine) as uow:
            from anju.registry.tables import employer

            for (eid,) in uow.conn.execute(select(employer.c.id)):
                sub = svc.generate_month(uow, CLERK, employer_id=eid, period=202501, as_of=date(2025, 1, 10))
                svc.confirm_payment(uow, CLERK, remittance_id=sub.remittance_id, paid_on=date(2025, 1, 15),
                                    receipt_no=f"B{eid}", amount=sub.total, post_now=False)
                subs.append(sub)
            uow.commit()
        return subs

    def _run_job(self, engine, fault: str | None):
        env = {**os.environ, "ANJU_DATABASE_URL": engine.url.render_as_string(hide_password=False)}
        env.pop("ANJU_FAULT", None)
        if fault:
            env["ANJU_FAULT"] = fault
        return subprocess.run([sys.executable, "-m", "anju", "deposit", "post", "--chunk", "40"], env=env,
                              capture_output=True, text=True, timeout=300)

    @pytest.mark.parametrize("fault", ["deposit.post.mid_group:2", "deposit.post.after_vouchers:3"])
    def test_a_crash_mid_posting_then_a_rerun_posts_everyone_once(self, engine, fault):
        subs = self._prepare(engine)
        crashed = self._run_job(engine, fault)
        assert crashed.returncode == 86, crashed.stderr
        with engine.connect() as conn:
            posted = conn.execute(select(func.count()).where(remittance.c.status == "posted")).scalar_one()
        assert 0 < posted < len(subs)
        assert failures(engine) == {}  # a half-run leaves consistent books
        done = self._run_job(engine, None)
        assert done.returncode == 0, done.stderr
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).where(remittance.c.status != "posted")).scalar_one() == 0
            per_member = conn.execute(select(member_txn.c.account_id, func.count()).where(member_txn.c.type == "01")
                                      .group_by(member_txn.c.account_id)).all()
            assert len(per_member) == 150 and {n for _, n in per_member} == {1}
            assert account_balance(conn, "201") == 150 * 120000
            assert conn.execute(select(func.sum(account.c.balance))).scalar_one() == 150 * 120000
        assert failures(engine) == {}

    def test_a_killed_process_leaves_no_partial_group(self, engine):
        self._prepare(engine, employers=4, members=30)
        env = {**os.environ, "ANJU_DATABASE_URL": engine.url.render_as_string(hide_password=False),
               "ANJU_FAULT": "deposit.post.mid_group:1"}
        proc = subprocess.Popen([sys.executable, "-m", "anju", "deposit", "post", "--chunk", "30"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        proc.wait(timeout=300)
        assert proc.returncode == 86
        assert failures(engine) == {}
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(member_txn).where(member_txn.c.type == "01")).scalar_one() == 0
        assert self._run_job(engine, None).returncode == 0
        assert failures(engine) == {}


def test_the_frozen_flag_does_not_block_contributions(engine):
    eid = open_employer(engine)
    (a1,) = open_members(engine, eid, 1)
    with UnitOfWork(engine) as uow:
        registry.freeze(uow, CLERK, account_id=a1, reason="法院冻结", as_of=date(2025, 1, 6))
        uow.commit()
    pay_month(engine, eid, 202501, date(2025, 1, 12))
    assert acct(engine, a1).balance == 120000


def test_cancelled_lists_free_the_month(engine):
    eid = open_employer(engine)
    open_members(engine, eid, 2)
    with UnitOfWork(engine) as uow:
        sub = svc.generate_month(uow, CLERK, employer_id=eid, period=202501, as_of=date(2025, 1, 10))
        uow.commit()
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed):
        svc.generate_month(uow, CLERK, employer_id=eid, period=202501, as_of=date(2025, 1, 10))
    with UnitOfWork(engine) as uow:
        svc.cancel_list(uow, CLERK, remittance_id=sub.remittance_id, reason="重做")
        uow.commit()
    with UnitOfWork(engine) as uow:
        assert svc.generate_month(uow, CLERK, employer_id=eid, period=202501, as_of=date(2025, 1, 10)).line_count == 2
    with UnitOfWork(engine) as uow, pytest.raises(AnjuError):
        svc.cancel_list(uow, CLERK, remittance_id=sub.remittance_id, reason="再撤")



def test_rated_accrual_splits_at_a_rate_change_inside_the_year(engine):
    """A deposit rate change on 2025-03-01 weights the days before and after it by their own rates."""
    from anju.auth.actor import cli_actor
    from anju.policy import service as policy

    with UnitOfWork(engine) as uow:
        policy.set_value(uow, cli_actor(), key="interest.deposit_rate", raw="1.20%", effective=date(2025, 3, 1),
                         note="测试：利率调整")
        uow.commit()
    eid = open_employer(engine)
    (a1,) = open_members(engine, eid, 1)
    pay_month(engine, eid, 202501, date(2025, 1, 12))
    pay_month(engine, eid, 202502, date(2025, 4, 1))
    a = acct(engine, a1)
    # 1,200.00 from Jan 12: 48 days at 1.5% to Mar 1, then 31 days at 1.2% to Apr 1.
    assert a.jishu == 120000 * 79
    assert a.jishu_rated == 120000 * (48 * 15000 + 31 * 12000)
