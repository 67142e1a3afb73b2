"""`anju loan schedule` as a counter clerk uses it: table and JSON output, Chinese errors, no database."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from anju.cli import app

runner = CliRunner()
# A database URL that cannot be opened: the calculator must never need one.
NO_DATABASE = {"ANJU_DATABASE_URL": "sqlite:////nonexistent-anju-dir/never.sqlite3"}


def run(*args: str):
    return runner.invoke(app, ["loan", "schedule", *args], env=NO_DATABASE, catch_exceptions=False)


def run_json(*args: str) -> dict:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


class TestScheduleJson:
    def test_level_payment_worked_example(self):
        out = run_json("--amount", "1000000.00", "--months", "360", "--rate", "2.60", "--method", "equal-installment")
        assert (out["method"], out["method_name"], out["months"]) == ("01", "等额本息", 360)
        assert out["annual_rate"] == "0.0260" and out["principal"] == "1000000.00"
        rows = out["instalments"]
        assert len(rows) == 360
        assert rows[0] == {"period": 1, "due_date": None, "payment": "4003.40", "principal": "1836.73",
                           "interest": "2166.67", "balance": "998163.27"}
        assert rows[-1]["payment"] == "4001.75" and rows[-1]["balance"] == "0.00"
        assert (out["total_interest"], out["total_principal"], out["total_payment"]) == (
            "441222.35", "1000000.00", "1441222.35")

    def test_level_principal_worked_example(self):
        out = run_json("--amount", "1,000,000", "--months", "360", "--rate", "2.6%", "--method", "equal-principal")
        assert out["instalments"][0]["payment"] == "4944.45"
        assert out["total_interest"] == "391083.03"

    def test_dated_schedule_with_actual_days(self):
        out = run_json("--amount", "1000000.00", "--months", "360", "--rate", "2.60", "--start", "2025-06-15",
                       "--day", "20", "--actual-days")
        first, second = out["instalments"][:2]
        assert (first["due_date"], first["interest"], first["payment"]) == ("2025-07-20", "2527.78", "4364.51")
        assert second["due_date"] == "2025-08-20"
        assert out["instalments"][-1]["due_date"] == "2055-06-20"

    def test_default_method_is_level_payment(self):
        assert run_json("--amount", "1200", "--months", "12", "--rate", "0")["method"] == "01"


class TestScheduleTable:
    def test_prints_every_instalment_and_totals(self):
        result = run("--amount", "120000.00", "--months", "12", "--rate", "3.10", "--start", "2025-01-31")
        assert result.exit_code == 0
        text = result.stdout
        for heading in ("期次", "还款日", "月供", "本金", "利息", "剩余本金", "合计", "等额本息"):
            assert heading in text
        assert "2025-02-28" in text and "2026-01-31" in text and "120,000.00" in text

    def test_undated_table_has_no_due_date_column(self):
        result = run("--amount", "120000.00", "--months", "12", "--rate", "3.10", "--method", "equal-principal")
        assert result.exit_code == 0 and "还款日" not in result.stdout and "等额本金" in result.stdout


class TestScheduleErrors:
    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (("--amount", "-5000", "--months", "12", "--rate", "2.6"), "贷款金额应大于0元"),
            (("--amount", "5000", "--months", "0", "--rate", "2.6"), "期数应在1至360个月之间"),
            (("--amount", "5000", "--months", "361", "--rate", "2.6"), "期数应在1至360个月之间"),
            (("--amount", "5000", "--months", "12", "--rate", "2.6", "--method", "bullet"), "未知的还款方式"),
            (("--amount", "5000", "--months", "12", "--rate", "abc"), "应为百分数"),
            (("--amount", "5000.001", "--months", "12", "--rate", "2.6"), "金额最多两位小数"),
            (("--amount", "5000", "--months", "12", "--rate", "2.6", "--day", "20"), "约定还款日"),
        ],
    )
    def test_bad_input_exits_1_with_a_chinese_message(self, args, message):
        result = runner.invoke(app, ["loan", "schedule", *args], env=NO_DATABASE)
        assert result.exit_code == 1
        assert message in result.output

    def test_json_error_lists_every_problem(self):
        result = run("--amount", "-1", "--months", "0", "--rate", "2.6", "--json")
        out = json.loads(result.stdout)
        assert result.exit_code == 1 and out["ok"] is False and len(out["problems"]) == 2

    def test_unreadable_values_are_all_reported(self):
        result = run("--amount", "x", "--months", "y", "--rate", "z", "--json")
        out = json.loads(result.stdout)
        assert result.exit_code == 1 and len(out["problems"]) == 3
