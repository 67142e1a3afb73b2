"""Statistics pages and API through HTTP on both databases, on a small centre built through the services whose
figures are worked out by hand: 统计查询 for every kind of period with the same period last year, its chart and
Excel; the dashboard against last year, a target and the 个贷率 line; the explanation of a figure with its
records (paged, Excel); the annual report page with its checks, texts and downloads; the JGJ/T 320 export;
and who may reach what."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal

import docx
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from anju.auth.actor import Role
from anju.auth.tables import audit_log
from anju.indicators.catalogue import Period
from anju.interest import service as interest
from anju.registry.tables import member_txn
from anju.report import stats
from tests.support.factory import CLERK, open_employer, open_members, pay_month

# The web tests' business date is 2026-03-02 (tests/support/web.py).
YTD = "2026-01-01..2026-03-02"


def centre(engine) -> None:
    """甲 (3 members, 5,000.00 base, 12% + 12%: 1,200.00 a month each) pays January and February 2025, and
    gets its interest on 2025-06-30; 乙 (2 members, the same terms) opens in 2026 and pays January and February
    2026."""
    a = open_employer(engine, name="甲单位")
    open_members(engine, a, 3, start=1)
    pay_month(engine, a, 202501, date(2025, 1, 13))
    pay_month(engine, a, 202502, date(2025, 2, 12))
    interest.settle_year(engine, CLERK, year=2025, as_of=date(2025, 6, 30))  # opens the 2026 interest year
    b = open_employer(engine, name="乙单位", first_month=202601, on=date(2026, 1, 5))
    open_members(engine, b, 2, start=10, first_month=202601, on=date(2026, 1, 5))
    pay_month(engine, b, 202601, date(2026, 1, 12))
    pay_month(engine, b, 202602, date(2026, 2, 12))


def interest_paid(engine) -> int:
    """The 2025 interest credited to 甲's members (its computation is the interest area's, tested there)."""
    with engine.connect() as conn:
        return int(conn.execute(select(func.sum(member_txn.c.amount)).where(member_txn.c.type == "09")).scalar_one())


# Hand computation, in fen.
A_2025 = 3 * 120_000 * 2  # 7,200.00
B_2026 = 2 * 120_000 * 2  # 4,800.00


def cells(html: str, css_class: str = "figure-link") -> list[str]:
    import re

    return re.findall(rf'class="{css_class}"[^>]*>([^<]*)<', html)


class TestPeriods:
    @pytest.mark.parametrize("key", ["2025", "2025Q3", "202507", "2025-07-15", "2025-01-01..2025-06-30",
                                     "2025-02-01..2025-03-31"])
    def test_a_period_key_reads_back_as_the_same_period(self, key):
        p = Period.parse(key)
        assert stats.period_key(p) == key.replace("2025-02-01..2025-03-31", "2025-02-01..2025-03-31")
        assert Period.parse(stats.period_key(p)) == p

    def test_growth_for_amounts_and_points_for_ratios(self):
        from anju.indicators import catalogue as cat

        amount, rate = cat.get("deposit.amount"), cat.get("withdrawal.rate")
        assert stats.change_text(amount, stats.change(amount, 480_000, 720_000)) == "-33.33%"
        assert stats.change_text(rate, stats.change(rate, Decimal("0.30"), Decimal("0.25"))) == "+5.00个百分点"
        assert stats.change_text(amount, stats.change(amount, 1, None)) == "—"

    def test_the_api_rounds_ratios_half_up(self):
        """A change, a completion or a ratio's value at exactly half of the sixth decimal rounds up, as published
        figures do (``quantize``'s default, half-even, gave 0.000002 for 0.0000025)."""
        from anju.indicators import catalogue as cat
        from anju.indicators.catalogue import Unit

        assert stats.ratio_str(Decimal("0.0000025")) == "0.000003"
        assert stats.ratio_str(Decimal("-0.0000025")) == "-0.000003"
        assert stats.ratio_str(Decimal("0.0000015")) == "0.000002"
        assert stats.ratio_str(Decimal("0.12345649")) == "0.123456"
        assert stats.ratio_str(Decimal("-0.333333333")) == "-0.333333"
        assert stats.api_value(Decimal("0.6631005"), Unit.PERCENT) == "0.663101"
        rate = cat.get("withdrawal.rate")
        assert stats.ratio_str(stats.change(rate, Decimal("0.3000045"), Decimal("0.3"))) == "0.000005"


class TestStatsPage:
    def test_indicators_for_each_kind_of_period_against_last_year(self, web, engine):
        centre(engine)
        finance = web.as_role(Role.FINANCE)
        r = finance.get("/stats")
        assert r.status_code == 200 and "统计查询" in r.text and 'value="deposit.amount"' in r.text
        cases = {  # form → (this, last) in 万元
            "kind=year&year=2026": ("0.48", "0.72"),
            "kind=quarter&year=2025&quarter=1": ("0.72", "0.00"),
            "kind=month&month=202602": ("0.24", "0.36"),
            "kind=day&day=2026-02-12": ("0.24", "0.36"),
            "kind=range&start=2026-01-01&end=2026-01-31": ("0.24", "0.36"),
        }
        for form, (this, last) in cases.items():
            r = finance.get(f"/stats?code=deposit.amount&unit=万元&{form}")
            assert r.status_code == 200, r.text
            assert cells(r.text)[:2] == [this, last], form
        # 2026-02-12 last year is 2025-02-12, the day 甲 paid February; January 2025 was paid on the 13th.
        r = finance.get("/stats?code=deposit.amount&code=deposit.balance&unit=元&kind=year&year=2026")
        paid = interest_paid(engine)  # the year-end balances hold the interest of 2025-06-30
        balance, last = A_2025 + B_2026 + paid, A_2025 + paid
        assert cells(r.text) == ["4,800.00", "7,200.00", f"{Decimal(balance) / 100:,.2f}", f"{Decimal(last) / 100:,.2f}"]
        growth = (Decimal(balance) / last - 1) * 100
        assert "-33.33%" in r.text and f"+{growth.quantize(Decimal('0.01'), rounding='ROUND_HALF_UP')}%" in r.text
        assert '<svg class="chart"' in r.text and "2026年" in r.text

    def test_a_breakdown_and_the_excel_export(self, web, engine):
        centre(engine)
        finance = web.as_role(Role.FINANCE)
        q = "code=deposit.amount&code=deposit.balance&by=bank&unit=元&kind=year&year=2026"
        r = finance.get(f"/stats?{q}")
        assert r.status_code == 200
        assert "不支持按“受托银行”分组" in r.text and "缴存余额" in r.text
        x = finance.get(f"/stats/export.xlsx?{q}")
        assert x.status_code == 200 and x.headers["content-type"].startswith("application/vnd.openxmlformats")
        ws = load_workbook(io.BytesIO(x.content))["统计查询"]
        rows = [[Decimal(str(c.value)) if isinstance(c.value, (int, float)) else c.value for c in row]
                for row in ws.iter_rows(min_row=2)]
        by_bank = [r for r in rows if r[0] == "deposit.amount"]
        assert sum(r[4] for r in by_bank) == Decimal(B_2026) / 100 and sum(r[5] for r in by_bank) == Decimal(A_2025) / 100
        paid = interest_paid(engine)
        balance, last = Decimal(A_2025 + B_2026 + paid) / 100, Decimal(A_2025 + paid) / 100
        assert ["deposit.balance", "缴存余额", "合计", "元", balance, last] in [r[:6] for r in rows]

    def test_month_by_month_for_any_indicator(self, web, engine):
        centre(engine)
        finance = web.as_role(Role.FINANCE)
        r = finance.get("/stats?code=deposit.amount&code=registry.members_paying&by=month&unit=元"
                        "&kind=range&start=2026-01-15&end=2026-03-02")
        assert r.status_code == 200
        # 2026-01-15..01-31: nothing (乙 paid on the 12th); February 4,800 ÷ 2 = 2,400.00 against 3,600.00.
        assert cells(r.text) == ["0.00", "0.00", "2,400.00", "3,600.00", "0.00", "0.00", "0", "0", "2", "3", "0", "0"]
        assert "2026年02月" in r.text and "/stats/explain?code=deposit.amount&amp;period=202602" in r.text
        assert "/stats/explain?code=deposit.amount&amp;period=2025-01-15..2025-01-31" in r.text
        r = finance.get("/stats?code=deposit.amount&by=month&kind=range&start=2020-01-01&end=2026-01-31")
        assert r.status_code == 422 and "按月分组最多36个月" in r.text

    def test_a_link_with_a_period_key_fills_the_form_with_that_period(self, web, engine):
        finance = web.as_role(Role.FINANCE)
        r = finance.get("/stats?code=deposit.amount&period=2025-02-01..2025-03-31&by=type")
        assert r.status_code == 200
        assert '<option value="range" selected>' in r.text and 'name="start" type="date" value="2025-02-01"' in r.text
        r = finance.get("/stats?code=deposit.amount&period=2025Q3")
        assert '<option value="quarter" selected>' in r.text and '<option value="3" selected>' in r.text

    def test_every_problem_of_the_form_is_shown(self, web, engine):
        finance = web.as_role(Role.FINANCE)
        r = finance.get("/stats?code=nosuch.code&kind=month&month=2026-13")
        assert r.status_code == 422 and "统计期间有误" in r.text
        r = finance.get("/stats?code=nosuch.code&kind=year&year=2026")
        assert r.status_code == 422 and "未知的指标：nosuch.code" in r.text
        r = finance.get("/stats?kind=range&start=2026-01-01&end=&code=deposit.amount")
        assert r.status_code == 422 and "请填写开始和结束日期" in r.text


class TestExplain:
    def test_definition_value_and_the_records_behind_the_figure(self, web, engine, monkeypatch):
        centre(engine)
        finance = web.as_role(Role.FINANCE)
        r = finance.get("/stats/explain?code=deposit.amount&period=2026")
        assert r.status_code == 200
        assert "期间内汇缴与补缴记入职工个人账户的金额（扣除退缴）" in r.text and "2026年" in r.text
        assert "乙单位" in r.text and "4,800.00" in r.text and "甲单位" not in r.text
        x = finance.get("/stats/explain.xlsx?code=deposit.amount&period=2026")
        wb = load_workbook(io.BytesIO(x.content))
        assert [c.value for c in wb["明细"][2]][1:] == ["乙单位", Decimal("4800.00"), 4]
        # Paged: one row a page over both years.
        import anju.report.web as pages

        monkeypatch.setattr(pages, "PAGE_SIZE", 1)
        both = "2025-01-01..2026-12-31"
        first = finance.get(f"/stats/explain?code=deposit.amount&period={both}")
        second = finance.get(f"/stats/explain?code=deposit.amount&period={both}&page=2")
        assert "甲单位" in first.text and "乙单位" not in first.text and "第 1 / 2 页" in first.text
        assert "乙单位" in second.text and "甲单位" not in second.text

    def test_a_breakdown_row_lists_its_own_records(self, web, engine, monkeypatch):
        centre(engine)
        finance = web.as_role(Role.FINANCE)
        group = "城镇私营企业及其他城镇企业"
        r = finance.get("/stats?code=deposit.amount&period=2025-01-01..2026-12-31&by=employer_kind")
        assert "by=employer_kind&amp;key=" in r.text  # every breakdown row links to its own explanation
        r = finance.get("/stats/explain", params={"code": "deposit.amount", "period": "2026", "by": "employer_kind",
                                                  "key": group})
        assert r.status_code == 200 and "该组数值" in r.text and f"以下只列“单位性质：{group}”这一组的记录" in r.text
        assert "乙单位" in r.text and "共 1 行" in r.text
        x = finance.get("/stats/explain.xlsx", params={"code": "deposit.amount", "period": "2026",
                                                       "by": "employer_kind", "key": group})
        wb = load_workbook(io.BytesIO(x.content))
        assert [c.value for c in wb["明细"][2]][1:] == ["乙单位", Decimal("4800.00"), 4]
        assert any(f"分组：单位性质 = {group}" in (row[0].value or "") for row in wb["填表说明"].iter_rows())
        # A breakdown the detail cannot list on its own: the row's figure, and all the records, said so.
        r = finance.get("/stats/explain?code=deposit.amount&period=2026&by=type&key=汇缴")
        assert r.status_code == 200 and "不能按“业务类型”筛选" in r.text and "乙单位" in r.text
        assert finance.get("/stats/explain?code=deposit.amount&period=2026&by=nosuch&key=x").status_code == 422
        # Past the last page: the last page. An export above the sheet's limit says so on the page and in the file.
        r = finance.get("/stats/explain?code=deposit.amount&period=2025-01-01..2026-12-31&page=9")
        assert "甲单位" in r.text and "第 1 / 1 页" not in r.text
        import anju.report.stats as stats

        monkeypatch.setattr(stats, "MAX_EXPORT_ROWS", 1)
        r = finance.get("/stats/explain?code=deposit.amount&period=2025-01-01..2026-12-31")
        assert "导出的文件只含前 1 行" in r.text
        x = finance.get("/stats/explain.xlsx?code=deposit.amount&period=2025-01-01..2026-12-31")
        wb = load_workbook(io.BytesIO(x.content))
        assert wb["明细"].max_row == 2 and "只导出前 1 行" in str([c.value for c in wb["填表说明"]["A"]])

    def test_a_figure_computed_from_others_links_to_them(self, web, engine):
        centre(engine)
        finance = web.as_role(Role.FINANCE)
        r = finance.get(f"/stats/explain?code=deposit.amount_growth&period={YTD}")
        assert r.status_code == 200 and "-33.33" in r.text and "没有逐笔明细" in r.text
        assert "/stats/explain?code=deposit.amount&amp;period=2026-01-01..2026-03-02" in r.text
        assert finance.get("/stats/explain?code=nosuch&period=2026").status_code == 404


class TestDashboard:
    def test_year_to_date_against_last_year_targets_and_the_risk_lines(self, web, engine):
        centre(engine)
        finance = web.as_role(Role.FINANCE)
        r = finance.get("/stats/targets?year=2026")
        assert r.status_code == 200 and "保存" in r.text
        r = finance.submit("/stats/targets", {"year": "2026", "op:deposit.amount": "ge", "value:deposit.amount": "1.00",
                                              "op:registry.members_new": "ge", "value:registry.members_new": "2"})
        assert r.status_code == 303
        r = finance.get("/stats/dashboard")
        assert r.status_code == 200
        row = r.text.split('data-code="deposit.amount"')[1].split("</tr>")[0]
        assert cells(row) == ["0.48", "0.72"] and "-33.33%" in row and "≥1.00" in row and "48.00%" in row
        assert "未达成" in row
        new = r.text.split('data-code="registry.members_new"')[1].split("</tr>")[0]
        assert cells(new) == ["2", "3"] and "已达成" in new
        assert 'class="risk-line" data-line="85.00"' in r.text and "警戒线" in r.text
        assert "未设定年度目标" in r.text  # 逾期率 has no target yet
        ratio = r.text.split('data-code="loan.ratio"')[1].split("</div>")[0]
        assert "个贷率 0.00%" in ratio and "在警戒线以内" in ratio
        finance.get("/stats/targets?year=2026")
        finance.submit("/stats/targets", {"year": "2026", "op:loan.overdue_rate": "le", "value:loan.overdue_rate": "1.5"})
        r = finance.get("/stats/dashboard")
        assert 'class="risk-line" data-line="1.500"' in r.text and "目标 1.500‰" in r.text
        # Clearing the value removes the target (audited); the rest stay.
        saved = finance.submit("/stats/targets", {"year": "2026", "op:loan.overdue_rate": "le",
                                                  "value:loan.overdue_rate": "", "op:deposit.amount": "ge",
                                                  "value:deposit.amount": "1.00"})
        assert saved.status_code == 303
        from anju.report.service import targets

        with engine.connect() as conn:
            assert set(targets(conn, 2026)) == {"deposit.amount", "registry.members_new"}
            removed = conn.execute(select(audit_log.c.before_json).where(
                audit_log.c.action == "report.target", audit_log.c.entity_id == "2026:loan.overdue_rate",
                audit_log.c.after_json.is_(None))).scalar_one()
            assert '"1.5"' in removed
        assert f'href="/stats/explain?code=deposit.amount&amp;period={YTD}"' in r.text

    def test_a_bad_target_is_shown_beside_its_field_and_nothing_is_saved(self, web, engine):
        finance = web.as_role(Role.FINANCE)
        finance.get("/stats/targets?year=2026")
        r = finance.submit("/stats/targets", {"year": "2026", "op:deposit.amount": "ge", "value:deposit.amount": "很多",
                                              "op:deposit.balance": "ge", "value:deposit.balance": "3"})
        assert r.status_code == 422 and "归集额：目标值应为数字：很多" in r.text
        assert "“目标值”" in r.text and "value:deposit.amount”" not in r.text  # the summary names the field
        assert 'class="field-error">归集额：目标值应为数字：很多<' in r.text  # and the message stands beside it
        from anju.report.service import targets

        with engine.connect() as conn:
            assert targets(conn, 2026) == {}


class TestAnnualReport:
    def test_the_report_page_with_checks_texts_and_downloads(self, web, engine, monkeypatch):
        from anju.report import web as report_web

        monkeypatch.setattr(report_web, "PAGE_WAIT_SECONDS", 600.0)  # the page, not the progress screen, however busy
        centre(engine)
        finance = web.as_role(Role.FINANCE)
        r = finance.get("/report/annual?year=2025")
        assert r.status_code == 200
        assert "2025年年度报告" in r.text and "全部通过" in r.text and "缴存余额勾稽" in r.text
        assert 'href="/stats/explain?code=deposit.amount&amp;period=2025"' in r.text
        assert 'period=2025&amp;by=employer_kind&amp;key=' in r.text  # a table's row explains that row
        assert "data:image/png;base64," in r.text
        r = finance.submit("/report/annual/2025/texts", {"text:org": "示例市住房公积金管理委员会有委员25名。",
                                                          "text:other": ""})
        assert r.status_code == 303
        r = finance.get("/report/annual?year=2025")
        assert "示例市住房公积金管理委员会有委员25名。" in r.text
        d = finance.get("/report/annual/2025/report.docx")
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(d.content)).paragraphs)
        assert "示例市住房公积金管理委员会有委员25名。" in text and "新开户职工3人，实缴职工3人" in text
        x = finance.get("/report/annual/2025/report.xlsx")
        assert load_workbook(io.BytesIO(x.content))["数据核对"]["B2"].value == "通过"
        pdf = finance.get("/report/annual/2025/report.pdf")
        assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
        assert finance.get("/report/annual/2025/report.doc").status_code == 422

    def test_a_report_is_built_once_per_data_version(self, web, engine, monkeypatch):
        """The page, the downloads and the API share a built report until something changes."""
        from anju.report import annual

        builds = []
        real = annual.build

        def counting(*a, **kw):
            builds.append(kw["charts"])
            return real(*a, **kw)

        monkeypatch.setattr(annual, "build", counting)
        centre(engine)
        finance = web.as_role(Role.FINANCE)
        api = web.api(web.api_key(Role.FINANCE))  # the key is audited: made before the first build
        finance.get("/report/annual?year=2025")
        finance.get("/report/annual?year=2025")
        finance.get("/report/annual/2025/report.xlsx")
        finance.get("/report/annual/2025/report.docx")
        assert api.get("/api/v1/stats/annual/2025").json()["texts"] == {}
        assert builds == [True]
        finance.submit("/report/annual/2025/texts", {"text:other": "2025年无其他重要事项。"})
        r = finance.get("/report/annual?year=2025")
        assert "2025年无其他重要事项。" in r.text and builds == [True, True]
        assert api.get("/api/v1/stats/annual/2024").json()["year"] == 2024 and builds == [True, True, False]

    def test_a_slow_report_is_built_in_the_background_and_the_page_polls(self, web, engine, monkeypatch):
        import threading

        import anju.report.web as pages
        from anju.report import annual
        from anju.web import jobs

        release = threading.Event()
        real = annual.build

        def slow(*a, **kw):
            release.wait(30)
            return real(*a, **kw)

        monkeypatch.setattr(annual, "build", slow)
        monkeypatch.setattr(pages, "PAGE_WAIT_SECONDS", 0.1)
        finance = web.as_role(Role.FINANCE)
        r = finance.get("/report/annual?year=2025")
        assert r.status_code == 200 and "生成中" in r.text and 'hx-trigger="every 2s"' in r.text
        again = finance.get("/report/annual?year=2025")  # the same job, not a second one
        assert "生成中" in again.text
        release.set()
        for name in [n for n, j in jobs._JOBS.items() if n.startswith("report-annual-2025-") and j.status == "running"]:
            jobs.wait(name, 30)
        r = finance.get("/report/annual?year=2025")
        assert 'id="annual-page">' in r.text and "数据核对" in r.text and "生成中" not in r.text

    def test_the_jgj_export_is_a_zip_and_is_recorded(self, web, engine):
        centre(engine)
        finance = web.as_role(Role.FINANCE)
        finance.get("/report/annual?year=2025")
        r = finance.submit("/report/jgj-export", {"fmt": "csv"})
        assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
        names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
        assert names and all(n.endswith(".csv") for n in names)
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(audit_log)
                                .where(audit_log.c.action == "report.export_jgj")).scalar_one() == 1


