"""The main journeys in a real browser: Debian's Chromium driven by Playwright against uvicorn on SQLite.

Screenshots (and the printed voucher as PDF) are kept under test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from anju.bootstrap import prepare
from anju.core import clock
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
    settings = WebSettings(cookie_secure=False)
    logins, secret = ensure_demo_users(engine, password_file=root / "demo-password.txt",
                                       as_of=clock.business_date(settings.clock()))
    SHOTS.mkdir(parents=True, exist_ok=True)
    with ServerThread(engine, settings=settings) as url:
        yield {"url": url, "password": secret, "logins": logins, "settings": settings}
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
         "member": "个人网厅", "mfclerk": "柜面工作台", "mfreviewer": "柜面工作台", "mffinance": "柜面工作台"}
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
    page.get_by_label("复核", exact=True).check()
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
    page.get_by_label("操作").select_option("auth.login")  # actions are offered by their Chinese names
    page.get_by_role("button", name="查询").click()
    expect(page).to_have_url(re.compile(r"username=finance"))
    rows = page.locator("table.grid tbody tr")
    expect(rows.first).to_contain_text("finance")
    expect(rows.first).to_contain_text("登录")
    page.screenshot(path=str(SHOTS / "audit.png"), full_page=True)


def test_a_member_cannot_open_staff_pages(page, site):
    sign_in(page, "member", site["password"])
    page.goto("/ledger/vouchers")
    expect(page.locator("h1")).to_have_text("无权访问")
    page.screenshot(path=str(SHOTS / "member-forbidden.png"))


def _list_file(rows: list[list]) -> dict:
    from tests.support.factory import xlsx

    return {"name": "汇缴清册.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": xlsx(rows)}


def test_the_counter_day_from_opening_to_a_certificate_and_the_portals(page, site):
    """Clerk: open an employer and two members, upload a list with errors (every row error shown), fix it,
    confirm payment on the confirmation screen, see the member's balance, print the certificate. Then the
    employer agent and the member see only their own data."""
    from anju.core.dates import add_months, month_of
    from tests.support.factory import person_id, uscc

    month = add_months(month_of(clock.business_date(site["settings"].clock())), 1)  # the server's next month
    sign_in(page, "clerk", site["password"])
    menu(page, "单位开户")
    page.get_by_label("单位名称").fill("明湖光电科技有限公司")
    page.get_by_label("单位名称").press("Enter")  # keyboard: Enter submits; every problem beside its field
    expect(page.locator(".field-error").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "employer-open-errors.png"), full_page=True)
    page.get_by_label("统一社会信用代码").fill(uscc(4242))
    page.get_by_label("受托银行").select_option(index=1)
    page.get_by_role("button", name="开户").click()
    expect(page.locator(".flash-success")).to_contain_text("单位开户成功")
    employer_url = page.url
    people = [(person_id(801, "1"), "周明"), (person_id(802, "2"), "钱红")]
    for number, name in people:
        page.get_by_role("link", name="职工开户").click()
        page.get_by_label("身份证号码").fill(number)
        page.get_by_label("姓名").fill(name)
        page.get_by_label("缴存基数（元）").fill("5,000.00")
        page.get_by_role("button", name="开户").click()
        expect(page.locator(".flash-success")).to_contain_text("开户成功")
        page.goto(employer_url)
    expect(page.locator("main")).to_contain_text("职工名册（共2人")
    page.screenshot(path=str(SHOTS / "employer.png"), full_page=True)

    page.get_by_role("link", name="汇缴清册（上传或生成）").click()
    row = lambda n, nm, total="1200.00": [n, nm, people[n - 1][0], "5000.00", "12%", "12%", "600.00", "600.00",  # noqa: E731
                                          total, month]
    page.locator("#f-file").set_input_files(_list_file([row(1, "周敏"), row(2, "钱红", "1300.00")]))
    page.get_by_role("button", name="上传并校验").click()
    expect(page.locator("#rejected")).to_contain_text("整份未受理")
    errors = page.locator("table.errors tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.first).to_contain_text("姓名")
    expect(page.get_by_role("link", name=re.compile("下载错误清单"))).to_be_visible()
    page.screenshot(path=str(SHOTS / "list-rejected.png"), full_page=True)
    page.locator("#f-file").set_input_files(_list_file([row(1, "周明"), row(2, "钱红")]))
    page.get_by_role("button", name="上传并校验").click()
    expect(page.locator(".flash-success")).to_contain_text("清册已受理")
    expect(page.locator("#list-status")).to_have_text("待缴款")
    page.get_by_role("button", name="退出").click()

    sign_in(page, "finance", site["password"])
    menu(page, "到账确认与入账")
    page.locator("table.grid tbody tr").filter(has_text="明湖光电").get_by_role("link").first.click()
    page.get_by_label("银行回单号").fill("HX20261122001")
    page.get_by_label("到账金额（元）").fill("2400.00")
    page.get_by_role("button", name="下一步：核对").click()
    expect(page.locator("h1")).to_have_text("确认到账并入账")
    expect(page.locator("td.capitals")).to_have_text("贰仟肆佰元整")
    page.screenshot(path=str(SHOTS / "payment-confirm.png"), full_page=True)
    page.get_by_role("button", name="确认办理").click()
    expect(page.locator(".flash-success")).to_contain_text("已到账入账：2名职工")
    page.locator("table.grid tbody a").first.click()
    expect(page.locator("[data-balance]")).to_have_text("¥1,200.00")
    page.screenshot(path=str(SHOTS / "member-balance.png"), full_page=True)
    page.get_by_role("link", name="缴存证明", exact=True).click()
    expect(page.locator("h1.doc-title")).to_have_text("住房公积金缴存证明")
    page.emulate_media(media="print")
    expect(page.locator("nav.menu")).to_be_hidden()
    page.screenshot(path=str(SHOTS / "certificate-print.png"), full_page=True)
    page.pdf(path=str(SHOTS / "certificate-print.pdf"), format="A4", print_background=True)
    page.emulate_media(media="screen")
    # the PDF is fetched behind a 正在生成PDF note and handed over as a download (not a blank page meanwhile)
    with page.expect_download() as dl:
        page.get_by_role("link", name="下载PDF").click()
    download = dl.value
    assert download.url.startswith("blob:") and download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    new_employer = employer_url.rsplit("/", 1)[1]
    page.get_by_role("button", name="退出").click()

    sign_in(page, "agent", site["password"])
    menu(page, "本单位概况")
    expect(page.locator("h1")).to_have_text("安居示范科技有限公司")
    expect(page.locator("main")).not_to_contain_text("明湖光电")
    page.screenshot(path=str(SHOTS / "portal-employer.png"), full_page=True)
    page.goto(f"/registry/employers/{new_employer}")
    expect(page.locator("h1")).to_have_text("无权访问")
    page.get_by_role("button", name="退出").click()

    sign_in(page, "member", site["password"])
    menu(page, "我的公积金")
    expect(page.locator("h1")).to_contain_text("陈晨")
    expect(page.locator("main")).to_contain_text("上年结转")
    page.screenshot(path=str(SHOTS / "portal-member.png"), full_page=True)
    menu(page, "缴存证明")
    expect(page.locator("h1.doc-title")).to_have_text("住房公积金缴存证明")
    page.goto(f"/registry/employers/{new_employer}")
    expect(page.locator("h1")).to_have_text("无权访问")


def test_the_dashboard_shows_the_figures_the_loan_ratio_line_and_explains_a_figure(page, site):
    """A finance manager opens 管理驾驶舱: this year's figures (the demo registry's paid months), the 个贷率 gauge
    with its 85% line; a click on 归集额 shows its definition and the employers behind it."""
    sign_in(page, "finance", site["password"])
    menu(page, "管理驾驶舱")
    expect(page.locator("main h1")).to_have_text("管理驾驶舱")
    row = page.locator('tr[data-code="deposit.amount"]')
    expect(row).to_contain_text("归集额")
    figure = row.locator("a.figure-link").first
    expect(figure).not_to_have_text("—")
    line = page.locator('.risk-card[data-code="loan.ratio"] line.risk-line')
    expect(line).to_have_attribute("data-line", "85.00")
    expect(page.locator('.risk-card[data-code="loan.ratio"]')).to_contain_text("警戒线 85.00%")
    page.screenshot(path=str(SHOTS / "stats-dashboard.png"), full_page=True)
    figure_href = figure.get_attribute("href")
    figure.click()
    expect(page.locator("main h1")).to_have_text("指标说明：归集额")
    expect(page.locator("td.definition")).to_contain_text("汇缴与补缴记入职工个人账户的金额")
    expect(page.locator("table.detail-table tbody tr").first).to_contain_text("有限公司")
    page.screenshot(path=str(SHOTS / "stats-explain.png"), full_page=True)
    page.get_by_role("link", name="← 返回").click()
    expect(page.locator("main h1")).to_have_text("管理驾驶舱")
    # A row of a breakdown explains that row: its figure and only its records.
    from urllib.parse import parse_qs, urlencode, urlsplit

    period = parse_qs(urlsplit(figure_href).query)["period"][0]
    page.goto("/stats?" + urlencode({"code": "deposit.amount", "period": period, "by": "employer_kind"}))
    page.locator("table.stats-table a.figure-link").first.click()
    expect(page.locator("td.explain-key")).to_contain_text("该组数值")
    expect(page.locator("main")).to_contain_text("这一组的记录")


def test_statistics_by_employer_kind_with_a_chart_and_the_annual_report(page, site):
    """统计查询: 归集额 and 实缴职工数 this year by 单位性质, with the chart; then the annual report page with its
    checks and a figure that leads to its explanation."""
    sign_in(page, "finance", site["password"])
    menu(page, "统计查询")
    page.get_by_role("checkbox", name="归集额（元）", exact=True).check()
    page.get_by_role("checkbox", name="实缴职工数（人）", exact=True).check()
    page.locator("#f-by").select_option("employer_kind")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("table.stats-table tbody tr")).not_to_have_count(0)
    expect(page.locator("svg.chart")).to_have_count(2)
    page.screenshot(path=str(SHOTS / "stats-query.png"), full_page=True)
    menu(page, "年度报告")
    expect(page.locator("section.checks")).to_contain_text("缴存余额勾稽")
    page.screenshot(path=str(SHOTS / "stats-annual.png"), full_page=True)
    page.locator("article.annual-doc a.figure-link").first.click()
    expect(page.locator("main h1")).to_contain_text("指标说明")
