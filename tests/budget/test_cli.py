"""`anju budget …` and `anju performance …` as finance staff use them.

The commands only call the services, which test_service.py runs on both databases; the command line
itself is exercised on SQLite (each command prepares the database afresh, which is slow to repeat twice)."""

from __future__ import annotations

import json

import docx
import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from typer.testing import CliRunner

from anju.auth.actor import Role
from anju.auth.tables import audit_log
from anju.cli import app
from tests.budget.data import seed_tables as seeds
from tests.support.cli import invoke_as, signed_in_user

runner = CliRunner()


@pytest.fixture
def engine(_sqlite_db):
    _sqlite_db.reset()
    return _sqlite_db.engine


def run(engine, *args: str):
    """As finance staff, signed in: importing and filling in the year are their acts."""
    return invoke_as(engine, signed_in_user(engine, "finance_cli", Role.FINANCE), *args, COLUMNS="200")


def test_template_fill_import_check_and_publish(engine, tmp_path):
    assert run(engine, "budget", "demo-data", "2025").exit_code == 0
    exported = tmp_path / "2025.xlsx"
    assert run(engine, "budget", "template", str(exported), "--year", "2025").exit_code == 0
    wb = load_workbook(exported)
    wb["基本情况"]["B2"] = "示例市住房公积金管理中心（本级）"
    wb.save(exported)
    imported = run(engine, "budget", "import", "2025", str(exported), "--json")
    out = json.loads(imported.stdout)
    assert imported.exit_code == 0 and out["replaced"] is True and out["spend"] == "2088.51"
    assert all(c["ok"] for c in out["checks"])
    check = run(engine, "budget", "check", "2025", "--json")
    assert check.exit_code == 0 and json.loads(check.stdout)["ok"] is True
    assert run(engine, "budget", "tables", "2025", str(tmp_path / "t.xlsx")).exit_code == 0
    assert load_workbook(tmp_path / "t.xlsx")["公开02表"]["A1"].value == "收入决算表"
    assert run(engine, "budget", "report", "2025", str(tmp_path / "r.docx")).exit_code == 0
    first = docx.Document(tmp_path / "r.docx").paragraphs[0].text
    assert first == "示例市住房公积金管理中心（本级）2025年度部门决算"
    shown = json.loads(run(engine, "budget", "show", "2025", "--json").stdout)
    assert shown["figures"]["本年收入合计"] == "2083.02" and shown["execution"][0]["rate"] == "98.33%"
    with engine.connect() as conn:
        actions = [r.action for r in conn.execute(select(audit_log.c.action).order_by(audit_log.c.seq))]
    assert actions.count("budget.year_replace") == 1


def test_an_import_with_errors_lists_them_all_and_exits_non_zero(engine, tmp_path):
    path = tmp_path / "t.xlsx"
    assert run(engine, "budget", "template", str(path)).exit_code == 0
    wb = load_workbook(path)
    wb["支出"].append(["2129999", "", "一般公共预算财政拨款", "项目支出", "", "30199", "", "1.2345678"])
    wb.save(path)
    result = run(engine, "budget", "import", "2025", str(path), "--json")
    out = json.loads(result.stdout)
    assert result.exit_code == 1 and out["ok"] is False and len(out["problems"]) == 3
    assert any("第2行“支出·项目名称”" in p for p in out["problems"])
    assert json.loads(run(engine, "budget", "years", "--json").stdout) == []


def test_check_fails_when_the_tables_disagree(engine):
    run(engine, "budget", "demo-data", "2025", "--no-previous")
    with engine.begin() as conn:
        from sqlalchemy import text

        conn.execute(text("UPDATE budget_income SET amount = amount + 10000 WHERE func_code = '2210201'"))
    result = run(engine, "budget", "check", "2025", "--json")
    out = json.loads(result.stdout)
    assert result.exit_code == 1 and out["ok"] is False
    assert {c["code"] for c in out["checks"] if not c["ok"]} == {"t01_balance", "t04_balance"}


