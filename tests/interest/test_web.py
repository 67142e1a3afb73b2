"""Interest pages and API through HTTP on both databases: a settlement started from the page, the account's
interest explained, fund entries, the year-end steps with confirmation screens."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from anju.auth.actor import Role
from anju.interest.tables import interest_run
from anju.web import jobs
from tests.support.factory import open_employer, open_members, pay_month


def _centre(engine) -> int:
    eid = open_employer(engine)
    ids = open_members(engine, eid, 3)
    pay_month(engine, eid, 202501, date(2025, 1, 12))
    return ids[0]


class TestSettlementPages:
    def test_finance_starts_a_settlement_confirms_it_and_watches_it_finish(self, web, engine):
        _centre(engine)
        finance = web.as_role(Role.FINANCE)
        page = finance.submit("/interest/runs", {"year": "2025"})
        assert page.status_code == 200 and "确认2025年度结息" in page.text and "3户" in page.text
        token = page.text.split('name="token" value="')[1].split('"')[0]
        done = finance.submit("/interest/runs/confirm", {"token": token})
        assert done.status_code == 303 and done.headers["location"] == "/interest/runs/2025"
        job = jobs.wait("interest-settle-2025")
        assert job.status == "finished", job.message
        shown = finance.get("/interest/runs/2025")
        assert "已完成" in shown.text and "3 / 3" in shown.text
        with engine.connect() as conn:
            assert conn.execute(select(interest_run.c.status).where(interest_run.c.year == 2025)).scalar() == "done"
        assert "已结息" in finance.get("/interest/runs").text or "已完成" in finance.get("/interest/runs").text

    def test_a_clerk_may_look_but_not_start(self, web, engine):
        _centre(engine)
        clerk = web.as_role(Role.CLERK)
        assert clerk.get("/interest/runs").status_code == 200
        assert clerk.submit("/interest/runs", {"year": "2025"}).status_code == 403

    def test_explain_shows_the_segments_of_an_account(self, web, engine):
        from anju.registry.service import get_account

        acct = _centre(engine)
        with engine.connect() as conn:
            no = get_account(conn, acct).account_no
        page = web.as_role(Role.FINANCE).get(f"/interest/explain?key={no}&year=2025")
        assert page.status_code == 200 and "积数" in page.text and "1,200.00" in page.text
        assert "没有找到" in web.as_role(Role.FINANCE).get("/interest/explain?key=123&year=2025").text


class TestFundAndYearEnd:
    def test_the_fund_page_opens_for_everyone_who_may_read_it(self, web):
        """资金收支 answered 500 for every role: its form read values.kind, which the page never set."""
        for role in (Role.FINANCE, Role.AUDITOR):
            page = web.as_role(role).get("/treasury/fund")
            assert page.status_code == 200, page.text[-500:]
            assert "资金收支登记" in page.text and 'value="2026-03-02"' in page.text  # today's business date
            assert "暂无记录" in page.text

    def test_fund_entry_then_year_end_steps_in_order(self, web, engine):
        finance = web.as_role(Role.FINANCE)
        bad = finance.submit("/treasury/fund", {"kind": "collection_fee", "bank_code": "02", "period": "2025-13",
                                                "entry_date": "2025-12-20", "amount": "abc", "reference": ""})
        assert bad.status_code == 422 and "年月格式不正确" in bad.text and "金额格式不正确" in bad.text
        for kind, amount, ref in (("deposit_interest_accrued", "5000.00", "JX1"), ("collection_fee", "1000.00", "SX1")):
            r = finance.submit("/treasury/fund", {"kind": kind, "bank_code": "01", "period": "202512",
                                                  "entry_date": "2025-12-20", "amount": amount, "reference": ref})
            assert r.status_code == 303
        page = finance.get("/interest/year-end?year=2025")
        assert "结转收入支出" in page.text and "待办理" in page.text and "4,000.00" in page.text
        # the closing entries name their accounts, not only their codes
        assert "住房公积金存款利息收入" in page.text and "归集手续费支出" in page.text and "增值收益" in page.text
        # the fund entries' vouchers show their kind in Chinese, and the filter offers kinds by name
        vouchers = finance.get("/ledger/vouchers?start=2025-12-01&end=2026-01-01")
        assert "<td>住房公积金存款利息（计提）" in vouchers.text and "<td>归集手续费" in vouchers.text
        assert ">fund.collection_fee<" not in vouchers.text and "<td>fund." not in vouchers.text
        assert '<option value="fund.collection_fee">归集手续费</option>' in vouchers.text
        only = finance.get("/ledger/vouchers?start=2025-12-01&end=2026-01-01&kind=fund.collection_fee")
        assert "<td>归集手续费" in only.text and "<td>住房公积金存款利息（计提）" not in only.text
        api = web.api(web.api_key(Role.FINANCE)).get("/api/v1/ledger/vouchers",
                                                     params={"start": "2025-12-01", "end": "2026-01-01"})
        assert {(v["kind"], v["kind_label"]) for v in api.json()} >= {("fund.collection_fee", "归集手续费")}
        for step in ("close_income", "move_gain", "distribute", "close_periods"):
            confirm = finance.submit("/interest/year-end", {"year": "2025", "step": step, "management_fee": "0"})
            assert confirm.status_code == 200 and "确认2025年度" in confirm.text, confirm.text[:500]
            token = confirm.text.split('name="token" value="')[1].split('"')[0]
            assert finance.submit("/interest/year-end/confirm", {"token": token}).status_code == 303
        final = finance.get("/interest/year-end?year=2025")
        assert final.text.count("tag ok\">已完成") == 4

    def test_api_runs_and_explain(self, web, engine):
        from anju.registry.service import get_account

        acct = _centre(engine)
        with engine.connect() as conn:
            no = get_account(conn, acct).account_no
        api = web.api(web.api_key(Role.FINANCE))
        r = api.post("/api/v1/interest/runs", json={"year": 2025})
        assert r.status_code == 200 and r.json()["status"] == "done" and r.json()["credited_accounts"] == 3
        again = api.post("/api/v1/interest/runs", json={"year": 2025})
        assert again.status_code in (400, 409) and again.headers["content-type"].startswith("application/problem+json")
        ex = api.get(f"/api/v1/interest/accounts/{no}/explain?year=2025").json()
        # 1,200.00 for the 170 days from 2025-01-12 to 2025-06-30 at 1.5% / 360 = 8.50 each, 25.50 for three.
        assert ex["segments"][-1]["balance"] == "1200.00" and ex["interest"] == "8.50"
        assert api.get("/api/v1/interest/runs").json()[0]["total"] == "25.50"


class TestAccrualPage:
    def test_finance_accrues_a_month_from_the_page_and_a_second_press_posts_nothing(self, web, engine, clock):
        from datetime import datetime

        _centre(engine)
        clock.at = datetime(2025, 3, 2, 2, 0)  # 10:00 in Beijing on 2025-03-02: February has ended
        finance = web.as_role(Role.FINANCE)
        page = finance.get("/interest/runs")
        assert "月度利息计提" in page.text and 'value="2025年02月"' in page.text and "尚未计提" in page.text
        done = finance.submit("/interest/accruals", {"month": "2025年02月"})
        assert done.status_code == 303
        shown = finance.get("/interest/runs")
        assert "2025年02月利息计提完成" in shown.text and "尚未计提" not in shown.text
        again = finance.submit("/interest/accruals", {"month": "202502"}, follow_redirects=True)
        assert "已计提，未重复记账" in again.text
        early = finance.submit("/interest/accruals", {"month": "202503"}, follow_redirects=True)
        assert "尚未结束" in early.text
        assert web.as_role(Role.CLERK).submit("/interest/accruals", {"month": "202502"}).status_code == 403
        # the API: the month is accrued already; 3 × 1,200.00 for the 48 days 2025-01-12 … 02-28 at 1.5% / 360
        api = web.api(web.api_key(Role.FINANCE))
        r = api.post("/api/v1/interest/accruals", json={"month": 202502})
        assert r.status_code == 200 and r.json()["created"] is False and r.json()["total"] == "7.20"
        assert api.post("/api/v1/interest/accruals", json={"month": 202503}).status_code in (400, 409)
