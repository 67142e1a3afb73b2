"""A small maintenance-fund world for the tests: example 2/3's building of 12 units (4 × 98.50, 4 × 110.00,
4 × 121.50 m²), one of them unsold."""

from __future__ import annotations

from datetime import date

from anju.auth.actor import Actor, Channel, Role
from anju.core.ids import make_resident_id
from anju.db import UnitOfWork
from anju.maintfund import service
from anju.maintfund.codes import Manager
from anju.maintfund.service import BuildingSpec, HouseholdSpec
from anju.maintfund.tables import mf_bill

CLERK = Actor("mf_jingban", frozenset({Role.MF_CLERK}), Channel.COUNTER)
CLERK2 = Actor("mf_jingban2", frozenset({Role.MF_CLERK}), Channel.COUNTER)
REVIEWER = Actor("mf_fuhe", frozenset({Role.MF_REVIEWER}), Channel.COUNTER)
FINANCE = Actor("mf_caiwu", frozenset({Role.MF_FINANCE}), Channel.COUNTER)
DAY = date(2025, 3, 3)
AREAS = [9850] * 4 + [11000] * 4 + [12150] * 4
UNSOLD = 5  # the sixth unit (110 m²) is unsold


def person(i: int) -> str:
    return make_resident_id("110101", date(1980, 1, 1 + i % 28), 10 + i, "1")


def build(engine, *, pay: bool = True) -> tuple[int, list[int]]:
    """The area, its building, 12 households; with ``pay`` every first deposit received."""
    with UnitOfWork(engine) as uow:
        aid = service.create_area(uow, CLERK, code="HH001", name="锦绣小区", developer="示例置业有限公司",
                                  total_area=132000, households=12, manager=Manager.OWNERS,
                                  buildings=[BuildingSpec("1", 18, True)])
        ids = []
        for i, area in enumerate(AREAS):
            sold = i != UNSOLD
            ids.append(service.open_household(uow, CLERK, area_id=aid, as_of=DAY, spec=HouseholdSpec(
                "1", f"1-{101 + i}", f"业主{i + 1}" if sold else "示例置业有限公司", person(i) if sold else None, area)))
        uow.commit()
    if pay:
        receive_all(engine)
    return aid, ids


def receive_all(engine, on: date = DAY) -> None:
    with UnitOfWork(engine) as uow:
        from sqlalchemy import select

        bills = uow.conn.execute(select(mf_bill.c.id, mf_bill.c.amount).where(mf_bill.c.status == "billed")
                                 .order_by(mf_bill.c.id)).all()
        for b in bills:
            service.receive(uow, FINANCE, bill_id=b.id, amount=b.amount, receipt_no=f"PJ{b.id:06d}", paid_on=on)
        uow.commit()
