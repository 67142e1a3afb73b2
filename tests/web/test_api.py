"""The JSON API through HTTP on both databases: API keys, amounts as yuan strings, problem+json errors."""

from __future__ import annotations

from datetime import timedelta

from anju.auth.actor import Role

PROBLEM = "application/problem+json"

ENTRY = {"key": "bank-fee-001", "voucher_date": "2026-03-02", "summary": "银行手续费",
         "lines": [{"account": "10101", "debit": "1234.56"}, {"account": "10201", "credit": "1,234.56"}]}


class TestApiKeys:
    def test_no_key_is_a_401_problem(self, web):
        r = web.api(None).get("/api/v1/me")
        assert r.status_code == 401 and r.headers["content-type"] == PROBLEM
        assert r.headers["www-authenticate"] == "Bearer"
        body = r.json()
        assert body["code"] == "auth.required" and body["status"] == 401 and body["type"] == "urn:anju:problem:auth.required"

    def test_a_key_acts_with_its_roles_through_the_api_channel(self, web):
        key = web.api_key(Role.EMPLOYER_AGENT, employer_id=7)
        me = web.api(key).get("/api/v1/me").json()
        assert me["roles"] == ["employer_agent"] and me["channel"] == "api" and me["employer_id"] == 7

    def test_wrong_revoked_and_expired_keys_are_refused(self, web, clock):
        key = web.api_key(Role.AUDITOR)
        prefix, secret = key.split("_")[1], key.split("_", 2)[2]
        assert web.api(f"anju_{prefix}_{secret[:-1]}x").get("/api/v1/me").json()["code"] == "auth.api_key"
        assert web.api("not-a-key").get("/api/v1/me").status_code == 401
        short = web.api_key(Role.AUDITOR, expires_at=clock() + timedelta(days=1))
        assert web.api(short).get("/api/v1/me").status_code == 200
        clock.advance(days=1)
        assert web.api(short).get("/api/v1/me").status_code == 401
        admin = web.as_role(Role.ADMIN)
        page = admin.get("/admin/api-keys")
        assert f"anju_{prefix}_" in page.text and secret not in page.text
        from anju.auth import service
        with web.engine.connect() as conn:
            kid = next(k.id for k in service.list_api_keys(conn) if k.prefix == prefix)
        assert admin.submit(f"/admin/api-keys/{kid}/revoke").status_code == 303
        assert web.api(key).get("/api/v1/me").status_code == 401

    def test_the_x_api_key_header_works_too(self, web):
        key = web.api_key(Role.AUDITOR)
        assert web.client(headers={"X-API-Key": key}).get("/api/v1/me").status_code == 200

    def test_a_session_cookie_does_not_authenticate_the_api(self, web):
        c = web.as_role(Role.FINANCE)
        assert c.get("/api/v1/ledger/trial-balance").status_code == 401


class TestLedgerApi:
    def test_a_manual_entry_posts_once_per_key_with_yuan_strings(self, web):
        api = web.api(web.api_key(Role.FINANCE))
        r = api.post("/api/v1/ledger/vouchers", json=ENTRY)
        assert r.status_code == 201, r.text
        v = r.json()
        assert v["amount"] == "1234.56" and v["label"] == "记-202603-00001"
        assert [ln["debit"] for ln in v["lines"]] == ["1234.56", "0.00"]
        again = api.post("/api/v1/ledger/vouchers", json=ENTRY).json()
        assert again["id"] == v["id"]
        tb = api.get("/api/v1/ledger/trial-balance", params={"as_of": "2026-03-31"}).json()
        assert tb["balanced"] and tb["debit_total"] == "1234.56"
        assert api.get(f"/api/v1/ledger/vouchers/{v['id']}").json()["summary"] == "银行手续费"
        assert [x["id"] for x in api.get("/api/v1/ledger/vouchers").json()] == [v["id"]]

    def test_an_unbalanced_entry_is_a_422_problem_listing_every_problem(self, web):
        api = web.api(web.api_key(Role.FINANCE))
        bad = {**ENTRY, "lines": [{"account": "999", "debit": "1.00"}, {"account": "10201", "credit": "2.00"}]}
        r = api.post("/api/v1/ledger/vouchers", json=bad)
        assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
        body = r.json()
        assert body["code"] == "invalid" and len(body["problems"]) == 2
        assert any("不平衡" in p["message"] for p in body["problems"])

    def test_float_like_amounts_with_three_decimals_are_refused(self, web):
        api = web.api(web.api_key(Role.FINANCE))
        bad = {**ENTRY, "lines": [{"account": "10101", "debit": "1.005"}, {"account": "10201", "credit": "1.00"}]}
        r = api.post("/api/v1/ledger/vouchers", json=bad)
        assert r.status_code == 422 and "最多两位小数" in r.json()["problems"][0]["message"]

    def test_a_malformed_body_is_a_422_problem_with_fields(self, web):
        api = web.api(web.api_key(Role.FINANCE))
        r = api.post("/api/v1/ledger/vouchers", json={"summary": "x"})
        assert r.status_code == 422
        fields = {p["field"] for p in r.json()["problems"]}
        assert {"业务键", "凭证日期", "分录"} <= fields  # named by their Chinese labels, not by identifier
        assert not fields & {"key", "voucher_date", "lines"}

    def test_an_unknown_voucher_is_a_404_problem_with_the_ledger_code(self, web):
        r = web.api(web.api_key(Role.AUDITOR)).get("/api/v1/ledger/vouchers/999")
        assert r.status_code == 404 and r.json()["code"] == "ledger.voucher_not_found"

    def test_the_auditor_reads_but_may_not_post(self, web):
        api = web.api(web.api_key(Role.AUDITOR))
        assert api.get("/api/v1/ledger/trial-balance").status_code == 200
        r = api.post("/api/v1/ledger/vouchers", json=ENTRY)
        assert r.status_code == 403 and r.json()["code"] == "forbidden"

    def test_an_idempotency_conflict_is_a_409(self, web):
        api = web.api(web.api_key(Role.FINANCE))
        api.post("/api/v1/ledger/vouchers", json=ENTRY)
        r = api.post("/api/v1/ledger/vouchers", json={**ENTRY, "summary": "另一笔"})
        assert r.status_code == 409 and r.json()["code"] == "ledger.idempotency_conflict"


