"""The member's loan online (issue 25 item 5): the portal's 试算 gives the counter's limit, the application enters the
same workflow (channel 个人网厅), and a partial prepayment goes through servicing's quote, rules and posting."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import select

from anju.auth.actor import Role
from anju.loanapp import service as loanapp_service
from anju.loanapp.tables import loan_application
from tests.loan import helpers as loans
from tests.loanapp.helpers import CLERK, DAY, couple, form


def _member(web, person_id: int):
    web.user("online1", Role.MEMBER, person_id=person_id)
    return web.login("online1")


def test_the_member_applies_online_with_the_counters_trial(web):
    web.clock.at = datetime(DAY.year, DAY.month, DAY.day, 2, 0)
    borrower, spouse = couple(web.engine, months=9)
    with web.engine.connect() as conn:
        counter = loanapp_service.trial(conn, CLERK, form(borrower), as_of=DAY)
    assert counter.ok
    member = _member(web, borrower["id"])
    assert member.get("/eservice/online/loan").status_code == 200
    fields = {k: v for k, v in form(borrower).items() if k != "person"}
    page = member.submit("/eservice/online/loan", fields | {"action": "trial", "person": spouse["account_no"]})
    assert page.status_code == 200 and "可以提交申请" in page.text
    shown = re.search(r"可贷额度 <strong>([\d,.]+)</strong>", page.text).group(1)
    assert shown.replace(",", "") == f"{counter.assessment.max_amount / 100:.2f}"
    too_much = member.submit("/eservice/online/loan", fields | {"action": "trial", "amount": "99000000.00"})
    assert too_much.status_code == 422
    done = member.submit("/eservice/online/loan", fields | {"action": "apply"})
    assert done.status_code == 303
    with web.engine.connect() as conn:
        row = conn.execute(select(loan_application)).one()
    # the borrower is the member signed in (a number typed in for someone else is ignored), online channel
    assert row.person_id == borrower["id"] and row.channel == "member_portal" and row.status == "submitted"
    assert row.max_amount == counter.assessment.max_amount


def test_the_member_prepays_online_through_servicings_rules(web):
    web.clock.at = datetime(2026, 3, 20, 2, 0)
    (pid, acct), (other, other_acct) = loans.borrowers(web.engine, 2)
    loan_no = loans.disburse(web.engine, loans.opening(pid, acct, on=date(2026, 1, 15)))
    stranger = loans.disburse(web.engine, loans.opening(other, other_acct, n=2, on=date(2026, 1, 15)))
    member = _member(web, pid)
    page = member.get("/eservice/online/prepay")
    assert loan_no in page.text and stranger not in page.text
    refused = member.submit("/eservice/online/prepay", {"loan_no": stranger, "amount": "50000.00"})
    assert refused.status_code == 403
    small = member.submit("/eservice/online/prepay", {"loan_no": loan_no, "amount": "1.00"})
    assert small.status_code == 422  # below servicing's minimum prepayment
    quote = member.submit("/eservice/online/prepay", {"loan_no": loan_no, "amount": "50000.00"})
    assert quote.status_code == 200 and 'id="quote"' in quote.text
    token = re.search(r'name="token" value="([^"]+)"', quote.text).group(1)
    done = member.submit("/eservice/online/prepay", {"loan_no": loan_no, "action": "confirm", "token": token})
    assert done.status_code == 303
    again = member.submit("/eservice/online/prepay", {"loan_no": loan_no, "action": "confirm", "token": token})
    assert again.status_code in (409, 422)  # the confirmation is used once
    row = loans.loan_row(web.engine, loan_no)
    assert row.principal <= 30_000_000 - 5_000_000  # the prepaid principal (and the instalments due first)
    assert loans.failures(web.engine) == {}
