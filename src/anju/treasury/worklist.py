"""The treasury's queues on a staff member's home page: placements and 资金调度 awaiting approval, deposits and bonds
due within 30 days."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Connection, func, select

from anju.auth.actor import Actor, can, is_staff
from anju.core.worklist import WorkItem
from anju.treasury.codes import Status, TransferStatus
from anju.treasury.permissions import P
from anju.treasury.tables import fund_transfer, investment


def items(conn: Connection, actor: Actor, *, as_of: date, calendar) -> list[WorkItem]:
    if not is_staff(actor):
        return []
    out = []
    if can(actor, P.APPROVE):
        n = conn.execute(select(func.count()).select_from(investment)
                         .where(investment.c.status == Status.SUBMITTED)).scalar_one()
        out.append(WorkItem("资金存放审批", "/treasury/investments?status=submitted", int(n), order=0))
        n = conn.execute(select(func.count()).select_from(fund_transfer)
                         .where(fund_transfer.c.status == TransferStatus.SUBMITTED)).scalar_one()
        out.append(WorkItem("资金调度审批", "/treasury/liquidity", int(n), order=1))
    if can(actor, P.PLACE):
        n = conn.execute(select(func.count()).select_from(investment).where(
            investment.c.status == Status.PLACED, investment.c.maturity_date <= as_of + timedelta(days=30))).scalar_one()
        out.append(WorkItem("30天内到期的存款和国债", "/treasury/liquidity", int(n), order=2))
    return out
