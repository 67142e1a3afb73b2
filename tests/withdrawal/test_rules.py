"""Eligibility per reason, from the sample centre's policy: limits, frequencies, family totals, the cap and the
period edge exactly, a policy change mid-year, the 2026 switch, and refusals that explain themselves (pure)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from anju.core.dates import add_months, month_range
from anju.policy.loader import merged_at, parse_centre_text
from anju.policy.service import SAMPLE_CENTRE
from anju.policy.store import Policy
from anju.registry.property import normalise_address, normalise_number
from anju.withdrawal.codes import KINDS
from anju.withdrawal.rules import (
    MISSING,
    Ban,
    Case,
    FraudContext,
    FundLoan,
    General,
    Home,
    Member,
    Past,
    PropertyUse,
    Rules,
    continuous_months,
    fraud_signals,
    parse_facts,
    period_window,
)
from anju.withdrawal.rules import assess as _assess

CENTRE, _problems = parse_centre_text(SAMPLE_CENTRE.read_text(encoding="utf-8"))
SWITCH = date(2026, 9, 20)


def policy(day: date) -> Policy:
    return Policy(day, merged_at(CENTRE.changes, day))


def rules_of(kind: str, day: date) -> Rules:
    return Rules.of(policy(day)[f"withdrawal.reason.{kind}"])


GENERAL = General.of(policy(date(2026, 10, 1)))
ME, SPOUSE = 1, 2


def member(**kw) -> Member:
    base = dict(person_id=ME, spouse_id=SPOUSE, account_no="10000000017", status="01", status_date=date(2024, 1, 1),
                frozen=False, balance=5_000_000, reserved=0, paid_months=tuple(month_range(202401, 202609)),
                family_income=1_000_000)
    base.update(kw)
    return Member(**base)


def past(kind: str, day: date, amount: int, *, person: int = ME, status: str = "paid", property_id=None,
         loan_ref=None, n: int = 0) -> Past:
    return Past(n or hash((kind, day, amount, person)) % 10_000, person, kind, KINDS[kind].reason.value, day, amount,
                status, property_id, loan_ref)


RENT_2026 = {"property_address": "示例市蒸湘区解放大道8号", "children": 0}


def check(kind: str, day: date, facts: dict | None = None, *, who: Member | None = None, rules: Rules | None = None,
          documents=None, requested=None, loan=None, loan_ratio=None, property_id=None, **kw):
    r = rules or rules_of(kind, day)
    case = Case(kind=kind, as_of=day, facts=facts if facts is not None else {},
                documents=frozenset(r.documents if documents is None else documents), requested=requested,
                property_id=property_id, loan=loan, loan_ratio=loan_ratio)
    return _assess(case, who or member(), r, GENERAL, **kw)


def yuan(n: int) -> int:
    return n * 100


class TestRentFrequencyAndCaps:
    day = date(2026, 10, 15)

    def test_three_of_four_times_used_leaves_the_rest_of_the_yearly_cap(self):
        history = [past("rent_market", date(2026, m, 5), yuan(3400), n=m) for m in (1, 4, 7)]
        e = check("rent_market", self.day, RENT_2026, history=history)
        assert e.allowed and e.max_amount == yuan(1800)
        text = "；".join(e.explanation())
        assert "本年度已提取租房 3 次，上限 4 次；" in text
        assert text.endswith("本次最多可提取 1,800.00 元")

    def test_the_fourth_time_is_the_last(self):
        history = [past("rent_market", date(2026, m, 5), yuan(1000), n=m) for m in (1, 4, 7, 9)]
        e = check("rent_market", self.day, RENT_2026, history=history)
        assert not e.allowed
        assert "本年度已提取租房 4 次，上限 4 次" in e.refusals

    def test_exactly_at_the_cap_nothing_is_left(self):
        history = [past("rent_market", date(2026, 3, 5), yuan(12000))]
        e = check("rent_market", self.day, RENT_2026, history=history)
        assert not e.allowed and e.max_amount == 0
        assert any("尚可提取 0.00 元，本次不能再提取" in r for r in e.refusals)

    def test_one_fen_below_the_cap_one_fen_is_left(self):
        history = [past("rent_market", date(2026, 3, 5), yuan(12000) - 1)]
        e = check("rent_market", self.day, RENT_2026, history=history)
        assert e.allowed and e.max_amount == 1

    def test_a_withdrawal_on_december_31_counts_for_that_year_only(self):
        history = [past("rent_market", date(2026, 12, 31), yuan(12000))]
        who = member(paid_months=tuple(month_range(202401, 202612)))
        assert not check("rent_market", date(2026, 12, 31), RENT_2026, history=history, who=who).allowed
        e = check("rent_market", date(2027, 1, 1), RENT_2026, history=history, who=who)
        assert e.allowed and e.max_amount == yuan(12000)

    def test_rejected_and_cancelled_applications_do_not_count_but_pending_ones_do(self):
        history = [past("rent_market", date(2026, 2, 1), yuan(5000), status="rejected", n=1),
                   past("rent_market", date(2026, 3, 1), yuan(5000), status="cancelled", n=2),
                   past("rent_market", date(2026, 4, 1), yuan(5000), status="submitted", n=3)]
        e = check("rent_market", self.day, RENT_2026, history=history)
        assert e.max_amount == yuan(7000)
        assert "本年度已提取租房 1 次，上限 4 次" in e.notes

    def test_the_family_cap_counts_the_spouse(self):
        tight = replace(rules_of("rent_market", self.day), cap_family=yuan(20000))
        history = [past("rent_market", date(2026, 2, 1), yuan(12000), person=SPOUSE),
                   past("rent_market", date(2026, 2, 1), yuan(6000))]
        e = check("rent_market", self.day, RENT_2026, rules=tight, history=history)
        assert e.max_amount == yuan(2000)
        assert e.binding.name == "cap_family"
        assert "每户（本人及配偶）本年度限额 20,000.00 元" in e.binding.text

    def test_the_spouse_does_not_use_up_the_members_own_times(self):
        history = [past("rent_market", date(2026, m, 1), yuan(100), person=SPOUSE, n=m) for m in (1, 2, 3, 4)]
        assert check("rent_market", self.day, RENT_2026, history=history).allowed

    def test_a_multi_child_family_gets_the_uplift(self):
        e = check("rent_market", self.day, {**RENT_2026, "children": 2})
        assert e.max_amount == yuan(18000)
        assert "多子女家庭上浮 1.5 倍为 18,000.00 元" in e.limits[0].text
        assert check("rent_market", self.day, {**RENT_2026, "children": 1}).max_amount == yuan(12000)

    def test_a_home_owned_by_the_spouse_refuses_rent(self):
        homes = [Home(SPOUSE, 7, "示例市雁峰区1号", date(2020, 1, 1))]
        e = check("rent_market", self.day, RENT_2026, homes=homes)
        assert "配偶名下有住房（示例市雁峰区1号），不能按租房提取" in e.refusals
        sold = [Home(SPOUSE, 7, "示例市雁峰区1号", date(2020, 1, 1), date(2026, 1, 1))]
        assert check("rent_market", self.day, RENT_2026, homes=sold).allowed

    def test_three_months_in_a_row_are_needed(self):
        e = check("rent_market", self.day, RENT_2026, who=member(paid_months=(202608, 202609)))
        assert "近期连续缴存 2 个月（截至2026年09月），须连续缴存满 3 个月" in e.refusals
        gap = (202606, 202607, 202609)
        assert not check("rent_market", self.day, RENT_2026, who=member(paid_months=gap)).allowed
        assert check("rent_market", self.day, RENT_2026, who=member(paid_months=(202607, 202608, 202609))).allowed

    def test_old_contributions_are_not_continuous_now(self):
        assert continuous_months(tuple(month_range(202301, 202312)), date(2026, 10, 1)) == (0, 202312)
        assert continuous_months((202608, 202609, 202610), date(2026, 10, 1)) == (3, 202610)

    def test_a_filed_lease_is_bounded_by_the_rent_actually_paid(self):
        facts = {"monthly_rent": yuan(800), "lease_no": "备2026-1", "lease_start": date(2026, 1, 1), **RENT_2026}
        history = [past("rent_filed", date(2026, 3, 1), yuan(6000))]
        e = check("rent_filed", self.day, facts, history=history)
        assert e.max_amount == yuan(3600)
        assert e.binding.text.startswith("月租金 800.00 元 × 12 个月，本年度已提取 6,000.00 元")

    def test_the_available_balance_bounds_and_reservations_are_shown(self):
        e = check("rent_market", self.day, RENT_2026, who=member(balance=yuan(5000), reserved=yuan(4000)))
        assert e.max_amount == yuan(1000)
        assert e.binding.text == "账户余额 5,000.00 元，其中 4,000.00 元已由未办结的提取申请占用，可用 1,000.00 元"

    def test_a_request_above_the_maximum_is_refused_and_at_it_is_taken(self):
        history = [past("rent_market", date(2026, 3, 5), yuan(10200))]
        over = check("rent_market", self.day, RENT_2026, history=history, requested=yuan(1800) + 1)
        assert over.refusals == ("申请提取 1,800.01 元，超过本次最多可提取的 1,800.00 元（租房提取每人本年度限额 12,000.00 元，"
                                 "本年度已提取 10,200.00 元，尚可提取 1,800.00 元）",)
        exact = check("rent_market", self.day, RENT_2026, history=history, requested=yuan(1800))
        assert exact.allowed and exact.amount == yuan(1800)
        less = check("rent_market", self.day, RENT_2026, history=history, requested=yuan(500))
        assert less.amount == yuan(500) and less.max_amount == yuan(1800)


class TestPolicyOverTime:
    def test_a_cap_raised_mid_year_counts_what_was_taken_under_the_old_cap(self):
        facts = {"monthly_rent": yuan(1500), "property_address": "示例市1号", "children": 0}
        history = [past("rent_market", date(2023, 3, 1), yuan(9600))]
        june = check("rent_market", date(2023, 6, 30), facts, history=history)
        assert not june.allowed and june.max_amount == 0
        july = check("rent_market", date(2023, 7, 1), facts, history=history)
        assert july.allowed and july.max_amount == yuan(2400)
        assert "限额 12,000.00 元" in july.limits[0].text

    def test_before_the_switch_rent_must_exceed_a_share_of_family_income(self):
        day = SWITCH.replace(day=19)
        low = {"monthly_rent": yuan(500), "property_address": "示例市1号", "children": 0}
        e = check("rent_market", day, low)
        assert "月租金 500.00 元 未超过家庭月工资收入 10,000.00 元 的 5%（500.00 元）" in e.refusals
        assert check("rent_market", day, {**low, "monthly_rent": yuan(500) + 1}).allowed
        unknown = check("rent_market", day, {**low, "monthly_rent": yuan(900)}, who=member(family_income=None))
        assert "未登记家庭月工资收入，无法核定房租是否超出收入的规定比例" in unknown.refusals

    def test_from_the_switch_rent_needs_no_income_test_and_no_rent_figure(self):
        assert "monthly_rent" in rules_of("rent_market", SWITCH.replace(day=19)).facts
        assert "monthly_rent" not in rules_of("rent_market", SWITCH).facts
        assert check("rent_market", SWITCH, RENT_2026, who=member(family_income=None)).allowed

    @pytest.mark.parametrize("kind, before, after", [
        ("decoration", False, True), ("property_fee", False, True), ("illness", True, False),
        ("rent_market", True, True), ("retire", True, True), ("purchase_new", True, True)])
    def test_the_2026_list_applies_to_applications_from_september_20(self, kind, before, after):
        assert rules_of(kind, SWITCH.replace(day=19)).allowed is before
        assert rules_of(kind, SWITCH).allowed is after

    def test_a_case_not_in_the_list_says_which_list(self):
        facts = {"property_address": "示例市1号", "certificate_no": "湘2026-1", "cost": yuan(30000),
                 "invoice_date": date(2026, 9, 1)}
        e = check("decoration", SWITCH.replace(day=19), facts)
        assert e.refusals[0].startswith("“装修自住住房”不在2026年9月19日适用的提取情形之内（2019年条例未列入")
        assert check("decoration", SWITCH, facts).allowed

    def test_every_kind_has_rules_at_every_date(self):
        for day in (date(2015, 8, 26), date(2023, 7, 1), SWITCH):
            for kind in KINDS:
                rules_of(kind, day)


class TestPurchaseAndCosts:
    day = date(2026, 10, 15)
    facts = {"property_address": "示例市蒸湘区解放大道1号3栋501", "contract_no": "WQ2026-001",
             "contract_date": date(2025, 10, 16), "price": yuan(1_000_000), "loan_amount": yuan(700_000)}

    def test_price_less_loans_less_what_the_family_already_took_for_this_home(self):
        prior = [past("purchase_new", date(2025, 11, 1), yuan(100_000), person=SPOUSE, property_id=9)]
        e = check("purchase_new", self.day, self.facts, who=member(balance=yuan(500_000)), property_history=prior,
                  property_id=9)
        assert e.max_amount == yuan(200_000)
        assert e.binding.text == ("房屋总价 1,000,000.00 元，减购房贷款 700,000.00 元，减已为该房屋提取 100,000.00 元，"
                                  "尚可提取 200,000.00 元")

    def test_within_24_months_of_the_contract_to_the_day(self):
        assert check("purchase_new", date(2027, 10, 15), self.facts).allowed
        late = check("purchase_new", date(2027, 10, 16), self.facts)
        assert any("须在合同签订日期后 24 个月内申请" in r for r in late.refusals)

    def test_a_contract_dated_after_the_application_is_refused(self):
        e = check("purchase_new", self.day, {**self.facts, "contract_date": date(2026, 10, 16)})
        assert "合同签订日期（2026年10月16日）不能晚于申请日" in e.refusals

    def test_property_fee_family_cap_shared_with_the_spouse(self):
        facts = {"property_address": "示例市1号", "certificate_no": "湘2026-1", "cost": yuan(5000),
                 "invoice_date": date(2026, 10, 1)}
        history = [past("property_fee", date(2026, 10, 2), yuan(2000), person=SPOUSE)]
        e = check("property_fee", self.day, facts, history=history)
        assert e.max_amount == yuan(1000) and e.binding.name == "cap_family"

    def test_the_cost_of_an_elevator_share_bounds_it(self):
        facts = {"property_address": "示例市1号", "certificate_no": "湘2020-1", "cost": yuan(23456),
                 "invoice_date": date(2026, 9, 1), "owner_name": "父亲", "owner_id_number": "x"}
        e = check("elevator_parents", self.day, facts)
        assert e.max_amount == yuan(23456)

    def test_intergenerational_help_stops_when_the_loan_ratio_is_high(self):
        facts = {**self.facts, "owner_name": "子女", "owner_id_number": "x"}
        e = check("intergen_children", self.day, facts, loan_ratio=Decimal("0.9123"))
        assert "中心个贷率 91.23% 已达到 90%，暂停办理“代际互助：支持子女购房”" in e.refusals
        assert check("intergen_children", self.day, facts, loan_ratio=Decimal("0.85")).allowed


class TestClosingWithdrawals:
    day = date(2026, 10, 15)

    def test_retirement_takes_the_whole_balance(self):
        e = check("retire", self.day, {"retire_date": date(2026, 10, 1)})
        assert e.allowed and e.closes and e.max_amount == 5_000_000
        assert e.summary == "本次可提取账户全部余额 50,000.00 元，另加结息至支付日，并办理销户"

    def test_a_member_born_1990_cannot_withdraw_for_retirement(self):
        # Man born 1990-05-01: 63 (born after 1976-08) on 2053-05-01; before the audit he got the whole balance.
        young = member(birth_date=date(1990, 5, 1), sex="1")
        e = check("retire", self.day, {"retire_date": date(2026, 10, 1)}, who=young,
                  documents=["申请人身份证", "退休证或离退休审批表", "本人银行卡（一类账户）"])
        assert not e.allowed and e.amount == 0
        assert ("申请人法定退休年龄63周岁（男职工），法定退休日期2053年5月1日，申请日（2026年10月15日）尚未达到法定退休年龄；"
                "提前退休（特殊工种、因病）须提交提前退休审批表（特殊工种或因病）") in e.refusals

    def test_early_retirement_with_its_document_is_flagged_to_the_reviewer(self):
        young = member(birth_date=date(1990, 5, 1), sex="1")
        docs = ["申请人身份证", "退休证或离退休审批表", "本人银行卡（一类账户）", "提前退休审批表（特殊工种或因病）"]
        e = check("retire", self.day, {"retire_date": date(2026, 10, 1)}, who=young, documents=docs)
        assert e.allowed and e.max_amount == 5_000_000
        assert ("提前退休：申请人法定退休年龄63周岁（男职工），法定退休日期2053年5月1日，申请日尚未达到；"
                "已提交提前退休审批表（特殊工种或因病），请复核人核实提前退休（特殊工种、因病）的审批手续") in e.notes

    def test_the_statutory_date_under_the_reform_to_the_day(self):
        # Man born 1965-06-10: original 2025-06, 5 months after 2025-01: 5 // 4 + 1 = 2 → 60 years 2 months,
        # 2025-08-10. Woman born 1975-08-20 (worker by default): original 2025-08, 7 // 2 + 1 = 4 → 2025-12-20.
        docs = ["申请人身份证", "退休证或离退休审批表", "本人银行卡（一类账户）"]
        man = member(birth_date=date(1965, 6, 10), sex="1")
        assert not check("retire", date(2025, 8, 9), {"retire_date": date(2025, 8, 9)}, who=man, documents=docs,
                         rules=rules_of("retire", date(2025, 8, 9))).allowed
        e = check("retire", date(2025, 8, 10), {"retire_date": date(2025, 8, 10)}, who=man, documents=docs,
                  rules=rules_of("retire", date(2025, 8, 10)))
        assert e.allowed
        assert "申请人法定退休年龄60周岁2个月（男职工），法定退休日期2025年8月10日，申请日已达到法定退休年龄" in e.notes
        woman = member(birth_date=date(1975, 8, 20), sex="2")
        assert not check("retire", date(2025, 12, 19), {"retire_date": date(2025, 12, 1)}, who=woman,
                         documents=docs, rules=rules_of("retire", date(2025, 12, 19))).allowed
        e = check("retire", date(2025, 12, 20), {"retire_date": date(2025, 12, 20)}, who=woman, documents=docs,
                  rules=rules_of("retire", date(2025, 12, 20)))
        assert e.allowed
        # a cadre would retire at 56 years 5 months (born 1975-08: original 2030-08, 67 // 4 + 1 = 17 months)
        assert "请复核人核实申请人身份：如为女干部，法定退休年龄56周岁5个月（女干部），法定退休日期2032年1月20日，申请日尚未达到" \
            in e.notes

    def test_no_closing_while_another_withdrawal_is_in_progress(self):
        e = check("retire", self.day, {"retire_date": date(2026, 10, 1)}, who=member(in_progress=1, reserved=100))
        assert "账户有 1 笔未办结的提取申请，须办结或撤销后方可销户提取" in e.refusals

    def test_no_partial_withdrawal_while_the_account_is_being_closed(self):
        e = check("rent_market", self.day, RENT_2026, who=member(closing_in_progress=True))
        assert "账户正在办理销户提取，不能再申请部分提取" in e.refusals

    def test_a_sealed_leaver_waits_six_months_to_the_day(self):
        sealed = member(status="02", status_date=date(2026, 4, 15))
        assert not check("sealed_leaver", date(2026, 10, 14), who=sealed).allowed
        assert check("sealed_leaver", date(2026, 10, 15), who=sealed).allowed
        e = check("sealed_leaver", self.day, who=member())
        assert e.refusals == ("账户未封存（正常），离职封存满 6 个月后方可申请",)


class TestLoans:
    day = date(2026, 10, 15)
    loan = FundLoan("JK2020-0001", frozenset({ME}), outstanding=yuan(300_000), instalment=yuan(2500),
                    repaid_12m=yuan(30_000))

    def test_one_off_repayment_is_bounded_by_the_principal_outstanding(self):
        e = check("repay_fund_once", self.day, {"loan_contract_no": "JK2020-0001"}, loan=self.loan,
                  who=member(balance=yuan(400_000)))
        assert e.max_amount == yuan(300_000)

    def test_yearly_repayment_by_what_was_repaid_and_once_a_year(self):
        e = check("repay_fund_yearly", self.day, {"loan_contract_no": "JK2020-0001"}, loan=self.loan)
        assert e.max_amount == yuan(30_000)
        again = check("repay_fund_yearly", self.day, {"loan_contract_no": "JK2020-0001"}, loan=self.loan,
                      history=[past("repay_fund_yearly", date(2026, 2, 1), yuan(30_000))])
        assert "本年度已提取还贷 1 次，上限 1 次" in again.refusals

    def test_someone_elses_loan_or_no_loan_is_refused(self):
        other = replace(self.loan, borrower_ids=frozenset({99}))
        e = check("repay_fund_once", self.day, {"loan_contract_no": "JK2020-0001"}, loan=other)
        assert "申请人及其配偶不是借款合同JK2020-0001的借款人或共同借款人" in e.refusals
        none = check("repay_fund_once", self.day, {"loan_contract_no": "JK0"})
        assert "未找到借款合同编号为JK0的住房公积金贷款（或贷款模块尚未接入）" in none.refusals

    def test_a_monthly_offset_agreement_only_once_per_loan(self):
        e = check("repay_fund_monthly", self.day, {"loan_contract_no": "JK2020-0001"}, loan=self.loan)
        assert e.allowed and e.max_amount == yuan(2500)
        twice = check("repay_fund_monthly", self.day, {"loan_contract_no": "JK2020-0001"}, loan=self.loan,
                      history=[past("repay_fund_monthly", date(2026, 1, 5), 0, status="agreed",
                                    loan_ref="JK2020-0001")])
        assert twice.refusals == ("借款合同JK2020-0001已于2026年1月5日签订按月对冲还贷协议，不能重复签订",)

    def test_a_commercial_loan_by_the_banks_figures(self):
        facts = {"loan_contract_no": "ICBC-1", "loan_bank": "工商银行", "loan_balance": yuan(30_000),
                 "property_address": "示例市1号"}
        assert check("repay_commercial_once", self.day, facts).max_amount == yuan(30_000)
        assert check("repay_commercial_once", self.day, {**facts, "loan_balance": yuan(80_000)}).max_amount == yuan(50_000)


class TestEveryRefusalExplainsItself:
    def test_a_closed_frozen_banned_account_lists_every_reason_at_once(self):
        who = member(status="05", frozen=True, freeze_reason="法院协助冻结", paid_months=())
        bans = [Ban(ME, date(2026, 1, 1), date(2029, 1, 1), "TQ1：伪造租赁合同")]
        e = check("rent_market", date(2026, 10, 15), RENT_2026, who=who, bans=bans, documents=())
        assert not e.allowed
        assert e.refusals == (
            "未提交申请材料：申请人身份证、无房情况承诺书（本人及配偶）、本人银行卡（一类账户）",
            "账户10000000017已销户（提取销户），不能提取",
            "账户已冻结（法院协助冻结），不能提取",
            "因2026年1月1日认定骗取住房公积金，2029年1月1日前不得提取（TQ1：伪造租赁合同）",
            "近期连续缴存 0 个月，须连续缴存满 3 个月")
        assert e.explanation()[-1] == "本次不能提取"

    @pytest.mark.parametrize("kind", sorted(KINDS))
    def test_every_kind_refused_on_an_empty_application_says_why_in_chinese(self, kind):
        r = rules_of(kind, SWITCH)
        missing = [f for f in r.facts]
        e = check(kind, SWITCH, {}, who=member(status="05"), documents=(), missing_facts=missing)
        assert not e.allowed and e.refusals
        for text in e.refusals:
            assert any("\u4e00" <= c <= "\u9fff" for c in text), text
        if r.facts:
            assert any(t.startswith("缺少申请要素：") for t in e.refusals)


class TestFacts:
    def test_facts_are_parsed_and_every_problem_reported(self):
        r = rules_of("purchase_new", SWITCH)
        facts, problems = parse_facts("purchase_new", r, {"property_address": "1号", "contract_no": "A",
                                                          "contract_date": "2026年2月30日", "price": "12.345",
                                                          "loan_amount": "-5"}, as_of=SWITCH)
        assert facts == {"property_address": "1号", "contract_no": "A"}
        assert [p.input for p in problems] == ["contract_date", "price", "loan_amount"]
        facts, problems = parse_facts("purchase_new", r, {}, as_of=SWITCH)
        assert [(p.code, p.input) for p in problems][:2] == [(MISSING, "property_address"), (MISSING, "contract_no")]


class TestPeriods:
    @pytest.mark.parametrize("period, day, start, end", [
        ("month", date(2026, 2, 28), date(2026, 2, 1), date(2026, 3, 1)),
        ("quarter", date(2026, 12, 31), date(2026, 10, 1), date(2027, 1, 1)),
        ("quarter", date(2026, 4, 1), date(2026, 4, 1), date(2026, 7, 1)),
        ("year", date(2026, 1, 1), date(2026, 1, 1), date(2027, 1, 1)),
    ])
    def test_windows_are_half_open(self, period, day, start, end):
        assert period_window(period, day) == (start, end)


class TestFraudSignals:
    day = date(2026, 10, 15)

    def ctx(self, **kw):
        base = dict(kind="purchase_new", as_of=self.day, member=member(), amount=yuan(100_000))
        base.update(kw)
        return FraudContext(**base)

    def test_a_home_used_by_a_stranger_is_serious_but_by_the_spouse_is_not(self):
        uses = [PropertyUse(SPOUSE, "配偶", "withdrawal", "TQ0000000001", date(2026, 1, 1), yuan(50_000)),
                PropertyUse(77, "王五", "loan", "JK2025-9", date(2025, 6, 1), yuan(400_000))]
        signals = fraud_signals(self.ctx(property_uses=uses), GENERAL)
        assert [s.code for s in signals] == ["property_shared"]
        assert signals[0].serious and "王五于2025年6月1日办理贷款（JK2025-9，400,000.00 元）" in signals[0].text

    def test_cancelled_contracts_jumps_early_withdrawals_homes_and_bans_all_show(self):
        ctx = self.ctx(kind="rent_market", contract_cancelled_on=date(2026, 5, 1),
                       cancelled_purchases=[(past("purchase_new", date(2025, 1, 1), yuan(80_000)), date(2025, 3, 1))],
                       terms=[(202501, yuan(1000)), (202608, yuan(1400))], first_paid=add_months(202610, -3),
                       homes=[Home(ME, 1, "示例市1号", date(2020, 1, 1))],
                       bans=[Ban(ME, date(2026, 1, 1), date(2029, 1, 1))])
        codes = [s.code for s in fraud_signals(ctx, GENERAL)]
        assert codes == ["contract_cancelled", "purchase_cancelled", "contribution_jump", "early_withdrawal",
                         "rent_with_home", "banned"]

    def test_a_rise_at_the_share_is_not_a_jump(self):
        ctx = self.ctx(terms=[(202501, yuan(1000)), (202608, yuan(1300))])
        assert fraud_signals(ctx, GENERAL) == []


class TestNormalisedKeys:
    @pytest.mark.parametrize("a, b", [
        ("示例市蒸湘区解放大道1号3栋501室", "示例市 蒸湘区 解放大道１号３幢５０１"),
        ("解放大道十二号二单元一〇一", "解放大道12号2单元101室"),
        ("解放大道1号3号楼2单元501", "解放大道1号3座2单元501"),
    ])
    def test_the_same_address_typed_two_ways(self, a, b):
        assert normalise_address(a) == normalise_address(b)

    def test_different_numbers_stay_different(self):
        assert normalise_address("解放大道1号3栋501") != normalise_address("解放大道1号3栋502")
        assert normalise_number("湘（2023）示例市不动产权第0012345号") == normalise_number("湘(2023)示例市不动产权第 0012345 号")
        assert normalise_number("wq-2026-001") == normalise_number("WQ2026001")


D = date(2026, 10, 15)
HOME = {"property_address": "示例市1号", "certificate_no": "湘2020-1"}
# One line per kind: the facts of an ordinary application on D and the most it allows (balance 50,000.00).
TABLE = [
    ("purchase_new", {**HOME, "contract_no": "WQ1", "contract_date": date(2026, 1, 1), "price": yuan(300_000),
                      "loan_amount": yuan(270_000)}, yuan(30_000)),
    ("purchase_used", {**HOME, "contract_no": "WQ2", "contract_date": date(2026, 1, 1), "price": yuan(900_000),
                       "loan_amount": yuan(600_000)}, yuan(50_000)),
    ("purchase_down", {"property_address": "示例市2号", "contract_no": "WQ3", "contract_date": date(2026, 9, 1),
                       "down_payment": yuan(20_000)}, yuan(20_000)),
    ("build", {**HOME, "cost": yuan(12_345), "invoice_date": date(2026, 9, 1)}, yuan(12_345)),
    ("decoration", {**HOME, "cost": yuan(80_000), "invoice_date": date(2026, 9, 25)}, yuan(50_000)),
    ("property_fee", {**HOME, "cost": yuan(2_400), "invoice_date": date(2026, 10, 1)}, yuan(2_400)),
    ("elevator_own", {**HOME, "cost": yuan(15_000), "invoice_date": date(2026, 10, 1)}, yuan(15_000)),
    ("elevator_spouse", {**HOME, "cost": yuan(15_000), "invoice_date": date(2026, 10, 1), "owner_name": "配偶",
                         "owner_id_number": "x"}, yuan(15_000)),
    ("intergen_parents", {**HOME, "contract_no": "WQ4", "contract_date": date(2026, 9, 1), "price": yuan(400_000),
                          "loan_amount": yuan(380_000), "owner_name": "父亲", "owner_id_number": "x"}, yuan(20_000)),
    ("rent_market", RENT_2026, yuan(12_000)),
    ("rent_filed", {**RENT_2026, "monthly_rent": yuan(700), "lease_no": "备1", "lease_start": date(2026, 1, 1)},
     yuan(8_400)),
    ("rent_public", {"property_address": "公租房1栋", "monthly_rent": yuan(300), "lease_no": "公1",
                     "lease_start": date(2025, 1, 1)}, yuan(3_600)),
    ("repay_commercial_yearly", {"loan_contract_no": "B1", "loan_bank": "建行", "repaid_last_year": yuan(24_000),
                                 "property_address": "示例市1号"}, yuan(24_000)),
    ("retire", {"retire_date": date(2026, 10, 1)}, yuan(50_000)),
    ("disability", {"appraisal_no": "鉴2026-1"}, yuan(50_000)),
    ("emigrate", {"emigrate_date": date(2026, 9, 30)}, yuan(50_000)),
    ("death_heir", {"death_date": date(2026, 9, 1), "heir_name": "子", "heir_id_number": "x", "notary_no": "公1"},
     yuan(50_000)),
    ("death_no_heir", {"death_date": date(2026, 9, 1), "notary_no": "公2"}, yuan(50_000)),
    ("other", {"other_basis": "市政府批准"}, None),
]


@pytest.mark.parametrize("kind, facts, most", TABLE, ids=[t[0] for t in TABLE])
def test_an_ordinary_application_of_each_kind(kind, facts, most):
    if most is None:
        e = check(kind, D, facts, requested=yuan(1_000))
        assert e.allowed and e.amount == yuan(1_000)
        return
    e = check(kind, D, facts)
    assert e.allowed, e.refusals
    assert e.max_amount == most
    assert e.explanation()[-1].startswith(("本次最多可提取", "本次可提取账户全部余额"))
