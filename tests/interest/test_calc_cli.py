"""`anju interest calc`: the 积数 explanation a clerk prints for a member, with and without the database."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from anju.auth.actor import cli_actor
from anju.cli import app
from anju.db import UnitOfWork
from anju.policy import service as policy_service

runner = CliRunner()
NO_DATABASE = {"ANJU_DATABASE_URL": "sqlite:////nonexistent-anju-dir/never.sqlite3"}
WORKED = ("--year", "2025", "--opening", "20000.00", "--move", "2024-10-15:1000.00", "--move", "2025-03-01:-5000.00")


def run(*args: str, env: dict | None = None):
    return runner.invoke(app, ["interest", "calc", *args], env=env or NO_DATABASE)


def env_for(engine) -> dict:
    return {"ANJU_DATABASE_URL": engine.url.render_as_string(hide_password=False)}


class TestWithoutDatabase:
    def test_worked_example_json(self):
        result = run(*WORKED, "--rate", "1.50", "--basis", "360", "--json")
        assert result.exit_code == 0, result.output
        out = json.loads(result.stdout)
        assert out["jishu_total"] == "6949000.00" and out["interest"] == "289.54"
        assert (out["opening"], out["closing"], out["days"]) == ("20000.00", "16000.00", 365)
        assert (out["start"], out["end_exclusive"], out["rate_source"]) == ("2024-07-01", "2025-07-01", "命令行")
        assert [(s["start"], s["end"], s["balance"], s["days"], s["jishu"]) for s in out["segments"]] == [
            ("2024-07-01", "2024-10-14", "20000.00", 106, "2120000.00"),
            ("2024-10-15", "2025-02-28", "21000.00", 137, "2877000.00"),
            ("2025-03-01", "2025-06-30", "16000.00", 122, "1952000.00"),
        ]
        assert {(s["rate"], s["basis"]) for s in out["segments"]} == {("0.0150", 360)}

    def test_worked_example_table(self):
        result = run(*WORKED, "--rate", "1.5%", "--basis", "360")
        assert result.exit_code == 0
        for text in ("起止日期", "余额", "天数", "积数", "利率", "2024-10-15 至 2025-02-28", "6,949,000.00", "289.54"):
            assert text in result.stdout

    def test_basis_365(self):
        out = json.loads(run(*WORKED, "--rate", "1.50", "--basis", "365", "--json").stdout)
        assert out["interest"] == "285.58"  # 6,949,000 × 1.5% ÷ 365 = 285.575…

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (("--year", "2025", "--move", "2025-07-01:100.00"), "不在计息区间"),
            (("--year", "2025", "--move", "2024-06-30:100.00"), "不在计息区间"),
            (("--year", "2025", "--move", "2024-10-15"), "日期:金额"),
            (("--year", "2025", "--move", "2024-13-15:1.00"), "日期格式不正确"),
            (("--year", "2025", "--opening", "100", "--move", "2024-10-15:-200.00"), "日终余额为负数"),
            (("--year", "twenty",), "应为整数"),
            (("--year", "2025", "--basis", "366"), "360或365"),
        ],
    )
    def test_bad_input_exits_1_with_a_chinese_message(self, args, message):
        result = run(*args, "--rate", "1.50", *(() if "--basis" in args else ("--basis", "360")))
        assert result.exit_code == 1
        assert message in result.output


class TestWithDatabase:
    def test_rate_and_basis_from_policy(self, engine):
        result = run(*WORKED, "--json", env=env_for(engine))
        assert result.exit_code == 0, result.output
        out = json.loads(result.stdout)
        assert (out["interest"], out["rate_source"]) == ("289.54", "政策参数")

    def test_a_mid_year_rate_change_in_policy_splits_the_year(self, engine):
        with UnitOfWork(engine) as uow:
            policy_service.set_value(uow, cli_actor(), key="interest.deposit_rate", raw="1.00%",
                                     effective=date(2025, 1, 1), note="测试：年中调整存款利率")
            uow.commit()
        out = json.loads(run("--year", "2025", "--opening", "10000.00", "--json", env=env_for(engine)).stdout)
        assert [(s["start"], s["rate"]) for s in out["segments"]] == [("2024-07-01", "0.015"), ("2025-01-01", "0.01")]
        assert out["interest"] == "126.94"  # 7,666.67 + 5,027.78 fen, rounded once

    def test_basis_given_rate_from_policy(self, engine):
        out = json.loads(run(*WORKED, "--basis", "365", "--json", env=env_for(engine)).stdout)
        assert (out["interest"], out["rate_source"]) == ("285.58", "政策参数与命令行")
