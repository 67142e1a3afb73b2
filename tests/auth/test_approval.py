"""Maker-checker: the maker never approves; above the policy threshold two different people must."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from anju.auth import approval
from anju.auth.actor import Actor, Channel, Role, grant
from anju.auth.tables import audit_log
from anju.core.errors import AnjuError, Conflict, Forbidden
from anju.db import UnitOfWork

DECIDE = "test.approve"
grant(DECIDE, Role.APPROVER)
AS_OF = date(2026, 3, 2)
THRESHOLD = 20_000_000  # approval.withdrawal_second_above in the sample centre: 200,000.00 yuan

clerk = Actor("wang", frozenset({Role.CLERK}), Channel.COUNTER)
approver1 = Actor("li", frozenset({Role.APPROVER}), Channel.COUNTER)
approver2 = Actor("zhao", frozenset({Role.APPROVER}), Channel.COUNTER)
maker_approver = Actor("sun", frozenset({Role.APPROVER}), Channel.COUNTER)


class TestRules:
    def test_above_the_threshold_needs_two(self):
        assert approval.approvals_needed(THRESHOLD, THRESHOLD) == 1
        assert approval.approvals_needed(THRESHOLD + 1, THRESHOLD) == 2
        assert approval.approvals_needed(None, THRESHOLD) == 1
        assert approval.approvals_needed(10**12, None) == 1

    def test_refusals(self):
        state = approval.ApprovalState(1, "withdrawal", "withdrawal", "7", 5, 2, "pending", "", "wang", None,
                                       (approval.Decision("li", True, ""),))
        assert isinstance(approval.refusal(state, "wang"), Forbidden)
        assert isinstance(approval.refusal(state, "li"), Forbidden)
        assert approval.refusal(state, "zhao") is None
        assert approval.status_after(state, True) == "approved"
        assert approval.status_after(state, False) == "rejected"
        closed = approval.ApprovalState(1, "w", "w", "7", 5, 1, "approved", "", "wang", None)
        assert isinstance(approval.refusal(closed, "zhao"), Conflict)


def submit(engine, amount: int, maker: Actor = clerk) -> int:
    with UnitOfWork(engine) as uow:
        req = approval.submit(uow, maker, kind="withdrawal", ref_type="withdrawal", ref_id=42, amount=amount,
                              threshold_key="approval.withdrawal_second_above", as_of=AS_OF, summary="租房提取")
        uow.commit()
    return req.id


def decide(engine, who: Actor, rid: int, approve: bool = True, note: str = "同意"):
    with UnitOfWork(engine) as uow:
        state = approval.decide(uow, who, request_id=rid, approve=approve, note=note, permission=DECIDE)
        uow.commit()
    return state


class TestStorage:
    def test_a_small_amount_needs_one_approver_who_is_not_the_maker(self, engine):
        rid = submit(engine, 100_000, maker=maker_approver)
        with pytest.raises(Forbidden):
            decide(engine, maker_approver, rid)
        state = decide(engine, approver1, rid)
        assert state.status == "approved" and state.approvals_needed == 1

    def test_a_large_amount_needs_two_different_approvers(self, engine):
        rid = submit(engine, THRESHOLD + 1)
        state = decide(engine, approver1, rid)
        assert state.status == "pending" and state.approvals == 1
        with pytest.raises(Forbidden):
            decide(engine, approver1, rid)  # the same person twice does not count as two
        state = decide(engine, approver2, rid)
        assert state.status == "approved" and [d.username for d in state.decisions] == ["li", "zhao"]
        with pytest.raises(Conflict):
            decide(engine, maker_approver, rid)

    def test_a_rejection_needs_a_reason_and_closes_the_request(self, engine):
        rid = submit(engine, 100)
        with pytest.raises(AnjuError):
            decide(engine, approver1, rid, approve=False, note=" ")
        assert decide(engine, approver1, rid, approve=False, note="材料不全").status == "rejected"

    def test_deciding_needs_the_areas_permission(self, engine):
        rid = submit(engine, 100)
        with pytest.raises(Forbidden):
            decide(engine, Actor("x", frozenset({Role.CLERK}), Channel.COUNTER), rid)

    def test_only_the_maker_cancels(self, engine):
        rid = submit(engine, 100)
        with UnitOfWork(engine) as uow, pytest.raises(AnjuError):
            approval.cancel(uow, approver1, request_id=rid, reason="x")
        with UnitOfWork(engine) as uow:
            assert approval.cancel(uow, clerk, request_id=rid, reason="填错").status == "cancelled"
            uow.commit()
        with UnitOfWork(engine, read_only=True) as uow:
            assert approval.pending(uow.conn) == []

    def test_every_step_is_audited(self, engine):
        rid = submit(engine, THRESHOLD + 1)
        decide(engine, approver1, rid)
        decide(engine, approver2, rid)
        with engine.connect() as conn:
            acts = conn.execute(select(audit_log.c.action).order_by(audit_log.c.seq)).scalars().all()
        assert acts[-3:] == ["approval.submit", "approval.approve", "approval.approve"]
