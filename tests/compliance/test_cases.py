"""A hit goes 疑点 → 认定 (two people) → 追回 with its voucher → 处罚决定书 → 移送公安 → 禁止期 → 结案; an enforcement
case produces its documents in order; complaints and their rates; dormant accounts closed and merged under
maker-checker. Both databases."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from anju.auth.actor import Actor, Channel, Role
from anju.compliance import cases, complaints, dormant, enforcement, scan, service
from anju.compliance.codes import CaseStage, DocKind, HitStatus
from anju.compliance.documents import Document, to_docx
from anju.compliance.errors import ComplianceError
from anju.compliance.tables import audit_hit
from anju.core.errors import AnjuError, Forbidden, ValidationFailed
from anju.db import UnitOfWork
from anju.policy import service as policy_service
from anju.registry import service as registry
from anju.withdrawal.codes import Status
from anju.core.ids import make_resident_id
from tests.support.factory import CLERK as ADMIN
from tests.support.factory import open_employer, open_members, pay_month
from tests.withdrawal.helpers import DAY, account, failures, member, other, pay_out, review_and_approve, row, step

AUDITOR = Actor("auditor_a", frozenset({Role.AUDITOR}), Channel.COUNTER)
AUDITOR_APPROVER = Actor("boss_a", frozenset({Role.AUDITOR, Role.APPROVER}), Channel.COUNTER)
APPROVER = Actor("approver_c", frozenset({Role.APPROVER}), Channel.COUNTER)
INVESTIGATOR = Actor("auditor_r", frozenset({Role.AUDITOR, Role.REVIEWER}), Channel.COUNTER)
CLERK = Actor("clerk_c", frozenset({Role.CLERK}), Channel.COUNTER)


def test_a_hit_goes_from_suspect_to_fraud_to_recovery_penalty_referral_and_ban(engine):
    acct, person = member(engine, 1)  # first paid 2026-07: a withdrawal in October is early (< 6 months)
    w = other(engine, acct, 800_000)
    review_and_approve(engine, w.id)
    pay_out(engine)
    assert account(engine, acct).balance == 1_200_000 - 800_000
    scan.scan(engine, AUDITOR, as_of=DAY)
    with engine.connect() as conn:
        hit = conn.execute(select(audit_hit).where(audit_hit.c.rule_code == "early")).one()
        assert [i.id for i in service.queue(conn, as_of=DAY)] == [hit.id]
    with pytest.raises(ValidationFailed) as exc:
        step(engine, lambda uow, **k: service.dispose(uow, AUDITOR, **k), hit_id=hit.id, disposition="propose",
             note="", as_of=DAY)
    assert exc.value.problems[0].code == ComplianceError.NOTE_REQUIRED
    step(engine, lambda uow, **k: service.dispose(uow, AUDITOR_APPROVER, **k), hit_id=hit.id,
         disposition="propose", note="首次缴存即提取，提取材料系伪造", as_of=DAY)
    with pytest.raises(Forbidden):  # the proposer may not approve the 认定
        step(engine, lambda uow, **k: service.decide(uow, AUDITOR_APPROVER, **k), hit_id=hit.id, approve=True,
             note="", as_of=DAY)
    case_id = step(engine, lambda uow, **k: service.decide(uow, APPROVER, **k), hit_id=hit.id, approve=True,
                   note="同意认定", as_of=DAY)
    recovered = step(engine, lambda uow, **k: cases.recover(uow, INVESTIGATOR, **k), case_id=case_id,
                     note="责令退回，已全额追回", as_of=date(2026, 10, 20))
    assert recovered == 800_000
    assert row(engine, w.id).status == Status.FRAUD.value
    assert account(engine, acct).balance == 1_200_000  # the money is back in the account
    with pytest.raises(AnjuError) as wrong:
        step(engine, lambda uow, **k: cases.refer(uow, AUDITOR, **k), case_id=case_id, to="示例市公安局",
             as_of=date(2026, 10, 21))
    assert wrong.value.code.startswith("workflow.")
    step(engine, lambda uow, **k: cases.penalise(uow, AUDITOR, **k), case_id=case_id, amount=100_000,
         basis="《住房公积金管理条例》及本市骗提骗贷处理办法", as_of=date(2026, 10, 21))
    step(engine, lambda uow, **k: cases.refer(uow, AUDITOR, **k), case_id=case_id, to="示例市公安局",
         as_of=date(2026, 10, 22))
    until = step(engine, lambda uow, **k: cases.ban(uow, AUDITOR, **k), case_id=case_id, as_of=date(2026, 10, 22))
    step(engine, lambda uow, **k: cases.close(uow, AUDITOR, **k), case_id=case_id, as_of=date(2026, 10, 23))
    assert until == date(2031, 10, 22)
    with engine.connect() as conn:
        case = cases.get(conn, case_id)
        docs = cases.documents(conn, "fraud", case_id)
        hit = conn.execute(select(audit_hit).where(audit_hit.c.id == hit.id)).one()
    assert (case.status, case.recovered, case.penalty) == (CaseStage.CLOSED.value, 800_000, 100_000)
    assert case.recovery_voucher_id is not None
    assert (hit.status, hit.open_key, hit.case_id) == (HitStatus.FRAUD.value, None, case_id)
    assert [d.kind for d in docs] == [DocKind.RECOVERY.value, DocKind.DECISION.value, DocKind.REFERRAL.value]
    assert to_docx(Document.from_body(docs[1].body))[:2] == b"PK"
    assert failures(engine) == {}


def test_an_enforcement_case_produces_its_documents_in_order(engine):
    eid = open_employer(engine, first_month=202607, on=date(2026, 7, 1))
    open_members(engine, eid, 3, first_month=202607, on=date(2026, 7, 1))
    pay_month(engine, eid, 202607, date(2026, 7, 10))
    with engine.connect() as conn:
        from anju.registry.queries import employer_facts

        e = employer_facts()
        emp_no = conn.execute(select(e.c.account_no).where(e.c.id == eid)).scalar_one()
    with pytest.raises(AnjuError) as none:
        step(engine, lambda uow, **k: enforcement.open_case(uow, AUDITOR, **k), employer_no=emp_no, reason="unpaid",
             as_of=date(2026, 7, 20))
    assert none.value.code is ComplianceError.NOT_OWING
    day = date(2026, 10, 20)
    cid = step(engine, lambda uow, **k: enforcement.open_case(uow, AUDITOR, **k), employer_no=emp_no,
               reason="unpaid", as_of=day)

    def go(step_name, on, **kw):
        return step(engine, lambda uow, **k: enforcement.advance(uow, AUDITOR, **k), case_id=cid, step=step_name,
                    as_of=on, **kw)

    def served(on):
        step(engine, lambda uow, **k: enforcement.serve(uow, AUDITOR, **k), case_id=cid, served_on=on,
             how="直接送达", to="单位经办人")

    go("notice", day)
    with pytest.raises(AnjuError) as early:
        go("order", date(2026, 11, 10))
    assert early.value.code is ComplianceError.NOT_SERVED
    served(date(2026, 10, 21))
    go("order", date(2026, 11, 10))
    served(date(2026, 11, 11))
    go("demand", date(2026, 12, 28))
    served(date(2026, 12, 29))
    with pytest.raises(AnjuError) as too_soon:
        go("court", date(2027, 1, 5))
    assert too_soon.value.code is ComplianceError.DEMAND_TOO_EARLY
    go("court", date(2027, 1, 11))
    with engine.connect() as conn:
        docs = cases.documents(conn, "enforcement", cid)
        (case,) = enforcement.cases(conn)
        assert enforcement.by_stage(conn) == {"court": 1}
    assert [d.kind for d in docs] == ["notice", "order", "demand", "court"]
    assert case.owed == 3 * 120_000 * 3  # three months (Aug–Oct) of 3 members × 1,200.00
    assert docs[0].deadline == date(2026, 11, 3)  # 10 working days on the calendar
    assert [d.served_on is not None for d in docs] == [True, True, True, False]
    assert "申请人民法院强制执行" in "".join(Document.from_body(docs[3].body).paragraphs)


def test_complaints_are_received_assigned_replied_and_followed_up(engine):
    with pytest.raises(ValidationFailed) as bad:
        step(engine, lambda uow, **k: complaints.receive(uow, CLERK, **k), as_of=DAY,
             intake=complaints.Intake(channel="fax", kind="complaint", subject="", content="", complainant="张三"))
    assert [p.code for p in bad.value.problems] == [ComplianceError.COMPLAINT_FIELD] * 3
    first = step(engine, lambda uow, **k: complaints.receive(uow, CLERK, **k), as_of=DAY, intake=complaints.Intake(
        channel="12329", kind="complaint", subject="单位未缴公积金", content="单位连续三个月未缴", complainant="张三"))
    late = step(engine, lambda uow, **k: complaints.receive(uow, CLERK, **k), as_of=DAY, intake=complaints.Intake(
        channel="petition", kind="complaint", subject="提取办理慢", content="提取超过时限", complainant="李四"))
    step(engine, lambda uow, **k: complaints.assign(uow, CLERK, **k), complaint_id=first, to="归集科", as_of=DAY)
    step(engine, lambda uow, **k: complaints.reply(uow, CLERK, **k), complaint_id=first, text="已责令单位补缴",
         as_of=date(2026, 10, 14))
    step(engine, lambda uow, **k: complaints.follow_up(uow, CLERK, **k), complaint_id=first,
         satisfaction="satisfied", as_of=date(2026, 10, 15))
    step(engine, lambda uow, **k: complaints.reply(uow, CLERK, **k), complaint_id=late, text="已办结",
         as_of=date(2026, 10, 30))
    with engine.connect() as conn:
        r = complaints.rates(conn, start=date(2026, 10, 1), end=date(2026, 11, 1))
        assert complaints.get(conn, first).deadline == date(2026, 10, 19)
    assert (r.received, r.handled, r.handled_on_time, r.satisfied) == (2, 2, 1, 1)


def test_dormant_accounts_are_found_notified_and_closed_by_a_second_person(engine):
    with UnitOfWork(engine) as uow:
        for key in ("compliance.dormant_sealed_months", "compliance.dormant_zero_months"):
            policy_service.set_value(uow, ADMIN, key=key, raw=2, effective=date(2026, 1, 1), note="测试")
        uow.commit()
    eid = open_employer(engine, first_month=202607, on=date(2026, 7, 1))
    sealed, paying = open_members(engine, eid, 2, first_month=202607, on=date(2026, 7, 1))
    twice = [step(engine, lambda uow, **k: registry.open_account(uow, ADMIN, **k).account_id, employer_id=eid,
                  who=registry.PersonInput(id_number=make_resident_id("430405", date(1985, 5, 5), n, "1"),
                                           name="合并甲"), base=500_000, first_month=202607, as_of=date(2026, 7, 1))
             for n in (31, 32)]  # one person registered twice
    step(engine, lambda uow, **k: registry.seal(uow, ADMIN, **k), account_id=sealed, reason="离职",
         as_of=date(2026, 7, 2))
    pay_month(engine, eid, 202607, date(2026, 7, 10))
    step(engine, lambda uow, **k: registry.seal(uow, ADMIN, **k), account_id=twice[0], reason="重复开户",
         as_of=date(2026, 7, 15))
    with engine.connect() as conn:
        found = dormant.listing(conn, DAY)
        summary = dormant.summary(conn, DAY)
    assert {r.account_id for r in found} == {sealed, twice[0]}
    assert summary.accounts == 2 and summary.amount == 120_000
    merge = step(engine, lambda uow, **k: dormant.apply_batch(uow, CLERK, **k), action="merge",
                 account_ids=[twice[0]], as_of=DAY)
    step(engine, lambda uow, **k: dormant.decide(uow, APPROVER, **k), batch_id=merge, approve=True, note="",
         as_of=DAY)
    assert account(engine, twice[0]).balance == 0 and account(engine, twice[1]).balance >= 240_000
    assert step(engine, lambda uow, **k: dormant.notify(uow, CLERK, **k), as_of=DAY) == 1
    with pytest.raises(ValidationFailed) as bad:
        step(engine, lambda uow, **k: dormant.apply_batch(uow, CLERK, **k), action="close",
             account_ids=[sealed, paying], as_of=DAY)
    assert [p.code for p in bad.value.problems] == [ComplianceError.NOT_DORMANT]
    bid = step(engine, lambda uow, **k: dormant.apply_batch(uow, CLERK, **k), action="close", account_ids=[sealed],
               as_of=DAY)
    with pytest.raises(Forbidden):
        step(engine, lambda uow, **k: dormant.decide(uow, Actor("clerk_c", frozenset({Role.APPROVER}),
                                                                Channel.COUNTER), **k),
             batch_id=bid, approve=True, note="", as_of=DAY)
    assert step(engine, lambda uow, **k: dormant.decide(uow, APPROVER, **k), batch_id=bid, approve=True, note="",
                as_of=DAY) == 1
    assert account(engine, sealed).status == "05" and account(engine, paying).status == "01"
    with engine.connect() as conn:
        assert dormant.summary(conn, DAY).accounts == 0
    assert failures(engine) == {}


def test_another_centres_list_is_refused_whole_with_every_bad_row(engine):
    from anju.core.sheets import UploadLimits
    from anju.policy.store import policy_at

    with engine.connect() as conn:
        limits = UploadLimits.from_policy(policy_at(conn, DAY))
    csv = "证件号码,姓名,个人账户状态,缴至年月\n123,张三,01,202610\n430405198505053315,,01,abc\n".encode()
    with pytest.raises(ValidationFailed) as bad:
        step(engine, lambda uow, **k: service.import_remote_list(uow, AUDITOR, **k), centre="", data=csv,
             filename="名单.csv", as_of=DAY, limits=limits)
    assert [(p.code, p.row, p.field) for p in bad.value.problems] == [
        (ComplianceError.CENTRE_REQUIRED, None, "来源中心"), (ComplianceError.LIST_ROW, 2, "证件号码"),
        (ComplianceError.LIST_ROW, 3, "姓名"), (ComplianceError.LIST_ROW, 3, "缴至年月")]