class TestWhoMayReachWhat:
    def test_a_clerk_and_portal_users_see_no_statistics(self, web, engine):
        for role in (Role.CLERK, Role.EMPLOYER_AGENT, Role.MEMBER):
            c = web.as_role(role)
            for path in ("/stats", "/stats/dashboard", "/stats/targets", "/report/annual",
                         "/stats/explain?code=deposit.amount&period=2026"):
                assert c.get(path).status_code == 403, (role, path)
            assert "管理驾驶舱" not in c.get("/").text
        clerk = web.as_role(Role.CLERK)
        assert clerk.submit("/stats/targets", {"year": "2026", "value:deposit.amount": "1"}).status_code == 403

    def test_a_reviewer_reads_but_does_not_edit_targets_or_texts(self, web, engine):
        reviewer = web.as_role(Role.REVIEWER)
        r = reviewer.get("/stats/targets?year=2026")
        assert r.status_code == 200 and "只读" in r.text and 'class="primary"' not in r.text
        assert "管理驾驶舱" in reviewer.get("/").text
        assert reviewer.submit("/stats/targets", {"year": "2026", "value:deposit.amount": "1"}).status_code == 403
        assert reviewer.submit("/report/annual/2025/texts", {"text:org": "x"}).status_code == 403
        assert reviewer.submit("/report/jgj-export", {"fmt": "csv"}).status_code == 403

    def test_api_keys_of_an_employer_or_a_clerk_are_refused(self, web, engine):
        for role in (Role.EMPLOYER_AGENT, Role.CLERK):
            api = web.api(web.api_key(role, employer_id=1 if role is Role.EMPLOYER_AGENT else None))
            assert api.get("/api/v1/stats/indicators").status_code == 403
        reviewer = web.api(web.api_key(Role.REVIEWER))
        assert reviewer.put("/api/v1/stats/targets/2026/deposit.amount", json={"op": "ge", "value": "1"}).status_code == 403


