"""The compliance pages and API through HTTP on both databases: a hit proposed by an auditor and confirmed by an
approver on their pages, the case's recovery and documents (Word, PDF), enforcement from the arrears report,
complaints, dormant accounts; the API's rules and queue."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from anju.auth.actor import Role
from anju.compliance.tables import audit_hit
from anju.db import UnitOfWork
from anju.withdrawal import service as wd
from tests.support.factory import open_employer, open_members
from tests.withdrawal.helpers import member, other


def test_the_pages_take_a_hit_to_a_case_and_its_documents(web):
    acct, _ = member(web.engine, 1, on=date(2026, 1, 5), months=12)  # paid Jan–Dec 2026
    w = other(web.engine, acct, 50_000, day=date(2026, 3, 2))  # early: 2 months after the first contribution
    auditor = web.user("auditor1", Role.AUDITOR, Role.REVIEWER)
    web.user("approver1", Role.APPROVER)
    a = web.login(auditor.username)
    assert "电子稽查规则与疑点率" in a.get("/compliance/rules").text
    r = a.submit("/compliance/scan")
    assert r.status_code == 303
    page = a.get("/compliance/hits")
    assert "首次缴存后短期提取" in page.text
    with web.engine.connect() as conn:
        hit_id = conn.execute(select(audit_hit.c.id).where(audit_hit.c.rule_code == "early")).scalar_one()
    assert "提取申请" in a.get(f"/compliance/hits/{hit_id}").text
    assert a.submit(f"/compliance/hits/{hit_id}/dispose", {"disposition": "propose", "note": ""}).status_code == 422
    assert a.submit(f"/compliance/hits/{hit_id}/dispose",
                    {"disposition": "propose", "note": "材料伪造"}).status_code == 303
    b = web.login("approver1")
    r = b.submit(f"/compliance/hits/{hit_id}/decide", {"decision": "approve", "note": "同意"})
    assert r.status_code == 303 and r.headers["location"].startswith("/compliance/cases/")
    case_url = r.headers["location"]
    r = a.submit(f"{case_url}/recover", {"note": "责令退回"})
    assert r.status_code == 303
    page = a.get(case_url)
    assert "已追回" in page.text and "追回通知书" in page.text
    with UnitOfWork(web.engine) as uow:
        assert wd.queries.get(uow.conn, w.id).status == "fraud"
    doc = a.get("/compliance/cases").text
    assert "PT2026" in doc
    import re

    doc_id = re.search(r"/compliance/documents/(\d+)\.docx", page.text).group(1)
    assert a.get(f"/compliance/documents/{doc_id}.docx").content[:2] == b"PK"
    # the PDF (WeasyPrint) is checked once, in the enforcement test below
    key = web.api_key(Role.AUDITOR)
    api = web.api(key)
    rules = api.get("/api/v1/compliance/rules").json()
    assert next(x for x in rules if x["code"] == "early")["found"] == 1
    assert api.get("/api/v1/compliance/hits?status=all").json()[0]["status"] == "fraud"
    assert api.get("/api/v1/compliance/cases").json()[0]["amount"] == "500.00"


def test_enforcement_complaint_and_dormant_pages(web):
    eid = open_employer(web.engine, first_month=202601, on=date(2026, 1, 5))
    open_members(web.engine, eid, 2, first_month=202601, on=date(2026, 1, 5))
    auditor = web.user("auditor2", Role.AUDITOR, Role.CLERK)
    a = web.login(auditor.username)
    arrears = a.get("/deposit/arrears").text
    link = re.search(r'href="(/compliance/enforcement\?employer=\d+)"', arrears).group(1)
    page = a.get(link)
    assert page.status_code == 200
    employer_no = link.rsplit("=", 1)[1]
    r = a.submit("/compliance/enforcement", {"employer": employer_no, "reason": "unpaid"})
    assert r.status_code == 303
    r = a.submit(f"{r.headers['location']}/notice")
    assert r.status_code == 303
    case_page = a.get(r.headers["location"]).text
    assert "催缴通知书" in case_page
    doc_id = re.search(r"/compliance/documents/(\d+)\.pdf", case_page).group(1)
    if web.engine.dialect.name == "sqlite":  # WeasyPrint's first document costs seconds: once is enough
        assert a.get(f"/compliance/documents/{doc_id}.pdf").content[:4] == b"%PDF"
    assert a.submit("/compliance/complaints", {"channel": "12329", "kind": "complaint", "subject": "",
                                               "content": "", "complainant": ""}).status_code == 422
    assert a.submit("/compliance/complaints", {"channel": "12329", "kind": "complaint", "subject": "单位欠缴",
                                               "content": "三个月未缴", "complainant": "张三"}).status_code == 303
    assert "单位欠缴" in a.get("/compliance/complaints").text
    assert "睡眠户" in a.get("/compliance/dormant").text

