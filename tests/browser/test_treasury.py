"""The treasury's finance pages in a real browser: 资金收支 (it answered 500 before issue 20), liquidity with the
maturity ladder and 资金调度, the register and the statements with their checks."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_journeys import SHOTS, browser, menu, page, sign_in, site  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def test_finance_opens_the_fund_pages(page, site):  # noqa: F811 - the fixtures above
    sign_in(page, "finance", site["password"])
    menu(page, "资金收支")
    expect(page.locator("h1")).to_have_text("资金收支登记")
    expect(page.get_by_label("类型")).to_be_visible()
    menu(page, "资金流动性与调度")
    expect(page.locator("h1")).to_have_text("资金流动性与调度")
    expect(page.locator("main")).to_contain_text("到期阶梯")
    expect(page.locator("main")).to_contain_text("30天以内")
    page.screenshot(path=str(SHOTS / "treasury-liquidity.png"), full_page=True)
    menu(page, "资金存放与国债")
    expect(page.locator("h1")).to_have_text("资金存放与国债")
    expect(page.get_by_label("品种")).to_be_visible()
    menu(page, "住房公积金财务报表")
    expect(page.locator("main")).to_contain_text("勾稽检查")
    expect(page.locator("main")).to_contain_text("全部通过")
    expect(page.locator("main")).to_contain_text("增值收益分配表")
    page.screenshot(path=str(SHOTS / "treasury-statements.png"), full_page=True)
