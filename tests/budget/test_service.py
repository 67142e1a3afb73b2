"""Budget services on SQLite and PostgreSQL: codes, imports that replace a year atomically, texts, the indicator
framework with its audit trail, evaluation with the fund-indicator resolver, permissions, anju verify."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from anju.auth.actor import Actor, Channel, Role, cli_actor
from anju.auth.tables import audit_log
from anju.budget import queries, service
from anju.budget.demo import demo_indicators, demo_texts, demo_years, load_demo
from anju.budget.errors import BudgetError
from anju.budget.scoring import GradeBand, Rules
from anju.budget.service import BudgetPermission, CodeKind
from anju.budget.sources import FundIndicatorSource, NotConnected
from anju.budget.tables import budget_spend
from anju.budget.workbook import build_workbook
from anju.core.errors import AnjuError, Forbidden, NotFound, ValidationFailed
from anju.core.money import parse_wan
from anju.db import UnitOfWork
from anju.verify import run_all

ADMIN = cli_actor("tester")
FINANCE = Actor("caiwu", frozenset({Role.FINANCE}), Channel.COUNTER)
AUDITOR = Actor("jihe", frozenset({Role.AUDITOR}), Channel.COUNTER)
CLERK = Actor("jingban", frozenset({Role.CLERK}), Channel.COUNTER)
DEPT = "示例市住房公积金管理中心"


def write(engine, fn, *args, actor=FINANCE, **kwargs):
    with UnitOfWork(engine) as uow:
        result = fn(uow, actor, *args, **kwargs)
        uow.commit()
    return result


def audits(engine, action: str | None = None) -> list:
    with engine.connect() as conn:
        q = select(audit_log).order_by(audit_log.c.seq)
        if action:
            q = q.where(audit_log.c.action == action)
        return conn.execute(q).all()


def workbook_of(engine, data) -> bytes:
    from io import BytesIO

    with engine.connect() as conn:
        funcs, econs = queries.func_codes(conn), queries.econ_codes(conn)
    buf = BytesIO()
    build_workbook(funcs, econs, data).save(buf)
    return buf.getvalue()


@pytest.fixture
def demo(engine):
    with UnitOfWork(engine) as uow:
        load_demo(uow, FINANCE, year=2025, dept=DEPT)
        uow.commit()
    return engine


class TestCodes:
    def test_first_use_seeds_the_standard_lists_once(self, engine):
        with UnitOfWork(engine) as uow:
            assert service.ensure_codes(uow.conn) > 100
            assert service.ensure_codes(uow.conn) == 0
            uow.commit()
        with engine.connect() as conn:
            codes = {c.code: c for c in queries.func_codes(conn)}
        assert codes["2210201"].name == "住房公积金" and "住房公积金" in codes["2210201"].description

    def test_add_rename_and_remove_with_audit(self, engine):
        with pytest.raises(ValidationFailed) as exc:  # its 款 20899 is not there yet
            write(engine, service.set_code, kind=CodeKind.FUNCTIONAL, code="2089999", name="其他社会保障和就业支出")
        assert exc.value.problems[0].code == BudgetError.SUBJECT_PARENT_UNKNOWN and "20899" in str(exc.value.problems[0])
        assert write(engine, service.set_code, kind=CodeKind.FUNCTIONAL, code="20899", name="其他社会保障和就业支出")
        assert write(engine, service.set_code, kind=CodeKind.FUNCTIONAL, code="2089999", name="其他社会保障和就业支出",
                     description="反映除上述项目以外其他用于社会保障和就业方面的支出。")
        assert write(engine, service.set_code, kind=CodeKind.ECONOMIC, code="30230", name="测试费") is True
        assert write(engine, service.set_code, kind=CodeKind.ECONOMIC, code="30230", name="测试服务费") is False
        write(engine, service.remove_code, kind=CodeKind.ECONOMIC, code="30230")
        rows = audits(engine)
        assert [r.action for r in rows[-3:]] == ["budget.code_set", "budget.code_set", "budget.code_remove"]
        assert json.loads(rows[-2].before_json) == {"name": "测试费"}

    def test_a_code_in_use_or_with_children_cannot_be_removed(self, demo):
        with pytest.raises(AnjuError) as exc:
            write(demo, service.remove_code, kind=CodeKind.FUNCTIONAL, code="2129999")
        assert exc.value.code is BudgetError.SUBJECT_IN_USE
        with pytest.raises(AnjuError):
            write(demo, service.remove_code, kind=CodeKind.FUNCTIONAL, code="212")
        with pytest.raises(NotFound):
            write(demo, service.remove_code, kind=CodeKind.ECONOMIC, code="30298")


class TestImport:
    def test_a_workbook_imports_the_whole_year(self, engine):
        write(engine, lambda uow, actor: service.ensure_codes(uow.conn))
        _, year = demo_years(2025, DEPT)
        summary = write(engine, service.import_workbook, year=2025, content=workbook_of(engine, year),
                        source="2025.xlsx")
        assert summary.replaced is False and all(c.ok for c in summary.checks)
        with engine.connect() as conn:
            stored = queries.load_year(conn, 2025)
        assert set(stored.spend) == set(year.spend) and set(stored.income) == set(year.income)
        assert stored.fact("tp.domestic_persons") == 21 and stored.func_name("2129999") == "其他城乡社区支出"
        record = audits(engine, "budget.year_import")[-1]
        assert record.username == "caiwu" and record.entity_id == "2025"
        after = json.loads(record.after_json)
        assert after["spend"] == "2088.510000" and after["source"].startswith("2025.xlsx (sha256:")

    def test_re_import_replaces_the_year_and_keeps_the_old_totals_in_the_audit(self, demo):
        with demo.connect() as conn:
            before = queries.load_year(conn, 2025)
        smaller = replace(before, spend=tuple(x for x in before.spend if not x.project))
        write(demo, service.import_workbook, year=2025, content=workbook_of(demo, smaller), source="v2.xlsx")
        with demo.connect() as conn:
            after = queries.load_year(conn, 2025)
            assert conn.execute(select(budget_spend).where(budget_spend.c.project != "")).first() is None
        assert after.projects() == ["住房公积金信息系统升级改造"]  # still budgeted, no longer spent
        record = audits(demo, "budget.year_replace")[-1]
        assert json.loads(record.before_json)["spend"] == "2088.510000"
        assert json.loads(record.after_json)["spend"] == "1908.010000"
        assert "t01_balance" in json.loads(record.after_json)["failed_checks"]

    def test_a_bad_workbook_reports_everything_and_changes_nothing(self, demo):
        with demo.connect() as conn:
            before = queries.load_year(conn, 2025)
        bad = replace(before, spend=(*before.spend,), dept_name="")
        content = workbook_of(demo, bad)
        from io import BytesIO

        from openpyxl import load_workbook

        wb = load_workbook(BytesIO(content))
        wb["支出"].cell(2, 6, "39998")
        wb["支出"].cell(3, 8, "abc")
        buf = BytesIO()
        wb.save(buf)
        n_audit = len(audits(demo))
        with pytest.raises(ValidationFailed) as exc:
            write(demo, service.import_workbook, year=2025, content=buf.getvalue(), source="bad.xlsx")
        assert len(exc.value.problems) == 3 and "未导入" in exc.value.message
        with demo.connect() as conn:
            assert queries.load_year(conn, 2025) == before
        assert len(audits(demo)) == n_audit

    def test_not_a_workbook(self, engine):
        with pytest.raises(AnjuError) as exc:
            write(engine, service.import_workbook, year=2025, content=b"not excel", source="x.xlsx")
        assert "无法读取" in exc.value.message

    def test_unknown_codes_are_refused_before_writing(self, engine):
        _, year = demo_years(2025, DEPT)
        odd = replace(year, spend=(*year.spend, replace(year.spend[0], func_code="2999999")))
        with pytest.raises(ValidationFailed) as exc:
            write(engine, service.replace_year, data=odd, source="x")
        assert exc.value.problems[0].code == BudgetError.FUNCTION_SUBJECT_UNKNOWN and "2999999" in str(exc.value.problems[0])
        with engine.connect() as conn:
            assert queries.load_year(conn, 2025) is None

    def test_the_year_must_be_plausible(self, engine):
        with pytest.raises(AnjuError):
            write(engine, service.replace_year, data=replace(demo_years(2025, DEPT)[1], year=1999), source="x")


class TestPermissions:
    def test_finance_manages_auditor_reads_clerk_neither(self, demo):
        _, year = demo_years(2025, DEPT)
        with pytest.raises(Forbidden):
            write(demo, service.replace_year, data=year, source="x", actor=AUDITOR)
        with pytest.raises(Forbidden):
            write(demo, service.set_text, year=2025, key="dept.duties", body="x", actor=CLERK)
        with pytest.raises(Forbidden), demo.connect() as conn:
            service.year_report(conn, CLERK, year=2025)
        with demo.connect() as conn:
            assert service.year_report(conn, AUDITOR, year=2025).ok
            assert service.evaluate_year(conn, AUDITOR, year=2025).evaluation.grade == "优"

    def test_permission_strings(self):
        from anju.auth.actor import can

        assert can(FINANCE, BudgetPermission.MANAGE) and can(AUDITOR, BudgetPermission.READ)
        assert not can(AUDITOR, BudgetPermission.MANAGE) and not can(CLERK, BudgetPermission.READ)


class TestTexts:
    def test_set_change_and_clear_are_audited(self, engine):
        write(engine, service.set_text, year=2025, key="perf.problems", body="一是……")
        write(engine, service.set_text, year=2025, key="perf.problems", body="一是……")  # unchanged: no record
        write(engine, service.set_text, year=2025, key="perf.problems", body="二是……")
        write(engine, service.set_text, year=2025, key="perf.problems", body="")
        rows = audits(engine, "budget.text_set")
        assert len(rows) == 3 and rows[-1].after_json is None
        with engine.connect() as conn:
            assert queries.texts(conn, 2025) == {}

    def test_keys_are_known(self, engine):
        write(engine, service.set_text, year=2025, key="reason.fiscal.212", body="按进度付款")
        with pytest.raises(AnjuError):
            write(engine, service.set_text, year=2025, key="reason.whatever", body="x")


class TestIndicators:
    def test_the_demo_framework_scores_from_the_data(self, demo):
        with demo.connect() as conn:
            ye = service.evaluate_year(conn, FINANCE, year=2025)
        se = ye.self_evaluation
        assert len(se.evaluation.rows) == len(demo_indicators())
        execution = se.evaluation.rows[3]
        assert se.actuals[3] == "98.33%" and se.provenance[3] == "预算执行（自动）"
        assert execution.score == Decimal("1.97")
        assert se.provenance[11] == "业务指标（新增缴存单位数未接入，按人工填报）"
        assert se.actuals[11] == "326个" and se.evaluation.rows[11].score == 5
        assert str(se.evaluation.total) == "98.51" and se.evaluation.grade == "优"

    def test_a_connected_fund_source_fills_the_actuals(self, demo):
        class Stats:
            def value(self, code, year):
                return {"deposit.amount": Decimal("240000"), "loan.overdue_rate": Decimal("0.329")}.get(code)

        assert isinstance(Stats(), FundIndicatorSource) and NotConnected().value("deposit.amount", 2025) is None
        with demo.connect() as conn:
            ye = service.evaluate_year(conn, FINANCE, year=2025, fund_source=Stats())
        se = ye.self_evaluation
        deposit = next(i for i, r in enumerate(ye.rows) if r.fund_code == "deposit.amount")
        overdue = next(i for i, r in enumerate(ye.rows) if r.fund_code == "loan.overdue_rate")
        assert se.actuals[deposit] == "240000万元" and se.provenance[deposit] == "业务指标（年度归集额，自动）"
        assert se.evaluation.rows[deposit].score == Decimal("3.84")  # 4 × 240000 ÷ 250000
        assert se.actuals[overdue] == "0.329‰" and se.evaluation.rows[overdue].score == Decimal("4.56")

    def test_changes_to_targets_and_actuals_are_audited_field_by_field(self, demo):
        changed = write(demo, service.update_indicator, year=2025, seq=20, actual="88000万元", target="≥85000万元")
        assert changed == {"actual": "88000万元", "target": "≥85000万元"}
        record = audits(demo, "budget.indicator_update")[-1]
        assert record.username == "caiwu" and record.entity_id == "2025:20"
        assert json.loads(record.before_json) == {"actual": "81240.00万元", "target": "≥90000万元"}
        assert write(demo, service.update_indicator, year=2025, seq=20, actual="88000万元") == {}

    def test_an_override_needs_a_reason_and_can_be_withdrawn(self, demo):
        with pytest.raises(AnjuError) as exc:
            write(demo, service.update_indicator, year=2025, seq=22, score="7")
        assert "理由" in exc.value.message
        write(demo, service.update_indicator, year=2025, seq=22, score="7", reason="问卷样本偏少")
        with demo.connect() as conn:
            row = service.evaluate_year(conn, FINANCE, year=2025).evaluation.rows[21]
        assert row.score == 7 and row.overridden and row.computed == 8
        write(demo, service.update_indicator, year=2025, seq=22, score=None)
        with demo.connect() as conn:
            stored = queries.indicators(conn, 2025)[21].row.indicator
        assert stored.score is None and stored.reason == ""

    def test_unknown_indicator_and_bad_numbers(self, demo):
        with pytest.raises(NotFound):
            write(demo, service.update_indicator, year=2025, seq=99, actual="1")
        with pytest.raises(AnjuError):
            write(demo, service.update_indicator, year=2025, seq=1, weight="三")

    def test_replacing_the_framework_keeps_the_old_table_in_the_audit(self, demo):
        rows = demo_indicators()[:3]
        assert write(demo, service.replace_indicators, year=2025, rows=rows, source="new.xlsx") == 3
        record = audits(demo, "budget.indicators_replace")[-1]
        assert len(json.loads(record.before_json)["rows"]) == 24 and len(json.loads(record.after_json)["rows"]) == 3

    def test_rules_per_year(self, demo):
        write(demo, service.set_rules, year=2025, rules=Rules(bands=(GradeBand(Decimal(99), "优"),
                                                                      GradeBand(Decimal(0), "良"))))
        with demo.connect() as conn:
            assert service.evaluate_year(conn, FINANCE, year=2025).evaluation.grade == "良"
        with pytest.raises(ValidationFailed):
            write(demo, service.set_rules, year=2025, rules=Rules(step_fractions=(Decimal(2),)))
        assert audits(demo, "budget.rules_set")

    def test_no_framework_no_evaluation(self, engine):
        with pytest.raises(NotFound), engine.connect() as conn:
            service.evaluate_year(conn, FINANCE, year=2030)


class TestVerify:
    def test_rows_changed_behind_the_services_back_are_reported(self, demo):
        def failures():
            with demo.connect() as conn:
                return {r.check.name: r.violations for r in run_all(conn) if not r.ok}

        assert "budget.year_hash" not in failures()
        with demo.begin() as conn:
            conn.execute(text("UPDATE budget_spend SET amount = amount + 1 WHERE econ_code = '30101' AND year = 2025"))
        found = failures()["budget.year_hash"]
        assert len(found) == 1 and "2025年度" in found[0].message


def test_demo_texts_are_all_known_keys():
    from anju.budget.narrative import text_key_known

    assert all(text_key_known(k) for k in demo_texts(2025, DEPT))
    assert parse_wan("1") == 1_000_000 and ADMIN.username == "tester"