class TestApi:
    def test_catalogue_value_breakdown_and_detail(self, web, engine):
        centre(engine)
        api = web.api(web.api_key(Role.FINANCE))
        inds = api.get("/api/v1/stats/indicators").json()
        amount = next(i for i in inds if i["code"] == "deposit.amount")
        assert amount["unit"] == "元" and amount["explainable"] and {"code": "bank", "label": "受托银行"} in amount["breakdowns"]
        v = api.get("/api/v1/stats/indicators/deposit.amount/value", params={"period": "2026"}).json()
        assert (v["value"], v["last_value"], v["change"]) == ("4800.00", "7200.00", "-0.333333")
        assert v["period"] == {"key": "2026", "label": "2026年", "start": "2026-01-01", "last_day": "2026-12-31"}
        v = api.get("/api/v1/stats/indicators/deposit.amount/value", params={"period": "2026", "by": "type"}).json()
        assert v["values"] == {"汇缴": "4800.00"} and v["last_values"] == {"汇缴": "7200.00"}
        v = api.get("/api/v1/stats/indicators/deposit.amount/value", params={"period": "2026Q1", "by": "month"}).json()
        assert v["values"] == {"2026年01月": "2400.00", "2026年02月": "2400.00", "2026年03月": "0.00"}
        assert api.get("/api/v1/stats/indicators/deposit.balance/value",
                       params={"period": "2026", "by": "bank"}).status_code == 422
        rate = api.get("/api/v1/stats/indicators/deposit.rate/value", params={"period": "202601"}).json()
        # January 2026: 乙 paid 2 × 1,200.00; 甲 owes 3 × 1,200.00 → 2,400 ÷ 6,000.
        assert rate["value"] == "0.400000" and rate["text"] == "40.00%"
        d = api.get("/api/v1/stats/indicators/deposit.amount/detail", params={"period": "2025..2026-12-31"})
        assert d.status_code == 422
        d = api.get("/api/v1/stats/indicators/deposit.amount/detail",
                    params={"period": "2025-01-01..2026-12-31", "limit": 1, "offset": 1}).json()
        assert d["total"] == 2 and d["rows"][0][1:] == ["乙单位", "4800.00", 4]
        assert api.get("/api/v1/stats/indicators/deposit.rate/detail", params={"period": "2026"}).status_code == 404
        d = api.get("/api/v1/stats/indicators/deposit.amount/detail",
                    params={"period": "2025-01-01..2026-12-31", "by": "employer_kind", "key": "国有企业"}).json()
        assert (d["total"], d["rows"], d["key_value"], d["listed_by_key"]) == (0, [], None, True)
        d = api.get("/api/v1/stats/indicators/deposit.amount/detail",
                    params={"period": "2026", "by": "type", "key": "汇缴"}).json()
        assert (d["total"], d["key_value"], d["listed_by_key"]) == (1, "4800.00", False)
        assert api.get("/api/v1/stats/indicators/nosuch/value", params={"period": "2026"}).status_code == 404

    def test_targets_dashboard_and_the_annual_report(self, web, engine):
        centre(engine)
        api = web.api(web.api_key(Role.FINANCE))
        r = api.put("/api/v1/stats/targets/2026/deposit.amount", json={"op": "ge", "value": "0.40"})
        assert r.status_code == 200 and r.json()["unit"] == "万元"
        bad = api.put("/api/v1/stats/targets/2026/deposit.amount", json={"op": "gt", "value": "x"})
        assert bad.status_code == 422 and len(bad.json()["problems"]) == 2
        assert api.get("/api/v1/stats/targets/2026").json() == [
            {"code": "deposit.amount", "name": "归集额", "unit": "万元", "op": "ge", "value": "0.40"}]
        api.put("/api/v1/stats/targets/2026/finance.gain", json={"op": "ge", "value": "5"})
        assert api.delete("/api/v1/stats/targets/2026/finance.gain").status_code == 204
        assert api.delete("/api/v1/stats/targets/2026/finance.gain").status_code == 404
        assert [t["code"] for t in api.get("/api/v1/stats/targets/2026").json()] == ["deposit.amount"]
        d = api.get("/api/v1/stats/dashboard").json()
        fig = next(f for f in d["figures"] if f["code"] == "deposit.amount")
        assert fig["value"] == "4800.00" and fig["met"] is True and fig["completion"] == "1.200000"
        assert d["period"]["key"] == YTD
        # No loans: 个贷率 = 0 ÷ the deposit balance; 逾期率 = 0 ÷ 0 is undefined, and it has no target.
        assert d["risks"][0]["line"] == "0.85" and d["risks"][0]["value"] == "0.000000"
        assert d["risks"][0]["breached"] is False
        assert (d["risks"][1]["code"], d["risks"][1]["value"], d["risks"][1]["line"]) == ("loan.overdue_rate", None, None)
        a = api.get("/api/v1/stats/annual/2025").json()
        assert a["ok"] is True and a["title"].endswith("2025年年度报告")
        figures = {f["code"]: f for f in a["figures"]}
        assert figures["deposit.amount"]["value"] == "7200.00" and figures["registry.members_paying"]["value"] == 3
        x = api.get("/api/v1/stats/annual/2025/report.xlsx")
        assert x.status_code == 200 and load_workbook(io.BytesIO(x.content))["主要指标"]["A1"].value.endswith("年度报告")


