"""The main journeys in a real browser: Debian's Chromium driven by Playwright against uvicorn on SQLite.

Screenshots (and the printed voucher as PDF) are kept under test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from anju.bootstrap import prepare
from anju.db import make_engine
from anju.web.demo import ensure_demo_users
from anju.web.server import ServerThread
from anju.web.settings import WebSettings

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    engine = make_engine(f"sqlite:///{root / 'anju.sqlite3'}")
    prepare(engine)
    logins, secret = ensure_demo_users(engine, password_file=root / "demo-password.txt", as_of=date.today())
    SHOTS.mkdir(parents=True, exist_ok=True)
    with ServerThread(engine, settings=WebSettings(cookie_secure=False)) as url:
        yield {"url": url, "password": secret, "logins": logins}
    engine.dispose()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(base_url=site["url"], locale="zh-CN", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(10_000)
    pg = context.new_page()
    errors: list[str] = []
    # A refused sign-in (401) or page (403) is logged by the browser as a failed load; that is expected.
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error"
          and not m.text.startswith("Failed to load resource: the server responded") else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    # Any Content-Security-Policy violation or script error shows up here.
    assert errors == []


def sign_in(page, username: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_label("密码").press("Enter")  # keyboard: Enter submits


def menu(page, label: str) -> None:
    page.locator("nav.menu").get_by_role("link", name=label, exact=True).click()


HOMES = {"admin": "柜面工作台", "clerk": "柜面工作台", "reviewer": "柜面工作台", "approver": "柜面工作台",
         "loan": "柜面工作台", "finance": "柜面工作台", "auditor": "柜面工作台", "agent": "单位网厅",
         "member": "个人网厅"}
MENUS = {"admin": ["用户管理", "审计日志", "手工记账"], "finance": ["试算平衡表", "手工记账"],
         "auditor": ["审计日志", "记账凭证"], "clerk": ["政策参数", "工作日历"], "agent": ["修改密码"],
         "member": ["修改密码"]}
NOT_IN_MENU = {"clerk": ["手工记账", "用户管理"], "agent": ["政策参数", "记账凭证"], "member": ["工作日历"],
               "auditor": ["手工记账", "用户管理"]}


def test_each_demo_role_signs_in_to_its_own_home_and_menu(page, site):
    for login in site["logins"]:
        name = login.username
        sign_in(page, name, site["password"])
        expect(page.locator("main h1, main .lead").first).to_be_visible()
        expect(page.locator("body")).to_contain_text(HOMES[name])
        menu = page.locator("nav.menu")
        for label in MENUS.get(name, []):
            expect(menu.get_by_role("link", name=label)).to_be_visible()
        for label in NOT_IN_MENU.get(name, []):
            expect(menu.get_by_role("link", name=label)).to_have_count(0)
        expect(page.locator(".topbar")).to_contain_text(login.role.label)
        page.screenshot(path=str(SHOTS / f"home-{name}.png"), full_page=True)
        page.get_by_role("button", name="退出").click()
        expect(page).to_have_url(re.compile(r"/login$"))
        expect(page.locator(".flash")).to_contain_text("已安全退出")


def test_a_wrong_password_is_explained_on_the_sign_in_page(page, site):
    sign_in(page, "clerk", "not-the-password-1")
    expect(page.locator(".flash-error")).to_contain_text("用户名或密码不正确")
    page.screenshot(path=str(SHOTS / "login-error.png"))


def test_the_admin_opens_a_user_who_then_sets_a_password(page, site):
    sign_in(page, "admin", site["password"])
    menu(page, "用户管理")
    page.get_by_role("link", name="开设用户").click()
    page.get_by_label("用户名").fill("zhoujie")
    page.get_by_label("姓名").fill("周杰")
    page.get_by_label("复核").check()
    page.get_by_role("button", name="开设并生成临时密码").click()
    expect(page.locator("h1")).to_have_text("用户已开设")
    secret = page.locator("#secret").inner_text().strip()
    page.screenshot(path=str(SHOTS / "admin-user-created.png"))
    page.get_by_role("link", name="完成").click()
    expect(page.locator("h1")).to_contain_text("用户 zhoujie")
    page.get_by_role("button", name="退出").click()

    sign_in(page, "zhoujie", secret)
    expect(page).to_have_url(re.compile(r"/account/password$"))
    page.get_by_label("原密码").fill(secret)
    page.locator("#f-new_password").fill("short")
    page.get_by_label("再次输入新密码").fill("short")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".field-error").first).to_contain_text("密码至少10个字符")
    page.screenshot(path=str(SHOTS / "password-errors.png"))
    page.get_by_label("原密码").fill(secret)
    page.locator("#f-new_password").fill("Zhou-jie-2026")
    page.get_by_label("再次输入新密码").fill("Zhou-jie-2026")
    page.get_by_label("再次输入新密码").press("Enter")
    expect(page.locator(".flash")).to_contain_text("密码已修改")
    expect(page.locator(".topbar")).to_contain_text("复核")


def test_finance_posts_a_manual_entry_through_the_confirmation_screen_and_prints_it(page, site):
    sign_in(page, "finance", site["password"])
    menu(page, "手工记账")
    page.get_by_label("摘要").fill("收到银行结息")
    page.get_by_label("第1行科目").fill("10101")
    page.get_by_label("第1行借方金额").fill("123456.78")
    page.get_by_label("第2行科目").fill("10201")
    page.get_by_label("第2行贷方金额").fill("123,456.78")
    page.get_by_label("第2行贷方金额").press("Enter")
    expect(page.locator("h1")).to_have_text("确认手工记账")
    expect(page.locator("td.amount")).to_have_text("¥123,456.78")
    expect(page.locator("td.capitals")).to_have_text("壹拾贰万叁仟肆佰伍拾陆元柒角捌分")
    page.screenshot(path=str(SHOTS / "journal-confirm.png"), full_page=True)
    page.get_by_role("button", name="确认办理").click()
    expect(page.locator(".flash-success")).to_contain_text("已记账：凭证记-")
    expect(page.locator("article.voucher")).to_contain_text("壹拾贰万叁仟肆佰伍拾陆元柒角捌分")
    page.screenshot(path=str(SHOTS / "voucher.png"), full_page=True)

    page.emulate_media(media="print")
    expect(page.locator("nav.menu")).to_be_hidden()
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator(".print-header")).to_be_visible()
    page.screenshot(path=str(SHOTS / "voucher-print.png"), full_page=True)
    page.pdf(path=str(SHOTS / "voucher-print.pdf"), format="A4", print_background=True)
    page.emulate_media(media="screen")

    page.get_by_label("冲销原因").fill("测试冲销")
    page.get_by_role("button", name="冲销…").click()
    expect(page.locator("h1")).to_have_text("确认冲销凭证")
    page.get_by_role("link", name="返回修改").click()
    expect(page.locator("article.voucher")).to_be_visible()


def test_the_auditor_finds_the_sign_ins_with_htmx_and_sees_the_chain_intact(page, site):
    sign_in(page, "auditor", site["password"])
    menu(page, "审计日志")
    expect(page.locator(".flash-success")).to_contain_text("审计链完整")
    page.get_by_label("用户", exact=True).fill("finance")
    page.get_by_label("操作").fill("auth.login")
    page.get_by_role("button", name="查询").click()
    expect(page).to_have_url(re.compile(r"username=finance"))
    rows = page.locator("table.grid tbody tr")
    expect(rows.first).to_contain_text("finance")
    page.screenshot(path=str(SHOTS / "audit.png"), full_page=True)


def test_a_member_cannot_open_staff_pages(page, site):
    sign_in(page, "member", site["password"])
    page.goto("/ledger/vouchers")
    expect(page.locator("h1")).to_have_text("无权访问")
    page.screenshot(path=str(SHOTS / "member-forbidden.png"))
