"""The registry and contributions API on both databases: yuan strings, problem+json with every row error of
a rejected list, multipart upload, payment, statements and certificates, refunds and deferrals, scoping."""

from __future__ import annotations

from datetime import date

import pytest

from anju.auth.actor import Role
from anju.deposit.service import DEFERRAL_DOCUMENTS
from tests.support import factory
from tests.support.factory import person_id, xlsx

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def row(n, *, name=None, total="1200.00"):
    return [n, name or f"职工{n}", person_id(n, "1" if n % 2 else "2"), "5000.00", "12%", "12%", "600.00",
            "600.00", total, 202604]


class TestRegistryApi:
    def test_open_employer_and_members_change_them_and_read_them_back(self, web):
        api = web.api(web.api_key(Role.CLERK))
        bad = api.post("/api/v1/registry/employers", json={
            "uscc": "123", "name": "", "kind": "50", "bank_code": "01", "pay_day": 10, "employer_ratio": "30%",
            "member_ratio": "12%", "first_month": 202604})
        assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem+json")
        assert {p["field"] for p in bad.json()["problems"]} >= {"统一社会信用代码", "单位名称", "单位缴存比例"}
        made = api.post("/api/v1/registry/employers", json={
            "uscc": factory.uscc(), "name": "接口单位", "kind": "50", "bank_code": "01", "pay_day": 10,
            "employer_ratio": "12%", "member_ratio": "12%", "first_month": 202604})
        assert made.status_code == 201
        e = made.json()
        assert e["employer_ratio"] == "12%" and e["monthly_due"] == "0.00"
        eid = e["id"]
        assert api.patch(f"/api/v1/registry/employers/{eid}", json={"agent_phone": "13900000000"}).json()[
            "agent_phone"] == "13900000000"
        assert api.get("/api/v1/registry/employers", params={"q": "接口"}).json()[0]["id"] == eid
        opened = api.post(f"/api/v1/registry/employers/{eid}/members", json={
            "id_number": person_id(1, "1"), "name": "职工1", "base": "5000.00", "first_month": 202604})
        assert opened.status_code == 201
        m = opened.json()
        assert m["monthly_total"] == "1200.00" and m["balance"] == "0.00" and "*" in m["id_masked"]
        pid = m["person_id"]
        assert api.post(f"/api/v1/registry/members/{pid}/base", json={"base": "6000.00", "from_month": 202605}).json()[
            "base"] == "6000.00"
        assert api.post(f"/api/v1/registry/members/{pid}/ratio", json={
            "employer_ratio": "10%", "member_ratio": "10%", "from_month": 202605}).json()["monthly_total"] == "1200.00"
        assert api.post(f"/api/v1/registry/members/{pid}/seal", json={"reason": "离职"}).json()["status"] == "02"
        assert api.post(f"/api/v1/registry/members/{pid}/reopen", json={"first_month": 202606}).json()["status"] == "01"
        other = factory.open_employer(web.engine, name="另一单位", first_month=202602, on=date(2026, 2, 1))
        moved = api.post(f"/api/v1/registry/members/{pid}/transfer", json={"to_employer_id": other, "first_month": 202606})
        assert moved.json()["employer_id"] == other
        assert api.get("/api/v1/registry/members", params={"q": "职工1"}).json()[0]["person_id"] == pid
        assert api.post(f"/api/v1/registry/employers/{eid}/status", json={"status": "04", "reason": "注销"}).status_code == 200
        st = api.get(f"/api/v1/registry/members/{pid}/statement").json()
        assert [ln["type_label"] for ln in st["lines"]][:1] == ["开户"] and st["closing"] == "0.00"
        cert = api.get(f"/api/v1/registry/members/{pid}/certificate").json()
        assert cert["balance"] == "0.00" and cert["employer_name"] == "另一单位"
        pdf = api.get(f"/api/v1/registry/members/{pid}/certificate.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    def test_an_employers_key_sees_only_its_employer(self, web):
        mine = factory.open_employer(web.engine, name="本单位", first_month=202602, on=date(2026, 2, 1))
        other = factory.open_employer(web.engine, name="他单位", first_month=202602, on=date(2026, 2, 1))
        factory.open_members(web.engine, other, 1, start=30, first_month=202602, on=date(2026, 2, 1))
        api = web.api(web.api_key(Role.EMPLOYER_AGENT, employer_id=mine))
        assert api.get(f"/api/v1/registry/employers/{mine}").status_code == 200
        assert api.get(f"/api/v1/registry/employers/{other}").status_code == 403
        assert [e["id"] for e in api.get("/api/v1/registry/employers").json()] == [mine]
        assert api.get("/api/v1/registry/members").json() == []
        assert api.get(f"/api/v1/registry/members?employer_id={other}").status_code == 403
        assert api.get("/api/v1/registry/members/1").status_code == 403
        assert api.get(f"/api/v1/deposit/employers/{other}/arrears").status_code == 403


class TestDepositApi:
    def test_rejected_upload_lists_every_row_then_accepted_confirmed_and_posted(self, web):
        eid = factory.open_employer(web.engine, name="清册单位", first_month=202604, on=date(2026, 3, 1))
        factory.open_members(web.engine, eid, 2, first_month=202604, on=date(2026, 3, 1))
        api = web.api(web.api_key(Role.CLERK))
        bad = api.post(f"/api/v1/deposit/employers/{eid}/lists", data={"kind": "01", "period_from": "202604"},
                       files={"file": ("list.xlsx", xlsx([row(1, name="别人"), row(2, total="9.00")]))})
        assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem+json")
        problems = bad.json()["problems"]
        assert {p["row"] for p in problems} >= {2, 3} and {p["field"] for p in problems} >= {"姓名"}
        ok = api.post(f"/api/v1/deposit/employers/{eid}/lists", data={"kind": "01", "period_from": "202604"},
                      files={"file": ("list.xlsx", xlsx([row(1), row(2)]))})
        assert ok.status_code == 201
        lst = ok.json()
        assert lst["total"] == "2400.00" and lst["status"] == "pending" and len(lst["lines"]) == 2
        rid = lst["id"]
        assert api.get(f"/api/v1/deposit/lists/{rid}").json()["no"] == lst["no"]
        wrong = api.post(f"/api/v1/deposit/lists/{rid}/payment", json={"paid_on": "2026-03-02", "receipt_no": "X",
                                                                       "amount": "2400.01"})
        assert wrong.status_code == 422
        paid = api.post(f"/api/v1/deposit/lists/{rid}/payment", json={"paid_on": "2026-03-02", "receipt_no": "X",
                                                                      "amount": "2400.00"})
        assert paid.json()["status"] == "posted"
        member = api.get(f"/api/v1/registry/members/{lst['lines'][0]['person_id']}").json()
        assert member["balance"] == "1200.00" and member["current_balance"] == "1200.00"
        assert member["paid_through"] == 202604
        assert api.get(f"/api/v1/deposit/employers/{eid}/lists").json()[0]["id"] == rid
        arrears = api.get(f"/api/v1/deposit/employers/{eid}/arrears").json()
        assert arrears["unpaid_months"] == []
        assert isinstance(api.get("/api/v1/deposit/arrears").json(), list)
        refund = api.post(f"/api/v1/deposit/lists/{rid}/refunds", json={"reason": "错缴",
                                                                        "person_ids": [lst["lines"][0]["person_id"]]})
        assert refund.status_code == 201 and refund.json()["amount"] == "1200.00"
        fid = refund.json()["id"]
        assert api.post(f"/api/v1/deposit/refunds/{fid}/decision", json={"approve": True}).status_code == 403
        approver = web.api(web.api_key(Role.APPROVER))
        assert approver.post(f"/api/v1/deposit/refunds/{fid}/decision", json={"approve": True}).json()["status"] == "posted"
        assert api.get("/api/v1/deposit/refunds").json()[0]["status"] == "posted"

    def test_generate_cancel_and_deferral_through_the_api(self, web):
        eid = factory.open_employer(web.engine, name="缓缴单位", first_month=202602, on=date(2026, 2, 1))
        factory.open_members(web.engine, eid, 2, first_month=202602, on=date(2026, 2, 1))
        api = web.api(web.api_key(Role.CLERK))
        made = api.post(f"/api/v1/deposit/employers/{eid}/lists/generate", json={"period": 202602})
        assert made.status_code == 201 and made.json()["line_count"] == 2
        assert api.post(f"/api/v1/deposit/lists/{made.json()['id']}/cancel", json={"reason": "重做"}).json()[
            "status"] == "cancelled"
        short = api.post(f"/api/v1/deposit/employers/{eid}/deferrals", json={
            "kind": "defer", "period_from": 202603, "period_to": 202605, "reason": "困难", "documents": []})
        assert short.status_code == 422 and len(short.json()["problems"]) == 3
        applied = api.post(f"/api/v1/deposit/employers/{eid}/deferrals", json={
            "kind": "defer", "period_from": 202603, "period_to": 202605, "reason": "困难",
            "documents": list(DEFERRAL_DOCUMENTS)})
        assert applied.status_code == 201
        did = applied.json()[0]["id"]
        approver = web.api(web.api_key(Role.APPROVER))
        decided = approver.post(f"/api/v1/deposit/deferrals/{did}/decision",
                                json={"approve": True, "approval_no": "〔2026〕1号"})
        assert decided.json()["status"] == "approved"
        assert api.get("/api/v1/deposit/deferrals").json()[0]["status"] == "approved"

    def test_the_openapi_document_describes_the_new_routes(self, web):
        doc = web.client().get("/api/openapi.json").json()
        paths = doc["paths"]
        assert "/api/v1/deposit/employers/{employer_id}/lists" in paths
        assert "multipart/form-data" in paths["/api/v1/deposit/employers/{employer_id}/lists"]["post"]["requestBody"][
            "content"]
        assert "/api/v1/registry/members/{person_id}/certificate.pdf" in paths
        assert "MemberOut" in doc["components"]["schemas"]
