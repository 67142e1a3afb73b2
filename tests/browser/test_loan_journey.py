"""A housing loan from application to disbursement in a real browser (Chromium via Playwright, uvicorn on SQLite):
the clerk accepts it after a 试算, the reviewer passes 初审, the approver approves (each a different user:
maker-checker), the loan officer signs the contract (printed with its schedule), records the mortgage and
instructs the bank, and finance confirms the disbursement, which opens the loan. Screenshots under
test-artifacts/screenshots/loan-*.png."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from anju.bootstrap import prepare
from anju.core import clock
from anju.db import UnitOfWork, make_engine
from anju.registry import service as registry
from anju.web.demo import ensure_demo_users
from anju.web.server import ServerThread
from anju.web.settings import WebSettings
from anju.workcal.service import load_calendar
from tests.browser.test_journeys import ARGS, CHROMIUM, SHOTS, sign_in  # noqa: F401  (fixtures below)
from tests.loanapp.helpers import card
from tests.support.factory import CLERK as ADMIN
from tests.support.factory import open_employer, open_members, pay_month

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("loan-browser")
    engine = make_engine(f"sqlite:///{root / 'anju.sqlite3'}")
    prepare(engine)
    # The server's business date: the date in the centre's time zone by the server's own clock (never the
    # machine's local or UTC date, which differs from Beijing's from 16:00 to 24:00 UTC).
    settings = WebSettings(cookie_secure=False)
    today = clock.business_date(settings.clock())
    logins, secret = ensure_demo_users(engine, password_file=root / "demo-password.txt", as_of=today)
    # a couple paying from January 2026 (all remitted in the open interest year)
    eid = open_employer(engine, n=7001, first_month=202601, on=date(2026, 1, 5))
    ids = open_members(engine, eid, 2, start=7001, base=1_000_000, first_month=202601, on=date(2026, 1, 5))
    last = min(today.month - 1, 10) if today.year == 2026 else 10
    for k in range(last):
        pay_month(engine, eid, 202601 + k, date(2026, 7, 6 + k))
    from sqlalchemy import select

    from anju.registry.tables import account
    with engine.connect() as conn:
        rows = conn.execute(select(account.c.account_no, account.c.person_id).where(account.c.id.in_(ids))
                            .order_by(account.c.id)).all()
        cal = load_calendar(conn)
    with UnitOfWork(engine) as uow:
        registry.link_spouse(uow, ADMIN, person_id=rows[0].person_id, spouse_id=rows[1].person_id)
        uow.commit()
    SHOTS.mkdir(parents=True, exist_ok=True)
    with ServerThread(engine, settings=settings) as url:
        yield {"url": url, "password": secret, "borrower": rows[0].account_no, "spouse": rows[1].account_no,
               "settings": settings, "calendar": cal}
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


def test_a_loan_from_application_to_disbursement(page, site):
    pw = site["password"]
    sign_in(page, "clerk", pw)
    page.locator("nav.menu").get_by_role("link", name="贷款受理", exact=True).click()
    page.locator("#f-q").fill(site["borrower"])
    page.get_by_role("button", name="查找并填入").click()
    expect(page.locator("#f-co_person")).to_have_value(site["spouse"])  # the registered spouse
    page.locator("#f-income").fill("9000.00")
    page.locator("#f-co_income").fill("7000.00")
    page.locator("#f-property_address").fill("示例市蒸湘区华新大道18号3栋1单元801室")
    page.locator("#f-property_area").fill("98.50")
    page.locator("#f-price").fill("800000.00")
    page.locator("#f-purchase_contract_no").fill("WQ2026-000123")
    page.locator("#f-amount").fill("200000.00")
    page.locator("#f-months").fill("120")
    page.locator("#f-bank_code").select_option("01")
    page.locator("#f-repay_card_no").fill(card())
    page.locator("#f-repay_card_bank").fill("工商银行示例市分行")
    page.get_by_role("button", name="试算").click()
    expect(page.locator("#trial")).to_contain_text("可以受理")
    expect(page.locator("#trial")).to_contain_text("贷款成数")
    # at 1366 px the 试算 card holds its tables: nothing sticks out of it, nothing scrolls sideways
    overflow = page.evaluate("""() => { const card = document.querySelector('#trial').getBoundingClientRect();
        return [...document.querySelectorAll('#trial table')].map(t => t.getBoundingClientRect().right - card.right)
            .concat([document.documentElement.scrollWidth - document.documentElement.clientWidth]); }""")
    page.screenshot(path=str(SHOTS / "loan-apply-trial.png"), full_page=True)
    assert max(overflow) <= 0.5, overflow
    page.get_by_role("button", name="提交受理…").click()
    expect(page.locator("h1")).to_have_text("确认受理贷款申请")
    expect(page.locator("td.capitals")).to_have_text("贰拾万元整")
    page.get_by_role("button", name="确认办理").click()
    expect(page.locator(".flash-success")).to_contain_text("已受理贷款申请")
    detail_url = page.url
    expect(page.get_by_role("button", name="初审通过")).to_have_count(0)  # the clerk cannot review
    sign_out(page)

    sign_in(page, "reviewer", pw)
    page.locator("nav.menu").get_by_role("link", name="贷款初审", exact=True).click()
    expect(page.locator("table.queue")).to_contain_text("剩 ")
    page.screenshot(path=str(SHOTS / "loan-queue-review.png"), full_page=True)
    page.locator("table.queue tbody a").first.click()
    page.get_by_label("初审意见").fill("收入、婚姻、购房合同已核")
    page.get_by_role("button", name="初审通过").click()
    expect(page.locator(".flash-success")).to_contain_text("初审通过")
    sign_out(page)

    sign_in(page, "approver", pw)
    page.goto(detail_url)
    page.get_by_role("button", name="审批同意").click()
    expect(page.locator(".flash-success")).to_contain_text("审批通过")
    sign_out(page)

    sign_in(page, "loan", pw)
    page.goto(detail_url)
    page.get_by_role("button", name="签订合同").click()
    expect(page.locator(".flash-success")).to_contain_text("借款合同")
    page.get_by_role("link", name="打印借款合同").click()
    expect(page.locator("h1.doc-title")).to_have_text("个人住房公积金借款合同")
    expect(page.locator(".schedule tbody tr")).to_have_count(121)  # 120 instalments and the totals
    page.emulate_media(media="print")
    page.pdf(path=str(SHOTS / "loan-contract.pdf"), format="A4", print_background=True)
    page.emulate_media(media="screen")
    page.goto(detail_url)
    page.locator("#f-step").select_option("done")
    page.locator("#f-sref").fill("湘(2026)示例市不动产证明第0000001号")
    page.locator("#f-soffice").fill("示例市不动产登记中心")
    page.get_by_role("button", name="登记").click()
    expect(page.locator(".flash-success")).to_contain_text("担保已落实")
    # the disbursement day: the first working day from the server's business date as it is now
    server_day = clock.business_date(site["settings"].clock())
    page.locator("#f-don").fill(site["calendar"].next_workday(server_day, include_self=True).isoformat())
    page.get_by_role("button", name="发出放款通知").click()
    expect(page.locator(".flash-success")).to_contain_text("已通知受托银行放款")
    expect(page.get_by_role("button", name="放款确认…")).to_have_count(0)  # the instructor cannot confirm
    sign_out(page)

    sign_in(page, "finance", pw)
    page.goto(detail_url)
    page.get_by_role("button", name="放款确认…").click()
    expect(page.locator("h1")).to_have_text("确认放款")
    page.get_by_role("button", name="确认办理").click()
    expect(page.locator(".flash-success")).to_contain_text("已放款，贷款账号DK")
    expect(page.locator("h1 .tag")).to_have_text("已放款")
    page.screenshot(path=str(SHOTS / "loan-disbursed.png"), full_page=True)
    sign_out(page)

    page.goto("/loan/calculator?amount=1000000.00&months=360&method=01&rate=2.60")  # public, signed out
    expect(page.locator("#schedule")).to_contain_text("4,003.40")
