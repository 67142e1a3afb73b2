"""Scoring of indicator tables: targets as the reports write them, the seeds' conventions, overrides, groups."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anju.budget.scoring import (
    GradeBand,
    Indicator,
    Method,
    Op,
    Rules,
    declared_weight,
    describe_evaluation,
    evaluate,
    format_score,
    parse_quantity,
    parse_target,
    score_row,
)


def row(target, actual, weight="10", *, score=None, method=Method.AUTO, reason="", level1="一级"):
    return Indicator(level1, "二级", "三级", target, actual, None if weight is None else D(weight),
                     None if score is None else D(score), method, reason)


class TestParseTarget:
    @pytest.mark.parametrize(("text", "op", "value", "unit"), [
        ("≥54.12", Op.GE, "54.12", ""),
        (">=1800", Op.GE, "1800", ""),
        ("＞＝93", Op.GE, "93", ""),
        ("<=10%", Op.LE, "10", "%"),
        ("≤0.3‰", Op.LE, "0.3", "‰"),
        ("≤870.34万元", Op.LE, "870.34", "万元"),
        ("=100%", Op.EQ, "100", "%"),
        ("＝0%", Op.EQ, "0", "%"),
        ("90%", Op.GE, "90", "%"),  # a bare number is "at least"
        ("8个", Op.GE, "8", "个"),
        ("≥135,000人", Op.GE, "135000", "人"),
        (">5", Op.GT, "5", ""),
        ("<3", Op.LT, "3", ""),
    ])
    def test_quantitative_targets(self, text, op, value, unit):
        t = parse_target(text)
        assert (t.op, t.value, t.unit) == (op, D(value), unit)

    def test_a_range(self):
        t = parse_target("90%-95%")
        assert (t.op, t.value, t.high, t.unit) == (Op.RANGE, D(90), D(95), "%")
        assert parse_target("95～90").value == D(90)

    @pytest.mark.parametrize("text", ["健全", "效果明显", "较显著", "2024年12月之前", "≥较好"])
    def test_qualitative_targets(self, text):
        t = parse_target(text)
        assert t.op is Op.GRADE and not t.quantitative

    @pytest.mark.parametrize("text", ["", "不适用", None, "—"])
    def test_not_applicable(self, text):
        assert parse_target(text).op is Op.NA

    def test_bare_number_follows_the_rules(self):
        assert parse_target("90", bare_number=Op.EQ).op is Op.EQ

    def test_quantities(self):
        assert parse_quantity("859.70万元").value == D("859.70")
        assert parse_quantity("2024年12月之前") is None
        assert parse_quantity("较好") is None


# Seed 001 (苏州吴江 2024 部门整体自评表): every deviation the report prints, from target and actual.
SEED_001_DEVIATIONS = [
    ("=100%", "100%", "0.00%"), ("<=0%", "0%", "0.00%"), ("<=10%", "0%", "-100.00%"), ("<=100%", "100%", "0.00%"),
    (">=100", "100", "0.00%"), ("=0%", "0%", "0.00%"), ("=100%", "99.27%", "-0.73%"), (">=93", "93", "0.00%"),
    (">=16", "24", "50.00%"), (">=1800", "4348.32", "141.57%"), (">=3500", "4489", "28.26%"), (">=95", "95", "0.00%"),
    (">=1800", "1061", "-41.06%"), (">=7.4", "10.96", "48.11%"), (">=54.12", "60.43", "11.66%"),
    (">=10", "12", "20.00%"), (">=11000", "12682", "15.29%"), (">=22.5", "55.81", "148.04%"), (">=24", "25", "4.17%"),
    (">=38", "40.53", "6.66%"), (">=1000", "11195", "1019.50%"), (">=72", "85", "18.06%"),
    ("健全", "健全", "0%"), ("较显著", "较显著", "0%"), ("较好", "较好", "0%"),
]


class TestDeviation:
    @pytest.mark.parametrize(("target", "actual", "shown"), SEED_001_DEVIATIONS)
    def test_seed_001_deviations(self, target, actual, shown):
        assert score_row(row(target, actual)).deviation_text() == shown

    def test_a_zero_target_with_a_non_zero_actual_has_no_ratio(self):
        r = score_row(row("<=0%", "5%"))
        assert r.deviation is None and r.met is False and r.score == 0

    def test_range_deviation_is_from_the_nearer_bound(self):
        assert score_row(row("90%-95%", "92%")).deviation == 0
        assert score_row(row("90%-95%", "99%")).deviation_text() == "4.21%"
        assert score_row(row("90%-95%", "81%")).deviation_text() == "-10.00%"


class TestRowScore:
    def test_a_met_target_scores_the_full_weight(self):
        assert score_row(row("≥54.12", "60.43", "5")).score == D(5)
        assert score_row(row("≤870.34万元", "859.70万元")).score == 10

    def test_an_unmet_at_least_target_scores_in_proportion(self):
        # seed 004: 贷款发放数 ≥100000万元, actual 78531.4 → 4 × 0.785314 = 3.14
        assert score_row(row("≥100000万元", "78531.4万元", "4")).score == D("3.14")

    def test_an_unmet_at_most_target_scores_the_reverse(self):
        # seed 004: 逾期率 ≤0.3‰, actual 0.329‰ → 5 × 0.3 ÷ 0.329 = 4.56
        assert score_row(row("≤0.3‰", "0.329‰", "5")).score == D("4.56")

    def test_an_unmet_equality_loses_the_deviation(self):
        assert score_row(row("=100%", "99.27%", "10")).score == D("9.93")
        assert score_row(row("=100%", "105%", "10")).score == D("9.50")

    def test_budget_execution_scores_weight_times_rate(self):
        # seed 003: 10 × 79.54% = 7.95
        r = score_row(row("=100%", "79.54%", "10", method=Method.EXECUTION))
        assert r.score == D("7.95") and r.met is False
        exact = score_row(row("=100%", None, "10", method=Method.EXECUTION),
                          execution_rate=D(140323) / D(176412))
        assert exact.score == D("7.95")

    def test_execution_above_one_hundred_percent_is_capped(self):
        assert score_row(row("=100%", "103%", "10", method=Method.EXECUTION)).score == D(10)

    def test_qualitative_grades_map_to_fractions(self):
        # seed 003: 效果良好 against 效果明显 → 3 of 5
        assert score_row(row("效果明显", "效果良好", "5")).score == D(3)
        assert score_row(row("效果明显", "效果一般", "5")).score == D("1.5")
        assert score_row(row("效果明显", "效果较差", "5")).score == D(0)
        assert score_row(row("较显著", "显著", "5")).score == D(5)  # better than the target
        assert score_row(row("健全", "健全", "5")).met is True

    def test_an_unknown_grade_needs_the_evaluator(self):
        r = score_row(row("健全", "尚可", "5"))
        assert r.score is None and "人工评分" in r.note
        assert score_row(row("健全", "尚可", "5", score="4", reason="评价组认定")).score == D(4)

    def test_units_convert_or_are_refused(self):
        assert score_row(row("≥25亿元", "252827.64万元", "4")).met is True
        assert score_row(row("≥60%", "0.617", "5")).met is False  # a bare actual is read in the target's unit
        r = score_row(row("≥60%", "61人", "5"))
        assert r.score is None and "单位" in r.note

    def test_override_replaces_the_rule_and_is_marked(self):
        r = score_row(row("≥100000万元", "78531.4万元", "4", score="1.9", reason="评价组评分"))
        assert (r.score, r.computed, r.overridden) == (D("1.9"), D("3.14"), True)
        same = score_row(row("≥1", "2", "4", score="4"))
        assert same.overridden is False

    def test_not_applicable_rows_are_skipped(self):
        r = score_row(row("", "", None))
        assert r.applicable is False and r.score is None

    def test_manual_rows_take_only_the_score(self):
        assert score_row(row("≥1", "2", "4", method=Method.MANUAL)).score is None
        assert score_row(row("≥1", "2", "4", method=Method.MANUAL, score="3")).score == D(3)


class TestEvaluate:
    def test_groups_total_and_grade(self):
        ev = evaluate([row("≥1", "1", "60", level1="甲"), row("≥1", "0.5", "40", level1="乙"),
                       row("", "", None, level1="乙")])
        assert [(g.name, g.weight, g.score) for g in ev.groups] == [("甲", 60, 60), ("乙", 40, D(20))]
        assert ev.total == 80 and ev.grade == "良" and ev.complete

    @pytest.mark.parametrize(("total", "grade"), [("90", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"),
                                                  ("60", "中"), ("59.99", "差"), ("0", "差")])
    def test_grade_bands(self, total, grade):
        assert Rules().grade_of(D(total)) == grade

    def test_rows_that_cannot_be_scored_are_problems(self):
        ev = evaluate([row("≥1", None, "10"), row("健全", "还行", "5"), row("≥1", "1", None)])
        assert len(ev.problems) == 3 and not ev.complete

    def test_warnings_for_weights_and_unexplained_overrides(self):
        ev = evaluate([row("≥1", "0.5", "20", score="15", level1="成本指标（30分）")])
        texts = [str(w) for w in ev.warnings]
        assert any("标明30分" in t for t in texts)
        assert any("不等于100" in t for t in texts)
        assert any("未注明理由" in t for t in texts)

    def test_a_score_above_the_weight_is_a_problem(self):
        assert evaluate([row("≥1", "1", "5", score="6", reason="x")]).problems

    def test_declared_group_weights(self):
        assert declared_weight("成本指标（20分）") == 20
        assert declared_weight("产出指标(40 分)") == 40
        assert declared_weight("部门效果") is None

    def test_description_is_json_friendly(self):
        out = describe_evaluation(evaluate([row("≥54.12", "60.43", "100")]))
        json.dumps(out, ensure_ascii=False)
        assert out["total"] == "100" and out["rows"][0]["deviation"] == "11.66%"


class TestRules:
    def test_json_round_trip_with_edits(self):
        rules = Rules(score_places=1, bands=(GradeBand(D(85), "优"), GradeBand(D(0), "其他")),
                      step_fractions=(D(1), D("0.5"), D(0)), bare_number=Op.EQ)
        back = Rules.from_json(rules.to_json())
        assert back == rules
        assert back.grade_of(D("84.9")) == "其他"
        assert Rules.from_json(None) == Rules()

    def test_rounding_places_are_editable(self):
        r = score_row(row("≥100000万元", "78531.4万元", "4"), Rules(score_places=1))
        assert r.score == D("3.1")

    def test_invalid_rules_are_reported(self):
        assert Rules(step_fractions=(D("0.5"), D(1))).check()
        assert Rules(bands=(GradeBand(D(60), "及格"),)).check()
        assert Rules().check() == []

    def test_format_score_drops_trailing_zeros(self):
        assert [format_score(D(x)) for x in ("7.95", "10.00", "1.90", "91.40")] == ["7.95", "10", "1.9", "91.4"]


weights = st.integers(min_value=1, max_value=40).map(D)
amounts = st.decimals(min_value=D("0.01"), max_value=D("100000"), places=2)


class TestInvariants:
    @given(weight=weights, target=amounts, actual=st.decimals(min_value=0, max_value=D("100000"), places=2),
           op=st.sampled_from(["≥", "≤", "="]))
    def test_score_stays_within_the_weight_and_full_iff_met(self, weight, target, actual, op):
        r = score_row(Indicator("a", "b", "c", f"{op}{target}", str(actual), weight))
        assert 0 <= r.score <= weight
        assert r.met == ({"≥": actual >= target, "≤": actual <= target, "=": actual == target}[op])
        if r.met:
            assert r.score == weight

    @given(weight=weights, target=amounts, a=amounts, b=amounts)
    def test_more_is_never_worse_for_at_least_targets(self, weight, target, a, b):
        lo, hi = sorted((a, b))
        s_lo = score_row(Indicator("a", "b", "c", f"≥{target}", str(lo), weight)).score
        s_hi = score_row(Indicator("a", "b", "c", f"≥{target}", str(hi), weight)).score
        assert s_lo <= s_hi

    @given(st.lists(st.tuples(st.sampled_from(["甲", "乙", "丙"]), weights, amounts, amounts), min_size=1, max_size=12))
    def test_total_is_the_sum_of_the_row_scores_and_of_the_groups(self, rows):
        ev = evaluate([Indicator(g, "b", "c", f"≥{t}", str(a), w) for g, w, t, a in rows])
        assert ev.total == sum(r.score for r in ev.rows) == sum(g.score for g in ev.groups)
        assert ev.total_weight == sum(w for _, w, _, _ in rows)
