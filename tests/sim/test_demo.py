"""`anju demo` builds the synthetic demo centre once and points the portal users at it (small sizes here)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from anju.auth import service as auth
from anju.registry.tables import account, employer, member_txn, person
from anju.verify import run_all
from anju.web.demo import build_demo_centre, ensure_demo_users, link_demo_portal_users

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize("members,employers,months", [(80, 4, 8)])
def test_demo_centre_is_built_once_and_the_portal_users_see_it(db, tmp_path, members, employers, months):
    built = build_demo_centre(db.engine, as_of=TODAY, members=members, employers=employers, months=months)
    assert built is not None and built.path == "bulk" and built.months == months
    with db.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(employer)).scalar_one() == employers
        first, last = conn.execute(select(func.min(member_txn.c.txn_date), func.max(member_txn.c.txn_date))).one()
        assert first == date(2026, 4, 1) and last <= TODAY and last.month == 11  # history ends in this month
        assert [r.check.name for r in run_all(conn) if not r.ok] == []
    assert build_demo_centre(db.engine, as_of=TODAY, members=members, employers=employers, months=months) is None
    # every area a new user opens has data: loans waiting at each stage, withdrawals waiting for each step,
    # the budget and final accounts of two years with a performance table
    from anju.budget.tables import budget_year
    from anju.loanapp.service import loan_application
    from anju.withdrawal.tables import withdrawal
    with db.engine.connect() as conn:
        waiting = dict(conn.execute(select(loan_application.c.status, func.count())
                                    .group_by(loan_application.c.status)).all())
        for stage in ("submitted", "reviewed", "approved", "contracted", "secured", "instructed"):
            assert waiting.get(stage, 0) >= 1, stage
        held = dict(conn.execute(select(withdrawal.c.status, func.count()).group_by(withdrawal.c.status)).all())
        assert held.get("submitted", 0) >= 1 and held.get("reviewed", 0) >= 1
        from anju.transfer.tables import transfer_in, transfer_out
        assert conn.execute(select(transfer_in.c.status).where(transfer_in.c.status == "paid")).first()
        assert conn.execute(select(transfer_out.c.status).where(transfer_out.c.status == "received")).first()
        years = {r.year for r in conn.execute(select(budget_year.c.year))}
        assert {TODAY.year - 2, TODAY.year - 1} <= years
        assert [r.check.name for r in run_all(conn) if not r.ok] == []
    ensure_demo_users(db.engine, password_file=tmp_path / "pw.txt", as_of=TODAY)
    employer_no, id_number = link_demo_portal_users(db.engine)
    with db.engine.connect() as conn:
        agent, member = auth.find_user(conn, "agent"), auth.find_user(conn, "member")
        emp = conn.execute(select(employer).where(employer.c.account_no == employer_no)).one()
        who = conn.execute(select(person).where(person.c.id_number == id_number)).one()
        assert agent.employer_id == emp.id and member.person_id == who.id
        # the member login shows the member it opens, the agent login the employer's 经办人
        assert member.display_name == f"缴存职工{who.name}（演示）"
        assert agent.display_name == f"单位经办人{emp.agent_name}（演示）"
        from anju.web.demo import demo_logins
        shown = {login.username: login.display_name for login in demo_logins(db.engine)}
        assert shown["member"] == member.display_name and shown["clerk"] == "柜员王芳（演示）"
        # the member works at that employer and has paid contributions
        acct = conn.execute(select(account).where(account.c.person_id == who.id)).one()
        assert acct.employer_id == emp.id and acct.balance > 0
        # the small seed registry was not made: every employer comes from the generator
        assert conn.execute(select(func.count()).select_from(employer).where(
            employer.c.name == "安居示范科技有限公司")).scalar_one() == 0
