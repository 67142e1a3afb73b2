"""The withdrawal workflow on both databases: application (counter and portal), 复核, 审批 with maker-checker,
payment files and bank results, failures, cancellation, rejection, closing with interest to the day, death
without heirs, fund-loan repayment through the loan interface, fraud, and `anju verify` after each."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from anju.auth.actor import Actor, Channel, Role
from anju.core.errors import AnjuError, Conflict, ErrorCode, Forbidden, ValidationFailed
from anju.core.ids import make_resident_id
from anju.db import UnitOfWork
from anju.deposit.errors import DepositError
from anju.ledger.queries import voucher_with_lines
from anju.ledger.rules import Line, Posting
from anju.ledger.service import post
from anju.policy import service as policy
from anju.registry.tables import member_txn
from anju.transfer.errors import TransferError
from anju.withdrawal import loanport, queries
from anju.withdrawal import service as wd
from anju.withdrawal.codes import Status as S
from anju.withdrawal.errors import WithdrawalError
from anju.withdrawal.rules import FundLoan
from anju.workcal.service import load_calendar
from anju.workflow.errors import WorkflowError
from tests.support.factory import CLERK as ADMIN
from tests.withdrawal.helpers import (
    APPROVER,
    APPROVER_2,
    CLERK,
    DAY,
    FINANCE,
    LOAN_RUN,
    OPENED,
    REVIEWER,
    account,
    apply,
    card,
    failures,
    member,
    member_actor,
    other,
    pay_out,
    rent,
    review_and_approve,
    row,
    step,
)


def txns(engine, account_id: int):
    with engine.connect() as conn:
        return conn.execute(select(member_txn).where(member_txn.c.account_id == account_id)
                            .order_by(member_txn.c.id)).all()


def lines_of(engine, voucher_id: int):
    with engine.connect() as conn:
        _, lines = voucher_with_lines(conn, voucher_id)
    return sorted((ln.account_code, ln.debit, ln.credit) for ln in lines)


class TestRentOnlineToPayment:
    def test_a_member_applies_online_the_counter_decides_and_the_bank_file_posts_it(self, engine):
        acct, pid = member(engine, 1)  # 6 months × 2,000.00 = 12,000.00
        applied = rent(engine, acct, actor=member_actor(pid), requested=300_000)
        assert applied.amount == 300_000 and applied.status == "submitted"
        assert row(engine, applied.id).channel == "member_portal"
        assert review_and_approve(engine, applied.id) == "approved"
        settled = pay_out(engine)
        assert (settled.paid, settled.paid_total, settled.failed) == (1, 300_000, 0)
        assert account(engine, acct).balance == 900_000
        out = txns(engine, acct)[-1]
        assert (out.type, out.amount, out.reason, out.entry_flag) == ("11", -300_000, "07", "01")
        assert lines_of(engine, settled.voucher_id) == [("10101", 0, 300_000), ("201", 300_000, 0)]
        done = row(engine, applied.id)
        assert done.status == "paid" and done.paid_on == DAY and done.txn_id == out.id
        assert failures(engine) == {}

    def test_one_voucher_per_payment_file_for_many_members(self, engine):
        ids = []
        for n in (1, 2, 3):
            acct, _ = member(engine, n)
            ids.append(other(engine, acct, 100_000 * n).id)
        for wid in ids:
            review_and_approve(engine, wid)
        settled = pay_out(engine)
        assert lines_of(engine, settled.voucher_id) == [("10101", 0, 600_000), ("201", 600_000, 0)]
        assert failures(engine) == {}


class TestClosing:
    def test_a_member_short_of_the_statutory_age_is_refused_retirement(self, engine):
        # born 1975-02-07 (person_id(1)), male: original 2035-02, 121 months after 2025-01 → 62 years 7 months
        acct, _ = member(engine, 1)
        with pytest.raises(ValidationFailed) as exc:
            apply(engine, acct, "retire", {"retire_date": "2026-10-01"})
        assert any(p.code == WithdrawalError.NOT_ELIGIBLE  # the verdict's wording is the feature: it names the age
                   and "法定退休年龄62周岁7个月（男职工），法定退休日期2037年9月7日，申请日（2026年10月12日）尚未达到法定退休年龄"
                   in p.message for p in exc.value.problems)

    def test_retirement_settles_interest_to_the_day_and_closes_the_account(self, engine):
        # born 1964-05-01: 60 on 2024-05-01, before the reform
        acct, _ = member(engine, 1, id_number=make_resident_id("430405", date(1964, 5, 1), 1, "1"))
        applied = apply(engine, acct, "retire", {"retire_date": "2026-10-01"})
        assert applied.amount == 1_200_000
        review_and_approve(engine, applied.id)
        settled = pay_out(engine, day=date(2026, 10, 13))
        # 12,000.00 from 2026-07-01 to 2026-10-13 (104 days) × 1.5% ÷ 360 = 52.00
        assert settled.paid_total == 1_205_200
        done = row(engine, applied.id)
        assert (done.amount, done.interest, done.account_status_before) == (1_205_200, 5_200, "01")
        a = account(engine, acct)
        assert (a.balance, a.status, a.closed_on) == (0, "05", date(2026, 10, 13))
        interest, out = txns(engine, acct)[-2:]
        assert (interest.type, interest.amount) == ("09", 5_200)
        assert (out.type, out.amount, out.reason) == ("12", -1_205_200, "03")
        assert failures(engine) == {}

    def test_on_death_the_heir_named_in_the_facts_is_paid(self, engine):
        from tests.support.factory import person_id

        acct, _ = member(engine, 1)
        heir = person_id(77)
        facts = {"death_date": "2026-09-01", "heir_name": "王小", "heir_id_number": heir, "notary_no": "(2026)示证字第2号"}
        with pytest.raises(ValidationFailed) as exc:
            apply(engine, acct, "death_heir", facts, payee=wd.Payee(name="职工1", card_no=card(9), card_bank="农行"))
        assert [(p.code, p.input) for p in exc.value.problems] == [(WithdrawalError.PAYEE_NAME, "payee_name")]
        assert exc.value.problems[0].message == "收款人须为继承人（王小）"  # names the heir the facts give
        applied = apply(engine, acct, "death_heir", facts, payee=wd.Payee(card_no=card(9), card_bank="农业银行"))
        assert (row(engine, applied.id).payee_name, row(engine, applied.id).payee_id_number) == ("王小", heir)
        review_and_approve(engine, applied.id)
        pay_out(engine)
        assert account(engine, acct).status == "05"
        with engine.connect() as conn:
            assert queries.channel_shares(conn, start=DAY, end=date(2026, 10, 13)) == {"counter": 1}
        assert failures(engine) == {}

    def test_death_without_heirs_becomes_value_added_income(self, engine):
        acct, _ = member(engine, 1)
        applied = apply(engine, acct, "death_no_heir", {"death_date": "2026-09-01", "notary_no": "(2026)示证字第1号"},
                        payee=wd.Payee())
        assert review_and_approve(engine, applied.id) == "paid"
        done = row(engine, applied.id)
        assert done.amount == 1_200_000 + done.interest and done.interest > 0
        assert lines_of(engine, done.voucher_id) == [("201", done.amount, 0), ("40105", 0, done.amount)]
        assert account(engine, acct).status == "05"
        assert failures(engine) == {}

    def test_death_without_heirs_of_an_account_emptied_meanwhile_still_writes_its_closing(self, engine):
        from anju.registry.codes import TxnType
        from anju.registry.movements import move
        from anju.registry.service import get_account

        acct, _ = member(engine, 1, months=1)
        applied = apply(engine, acct, "death_no_heir", {"death_date": "2026-09-01", "notary_no": "(2026)示证字第3号"},
                        payee=wd.Payee())
        with UnitOfWork(engine) as uow:  # the only payment was returned to the payer on its own day
            held = get_account(uow.conn, acct)
            vid = post(uow, ADMIN, Posting(key="test:return", voucher_date=OPENED, kind="test.return", summary="误缴退回",
                                           lines=[Line.dr("201", held.balance, subledger="member",
                                                          subledger_ref=held.account_no),
                                                  Line.cr("10101", held.balance)]), check_permission=False).id
            move(uow, account_id=acct, amount=-held.balance, day=OPENED, type_=TxnType.OTHER, voucher_id=vid,
                 ref_type="test", ref_id=0, note="误缴退回")
            uow.commit()
        assert review_and_approve(engine, applied.id) == "paid"
        done = row(engine, applied.id)
        assert (done.amount, done.voucher_id) == (0, None)
        assert account(engine, acct).status == "05"
        last = txns(engine, acct)[-1]
        assert (last.type, last.amount) == (TxnType.CLOSING_WITHDRAWAL.value, 0)  # the closing is the last event
        assert failures(engine) == {}


class TestFailuresAndCancellation:
    def test_a_failed_payment_keeps_its_reservation_and_can_be_resent(self, engine):
        acct, _ = member(engine, 1)
        first = other(engine, acct, 1_000_000)
        review_and_approve(engine, first.id)
        settled = pay_out(engine, failed={first.id: "户名与账号不符"})
        assert (settled.paid, settled.failed, settled.voucher_id) == (0, 1, None)
        failed = row(engine, first.id)
        assert failed.status == "failed" and failed.status_note == "银行支付失败：户名与账号不符"
        assert account(engine, acct).balance == 1_200_000
        with pytest.raises(ValidationFailed) as exc:
            other(engine, acct, 300_000)
        assert any(p.code == WithdrawalError.NOT_ELIGIBLE and "可用 2,000.00 元" in p.message
                   for p in exc.value.problems)
        step(engine, lambda uow, **k: wd.resend(uow, CLERK, **k), withdrawal_id=first.id, as_of=DAY,
             card_no=card(2), card_bank="建设银行")
        assert pay_out(engine, day=date(2026, 10, 13)).paid_total == 1_000_000
        assert account(engine, acct).balance == 200_000
        assert failures(engine) == {}

    def test_cancelling_a_failed_payment_releases_the_money(self, engine):
        acct, pid = member(engine, 1)
        first = other(engine, acct, 1_000_000)
        review_and_approve(engine, first.id)
        pay_out(engine, failed={first.id: "账户已销户"})
        step(engine, lambda uow, **k: wd.cancel(uow, member_actor(pid), **k), withdrawal_id=first.id,
             reason="改日再办", as_of=DAY)
        assert row(engine, first.id).status == "cancelled"
        assert other(engine, acct, 1_200_000).amount == 1_200_000
        assert failures(engine) == {}

    def test_no_cancellation_once_the_file_is_at_the_bank(self, engine):
        acct, _ = member(engine, 1)
        first = other(engine, acct, 100_000)
        review_and_approve(engine, first.id)
        step(engine, lambda uow, **k: wd.create_payout_batch(uow, FINANCE, **k), bank_code="01", pay_day=DAY)
        with pytest.raises(AnjuError) as exc:
            step(engine, lambda uow, **k: wd.cancel(uow, CLERK, **k), withdrawal_id=first.id, reason="x", as_of=DAY)
        assert exc.value.code is WorkflowError.WRONG_STATE
        assert (exc.value.params["status"], exc.value.params["doing"]) == (S.SENT.label, "撤销")

    def test_a_result_file_is_taken_whole_or_not_at_all_and_only_once(self, engine):
        from anju.withdrawal import payout

        acct, _ = member(engine, 1)
        first = other(engine, acct, 100_000)
        review_and_approve(engine, first.id)
        batch = step(engine, lambda uow, **k: wd.create_payout_batch(uow, FINANCE, **k), bank_code="01", pay_day=DAY)
        with engine.connect() as conn:
            (line,) = queries.batch_lines(conn, batch.id)
        bad = f"付款流水号,处理结果,失败原因\r\nXX1,成功,\r\n{line.payment_no},不知道,\r\n".encode()
        with pytest.raises(ValidationFailed) as exc:
            step(engine, lambda uow, **k: wd.load_payout_result(uow, FINANCE, **k), batch_id=batch.id, data=bad,
                 filename="r.csv", as_of=DAY)
        assert [(p.row, p.code) for p in exc.value.problems] == [
            (2, ErrorCode.SHEET_LINE_UNKNOWN), (3, WithdrawalError.RESULT_INVALID)]
        with pytest.raises(ValidationFailed) as exc:
            step(engine, lambda uow, **k: wd.load_payout_result(uow, FINANCE, **k), batch_id=batch.id,
                 data="付款流水号,处理结果\r\n".encode(), filename="r.csv", as_of=DAY)
        assert [(p.code, p.field) for p in exc.value.problems] == [(ErrorCode.SHEET_LINE_UNANSWERED, "付款流水号")]
        good = payout.result_csv([payout.Result(line.payment_no, True, "", "B1")])
        step(engine, lambda uow, **k: wd.load_payout_result(uow, FINANCE, **k), batch_id=batch.id, data=good,
             filename="r.csv", as_of=DAY)
        with pytest.raises(Conflict):
            step(engine, lambda uow, **k: wd.load_payout_result(uow, FINANCE, **k), batch_id=batch.id, data=good,
                 filename="r.csv", as_of=DAY)
        assert account(engine, acct).balance == 1_100_000
        assert failures(engine) == {}


class TestMakerChecker:
    def test_the_maker_cannot_review_or_approve_and_the_reviewer_cannot_approve(self, engine):
        acct, _ = member(engine, 1)
        both = Actor("clerk_a", frozenset({Role.CLERK, Role.REVIEWER, Role.APPROVER}), Channel.COUNTER)
        applied = other(engine, acct, 100_000, actor=both)
        with pytest.raises(Forbidden):
            step(engine, lambda uow, **k: wd.review(uow, both, **k), withdrawal_id=applied.id, as_of=DAY)
        reviewer_approver = Actor("reviewer_a", frozenset({Role.REVIEWER, Role.APPROVER}), Channel.COUNTER)
        step(engine, lambda uow, **k: wd.review(uow, reviewer_approver, **k), withdrawal_id=applied.id, as_of=DAY)
        with pytest.raises(Forbidden):
            step(engine, lambda uow, **k: wd.approve(uow, reviewer_approver, **k), withdrawal_id=applied.id, as_of=DAY)
        with pytest.raises(Forbidden):
            step(engine, lambda uow, **k: wd.approve(uow, both, **k), withdrawal_id=applied.id, as_of=DAY)
        with pytest.raises(Forbidden):
            step(engine, lambda uow, **k: wd.approve(uow, CLERK, **k), withdrawal_id=applied.id, as_of=DAY)
        assert step(engine, lambda uow, **k: wd.approve(uow, APPROVER, **k), withdrawal_id=applied.id,
                    as_of=DAY) == "approved"

    def test_above_the_threshold_two_different_approvers(self, engine):
        with UnitOfWork(engine) as uow:
            policy.set_value(uow, ADMIN, key="approval.withdrawal_second_above", raw="5000.00",
                             effective=date(2026, 7, 1), note="测试：降低双人审批限额")
            uow.commit()
        acct, _ = member(engine, 1)
        small, big = other(engine, acct, 500_000), other(engine, acct, 500_001)
        assert (small.approvals_needed, big.approvals_needed) == (1, 2)
        assert review_and_approve(engine, big.id) == "reviewed"
        with pytest.raises(Forbidden):
            step(engine, lambda uow, **k: wd.approve(uow, APPROVER, **k), withdrawal_id=big.id, as_of=DAY)
        assert step(engine, lambda uow, **k: wd.approve(uow, APPROVER_2, **k), withdrawal_id=big.id,
                    as_of=DAY) == "approved"

    def test_rejection_needs_a_reason_the_member_sees_and_releases_the_money(self, engine):
        acct, pid = member(engine, 1)
        applied = other(engine, acct, 1_200_000)
        with pytest.raises(ValidationFailed):
            step(engine, lambda uow, **k: wd.reject(uow, REVIEWER, **k), withdrawal_id=applied.id, reason=" ",
                 as_of=DAY)
        with pytest.raises(Forbidden):  # an approver does not reject before 复核
            step(engine, lambda uow, **k: wd.reject(uow, APPROVER, **k), withdrawal_id=applied.id, reason="x",
                 as_of=DAY)
        step(engine, lambda uow, **k: wd.reject(uow, REVIEWER, **k), withdrawal_id=applied.id,
             reason="所附证明不属于住房消费", as_of=DAY)
        with engine.connect() as conn:
            mine = wd.get(conn, member_actor(pid), applied.id)
            assert (mine.status, mine.status_note) == ("rejected", "所附证明不属于住房消费")
            with pytest.raises(Forbidden):
                wd.get(conn, member_actor(pid + 1), applied.id)
        assert other(engine, acct, 1_200_000).amount == 1_200_000

    def test_a_member_may_only_apply_online_for_online_kinds_and_only_for_themself(self, engine):
        acct, pid = member(engine, 1)
        other_acct, _ = member(engine, 2)
        with pytest.raises(ValidationFailed) as exc:
            other(engine, acct, 100, actor=member_actor(pid))
        assert exc.value.problems[0].code == WithdrawalError.COUNTER_ONLY
        with pytest.raises(Forbidden):
            rent(engine, other_acct, actor=member_actor(pid))


class TestRefusals:
    def test_an_application_reports_every_problem_at_once_and_records_nothing(self, engine):
        acct, _ = member(engine, 1, months=2)
        with pytest.raises(ValidationFailed) as exc:
            apply(engine, acct, "rent_market", {"children": "二"}, docs=["申请人身份证"],
                  payee=wd.Payee(card_no="6222020200000001", card_bank=""))
        assert [p.code for p in exc.value.problems] == [
            WithdrawalError.FACT_INVALID, ErrorCode.CARD_CHECKSUM, WithdrawalError.PAYEE_BANK_REQUIRED,
            *[WithdrawalError.NOT_ELIGIBLE] * 3]
        assert [p.message for p in exc.value.problems[3:]] == [  # the verdict's wording names what is missing
            "缺少申请要素：房屋坐落",
            "未提交申请材料：无房情况承诺书（本人及配偶）、本人银行卡（一类账户）",
            "近期连续缴存 2 个月（截至2026年08月），须连续缴存满 3 个月"]
        with engine.connect() as conn:
            assert queries.search(conn) == []

    def test_applications_in_progress_reserve_their_amount(self, engine):
        acct, _ = member(engine, 1)
        other(engine, acct, 800_000)
        with pytest.raises(ValidationFailed) as exc:
            other(engine, acct, 500_000)
        assert "账户余额 12,000.00 元，其中 8,000.00 元已由未办结的提取申请占用，可用 4,000.00 元" in \
            [str(p) for p in exc.value.problems][0]

    def test_a_contribution_refund_cannot_take_what_an_application_holds(self, engine):
        from anju.deposit import service as deposit
        from anju.deposit.tables import remittance

        acct, _ = member(engine, 1)  # 6 months × 2,000.00 paid on 2026-07-01
        held = other(engine, acct, 800_000)
        with engine.connect() as conn:
            rid = conn.execute(select(remittance.c.id)).scalar_one()
        fid = step(engine, lambda uow, **k: deposit.apply_refund(uow, ADMIN, **k), remittance_id=rid, reason="误缴")
        with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
            deposit.decide_refund(uow, APPROVER, refund_id=fid, approve=True, note="同意", refund_on=DAY)
        [problem] = exc.value.problems
        assert problem.code == DepositError.REFUND_LEAVES_RESERVATIONS
        assert "余额12,000.00元，退缴12,000.00元后不足以保留1笔未办结提取申请占用的8,000.00元" in problem.message
        assert account(engine, acct).balance == 1_200_000  # nothing posted
        step(engine, lambda uow, **k: wd.cancel(uow, CLERK, **k), withdrawal_id=held.id, reason="职工撤回", as_of=DAY)
        step(engine, lambda uow, **k: deposit.decide_refund(uow, APPROVER, **k), refund_id=fid, approve=True,
             note="同意", refund_on=DAY)
        assert account(engine, acct).balance == 0
        assert failures(engine) == {}


class TestHomesAndFraud:
    purchase = {"property_address": "示例市蒸湘区解放大道1号3栋501室", "contract_no": "WQ2026-0001",
                "contract_date": "2026-08-01", "price": "500000", "loan_amount": "400000"}

    def test_the_same_home_used_by_a_stranger_is_shown_to_the_reviewer(self, engine):
        a, _ = member(engine, 1, name="张三")
        b, _ = member(engine, 2)
        apply(engine, a, "purchase_new", self.purchase)
        second = apply(engine, b, "purchase_new", {**self.purchase, "property_address": "示例市蒸湘区解放大道1号3幢501"})
        codes = [s.code for s in second.assessment.signals]
        assert "property_shared" in codes
        text = next(s.text for s in second.assessment.signals if s.code == "property_shared")
        assert text.startswith("同一房屋已被他人使用：张三于2026年10月12日办理提取（TQ0000000001，")
        with engine.connect() as conn:
            uses = queries.property_uses(conn, contract_no="wq 2026 0001")
        assert [u.ref_label for u in uses] == ["TQ0000000001", "TQ0000000002"]

    def test_a_declared_home_refuses_rent_and_a_cancelled_contract_is_flagged(self, engine):
        acct, pid = member(engine, 1)
        step(engine, lambda uow, **k: wd.declare_home(uow, CLERK, **k), person_id=pid, address="示例市石鼓区1号",
             from_day=date(2020, 1, 1), as_of=DAY)
        with pytest.raises(ValidationFailed) as exc:
            rent(engine, acct)
        assert ("本人名下有住房（示例市石鼓区1号），不能按租房提取", WithdrawalError.NOT_ELIGIBLE) in \
            [(p.message, p.code) for p in exc.value.problems]
        bought = apply(engine, acct, "purchase_new", self.purchase)
        step(engine, lambda uow, **k: wd.record_contract_cancelled(uow, CLERK, **k),
             property_id=row(engine, bought.id).property_id, on=date(2026, 10, 13), note="网签注销")
        step(engine, lambda uow, **k: wd.review(uow, REVIEWER, **k), withdrawal_id=bought.id, as_of=DAY)
        with engine.connect() as conn:
            signals = queries.detail(conn, bought.id).signals
        assert {"contract_cancelled", "early_withdrawal"} <= {s["code"] for s in signals}

    def test_fraud_reverses_a_paid_withdrawal_and_bans_the_member(self, engine):
        acct, pid = member(engine, 1)
        applied = rent(engine, acct, requested=300_000)
        review_and_approve(engine, applied.id)
        pay_out(engine)
        until = step(engine, lambda uow, **k: wd.mark_fraud(uow, REVIEWER, **k), withdrawal_id=applied.id,
                     note="租赁合同系伪造", as_of=date(2026, 10, 20))
        assert until == date(2029, 10, 20)
        done = row(engine, applied.id)
        assert done.status == "fraud"
        assert lines_of(engine, done.fraud_voucher_id) == [("10101", 300_000, 0), ("201", 0, 300_000)]
        back = txns(engine, acct)[-1]
        assert (back.type, back.amount, back.entry_flag, back.reason) == ("11", 300_000, "02", "07")
        assert account(engine, acct).balance == 1_200_000
        with pytest.raises(ValidationFailed) as exc:
            rent(engine, acct, day=date(2026, 10, 21))
        assert exc.value.problems[0].message.startswith("因2026年10月20日认定骗取住房公积金，2029年10月20日前不得提取")
        with engine.connect() as conn:
            assert queries.active_ban(conn, pid, date(2029, 10, 19)) is not None
            assert queries.active_ban(conn, pid, date(2029, 10, 20)) is None
        assert failures(engine) == {}

    def test_fraud_on_a_closing_withdrawal_reopens_the_account(self, engine):
        acct, _ = member(engine, 1)
        applied = apply(engine, acct, "emigrate", {"emigrate_date": "2026-09-30"})
        review_and_approve(engine, applied.id)
        pay_out(engine)
        step(engine, lambda uow, **k: wd.mark_fraud(uow, REVIEWER, **k), withdrawal_id=applied.id,
             note="并未出境定居", as_of=date(2026, 10, 20))
        a = account(engine, acct)
        assert (a.status, a.closed_on, a.balance) == ("01", None, row(engine, applied.id).amount)
        assert failures(engine) == {}


class FakeLoans:
    """The loan area's side of the interface, as the loan branch will provide it. It books the loan side to 119
    (not to 121, whose balance must equal the real loans' sub-ledger); tests/loan exercises the real port."""

    def __init__(self, borrower: int) -> None:
        self.loan = FundLoan("JK2024-0001", frozenset({borrower}), outstanding=5_000_000, instalment=150_000,
                             repaid_12m=1_800_000)
        self.applied: list = []

    def find(self, conn, *, loan_ref, as_of):
        return self.loan if loan_ref == self.loan.ref else None

    def apply(self, uow, actor, repayment):
        self.applied.append(repayment)
        return post(uow, actor, Posting(key=repayment.key, voucher_date=repayment.day, kind="loan.withdrawal",
                                        summary=repayment.summary, lines=[
            Line.dr("201", repayment.amount, subledger="member", subledger_ref=repayment.account_no),
            Line.cr("119", repayment.amount)]), check_permission=False).id

    def reverse(self, uow, actor, repayment, *, voucher_id, day, reason):
        return post(uow, actor, Posting(key=f"{repayment.key}:reverse", voucher_date=day, kind="loan.withdrawal",
                                        summary=reason, lines=[
            Line.dr("119", repayment.amount),
            Line.cr("201", repayment.amount, subledger="member", subledger_ref=repayment.account_no)]),
            check_permission=False).id


@pytest.fixture
def loans():
    """No loan area for this test (the port as connected at start-up is put back afterwards)."""
    connected = loanport.port()
    loanport.unregister()
    yield
    if connected.connected:
        loanport.register(connected)


class TestFundLoanRepayment:
    facts = {"loan_contract_no": "JK2024-0001"}

    def test_without_the_loan_area_the_refusal_says_so(self, engine, loans):
        acct, _ = member(engine, 1)
        with pytest.raises(ValidationFailed) as exc:
            apply(engine, acct, "repay_fund_once", self.facts)
        assert "未找到借款合同编号为JK2024-0001的住房公积金贷款（或贷款模块尚未接入）" in \
            [p.message for p in exc.value.problems]

    def test_a_yearly_repayment_is_applied_to_the_loan_on_approval(self, engine, loans):
        acct, pid = member(engine, 1)
        fake = FakeLoans(pid)
        loanport.register(fake)
        applied = apply(engine, acct, "repay_fund_yearly", self.facts)
        assert applied.amount == 1_200_000  # the balance binds (repaid 18,000.00)
        assert review_and_approve(engine, applied.id) == "paid"
        (rep,) = fake.applied
        assert (rep.amount, rep.mode, rep.loan_ref) == (1_200_000, "yearly", "JK2024-0001")
        out = txns(engine, acct)[-1]
        assert (out.type, out.amount, out.reason) == ("11", -1_200_000, "06")
        assert failures(engine) == {}

    def test_monthly_offset_is_an_agreement_the_loan_run_draws_on(self, engine, loans):
        acct, pid = member(engine, 1)
        loanport.register(FakeLoans(pid))
        agreement = apply(engine, acct, "repay_fund_monthly", self.facts, actor=member_actor(pid))
        assert agreement.amount == 0
        assert review_and_approve(engine, agreement.id) == "agreed"
        offset = lambda day: step(engine, lambda uow, **k: wd.offset_instalment(uow, LOAN_RUN, **k),  # noqa: E731
                                  agreement_id=agreement.id, amount=150_000, day=day)
        assert offset(date(2026, 11, 1)) == 150_000
        assert offset(date(2026, 11, 1)) == 150_000  # the same run again takes nothing more
        assert account(engine, acct).balance == 1_050_000
        with pytest.raises(ValidationFailed):
            apply(engine, acct, "repay_fund_monthly", self.facts)
        assert failures(engine) == {}


class TestQueue:
    def test_ageing_counts_working_days_and_flags_the_overdue(self, engine):
        acct, _ = member(engine, 1)
        monday = date(2026, 11, 2)
        applied = other(engine, acct, 100_000, day=monday)
        with engine.connect() as conn:
            cal = load_calendar(conn)
            (item,) = queries.queue(conn, as_of=date(2026, 11, 5), calendar=cal)
            assert (item.deadline, item.elapsed, item.left, item.overdue) == (date(2026, 11, 5), 3, 0, False)
            (late,) = queries.queue(conn, as_of=date(2026, 11, 9), calendar=cal)
            assert (late.elapsed, late.left, late.overdue) == (5, -2, True)
        assert row(engine, applied.id).deadline == date(2026, 11, 5)


def test_no_transfer_out_while_a_withdrawal_holds_money(engine):
    from anju.registry import service as registry
    from anju.transfer.service import transfer_out

    acct, _ = member(engine, 1)
    applied = other(engine, acct, 100_000)
    with UnitOfWork(engine) as uow:
        registry.seal(uow, ADMIN, account_id=acct, reason="停止缴存", as_of=DAY)
        uow.commit()
    go = dict(account_id=acct, day=DAY, to_centre="长沙市住房公积金管理中心", letter_no="LXH-1", bank_code="01")
    with pytest.raises(AnjuError) as exc:
        step(engine, lambda uow, **k: transfer_out(uow, ADMIN, **k), **go)
    assert exc.value.code is TransferError.WITHDRAWALS_PENDING
    assert exc.value.params == {"count": 1, "amount": "1,000.00"}
    step(engine, lambda uow, **k: wd.cancel(uow, CLERK, **k), withdrawal_id=applied.id, reason="改为转出", as_of=DAY)
    assert step(engine, lambda uow, **k: transfer_out(uow, ADMIN, **k), **go) == 1_205_150  # with interest to the day
    assert failures(engine) == {}
