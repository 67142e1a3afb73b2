"""Tests for anju.loan.schedule: worked checks, invariants, numpy-financial, re-scheduling and prepayment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anju.core.errors import AnjuError, ValidationFailed
from anju.core.money import round_half_up
from anju.loan.errors import LoanError
from anju.loan.schedule import (
    Method,
    Schedule,
    actual_day_interest,
    build_schedule,
    due_date,
    first_due_date,
    level_payment,
    level_principal,
    prepayment_options,
    rate_for_term,
    reschedule,
)
from anju.policy.store import Policy

L, E = Method.EQUAL_INSTALLMENT, Method.EQUAL_PRINCIPAL
MILLION = 100_000_000  # 1,000,000.00 yuan in fen

principals = st.integers(100_000, 200_000_000)  # 1,000 – 2,000,000 yuan
terms = st.integers(1, 360)
rates = st.integers(0, 6_000).map(lambda k: Decimal(k) / 100_000)  # 0% – 6% in steps of 0.001%
positive_rates = st.integers(500, 6_000).map(lambda k: Decimal(k) / 100_000)  # 0.5% – 6%
methods = st.sampled_from(list(Method))


def assert_well_formed(s: Schedule, *, principal: int, first_period: int = 1) -> None:
    """The invariants every schedule keeps, whatever its method, rate or term."""
    rows = s.instalments
    assert len(rows) == s.months
    assert [i.period for i in rows] == list(range(first_period, first_period + s.months))
    assert sum(i.principal for i in rows) == principal == s.principal == s.total_principal
    assert s.total_payment == s.total_principal + s.total_interest
    before = principal
    r = Fraction(s.annual_rate) / 12
    for i in rows:
        assert i.payment == i.principal + i.interest
        assert i.interest >= 0 and i.principal > 0
        assert i.balance == before - i.principal and i.balance < before
        assert i.interest == round_half_up(before * r)  # a month's interest on the balance before it
        before = i.balance
    assert rows[-1].balance == 0


# ---------------------------------------------------------------- worked checks


class TestWorkedChecks:
    """P = 1,000,000.00 yuan, 30 years, 2.60% (domain reference §5), and smaller cases checked by hand."""

    def test_level_payment_is_4003_40_a_month(self):
        s = build_schedule(MILLION, Decimal("0.026"), 360, L)
        assert {i.payment for i in s.instalments[:-1]} == {400340}
        first, last = s.instalments[0], s.instalments[-1]
        assert (first.interest, first.principal) == (216667, 183673)  # 1e8 × 0.026/12 = 216,666.67 fen
        # The last instalment repays the balance left: the 0.26 fen by which 4,003.40 is below the exact
        # payment (4,003.4026…) compounds over 359 months into 1.65 yuan less in the last one.
        assert (last.payment, last.principal, last.interest) == (400175, 399310, 865)
        assert s.total_interest == 44_122_235  # 441,222.35 yuan

    def test_level_principal_first_payment_and_total_interest(self):
        s = build_schedule(MILLION, Decimal("0.026"), 360, E)
        first, last = s.instalments[0], s.instalments[-1]
        # The formula P/n + P·r = 2,777.777… + 2,166.666… = 4,944.444… yuan (the reference's 4,944.44) is
        # rounded once; here the principal 2,777.78 and the interest 2,166.67 are each rounded to the fen as
        # the rules require, so the first payment is their sum, 4,944.45.
        assert (first.principal, first.interest, first.payment) == (277778, 216667, 494445)
        assert {i.principal for i in s.instalments[:-1]} == {277778}
        assert last.principal == MILLION - 359 * 277778 == 277698
        # Exact P·r·(n+1)/2 = 391,083.333… yuan. The rounded principal (0.22 fen above P/n each month) makes
        # the balance fall 0.22·(k−1) fen faster, which saves about 0.31 yuan of interest over the term;
        # the monthly interest roundings move it by another fen: 391,083.03.
        assert s.total_interest == 39_108_303
        exact = Fraction(MILLION) * Fraction(26, 12_000) * 361 / 2
        assert round_half_up(exact) == 39_108_333

    @pytest.mark.parametrize(
        ("principal", "rate", "months", "method", "payment"),
        [
            (10_000_000, "0.12", 12, L, 888_488),  # 100,000 yuan, 1 %/month: the annuity-table 8,884.88
            (12_000_000, "0.0", 12, L, 1_000_000),
            (12_000_000, "0.0", 12, E, 1_000_000),
            (100_000, "0.03", 1, L, 100_250),  # one month: principal plus one month's interest
            (100_000, "0.03", 1, E, 100_250),
        ],
    )
    def test_first_payment_table(self, principal, rate, months, method, payment):
        s = build_schedule(principal, Decimal(rate), months, method)
        assert s.instalments[0].payment == payment
        assert_well_formed(s, principal=principal)

    def test_zero_rate_puts_the_residue_in_the_last_month(self):
        for method in Method:
            s = build_schedule(1_000_000, Decimal(0), 12, method)
            assert [i.principal for i in s.instalments] == [83333] * 11 + [83337]
            assert s.total_interest == 0

    def test_amount_helpers(self):
        assert level_payment(MILLION, 360, Decimal("0.026")) == 400340
        assert level_principal(MILLION, 360) == 277778
        assert level_payment(1_000_000, 12, Decimal(0)) == 83333


# ---------------------------------------------------------------- dates and the first period


class TestDates:
    def test_first_due_is_the_repayment_day_of_the_next_month(self):
        assert first_due_date(date(2025, 6, 15), 20) == date(2025, 7, 20)
        assert first_due_date(date(2025, 1, 31), 31) == date(2025, 2, 28)
        assert first_due_date(date(2023, 12, 5), 30) == date(2024, 1, 30)

    def test_due_dates_clamp_to_month_end_and_keep_the_day(self):
        assert [due_date(date(2024, 1, 31), k, 31) for k in range(4)] == [
            date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)]

    def test_start_and_day_date_every_instalment(self):
        s = build_schedule(MILLION, Decimal("0.026"), 360, L, start=date(2025, 6, 15), repayment_day=20)
        assert s.instalments[0].due_date == date(2025, 7, 20)
        assert s.instalments[5].due_date == date(2025, 12, 20)
        assert s.instalments[-1].due_date == date(2055, 6, 20)

    def test_start_alone_uses_its_own_day(self):
        s = build_schedule(MILLION, Decimal("0.026"), 3, E, start=date(2025, 1, 31))
        assert [i.due_date for i in s.instalments] == [date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30)]

    def test_first_due_given_directly(self):
        s = build_schedule(MILLION, Decimal("0.026"), 3, L, first_due=date(2024, 1, 31))
        assert [i.due_date for i in s.instalments] == [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31)]
        clamped = build_schedule(MILLION, Decimal("0.026"), 2, L, first_due=date(2025, 2, 28), repayment_day=31)
        assert clamped.instalments[1].due_date == date(2025, 3, 31)

    def test_undated_without_dates(self):
        assert build_schedule(MILLION, Decimal("0.026"), 2, L).instalments[0].due_date is None

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"first_due": date(2025, 2, 28), "repayment_day": 20},  # not the repayment day
            {"first_due": date(2025, 6, 15), "start": date(2025, 6, 15)},  # not after the disbursement
            {"repayment_day": 20},  # a day with nothing to date from
            {"start": date(2025, 6, 15), "repayment_day": 32},
        ],
    )
    def test_inconsistent_dates_are_refused(self, kwargs):
        with pytest.raises(ValidationFailed):
            build_schedule(MILLION, Decimal("0.026"), 12, L, **kwargs)


class TestFirstPeriodActualDays:
    def test_level_payment_keeps_the_level_principal(self):
        plain = build_schedule(MILLION, Decimal("0.026"), 360, L, start=date(2025, 6, 15), repayment_day=20)
        actual = build_schedule(MILLION, Decimal("0.026"), 360, L, start=date(2025, 6, 15), repayment_day=20,
                                first_period_actual_days=True)
        first = actual.instalments[0]
        # 35 days (June 15 → July 20): 1e8 × 0.026 × 35 / 360 = 252,777.78 fen
        assert (first.principal, first.interest, first.payment) == (183673, 252778, 436451)
        assert actual.instalments[1:] == plain.instalments[1:]
        assert actual.total_interest - plain.total_interest == 252778 - 216667

    def test_level_principal_and_basis_365(self):
        s = build_schedule(MILLION, Decimal("0.026"), 360, E, start=date(2025, 6, 15), repayment_day=20,
                           first_period_actual_days=True, day_basis=365)
        assert (s.instalments[0].principal, s.instalments[0].interest) == (277778, 249315)  # 249,315.07
        assert actual_day_interest(MILLION, Decimal("0.026"), date(2025, 6, 15), date(2025, 7, 20), 365) == 249315

    def test_needs_a_disbursement_date_and_a_known_basis(self):
        with pytest.raises(ValidationFailed) as info:
            build_schedule(MILLION, Decimal("0.026"), 12, L, first_due=date(2025, 7, 20),
                           first_period_actual_days=True, day_basis=300)
        assert len(info.value.problems) == 2


# ---------------------------------------------------------------- refusals


class TestRefusals:
    def test_every_problem_at_once(self):
        with pytest.raises(ValidationFailed) as info:
            build_schedule(-1, Decimal("-0.01"), 0, L)
        fields = [p.field for p in info.value.problems]
        assert fields == ["贷款金额", "期数", "年利率"]

    @pytest.mark.parametrize("months", [0, 361, -5])
    def test_term_bounds(self, months):
        with pytest.raises(ValidationFailed) as info:
            build_schedule(MILLION, Decimal("0.026"), months, L)
        assert [p.code for p in info.value.problems] == [LoanError.SCHEDULE_TERM_INVALID]

    def test_float_rate_and_amount_refused(self):
        with pytest.raises(ValidationFailed):
            build_schedule(MILLION, 0.026, 12, L)  # type: ignore[arg-type]
        with pytest.raises(ValidationFailed):
            build_schedule(1e8, Decimal("0.026"), 12, L)  # type: ignore[arg-type]

    def test_method_names(self):
        assert Method.parse("equal-principal") is E and Method.parse("01") is L and Method.parse("等额本金") is E
        assert (L.label, L.cli_name, E.value) == ("等额本息", "equal-installment", "02")
        with pytest.raises(AnjuError) as exc:
            Method.parse("bullet")
        assert exc.value.code is LoanError.METHOD_UNKNOWN

    def test_an_amount_too_small_for_the_term(self):
        with pytest.raises(AnjuError) as exc:
            build_schedule(100, Decimal(0), 360, E)  # less than one fen of principal a month
        assert exc.value.code is LoanError.PRINCIPAL_TOO_SMALL


# ---------------------------------------------------------------- invariants


@settings(max_examples=300, deadline=None)
@given(principal=principals, rate=rates, months=terms, method=methods)
def test_every_schedule_is_well_formed(principal, rate, months, method):
    s = build_schedule(principal, rate, months, method)
    assert_well_formed(s, principal=principal)
    rows = s.instalments[:-1]
    if method is L:
        assert len({i.payment for i in rows}) <= 1  # level payment: equal except the last
    else:
        assert len({i.principal for i in rows}) <= 1  # level principal: equal except the last
        assert all(a.payment >= b.payment for a, b in zip(rows, rows[1:], strict=False))


# ---------------------------------------------------------------- numpy-financial

# Why these tolerances (all amounts in fen). Let A be the exact level payment (numpy's pmt), δ = A_r − A
# with |δ| ≤ ½ our rounded payment's error, ε_k ∈ [−½, ½] the rounding of month k's interest, and
# e_k = B_k − B*_k the gap between our balance and the exact one after k months. From
# B_k = B_{k−1}(1+r) − A_r + ε_k and B*_k = B*_{k−1}(1+r) − A:
#     e_k = (1+r)·e_{k−1} + ε_k − δ,  e_0 = 0   ⇒   e_{k−1} = −δ·s_{k−1} + Σ_{j<k} ε_j (1+r)^{k−1−j},
# with s_m = ((1+r)^m − 1)/r, so |e_{k−1} + δ·s_{k−1}| ≤ s_{k−1}/2. Hence, with g = (1+r)^{k−1}:
#   payment, k < n:   our − A = δ                                  → within ½ fen (so within one fen);
#   interest:         our − ipmt = r·e_{k−1} + ε_k                  → within g/2 of −δ·(g − 1);
#   principal:        our − ppmt = δ − r·e_{k−1} − ε_k              → within g/2 of  δ·g;
#   last payment:     our − A = (1+r)·e_{n−1} + ε_n                 → within s_n/2 of −δ·(s_n − 1).
# The rounding of the payment (δ) is systematic: it compounds like an annuity, so interest and principal are
# NOT within one fen late in a long loan (g reaches 6.0 at 6 % over 30 years: up to ~3 fen observed), and the
# last instalment absorbs up to |δ|·(s_n − 1) ≈ 5 yuan (s_360 ≈ 1004 at 6 %). Testing around the predicted
# drift keeps the bound tight instead of hiding it in a blanket tolerance. FLOAT_SLACK covers numpy's float64
# (relative error ~1e-15 on values ≤ 1.2e9 fen, i.e. ~1e-6 fen), generously.
FLOAT_SLACK = Fraction(1, 1000)


def exact_level_payment(principal: int, r: Fraction, months: int) -> Fraction:
    growth = (1 + r) ** months
    return principal * r * growth / (growth - 1)


@settings(max_examples=200, deadline=None)
@given(principal=principals, rate=positive_rates, months=st.integers(12, 360))
def test_level_payment_agrees_with_numpy_financial(principal, rate, months):
    s = build_schedule(principal, rate, months, L)
    r = Fraction(rate) / 12
    rate_f = float(rate) / 12
    periods = np.arange(1, months + 1)
    pmt = Fraction(float(npf.pmt(rate_f, months, -principal)))
    ipmt = [Fraction(float(x)) for x in npf.ipmt(rate_f, periods, months, -principal)]
    ppmt = [Fraction(float(x)) for x in npf.ppmt(rate_f, periods, months, -principal)]
    exact = exact_level_payment(principal, r, months)
    assert abs(pmt - exact) <= FLOAT_SLACK  # numpy and the exact formula agree first
    delta = s.instalments[0].payment - exact
    assert abs(delta) <= Fraction(1, 2)
    g = Fraction(1)  # (1+r)^(k−1)
    for k, row in enumerate(s.instalments):
        if k < months - 1:
            assert abs(row.payment - pmt) <= Fraction(1, 2) + FLOAT_SLACK
        assert abs(row.interest - ipmt[k] + delta * (g - 1)) <= g / 2 + FLOAT_SLACK
        if k < months - 1:
            assert abs(row.principal - ppmt[k] - delta * g) <= g / 2 + FLOAT_SLACK
        g *= 1 + r
    s_n = (g - 1) / r  # g is now (1+r)^n
    last = s.instalments[-1].payment
    assert abs(last - pmt + delta * (s_n - 1)) <= s_n / 2 + FLOAT_SLACK


@settings(max_examples=200, deadline=None)
@given(principal=principals, rate=rates, months=st.integers(12, 360))
def test_level_principal_agrees_with_the_formula(principal, rate, months):
    """Payment_k = P/n + (P − (k−1)·P/n)·r exactly. Our principal p = P/n + d (|d| ≤ ½) lowers the balance by
    (k−1)·d, so payment_k − formula = d·(1 − (k−1)·r) + ε_k for k < n and −(n−1)·d·(1+r) + ε_n for the last
    one, ε_k being the interest's rounding (≤ ½)."""
    s = build_schedule(principal, rate, months, E)
    r = Fraction(rate) / 12
    d = s.instalments[0].principal - Fraction(principal, months)
    for k, row in enumerate(s.instalments):
        formula = Fraction(principal, months) + (principal - k * Fraction(principal, months)) * r
        drift = d * (1 - k * r) if k < months - 1 else -(months - 1) * d * (1 + r)
        assert abs(row.payment - formula - drift) <= Fraction(1, 2)


