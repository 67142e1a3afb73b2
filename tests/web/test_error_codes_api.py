"""The API returns each error's specific code (issue 18 item 4): on the problem document and on each problem."""

from __future__ import annotations

from datetime import date

import pytest

from anju.auth.actor import Role
from anju.registry.errors import RegistryError
from anju.report.errors import ReportError
from tests.support import factory

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
PROBLEM = "application/problem+json"


def test_a_registry_state_error_carries_its_code(web):
    api = web.api(web.api_key(Role.CLERK))
    eid = factory.open_employer(web.engine, name="销户单位", first_month=202602, on=date(2026, 2, 1))
    assert api.post(f"/api/v1/registry/employers/{eid}/status", json={"status": "04", "reason": "注销"}).status_code == 200
    again = api.post(f"/api/v1/registry/employers/{eid}/status", json={"status": "04", "reason": "注销"})
    assert again.status_code == 400 and again.headers["content-type"] == PROBLEM
    body = again.json()
    assert body["code"] == RegistryError.EMPLOYER_CLOSED == "registry.employer_closed"
    assert body["type"] == "urn:anju:problem:registry.employer_closed"


def test_each_problem_of_a_rejected_form_carries_its_code(web):
    api = web.api(web.api_key(Role.CLERK))
    bad = api.post("/api/v1/registry/employers", json={
        "uscc": factory.uscc(), "name": "", "kind": "50", "bank_code": "01", "pay_day": 10,
        "employer_ratio": "12%", "member_ratio": "12%", "first_month": 202604})
    assert bad.status_code == 422
    codes = {p["input"] or p["field"]: p["code"] for p in bad.json()["problems"]}
    assert RegistryError.EMPLOYER_NAME_EMPTY in codes.values(), codes


def test_a_report_problem_carries_its_code(web):
    api = web.api(web.api_key(Role.FINANCE))
    r = api.get("/api/v1/stats/annual/2025/report.txt")
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    assert [p["code"] for p in r.json()["problems"]] == [ReportError.FORMAT_DOCUMENT]
