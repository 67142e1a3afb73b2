"""Loan limit and eligibility (pure): hand-worked cases from the sample centre's policy, every refusal, the term
bounds, and properties — the maximum is never above any single limit and equals the smallest rounded down to the
unit; the capacity limit is the exact inverse of the schedule's payment (checked against numpy-financial too)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anju.core.dates import month_range
from anju.loan.schedule import Method, build_schedule
from anju.loanapp.codes import HouseType, Purpose
from anju.loanapp.limits import (
    Ban,
    Family,
    Party,
    Request,
    Rules,
    assess,
    first_payment,
    home_order,
    max_principal_for_payment,
    months_until,
)
from anju.policy.loader import merged_at, parse_centre_text
from anju.policy.service import SAMPLE_CENTRE
from anju.policy.store import Policy

CENTRE, _ = parse_centre_text(SAMPLE_CENTRE.read_text(encoding="utf-8"))
DAY = date(2026, 10, 15)
L, E = Method.EQUAL_INSTALLMENT, Method.EQUAL_PRINCIPAL


def rules(day: date = DAY, **kw) -> Rules:
    r = Rules.of(Policy(day, merged_at(CENTRE.changes, day)))
    return replace(r, **kw)


def yuan(n: int) -> int:
    return n * 100


PAID = tuple(month_range(202301, 202609))


def me(**kw) -> Party:
    base = dict(person_id=1, name="张三", sex="1", birth_date=date(1990, 5, 1), monthly_income=yuan(12_000),
                balance=yuan(80_000), monthly_contribution=yuan(2_400), paid_months=PAID)
    base.update(kw)
    return Party(**base)


def spouse(**kw) -> Party:
    base = dict(person_id=2, name="李四", sex="2", birth_date=date(1991, 5, 1), monthly_income=yuan(8_000), main=False,
                spouse=True, balance=yuan(30_000), monthly_contribution=yuan(1_600), paid_months=PAID)
    base.update(kw)
    return Party(**base)


def req(**kw) -> Request:
    base = dict(purpose=Purpose.PURCHASE, house_type=HouseType.NEW, value=yuan(1_500_000), months=360, method=L)
    base.update(kw)
    return Request(**base)


def factor(a, code):
    return next(f for f in a.factors if f.code == code)


class TestHandWorked:
    def test_family_cap_binds(self):
        a = assess(req(amount=yuan(700_000)), [me(), spouse()], Family(), rules(), as_of=DAY)
        assert a.allowed and a.ok
        # 2025-07-01: family cap 800,000; balance 110,000 × 15 = 1,650,000; LTV 1,500,000 × 80% = 1,200,000.
        assert factor(a, "cap").amount == yuan(800_000)
        assert factor(a, "balance").amount == yuan(1_650_000)
        assert factor(a, "ltv").amount == yuan(1_200_000)
        assert a.max_amount == yuan(800_000) and a.binding.code == "cap"
        assert a.rate == Decimal("0.026") and not a.second_home
        # The payment shown is the schedule's: 700,000 at 2.60% over 360 months.
        assert a.payment == build_schedule(yuan(700_000), Decimal("0.026"), 360, L).instalments[0].payment
        assert a.summary == "最高可贷800,000.00元（受最高额度限制），最长期限360个月"

    def test_single_balance_binds(self):
        # Alone, with 20,000 on the account: 20,000 × 15 = 300,000 < single cap 600,000.
        a = assess(req(), [me(balance=yuan(20_000))], Family(), rules(), as_of=DAY)
        assert factor(a, "cap").amount == yuan(600_000)
        assert a.max_amount == yuan(300_000) and a.binding.code == "balance"

    def test_capacity_hand_worked(self):
        # Income 3,000 × 50% = 1,500 a month; 等额本息 at 2.60% for 240 months: P = 1500 × (1 − 1.0021667^−240)/0.0021667.
        a = assess(req(months=240), [me(monthly_income=yuan(3_000))], Family(), rules(), as_of=DAY)
        cap = factor(a, "capacity")
        assert cap.amount == max_principal_for_payment(yuan(1_500), 240, Decimal("0.026"), L)
        # A payment rounds to 1,500.00 while it is below 1,500.005: numpy-financial's present value of that.
        assert abs(cap.amount - -npf.pv(0.026 / 12, 240, 1500.005) * 100) <= 1
        assert a.binding.code == "capacity"
        assert a.max_amount == cap.amount // 10_000 * 10_000  # to the 100 yuan below
        assert "月还款不超过1,500.00元" in cap.text

    def test_equal_principal_capacity_is_lower(self):
        r = rules()
        lvl = assess(req(method=L), [me(monthly_income=yuan(5_000))], Family(), r, as_of=DAY)
        epr = assess(req(method=E), [me(monthly_income=yuan(5_000))], Family(), r, as_of=DAY)
        assert factor(epr, "capacity").amount < factor(lvl, "capacity").amount

    def test_ltv_used_old_and_combined(self):
        # Second-hand, 25 years old: the old-building ratio 60% applies instead of 70%.
        a = assess(req(house_type=HouseType.USED, building_age=25, value=yuan(1_000_000), months=300),
                   [me(), spouse()], Family(), rules(), as_of=DAY)
        assert factor(a, "ltv").amount == yuan(600_000)
        # Combined loan: the commercial part comes off the loan-to-value ceiling.
        c = assess(req(value=yuan(1_000_000), commercial_amount=yuan(300_000)), [me(), spouse()], Family(), rules(),
                   as_of=DAY)
        assert factor(c, "ltv").amount == yuan(500_000)
        assert "减组合贷款商业部分300,000.00元" in factor(c, "ltv").text

    def test_build_and_refinance(self):
        b = assess(req(purpose=Purpose.BUILD, house_type=HouseType.SELF, value=yuan(200_000)), [me()], Family(),
                   rules(), as_of=DAY)
        assert factor(b, "ltv").amount == yuan(160_000) and b.max_amount == yuan(160_000)
        f = assess(req(purpose=Purpose.REFINANCE, refinance_balance=yuan(123_456)), [me(), spouse()], Family(),
                   rules(), as_of=DAY)
        assert factor(f, "refinance").amount == yuan(123_456)
        assert f.max_amount == yuan(123_400)

    def test_uplifts_do_not_stack_unless_policy_says(self):
        a = assess(req(children=2, talent=True), [me(balance=yuan(500_000))], Family(), rules(), as_of=DAY)
        assert factor(a, "cap").amount == yuan(780_000)  # 600,000 × 1.3 (the higher), not × 1.2 × 1.3
        s = assess(req(children=2, talent=True), [me(balance=yuan(500_000))], Family(), rules(uplifts_stack=True),
                   as_of=DAY)
        assert factor(s, "cap").amount == yuan(936_000)
        one = assess(req(children=1), [me()], Family(), rules(), as_of=DAY)
        assert factor(one, "cap").amount == yuan(600_000)

    def test_second_home_rate_ratio_and_cap_factor(self):
        a = assess(req(), [me(), spouse()], Family(homes_owned=1), rules(cap_factor_second=Decimal("0.8")), as_of=DAY)
        assert a.second_home and a.home_order == 2
        assert a.rate == Decimal("0.03075")
        assert factor(a, "ltv").amount == yuan(900_000)  # 60%
        assert factor(a, "cap").amount == yuan(640_000)
        assert any("认房又认贷" in n for n in a.notes)

    def test_second_home_definitions(self):
        assert home_order("home_and_loan", 0, 1) == 2
        assert home_order("home_only", 0, 1) == 1
        assert home_order("loan_only", 1, 0) == 1
        assert home_order("home_and_loan", 2, 1) == 3
        a = assess(req(), [me()], Family(homes_owned=0, fund_loans_ever=1), rules(second_home_rule="home_only"),
                   as_of=DAY)
        assert not a.second_home


class TestRefusals:
    def test_every_refusal_at_once(self):
        r = rules()
        who = me(account_status="02", frozen=True, paid_months=tuple(month_range(202601, 202603)))
        fam = Family(homes_owned=2, outstanding_loans=("GJJ2020000001",),
                     bans=(Ban(1, date(2025, 1, 1), date(2028, 1, 1), "骗提"),), loan_frauds=(date(2023, 3, 1),))
        a = assess(req(amount=yuan(100_000)), [who], fam, r, as_of=DAY)
        assert not a.allowed and a.max_amount == 0
        text = "\n".join(a.refusals)
        for words in ("封存", "冻结", "连续足额缴存满6个月", "骗提", "骗取公积金贷款", "GJJ2020000001", "第3套"):
            assert words in text, words
        assert len(a.refusals) == 7

    def test_fraud_ban_ends_after_policy_years(self):
        fam = Family(loan_frauds=(date(2021, 10, 15),))
        assert assess(req(), [me()], fam, rules(), as_of=date(2026, 10, 14)).refusals
        assert not assess(req(), [me()], fam, rules(), as_of=date(2026, 10, 15)).refusals

    def test_flexible_worker_needs_longer_history(self):
        paid = tuple(month_range(202512, 202609))  # 10 months
        assert assess(req(), [me(paid_months=paid)], Family(), rules(), as_of=DAY).allowed
        f = assess(req(), [me(paid_months=paid, flexible=True)], Family(), rules(), as_of=DAY)
        assert f.refusals == ("灵活就业人员近期连续缴存10个月（截至2026年09月），须连续足额缴存满12个月",) or \
            "须连续足额缴存满12个月" in f.refusals[0]

    def test_remote_borrower_by_certificate(self):
        remote = me(has_account=False, account_status=None, remote=True, continuous_months=4)
        a = assess(req(), [remote], Family(), rules(), as_of=DAY)
        assert "异地缴存证明载明连续缴存4个月" in a.refusals[0]
        ok = assess(req(), [replace(remote, continuous_months=24)], Family(), rules(), as_of=DAY)
        assert ok.allowed

    def test_amount_and_term_above_limits_are_problems_not_refusals(self):
        a = assess(req(amount=yuan(900_000), months=420), [me(), spouse()], Family(), rules(max_term_months=360),
                   as_of=DAY)
        assert a.allowed and not a.ok
        assert a.problems == ["申请金额900,000.00元超过可贷额度800,000.00元", "申请期限420个月超过最长可贷期限360个月"]

    def test_below_minimum(self):
        a = assess(req(amount=yuan(5_000)), [me()], Family(), rules(), as_of=DAY)
        assert "低于最低贷款金额10,000.00元" in a.refusals[0]


class TestTerm:
    def test_age_at_maturity(self):
        # Born 1970-03-20, male: original retirement 2030-03 is 62 months after the reform month 2025-01, so
        # 62 // 4 + 1 = 16 months later: 61 years 4 months on 2031-07-20; + 5 years = 2036-07-20; from 2026-10-15
        # that is 117 whole months (not a flat 63 + 5 = 68 on 2038-03-20, 137 months).
        a = assess(req(), [me(birth_date=date(1970, 3, 20))], Family(), rules(), as_of=DAY)
        assert a.max_months == 117
        assert "法定退休年龄61周岁4个月（男职工），法定退休日期2031年7月20日" in a.term_limits[1]
        assert "2036年7月20日" in a.term_limits[1]
        assert months_until(DAY, date(2036, 7, 20)) == 117
        assert months_until(DAY, date(2038, 3, 15)) == 137  # 15th is not before the 15th
        assert months_until(DAY, date(2038, 3, 14)) == 136

    def test_before_the_reform_the_flat_age_applied(self):
        day = date(2024, 10, 15)
        a = assess(req(), [me(birth_date=date(1970, 3, 20))], Family(), rules(day), as_of=day)
        assert a.max_months == months_until(day, date(2035, 3, 20)) == 125  # 60 + 5

    def test_a_man_born_from_september_1976_reaches_the_cap_of_63(self):
        a = assess(req(), [me(birth_date=date(1976, 9, 1))], Family(), rules(), as_of=DAY)
        assert a.max_months == months_until(DAY, date(2044, 9, 1)) == 214  # 63 + 5 = 68

    def test_women_workers_and_cadres_and_the_policy_default(self):
        # Born 1985-06-10. Worker: original 2035-06, 125 months after 2025-01, 125 // 2 + 1 = 63 → capped at 60
        # months: 55 on 2040-06-10, + 5 = 2045-06-10, 19 × 12 − 4 − 1 = 223 months from 2026-10-15.
        # Cadre: original 2040-06, 185 months after, 185 // 4 + 1 = 47 → capped at 36: 58 on 2043-06-10,
        # + 5 = 2048-06-10, 22 × 12 − 4 − 1 = 259 months.
        woman = me(sex="2", birth_date=date(1985, 6, 10))
        a = assess(req(), [woman], Family(), rules(), as_of=DAY)
        assert a.max_months == 259  # the sample centre's default for an unknown category: cadre
        assert "法定退休年龄58周岁（女干部；身份未登记，按政策默认），法定退休日期2043年6月10日" in a.term_limits[1]
        assert assess(req(), [replace(woman, category="cadre")], Family(), rules(), as_of=DAY).max_months == 259
        assert assess(req(), [replace(woman, category="worker")], Family(), rules(), as_of=DAY).max_months == 223
        r = rules()
        cautious = replace(r, retirement=replace(r.retirement, female_default="worker"))
        a = assess(req(), [woman], Family(), cautious, as_of=DAY)
        assert a.max_months == 223
        assert "法定退休年龄55周岁（女职工；身份未登记，按政策默认），法定退休日期2040年6月10日" in a.term_limits[1]

    def test_a_woman_worker_born_1970_is_past_the_maturity_age(self):
        # Born 1970-03-20, worker: 50 on 2020-03-20 (before the reform), + 5 = 2025-03-20: no term left.
        a = assess(req(), [me(sex="2", category="worker", birth_date=date(1970, 3, 20))], Family(), rules(), as_of=DAY)
        assert a.max_months == 0
        # as a cadre: original 2025-03, 2 months after the reform month, delay 1: 2025-04-20, + 5 = 2030-04-20
        a = assess(req(), [me(sex="2", category="cadre", birth_date=date(1970, 3, 20))], Family(), rules(), as_of=DAY)
        assert a.max_months == months_until(DAY, date(2030, 4, 20)) == 42

    def test_building_age_plus_term(self):
        a = assess(req(house_type=HouseType.USED, building_age=30), [me()], Family(), rules(), as_of=DAY)
        assert a.max_months == 240
        assert any("房龄与贷款期限之和不超过50年" in t for t in a.term_limits)


# ----------------------------------------------------------------------------------------- properties

amounts = st.integers(0, yuan(3_000_000))
payment_caps = st.integers(1, yuan(50_000))
terms = st.integers(1, 360)
rates = st.sampled_from([Decimal("0"), Decimal("0.021"), Decimal("0.026"), Decimal("0.03075"), Decimal("0.049")])
methods = st.sampled_from([L, E])


@settings(max_examples=300)
@given(payment_caps, terms, rates, methods)
def test_capacity_is_the_exact_inverse_of_the_payment(cap, months, rate, method):
    p = max_principal_for_payment(cap, months, rate, method)
    assert first_payment(p, months, rate, method) <= cap
    assert first_payment(p + 1, months, rate, method) > cap
    # and it is the first instalment of the real schedule
    if p >= 1000 * months:  # (a schedule needs principal every month: 等额本金 rounds it, tiny loans cannot)
        assert build_schedule(p, rate, months, method).instalments[0].payment == first_payment(p, months, rate, method)


parties_st = st.builds(
    lambda bal, inc, sbal, sinc, with_spouse: [me(balance=bal, monthly_income=inc)]
    + ([spouse(balance=sbal, monthly_income=sinc)] if with_spouse else []),
    st.integers(0, yuan(300_000)), st.integers(0, yuan(40_000)), st.integers(0, yuan(300_000)),
    st.integers(0, yuan(40_000)), st.booleans())
requests_st = st.builds(
    lambda purpose, used, value, months, method, age, commercial, children, talent, debt: req(
        purpose=purpose, house_type=HouseType.SELF if purpose in (Purpose.BUILD, Purpose.REPAIR)
        else (HouseType.USED if used else HouseType.NEW), value=value, months=months, method=method,
        building_age=age if used else None, commercial_amount=commercial, children=children, talent=talent,
        other_monthly_debt=debt, refinance_balance=value // 2 if purpose is Purpose.REFINANCE else None),
    st.sampled_from(list(Purpose)), st.booleans(), amounts, terms, methods, st.integers(0, 60),
    st.integers(0, yuan(500_000)), st.integers(0, 4), st.booleans(), st.integers(0, yuan(5_000)))
families_st = st.builds(lambda homes, loans: Family(homes_owned=homes, fund_loans_ever=loans),
                        st.integers(0, 1), st.integers(0, 1))


def reference_max(request: Request, parties, family: Family, r: Rules) -> int:
    """A slow second opinion: each ceiling from its definition, the payment bound by bisection on the schedule."""
    second = home_order(r.second_home_rule, family.homes_owned, family.fund_loans_ever) >= 2
    spouse_pays = any(p.spouse for p in parties[1:])
    cap = r.max_family if spouse_pays else r.max_single
    ups = [u for ok, u in ((request.children >= r.multi_child_min, r.uplift_multi_child),
                           (request.talent, r.uplift_talent)) if ok]
    mult = Decimal(1)
    if ups:
        mult = max(ups) if not r.uplifts_stack else Decimal(1) * ups[0] * (ups[1] if len(ups) > 1 else 1)
    if second:
        mult *= r.cap_factor_second
    limits = [int(Decimal(cap) * mult)]
    limits.append(int(sum(p.balance for p in parties) * r.balance_multiple))
    rate = r.rate(request.months, second)
    pay_cap = int(sum(p.monthly_income for p in parties) * r.income_share) - request.other_monthly_debt
    lo, hi = 0, 10**12
    while lo < hi:  # largest principal whose first payment fits
        mid = (lo + hi + 1) // 2
        if build_schedule(mid, rate, request.months, request.method).instalments[0].payment <= pay_cap:
            lo = mid
        else:
            hi = mid - 1
    limits.append(lo if pay_cap > 0 else 0)
    if request.purpose in (Purpose.BUILD, Purpose.REPAIR):
        ratio = r.ltv_build
    else:
        ratio = r.ltv_second if second else (r.ltv_first_used if request.house_type is HouseType.USED
                                             else r.ltv_first_new)
        if request.house_type is HouseType.USED and request.building_age is not None \
                and request.building_age > r.used_old_age:
            ratio = min(ratio, r.ltv_used_old)
    limits.append(max(0, int(request.value * ratio) - request.commercial_amount))
    if request.purpose is Purpose.REFINANCE:
        limits.append(request.refinance_balance)
    low = min(limits)
    return low - low % r.amount_unit


RULES = rules()


@settings(max_examples=150)
@given(requests_st, parties_st, families_st)
def test_max_is_the_smallest_limit(request, parties, family):
    a = assess(request, parties, family, RULES, as_of=DAY)
    smallest = min(f.amount for f in a.factors)
    assert all(a.max_amount <= f.amount for f in a.factors)
    if a.allowed:
        assert a.max_amount == smallest - smallest % RULES.amount_unit
        assert a.max_amount >= RULES.min_amount
    else:
        assert a.max_amount == 0


@settings(max_examples=40)
@given(requests_st.filter(lambda r: r.months <= 120), parties_st, families_st)
def test_agrees_with_the_slow_reference(request, parties, family):
    a = assess(request, parties, family, RULES, as_of=DAY)
    if a.allowed:
        assert a.max_amount == reference_max(request, parties, family, RULES)


@pytest.mark.parametrize("day,cap", [(date(2023, 6, 30), yuan(500_000)), (date(2023, 7, 1), yuan(600_000)),
                                     (date(2025, 7, 1), yuan(800_000))])
def test_policy_by_date(day, cap):
    a = assess(req(), [me(balance=yuan(200_000)), spouse()], Family(), rules(day), as_of=day)
    assert factor(a, "cap").amount == cap