# ---------------------------------------------------------------- re-scheduling


class TestReschedule:
    def test_repricing_on_january_1(self):
        """A loan paid 6 instalments at 3.10% reprices on January 1 to 2.60% for the remaining 354."""
        old = build_schedule(MILLION, Decimal("0.031"), 360, L, start=date(2025, 6, 15), repayment_day=20)
        paid = old.instalments[5]
        assert paid.due_date == date(2025, 12, 20)
        new = reschedule(paid.balance, 354, Decimal("0.026"), L, first_period=7, first_due=date(2026, 1, 20))
        assert_well_formed(new, principal=paid.balance, first_period=7)
        assert new.instalments[0].due_date == date(2026, 1, 20) and new.instalments[-1].due_date == date(2055, 6, 20)
        assert new.instalments[0].payment < old.instalments[6].payment
        assert new.instalments[0].payment == level_payment(paid.balance, 354, Decimal("0.026"))

    def test_same_rate_level_principal_keeps_the_monthly_principal(self):
        old = build_schedule(MILLION, Decimal("0.026"), 360, E)
        new = reschedule(old.instalments[11].balance, 348, Decimal("0.026"), "equal-principal", first_period=13)
        assert new.instalments[0].principal == old.instalments[12].principal
        assert new.instalments[0].interest == old.instalments[12].interest

    def test_keeps_a_month_end_repayment_day(self):
        new = reschedule(1_000_000, 3, Decimal("0.026"), L, first_due=date(2026, 2, 28), repayment_day=31)
        assert [i.due_date for i in new.instalments] == [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]

    def test_refuses_a_bad_first_period(self):
        with pytest.raises(ValidationFailed):
            reschedule(1_000_000, 3, Decimal("0.026"), L, first_period=0)

    @settings(max_examples=150, deadline=None)
    @given(principal=principals, rate=rates, months=st.integers(2, 360), method=methods, data=st.data())
    def test_rescheduling_any_point_is_well_formed(self, principal, rate, months, method, data):
        old = build_schedule(principal, rate, months, method)
        paid = data.draw(st.integers(1, months - 1))
        new_rate = data.draw(rates)
        balance = old.instalments[paid - 1].balance
        new = reschedule(balance, months - paid, new_rate, method, first_period=paid + 1)
        assert_well_formed(new, principal=balance, first_period=paid + 1)


