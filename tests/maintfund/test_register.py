"""Register, deposits, top-up, arrears, transfers and refunds of the maintenance fund on both databases."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import select, update

from anju.core.errors import AnjuError, Forbidden, ValidationFailed
from anju.core.sheets import UploadLimits
from anju.db import UnitOfWork
from anju.ledger.queries import account_balance, trial_balance
from anju.maintfund import reports, service
from anju.maintfund.codes import ChangeKind, HouseholdStatus
from anju.maintfund.errors import MaintfundError as E
from anju.maintfund.tables import mf_bill, mf_household
from anju.verify import run_all
from anju.workflow.errors import WorkflowError

from .world import CLERK, CLERK2, DAY, FINANCE, REVIEWER, build, person

LIMITS = UploadLimits(max_bytes=10**6, max_rows=1000, max_columns=20, max_problems=200)


def failures(engine):
    with engine.connect() as conn:
        return {r.check.name: [v.message for v in r.violations] for r in run_all(conn) if not r.ok}


def test_households_are_billed_by_policy_and_deposits_post_in_the_funds_own_book(engine):
    aid, ids = build(engine)
    with engine.connect() as conn:
        rows = conn.execute(select(mf_household).order_by(mf_household.c.id)).all()
        # 18 storeys: 高层 1,291.19 × 6% per m², to the yuan: 98.50 m² → 7,630.93 → 7,631 元
        assert rows[0].first_due == rows[0].first_paid == rows[0].balance == 763100
        assert rows[0].standard == "1,291.19元/㎡×6%"
        assert [r.owner_id_no is None for r in rows].count(True) == 1
        dev = conn.execute(select(mf_bill.c.payer).where(mf_bill.c.household_id == ids[5])).scalar_one()
        assert dev == "developer"
        total = sum(r.balance for r in rows)
        assert account_balance(conn, "M1002") == account_balance(conn, "M200101") == total
        assert account_balance(conn, "101") == 0  # nothing in the provident fund's book
        tb = {r.code: r for r in trial_balance(conn, book="mf")}
        assert tb["M2001"].balance == total
        t = reports.fund_totals(conn)
        assert (t.deposited, t.balance, t.households) == (total, total, 12) and t.identity_holds
    assert failures(engine) == {}


def test_a_bill_is_received_once_for_its_amount_and_only_by_the_funds_staff(engine):
    build(engine, pay=False)
    with engine.connect() as conn:
        bill = conn.execute(select(mf_bill).order_by(mf_bill.c.id)).first()
    with UnitOfWork(engine) as uow, pytest.raises(AnjuError) as exc:
        service.receive(uow, FINANCE, bill_id=bill.id, amount=bill.amount - 1, receipt_no="PJ1", paid_on=DAY)
    assert exc.value.code is E.AMOUNT_MISMATCH
    with UnitOfWork(engine) as uow, pytest.raises(Forbidden):
        service.receive(uow, REVIEWER, bill_id=bill.id, amount=bill.amount, receipt_no="PJ1", paid_on=DAY)
    with UnitOfWork(engine) as uow:
        service.receive(uow, FINANCE, bill_id=bill.id, amount=bill.amount, receipt_no="PJ1", paid_on=DAY)
        uow.commit()
    with UnitOfWork(engine) as uow, pytest.raises(AnjuError) as exc:
        service.receive(uow, FINANCE, bill_id=bill.id, amount=bill.amount, receipt_no="PJ1", paid_on=DAY)
    assert exc.value.code is E.BILL_PAID


def test_topup_flags_and_bills_below_thirty_percent_and_arrears_against_the_task(engine):
    aid, ids = build(engine)
    with engine.begin() as conn:  # example 5: 首期 9,900.00, balance 2,800.00 (a use not modelled here)
        conn.execute(update(mf_household).where(mf_household.c.id == ids[0]).values(first_paid=990000))
        flagged = service.topup_candidates(conn, as_of=DAY)
    assert flagged == []  # balance 7,631.00 is not below 2,970.00
    with engine.begin() as conn:
        conn.execute(update(mf_household).where(mf_household.c.id == ids[0]).values(first_paid=990000 * 3))
    with UnitOfWork(engine) as uow:
        bills = service.bill_topups(uow, CLERK, as_of=DAY)
        again = service.bill_topups(uow, CLERK, as_of=DAY)
        uow.commit()
    assert len(bills) == 1 and again == []
    with engine.connect() as conn:
        assert conn.execute(select(mf_bill.c.amount).where(mf_bill.c.id == bills[0])).scalar_one() == 990000 * 3 - 763100
    # developers' arrears: the unsold unit's bill was paid (by the developer) in 2025 against a 2025 task
    with UnitOfWork(engine) as uow:
        service.set_task(uow, CLERK, year=2025, amount=1700000)
        uow.commit()
    with engine.connect() as conn:
        a = service.arrears(conn, year=2025)
    assert (a.task, a.recovered, a.outstanding) == (1700000, 852200, 0) and a.rate == 852200 / __import__("decimal").Decimal(1700000)


def _sheet(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "分户"
    ws.append(service.TEMPLATE_COLUMNS)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_import_lists_every_bad_row_at_once_and_imports_nothing_then_all(engine):
    aid, _ = build(engine, pay=False)
    bad = _sheet([["2", 6, "无", "2-101", "", "王五", person(40), "88.00", "住宅"],
                  ["3", "", "", "3-101", "", "赵六", person(41), "90", "住宅"],  # new building without storeys
                  ["2", 6, "无", "2-101", "", "钱七", "110101", "-1", "商铺"]])  # duplicate, bad id, area, kind
    table = service.read_sheet(bad, "分户.xlsx", limits=LIMITS)
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
        service.import_households(uow, CLERK, area_id=aid, table=table, as_of=DAY)
    got = {(p.row, p.code) for p in exc.value.problems}
    assert {(3, E.BUILDING_UNKNOWN), (4, E.KIND_INVALID), (4, E.UNIT_TAKEN), (4, E.ID_INVALID),
            (4, E.AREA_INVALID)} <= got
    with engine.connect() as conn:
        assert conn.execute(select(mf_household.c.id).where(mf_household.c.unit_no == "2-101")).first() is None
    good = _sheet([["2", 6, "无", "2-101", "", "王五", person(40), "88.00", "住宅"],
                   ["2", 6, "无", "2-102", "", "示例置业有限公司", "", "88.00", "非住宅"]])
    with UnitOfWork(engine) as uow:
        ids = service.import_households(uow, CLERK, area_id=aid, table=service.read_sheet(good, "a.xlsx", limits=LIMITS),
                                        as_of=DAY)
        uow.commit()
    with engine.connect() as conn:
        rows = conn.execute(select(mf_household).where(mf_household.c.id.in_(ids)).order_by(mf_household.c.id)).all()
    # 6 storeys: 多层 1,100.00; 住宅 6% → 66 元/m² × 88 = 5,808; 非住宅 8% → 88 × 88 = 7,744
    assert [r.first_due for r in rows] == [580800, 774400]
    assert service.template_workbook()[:2] == b"PK"


def test_transfer_and_refund_need_another_person_and_post_vouchers(engine):
    aid, ids = build(engine)
    with UnitOfWork(engine) as uow:
        cid = service.apply_change(uow, CLERK, household_id=ids[0], kind=ChangeKind.TRANSFER, as_of=DAY,
                                   new_owner_name="新业主", new_owner_id_no=person(30))
        rid = service.apply_change(uow, CLERK, household_id=ids[1], kind=ChangeKind.REFUND, as_of=DAY, reason="房屋灭失")
        uow.commit()
    with UnitOfWork(engine) as uow, pytest.raises(AnjuError) as exc:
        service.apply_change(uow, CLERK2, household_id=ids[1], kind=ChangeKind.REFUND, as_of=DAY)
    assert exc.value.code is E.CHANGE_PENDING
    with UnitOfWork(engine) as uow, pytest.raises(Forbidden):
        service.approve_change(uow, CLERK, change_id=cid, as_of=DAY)
    day = date(2025, 3, 20)
    with UnitOfWork(engine) as uow:
        service.approve_change(uow, REVIEWER, change_id=cid, as_of=day)
        service.approve_change(uow, REVIEWER, change_id=rid, as_of=day)
        uow.commit()
    with UnitOfWork(engine) as uow, pytest.raises(AnjuError) as exc:
        service.approve_change(uow, REVIEWER, change_id=rid, as_of=day)
    assert exc.value.code is WorkflowError.STATE_REFUSED or exc.value.code.startswith("workflow.")
    with engine.connect() as conn:
        old, lost = (conn.execute(select(mf_household).where(mf_household.c.id == i)).one() for i in ids[:2])
        new = conn.execute(select(mf_household).where(mf_household.c.previous_id == old.id)).one()
        assert (old.status, old.balance, new.balance, new.owner_name) == (HouseholdStatus.TRANSFERRED, 0, 763100, "新业主")
        assert (lost.status, lost.balance, lost.refunded) == (HouseholdStatus.LOST, 0, 763100)
        t = reports.fund_totals(conn)
        assert t.refunded == 763100 and t.identity_holds and t.households == 11
    assert failures(engine) == {}


def test_two_topup_runners_bill_each_household_once(engine):
    import threading

    aid, ids = build(engine)
    with engine.begin() as conn:
        conn.execute(update(mf_household).where(mf_household.c.id.in_(ids[:3])).values(first_paid=990000 * 3))
    barrier, got = threading.Barrier(2), []

    def runner():
        barrier.wait()
        with UnitOfWork(engine) as uow:
            got.append(len(service.bill_topups(uow, CLERK, as_of=DAY)))
            uow.commit()

    threads = [threading.Thread(target=runner) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got) == [0, 3]
    with engine.connect() as conn:
        assert len(conn.execute(select(mf_bill.c.id).where(mf_bill.c.kind == "topup")).all()) == 3
