"""Treasury pages and API through HTTP on both databases: a placement proposed by finance and approved by an
approver, the register, liquidity with 资金调度, the statements with their checks and downloads, 资金收支."""

from __future__ import annotations

from anju.auth.actor import Role
from tests.treasury.helpers import COLLECT_01, COLLECT_02, fund


def test_place_from_the_page_approve_and_see_it_on_liquidity(web, engine):
    fund(engine)
    finance, approver = web.as_role(Role.FINANCE), web.as_role(Role.APPROVER)
    page = finance.get("/treasury/investments")
    assert page.status_code == 200 and "提交资金存放" in page.text and COLLECT_01 in page.text
    bad = finance.submit("/treasury/investments", {"kind": "time", "bank_code": "01", "from_account_no": COLLECT_01,
                                                   "amount": "abc", "rate": "1.65%", "start": "2026-03-02",
                                                   "term_months": "7", "rollover": "none"})
    assert bad.status_code == 422 and "金额" in bad.text
    refused = finance.submit("/treasury/investments", {"kind": "time", "bank_code": "01", "from_account_no": COLLECT_02,
                                                       "amount": "290000000.00", "rate": "1.65%", "start": "2026-03-02",
                                                       "term_months": "12", "rollover": "none"})
    assert refused.status_code == 422 and "超过中心规定的单家银行上限40.00%" in refused.text
    ok = finance.submit("/treasury/investments", {"kind": "time", "bank_code": "01", "from_account_no": COLLECT_01,
                                                  "amount": "10000000.00", "rate": "1.65%", "start": "2026-03-02",
                                                  "term_months": "12", "rollover": "principal"})
    assert ok.status_code == 303, ok.text[-800:]
    where = ok.headers["location"]
    shown = approver.get(where)
    assert "待审批" in shown.text and "同意存放" in shown.text
    approver.get(where)
    done = approver.submit(where + "/approve", {"note": "同意"})
    assert done.status_code == 303
    assert "存续中" in approver.get(where).text
    liq = finance.get("/treasury/liquidity")
    assert liq.status_code == 200 and "到期阶梯" in liq.text and "181天至1年" in liq.text and "10,000,000.00" in liq.text
    api = web.api(web.api_key(Role.FINANCE))
    body = api.get("/api/v1/treasury/liquidity").json()
    assert body["deposits"] == "10000000.00" and body["banks"][0]["bank_code"] == "01"
    assert api.get("/api/v1/treasury/ladder").json()["rungs"][3]["principal"] == "10000000.00"
    assert api.get("/api/v1/treasury/investments").json()[0]["status"] == "placed"
    bad = api.post("/api/v1/treasury/investments", json={"kind": "time", "from_account_no": COLLECT_01, "amount": "1.00",
                                                         "rate": "abc", "start": "2026-03-02", "term_months": 12})
    assert bad.status_code == 422 and bad.json()["problems"][0]["code"] == "treasury.rate_range"
    # 资金调度 from the same page
    finance.get("/treasury/liquidity")
    r = finance.submit("/treasury/transfers", {"from_account_no": COLLECT_02, "to_account_no": COLLECT_01,
                                               "amount": "1000000.00", "on": "2026-03-02", "note": "补充贷款户"})
    assert r.status_code == 303
    page = approver.get("/treasury/liquidity")
    assert "待审批" in page.text
    tid = page.text.split('action="/treasury/transfers/')[1].split("/")[0]
    assert approver.submit(f"/treasury/transfers/{tid}/approve", {"note": ""}).status_code == 303
    assert "已划转" in approver.get("/treasury/liquidity").text


def test_statements_show_their_checks_and_download(web, engine):
    fund(engine)
    finance = web.as_role(Role.FINANCE)
    page = finance.get("/treasury/statements?year=2025")
    assert page.status_code == 200 and "全部通过" in page.text and "资产负债表" in page.text
    assert "增值收益分配表" in page.text and "600,000,000.00" in page.text
    xlsx = finance.get("/treasury/statements/2025.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = finance.get("/treasury/statements/2025.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    month = finance.get("/treasury/statements?year=2025&month=6")
    assert "本年累计数" in month.text
    assert finance.get("/treasury/statements?year=2025&month=13").status_code in (400, 422)
    assert web.as_role(Role.CLERK).get("/treasury/statements").status_code == 403
    # 资金收支 moved here; the old address leads to it
    old = finance.get("/interest/fund")
    assert old.status_code == 301 and old.headers["location"] == "/treasury/fund"
    assert "资金收支登记" in finance.get("/treasury/fund").text
