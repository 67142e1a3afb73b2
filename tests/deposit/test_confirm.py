"""到账确认 on both databases: blind entry (a wrong amount is refused without telling the list's total, the form
gives no hint), one bank receipt confirms one list (entered or in a receipt file), and above
``deposit.confirm_second_above`` a second person confirms (auth.approval maker-checker) before posting."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select

from anju.auth.actor import cli_actor
from anju.core.errors import AnjuError, Forbidden, ValidationFailed
from anju.db import UnitOfWork
from anju.deposit import service as svc
from anju.deposit.errors import DepositError
from anju.deposit.tables import remittance
from anju.policy import service as policy
from tests.support.factory import CLERK, open_employer, open_members

SECOND = cli_actor("clerk2")
ON = date(2025, 1, 12)


def generate(engine, eid: int, period: int = 202501):
    with UnitOfWork(engine) as uow:
        sub = svc.generate_month(uow, CLERK, employer_id=eid, period=period, as_of=ON)
        uow.commit()
    return sub


def confirm(engine, rid: int, receipt: str, amount: int, actor=CLERK):
    with UnitOfWork(engine) as uow:
        out = svc.confirm_payment(uow, actor, remittance_id=rid, paid_on=ON, receipt_no=receipt, amount=amount)
        uow.commit()
    return out


def status(engine, rid: int):
    with engine.connect() as conn:
        return conn.execute(select(remittance.c.status, remittance.c.receipt_no, remittance.c.confirmed_by)
                            .where(remittance.c.id == rid)).one()


@pytest.fixture
def two_lists(engine):
    # two employers of the same bank, 2 members each at 5,000.00 × 12% × 2: 2,400.00 per list
    a = open_employer(engine, name="甲", n=1)
    b = open_employer(engine, name="乙", n=2)
    open_members(engine, a, 2, start=1)
    open_members(engine, b, 2, start=3)
    return engine, generate(engine, a), generate(engine, b)


def test_a_wrong_amount_is_refused_without_telling_the_total(two_lists):
    engine, first, _ = two_lists
    assert first.total == 240_000
    with pytest.raises(ValidationFailed) as exc:
        confirm(engine, first.remittance_id, "H001", 230_000)
    assert [p.code for p in exc.value.problems] == [DepositError.AMOUNT_MISMATCH]
    messages = [p.message for p in exc.value.problems]  # the wording is the feature: it names what was typed only
    assert messages == ["到账金额2,300.00与清册金额不符，请核对银行回单"]
    assert "2,400.00" not in " ".join(messages)


def test_one_receipt_cannot_confirm_two_lists(two_lists):
    engine, first, second = two_lists
    assert confirm(engine, first.remittance_id, "H001", first.total) == 2
    with pytest.raises(ValidationFailed) as exc:
        confirm(engine, second.remittance_id, " H001 ", second.total)
    with engine.connect() as conn:
        no = conn.execute(select(remittance.c.no).where(remittance.c.id == first.remittance_id)).scalar()
    assert [(p.code, p.message) for p in exc.value.problems] == [
        (DepositError.RECEIPT_USED, f"银行回单号H001已用于清册{no}，同一回单不能确认两份清册")]  # names the list
    assert status(engine, second.remittance_id).status == "pending"
    assert confirm(engine, second.remittance_id, "H002", second.total) == 2


def test_a_receipt_file_may_not_use_one_receipt_twice(two_lists):
    from tests.support.factory import xlsx

    engine, first, second = two_lists
    with engine.connect() as conn:
        nos = {r.id: r.no for r in conn.execute(select(remittance.c.id, remittance.c.no))}
    sheet = xlsx([[nos[first.remittance_id], "2400.00", "2025-01-12", "H9"],
                  [nos[second.remittance_id], "2400.00", "2025-01-12", "H9"]],
                 headers=["汇缴单号", "到账金额", "到账日期", "银行回单号"], sheet="到账")
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
        svc.import_receipts(uow, CLERK, data=sheet, filename="回单.xlsx")
    assert [(p.row, p.code) for p in exc.value.problems] == [(3, DepositError.RECEIPT_TWICE_IN_FILE)]
    assert status(engine, first.remittance_id).status == "pending"  # all or nothing


def test_above_the_threshold_a_second_person_confirms_blind(two_lists):
    engine, first, second = two_lists
    with UnitOfWork(engine) as uow:
        policy.set_value(uow, CLERK, key="deposit.confirm_second_above", raw="2399.99", effective=date(2025, 1, 1),
                         note="测试")
        uow.commit()
    # 2,400.00 > 2,399.99: recorded, not confirmed, nothing posted
    assert confirm(engine, first.remittance_id, "H001", first.total) is None
    row = status(engine, first.remittance_id)
    assert (row.status, row.receipt_no) == ("pending", "H001")
    with engine.connect() as conn:
        waiting = svc.awaiting_confirmation(conn, first.remittance_id)
    assert waiting.created_by == "clerk1" and waiting.approvals_needed == 1
    # the receipt is taken while it waits
    with pytest.raises(ValidationFailed):
        confirm(engine, second.remittance_id, "H001", second.total)
    # nobody enters it a second time, the maker cannot be the checker
    with pytest.raises(AnjuError) as exc:
        confirm(engine, first.remittance_id, "H001", first.total, actor=SECOND)
    assert exc.value.code is DepositError.CONFIRM_SAME_PERSON and exc.value.params["created_by"] == "clerk1"
    with UnitOfWork(engine) as uow, pytest.raises(Forbidden):
        svc.confirm_second(uow, CLERK, remittance_id=first.remittance_id, receipt_no="H001", amount=first.total)
    # the checker enters blind: a wrong amount or receipt is refused without hints
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
        svc.confirm_second(uow, SECOND, remittance_id=first.remittance_id, receipt_no="H01", amount=240_001)
    assert [p.code for p in exc.value.problems] == [DepositError.AMOUNT_MISMATCH, DepositError.RECEIPT_DIFFERS]
    assert "2,400.00" not in " ".join(p.message for p in exc.value.problems)
    with UnitOfWork(engine) as uow:
        written = svc.confirm_second(uow, SECOND, remittance_id=first.remittance_id, receipt_no="H001",
                                     amount=first.total)
        uow.commit()
    assert written == 2
    assert tuple(status(engine, first.remittance_id)) == ("posted", "H001", "clerk2")
    with engine.connect() as conn:
        assert svc.awaiting_confirmation(conn, first.remittance_id) is None


def test_the_checker_may_send_a_wrong_first_entry_back(two_lists):
    engine, first, _ = two_lists
    with UnitOfWork(engine) as uow:
        policy.set_value(uow, CLERK, key="deposit.confirm_second_above", raw="1000.00", effective=date(2025, 1, 1),
                         note="测试")
        uow.commit()
    assert confirm(engine, first.remittance_id, "H0O1", first.total) is None
    with UnitOfWork(engine) as uow:
        svc.reject_confirmation(uow, SECOND, remittance_id=first.remittance_id, reason="回单号录错")
        uow.commit()
    assert tuple(status(engine, first.remittance_id)) == ("pending", None, None)
    assert confirm(engine, first.remittance_id, "H001", first.total, actor=SECOND) is None  # entered again


def test_two_clerks_at_once_cannot_use_one_receipt(engine):
    """Two lists confirmed at the same moment with one receipt number: exactly one succeeds (advisory lock on
    PostgreSQL, serialised writers on SQLite)."""
    lists = []
    for n in range(2):
        eid = open_employer(engine, name=f"单位{n}", n=10 + n)
        open_members(engine, eid, 1, start=20 + n)
        lists.append(generate(engine, eid))
    barrier = threading.Barrier(2)
    out: list = [None, None]

    def run(i: int) -> None:
        barrier.wait()
        try:
            out[i] = confirm(engine, lists[i].remittance_id, "SAME", lists[i].total, actor=cli_actor(f"c{i}"))
        except AnjuError as exc:
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(type(r).__name__ for r in out) == ["ValidationFailed", "int"]
    refused = next(r for r in out if isinstance(r, ValidationFailed))
    assert refused.problems[0].code == DepositError.RECEIPT_USED
    assert sorted(status(engine, x.remittance_id).status for x in lists) == ["pending", "posted"]