def test_codes_and_texts(engine):
    listed = json.loads(run(engine, "budget", "codes", "list", "--json").stdout)
    assert {"code": "2210201", "name": "住房公积金"}.items() <= next(c for c in listed if c["code"] == "2210201").items()
    assert run(engine, "budget", "codes", "set", "30230", "测试费", "--economic").exit_code == 0
    assert run(engine, "budget", "codes", "remove", "30230", "--economic").exit_code == 0
    assert run(engine, "budget", "text", "2025", "perf.problems", "--value", "一是……").exit_code == 0
    assert run(engine, "budget", "text", "2025", "perf.problems").stdout.strip() == "一是……"
    assert run(engine, "budget", "text", "2025", "nonsense", "--value", "x").exit_code == 1
    keys = json.loads(run(engine, "budget", "text-keys", "--json").stdout)
    assert any(k["key"] == "perf.measures" for k in keys)


def test_performance_framework_commands(engine, tmp_path):
    run(engine, "budget", "demo-data", "2025")
    shown = json.loads(run(engine, "performance", "show", "2025", "--json").stdout)
    assert shown["total"] == "98.51" and shown["grade"] == "优"
    loan = next(r for r in shown["rows"] if r["level3"] == "个人住房贷款发放额")
    assert loan["source"] == "fund" and loan["fund_code"] == "loan.issued_amount" and "未接入" in loan["provenance"]
    changed = run(engine, "performance", "set", "2025", "20", "--actual", "92000万元")
    assert changed.exit_code == 0 and "actual=92000万元" in changed.stdout
    assert run(engine, "performance", "set", "2025", "22", "--score", "7").exit_code == 1  # no reason
    assert run(engine, "performance", "set", "2025", "22", "--score", "7", "--reason", "样本少").exit_code == 0
    after = json.loads(run(engine, "performance", "show", "2025", "--json").stdout)
    assert after["total"] == "97.9"
    assert run(engine, "performance", "report", "2025", str(tmp_path / "p.docx")).exit_code == 0
    assert "97.9分" in "\n".join(p.text for p in docx.Document(tmp_path / "p.docx").paragraphs)
    assert run(engine, "performance", "table", "2025", str(tmp_path / "p.xlsx")).exit_code == 0
    rescored = runner.invoke(app, ["performance", "score", "--input", str(tmp_path / "p.xlsx"), "--json"])
    assert json.loads(rescored.stdout)["total"] == "97.9"


def test_importing_a_seed_table_as_a_year_framework(engine, tmp_path):
    assert run(engine, "performance", "import", "2024", str(seeds.HERE / "seed004.xlsx")).exit_code == 0
    shown = json.loads(run(engine, "performance", "show", "2024", "--json").stdout)
    assert (shown["total"], shown["grade"]) == ("91.4", "优")
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"bands": [{"minimum": "95", "label": "优"}, {"minimum": "0", "label": "良"}]}),
                     encoding="utf-8")
    assert run(engine, "performance", "rules", "2024", "--set", str(rules)).exit_code == 0
    assert json.loads(run(engine, "performance", "show", "2024", "--json").stdout)["grade"] == "良"
    rules.write_text('{"bands": [{"minimum": "九十", "label": "优"}]}', encoding="utf-8")
    bad = run(engine, "performance", "rules", "2024", "--set", str(rules))
    assert bad.exit_code == 1 and "数值格式不正确" in bad.output
    assert run(engine, "performance", "template", str(tmp_path / "blank.xlsx")).exit_code == 0


def test_verify_includes_the_budget_check(engine):
    run(engine, "budget", "demo-data", "2025")
    out = json.loads(run(engine, "verify", "--json").stdout)
    assert out["ok"] is True and any(c["name"] == "budget.year_hash" for c in out["checks"])
