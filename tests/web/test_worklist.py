"""Each staff role's home page is its worklist (待办、临期、逾期, linked to the queues); the member's home starts with
the balance, the last contribution and the loan."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from anju.auth.actor import Role
from anju.loanapp.tables import loan_application
from anju.web.demo import build_demo_centre
from anju.withdrawal.tables import withdrawal
from tests.support.web import BUSINESS_DATE


def rows(html: str) -> dict[str, tuple[str, ...]]:
    """事项 → (待办, 临期, 逾期) of the home page's worklist table."""
    table = html.split('class="card worklist"', 1)[1].split("</table>", 1)[0]
    out = {}
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]:
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        out[cells[0]] = tuple(cells[1:4])
    return out


def test_home_pages_are_worklists(web):
    # a small centre whose open cases were accepted ten days before the pages' business date: all overdue
    built_on = BUSINESS_DATE - timedelta(days=10)
    build_demo_centre(web.engine, as_of=built_on, members=80, employers=4, months=8)
    with web.engine.connect() as conn:
        waiting_review = conn.execute(select(func.count()).select_from(withdrawal)
                                      .where(withdrawal.c.status == "submitted")).scalar_one()
    assert waiting_review >= 1

    reviewer = rows(web.as_role(Role.REVIEWER).get("/").text)
    assert reviewer["提取复核"] == (str(waiting_review), "—", str(waiting_review))
    with web.engine.connect() as conn:
        apps = conn.execute(select(loan_application.c.deadline).where(loan_application.c.status == "submitted")).all()
    late = sum(1 for a in apps if a.deadline < BUSINESS_DATE)
    assert reviewer["贷款初审"] == (str(len(apps)), reviewer["贷款初审"][1], str(late) if late else "—")
    assert "贷款放款确认" not in reviewer and "提取审批" not in reviewer

    approver = rows(web.as_role(Role.APPROVER).get("/").text)
    assert int(approver["提取审批"][0]) >= 1 and int(approver["贷款审批"][0]) >= 1

    officer = web.as_role(Role.LOAN_OFFICER).get("/").text
    assert {"贷款合同签订", "贷款担保落实", "贷款放款通知"} <= set(rows(officer))
    assert 'href="/loan/queue?stage=contract"' in officer
    # after the decision the statutory limit no longer runs: nothing is 逾期 at the contract stage
    assert rows(officer)["贷款合同签订"][2] == "—"

    finance = rows(web.as_role(Role.FINANCE).get("/").text)
    assert int(finance["贷款放款确认"][0]) >= 1 and "提取待付款" in finance

    clerk = rows(web.as_role(Role.CLERK).get("/").text)
    assert "清册待到账确认" in clerk and "提取复核" not in clerk


def test_member_home_starts_with_the_account(web):
    build_demo_centre(web.engine, as_of=BUSINESS_DATE, members=40, employers=2, months=3)
    page = web.as_role(Role.MEMBER).get("/").text  # the member user is linked to person 1
    facts = page.split('class="card summary"', 1)[1].split("</section>", 1)[0]
    assert "账户余额" in facts and "元（正常" in facts and "最近一次缴存" in facts and "入账" in facts


def test_a_large_employers_roster_pages(web, monkeypatch):
    from anju.registry import web as registry_web
    from tests.support import factory

    monkeypatch.setattr(registry_web, "ROSTER_PAGE", 2)  # five members, two a page
    eid = factory.open_employer(web.engine, name="名册分页单位")
    factory.open_members(web.engine, eid, 5, start=700)
    clerk = web.as_role(Role.CLERK)
    first = clerk.get(f"/registry/employers/{eid}").text
    assert "职工名册（共5人，第1/3页：第1–2人）" in first and "?page=2#roster" in first
    last = clerk.get(f"/registry/employers/{eid}?page=3").text
    assert "第3/3页：第5–5人" in last and "下一页" not in last.split('id="roster"', 1)[1].split("</div>", 1)[0]
    names = re.findall(r'<a href="/registry/members/\d+">(\d+)</a>', first + clerk.get(f"/registry/employers/{eid}?page=2").text + last)
    assert len(names) == len(set(names)) == 5  # every member once across the pages
    assert "第3/3页" in clerk.get(f"/registry/employers/{eid}?page=99").text  # past the end: the last page
