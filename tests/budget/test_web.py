"""Budget pages and API through HTTP on both databases: a year imported (every problem of a bad workbook shown,
nothing stored; then the good one), the cross-table checks, the ten tables, downloads that open with Chinese
intact, staff texts, the scored indicator table with an override and its audit history, the scoring rules,
the code lists, and who may reach what."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from io import BytesIO

import docx
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from anju.auth.actor import Actor, Channel, Role
from anju.auth.tables import audit_log
from anju.budget import queries, service, sources
from anju.budget.demo import demo_years, load_demo
from anju.budget.scoring import format_score
from anju.budget.tables import budget_year
from anju.budget.workbook import build_workbook
from anju.db import UnitOfWork
from tests.budget.data import seed_tables as seeds

FINANCE = Actor("caiwu", frozenset({Role.FINANCE}), Channel.COUNTER)
DEPT = "示例市住房公积金管理中心"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def load(engine) -> None:
    with UnitOfWork(engine) as uow:
        load_demo(uow, FINANCE, year=2025, dept=DEPT)
        uow.commit()


def year_workbook(engine, data) -> bytes:
    with UnitOfWork(engine) as uow:
        service.ensure_codes(uow.conn)
        funcs, econs = queries.func_codes(uow.conn), queries.econ_codes(uow.conn)
        uow.commit()
    buf = BytesIO()
    build_workbook(funcs, econs, data).save(buf)
    return buf.getvalue()


def broken(content: bytes) -> bytes:
    wb = load_workbook(BytesIO(content))
    wb["支出"].cell(2, 6, "39998")  # an economic code that does not exist
    wb["支出"].cell(3, 8, "abc")  # an amount that is not a number
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def upload(name: str, content: bytes) -> dict:
    return {"file": (name, content, XLSX)}


def audit_count(engine, action: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(audit_log).where(audit_log.c.action == action)).scalar()


class Connected:
    """A fund-indicator source as the statistics area will provide it."""

    def value(self, code: str, year: int) -> Decimal | None:
        return {"deposit.amount": Decimal("240000"), "loan.overdue_rate": Decimal("0.25")}.get(code)


# ---------------------------------------------------------------- pages


class TestYearPages:
    def test_import_shows_every_problem_and_stores_nothing_then_imports(self, web, engine):
        good = year_workbook(engine, demo_years(2025, DEPT)[1])
        finance = web.as_role(Role.FINANCE)
        assert "尚未导入任何年度" in finance.get("/budget/years").text
        bad = finance.submit("/budget/import", {"year": "2025"}, files=upload("坏的.xlsx", broken(good)))
        assert bad.status_code == 422
        assert "文件有2处问题，未导入任何数据" in bad.text and "坏的.xlsx有2处错误" in bad.text
        assert "<td>支出</td><td class=\"num\">2</td>" in bad.text and "<td>经济分类科目编码</td>" in bad.text
        assert "经济分类科目39998不在科目代码表中" in bad.text and "金额“abc”不是数值" in bad.text
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(budget_year)).scalar() == 0
        assert audit_count(engine, "budget.year_import") == 0
        missing = finance.submit("/budget/import", {"year": "20x5"})
        assert missing.status_code == 422 and "请填写年度" in missing.text and "请选择要导入的Excel文件" in missing.text
        done = finance.submit("/budget/import", {"year": "2025"}, files=upload("2025年.xlsx", good))
        assert done.status_code == 303 and done.headers["location"] == "/budget/years/2025"
        page = finance.get("/budget/years/2025")
        assert "已导入2025年度数据" in page.text and "表间检查全部通过" in page.text
        assert "2025年.xlsx" in page.text and "导入年度预算数据" in page.text  # the import record
        assert '<span class="after">2,088.51</span>' in page.text
        listing = finance.get("/budget/years")
        assert "全部通过" in listing.text and "2,088.51" in listing.text
        assert audit_count(engine, "budget.year_import") == 1
        again = finance.submit("/budget/import", {"year": "2025", "replacing": "2025"},
                               files=upload("改过的.xlsx", broken(good)))  # from the year's page
        assert again.status_code == 422 and "重新导入2025年度数据" in again.text and "改过的.xlsx有2处错误" in again.text
        assert "<td>经济分类科目编码</td>" in again.text and audit_count(engine, "budget.year_replace") == 0

    def test_checks_tables_and_downloads(self, web, engine):
        load(engine)
        finance = web.as_role(Role.FINANCE)
        page = finance.get("/budget/years/2025")
        assert page.status_code == 200 and "公开06表（人员经费＋公用经费）等于公开05表基本支出" in page.text
        assert "tag bad" not in page.text and "预算执行情况" in page.text
        tables = finance.get("/budget/years/2025/tables")
        assert tables.text.count('class="grid statement"') == 10
        for title in ("收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表",
                      "财政拨款“三公”经费支出决算表", "国有资产占用情况表"):
            assert title in tables.text
        assert "2,088.51" in tables.text and 'colspan="4"' in tables.text and "金额单位：万元" in tables.text
        xlsx = finance.get("/budget/years/2025/tables.xlsx")
        assert xlsx.status_code == 200 and xlsx.headers["content-type"] == XLSX
        assert "filename*=UTF-8''2025" in xlsx.headers["content-disposition"]
        wb = load_workbook(BytesIO(xlsx.content))
        assert wb.sheetnames == [f"公开{i:02d}表" for i in range(1, 11)]
        assert wb["公开01表"]["A1"].value == "收入支出决算总表" and wb["公开01表"]["A2"].value == f"部门：{DEPT}"
        word = finance.get("/budget/years/2025/final-accounts.docx")
        text = "\n".join(p.text for p in docx.Document(BytesIO(word.content)).paragraphs)
        assert f"{DEPT}2025年度部门决算" in text.replace("\n", "") or "部门决算" in text
        assert "收入决算情况说明" in text and "（待填写）" not in text.split("名词解释")[0][:200]
        template = finance.get("/budget/years/2025/template.xlsx")
        assert "填表说明" in load_workbook(BytesIO(template.content)).sheetnames
        blank = finance.get("/budget/template.xlsx")
        assert blank.status_code == 200 and "科目代码" in "".join(load_workbook(BytesIO(blank.content)).sheetnames)
        assert finance.get("/budget/years/2030").status_code == 404

    def test_a_failing_check_shows_its_figures(self, web, engine):
        load(engine)
        with engine.connect() as conn:
            data = queries.load_year(conn, 2025)
        smaller = replace(data, spend=tuple(x for x in data.spend if not x.project))
        with UnitOfWork(engine) as uow:
            service.replace_year(uow, FINANCE, data=smaller, source="v2")
            uow.commit()
        page = web.as_role(Role.FINANCE).get("/budget/years/2025")
        assert "有未通过项" in page.text and "未通过" in page.text and "≠" in page.text and "差额" in page.text
        assert "项未通过" in web.as_role(Role.FINANCE).get("/budget/years").text

    def test_texts_are_edited_with_the_keys_of_the_year(self, web, engine):
        load(engine)
        finance = web.as_role(Role.FINANCE)
        page = finance.get("/budget/years/2025/texts")
        assert "部门主要职责" in page.text and 'name="text:reason.fiscal.221"' in page.text
        assert "221类财政拨款预决算差异主要原因" in page.text
        r = finance.submit("/budget/years/2025/texts", {"text:reason.fiscal.221": "人员调整，工资福利支出减少。",
                                                        "text:dept.duties": "负责住房公积金的归集、管理和使用。"})
        assert r.status_code == 303
        after = finance.get("/budget/years/2025/texts")
        assert "已保存2项文字说明" in after.text and "人员调整，工资福利支出减少。" in after.text
        assert audit_count(engine, "budget.text_set") >= 2
        bad = finance.submit("/budget/years/2025/texts", {"text:nonsense": "x"})
        assert bad.status_code == 422 and "未知的文字说明项" in bad.text


class TestPerformancePages:
    def test_the_scored_table_marks_where_actuals_come_from(self, web, engine, monkeypatch):
        load(engine)
        finance = web.as_role(Role.FINANCE)
        index = finance.get("/budget/performance")
        assert "/budget/performance/2025" in index.text
        page = finance.get("/budget/performance/2025")
        assert page.status_code == 200 and "评价等级" in page.text and "小计" in page.text
        assert page.text.count("tag ok\" title=\"预算执行（自动）\"") == 1  # the execution rate row
        assert "未接入，按人工填报" in page.text and "261384.50万元" in page.text
        with engine.connect() as conn:
            total = service.evaluate_year(conn, FINANCE, year=2025).evaluation.total
        assert f'<strong class="score-total">{format_score(total)}</strong>' in page.text
        monkeypatch.setattr(sources, "connected", lambda conn: Connected())
        connected = finance.get("/budget/performance/2025")
        assert "240000万元" in connected.text and "年度归集额，自动" in connected.text
        assert connected.text.count('class="tag ok"') == 3  # execution, 归集额, 逾期率

    def test_override_needs_a_reason_and_every_change_is_in_the_history(self, web, engine):
        load(engine)
        finance = web.as_role(Role.FINANCE)
        row = finance.get("/budget/performance/2025/indicators/22")
        assert row.status_code == 200 and "服务对象满意度" in row.text
        assert row.text.count("<td>导入绩效指标表</td>") == 1 and "来源：demo" in row.text
        form = {"target": "≥90%", "actual": "93.5%", "weight": "8", "score": "7", "reason": "", "cause": "", "evidence": "文件"}
        refused = finance.submit("/budget/performance/2025/indicators/22", form)
        assert refused.status_code == 422 and "评价人评分须注明理由" in refused.text
        assert 'class="field has-error"' in refused.text and audit_count(engine, "budget.indicator_update") == 0
        saved = finance.submit("/budget/performance/2025/indicators/22", {**form, "reason": "问卷样本偏少"})
        assert saved.status_code == 303
        page = finance.get("/budget/performance/2025/indicators/22")
        assert "已修改：评价人评分、评分理由" in page.text and "评价人评分" in page.text
        assert "u_finance" in page.text and "问卷样本偏少" in page.text and "修改绩效指标" in page.text
        retarget = finance.submit("/budget/performance/2025/indicators/22",
                                  {**form, "reason": "问卷样本偏少", "target": "≥95%", "actual": "96%"})
        assert retarget.status_code == 303
        history = finance.get("/budget/performance/2025/indicators/22").text
        assert "≥90%" in history and "≥95%" in history and "93.5%" in history and "96%" in history
        assert "导入绩效指标表" in history  # the demo's import created the row
        table = finance.get("/budget/performance/2025")
        assert "评价人评分" in table.text
        bad_number = finance.submit("/budget/performance/2025/indicators/22", {**form, "weight": "八"})
        assert bad_number.status_code == 422 and "分值不是数值" in bad_number.text

    def test_rules_editor_rejects_bad_json_and_saves_good(self, web, engine):
        load(engine)
        finance = web.as_role(Role.FINANCE)
        page = finance.get("/budget/performance/2025/rules")
        assert "默认规则" in page.text and "&#34;bands&#34;" in page.text
        bad = finance.submit("/budget/performance/2025/rules", {"rules": '{"score_places": 2,'})
        assert bad.status_code == 422 and "JSON格式不正确" in bad.text and "第1行" in bad.text
        unknown = finance.submit("/budget/performance/2025/rules",
                                 {"rules": '{"bandz": [], "step_fractions": [0.5, 0.6]}'})
        assert unknown.status_code == 422 and "未知的规则项：bandz" in unknown.text and "须以1开头" in unknown.text
        assert audit_count(engine, "budget.rules_set") == 0
        rules = {"bands": [{"minimum": 99, "label": "优"}, {"minimum": 0, "label": "待改进"}]}
        ok = finance.submit("/budget/performance/2025/rules", {"rules": json.dumps(rules, ensure_ascii=False)})
        assert ok.status_code == 303 and audit_count(engine, "budget.rules_set") == 1
        assert "已保存2025年度评分规则" in finance.get("/budget/performance/2025/rules").text
        assert "“待改进”" in finance.get("/budget/performance/2025").text

    def test_indicator_import_and_downloads(self, web, engine):
        finance = web.as_role(Role.FINANCE)
        none_yet = finance.get("/budget/performance/2024")
        assert none_yet.status_code == 303 and none_yet.headers["location"] == "/budget/performance"
        template = finance.get("/budget/performance/template.xlsx")
        assert template.status_code == 200 and load_workbook(BytesIO(template.content)).sheetnames
        junk = finance.submit("/budget/performance/import", {"year": "2024"}, files=upload("x.xlsx", b"not excel"))
        assert junk.status_code == 422 and "无法读取Excel文件" in junk.text
        content = (seeds.HERE / "seed003.xlsx").read_bytes()
        done = finance.submit("/budget/performance/import", {"year": "2024"}, files=upload("seed003.xlsx", content))
        assert done.status_code == 303 and done.headers["location"] == "/budget/performance/2024"
        page = finance.get("/budget/performance/2024")
        assert '<strong class="score-total">95.95</strong>' in page.text and "“优”" in page.text
        report = finance.get("/budget/performance/2024/self-evaluation.docx")
        text = "\n".join(p.text for p in docx.Document(BytesIO(report.content)).paragraphs)
        assert "绩效自评" in text and "存在的问题及原因" in text and "结果应用和公开" in text
        table = finance.get("/budget/performance/2024/indicators.xlsx")
        ws = load_workbook(BytesIO(table.content)).active
        cells = [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]
        assert "一级指标" in cells and any("95.95" in c for c in cells)


class TestCodesPage:
    def test_view_add_refuse_and_remove(self, web, engine):
        finance = web.as_role(Role.FINANCE)
        functional = finance.get("/budget/codes")
        assert functional.status_code == 200 and "2210201" in functional.text and "住房公积金" in functional.text
        assert "30101" in finance.get("/budget/codes?kind=economic").text
        bad = finance.submit("/budget/codes", {"kind": "economic", "code": "3x", "name": ""})
        assert bad.status_code == 422 and "经济分类科目编码应为3或5位数字" in bad.text
        assert 'class="field has-error"' in bad.text and "科目名称不能为空" in bad.text
        added = finance.submit("/budget/codes", {"kind": "economic", "code": "30230", "name": "测试服务费"})
        assert added.status_code == 303 and "测试服务费" in finance.get("/budget/codes?kind=economic").text
        removed = finance.submit("/budget/codes/remove", {"kind": "economic", "code": "30230"})
        assert removed.status_code == 303 and "已删除" in finance.get(removed.headers["location"]).text
        in_use = finance.submit("/budget/codes/remove", {"kind": "functional", "code": "221"})
        assert in_use.status_code == 303 and "不能删除" in finance.get(in_use.headers["location"]).text
        assert audit_count(engine, "budget.code_set") == 1 and audit_count(engine, "budget.code_remove") == 1


class TestWhoMayReachWhat:
    PAGES = ("/budget/years", "/budget/years/2025", "/budget/years/2025/tables", "/budget/years/2025/tables.xlsx",
             "/budget/performance", "/budget/performance/2025", "/budget/performance/2025/indicators/1",
             "/budget/codes")

    def test_clerks_and_portal_users_see_nothing_the_auditor_reads_only(self, web, engine):
        load(engine)
        for role in (Role.CLERK, Role.EMPLOYER_AGENT, Role.MEMBER):  # every other role: the permission matrix
            client = web.as_role(role)
            assert "部门预决算" not in client.get("/").text
            assert [client.get(p).status_code for p in self.PAGES] == [403] * len(self.PAGES), role
        auditor = web.as_role(Role.AUDITOR)
        assert "部门预决算" in auditor.get("/").text and "绩效自评" in auditor.get("/").text
        assert [auditor.get(p).status_code for p in self.PAGES] == [200] * len(self.PAGES)
        row = auditor.get("/budget/performance/2025/indicators/1")
        assert "<form method=\"post\" action=\"/budget/performance" not in row.text
        assert auditor.submit("/budget/performance/2025/indicators/1", {"target": "x"}).status_code == 403
        assert auditor.submit("/budget/codes", {"kind": "economic", "code": "30230", "name": "x"}).status_code == 403


# ---------------------------------------------------------------- API


class TestApi:
    def test_years_checks_tables_and_files(self, web, engine):
        load(engine)
        api = web.api(web.api_key(Role.FINANCE))
        years = api.get("/api/v1/budget/years").json()
        assert [(y["year"], y["checks_ok"]) for y in years] == [(2024, True), (2025, True)]
        assert years[1]["spend_total_wan"] == "2088.51" and years[1]["indicators"] == 24
        year = api.get("/api/v1/budget/years/2025").json()
        assert year["spend_total_wan"] == "2088.51" and year["execution"][0]["label"] == "预算总金额"
        assert all(c["ok"] for c in api.get("/api/v1/budget/years/2025/checks").json())
        tables = api.get("/api/v1/budget/years/2025/tables").json()
        assert [t["code"] for t in tables] == [f"公开{i:02d}表" for i in range(1, 11)]
        t01 = api.get("/api/v1/budget/years/2025/tables/1").json()
        cells = [c for row in t01["body"] for c in row]
        assert any(c["amount_wan"] == "2088.51" and c["text"] == "2,088.51" for c in cells)
        assert t01["unit"] == "金额单位：万元" and t01["header"][0][0]["colspan"] > 1
        word = api.get("/api/v1/budget/years/2025/final-accounts.docx")
        assert "部门决算" in "".join(p.text for p in docx.Document(BytesIO(word.content)).paragraphs)
        assert api.get("/api/v1/budget/years/2031/checks").status_code == 404
        put = api.put("/api/v1/budget/years/2025/texts/reason.income", json={"body": "收入增加。"})
        assert put.status_code == 200 and put.json()["updated_by"]

    def test_import_errors_then_success(self, web, engine):
        good = year_workbook(engine, demo_years(2025, DEPT)[1])
        api = web.api(web.api_key(Role.FINANCE))
        bad = api.post("/api/v1/budget/years/2025/import", files=upload("bad.xlsx", broken(good)))
        assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
        problems = bad.json()["problems"]
        assert len(problems) == 2 and all(p["field"].startswith("支出·") and p["row"] for p in problems)
        ok = api.post("/api/v1/budget/years/2025/import", files=upload("good.xlsx", good))
        assert ok.status_code == 200 and ok.json()["checks_ok"] and ok.json()["replaced"] is False

    def test_indicators_update_history_and_rules(self, web, engine, monkeypatch):
        load(engine)
        monkeypatch.setattr(sources, "connected", lambda conn: Connected())
        api = web.api(web.api_key(Role.FINANCE))
        ev = api.get("/api/v1/budget/performance/2025").json()
        deposit = next(i for i in ev["indicators"] if i["fund_code"] == "deposit.amount")
        assert deposit["automatic"] and deposit["actual"] == "240000万元" and deposit["deviation"] == "-4.00%"
        assert deposit["score"] == "3.84" and ev["grade"] and len(ev["groups"]) == 4
        refused = api.patch("/api/v1/budget/performance/2025/indicators/22", json={"score": "7"})
        assert refused.status_code == 422 and refused.json()["problems"][0]["field"] == "原因"
        changed = api.patch("/api/v1/budget/performance/2025/indicators/22",
                            json={"score": "7", "reason": "问卷样本偏少", "target": "≥92%"})
        body = changed.json()
        assert changed.status_code == 200 and body["changed"] == {"score": "7", "score_reason": "问卷样本偏少",
                                                                   "target": "≥92%"}
        assert body["indicator"]["overridden"] and body["indicator"]["score"] == "7"
        history = api.get("/api/v1/budget/performance/2025/indicators/22/history").json()
        assert history[0]["action"] == "budget.indicator_update" and history[0]["channel"] == "api"
        assert {"field": "目标值", "before": "≥90%", "after": "≥92%"} in history[0]["fields"]
        bad_rules = api.put("/api/v1/budget/performance/2025/rules", json={"bands": [{"minimum": 50, "label": "优"}]})
        assert bad_rules.status_code == 422 and "覆盖0分" in bad_rules.json()["problems"][0]["message"]
        rules = api.get("/api/v1/budget/performance/2025/rules").json()["rules"]
        rules["score_places"] = 1
        assert api.put("/api/v1/budget/performance/2025/rules", json=rules).json()["rules"]["score_places"] == 1
        xlsx = api.get("/api/v1/budget/performance/2025/indicators.xlsx")
        assert xlsx.status_code == 200 and load_workbook(BytesIO(xlsx.content)).active.max_row > 24

    def test_codes_and_refusals(self, web, engine):
        api = web.api(web.api_key(Role.FINANCE))
        assert any(c["code"] == "2210201" for c in api.get("/api/v1/budget/codes/functional").json())
        put = api.put("/api/v1/budget/codes/economic/30230", json={"name": "测试服务费"})
        assert put.status_code == 200 and put.json()["name"] == "测试服务费"
        assert api.delete("/api/v1/budget/codes/economic/30230").status_code == 204
        assert api.put("/api/v1/budget/codes/economic/3x", json={"name": "x"}).status_code == 422
        auditor = web.api(web.api_key(Role.AUDITOR))
        assert auditor.get("/api/v1/budget/codes/economic").status_code == 200
        assert auditor.put("/api/v1/budget/codes/economic/30230", json={"name": "x"}).status_code == 403
        clerk = web.api(web.api_key(Role.CLERK))
        assert clerk.get("/api/v1/budget/years").status_code == 403


@pytest.fixture(autouse=True)
def _no_connected_source(monkeypatch):
    """Nothing is connected unless a test says so (the statistics area may exist by then)."""
    monkeypatch.setattr(sources, "connected", lambda conn: sources.NotConnected())
