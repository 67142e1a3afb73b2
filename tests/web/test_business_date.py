"""One business date: with the clock frozen on either side of Beijing midnight (16:00 UTC) and of UTC midnight
(23:30 and 00:30 UTC), every date-sensitive path takes the centre's (Beijing) date, never the UTC one — the CLI's
and the web's "today", loan disbursement, a withdrawal's acceptance day and deadline, the management dashboard
and the annual report. The web app runs with its default settings, so ``clock.frozen`` freezes it too."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from anju.auth.actor import Role
from anju.cli_support import business_today
from anju.core import clock
from anju.db import UnitOfWork
from anju.loan.tables import loan
from anju.loanapp import service as lo
from anju.loanapp.tables import loan_application
from anju.policy.store import policy_at
from anju.web.settings import WebSettings
from anju.withdrawal.tables import withdrawal
from anju.workcal.service import load_calendar
from tests.support import web as websupport

BEIJING = timedelta(hours=8)


def instants(day: date) -> list[datetime]:
    """Naive UTC instants whose Beijing date is ``day``: just after Beijing midnight (the UTC date is still the
    day before), late on the day before in UTC, just after UTC midnight, and just before Beijing midnight."""
    before = datetime.combine(day - timedelta(days=1), datetime.min.time())
    return [before.replace(hour=16, minute=30), before.replace(hour=23, minute=30),
            before + timedelta(days=1, minutes=30), before + timedelta(days=1, hours=15, minutes=30)]


def _ids(at: datetime) -> str:
    return f"{at:%Y-%m-%d_%H%M}Z"


@pytest.fixture
def site(db):
    """The web app with its default clock (``clock.utcnow``), so that freezing the one clock freezes the app."""
    settings = WebSettings(cookie_secure=False)
    assert settings.clock is clock.utcnow
    return websupport.Web(db.engine, clock.utcnow, settings)


def _token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("at", [datetime(2026, 3, 1, 15, 30), datetime(2026, 3, 1, 16, 30),
                                datetime(2026, 3, 1, 23, 30), datetime(2026, 3, 2, 0, 30)], ids=_ids)
def test_today_is_the_beijing_date_everywhere(at):
    from anju.web.security import business_date

    class Request:  # the one thing business_date reads: the app's settings' clock
        class app:  # noqa: N801
            class state:  # noqa: N801
                class anju:  # noqa: N801
                    settings = WebSettings()

    with clock.frozen(at):
        beijing = (at + BEIJING).date()
        assert clock.utcnow() == at
        assert clock.today() == beijing == business_today() == business_date(Request)


def test_the_time_zone_comes_from_the_centre():
    try:
        clock.set_time_zone("America/New_York")
        with clock.frozen(datetime(2026, 3, 2, 3, 0)):  # 22:00 on 1 March in New York, 11:00 on 2 March in Beijing
            assert clock.today() == date(2026, 3, 1) == business_today()
            assert clock.day_start(date(2026, 3, 2)) == datetime(2026, 3, 2, 5, 0)
    finally:
        clock.set_time_zone(clock.DEFAULT_TIME_ZONE)
    assert clock.day_start(date(2026, 3, 2)) == datetime(2026, 3, 1, 16, 0)


@pytest.mark.parametrize("at", instants(date(2026, 10, 20)), ids=_ids)
def test_a_loan_is_disbursed_on_the_beijing_date(site, at):
    """放款通知 without a date takes the business date, and 放款 confirmation opens the loan on it. With the UTC date
    the instruction would be dated the day before (and a browser filling in the UTC date would be refused)."""
    from tests.loanapp.helpers import APPROVER, CLERK, OFFICER, REVIEWER, couple, form

    me, wife = couple(site.engine)
    with UnitOfWork(site.engine) as uow:
        applied = lo.apply(uow, CLERK, form(me, wife), as_of=date(2026, 10, 12))
        lo.review(uow, REVIEWER, application_id=applied.id, note="资料齐全", as_of=date(2026, 10, 12))
        lo.approve(uow, APPROVER, application_id=applied.id, note="同意", as_of=date(2026, 10, 13))
        lo.sign_contract(uow, OFFICER, application_id=applied.id, as_of=date(2026, 10, 14))
        lo.record_security(uow, OFFICER, application_id=applied.id, step="done", on=date(2026, 10, 19),
                           ref="湘(2026)示例市不动产证明第0012345号", as_of=date(2026, 10, 19))
        uow.commit()
    beijing = date(2026, 10, 20)
    with clock.frozen(at):
        site.user("officer", Role.LOAN_OFFICER)
        site.user("fin", Role.FINANCE)
        officer = site.login("officer")
        if at.date() < beijing:  # the UTC date (what the browser test used to fill in) is "earlier than today"
            r = officer.submit(f"/loan/applications/{applied.id}/instruct", {"disburse_on": at.date().isoformat()})
            assert r.status_code == 303 and "放款日期不能早于今天" in officer.get(r.headers["location"]).text
        r = officer.submit(f"/loan/applications/{applied.id}/instruct", {"disburse_on": ""})
        assert r.status_code == 303
        fin = site.login("fin")
        confirm = fin.submit(f"/loan/applications/{applied.id}/disburse")
        assert confirm.status_code == 200 and beijing.isoformat() in confirm.text
        assert fin.submit(f"/loan/applications/{applied.id}/disburse/confirm",
                          {"token": _token(confirm.text)}).status_code == 303
    with site.engine.connect() as conn:
        app = conn.execute(select(loan_application).where(loan_application.c.id == applied.id)).one()
        row = conn.execute(select(loan).where(loan.c.loan_no == app.loan_no)).one()
    assert (app.instructed_on, app.disburse_on, app.disbursed_on, row.disbursed_on) == (beijing,) * 4


@pytest.mark.parametrize("at", instants(date(2026, 3, 2)), ids=_ids)
def test_a_withdrawal_is_accepted_and_aged_on_the_beijing_date(site, at):
    """A member's online application is accepted on Monday 2 March in Beijing (Sunday 1 March in UTC for the first
    two instants); its deadline counts working days from that day, and the queue ages it from that day."""
    from tests.withdrawal.helpers import card, member
    from tests.withdrawal.test_web import DOCS, ON, RENT

    acct, pid = member(site.engine, 1, on=ON, income=800_000, name="张三")
    beijing = date(2026, 3, 2)
    with clock.frozen(at):
        site.user("zhangsan", Role.MEMBER, person_id=pid)
        site.user("rev", Role.REVIEWER)
        m = site.login("zhangsan")
        form = {"account_id": str(acct), "kind": "rent_market", **RENT, "doc": DOCS, "card_no": card(),
                "card_bank": "工商银行示例市分行", "requested": "3000"}
        confirm = m.submit("/withdrawal/apply", {**form, "action": "submit"})
        assert confirm.status_code == 200, confirm.text
        assert m.submit("/withdrawal/apply/confirm", {"token": _token(confirm.text)}).status_code == 303
        queue = site.login("rev").get("/withdrawal/queue?stage=review")
    with site.engine.connect() as conn:
        row = conn.execute(select(withdrawal.c.accepted_on, withdrawal.c.deadline)).one()
        workdays = policy_at(conn, beijing)["approval.withdrawal_decision_workdays"]
        due = load_calendar(conn).deadline(beijing, workdays)
    assert (row.accepted_on, row.deadline) == (beijing, due)
    with site.engine.connect() as conn:
        left = load_calendar(conn).workdays_between(beijing, due)
    assert f"剩 {left} 个工作日" in queue.text


def _dashboard_and_report_checks(site, at: datetime):
    """The dashboard page, and the names of the 2026 annual report's consistency checks (its Excel download: the
    same cached build as the page, without the charts that take the page long to draw)."""
    import io

    from openpyxl import load_workbook

    with clock.frozen(at):
        site.user("stats", Role.FINANCE)
        c = site.login("stats")
        dash = c.get("/stats/dashboard")
        report = c.get("/report/annual/2026/report.xlsx")
    assert dash.status_code == 200 and report.status_code == 200
    sheet = load_workbook(io.BytesIO(report.content))["数据核对"]
    return dash, [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("at", instants(date(2027, 1, 1)), ids=_ids)
def test_the_dashboard_and_the_annual_report_take_the_beijing_date(site, at):
    """On 1 January 2027 in Beijing (still 31 December 2026 in UTC for the first two instants) the dashboard shows
    the new year to date and the 2026 annual report is of a finished year (the member accounts are no longer
    compared with the ledger "as of today")."""
    dash, checks = _dashboard_and_report_checks(site, at)
    assert "2027年1月1日至1月1日累计" in dash.text
    assert "缴存余额勾稽" in checks and "个人账户与总账一致" not in checks


@pytest.mark.parametrize("at", [datetime(2026, 12, 31, 15, 30)], ids=_ids)
def test_half_an_hour_before_beijing_midnight_it_is_still_the_old_year(site, at):
    dash, checks = _dashboard_and_report_checks(site, at)
    assert "2026年1月1日至12月31日累计" in dash.text
    assert "缴存余额勾稽" in checks and "个人账户与总账一致" in checks
