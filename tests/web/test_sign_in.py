"""Signing in and out through HTTP on both databases: cookies, lock-out, throttling, timeouts, CSRF."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from anju.auth.actor import Role
from anju.auth.tables import audit_log, login_failure, user_session, users
from anju.db import make_engine
from anju.web.settings import WebSettings
from tests.support.web import PASSWORD, Web


def actions(engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(audit_log.c.action).order_by(audit_log.c.seq)).scalars())


def _login_error(page: str) -> str:
    m = re.search(r'class="[^"]*error[^"]*"[^>]*>(.*?)<', page, re.S)
    assert m, "no sign-in error shown"
    return m.group(1).strip()


class TestLogin:
    def test_a_good_password_opens_a_server_side_session_with_a_hardened_cookie(self, web):
        web.user("fin", Role.FINANCE)
        c = web.client()
        c.get("/login")
        r = c.submit("/login", {"username": "fin", "password": PASSWORD, "next": "/ledger/vouchers"})
        assert r.status_code == 303 and r.headers["location"] == "/ledger/vouchers"
        cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith("anju_session="))
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
        token = c.cookies["anju_session"]
        with web.engine.connect() as conn:
            stored = conn.execute(select(user_session.c.token_hash)).scalars().all()
            pw_hash = conn.execute(select(users.c.password_hash)).scalar_one()
        assert len(stored) == 1 and token not in stored[0] and len(stored[0]) == 64
        assert pw_hash.startswith("$argon2id$")
        assert "auth.login" in actions(web.engine)
        page = c.get("/")
        assert page.status_code == 200 and "测试fin" in page.text and "财务" in page.text

    def test_cookies_are_secure_when_the_site_is_served_over_https(self, db, clock):
        web = Web(db.engine, clock, WebSettings(cookie_secure=True, clock=clock))
        web.user("fin", Role.FINANCE)
        c = web.client(base_url="https://testserver")
        pre = c.get("/login").headers["set-cookie"]
        assert pre.startswith("anju_pre=") and "Secure" in pre
        r = c.submit("/login", {"username": "fin", "password": PASSWORD})
        cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith("anju_session="))
        assert "Secure" in cookie

    def test_a_wrong_password_is_refused_in_chinese_and_audited(self, web):
        web.user("fin", Role.FINANCE)
        c = web.client()
        c.get("/login")
        r = c.submit("/login", {"username": "fin", "password": "wrong-password-1"})
        assert r.status_code == 401 and "用户名或密码不正确" in r.text
        assert "anju_session" not in c.cookies
        r = c.submit("/login", {"username": "nobody", "password": "wrong-password-1"})
        assert r.status_code == 401 and "用户名或密码不正确" in r.text  # same answer: no user enumeration
        assert actions(web.engine).count("auth.login_failed") == 2

    def test_the_next_page_must_be_local(self, web):
        web.user("fin", Role.FINANCE)
        c = web.client()
        c.get("/login")
        r = c.submit("/login", {"username": "fin", "password": PASSWORD, "next": "//evil.example/x"})
        assert r.headers["location"] == "/"

    def test_pages_send_anonymous_visitors_to_the_sign_in_page(self, web):
        r = web.client().get("/ledger/vouchers?start=2026-01-01")
        assert r.status_code == 303 and r.headers["location"] == "/login?next=/ledger/vouchers%3Fstart%3D2026-01-01"


class TestLockOut:
    def test_five_failures_lock_the_account_until_the_policy_time_has_passed(self, web, clock):
        web.user("clerk1", Role.CLERK)
        c = web.client()
        c.get("/login")
        for _ in range(4):
            assert "用户名或密码不正确" in c.submit("/login", {"username": "clerk1", "password": "nope-nope-1"}).text
        r = c.submit("/login", {"username": "clerk1", "password": "nope-nope-1"})
        assert r.status_code == 401 and "auth.lock" in actions(web.engine)
        # Even the right password is refused while locked, with the answer an unknown user gets: the lock does
        # not reveal that the username exists, yet says how a lock ends.
        locked = c.submit("/login", {"username": "clerk1", "password": PASSWORD})
        unknown = c.submit("/login", {"username": "nobody", "password": PASSWORD})
        assert locked.status_code == unknown.status_code == 401
        assert _login_error(locked.text) == _login_error(unknown.text)
        assert "或账户因连续登录失败已被锁定（锁定15分钟后自动解除，也可请系统管理员解锁）" in locked.text
        clock.advance(minutes=14)
        assert c.submit("/login", {"username": "clerk1", "password": PASSWORD}).status_code == 401
        clock.advance(minutes=1, seconds=1)
        assert c.submit("/login", {"username": "clerk1", "password": PASSWORD}).status_code == 303

    def test_an_admin_unlocks_at_once(self, web):
        web.user("clerk1", Role.CLERK)
        admin = web.as_role(Role.ADMIN)
        c = web.client()
        c.get("/login")
        for _ in range(5):
            c.submit("/login", {"username": "clerk1", "password": "nope-nope-1"})
        uid = web.users["clerk1"].id
        assert "锁定中" in admin.get("/admin/users").text
        assert admin.submit(f"/admin/users/{uid}/unlock").status_code == 303
        assert c.submit("/login", {"username": "clerk1", "password": PASSWORD}).status_code == 303
        assert "auth.user_unlock" in actions(web.engine)

    def test_the_address_limit_holds_across_worker_processes(self, db, web, clock):
        # A second application on its own engine stands for a second worker process.
        other_engine = make_engine(db.engine.url.render_as_string(hide_password=False))
        try:
            other = Web(other_engine, clock, WebSettings(cookie_secure=False, clock=clock))
            clients = [web.client(), other.client()]
            for c in clients:
                c.get("/login")
            for i in range(30):  # policy auth.ip_failures_limit, alternating between the workers
                r = clients[i % 2].submit("/login", {"username": f"guess{i}", "password": "x-x-x-x-1"})
                assert r.status_code == 401
            for c in clients:
                r = c.submit("/login", {"username": "guess", "password": "x-x-x-x-1"})
                assert r.status_code == 429 and "登录尝试过于频繁" in r.text
            with web.engine.connect() as conn:
                assert conn.execute(select(func.count()).select_from(login_failure)).scalar_one() == 30
        finally:
            other_engine.dispose()

    def test_a_successful_sign_in_does_not_count_against_the_address(self, web):
        web.user("fin", Role.FINANCE)
        for _ in range(3):
            web.login("fin")
        web.client().submit("/login", {"username": "fin", "password": "wrong-wrong-1"})
        with web.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(login_failure)).scalar_one() == 1

    def test_one_address_is_throttled_after_too_many_failures(self, web, clock):
        c = web.client()
        c.get("/login")
        for i in range(30):  # policy auth.ip_failures_limit
            assert c.submit("/login", {"username": f"guess{i}", "password": "x-x-x-x-1"}).status_code == 401
        r = c.submit("/login", {"username": "guess", "password": "x-x-x-x-1"})
        assert r.status_code == 429 and "登录尝试过于频繁" in r.text
        clock.advance(minutes=10, seconds=1)  # the window has passed
        assert c.submit("/login", {"username": "guess", "password": "x-x-x-x-1"}).status_code == 401


class TestSessions:
    def test_logout_revokes_the_session_on_the_server(self, web):
        web.user("fin", Role.FINANCE)
        c = web.login("fin")
        token = c.cookies["anju_session"]
        r = c.submit("/logout")
        assert r.status_code == 303 and r.headers["location"] == "/login"
        stale = web.client(cookies={"anju_session": token})
        assert stale.get("/").status_code == 303  # a copied cookie is worthless after logout
        assert "auth.logout" in actions(web.engine)

    def test_an_idle_session_expires_and_activity_keeps_it_alive(self, web, clock):
        web.user("fin", Role.FINANCE)
        c = web.login("fin")
        for _ in range(3):
            clock.advance(minutes=25)
            assert c.get("/").status_code == 200
        clock.advance(minutes=30)  # policy auth.session_idle_minutes
        r = c.get("/")
        assert r.status_code == 303 and r.headers["location"].startswith("/login")

    def test_a_session_ends_at_its_absolute_lifetime_however_active(self, web, clock):
        web.user("fin", Role.FINANCE)
        c = web.login("fin")
        for _ in range(12 * 3 - 1):
            clock.advance(minutes=20)
            assert c.get("/").status_code == 200
        clock.advance(minutes=20)  # 12 hours: policy auth.session_max_hours
        assert c.get("/").status_code == 303

    def test_changing_the_password_ends_every_other_session(self, web):
        web.user("fin", Role.FINANCE)
        first, second = web.login("fin"), web.login("fin")
        r = first.submit("/account/password", {"old_password": PASSWORD, "new_password": "New-password-42",
                                               "new_password2": "New-password-42"})
        assert r.status_code == 303
        assert first.get("/").status_code == 200  # a fresh session for the one who changed it
        assert second.get("/").status_code == 303
        web.login("fin", "New-password-42")

    def test_a_weak_new_password_is_refused_beside_the_field(self, web):
        web.user("fin", Role.FINANCE)
        c = web.login("fin")
        r = c.submit("/account/password", {"old_password": "bad-old-pass1", "new_password": "short",
                                           "new_password2": "short"})
        assert r.status_code == 422
        assert "原密码不正确" in r.text and "密码至少10个字符" in r.text and "has-error" in r.text

    def test_a_temporary_password_must_be_changed_before_anything_else(self, web):
        web.user("new", Role.CLERK, must_change=True)
        c = web.client()
        c.get("/login")
        r = c.submit("/login", {"username": "new", "password": PASSWORD})
        assert r.headers["location"] == "/account/password"
        r = c.get("/policy")
        assert r.status_code == 303 and r.headers["location"] == "/account/password"

    def test_an_admin_ends_a_users_sessions(self, web):
        web.user("fin", Role.FINANCE)
        c = web.login("fin")
        admin = web.as_role(Role.ADMIN)
        assert admin.submit(f"/admin/users/{web.users['fin'].id}/revoke-sessions").status_code == 303
        assert c.get("/").status_code == 303

    def test_a_disabled_user_cannot_sign_in_and_loses_open_sessions(self, web):
        web.user("fin", Role.FINANCE)
        c = web.login("fin")
        admin = web.as_role(Role.ADMIN)
        admin.submit(f"/admin/users/{web.users['fin'].id}/disable")
        assert c.get("/").status_code == 303
        fresh = web.client()
        fresh.get("/login")
        r = fresh.submit("/login", {"username": "fin", "password": PASSWORD})
        assert r.status_code == 401 and "账户已停用" in r.text


class TestCsrf:
    def test_a_post_without_the_token_is_refused(self, web):
        web.user("fin", Role.FINANCE)
        c = web.login("fin")
        assert c.post("/logout").status_code == 403
        r = c.post("/logout", data={"csrf_token": "0" * 40})
        assert r.status_code == 403 and "页面已过期" in r.text
        assert c.get("/").status_code == 200  # still signed in

    def test_htmx_sends_the_token_in_a_header(self, web):
        web.user("fin", Role.FINANCE)
        c = web.login("fin")
        r = c.post("/logout", headers={"X-CSRF-Token": c.csrf, "HX-Request": "true"})
        assert r.status_code == 303 and r.headers["HX-Redirect"] == "/login"

    def test_a_cross_site_origin_is_refused_even_with_a_token(self, web):
        web.user("fin", Role.FINANCE)
        c = web.login("fin")
        r = c.post("/logout", data={"csrf_token": c.csrf}, headers={"Origin": "https://evil.example"})
        assert r.status_code == 403

    def test_the_sign_in_form_itself_needs_the_token(self, web):
        web.user("fin", Role.FINANCE)
        c = web.client()
        assert c.post("/login", data={"username": "fin", "password": PASSWORD}).status_code == 403


class TestHeaders:
    def test_every_page_carries_the_security_headers(self, web):
        r = web.client().get("/login")
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["cache-control"] == "no-store"
