"""The pages of each role through HTTP on both databases: home and menu, ledger with confirmation screens,
calendar, policy, user administration and the audit search."""

from __future__ import annotations

import re

from sqlalchemy import select, update

from anju.auth.actor import Role
from anju.auth.tables import audit_log, users
from anju.ledger.tables import voucher
from tests.support.web import PASSWORD


def menu_labels(html: str) -> list[str]:
    nav = html.split('<nav class="menu"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r">([^<>]+)</a>", nav)


class TestHomeAndMenu:
    def test_each_role_sees_its_home_and_only_the_menu_it_may_use(self, web):
        expected = {
            Role.ADMIN: ({"用户管理", "API密钥", "手工记账", "审计日志", "工作日历"}, "柜面工作台"),
            Role.CLERK: ({"政策参数", "工作日历"}, "柜面工作台"),
            Role.FINANCE: ({"试算平衡表", "记账凭证", "手工记账", "政策参数"}, "柜面工作台"),
            Role.AUDITOR: ({"审计日志", "试算平衡表", "记账凭证"}, "柜面工作台"),
            Role.EMPLOYER_AGENT: (set(), "单位网厅"),
            Role.MEMBER: (set(), "个人网厅"),
        }
        forbidden = {
            Role.CLERK: {"手工记账", "用户管理", "审计日志", "试算平衡表"},
            Role.FINANCE: {"用户管理", "审计日志"},
            Role.AUDITOR: {"手工记账", "用户管理"},
            Role.EMPLOYER_AGENT: {"政策参数", "工作日历", "记账凭证", "用户管理"},
            Role.MEMBER: {"政策参数", "工作日历", "记账凭证", "用户管理"},
        }
        for role, (must, heading) in expected.items():
            page = web.as_role(role).get("/")
            assert page.status_code == 200 and heading in page.text, role
            labels = set(menu_labels(page.text))
            assert must <= labels and "首页" in labels and "修改密码" in labels, (role, labels)
            assert not (forbidden.get(role, set()) & labels), (role, labels)

    def test_portal_homes_say_whose_data_the_user_sees(self, web):
        assert "单位编号 1" in web.as_role(Role.EMPLOYER_AGENT).get("/").text
        member_home = web.as_role(Role.MEMBER).get("/").text
        assert "只能查看本人的住房公积金账户" in member_home and "职工编号" not in member_home  # no internal id

    def test_a_forbidden_page_is_a_chinese_403_inside_the_layout(self, web):
        r = web.as_role(Role.CLERK).get("/admin/users")
        assert r.status_code == 403 and "无权访问" in r.text and "无权执行此操作" in r.text and "修改密码" in r.text

    def test_an_unknown_page_is_a_chinese_404(self, web):
        r = web.as_role(Role.CLERK).get("/no/such/page")
        assert r.status_code == 404 and "请求的地址不存在" in r.text


class TestLedgerPages:
    LINES = {"voucher_date": "2026-03-02", "summary": "收到银行利息",
             "account": ["10101", "10201", "", "", "", ""], "debit": ["12,345.60", "", "", "", "", ""],
             "credit": ["", "12345.6", "", "", "", ""]}

    def test_a_manual_entry_is_confirmed_with_figures_and_capitals_then_posted_once(self, web):
        c = web.as_role(Role.FINANCE)
        assert c.get("/ledger/journal/new").status_code == 200
        r = c.submit("/ledger/journal", self.LINES)
        assert r.status_code == 200 and "确认手工记账" in r.text
        assert "¥12,345.60" in r.text and "壹万贰仟叁佰肆拾伍元陆角" in r.text
        with web.engine.connect() as conn:
            assert conn.execute(select(voucher.c.id)).first() is None  # nothing posted before confirming
        token = re.search(r'name="token" value="([^"]+)"', r.text).group(1)
        done = c.submit("/ledger/journal/confirm", {"token": token})
        assert done.status_code == 303 and done.headers["location"].startswith("/ledger/vouchers/")
        page = c.get(done.headers["location"])
        assert "已记账：凭证记-202603-00001" in page.text and "12,345.60" in page.text
        again = c.submit("/ledger/journal/confirm", {"token": token})
        assert again.status_code == 409 and "确认已失效" in again.text
        with web.engine.connect() as conn:
            assert len(conn.execute(select(voucher.c.id)).all()) == 1
            assert "ledger.post_manual" in conn.execute(select(audit_log.c.action)).scalars().all()

    def test_errors_are_shown_beside_the_rows_and_nothing_is_stashed(self, web):
        c = web.as_role(Role.FINANCE)
        bad = {**self.LINES, "summary": "", "debit": ["1.001", "", "", "", "", ""],
               "account": ["10101", "", "", "", "", ""], "credit": ["", "5.00", "", "", "", ""]}
        r = c.submit("/ledger/journal", bad)
        assert r.status_code == 422
        assert "请填写凭证摘要" in r.text and "金额最多两位小数" in r.text and "请填写会计科目" in r.text
        assert 'class="has-error"' in r.text and 'value="1.001"' in r.text  # what was typed is kept

    def test_a_confirmation_belongs_to_the_session_that_saw_it(self, web):
        first = web.as_role(Role.FINANCE)
        r = first.submit("/ledger/journal", self.LINES)
        token = re.search(r'name="token" value="([^"]+)"', r.text).group(1)
        second = web.login(web.role_user(Role.FINANCE).username)
        assert second.submit("/ledger/journal/confirm", {"token": token}).status_code == 409

    def test_a_confirmation_expires(self, web, clock):
        c = web.as_role(Role.FINANCE)
        token = re.search(r'name="token" value="([^"]+)"', c.submit("/ledger/journal", self.LINES).text).group(1)
        clock.advance(minutes=11)
        c.get("/")  # keep the session alive
        assert c.submit("/ledger/journal/confirm", {"token": token}).status_code == 409

    def _post(self, c) -> str:
        r = c.submit("/ledger/journal", self.LINES)
        token = re.search(r'name="token" value="([^"]+)"', r.text).group(1)
        return c.submit("/ledger/journal/confirm", {"token": token}).headers["location"]

    def test_a_reversal_needs_a_reason_and_a_confirmation(self, web):
        c = web.as_role(Role.FINANCE)
        where = self._post(c)
        vid = where.rsplit("/", 1)[1]
        r = c.submit(f"/ledger/vouchers/{vid}/reverse", {"reason": " "})
        assert r.status_code == 422 and "冲销须填写原因" in r.text
        r = c.submit(f"/ledger/vouchers/{vid}/reverse", {"reason": "重复记账"})
        assert "确认冲销凭证" in r.text and "重复记账" in r.text and "壹万贰仟叁佰肆拾伍元陆角" in r.text
        token = re.search(r'name="token" value="([^"]+)"', r.text).group(1)
        done = c.submit("/ledger/reverse/confirm", {"token": token})
        assert done.status_code == 303
        page = c.get(where)
        assert "已被冲销" in page.text and "冲销此凭证" not in page.text
        tb = c.get("/ledger/trial-balance?as_of=2026-03-31")
        assert "借贷平衡" in tb.text

    def test_lists_and_print_view(self, web):
        c = web.as_role(Role.FINANCE)
        where = self._post(c)
        auditor = web.as_role(Role.AUDITOR)
        assert "收到银行利息" in auditor.get("/ledger/vouchers").text
        page = auditor.get(where)
        assert "记账凭证" in page.text and "data-print" in page.text and "冲销此凭证" not in page.text
        assert "壹万贰仟叁佰肆拾伍元陆角" in page.text
        tb = auditor.get("/ledger/trial-balance?as_of=2026-03-31")
        assert tb.status_code == 200 and "12,345.60" in tb.text
        assert auditor.get("/ledger/trial-balance?as_of=not-a-date").status_code == 400


class TestPolicyAndCalendarPages:
    def test_policy_in_force_and_history(self, web):
        c = web.as_role(Role.CLERK)
        r = c.get("/policy?as_of=2025-07-01")
        assert "22,500.00元" in r.text and "2025-07-01" in r.text
        h = c.get("/policy/history/deposit.base_cap")
        assert "12,345.00元" in h.text and "缴存基数上限" in h.text or "deposit.base_cap" in h.text
        assert c.get("/policy/history/no.such").status_code == 404

    def test_the_admin_edits_a_day_and_others_only_read(self, web):
        admin = web.as_role(Role.ADMIN)
        r = admin.submit("/calendar/day", {"day": "2031-01-01", "kind": "off", "note": "元旦"})
        assert r.status_code == 303
        page = admin.get("/calendar?year=2031")
        assert "2031-01-01" in page.text and "元旦" in page.text and "维护日历" in page.text
        bad = admin.submit("/calendar/day", {"day": "2031-13-01", "kind": "off", "note": ""})
        assert bad.status_code == 422 and "日期格式不正确" in bad.text and "请注明依据" in bad.text
        clerk = web.as_role(Role.CLERK)
        assert "维护日历" not in clerk.get("/calendar?year=2031").text
        assert "2025年10月11日" in clerk.get("/calendar/deadline?accepted=2025-09-30&workdays=3").text


class TestUserAdministration:
    def test_the_admin_opens_a_user_who_must_change_the_temporary_password(self, web):
        admin = web.as_role(Role.ADMIN)
        r = admin.submit("/admin/users/new", {"username": "wangfang", "display_name": "王芳",
                                              "roles": ["clerk", "reviewer"]})
        assert r.status_code == 200 and "用户已开设" in r.text
        secret = re.search(r'id="secret">([^<]+)<', r.text).group(1)
        c = web.client()
        c.get("/login")
        assert c.submit("/login", {"username": "wangfang", "password": secret}).headers["location"] == "/account/password"
        c.get("/account/password")
        c.submit("/account/password", {"old_password": secret, "new_password": "Wang-fang-2026",
                                       "new_password2": "Wang-fang-2026"})
        page = c.get("/")
        assert page.status_code == 200 and "经办" in page.text and "复核" in page.text

    def test_role_rules_are_reported_beside_the_fields(self, web):
        admin = web.as_role(Role.ADMIN)
        r = admin.submit("/admin/users/new", {"username": "x", "display_name": "",
                                              "roles": ["clerk", "employer_agent"], "employer_id": "abc"})
        assert r.status_code == 422
        for text in ("用户名为2至64个", "请填写姓名", "不能与中心工作人员角色同时授予", "应为数字编号"):
            assert text in r.text
        dup = admin.submit("/admin/users/new", {"username": web.role_user(Role.ADMIN).username,
                                                "display_name": "重复", "roles": ["clerk"]})
        assert dup.status_code == 409 and "已存在" in dup.text

    def test_changing_roles_applies_at_once(self, web):
        clerk = web.as_role(Role.CLERK)
        admin = web.as_role(Role.ADMIN)
        uid = web.role_user(Role.CLERK).id
        r = admin.submit(f"/admin/users/{uid}", {"display_name": "新名字", "roles": ["finance"]})
        assert r.status_code == 303
        assert clerk.get("/").status_code == 303  # the old session carried the old roles
        c = web.login(web.role_user(Role.CLERK).username)
        assert "手工记账" in menu_labels(c.get("/").text)

    def test_reset_password_shows_a_one_time_password(self, web):
        admin = web.as_role(Role.ADMIN)
        uid = web.role_user(Role.CLERK).id
        r = admin.submit(f"/admin/users/{uid}/reset-password")
        assert "密码已重置" in r.text
        c = web.client()
        c.get("/login")
        assert c.submit("/login", {"username": web.role_user(Role.CLERK).username,
                                   "password": PASSWORD}).status_code == 401

    def test_an_admin_cannot_lock_themself_out(self, web):
        admin = web.as_role(Role.ADMIN)
        me = web.role_user(Role.ADMIN)
        assert admin.submit(f"/admin/users/{me.id}/disable").status_code == 400
        r = admin.submit(f"/admin/users/{me.id}", {"display_name": "x", "roles": ["clerk"]})
        assert r.status_code == 422 and "不能取消自己的系统管理员角色" in r.text

    def test_api_keys_are_shown_once(self, web):
        admin = web.as_role(Role.ADMIN)
        r = admin.submit("/admin/api-keys", {"name": "工商银行对账", "roles": ["finance"], "days": "30"})
        key = re.search(r'id="secret">([^<]+)<', r.text).group(1)
        assert key.startswith("anju_")
        assert key not in admin.get("/admin/api-keys").text
        assert web.api(key).get("/api/v1/ledger/trial-balance").status_code == 200
        bad = admin.submit("/admin/api-keys", {"name": "", "roles": ["employer_agent"]})
        assert bad.status_code == 422 and "须指定所属单位" in bad.text


class TestAuditPage:
    def test_the_auditor_searches_and_sees_the_chain_intact(self, web):
        web.as_role(Role.FINANCE)
        auditor = web.as_role(Role.AUDITOR)
        page = auditor.get("/audit")
        assert "审计链完整" in page.text and "<td>登录</td>" in page.text
        only = auditor.get("/audit", params={"username": web.role_user(Role.FINANCE).username, "action": "auth."})
        assert "<td>登录</td>" in only.text
        assert "<td>开设用户</td>" not in only.text
        seq = re.search(r'href="/audit/(\d+)"', only.text).group(1)
        detail = auditor.get(f"/audit/{seq}")
        assert "本条哈希" in detail.text and "变更后" in detail.text
        dated = auditor.get("/audit", params={"start": "2026-03-03", "end": "2026-03-04"})
        assert "共0条记录" in dated.text
        today = auditor.get("/audit", params={"start": "2026-03-02", "end": "2026-03-02"})
        assert "共0条记录" not in today.text

    def test_tampering_shows_on_the_audit_page(self, web):
        web.as_role(Role.FINANCE)
        with web.engine.begin() as conn:
            conn.execute(update(audit_log).where(audit_log.c.seq == 1).values(username="mallory"))
        page = web.as_role(Role.AUDITOR).get("/audit")
        assert "审计链校验未通过" in page.text and "被篡改" in page.text

    def test_failed_logins_are_in_the_audit_log_without_the_password(self, web):
        c = web.client()
        c.get("/login")
        c.submit("/login", {"username": "ghost", "password": "Secret-guess-123"})
        with web.engine.connect() as conn:
            rows = conn.execute(select(audit_log.c.action, audit_log.c.after_json)).all()
            hashes = conn.execute(select(users.c.password_hash)).scalars().all()
        assert any(a == "auth.login_failed" and "unknown_user" in (j or "") for a, j in rows)
        assert not any("Secret-guess-123" in (j or "") for _, j in rows) and hashes == []