class TestOtherApis:
    def test_policy_in_force_gives_money_as_yuan_strings(self, web):
        api = web.api(web.api_key(Role.CLERK))
        body = api.get("/api/v1/policy", params={"as_of": "2025-07-01"}).json()
        values = {v["key"]: v for v in body["values"]}
        assert values["deposit.base_cap"]["value"] == "22500.00"
        assert values["deposit.base_cap"]["effective_from"] == "2025-07-01"
        hist = api.get("/api/v1/policy/deposit.base_cap/history").json()
        assert [h["value"] for h in hist][:2] == ["12345.00", "19800.00"]
        assert api.get("/api/v1/policy/no.such/history").json()["code"] == "not_found"

    def test_the_calendar_deadline_counts_working_days(self, web):
        api = web.api(web.api_key(Role.CLERK))
        r = api.get("/api/v1/calendar/deadline", params={"accepted": "2025-09-30", "workdays": 3})
        assert r.json()["deadline"] == "2025-10-11"  # National Day week, then the make-up Saturday

    def test_tools(self, web):
        api = web.api(web.api_key(Role.CLERK))
        assert api.get("/api/v1/tools/capitals", params={"amount": "1001.01"}).json() == {
            "amount": "1001.01", "capitals": "壹仟零壹元零壹分"}
        assert api.get("/api/v1/tools/uscc/91350100M000100Y43").json() == {"code": "91350100M000100Y43"}
        bad = api.get("/api/v1/tools/uscc/91350100M000100Y44")
        assert bad.status_code == 400 and bad.json()["code"] == "uscc.checksum"
        rid = api.get("/api/v1/tools/resident-id/430405900517123").json()
        assert rid["birth_date"] == "1990-05-17"

    def test_an_unknown_api_path_is_a_404_problem(self, web):
        r = web.api(web.api_key(Role.CLERK)).get("/api/v1/nothing-here")
        assert r.status_code == 404 and r.headers["content-type"] == PROBLEM

    def test_openapi_documents_the_api_and_not_the_pages(self, web):
        c = web.client()
        spec = c.get("/api/openapi.json").json()
        assert "/api/v1/ledger/vouchers" in spec["paths"] and "/ledger/vouchers" not in spec["paths"]
        docs = c.get("/api/docs")
        assert docs.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
        assert c.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200

    def test_openapi_schema_names_are_clean_and_stable(self, web):
        """Two areas' models of the same class name would be published under their module paths
        (``anju__loanapp__api__ApplicationIn``), renamed whenever code moves: every name is the model's own."""
        schemas = web.client().get("/api/openapi.json").json()["components"]["schemas"]
        assert [name for name in schemas if "__" in name] == []
        assert {"LoanApplicationIn", "WithdrawalApplicationIn", "MemberStatementOut"} <= set(schemas)


class TestUnexpectedErrors:
    def test_a_bug_is_a_500_problem_or_page_without_a_stack_trace(self, web):
        from fastapi import APIRouter, Depends

        from anju.web.app import create_app, mount_pages
        from anju.web.kit import public

        router = APIRouter()

        @router.get("/api/v1/boom", dependencies=[Depends(public)])
        def boom_api():
            raise RuntimeError("secret internals")

        pages = APIRouter()

        @pages.get("/boom", dependencies=[Depends(public)])
        def boom_page():
            raise RuntimeError("secret internals")

        app = create_app(web.engine, settings=web.settings)
        app.include_router(router)
        mount_pages(app, pages)
        c = web.client_for(app, raise_server_exceptions=False)
        r = c.get("/api/v1/boom")
        assert r.status_code == 500 and r.json()["code"] == "internal" and "secret" not in r.text
        assert "事件编号" in r.json()["detail"]
        page = c.get("/boom")
        assert page.status_code == 500 and "系统内部错误" in page.text and "Traceback" not in page.text
