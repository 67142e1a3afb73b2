"""Finance reconciles yesterday in the demo's banks (Chromium via Playwright, uvicorn on SQLite): the demo's
statements of the last days are matched and closed but for yesterday, where a bank debit nobody booked waits;
finance explains it on the 调节表 and closes the day. Screenshot test-artifacts/screenshots/settle-day.png."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from anju.bootstrap import prepare
from anju.core import clock
from anju.db import make_engine
from anju.web.demo import STATEMENT_DAYS, ensure_demo_users, seed_bank_statements
from anju.web.server import ServerThread
from anju.web.settings import WebSettings
from tests.browser.test_journeys import SHOTS, browser, page, sign_in  # noqa: F401  (fixtures)
from tests.settle.support import ACCOUNT, book, row

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("settle-browser")
    engine = make_engine(f"sqlite:///{root / 'anju.sqlite3'}")
    prepare(engine)
    settings = WebSettings(cookie_secure=False)
    today = clock.business_date(settings.clock())
    _, secret = ensure_demo_users(engine, password_file=root / "demo-password.txt", as_of=today)
    start = today - timedelta(days=STATEMENT_DAYS)
    book(engine, "bt-open", start - timedelta(days=1), 80_000_000)
    for n in range(STATEMENT_DAYS):
        book(engine, f"bt-remit:{n}", start + timedelta(days=n), 300_000 + n)
        book(engine, f"bt-pay:{n}", start + timedelta(days=n), -(100_000 + n))
    seed_bank_statements(engine, as_of=today)
    yesterday = today - timedelta(days=1)
    from tests.settle.support import load

    load(engine, yesterday, [row("X-TRANSFER", yesterday, "-300.00", None, summary="转账")], name="extra")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with ServerThread(engine, settings=settings) as url:
        yield {"url": url, "password": secret, "day": yesterday.isoformat()}
    engine.dispose()


def test_finance_reconciles_and_closes_yesterday(page, site):  # noqa: F811
    sign_in(page, "finance", site["password"])
    page.goto(f"/settle/reconcile?account={ACCOUNT}&on={site['day']}")
    expect(page.locator("h1")).to_have_text("银行存款余额调节表")
    expect(page.locator("#adjusted-bank")).to_have_text(page.locator("#adjusted-book").inner_text())
    page.locator("#close-day").click()
    expect(page.locator(".errors-summary")).to_contain_text("须说明原因")
    page.get_by_placeholder("须说明原因").fill("网银转账手续待补单据")
    page.get_by_role("button", name="说明").click()
    expect(page.locator("#items")).to_contain_text("网银转账手续待补单据")
    page.locator("#close-day").click()
    expect(page.locator("#day-closed")).to_have_text("已日结")
    page.screenshot(path=str(SHOTS / "settle-day.png"), full_page=True)
