"""Finance pages of the bank register, fees and assessment over HTTP on both databases: a 专户 requested by one
person and approved by another, a bad request shown with its problems, the month's fees, the assessment."""

from __future__ import annotations

from anju.auth.actor import Role


def test_register_fees_and_assessment_pages(web):
    web.user("fin_a", Role.FINANCE)
    web.user("fin_b", Role.FINANCE)
    a, b = web.login("fin_a"), web.login("fin_b")
    r = a.get("/settle/banks")
    assert r.status_code == 200 and "SLWT-2015-01" in r.text and "归集户" in r.text and "到账通知" in r.text
    bad = a.submit("/settle/banks/accounts", {"bank_code": "01", "purpose": "settle", "account_no": "12",
                                               "account_name": "", "ledger_code": "10109", "opened_on": "2026-03-01"})
    assert bad.status_code == 422 and "专户账号应为6至40位数字" in bad.text
    ok = a.submit("/settle/banks/accounts", {"bank_code": "01", "purpose": "settle", "account_no": "1904020129000000123",
                                              "account_name": "示例市住房公积金管理中心结算户", "ledger_code": "10101",
                                              "opened_on": "2026-03-01"})
    assert ok.status_code == 303
    assert a.submit("/settle/banks/changes/1/approve", {"note": ""}).status_code == 403  # not one's own
    assert b.submit("/settle/banks/changes/1/approve", {"note": "同意"}).status_code == 303
    assert "1904020129000000123" in a.get("/settle/banks").text
    assert a.submit("/settle/banks/fees/accrue", {"month": "202603"}).status_code == 303
    assert a.get("/settle/banks/fees?month=202603").status_code == 200
    assert a.get("/settle/banks/fees.xlsx?month=202603").content[:2] == b"PK"
    assert a.submit("/settle/banks/assess/compute", {"year": "2026"}).status_code == 303
    page = a.get("/settle/banks/assess?year=2026")
    assert page.status_code == 200 and "资金到账及时率" in page.text and "暂无数据" in page.text
    assert a.get("/settle/banks/assess.docx?year=2026").content[:2] == b"PK"


def test_api_banks_fees_and_assessments(web):
    key = web.api_key(Role.FINANCE)
    c = web.client(headers={"Authorization": f"Bearer {key}"})
    banks = c.get("/api/v1/bank/banks").json()
    assert banks[0]["agreements"][0]["no"] == "SLWT-2015-01" and banks[1]["accounts"]
    assert c.get("/api/v1/bank/fees/202603").json() == []
    assert c.get("/api/v1/bank/assessments/2026").status_code == 200
