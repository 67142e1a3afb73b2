"""Loan origination through HTTP on both databases: the counter form with its 试算, the confirmation, 初审 and 审批
by other users, contract, security, 放款通知 and 放款 confirmation by finance; queues with ageing; the printable
contract with its schedule; the public calculator; the API for the same services; permission denials."""

from __future__ import annotations

import re

from anju.auth.actor import Role
from anju.loanapp.errors import LoanappError
from tests.loanapp.helpers import couple, form

DAYS_TO_DAY = 224  # the web clock starts on 2026-03-02; the couple's contributions run to September 2026


def _token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def _setup(web):
    me, wife = couple(web.engine)
    web.clock.advance(days=DAYS_TO_DAY)  # business date 2026-10-12
    for name, role in (("clerk", Role.CLERK), ("rev", Role.REVIEWER), ("appr", Role.APPROVER),
                       ("officer", Role.LOAN_OFFICER), ("fin", Role.FINANCE)):
        web.user(name, role)
    return me, wife


def test_counter_journey(web):
    me, wife = _setup(web)
    clerk = web.login("clerk")
    page = clerk.get(f"/loan/apply?q={me['account_no']}")
    assert page.status_code == 200 and wife["account_no"] in page.text  # the registered spouse is filled in
    data = form(me, wife)
    check = clerk.submit("/loan/apply", {**data, "action": "check"})
    assert check.status_code == 200 and "可以受理" in check.text
    assert "最高可贷640,000.00元（受贷款成数限制）" in check.text and "账户余额合计43,200.00元" in check.text
    assert "9 个月（至2026年09月）" in check.text and "21,600.00" in check.text  # each borrower's contributions
    bad = clerk.submit("/loan/apply", {**data, "repay_day": "30", "repay_card_no": "6222", "action": "submit"})
    assert bad.status_code == 422 and "约定还款日应在1至28之间" in bad.text and "银行卡" in bad.text
    high = clerk.submit("/loan/apply", {**data, "amount": "700000.00", "repay_day": "30", "action": "submit"})
    assert high.status_code == 422 and "超过可贷额度640,000.00元" in high.text and "约定还款日应在1至28之间" in high.text
    confirm = clerk.submit("/loan/apply", {**data, "action": "submit"})
    assert confirm.status_code == 200 and "贰拾万元整" in confirm.text
    done = clerk.submit("/loan/apply/confirm", {"token": _token(confirm.text)})
    assert done.status_code == 303 and done.headers["location"] == "/loan/applications/1"
    assert clerk.submit("/loan/applications/1/approve", {}).status_code == 403  # a clerk may not approve

    rev = web.login("rev")
    queue = rev.get("/loan/queue?stage=review")
    assert "DKSQ0000000001" in queue.text and "剩 10 个工作日" in queue.text
    assert rev.submit("/loan/applications/1/review", {"note": "材料齐全"}).status_code == 303
    appr = web.login("appr")
    assert "审批同意" in appr.get("/loan/applications/1").text
    assert appr.submit("/loan/applications/1/approve", {"note": "同意"}).status_code == 303
    printed = appr.get("/loan/applications/1/form")
    assert printed.status_code == 200 and "个人住房公积金贷款申请审批表" in printed.text
    assert "初审人：测试rev" in printed.text and "审批人：测试appr" in printed.text and "贰拾万元整" in printed.text

    officer = web.login("officer")
    assert officer.submit("/loan/applications/1/contract").status_code == 303
    contract = officer.get("/loan/applications/1/contract")
    assert contract.status_code == 200 and "JK2026000001" in contract.text and "还款计划表" in contract.text
    assert "贰拾万元整" in contract.text and contract.text.count('<td class="num">120</td>') == 1
    pdf = officer.get("/loan/applications/1/contract.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    r = officer.submit("/loan/applications/1/security", {"step": "done", "on": "2026-10-12",
                                                          "ref": "湘(2026)示例市不动产证明第0000001号"})
    assert r.status_code == 303
    assert officer.submit("/loan/applications/1/instruct", {"disburse_on": "2026-10-12"}).status_code == 303
    assert "放款确认" not in officer.get("/loan/applications/1").text.split("办理过程")[1]

    fin = web.login("fin")
    confirm = fin.submit("/loan/applications/1/disburse")
    assert confirm.status_code == 200 and "确认放款" in confirm.text and "2.6%" in confirm.text
    done = fin.submit("/loan/applications/1/disburse/confirm", {"token": _token(confirm.text)})
    assert done.status_code == 303
    detail = fin.get("/loan/applications/1")
    assert "已放款" in detail.text and "DK0000000001" in detail.text
    # the process history names the staff (users.display_name), not their logins
    assert "<td>测试clerk</td>" in detail.text and "<td>测试rev</td>" in detail.text
    assert "<td>clerk</td>" not in detail.text and "<td>rev</td>" not in detail.text


