"""Use of the fund on both databases: a general project from application through vote, staged payment and final
split (examples 2 and 3 on stored data), an emergency one without a vote, refusals by code."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from anju.core.errors import AnjuError, Forbidden
from anju.db import UnitOfWork
from anju.ledger.queries import account_balance
from anju.maintfund import projects, reports
from anju.maintfund.codes import Choice, Decision, ProjectKind, ProjectStatus
from anju.maintfund.errors import MaintfundError as E
from anju.maintfund.tables import mf_project
from anju.verify import run_all

from .world import CLERK, FINANCE, REVIEWER, UNSOLD, build

D0 = date(2025, 4, 1)


def failures(engine):
    with engine.connect() as conn:
        return {r.check.name: [v.message for v in r.violations] for r in run_all(conn) if not r.ok}


def status(engine, pid) -> str:
    with engine.connect() as conn:
        return conn.execute(select(mf_project.c.status).where(mf_project.c.id == pid)).scalar_one()


def test_a_general_project_through_vote_stages_and_the_final_split(engine):
    aid, ids = build(engine)
    with UnitOfWork(engine) as uow:
        pid = projects.apply(uow, CLERK, area_id=aid, kind=ProjectKind.GENERAL, title="1幢电梯大修", as_of=D0,
                             contractor="示例电梯工程有限公司")
        shares = projects.plan(uow, CLERK, project_id=pid, budget=18600000, household_ids=ids, as_of=D0)
        until = projects.publicize(uow, CLERK, project_id=pid, as_of=D0)
        uow.commit()
    assert sorted({s.amount for s in shares}) == [1387955, 1550000, 1712045] and until == date(2025, 4, 7)
    with UnitOfWork(engine) as uow, pytest.raises(AnjuError) as exc:
        projects.open_vote(uow, CLERK, project_id=pid, as_of=until)
    assert exc.value.code is E.PUBLICITY_SHORT
    with UnitOfWork(engine) as uow:
        projects.open_vote(uow, CLERK, project_id=pid, as_of=date(2025, 4, 8))
        uow.commit()
    voters = {0: Choice.AGREE, 1: Choice.AGREE, 2: Choice.AGREE, 3: Choice.AGREE, 4: Choice.DISAGREE,
              8: Choice.AGREE, 6: Choice.AGREE, 7: Choice.DISAGREE, 9: Choice.DISAGREE, 10: Choice.ABSTAIN}
    # 10 units take part (the developer's unsold unit and one owner do not), 6 agree: 双2/3 and 双过半 reached
    with UnitOfWork(engine) as uow:
        for i, choice in voters.items():
            projects.record_vote(uow, CLERK, project_id=pid, household_id=ids[i], choice=choice, as_of=date(2025, 4, 9))
        projects.record_vote(uow, CLERK, project_id=pid, household_id=ids[4], choice=Choice.DISAGREE,
                             as_of=date(2025, 4, 9))  # a second vote of a unit replaces its first
        uow.commit()
    with engine.connect() as conn:
        total, part, yes = projects.tally(conn, pid)
    assert (total.heads, total.area) == (12, 132000)
    assert (part.heads, yes.heads) == (10, 6) and part.area == 4 * 9850 + 3 * 11000 + 3 * 12150
    with UnitOfWork(engine) as uow:
        result = projects.close_vote(uow, CLERK, project_id=pid, as_of=date(2025, 4, 10), decision=Decision.USE)
        uow.commit()
    assert result.passed and status(engine, pid) == ProjectStatus.VOTED
    with UnitOfWork(engine) as uow, pytest.raises(Forbidden):
        projects.review(uow, CLERK, project_id=pid, as_of=date(2025, 4, 11))
    with UnitOfWork(engine) as uow:
        projects.review(uow, REVIEWER, project_id=pid, as_of=date(2025, 4, 11))
        projects.pay_stage(uow, FINANCE, project_id=pid, amount=9000000, as_of=date(2025, 4, 15))
        uow.commit()
    with UnitOfWork(engine) as uow, pytest.raises(AnjuError) as exc:  # budget less 5 % retention: 17,670,000 at most
        projects.pay_stage(uow, FINANCE, project_id=pid, amount=8670001, as_of=date(2025, 5, 15))
    assert exc.value.code is E.STAGE_AFTER_RETENTION
    with UnitOfWork(engine) as uow:
        projects.pay_stage(uow, FINANCE, project_id=pid, amount=8670000, as_of=date(2025, 5, 15))
        projects.accept(uow, CLERK, project_id=pid, as_of=date(2025, 5, 20))
        # a shortfall as in example 2: household 1 holds its deposit 7,631.00 against a share of 13,879.55
        split = projects.settle(uow, FINANCE, project_id=pid, cost=18600000, as_of=date(2025, 5, 31))
        projects.publish(uow, CLERK, project_id=pid, as_of=date(2025, 6, 1))
        projects.release_retention(uow, FINANCE, project_id=pid, as_of=date(2026, 6, 1))
        uow.commit()
    by = {x.household_id: x for x in split}
    assert sum(x.share for x in split) == 18600000
    assert by[ids[UNSOLD]].developer and by[ids[UNSOLD]].owed == 1550000  # the developer bears the unsold unit
    assert by[ids[0]].charged == 763100 and by[ids[0]].owed == 1387955 - 763100  # short: flagged, owed by the owner
    with engine.connect() as conn:
        assert account_balance(conn, "M1131") == 1550000
        assert account_balance(conn, "M1201") == 0 and account_balance(conn, "M2101") == 0
        t = reports.fund_totals(conn)
        assert t.used == sum(x.charged for x in split) and t.identity_holds
        assert status(engine, pid) == ProjectStatus.PUBLISHED
    assert failures(engine) == {}


def test_a_failed_vote_stops_the_project_and_an_emergency_needs_its_documents_not_a_vote(engine):
    aid, ids = build(engine)
    with UnitOfWork(engine) as uow:
        pid = projects.apply(uow, CLERK, area_id=aid, kind=ProjectKind.GENERAL, title="外墙维修", as_of=D0)
        projects.plan(uow, CLERK, project_id=pid, budget=500000, household_ids=ids, as_of=D0)
        projects.publicize(uow, CLERK, project_id=pid, as_of=D0)
        projects.open_vote(uow, CLERK, project_id=pid, as_of=date(2025, 4, 8))
        for i in range(7):
            projects.record_vote(uow, CLERK, project_id=pid, household_id=ids[i], choice=Choice.AGREE,
                                 as_of=date(2025, 4, 9))
        result = projects.close_vote(uow, CLERK, project_id=pid, as_of=date(2025, 4, 10))
        uow.commit()
    assert not result.passed  # 7 of 12 owners took part: below two thirds
    with UnitOfWork(engine) as uow, pytest.raises(AnjuError):
        projects.review(uow, REVIEWER, project_id=pid, as_of=date(2025, 4, 11))
    with UnitOfWork(engine) as uow:
        eid = projects.apply(uow, CLERK, area_id=aid, kind=ProjectKind.EMERGENCY, title="二次供水泵故障", as_of=D0,
                             documents="险情说明、维修方案及预算")
        projects.plan(uow, CLERK, project_id=eid, budget=300000, household_ids=ids[:4], as_of=D0)
        uow.commit()
    with UnitOfWork(engine) as uow, pytest.raises(AnjuError) as exc:
        projects.review(uow, REVIEWER, project_id=eid, as_of=D0)
    assert exc.value.code is E.DOCUMENTS_MISSING and "街道（乡镇）确认书" in exc.value.message
    with engine.begin() as conn:
        conn.execute(update(mf_project).where(mf_project.c.id == eid)
                     .values(documents="险情说明、街道（乡镇）确认书、维修方案及预算"))
    with UnitOfWork(engine) as uow:
        projects.review(uow, REVIEWER, project_id=eid, as_of=D0)
        uow.commit()
    assert status(engine, eid) == ProjectStatus.APPROVED
