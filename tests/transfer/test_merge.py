"""账户合并 on both databases: one person's two accounts (one mistyped identity) merge with maker-checker; the
money, the interest to the day and the months contributed move to the kept account; verify stays clean."""

from __future__ import annotations

from datetime import date

import pytest

from anju.core.errors import Forbidden, ValidationFailed
from anju.core.ids import make_resident_id
from anju.db import UnitOfWork
from anju.registry import household
from anju.registry import service as registry
from anju.transfer import merge
from anju.transfer.errors import TransferError
from anju.verify import run_all
from tests.support.factory import APPROVER, CLERK, open_employer, pay_month


def test_two_accounts_of_one_person_merge(engine):
    e1 = open_employer(engine, name="甲单位")
    e2 = open_employer(engine, name="乙单位")
    born = date(1980, 3, 4)
    accounts = []
    with UnitOfWork(engine) as uow:
        for eid, seq in ((e1, 11), (e2, 12)):  # the second registration mistyped the sequence digits
            who = registry.PersonInput(id_number=make_resident_id("430405", born, seq, "1"), name="张三")
            accounts.append(registry.open_account(uow, CLERK, employer_id=eid, who=who, base=500000,
                                                  first_month=202501, as_of=date(2025, 1, 5)))
        uow.commit()
    keep, gone = accounts
    pay_month(engine, e1, 202501, date(2025, 1, 12))
    pay_month(engine, e2, 202501, date(2025, 1, 12))
    pay_month(engine, e2, 202502, date(2025, 2, 12))
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as bad:  # still contributing at 乙单位
        merge.apply(uow, CLERK, keep_account_no=keep.account_no, merge_account_no=gone.account_no, reason="",
                    as_of=date(2025, 3, 1))
    assert {p.code for p in bad.value.problems} == {TransferError.FIELD_REQUIRED, TransferError.ACCOUNT_ACTIVE}
    with UnitOfWork(engine) as uow:
        registry.seal(uow, CLERK, account_id=gone.account_id, reason="重复开户", as_of=date(2025, 3, 1))
        m = merge.apply(uow, CLERK, keep_account_no=keep.account_no, merge_account_no=gone.account_no,
                        reason="同一人两次开户，证件号码顺序码录错", as_of=date(2025, 3, 1))
        uow.commit()
    with UnitOfWork(engine) as uow, pytest.raises(Forbidden):  # the maker cannot approve
        merge.decide(uow, CLERK, merge_id=m.id, approve=True, note="", as_of=date(2025, 3, 3))
    with UnitOfWork(engine) as uow:
        moved = merge.decide(uow, APPROVER, merge_id=m.id, approve=True, note="核实为同一人", as_of=date(2025, 3, 3))
        uow.commit()
    assert moved > 2 * 120000  # two months and the interest to the day
    with engine.connect() as conn:
        closed = registry.get_account(conn, gone.account_id)
        kept = registry.get_account(conn, keep.account_id)
        assert (closed.status, closed.balance) == ("03", 0)
        assert kept.balance == 120000 + moved
        assert household.paid_months(conn, keep.account_id) == (202501, 202502)
        assert {r.check.name: r.violations for r in run_all(conn) if not r.ok} == {}
