"""Tests for anju.interest.calc: 积数 interest against the worked example and a day-by-day second opinion."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anju.core.dates import DateRange, interest_year
from anju.core.errors import ValidationFailed
from anju.interest.calc import (
    Movement,
    RatePeriod,
    accrue,
    collapse_rates,
    compute_interest,
    compute_year_interest,
    rates_from_policy,
    reference_daily,
    settlement_period,
)
from anju.policy.store import PolicyStore, ValueVersion

D = date
RATE_15 = [RatePeriod(D(2015, 8, 26), Decimal("0.015"), 360)]


def year_bounds(year: int) -> tuple[date, date]:
    period = interest_year(year)
    assert period.end is not None
    return period.start, period.end


# ---------------------------------------------------------------- worked examples


class TestWorkedExample:
    """Domain reference §3: 20,000.00 opening, +1,000.00 on 2024-10-15, −5,000.00 on 2025-03-01, 1.5%, 360."""

    moves = [Movement(D(2024, 10, 15), 100_000), Movement(D(2025, 3, 1), -500_000)]

    def test_segments_jishu_and_interest(self):
        result = compute_year_interest(year=2025, opening=2_000_000, movements=self.moves, rates=RATE_15)
        shape = [(s.start, s.last_day, s.balance, s.days, s.jishu) for s in result.segments]
        assert shape == [
            (D(2024, 7, 1), D(2024, 10, 14), 2_000_000, 106, 2_000_000 * 106),
            (D(2024, 10, 15), D(2025, 2, 28), 2_100_000, 137, 2_100_000 * 137),
            (D(2025, 3, 1), D(2025, 6, 30), 1_600_000, 122, 1_600_000 * 122),
        ]
        assert result.jishu_total == 694_900_000  # 6,949,000.00 yuan·days
        assert result.interest == 28_954  # 6,949,000 × 1.5% ÷ 360 = 289.541…6 → 289.54
        assert (result.year, result.start, result.end) == (2025, D(2024, 7, 1), D(2025, 7, 1))
        assert (result.opening, result.closing) == (2_000_000, 1_600_000)

    def test_the_day_by_day_reference_agrees(self):
        start, end = year_bounds(2025)
        daily = reference_daily(opening=2_000_000, movements=self.moves, start=start, end=end, rates=RATE_15)
        assert (daily.days, daily.jishu_total, daily.interest, daily.closing) == (365, 694_900_000, 28_954, 1_600_000)


@pytest.mark.parametrize(
    ("year", "opening", "moves", "rates", "jishu", "interest"),
    [
        # a leap interest year (2023-07-01 .. 2024-06-30 has Feb 29): 366 days
        (2024, 1_000_000, [], [RatePeriod(D(2000, 1, 1), Decimal("0.015"), 365)], 366_000_000, 15_041),
        (2024, 1_000_000, [], [RatePeriod(D(2000, 1, 1), Decimal("0.015"), 360)], 366_000_000, 15_250),
        # the rate falls to 1.0% on January 1: 184 days at 1.5% + 181 days at 1.0%, rounded once:
        # 7,666.67 + 5,027.78 = 12,694.44 fen → 12,694 (rounding each segment would give 12,695)
        (2025, 1_000_000, [], [RatePeriod(D(2000, 1, 1), Decimal("0.015"), 360),
                               RatePeriod(D(2025, 1, 1), Decimal("0.01"), 360)], 365_000_000, 12_694),
        # a deposit on the first day counts that day; a withdrawal of everything on the last day earns nothing
        # that day
        (2025, 0, [Movement(D(2024, 7, 1), 360_000), Movement(D(2025, 6, 30), -360_000)], RATE_15,
         360_000 * 364, 5_460),
        # several movements on one day: only the end-of-day balance counts, whatever their order
        (2025, 100_000, [Movement(D(2025, 1, 10), -100_000), Movement(D(2025, 1, 10), 50_000),
                         Movement(D(2025, 1, 10), 100_000)], RATE_15, 100_000 * 193 + 150_000 * 172, 1_879),
        (2025, 0, [], RATE_15, 0, 0),
    ],
)
def test_interest_table(year, opening, moves, rates, jishu, interest):
    result = compute_year_interest(year=year, opening=opening, movements=moves, rates=rates)
    assert (result.jishu_total, result.interest) == (jishu, interest)
    start, end = year_bounds(year)
    daily = reference_daily(opening=opening, movements=moves, start=start, end=end, rates=rates)
    assert (daily.jishu_total, daily.interest) == (jishu, interest)


def test_a_rate_change_splits_a_segment_and_its_day_uses_the_new_rate():
    rates = [RatePeriod(D(2000, 1, 1), Decimal("0.015"), 360), RatePeriod(D(2025, 1, 1), Decimal("0.01"), 365)]
    result = compute_year_interest(year=2025, opening=1_000_000, movements=[Movement(D(2025, 1, 1), 5)],
                                   rates=rates)
    assert [(s.start, s.balance, s.rate, s.basis) for s in result.segments] == [
        (D(2024, 7, 1), 1_000_000, Decimal("0.015"), 360), (D(2025, 1, 1), 1_000_005, Decimal("0.01"), 365)]


class TestClosingSettlement:
    def test_period_runs_to_the_day_before_closing(self):
        assert settlement_period(D(2025, 3, 1)) == DateRange(D(2024, 7, 1), D(2025, 3, 1))
        assert settlement_period(D(2025, 7, 1)) == DateRange(D(2025, 7, 1), D(2025, 7, 1))  # nothing to pay

    def test_interest_to_the_closing_day(self):
        period = settlement_period(D(2025, 3, 1))
        result = compute_interest(opening=2_000_000, movements=[Movement(D(2024, 10, 15), 100_000)],
                                  start=period.start, end=period.end, rates=RATE_15)
        assert result.jishu_total == 2_000_000 * 106 + 2_100_000 * 137
        assert result.interest == 20_821  # 4,997,000 yuan·days × 1.5% ÷ 360 = 208.2083… yuan


class TestAccrue:
    def test_adds_balance_times_days(self):
        assert accrue(0, 2_000_000, D(2024, 7, 1), D(2024, 10, 15)) == 2_000_000 * 106
        assert accrue(5, 7, D(2024, 2, 28), D(2024, 3, 1)) == 5 + 7 * 2  # Feb 29 counted
        assert accrue(9, 100, D(2025, 1, 1), D(2025, 1, 1)) == 9


class TestRefusals:
    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"movements": [Movement(D(2025, 7, 1), 1)]}, "不在计息区间"),
            ({"movements": [Movement(D(2024, 6, 30), 1)]}, "不在计息区间"),
            ({"opening": -1}, "期初余额"),
            ({"rates": []}, "没有适用的存款利率"),
            ({"rates": [RatePeriod(D(2024, 7, 2), Decimal("0.015"), 360)]}, "没有适用的存款利率"),
            ({"rates": [RatePeriod(D(2020, 1, 1), Decimal("0.015"), 366)]}, "计息天数基数"),
            ({"rates": RATE_15 * 2}, "严格递增"),
            ({"end": D(2025, 7, 2)}, "跨越了结息年度"),
            ({"end": D(2024, 7, 1)}, "计息区间无效"),
        ],
    )
    def test_bad_inputs(self, kwargs, message):
        args = {"opening": 100, "movements": [], "start": D(2024, 7, 1), "end": D(2025, 7, 1), "rates": RATE_15}
        args.update(kwargs)
        with pytest.raises(ValidationFailed) as info:
            compute_interest(**args)
        assert any(message in str(p) for p in info.value.problems)

    def test_every_overdrawn_day_is_reported(self):
        moves = [Movement(D(2024, 9, 1), -200), Movement(D(2024, 9, 2), 200), Movement(D(2025, 1, 5), -300)]
        with pytest.raises(ValidationFailed) as info:
            compute_year_interest(year=2025, opening=100, movements=moves, rates=RATE_15)
        assert [p.message[:10] for p in info.value.problems] == ["2024-09-01", "2025-01-05"]


# ---------------------------------------------------------------- properties

years = st.one_of(st.sampled_from([2024, 2028]), st.integers(2001, 2040))  # 2024, 2028: years with Feb 29
rate_values = st.integers(0, 5_000).map(lambda k: Decimal(k) / 100_000)
bases = st.sampled_from([360, 365])


@st.composite
def histories(draw):
    """A period inside one interest year, an opening balance, movements that never overdraw at day's end
    (several a day, on the first and last day too) and rate changes inside the period."""
    year = draw(years)
    year_start, year_end = year_bounds(year)
    length = (year_end - year_start).days
    full_year = draw(st.booleans())
    a = 0 if full_year else draw(st.integers(0, length - 1))
    b = length if full_year else draw(st.integers(a + 1, length))
    start, end = year_start + timedelta(days=a), year_start + timedelta(days=b)
    offsets = st.one_of(st.just(0), st.just(b - a - 1), st.integers(0, b - a - 1))
    raw = draw(st.lists(st.tuples(offsets, st.integers(-5_000_000, 5_000_000)), max_size=30))
    opening = draw(st.integers(0, 50_000_000))
    movements, balance = [], opening
    for offset, amount in sorted(raw, key=lambda m: m[0]):
        movements.append(Movement(start + timedelta(days=offset), max(amount, -balance)))
        balance += movements[-1].amount
    # the same day's movements in a shuffled order (end-of-day balances do not depend on it)
    movements = draw(st.permutations(movements))
    first = RatePeriod(start - timedelta(days=draw(st.integers(0, 400))), draw(rate_values), draw(bases))
    changes = draw(st.lists(st.integers(1, max(1, b - a - 1)), max_size=3, unique=True))
    later = [RatePeriod(start + timedelta(days=c), draw(rate_values), draw(bases))
             for c in sorted(changes) if start + timedelta(days=c) < end]
    return {"opening": opening, "movements": movements, "start": start, "end": end, "rates": [first, *later]}


@settings(max_examples=300, deadline=None)
@given(history=histories())
def test_compute_interest_equals_the_day_by_day_reference(history):
    result = compute_interest(**history)
    daily = reference_daily(**history)
    assert result.jishu_total == daily.jishu_total
    assert result.interest == daily.interest
    assert result.closing == daily.closing == history["opening"] + sum(m.amount for m in history["movements"])
    assert sum(s.days for s in result.segments) == (history["end"] - history["start"]).days == daily.days


@settings(max_examples=300, deadline=None)
@given(history=histories())
def test_segments_tile_the_period(history):
    result = compute_interest(**history)
    segments = result.segments
    assert segments[0].start == history["start"] and segments[-1].end_exclusive == history["end"]
    for s, following in zip(segments, segments[1:], strict=False):
        assert s.end_exclusive == following.start
    for s in segments:
        assert s.days == (s.end_exclusive - s.start).days > 0
        assert s.jishu == s.balance * s.days and s.balance >= 0
    assert result.jishu_total == sum(s.jishu for s in segments)


@settings(max_examples=300, deadline=None)
@given(history=histories())
def test_a_running_jishu_kept_with_accrue_gives_the_same_total(history):
    """What a set-based year end does: keep 积数 on the account, accrue at every change, once more at the end."""
    jishu, balance, since = 0, history["opening"], history["start"]
    for m in sorted(history["movements"], key=lambda m: m.on):
        jishu = accrue(jishu, balance, since, m.on)
        balance, since = balance + m.amount, m.on
    jishu = accrue(jishu, balance, since, history["end"])
    assert jishu == compute_interest(**history).jishu_total


# ---------------------------------------------------------------- rates from policy


def version(key: str, effective: date, value) -> ValueVersion:
    return ValueVersion(key, effective, 1, value, None, "test", "test", "")


class TestRatesFromPolicy:
    store = PolicyStore([
        version("interest.deposit_rate", D(2015, 8, 26), Decimal("0.015")),
        version("interest.day_basis", D(2015, 8, 26), "360"),
        version("deposit.base_cap", D(2024, 9, 1), 2_160_000),  # another key: must not split the segments
        version("interest.deposit_rate", D(2025, 1, 1), Decimal("0.01")),
        version("interest.day_basis", D(2025, 4, 1), "365"),
        version("interest.deposit_rate", D(2025, 7, 1), Decimal("0.012")),  # next year: outside
    ])

    def test_one_period_per_actual_change(self):
        start, end = year_bounds(2025)
        assert rates_from_policy(self.store, start, end) == [
            RatePeriod(D(2024, 7, 1), Decimal("0.015"), 360),
            RatePeriod(D(2025, 1, 1), Decimal("0.01"), 360),
            RatePeriod(D(2025, 4, 1), Decimal("0.01"), 365),
        ]

    def test_a_year_without_changes(self):
        assert rates_from_policy(self.store, *year_bounds(2024)) == [RatePeriod(D(2023, 7, 1), Decimal("0.015"), 360)]

    def test_collapse_rates(self):
        same = RatePeriod(D(2025, 1, 1), Decimal("0.015"), 360)
        assert collapse_rates([RATE_15[0], same]) == RATE_15


def test_rates_from_the_sample_centre(engine):
    from anju.policy.store import load_store

    with engine.connect() as conn:
        store = load_store(conn)
    assert rates_from_policy(store, *year_bounds(2025)) == [RatePeriod(D(2024, 7, 1), Decimal("0.015"), 360)]
