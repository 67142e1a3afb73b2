"""A fraud case in a real browser: the auditor runs the e-audit scan and proposes 认定 on a hit, the approver
confirms it (a case opens), the reviewer recovers the paid withdrawal (voucher, account credited back).
Screenshots under test-artifacts/screenshots/compliance-*.png."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from anju.bootstrap import prepare
from anju.core import clock
from anju.db import make_engine
from anju.web.demo import ensure_demo_users
from anju.web.server import ServerThread
from anju.web.settings import WebSettings
from tests.browser.test_journeys import ARGS, CHROMIUM, SHOTS, sign_in  # noqa: F401
from tests.withdrawal.helpers import member, other, pay_out, review_and_approve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("compliance-browser")
    engine = make_engine(f"sqlite:///{root / 'anju.sqlite3'}")
    prepare(engine)
    settings = WebSettings(cookie_secure=False)
    today = clock.business_date(settings.clock())
    _, secret = ensure_demo_users(engine, password_file=root / "demo-password.txt", as_of=today)
    acct, _ = member(engine, 1)  # paid from July 2026; a withdrawal in October is early
    w = other(engine, acct, 800_000)
    review_and_approve(engine, w.id)
    pay_out(engine)
    SHOTS.mkdir(parents=True, exist_ok=True)
    with ServerThread(engine, settings=settings) as url:
        yield {"url": url, "password": secret}
    engine.dispose()


@pytest.fixture
def page(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = b.new_context(base_url=site["url"], locale="zh-CN", viewport={"width": 1366, "height": 900})
        context.set_default_timeout(15_000)
        pg = context.new_page()
        errors: list[str] = []
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error"
              and not m.text.startswith("Failed to load resource: the server responded") else None)
        pg.on("pageerror", lambda e: errors.append(str(e)))
        yield pg
        context.close()
        b.close()
    assert errors == []


def sign_out(page) -> None:
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile(r"/login$"))


def test_a_case_from_suspect_to_fraud_to_recovery(page, site):
    pw = site["password"]
    sign_in(page, "auditor", pw)
    page.locator("nav.menu").get_by_role("link", name="稽查规则与疑点率").click()
    page.get_by_role("button", name="立即扫描").click()
    expect(page.locator(".flash-success")).to_contain_text("扫描完成")
    page.locator("table.grid").get_by_role("link", name=re.compile(r"^疑点\d")).first.click()
    expect(page.locator("h1")).to_contain_text("首次缴存后短期提取")
    page.get_by_label("核查说明").fill("首次缴存三个月即提取，材料系伪造")
    page.get_by_role("button", name="认定骗提骗贷（报审批）").click()
    expect(page.locator("#hit-status")).to_have_text("认定骗提骗贷待审批")
    hit_url = page.url
    sign_out(page)
    sign_in(page, "approver", pw)
    page.goto(hit_url)
    page.get_by_label("审批意见").fill("同意")
    page.get_by_role("button", name="同意认定").click()
    expect(page.locator("#case-stage")).to_have_text("已认定")
    case_url = page.url
    sign_out(page)
    sign_in(page, "reviewer", pw)
    page.goto(case_url)
    page.get_by_label("追回说明").fill("责令退回，已全额追回")
    page.get_by_role("button", name="追回").click()
    expect(page.locator("#case-stage")).to_have_text("已追回")
    expect(page.locator("#case-recovered")).to_contain_text("8,000.00 元")
    expect(page.get_by_role("link", name="追回凭证")).to_be_visible()
    page.screenshot(path=str(SHOTS / "compliance-case-recovered.png"), full_page=True)
