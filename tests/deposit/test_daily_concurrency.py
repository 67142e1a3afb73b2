"""The daily job ending deferrals and ratio reductions (`anju deposit end-deferrals`) with N runners at once, on
both databases: each deferral is ended by one runner (claimed by ``WHERE status = 'approved'``, row count
checked), so the ratios come back once and ``anju verify`` holds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from anju.auth.tables import audit_log
from anju.db import UnitOfWork
from anju.deposit import service as svc
from anju.registry import service as registry
from anju.registry.tables import member_txn
from anju.verify import run_all
from tests.support.factory import APPROVER, CLERK, open_employer, open_members
from tests.support.threads import together, unexpected


def test_many_runners_end_each_reduction_once(engine):
    eid = open_employer(engine, ratio="0.10")
    ids = open_members(engine, eid, 3)
    with UnitOfWork(engine) as uow:
        did = svc.apply_deferral(uow, CLERK, employer_id=eid, kind="reduce", period_from=202503, period_to=202508,
                                 reason="疫情影响", documents=list(svc.DEFERRAL_DOCUMENTS),
                                 reduced_employer_ratio=Decimal("0.03"), reduced_member_ratio=Decimal("0.03"),
                                 as_of=date(2025, 2, 20))
        uow.commit()
    with UnitOfWork(engine) as uow:
        svc.decide_deferral(uow, APPROVER, deferral_id=did, approve=True, approval_no="示管委〔2025〕5号", note="",
                            as_of=date(2025, 2, 25))
        uow.commit()

    def end(_i: int) -> int:
        with UnitOfWork(engine) as uow:
            n = svc.end_deferrals(uow, CLERK, as_of=date(2025, 9, 1))
            uow.commit()
        return n

    results = together(4, end)
    assert unexpected(results) == []
    assert sorted(r for r in results if isinstance(r, int)) == [0, 0, 0, 1]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(audit_log)
                            .where(audit_log.c.action == "deposit.deferral.end")).scalar_one() == 1
        restored = conn.execute(select(func.count()).select_from(member_txn)
                                .where(member_txn.c.note == "降低缴存比例")).scalar_one()
        assert restored == 2 * len(ids)  # once when approved, once when ended
        for a in ids:
            assert registry.get_account(conn, a).employer_amount == 50000
        assert {r.check.name: [v.message for v in r.violations] for r in run_all(conn) if not r.ok} == {}