# ---------------------------------------------------------------- prepayment


class TestPrepayment:
    def test_level_payment_options(self):
        opts = prepayment_options(80_000_000, 300, Decimal("0.026"), L, 10_000_000, first_period=61,
                                  first_due=date(2030, 7, 20))
        current, reduced, shorter = opts.current, opts.reduce_instalment, opts.shorten_term
        assert reduced.months == 300 and reduced.principal == shorter.principal == 70_000_000
        assert reduced.instalments[0].payment < current.instalments[0].payment
        assert shorter.months < 300
        assert shorter.instalments[0].payment <= current.instalments[0].payment
        # minimal: one month fewer would need a payment above the current one
        assert level_payment(70_000_000, shorter.months - 1, Decimal("0.026")) > current.instalments[0].payment
        assert shorter.total_interest < reduced.total_interest < current.total_interest
        assert shorter.instalments[0].period == 61 and shorter.instalments[0].due_date == date(2030, 7, 20)

    @pytest.mark.parametrize(
        ("balance", "months", "rate", "method", "prepay"),
        [
            (80_000_000, 300, "0.026", L, 10_000_000),
            (80_000_000, 300, "0.026", E, 10_000_000),
            (35_000_000, 120, "0.031", L, 5_000_000),
            (35_000_000, 120, "0.031", E, 5_000_000),
            (2_000_000, 24, "0.021", L, 100_000),
            (2_000_000, 24, "0.021", E, 100_000),
        ],
    )
    def test_both_options_save_interest_and_shortening_saves_more(self, balance, months, rate, method, prepay):
        opts = prepayment_options(balance, months, Decimal(rate), method, prepay)
        assert opts.shorten_term.total_interest < opts.reduce_instalment.total_interest
        assert opts.reduce_instalment.total_interest < opts.current.total_interest

    def test_level_principal_keeps_the_monthly_principal(self):
        opts = prepayment_options(80_000_000, 300, Decimal("0.026"), E, 10_000_000)
        kept = level_principal(80_000_000, 300)  # 266,666.67 → 266,667 fen
        shorter = opts.shorten_term
        assert shorter.months == -(-70_000_000 // kept) == 263
        assert {i.principal for i in shorter.instalments[:-1]} == {kept}
        assert 0 < shorter.instalments[-1].principal <= kept
        assert opts.reduce_instalment.instalments[0].principal == level_principal(70_000_000, 300)

    @pytest.mark.parametrize("amount", [0, -1, 80_000_000, 90_000_000])
    def test_refuses_nothing_or_everything(self, amount):
        with pytest.raises(ValidationFailed) as info:
            prepayment_options(80_000_000, 300, Decimal("0.026"), L, amount)
        assert [p.code for p in info.value.problems] == [LoanError.PREPAY_AMOUNT_INVALID]

    @settings(max_examples=150, deadline=None)
    @given(balance=st.integers(200_000, 200_000_000), rate=rates, months=st.integers(1, 360), method=methods,
           data=st.data())
    def test_options_are_well_formed(self, balance, rate, months, method, data):
        """Total interest is compared in the worked examples, not here: a prepayment of a few fen saves less
        interest than the monthly roundings move, so "never more interest" is not a law of the rounded plan."""
        prepay = data.draw(st.integers(1, balance - 100_000))  # at least 1,000 yuan stays outstanding
        opts = prepayment_options(balance, months, rate, method, prepay)
        rest = balance - prepay
        for option in (opts.reduce_instalment, opts.shorten_term):
            assert_well_formed(option, principal=rest)
        assert opts.reduce_instalment.months == months
        assert opts.shorten_term.months <= months
        if method is L:
            assert opts.shorten_term.instalments[0].payment <= opts.current.instalments[0].payment
        else:
            kept = level_principal(balance, months)
            assert all(i.principal == kept for i in opts.shorten_term.instalments[:-1])


# ---------------------------------------------------------------- rates


class TestRateForTerm:
    policy = Policy(date(2025, 6, 1), {
        "loan.rate_first_le5y": Decimal("0.021"), "loan.rate_first_gt5y": Decimal("0.026"),
        "loan.rate_second_le5y": Decimal("0.02525"), "loan.rate_second_gt5y": Decimal("0.03075")})

    @pytest.mark.parametrize(
        ("months", "second", "rate"),
        [(12, False, "0.021"), (60, False, "0.021"), (61, False, "0.026"), (360, False, "0.026"),
         (60, True, "0.02525"), (61, True, "0.03075")],
    )
    def test_picks_the_bracket(self, months, second, rate):
        assert rate_for_term(self.policy, months, second) == Decimal(rate)

    def test_missing_rate_is_reported(self):
        with pytest.raises(AnjuError, match="loan.rate_first_gt5y"):
            rate_for_term(Policy(date(2000, 1, 1), {}), 360, False)