def test_the_report_names_the_indicator_of_every_figure_and_skips_what_the_catalogue_lacks(engine, monkeypatch):
    """Each paragraph comes in pieces (text, indicator code) so the page can link every figure; an indicator
    not (yet) in the catalogue prints “—” and its tables and charts are left out instead of failing."""
    from anju.report import annual

    spec = (annual.SectionSpec("（一）缴存", paragraphs=("{year}年缴存额{deposit.amount|万元}万元，贷款{nosuch.amount|亿元}亿元。",),
                               tables=(annual.TableSpec("按类型", "deposit.amount", "type", "万元"),
                                       annual.TableSpec("按期限", "nosuch.amount", "term", "万元")),
                               charts=(annual.ChartSpec("缺", "nosuch.amount", "monthly"),)),)
    monkeypatch.setattr(annual, "SPEC", spec)
    centre(engine)
    with engine.connect() as conn:
        r = annual.build(conn, year=2025, centre="示例市住房公积金管理中心", texts={}, as_of=date(2026, 1, 15),
                         charts=True)
    sec = r.sections[0]
    assert sec.pieces[0] == [("2025", None), ("年缴存额", None), ("0.72", "deposit.amount"), ("万元，贷款", None),
                             ("—", None), ("亿元。", None)]
    assert sec.paragraphs == ["2025年缴存额0.72万元，贷款—亿元。"]
    assert [(t.title, t.code, t.breakdown) for t in sec.tables] == [("按类型", "deposit.amount", "type")]
    assert sec.charts == [] and set(r.used) == {"deposit.amount"}
