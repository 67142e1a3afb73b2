"""Chinese wherever a person reads, through HTTP on both databases: error summaries name fields by their
labels, the audit log shows actions, objects and people in Chinese, refusals name the permission in Chinese
and never an internal id, an empty choice is asked for instead of “不存在：”."""

from __future__ import annotations

import re

from anju.auth.actor import Role


def _summary(html: str) -> str:
    m = re.search(r'<div class="errors-summary".*?</div>', html, re.S)
    return m.group(0) if m else ""


class TestErrorSummaries:
    def test_a_form_names_each_field_by_its_label(self, web):
        clerk = web.as_role(Role.CLERK)
        clerk.get("/registry/employers/new")
        bad = clerk.submit("/registry/employers/new", {
            "uscc": "91350100M000100Y44", "name": "", "kind": "50", "bank_code": "", "branch_code": "01",
            "pay_day": "x", "employer_ratio": "abc", "member_ratio": "12%", "first_month": "2026"})
        assert bad.status_code == 422
        summary = _summary(bad.text)
        assert "“单位缴存比例”" in summary and "“发薪日”" in summary and "“起缴年月”" in summary
        assert not re.search(r"“[a-z_]+”", summary), summary
        # an empty choice is asked for, not reported as a code that does not exist
        assert "请选择受托银行" in bad.text and "受托银行不存在：<" not in bad.text
        assert "受托银行不存在：”" not in bad.text and not re.search(r"受托银行不存在：\s*<", bad.text)
        # the messages still stand beside their inputs
        assert re.search(r'id="f-employer_ratio"[^>]*aria-invalid="true"', bad.text)

    def test_the_api_names_fields_by_label_too(self, web):
        api = web.api(web.api_key(Role.CLERK))
        bad = api.get("/api/v1/loan-calculator", params={"amount": "1000", "months": "abc"})
        assert bad.status_code == 422
        fields = {p["field"] for p in bad.json()["problems"]}
        assert fields and not any(re.fullmatch(r"[a-z_.]+", f or "") for f in fields), fields
        # a program still learns which request member each problem is about
        assert "months" in {p["input"] for p in bad.json()["problems"]}


class TestAuditLog:
    def test_actions_objects_and_people_are_shown_in_chinese(self, web):
        finance = web.as_role(Role.FINANCE)
        assert finance.get("/").status_code in (200, 303)
        auditor = web.as_role(Role.AUDITOR)
        page = auditor.get("/audit")
        assert page.status_code == 200
        table = page.text.split("<tbody>")[1]
        assert "<td>登录</td>" in table and "<td>用户 " in table
        assert "auth.login" not in table and "<td>user " not in table
        assert "测试u_finance" in table  # the person's name, with the login beside it for the auditor
        # the filter offers actions and object types by their Chinese names
        assert '<option value="auth.login">登录</option>' in page.text
        assert '<option value="loan_application">贷款申请</option>' in page.text
        seq = re.search(r'href="/audit/(\d+)"', page.text).group(1)
        record = auditor.get(f"/audit/{seq}")
        assert "<th>操作</th><td>" in record.text and "auth." not in record.text.split("<th>操作</th>")[1][:60]


class TestRefusals:
    def test_a_refused_page_names_the_permission_in_chinese(self, web):
        agent = web.as_role(Role.EMPLOYER_AGENT)
        refused = agent.get("/withdrawal/list")
        assert refused.status_code == 403
        assert "无权执行此操作：查看提取申请" in refused.text and "withdrawal.read" not in refused.text

    def test_a_refused_api_call_says_the_same(self, web):
        api = web.api(web.api_key(Role.FINANCE))
        refused = api.post("/api/v1/withdrawal/applications/1/review", json={"note": ""})
        body = refused.json()
        assert refused.status_code == 403, body
        assert body["detail"] == "无权执行此操作：提取复核" and "withdrawal.review" not in refused.text