def test_public_calculator(web):
    anon = web.client()
    page = anon.get("/loan/calculator?amount=1000000.00&months=360&method=01&rate=2.60")
    assert page.status_code == 200 and "4,003.40" in page.text  # the reference's worked example
    bad = anon.get("/loan/calculator?amount=abc&months=999&rate=x")
    assert bad.status_code == 422 and "贷款金额应为大于0的金额" in bad.text
    # the error summary names fields by their Chinese labels
    assert "“贷款金额”" in bad.text and "“贷款期限”" in bad.text and "“年利率”" in bad.text
    assert not any(f"“{name}”" in bad.text for name in ("amount", "months", "rate"))
    assert anon.get("/loan/apply").status_code in (303, 401, 302)


def test_api_same_services(web):
    me, wife = _setup(web)
    clerk = web.api(web.api_key(Role.CLERK))
    body = {**form(me, wife), "months": 120, "repay_day": 20, "combined": False}
    trial = clerk.post("/api/v1/loan-applications/trial", json=body)
    assert trial.status_code == 200 and trial.json()["ok"] and trial.json()["max_amount"] == "640000.00"
    bad = clerk.post("/api/v1/loan-applications", json={**body, "amount": "900000.00", "price": "abc"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"
    assert {"input": "price", "code": LoanappError.FIELD_MONEY_INVALID} in \
        [{"input": p.get("input"), "code": p["code"]} for p in bad.json()["problems"]]
    made = clerk.post("/api/v1/loan-applications", json=body)
    assert made.status_code == 201 and made.json()["status"] == "submitted"
    app_id = made.json()["id"]
    rev = web.api(web.api_key(Role.REVIEWER))
    assert rev.post(f"/api/v1/loan-applications/{app_id}/review", json={"note": ""}).json()["status"] == "reviewed"
    listing = rev.get("/api/v1/loan-applications?stage=approve").json()
    assert [a["id"] for a in listing] == [app_id]
    unknown = rev.get("/api/v1/loan-applications?stage=nope")
    assert unknown.status_code == 422 and [p["code"] for p in unknown.json()["problems"]] == [LoanappError.STAGE_UNKNOWN]
    sched = rev.get(f"/api/v1/loan-applications/{app_id}/schedule").json()
    assert len(sched["instalments"]) == 120 and sched["principal"] == "200000.00"
    calc = rev.get("/api/v1/loan-calculator?amount=1000000.00&months=360&method=01").json()
    assert calc["annual_rate"] == "0.026" and calc["instalments"][0]["payment"] == "4003.40"


def test_api_permissions(web):
    me, wife = _setup(web)
    finance = web.api(web.api_key(Role.FINANCE))
    body = {**form(me, wife), "months": 120, "repay_day": 20}
    assert finance.post("/api/v1/loan-applications/trial", json=body).status_code == 403
    assert finance.get("/api/v1/loan-calculator?amount=100000.00&months=12").status_code == 200
    auditor = web.api(web.api_key(Role.AUDITOR))
    assert auditor.get("/api/v1/loan-applications").status_code == 200
    assert auditor.post("/api/v1/loan-applications", json=body).status_code == 403
    assert web.api(None).get("/api/v1/loan-applications").status_code == 401
