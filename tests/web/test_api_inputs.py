"""The API's error contract for out-of-range and malformed input, on both databases: a Chinese 4xx
problem+json with a code, never a 5xx; timestamps with their offset; 405 with Allow; errors documented."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi import Request
from sqlalchemy import BigInteger, cast, literal, select

from anju.auth.actor import Role
from anju.web.kit import unit_of_work
from anju.web.params import ID_MAX
from tests.support import factory

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

PROBLEM = "application/problem+json"
HAN = re.compile(r"[\u4e00-\u9fff]")
STAFF = (Role.ADMIN, Role.CLERK, Role.FINANCE, Role.AUDITOR, Role.LOAN_OFFICER)


def assert_problem(r, status: int = 422, code: str = "invalid", field: str | None = None) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["code"] == code and body["status"] == status and HAN.search(body["detail"]), body
    for p in body.get("problems") or []:
        assert HAN.search(p["message"]), p
    if field is not None:
        assert field in {p["input"] for p in body["problems"]}, body
    return body


@pytest.fixture
def api(web):
    return web.api(web.api_key(*STAFF))


class TestOutOfRange:
    def test_an_id_beyond_bigint_is_a_422_not_an_overflow_in_the_database(self, api):
        body = assert_problem(api.get("/api/v1/deposit/lists/99999999999999999999"), field="remittance_id")
        assert "不能大于" in body["problems"][0]["message"]
        assert_problem(api.get(f"/api/v1/deposit/lists/{ID_MAX + 1}"), field="remittance_id")
        assert_problem(api.get("/api/v1/registry/employers/0"), field="employer_id")
        assert api.get(f"/api/v1/deposit/lists/{ID_MAX}").status_code == 404  # the largest id is merely absent

    def test_a_year_outside_1900_to_2100_is_a_422(self, api):
        assert_problem(api.get("/api/v1/stats/annual/0"), field="year")
        assert_problem(api.get("/api/v1/stats/dashboard", params={"year": -1691}), field="year")
        assert_problem(api.get("/api/v1/stats/dashboard", params={"year": 2101}), field="year")
        body = assert_problem(api.post("/api/v1/interest/runs", json={"year": 0}), field="year")
        assert body["problems"][0]["message"] == "不能小于1900"

    def test_a_month_must_be_yyyymm(self, api):
        assert_problem(api.get("/api/v1/loans/runs/2275916472"), field="month")
        body = assert_problem(api.get("/api/v1/loans/runs/202513"), field="month")
        assert "YYYYMM" in body["problems"][0]["message"]

    def test_limits_and_offsets_cannot_be_negative(self, api):
        assert_problem(api.get("/api/v1/registry/employers", params={"limit": -1, "offset": -212}), field="offset")

    def test_text_with_nul_is_a_422_where_the_database_refuses_it(self, web, api):
        r = api.get("/api/v1/registry/employers", params={"q": "单位\x00"})
        if web.engine.dialect.name == "postgresql":  # PostgreSQL text cannot hold NUL: its DataError is a 422
            assert assert_problem(r)["detail"] == "输入的文本含有NUL等不允许的控制字符"
        else:  # SQLite searches for it and finds nothing
            assert r.status_code == 200 and r.json() == []

    def test_a_body_that_is_not_json_is_a_chinese_400(self, api):
        r = api.post("/api/v1/interest/runs", content=b"\xe7", headers={"content-type": "application/json"})
        assert r.status_code in (400, 422) and HAN.search(r.json()["detail"]) and r.json()["code"]


class TestPatch:
    def test_null_for_a_field_that_cannot_be_empty_is_a_422_and_changes_nothing(self, web, api):
        eid = factory.open_employer(web.engine, name="原单位", first_month=202603, on=date(2026, 3, 1))
        body = assert_problem(api.patch(f"/api/v1/registry/employers/{eid}", json={"address": None, "name": "新"}),
                              field="address")
        assert "不能为空" in body["problems"][0]["message"]
        assert api.get(f"/api/v1/registry/employers/{eid}").json()["name"] == "原单位"

    def test_null_where_empty_is_allowed_and_fields_left_out_still_work(self, web, api):
        eid = factory.open_employer(web.engine, name="原单位", first_month=202603, on=date(2026, 3, 1))
        r = api.patch(f"/api/v1/registry/employers/{eid}", json={"industry": None, "agent_phone": "13900000000"})
        assert r.status_code == 200, r.text
        assert r.json()["agent_phone"] == "13900000000"


class TestDatabaseRefusals:
    def test_a_value_the_database_cannot_hold_is_a_422_on_either_backend(self, web, api, caplog):
        """The safety net behind the bounds: PostgreSQL's DataError, SQLite's OverflowError."""

        def overflow(request: Request):
            with unit_of_work(request, read_only=True) as uow:
                uow.conn.execute(select(cast(literal(2**70), BigInteger))).scalar()

        web.app.add_api_route("/api/v1/test/overflow", overflow)
        body = assert_problem(api.get("/api/v1/test/overflow"))
        assert body["detail"] == "输入的数值超出允许范围"
        assert any("refused a number" in r.getMessage() for r in caplog.records)


class TestResponses:
    def test_timestamps_carry_their_offset(self, web):
        eid = factory.open_employer(web.engine, name="清册单位", first_month=202604, on=date(2026, 3, 1))
        factory.open_members(web.engine, eid, 1, first_month=202604, on=date(2026, 3, 1))
        api = web.api(web.api_key(Role.CLERK))
        made = api.post(f"/api/v1/deposit/employers/{eid}/lists/generate", json={"period": 202604})
        assert made.status_code == 201, made.text
        stamp = api.get(f"/api/v1/deposit/employers/{eid}/lists").json()[0]["created_at"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", stamp), stamp

    def test_405_names_every_allowed_method(self, api):
        r = api.delete("/api/v1/registry/employers")
        assert_problem(r, status=405, code="method_not_allowed")
        assert set(r.headers["allow"].replace(" ", "").split(",")) == {"GET", "POST"}

    def test_every_operation_documents_its_problem_answers(self, web):
        doc = web.client().get("/api/openapi.json").json()
        assert "HTTPValidationError" not in doc["components"]["schemas"]
        assert set(doc["components"]["schemas"]["Problem"]["required"]) >= {"code", "detail", "status"}
        operations = [op for ops in doc["paths"].values() for op in ops.values()]
        assert len(operations) > 90
        for op in operations:
            for status in ("400", "401", "403", "404", "409", "422"):
                assert list(op["responses"][status]["content"]) == [PROBLEM], (op["summary"], status)
        ids = doc["paths"]["/api/v1/deposit/lists/{remittance_id}"]["get"]["parameters"][0]["schema"]
        assert ids["minimum"] == 1 and ids["maximum"] == ID_MAX


def test_pages_bound_their_years_too(web):
    """A page's year outside 1900–2100 is a Chinese 422 page, never a 500 (the dashboard's Period raised)."""
    from anju.auth.actor import Role

    finance = web.as_role(Role.FINANCE)
    for url in ("/stats/dashboard?year=-1691", "/stats/dashboard?year=99999", "/report/annual?year=0"):
        r = finance.get(url)
        assert r.status_code == 422 and "Traceback" not in r.text, url
        assert re.search(r"[\u4e00-\u9fff]", r.text), url
