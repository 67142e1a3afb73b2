"""亮码可办 in a real browser (Chromium via Playwright, uvicorn on SQLite): the clerk prints a member's 缴存证明; its
QR code carries the verification URL; a visitor who is not signed in opens it and sees the certificate verified
with the identity number masked; the same code with one character changed is refused as tampered.
Screenshots under test-artifacts/screenshots/cert-*.png."""

from __future__ import annotations

import pytest

from anju.bootstrap import prepare
from anju.core import clock
from anju.db import make_engine
from anju.eservice import qr
from anju.web.demo import ensure_demo_users
from anju.web.server import ServerThread
from anju.web.settings import WebSettings
from tests.browser.test_journeys import ARGS, CHROMIUM, SHOTS, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("cert-browser")
    engine = make_engine(f"sqlite:///{root / 'anju.sqlite3'}")
    prepare(engine)
    settings = WebSettings(cookie_secure=False)
    _, secret = ensure_demo_users(engine, password_file=root / "demo-password.txt",
                                  as_of=clock.business_date(settings.clock()))
    SHOTS.mkdir(parents=True, exist_ok=True)
    with ServerThread(engine, settings=settings) as url:
        yield {"url": url, "password": secret}
    engine.dispose()


def test_a_printed_certificates_qr_verifies_and_a_tampered_code_is_refused(site):
    from playwright.sync_api import expect, sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        staff = browser.new_context(base_url=site["url"], locale="zh-CN", viewport={"width": 1366, "height": 900})
        page = staff.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        sign_in(page, "clerk", site["password"])
        page.goto("/registry/members/1/certificate")
        stamp = page.locator(".cert-stamp")
        expect(stamp.locator("img.cert-qr")).to_be_visible()
        path = stamp.get_attribute("data-verify-path")
        no = stamp.get_attribute("data-cert-no")
        # the QR image is the code of the verification URL (what a phone's camera reads)
        assert stamp.locator("img.cert-qr").get_attribute("src") == qr.svg_data_uri(site["url"].rstrip("/") + "/" + path.lstrip("/"))
        page.screenshot(path=str(SHOTS / "cert-printed.png"), full_page=True)

        visitor = browser.new_context(base_url=site["url"], locale="zh-CN", viewport={"width": 1000, "height": 900})
        phone = visitor.new_page()
        phone.on("pageerror", lambda e: errors.append(str(e)))
        phone.goto(path)
        verdict = phone.locator("#verdict")
        expect(verdict).to_have_attribute("data-verdict", "valid")
        expect(verdict).to_contain_text("证明有效")
        expect(verdict).to_contain_text(no)
        expect(verdict).to_contain_text("********")  # the identity number masked
        phone.screenshot(path=str(SHOTS / "cert-verified.png"), full_page=True)

        token = path.removeprefix("/verify/")
        payload, sig = token.split(".")
        flipped = sig[:10] + ("A" if sig[10] != "A" else "B") + sig[11:]
        phone.goto(f"/verify/{payload}.{flipped}")
        expect(phone.locator("#verdict")).to_have_attribute("data-verdict", "bad_signature")
        expect(phone.locator("#verdict")).to_contain_text("篡改")
        # typed into the form on the same page, the genuine code verifies again
        phone.get_by_label("核验码").fill(token)
        phone.get_by_role("button", name="核验").click()
        expect(phone.locator("#verdict")).to_have_attribute("data-verdict", "valid")
        phone.screenshot(path=str(SHOTS / "cert-tampered-then-typed.png"), full_page=True)
        staff.close()
        visitor.close()
        browser.close()
    assert errors == []
