"""The five worked examples of hpf-reference-2 §6a, on the pure rules (the SQL paths repeat 2–4 in the other
tests of this folder)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from anju.core.money import Rounding, round_to
from anju.maintfund import calc
from anju.maintfund.calc import RULE_SETS, Tally

TWELVE = ([(f"A{i}", 9850) for i in range(4)] + [(f"B{i}", 11000) for i in range(4)]
          + [(f"C{i}", 12150) for i in range(4)])


def test_example_1_first_deposit_pingdingshan_high_rise():
    # 1,291.19 × 6% = 77.4714 元/m²; × 110.00 m² = 8,521.854 → 8,522 元 (intermediate decimals kept, to the yuan)
    assert calc.first_deposit(per_m2=129119, ratio=Decimal("0.06"), floor_area=11000, unit=100,
                              mode=Rounding.HALF_UP) == 852200
    # the fixed-amount method (Luoyang 90 元/m²)
    assert calc.first_deposit(per_m2=9000, floor_area=11000, unit=100) == 990000


def test_example_2_elevator_repair_shares_exact_to_the_fen():
    shares = calc.split_by_area(18600000, TWELVE)
    by = {s.key[0]: s.amount for s in shares}
    assert (by["A"], by["B"], by["C"]) == (1387955, 1550000, 1712045)
    assert sum(s.amount for s in shares) == 18600000
    # an unsold 110 m² unit: the developer owes its share; a balance of 8,000.00 leaves a shortfall of 5,879.55
    assert by["B"] == 1550000
    assert calc.shortfall(1387955, 800000) == 587955
    assert calc.shortfall(1387955, 2000000) == 0


def test_example_3_vote_under_the_civil_code():
    total, part, agree = Tally(12, 132000), Tally(10, 110150), Tally(6, 60100)
    rules = RULE_SETS["civil_code_2021"]
    use = calc.vote(total=total, participants=part, agree=agree, decision="use", rules=rules)
    assert use.passed and (use.needed_heads, use.needed_area) == (6, 55076)  # > 5 units and > 550.75 m²
    raise_ = calc.vote(total=total, participants=part, agree=agree, decision="raise", rules=rules)
    assert not raise_.passed and (raise_.needed_heads, raise_.needed_area) == (8, 82613)  # ≥ 8 and ≥ 826.13 m²
    assert "826.13㎡" in "".join(raise_.reasons) and "未达到" in raise_.reasons[-1]
    # participation below two thirds fails whatever the agreement
    low = calc.vote(total=total, participants=Tally(7, 80000), agree=Tally(7, 80000), decision="use", rules=rules)
    assert not low.passed and "未达到" in low.reasons[0]
    # the earlier rule set (165号令 Art. 22): two thirds of all owners in scope must agree
    old = calc.vote(total=total, participants=part, agree=agree, decision="use", rules=RULE_SETS["reg165_2008"])
    assert not old.passed


def test_example_4_interest_by_jishu_residue_to_the_common_account():
    a = calc.allocate_interest(120000, {"A": 2920000, "B": 5475000, "C": 1830000})
    assert a.shares == {"A": 34269, "B": 64254, "C": 21477}
    assert sum(a.shares.values()) + a.common == 120000 and a.common == 0


def test_example_5_topup_flag():
    assert calc.needs_topup(first_deposit=990000, balance=280000, share=Decimal("0.30"))  # 2,800.00 < 2,970.00
    assert not calc.needs_topup(first_deposit=990000, balance=297000, share=Decimal("0.30"))
    assert calc.topup_amount(first_deposit=990000, balance=280000) == 710000


@given(st.integers(min_value=0, max_value=10**9),
       st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=30))
def test_splits_are_exact_and_within_a_fen_of_the_exact_share(amount, areas):
    shares = calc.split_by_area(amount, [(str(i), a) for i, a in enumerate(areas)])
    assert sum(s.amount for s in shares) == amount
    for s in shares:
        assert abs(Fraction(amount * s.floor_area, sum(areas)) - s.amount) < 1


@given(st.integers(min_value=1, max_value=10**11),
       st.lists(st.integers(min_value=0, max_value=4 * 10**10), min_size=1, max_size=30))
def test_interest_is_exact_half_up_and_the_sqls_split_arithmetic_gives_the_same(pool, js):
    a = calc.allocate_interest(pool, {str(i): j for i, j in enumerate(js)})
    assert sum(a.shares.values()) + a.common == pool
    total = sum(js)
    for key, got in a.shares.items():
        j = js[int(key)]
        assert got == round_to(Fraction(pool * j, total), Rounding.HALF_UP)
        if calc.within_range(pool, total, max(js)):
            assert calc.interest_share_split(j, pool, total) == got


def test_jishu_counts_the_opening_and_each_movement_from_its_day():
    assert calc.jishu(1000, [(10, 500), (20, -200)], start=0, end=30) == 1000 * 30 + 500 * 20 - 200 * 10


def test_seed_003s_own_figures_leave_the_gap_the_identity_check_reports():
    from anju.maintfund.reports import Totals

    yi = 100_000_000 * 100  # 1亿元 in fen
    published = Totals(deposited=204 * yi // 10, interest=271 * yi // 100, used=82 * yi // 100, refunded=0,
                       balance=2226 * yi // 100, households=0)
    assert not published.identity_holds and published.gap == 3 * yi // 100  # 0.03亿: refunds/other, unexplained
    assert Totals(published.deposited, published.interest, published.used, 3 * yi // 100, published.balance,
                  0).identity_holds
