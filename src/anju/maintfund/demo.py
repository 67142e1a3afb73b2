"""A small demo area (tiny on purpose): two buildings, 24 households with their first deposits paid (one unsold),
a year's income allocated, a general project in progress (planned, publicized, voted, reviewed, a first stage
paid) and an emergency one waiting for review. Each step by a different person of the fund's staff."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Engine, select

from anju.auth.actor import Actor, Channel, Role
from anju.core.ids import make_resident_id
from anju.db.uow import UnitOfWork
from anju.maintfund import interest, projects, service
from anju.maintfund.codes import Choice, Manager, ProjectKind
from anju.maintfund.service import BuildingSpec, HouseholdSpec
from anju.maintfund.tables import mf_area, mf_bill

CLERK = Actor("mfjingban", frozenset({Role.MF_CLERK}), Channel.COUNTER)
REVIEWER = Actor("mffuhe", frozenset({Role.MF_REVIEWER}), Channel.COUNTER)
FINANCE = Actor("mfcaiwu", frozenset({Role.MF_FINANCE}), Channel.COUNTER)
CODE = "DEMO01"


def build(engine: Engine, *, today: date) -> int | None:
    """Build the demo area once (returns its id; None when it exists already)."""
    with engine.connect() as conn:
        if conn.execute(select(mf_area.c.id).where(mf_area.c.code == CODE)).first() is not None:
            return None
    start = date(today.year - 1, 3, 1)
    with UnitOfWork(engine) as uow:
        aid = service.create_area(uow, CLERK, code=CODE, name="安居苑（演示）", developer="安居置业有限公司（演示）",
                                  total_area=240000, households=24, manager=Manager.OWNERS,
                                  buildings=[BuildingSpec("1", 18, True), BuildingSpec("2", 6, False)])
        ids = []
        for i in range(24):
            b = "1" if i < 12 else "2"
            sold = i != 7
            ids.append(service.open_household(uow, CLERK, area_id=aid, as_of=start, spec=HouseholdSpec(
                b, f"{b}-{101 + i % 12}", f"演示业主{i + 1}" if sold else "安居置业有限公司（演示）",
                make_resident_id("430102", date(1975, 1 + i % 12, 1 + i), 20 + i, "1" if i % 2 else "2") if sold else None,
                [9850, 11000, 12150][i % 3])))
        uow.commit()
    with UnitOfWork(engine) as uow:
        for b in uow.conn.execute(select(mf_bill.c.id, mf_bill.c.amount).order_by(mf_bill.c.id)).all():
            service.receive(uow, FINANCE, bill_id=b.id, amount=b.amount, receipt_no=f"DEMO{b.id:05d}",
                            paid_on=start + timedelta(days=b.id % 20))
        service.record_income(uow, FINANCE, amount=3150000, day=date(start.year, 12, 20), doc_no=f"DEMO-LX{start.year}")
        uow.commit()
    interest.allocate(engine, FINANCE, year=start.year, as_of=date(start.year + 1, 1, 5))
    d = date(today.year, 1, 10) if today > date(today.year, 2, 20) else today - timedelta(days=40)
    with UnitOfWork(engine) as uow:
        pid = projects.apply(uow, CLERK, area_id=aid, kind=ProjectKind.GENERAL, title="1幢电梯主机更换", as_of=d,
                             contractor="示例电梯工程有限公司")
        projects.plan(uow, CLERK, project_id=pid, budget=18600000, household_ids=ids[:12], as_of=d)
        projects.publicize(uow, CLERK, project_id=pid, as_of=d)
        projects.open_vote(uow, CLERK, project_id=pid, as_of=d + timedelta(days=8))
        for i in range(11):
            projects.record_vote(uow, CLERK, project_id=pid, household_id=ids[i],
                                 choice=Choice.AGREE if i < 8 else Choice.DISAGREE, as_of=d + timedelta(days=9))
        projects.close_vote(uow, CLERK, project_id=pid, as_of=d + timedelta(days=12))
        projects.review(uow, REVIEWER, project_id=pid, as_of=d + timedelta(days=13))
        projects.pay_stage(uow, FINANCE, project_id=pid, amount=9300000, as_of=d + timedelta(days=15))
        eid = projects.apply(uow, CLERK, area_id=aid, kind=ProjectKind.EMERGENCY, title="2幢屋面渗漏抢修",
                             as_of=d + timedelta(days=20), documents="险情说明、街道（乡镇）确认书、维修方案及预算")
        projects.plan(uow, CLERK, project_id=eid, budget=1200000, household_ids=ids[12:], as_of=d + timedelta(days=20))
        uow.commit()
    return aid
