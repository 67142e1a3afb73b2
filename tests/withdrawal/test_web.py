"""Withdrawals through HTTP on both databases: a member applies for rent online, a reviewer and an approver act at
the counter, finance sends the payment file and posts the bank's result; the printable form and receipt; the
API; a member sees only their own applications."""

from __future__ import annotations

import re
from datetime import date

from anju.auth.actor import Role
from anju.withdrawal import payout
from tests.withdrawal.helpers import card, failures, member

ON = date(2026, 1, 5)  # the web clock stands on Monday 2 March 2026: the 2019 list still applies
RENT = {"fact_monthly_rent": "1500", "fact_property_address": "示例市蒸湘区解放大道8号", "fact_children": "0"}
DOCS = ["申请人身份证", "房屋租赁合同", "无房情况承诺书（本人及配偶）", "本人银行卡（一类账户）"]


def _token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def _setup(web):
    acct, pid = member(web.engine, 1, on=ON, income=800_000, name="张三")
    web.user("zhangsan", Role.MEMBER, person_id=pid)
    for name, role in (("rev", Role.REVIEWER), ("appr", Role.APPROVER), ("fin", Role.FINANCE)):
        web.user(name, role)
    return acct, pid


def test_rent_online_to_the_bank_and_back(web):
    acct, pid = _setup(web)
    m = web.login("zhangsan")
    page = m.get("/withdrawal/apply?kind=rent_market")
    assert page.status_code == 200 and "月租金（元）" in page.text and "离休、退休" in page.text
    form = {"account_id": str(acct), "kind": "rent_market", **RENT, "doc": DOCS, "card_no": card(),
            "card_bank": "工商银行示例市分行"}
    check = m.submit("/withdrawal/apply", {**form, "action": "check"})
    assert check.status_code == 200 and "可以提取" in check.text
    assert "本年度已提取租房 0 次，上限 4 次" in check.text and "本次最多可提取 12,000.00 元" in check.text
    confirm = m.submit("/withdrawal/apply", {**form, "action": "submit", "requested": "3000"})
    assert confirm.status_code == 200 and "叁仟元整" in confirm.text
    done = m.submit("/withdrawal/apply/confirm", {"token": _token(confirm.text)})
    assert done.status_code == 303 and done.headers["location"] == "/withdrawal/1"
    mine = m.get("/withdrawal/mine")
    assert "已受理，待复核" in mine.text and "个人网厅" in mine.text

    rev = web.login("rev")
    queue = rev.get("/withdrawal/queue?stage=review")
    assert "TQ0000000001" in queue.text and "剩 3 个工作日" in queue.text
    assert rev.submit("/withdrawal/1/review", {"note": "材料齐全"}).status_code == 303
    appr = web.login("appr")
    assert "审批同意" in appr.get("/withdrawal/1").text
    assert appr.submit("/withdrawal/1/approve", {"note": "同意"}).status_code == 303

    fin = web.login("fin")
    made = fin.submit("/withdrawal/payouts", {"bank_code": "01", "pay_day": "2026-03-02"})
    assert made.status_code == 303 and made.headers["location"] == "/withdrawal/payouts/1"
    csv = fin.get("/withdrawal/payouts/1/file?fmt=csv")
    assert csv.status_code == 200 and "TQ_01_20260302_01.csv" in csv.headers["content-disposition"]
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(payout.PAYMENT_HEADERS) and ",3000.00," in lines[1]
    xlsx = fin.get("/withdrawal/payouts/1/file?fmt=xlsx")
    assert xlsx.content[:2] == b"PK"
    payment_no = lines[1].split(",")[1]
    result = payout.result_csv([payout.Result(payment_no, True, "", "ICBC0001")])
    fin.get("/withdrawal/payouts/1")
    check = fin.post("/withdrawal/payouts/1/result", data={"csrf_token": fin.csrf},
                     files={"file": ("result.csv", result, "text/csv")})
    assert check.status_code == 200 and "确认银行回盘入账" in check.text
    posted = fin.submit("/withdrawal/payouts/result/confirm", {"token": _token(check.text)})
    assert posted.status_code == 303

    mine = m.get("/withdrawal/1")
    assert "已办结（已支付入账）" in mine.text and "疑点提示" not in mine.text
    # the process history names the staff, not their logins
    history = mine.text.split("办理过程")[-1]
    assert "<td>测试rev</td>" in history and "<td>测试appr</td>" in history and "<td>测试fin</td>" in history
    assert "<td>rev</td>" not in history and "<td>appr</td>" not in history
    receipt = m.get("/withdrawal/1/receipt")
    assert receipt.status_code == 200 and "叁仟元整" in receipt.text and "住房公积金提取凭证" in receipt.text
    form_page = rev.get("/withdrawal/1/form")
    assert "住房公积金提取申请审批表" in form_page.text and "复核通过" in form_page.text
    assert failures(web.engine) == {}


