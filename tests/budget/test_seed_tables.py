"""The seed self-evaluations entered as Excel indicator tables score as published: 95.95 and 91.4 (优)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from anju.budget.perf_table import read_indicator_workbook
from anju.budget.scoring import evaluate, format_score
from anju.budget.workbook import Book
from anju.cli import app
from tests.budget.data import seed_tables as seeds


def score(path):
    rows, problems = read_indicator_workbook(Book(path.read_bytes()))
    assert problems == []
    return evaluate([r.indicator for r in rows])


@pytest.fixture(params=["committed", "regenerated"])
def files(request, tmp_path):
    """The .xlsx kept under tests/budget/data, and the same written afresh from the transcription."""
    if request.param == "committed":
        return seeds.HERE / "seed003.xlsx", seeds.HERE / "seed004.xlsx"
    return seeds.write_all(tmp_path)


class TestSeed003:
    def test_total_is_95_95(self, files):
        ev = score(files[0])
        assert format_score(ev.total) == seeds.SEED_003_TOTAL == "95.95"
        assert ev.grade == "优" and ev.complete and ev.warnings == ()

    def test_every_row_scores_as_printed(self, files):
        ev = score(files[0])
        assert tuple(format_score(r.score) for r in ev.rows) == seeds.SEED_003_SCORES
        execution = ev.rows[0]
        assert execution.indicator.target == "=100%"  # typed in Excel as a formula, read back as written
        assert execution.score == Decimal("7.95")
        assert [r.applicable for r in ev.rows].count(False) == 2  # 社会成本指标, 生态环境成本指标: 不适用

    def test_merged_group_cells_carry_down(self, files):
        ev = score(files[0])
        assert [(g.name, g.weight, g.score) for g in ev.groups] == [
            ("预算执行", 10, Decimal("7.95")), ("成本指标（20分）", 20, 20), ("产出指标（40分）", 40, 40),
            ("效益指标（20分）", 20, 18), ("满意度指标（10分）", 10, 10)]

    def test_a_percentage_cell_is_read_as_a_percentage(self, files):
        assert score(files[0]).rows[-1].indicator.actual == "95%"


class TestSeed004:
    def test_total_is_91_4_grade_excellent(self, files):
        ev = score(files[1])
        assert format_score(ev.total) == seeds.SEED_004_TOTAL == "91.4"
        assert ev.grade == "优" and ev.complete and ev.warnings == ()

    def test_group_subtotals_10_26_27_5_27_9(self, files):
        ev = score(files[1])
        assert tuple((g.name, format_score(g.weight), format_score(g.score)) for g in ev.groups) == seeds.SEED_004_GROUPS

    def test_the_evaluator_overrides_are_kept_with_the_rule_score_beside(self, files):
        ev = score(files[1])
        loan = next(r for r in ev.rows if r.indicator.level3 == "公积金贷款发放数")
        assert (loan.score, loan.computed, loan.overridden) == (Decimal("1.9"), Decimal("3.14"), True)
        assert loan.deviation_text() == "-21.47%"  # "missed by 21%"
        publicity = next(r for r in ev.rows if r.indicator.level3 == "住房公积金缴存宣传工作及时性")
        assert publicity.score == 3 and not publicity.overridden  # one grade below: 0.6 × 5


class TestCommand:
    @pytest.mark.parametrize(("name", "total", "grade"), [("seed003.xlsx", "95.95", "优"), ("seed004.xlsx", "91.4", "优")])
    def test_performance_score_json(self, name, total, grade):
        result = CliRunner().invoke(app, ["performance", "score", "--input", str(seeds.HERE / name), "--json"])
        assert result.exit_code == 0, result.output
        out = json.loads(result.stdout)
        assert (out["total"], out["grade"], out["complete"]) == (total, grade, True)
        assert all("deviation" in r and "score" in r for r in out["rows"])

    def test_performance_score_table_output(self):
        result = CliRunner().invoke(app, ["performance", "score", "--input", str(seeds.HERE / "seed004.xlsx")],
                                    env={"COLUMNS": "200"})
        assert result.exit_code == 0
        assert "总分 91.4" in result.stdout and "部门效果：分值32，得分27.9" in result.stdout
