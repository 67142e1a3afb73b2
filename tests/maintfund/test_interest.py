"""The yearly allocation of the fund's income on both databases: example 4 through the set-based SQL, the
management cost, the 公共账 residue, and two runners at once doing the work once."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select, update

from anju.core.errors import Conflict
from anju.db import UnitOfWork
from anju.ledger.queries import account_balance
from anju.maintfund import interest, reports, service
from anju.maintfund.codes import Manager
from anju.maintfund.errors import MaintfundError as E
from anju.maintfund.service import BuildingSpec, HouseholdSpec
from anju.maintfund.tables import mf_area, mf_bill, mf_household, mf_interest_run
from anju.verify import run_all

from .world import CLERK, FINANCE, person


def world(engine) -> list[int]:
    """Three households whose 2025 积数 are example 4's: 80.00 and 150.00 all year (2,920,000 and 5,475,000),
    100.00 from 2 July (1,830,000); the year's income 1,222.62 less 1.85 % management cost = 1,200.00."""
    with UnitOfWork(engine) as uow:
        aid = service.create_area(uow, CLERK, code="HH002", name="示例花园", developer="示例置业有限公司",
                                  total_area=30000, households=3, manager=Manager.GOVERNMENT,
                                  buildings=[BuildingSpec("1", 6, False)])
        ids = [service.open_household(uow, CLERK, area_id=aid, as_of=date(2024, 11, 1), spec=HouseholdSpec(
            "1", f"1-{101 + i}", f"业主{i}", person(50 + i), 10000)) for i in range(3)]
        uow.commit()
    with UnitOfWork(engine) as uow:
        days = (date(2024, 12, 1), date(2024, 12, 1), date(2025, 7, 2))
        for hid, amount, day in zip(ids, (8000, 15000, 10000), days, strict=True):
            bill = uow.conn.execute(select(mf_bill.c.id).where(mf_bill.c.household_id == hid)).scalar_one()
            uow.conn.execute(update(mf_bill).where(mf_bill.c.id == bill).values(amount=amount))
            service.receive(uow, FINANCE, bill_id=bill, amount=amount, receipt_no=f"PJ{bill}", paid_on=day)
        service.record_income(uow, FINANCE, amount=122262, day=date(2025, 12, 21), doc_no="LX2025Q4")
        uow.commit()
    return ids


def test_example_4_through_the_sql_with_the_management_cost(engine):
    ids = world(engine)
    run = interest.allocate(engine, FINANCE, year=2025, as_of=date(2026, 1, 5))
    assert (run.income, run.management_cost, run.pool, run.households) == (122262, 2262, 120000, 3)
    with engine.connect() as conn:
        got = [conn.execute(select(mf_household.c.interest).where(mf_household.c.id == i)).scalar_one() for i in ids]
    assert (run.to_households, run.to_common) == (120000, 0)
    with engine.connect() as conn:
        assert got == [34269, 64254, 21477]
        assert conn.execute(select(mf_interest_run.c.jishu_total)).scalar_one() == 2920000 + 5475000 + 1830000
        assert account_balance(conn, "M4101") == 0 and account_balance(conn, "M2201") == 2262
        assert reports.fund_totals(conn).identity_holds
    with pytest.raises(Conflict) as exc:
        interest.allocate(engine, FINANCE, year=2025, as_of=date(2026, 1, 6))
    assert exc.value.code is E.INTEREST_DONE
    with engine.connect() as conn:
        assert [r for r in run_all(conn) if not r.ok] == []


def test_a_residue_goes_to_the_areas_common_account(engine):
    ids = world(engine)
    with UnitOfWork(engine) as uow:  # a fourth household with an odd 积数 in another area
        aid = service.create_area(uow, CLERK, code="HH003", name="示例苑", developer="示例置业有限公司",
                                  total_area=10000, households=1, manager=Manager.GOVERNMENT,
                                  buildings=[BuildingSpec("1", 6, False)])
        hid = service.open_household(uow, CLERK, area_id=aid, as_of=date(2024, 11, 1),
                                     spec=HouseholdSpec("1", "1-101", "业主9", person(60), 10000))
        bill = uow.conn.execute(select(mf_bill.c.id).where(mf_bill.c.household_id == hid)).scalar_one()
        uow.conn.execute(update(mf_bill).where(mf_bill.c.id == bill).values(amount=3333))
        service.receive(uow, FINANCE, bill_id=bill, amount=3333, receipt_no="PJX", paid_on=date(2025, 3, 3))
        uow.commit()
    run = interest.allocate(engine, FINANCE, year=2025, as_of=date(2026, 1, 5))
    assert run.to_households + run.to_common == run.pool
    with engine.connect() as conn:
        common = dict(conn.execute(select(mf_area.c.code, mf_area.c.common_balance)).all())
        assert sum(common.values()) == run.to_common
        assert account_balance(conn, "M200102") == run.to_common
        assert [r for r in run_all(conn) if not r.ok] == []
    assert ids


def test_two_runners_allocate_once(engine):
    world(engine)
    barrier, results = threading.Barrier(2), []

    def runner():
        barrier.wait()
        try:
            results.append(interest.allocate(engine, FINANCE, year=2025, as_of=date(2026, 1, 5)).pool)
        except Conflict as exc:
            results.append(str(exc.code))

    threads = [threading.Thread(target=runner) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(str, results))[0] == "120000" and len([r for r in results if r == 120000]) == 1
    with engine.connect() as conn:
        assert conn.execute(select(mf_household.c.interest)).scalars().all() == [34269, 64254, 21477]
        assert [r for r in run_all(conn) if not r.ok] == []
