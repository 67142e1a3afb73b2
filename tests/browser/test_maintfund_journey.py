"""A maintenance-fund project in a real browser (Chromium via Playwright, uvicorn on SQLite): the fund's clerk
applies for an elevator repair and plans it over the area's units, publicizes it, organises the vote, records the
owners' votes and counts them; the reviewer (another person) approves; finance pays a stage; the clerk accepts the
work; finance settles the final cost, which is split to the households (the unsold unit's share owed by the
developer). Screenshots under test-artifacts/screenshots/maintfund-*.png."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from anju.bootstrap import prepare
from anju.core import clock
from anju.db import make_engine
from anju.web.demo import ensure_demo_users
from anju.web.server import ServerThread
from anju.web.settings import WebSettings
from tests.browser.test_journeys import ARGS, CHROMIUM, SHOTS, sign_in
from tests.maintfund.world import build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("maintfund-browser")
    engine = make_engine(f"sqlite:///{root / 'anju.sqlite3'}")
    prepare(engine)
    settings = WebSettings(cookie_secure=False)
    today = clock.business_date(settings.clock())
    _logins, secret = ensure_demo_users(engine, password_file=root / "demo-password.txt", as_of=today)
    aid, _ids = build(engine)  # 12 units, one unsold, first deposits paid
    SHOTS.mkdir(parents=True, exist_ok=True)
    with ServerThread(engine, settings=settings) as url:
        yield {"url": url, "password": secret, "area": aid, "today": today}
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


def test_a_project_from_application_through_vote_stages_and_final_split(page, site):
    pw = site["password"]
    sign_in(page, "mfclerk", pw)
    page.locator("nav.menu").get_by_role("link", name="维修资金总览", exact=True).click()
    expect(page.locator("#identity")).to_contain_text("相符")
    page.get_by_role("link", name="HH001").click()
    page.locator("#f-title").fill("1幢电梯大修")
    page.locator("#f-contractor").fill("示例电梯工程有限公司")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".flash-success")).to_contain_text("已受理维修项目申请")
    project_url = page.url
    page.locator("#f-budget").fill("186000.00")
    page.get_by_role("button", name="确定方案").click()
    expect(page.locator("#units")).to_contain_text("13,879.55")
    expect(page.locator("#units")).to_contain_text("17,120.45")
    page.locator("#f-publicity_from").fill(str(site["today"] - timedelta(days=10)))
    page.get_by_role("button", name="公示方案").click()
    expect(page.locator("#status")).to_have_text("公示中")
    page.get_by_role("button", name="组织表决").click()
    expect(page.locator("#status")).to_have_text("表决中")
    selects = page.locator("#units select")
    for i in range(11):
        if i == 5:
            continue  # the unsold unit (the developer) does not vote
        selects.nth(i).select_option("agree" if i < 8 else "disagree")
    page.get_by_role("button", name="登记表决").click()
    expect(page.locator(".flash-success")).to_contain_text("已登记表决")
    page.get_by_role("button", name="统计表决结果").click()
    expect(page.locator("#status")).to_have_text("表决通过")
    expect(page.locator("#vote-result")).to_contain_text("达到")
    page.screenshot(path=str(SHOTS / "maintfund-voted.png"), full_page=True)
    sign_out(page)

    sign_in(page, "mfreviewer", pw)
    page.goto(project_url)
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator("#status")).to_have_text("已审核")
    sign_out(page)

    sign_in(page, "mffinance", pw)
    page.goto(project_url)
    page.locator("#f-amount").fill("90000.00")
    page.get_by_role("button", name="拨付").click()
    expect(page.locator("#paid")).to_have_text("90,000.00")
    sign_out(page)

    sign_in(page, "mfclerk", pw)
    page.goto(project_url)
    page.get_by_role("button", name="验收").click()
    expect(page.locator("#status")).to_have_text("已验收")
    sign_out(page)

    sign_in(page, "mffinance", pw)
    page.goto(project_url)
    page.locator("#f-cost").fill("186000.00")
    page.get_by_role("button", name="决算分摊到户").click()
    expect(page.locator("#status")).to_have_text("已决算分摊")
    expect(page.locator("#units")).to_contain_text("15,500.00")  # the unsold unit: owed by the developer
    page.screenshot(path=str(SHOTS / "maintfund-settled.png"), full_page=True)
