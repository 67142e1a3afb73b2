"""The one maker-checker workflow (anju.workflow) on a business record of its own: declared transitions only, the
maker never checks, a second and different approver above the policy threshold, the decision deadline on the
working-day calendar, event rows and audit records. Both databases."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum

import pytest
from sqlalchemy import Column, Date, DateTime, MetaData, String, Table, insert, select

from anju.auth import approval
from anju.auth.actor import Actor, Channel, Role, grant
from anju.auth.tables import audit_log
from anju.core.errors import AnjuError, Conflict, ErrorCode, Forbidden, NotFound, ValidationFailed
from anju.db import UnitOfWork
from anju.db.meta import PK, Fen
from anju.workcal.service import set_day
from anju.workflow import Approval, Events, Flow, Step, event_table

AS_OF = date(2026, 3, 2)  # a Monday
THRESHOLD = 20_000_000  # approval.withdrawal_second_above in the sample centre


class S(StrEnum):
    DRAFT = "draft"
    REVIEWED = "reviewed"
    APPROVED = "approved"
    REJECTED = "rejected"
    DONE = "done"

    @property
    def label(self) -> str:
        return {"draft": "待复核", "reviewed": "待审批", "approved": "已审批", "rejected": "已驳回", "done": "已办结"}[self]


class P:
    REVIEW = "test.workflow.review"
    APPROVE = "test.workflow.approve"
    APPLY = "test.workflow.apply"


grant(P.REVIEW, Role.REVIEWER)
grant(P.APPROVE, Role.APPROVER)
grant(P.APPLY, Role.CLERK, Role.MEMBER)

meta = MetaData()
case_table = Table(
    "wftest_case", meta,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("no", String(20), nullable=False),
    Column("status", String(12), nullable=False),
    Column("person_id", PK, nullable=True),
    Column("amount", Fen, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("reviewed_by", String(64), nullable=True),
    Column("approval_id", PK, nullable=True),
    Column("status_note", String(500), nullable=True),
    Column("updated_at", DateTime, nullable=True),
)
case_event = event_table("wftest_case_event", "wftest_case", "case_id", meta=meta)

FLOW = Flow(
    noun="测试单", table=case_table, states=S, entity="wftest_case", audit_prefix="wftest.",
    events=Events(case_event, "case_id"),
    approval=Approval(kind="wftest", threshold_key="approval.withdrawal_second_above"),
    deadline_key="approval.withdrawal_decision_workdays", initial=S.DRAFT,
    steps=[
        Step("review", "复核", S.DRAFT, to=S.REVIEWED, permission=P.REVIEW, checker=True),
        Step("approve", "审批", S.REVIEWED, to=S.APPROVED, permission=P.APPROVE, checker=True,
             not_by={"reviewed_by": "复核人审批自己复核的测试单"}, decides="approve"),
        Step("reject", "驳回", S.DRAFT, S.REVIEWED, to=S.REJECTED, checker=True, decides="reject",
             permission=lambda row: P.REVIEW if row.status == S.DRAFT else P.APPROVE, reason="驳回须填写理由"),
        Step("cancel", "撤销", S.DRAFT, S.REVIEWED, to=S.REJECTED, permission=P.APPLY, scoped=True,
             reason="请填写撤销原因", decides="close", close_note="申请人撤销：{reason}"),
        Step("finish", "办结", S.APPROVED, to=S.DONE, permission=P.APPLY, checker_of="approve",
             refusals={S.REJECTED: "{noun}{no}已驳回，无须办结"}),
        Step("pay", "支付", S.APPROVED, to=S.DONE),
    ])

clerk = Actor("wang", frozenset({Role.CLERK}), Channel.COUNTER)
reviewer = Actor("qian", frozenset({Role.REVIEWER}), Channel.COUNTER)
approver1 = Actor("li", frozenset({Role.APPROVER}), Channel.COUNTER)
approver2 = Actor("zhao", frozenset({Role.APPROVER}), Channel.COUNTER)
clerk_reviewer = Actor("sun", frozenset({Role.CLERK, Role.REVIEWER, Role.APPROVER}), Channel.COUNTER)
member = Actor("m1", frozenset({Role.MEMBER}), Channel.MEMBER_PORTAL, person_id=1)
admin = Actor("root", frozenset({Role.ADMIN}), Channel.COUNTER)


@pytest.fixture
def wf(engine):
    meta.create_all(engine)
    yield engine
    meta.drop_all(engine)


def open_case(engine, amount: int = 100_000, maker: Actor = clerk, person_id: int | None = None) -> int:
    with UnitOfWork(engine) as uow:
        cid = uow.conn.execute(insert(case_table).values(
            no="CS0001", status=FLOW.initial, amount=amount, person_id=person_id, created_by=maker.username,
            deadline=FLOW.deadline(uow.conn, AS_OF)).returning(case_table.c.id)).scalar_one()
        FLOW.open(uow, maker, FLOW.lock(uow.conn, cid), on=AS_OF, note="受理", summary="测试", amount=amount,
                  audit_after={"amount": amount})
        uow.commit()
    return cid


def step(engine, who: Actor, cid: int, name: str, *, reason: str = "", **values) -> str:
    with UnitOfWork(engine) as uow:
        case = FLOW.take(uow, who, cid, name, reason=reason)
        if case.step.decides == "approve" and not case.approve(note="同意", on=AS_OF):
            uow.commit()
            return case.row.status
        if case.step.decides == "reject":
            case.reject(note=reason)
        if case.step.decides == "close":
            case.close_request(reason=reason)
        if name == "review":
            values["reviewed_by"] = who.username
        case.move(on=AS_OF, note=reason, **values)
        uow.commit()
        return case.row.status


def status(engine, cid: int) -> str:
    with engine.connect() as conn:
        return conn.execute(select(case_table.c.status).where(case_table.c.id == cid)).scalar_one()


class TestDeclaration:
    def test_a_step_naming_an_unknown_state_is_refused(self):
        with pytest.raises(ValueError):
            Flow(noun="x", table=case_table, states=S, entity="x", audit_prefix="x.",
                 steps=[Step("go", "办理", "nowhere", to=S.DONE)])

    def test_a_step_declared_twice_is_refused(self):
        with pytest.raises(ValueError):
            Flow(noun="x", table=case_table, states=S, entity="x", audit_prefix="x.",
                 steps=[Step("go", "办理", S.DRAFT, to=S.DONE), Step("go", "办理", S.DRAFT, to=S.DONE)])

    def test_states_from_a_mapping_and_what_each_state_allows(self):
        f = Flow(noun="x", table=case_table, states={"a": "甲", "b": "乙"}, entity="x", audit_prefix="x.",
                 steps=[Step("go", "办理", "a", to="b")])
        assert f.label("a") == "甲" and f.allowed("a") == ["go"] and f.allowed("b") == []
        assert FLOW.allowed(S.REVIEWED) == ["approve", "reject", "cancel"]


class TestTransitions:
    def test_a_step_is_refused_from_a_state_it_does_not_start_from(self, wf):
        cid = open_case(wf)
        with pytest.raises(AnjuError) as err:
            step(wf, approver1, cid, "approve")
        assert err.value.code is ErrorCode.STATE
        assert err.value.message.endswith("测试单CS0001当前为“待复核”，不能审批")
        assert status(wf, cid) == S.DRAFT

    def test_a_states_own_refusal_is_used_where_declared(self, wf):
        cid = open_case(wf)
        step(wf, reviewer, cid, "reject", reason="材料不全")
        with pytest.raises(AnjuError, match="测试单CS0001已驳回，无须办结"):
            step(wf, clerk, cid, "finish")

    def test_a_system_move_outside_the_declaration_is_refused(self, wf):
        cid = open_case(wf)
        with UnitOfWork(wf) as uow:
            row = FLOW.lock(uow.conn, cid)
            with pytest.raises(AnjuError, match="不能支付"):
                FLOW.move(uow, clerk, row, action="pay", on=AS_OF)
            with pytest.raises(ValueError):
                FLOW.move(uow, clerk, row, action="review", to=S.DONE, on=AS_OF)

    def test_a_concurrent_change_fails_instead_of_overwriting(self, wf):
        cid = open_case(wf)
        with UnitOfWork(wf) as uow:
            stale = FLOW.lock(uow.conn, cid)
        step(wf, reviewer, cid, "review")
        with UnitOfWork(wf) as uow, pytest.raises(Conflict, match="测试单CS0001的状态已被他人改变"):
            FLOW.move(uow, reviewer, stale, action="review", on=AS_OF)

    def test_an_unknown_record_is_not_found(self, wf):
        with UnitOfWork(wf) as uow, pytest.raises(NotFound, match="测试单"):
            FLOW.take(uow, reviewer, 999, "review")

    def test_permission_reason_and_the_members_own_record(self, wf):
        cid = open_case(wf, person_id=2)
        with pytest.raises(Forbidden):
            step(wf, clerk, cid, "review")  # no permission
        with pytest.raises(ValidationFailed) as err:
            step(wf, reviewer, cid, "reject", reason=" ")
        assert [(p.message, p.input) for p in err.value.problems] == [("驳回须填写理由", "reason")]
        with pytest.raises(Forbidden):
            step(wf, member, cid, "cancel", reason="不办了")  # someone else's record
        with pytest.raises(Forbidden):  # the permission follows the state: an approver does not reject at 复核
            step(wf, approver1, cid, "reject", reason="不符合")
        assert status(wf, cid) == S.DRAFT


class TestMakerChecker:
    def test_the_maker_cannot_check(self, wf):
        cid = open_case(wf, maker=clerk_reviewer)
        with pytest.raises(Forbidden) as err:
            step(wf, clerk_reviewer, cid, "review")
        assert err.value.code is ErrorCode.APPROVAL_SELF
        step(wf, reviewer, cid, "review")
        with pytest.raises(Forbidden) as err:
            step(wf, clerk_reviewer, cid, "approve")
        assert err.value.code is ErrorCode.APPROVAL_SELF

    def test_the_reviewer_cannot_approve_what_they_reviewed(self, wf):
        cid = open_case(wf)
        step(wf, clerk_reviewer, cid, "review")
        with pytest.raises(Forbidden, match="复核人审批自己复核的测试单"):
            step(wf, clerk_reviewer, cid, "approve")

    def test_who_took_an_earlier_step_cannot_take_the_checking_one(self, wf):
        cid = open_case(wf)
        step(wf, reviewer, cid, "review")
        step(wf, clerk_reviewer, cid, "approve")
        with pytest.raises(Forbidden):
            step(wf, clerk_reviewer, cid, "finish")
        assert step(wf, clerk, cid, "finish") == S.DONE

    def test_one_approver_below_the_threshold(self, wf):
        cid = open_case(wf, amount=THRESHOLD)
        step(wf, reviewer, cid, "review")
        assert step(wf, approver1, cid, "approve") == S.APPROVED

    def test_above_the_threshold_a_second_and_different_approver(self, wf):
        cid = open_case(wf, amount=THRESHOLD + 1)
        step(wf, reviewer, cid, "review")
        assert step(wf, approver1, cid, "approve") == S.REVIEWED
        with pytest.raises(Forbidden) as err:
            step(wf, approver1, cid, "approve")
        assert err.value.code is ErrorCode.APPROVAL_TWICE
        assert step(wf, approver2, cid, "approve") == S.APPROVED
        with wf.connect() as conn:
            rid = conn.execute(select(case_table.c.approval_id).where(case_table.c.id == cid)).scalar_one()
            req = approval.get(conn, rid)
            partial = conn.execute(select(case_event.c.note).where(case_event.c.action == "approve_one")).scalar_one()
        assert req.status == "approved" and req.approvals_needed == 2
        assert [d.username for d in req.decisions] == ["li", "zhao"]
        assert partial == "已同意（1/2），须另一名审批人审批"

    def test_the_maker_withdraws_the_request_and_anyone_else_rejects_it(self, wf):
        mine = open_case(wf, maker=member, person_id=1)
        step(wf, member, mine, "cancel", reason="不办了")
        other = open_case(wf, person_id=1)
        step(wf, member, other, "cancel", reason="不办了")
        with wf.connect() as conn:
            ids = conn.execute(select(case_table.c.approval_id).order_by(case_table.c.id)).scalars().all()
            a, b = (approval.get(conn, i) for i in ids)
        assert a.status == "cancelled"
        assert b.status == "rejected" and b.decisions[0].note == "申请人撤销：不办了"


class TestDeadline:
    def test_counted_in_working_days(self, wf):
        with wf.connect() as conn:
            assert FLOW.deadline(conn, AS_OF) == date(2026, 3, 5)  # three working days after a Monday
            assert FLOW.deadline(conn, date(2026, 3, 6)) == date(2026, 3, 11)  # over a weekend
            assert FLOW.deadline(conn, date(2026, 9, 30)) == date(2026, 10, 10)  # 国庆 off, Saturday 10 worked

    def test_a_day_off_entered_by_the_administrator_moves_it(self, wf):
        with UnitOfWork(wf) as uow:
            set_day(uow, admin, day=date(2026, 3, 4), is_workday=False, note="停电")
            uow.commit()
        with wf.connect() as conn:
            assert FLOW.deadline(conn, AS_OF) == date(2026, 3, 6)


class TestTrail:
    def test_every_step_writes_its_event_and_audit_record(self, wf):
        cid = open_case(wf, amount=THRESHOLD + 1)
        step(wf, reviewer, cid, "review")
        step(wf, approver1, cid, "approve")
        step(wf, approver2, cid, "approve")
        with wf.connect() as conn:
            events = conn.execute(select(case_event).order_by(case_event.c.id)).all()
            audits = conn.execute(select(audit_log).where(audit_log.c.entity_type == "wftest_case")
                                  .order_by(audit_log.c.seq)).all()
        assert [(e.action, e.from_status, e.to_status, e.username) for e in events] == [
            ("apply", None, "draft", "wang"), ("review", "draft", "reviewed", "qian"),
            ("approve_one", "reviewed", "reviewed", "li"), ("approve", "reviewed", "approved", "zhao")]
        assert all(e.case_id == cid and e.on_day == AS_OF and e.channel == "counter" for e in events)
        assert [a.action for a in audits] == ["approval.submit", "wftest.apply", "wftest.review", "approval.approve",
                                              "approval.approve", "wftest.approve"]
        review = audits[2]
        assert review.username == "qian" and review.entity_id == str(cid)
        assert json.loads(review.before_json) == {"status": "draft"}
        assert json.loads(review.after_json)["status"] == "reviewed"
        assert json.loads(audits[1].after_json)["approval"] is not None


# A check whose state is the request's (the record keeps no request column and does not move while it waits),
# a step that ends a record whoever takes it, and a batch's claim — on the same table.
_NONE_WAITING = "{noun}{no}没有待复核的录入"
CHECKED = Flow(
    noun="测试单", table=case_table, states=S, entity="wftest_case", audit_prefix="wftest.",
    approval=Approval(kind="wftest_check", column=None), opens="enter",
    steps=[
        Step("enter", "录入", S.DRAFT, permission=P.APPLY),
        Step("confirm", "复核录入", S.DRAFT, to=S.APPROVED, permission=P.REVIEW, decides="approve",
             awaiting=_NONE_WAITING),
        Step("send_back", "退回录入", S.DRAFT, permission=P.REVIEW, decides="reject", awaiting=_NONE_WAITING),
    ])
ENDING = Flow(
    noun="测试单", table=case_table, states=S, entity="wftest_case", audit_prefix="wftest.",
    approval=Approval(kind="wftest"),
    steps=[
        Step("stop", "终止", S.DRAFT, S.REVIEWED, to=S.REJECTED, permission=P.APPROVE, decides="stop",
             close_note="终止：{reason}"),
        Step("close", "到期办结", S.APPROVED, to=S.DONE),
    ])


def enter(engine, cid: int, who: Actor = clerk) -> None:
    with UnitOfWork(engine) as uow:
        case = CHECKED.take(uow, who, cid, "enter")
        assert case.request() is None
        CHECKED.open(uow, who, case.row, on=AS_OF, summary="录入待复核", audit_after={"entered": True})
        uow.commit()


def actions(engine, cid: int) -> list[str]:
    with engine.connect() as conn:
        return conn.execute(select(audit_log.c.action).where(audit_log.c.entity_type == "wftest_case",
                                                             audit_log.c.entity_id == str(cid))
                            .order_by(audit_log.c.seq)).scalars().all()


class TestConfirmation:
    def test_the_second_person_confirms_what_waits_and_nobody_else(self, wf):
        cid = open_case(wf, amount=100)
        with UnitOfWork(wf) as uow, pytest.raises(AnjuError, match="测试单CS0001没有待复核的录入"):
            CHECKED.take(uow, reviewer, cid, "confirm")
        enter(wf, cid)
        with wf.connect() as conn:
            assert CHECKED.request(conn, CHECKED.lock(conn, cid)).kind == "wftest_check"
        the_maker = Actor("wang", frozenset({Role.REVIEWER}), Channel.COUNTER)
        with UnitOfWork(wf) as uow, pytest.raises(Forbidden) as err:
            CHECKED.take(uow, the_maker, cid, "confirm")
        assert err.value.code is ErrorCode.APPROVAL_SELF  # the request's maker, refused before any other check
        with UnitOfWork(wf) as uow:
            case = CHECKED.take(uow, reviewer, cid, "confirm")
            assert case.approve(note="一致") is True
            case.move(note="一致")
            uow.commit()
        assert status(wf, cid) == S.APPROVED
        with wf.connect() as conn:
            assert CHECKED.request(conn, CHECKED.lock(conn, cid)) is None  # nothing waits any more
        assert actions(wf, cid)[-4:] == ["approval.submit", "wftest.enter", "approval.approve", "wftest.confirm"]

    def test_sent_back_the_record_stays_and_is_entered_again_with_a_new_request(self, wf):
        cid = open_case(wf, amount=100)
        enter(wf, cid)
        with UnitOfWork(wf) as uow:
            case = CHECKED.take(uow, reviewer, cid, "send_back")
            case.reject(note="录错")
            case.stay(note="录错", status_note="录错", audit_after={"reason": "录错"})
            uow.commit()
        with wf.connect() as conn:
            row = conn.execute(select(case_table).where(case_table.c.id == cid)).one()
            stay = conn.execute(select(audit_log).where(audit_log.c.action == "wftest.send_back",
                                                        audit_log.c.entity_id == str(cid))).one()
        assert (row.status, row.status_note) == (S.DRAFT, "录错")
        assert json.loads(stay.before_json) == {"status": "draft"}
        assert json.loads(stay.after_json) == {"status": "draft", "note": "录错", "reason": "录错"}
        with UnitOfWork(wf) as uow, pytest.raises(AnjuError, match="没有待复核的录入"):
            CHECKED.take(uow, reviewer, cid, "confirm")
        enter(wf, cid)  # entered again: a new request
        with UnitOfWork(wf) as uow:
            assert CHECKED.take(uow, reviewer, cid, "confirm").request().status == "pending"


class TestStopAndClaim:
    def test_a_stopping_step_rejects_the_request_only_where_this_person_may_decide_it(self, wf):
        for maker, stopper, expected in ((clerk, approver1, "rejected"), (clerk_reviewer, clerk_reviewer, "pending")):
            cid = open_case(wf, maker=maker)
            with UnitOfWork(wf) as uow:
                case = ENDING.take(uow, stopper, cid, "stop")
                case.close_request(reason="骗取")
                case.move(note="骗取")
                uow.commit()
            with wf.connect() as conn:
                req = ENDING.request(conn, ENDING.lock(conn, cid))
            assert status(wf, cid) == S.REJECTED
            assert req.status == expected  # the maker cannot decide it: left as it is
            assert [d.note for d in req.decisions] == (["终止：骗取"] if expected == "rejected" else [])

    def test_a_claim_skips_a_row_another_runner_moved(self, wf):
        cid = open_case(wf)
        step(wf, reviewer, cid, "review")
        step(wf, approver1, cid, "approve")
        with wf.connect() as conn:
            stale = ENDING.lock(conn, cid)
        with UnitOfWork(wf) as uow:
            assert ENDING.move(uow, admin, stale, action="close", on=AS_OF, claim=True) is True
            uow.commit()
        with UnitOfWork(wf) as uow:
            assert ENDING.move(uow, admin, stale, action="close", on=AS_OF, claim=True) is False
            with pytest.raises(Conflict):
                ENDING.move(uow, admin, stale, action="close", on=AS_OF)
        assert status(wf, cid) == S.DONE
        assert actions(wf, cid).count("wftest.close") == 1