def test_a_refusal_on_the_page_lists_every_reason(web):
    acct, _ = _setup(web)
    m = web.login("zhangsan")
    m.get("/withdrawal/apply?kind=rent_market")
    r = m.submit("/withdrawal/apply", {"account_id": str(acct), "kind": "rent_market", **RENT,
                                       "fact_monthly_rent": "300", "action": "submit", "card_no": "123"})
    assert r.status_code == 422
    assert "未提交申请材料" in r.text and "未超过家庭月工资收入" in r.text and "银行卡号应为12至19位数字" in r.text


def test_members_see_only_their_own_and_staff_pages_render(web):
    acct, _ = _setup(web)
    other_acct, other_pid = member(web.engine, 2, on=ON, income=800_000)
    web.user("lisi", Role.MEMBER, person_id=other_pid)
    m = web.login("zhangsan")
    m.get("/withdrawal/apply?kind=rent_market")
    confirm = m.submit("/withdrawal/apply", {"account_id": str(acct), "kind": "rent_market", **RENT, "doc": DOCS,
                                             "card_no": card(), "card_bank": "工行", "action": "submit"})
    m.submit("/withdrawal/apply/confirm", {"token": _token(confirm.text)})
    other = web.login("lisi")
    refused = other.get("/withdrawal/1")
    assert refused.status_code == 403 and "无权执行此操作：查看该职工的数据" in refused.text
    with web.engine.connect() as conn:
        from anju.registry.service import get_account

        owner = get_account(conn, acct).person_id
    assert f"职工{owner}" not in refused.text  # a refusal never shows an internal id
    assert "TQ0000000001" not in other.get("/withdrawal/mine").text
    clerk = web.as_role(Role.CLERK)
    with web.engine.connect() as conn:
        from anju.registry.service import get_account

        account_no = get_account(conn, acct).account_no
    found = clerk.get(f"/withdrawal/apply?q={account_no}&kind=retire").text
    assert "张三" in found and "退休证或离退休审批表" in found
    assert "提前退休审批表（特殊工种或因病）（未到法定退休年龄提前退休时提交）" in found
    for path in ("/withdrawal/list", "/withdrawal/reasons?as_of=2026-09-20", "/withdrawal/queue?stage=all",
                 "/withdrawal/homes", "/withdrawal/1"):
        assert clerk.get(path).status_code == 200, path
    assert "装修自住住房" in clerk.get("/withdrawal/reasons?as_of=2026-09-20").text


def test_the_api_explains_creates_and_decides(web):
    acct, _ = _setup(web)
    from anju.registry.service import get_account

    with web.engine.connect() as conn:
        account_no = get_account(conn, acct).account_no
    clerk = web.api(web.api_key(Role.CLERK))
    body = {"account_no": account_no, "kind": "rent_market",
            "facts": {"monthly_rent": "1500", "property_address": "示例市1号", "children": "0"},
            "documents": DOCS, "amount": "2000.00", "payee": {"card_no": card(), "card_bank": "工行"}}
    e = clerk.post("/api/v1/withdrawal/eligibility", json=body).json()
    assert e["allowed"] and e["max_amount"] == "12000.00" and e["amount"] == "2000.00"
    created = clerk.post("/api/v1/withdrawal/applications", json=body)
    assert created.status_code == 201 and created.json()["status"] == "submitted"
    refused = clerk.post("/api/v1/withdrawal/applications", json={**body, "amount": "99999.00"})
    assert refused.status_code == 422 and refused.headers["content-type"].startswith("application/problem+json")
    assert any("超过本次最多可提取" in p["message"] for p in refused.json()["problems"])
    reviewer = web.api(web.api_key(Role.REVIEWER))
    assert reviewer.get("/api/v1/withdrawal/queue").json()[0]["workdays_left"] == 3
    rejected = reviewer.post("/api/v1/withdrawal/applications/1/reject", json={"reason": "租赁合同不清晰"})
    assert rejected.json()["status"] == "rejected" and rejected.json()["status_note"] == "租赁合同不清晰"
    reasons = clerk.get("/api/v1/withdrawal/reasons?as_of=2026-09-20").json()
    assert {r["kind"]: r["allowed"] for r in reasons}["decoration"] is True
