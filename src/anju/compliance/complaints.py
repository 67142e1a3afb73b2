"""Complaints (投诉) from the 12329 hotline, 信访 and online: intake with a deadline on the working-day calendar
(``compliance.complaint_workdays``), assignment (转办), reply (答复), follow-up with the complainant's satisfaction
(回访); 投诉处理率 and 按期办结率."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, and_, func, insert, select

from anju.auth.actor import Actor, require
from anju.compliance.cases import _no
from anju.compliance.codes import Channel, ComplaintKind, ComplaintStatus, Satisfaction
from anju.compliance.errors import ComplianceError
from anju.compliance.flow import COMPLAINT
from anju.compliance.permissions import P
from anju.compliance.tables import complaint, complaint_event
from anju.core.errors import Problem, ValidationFailed
from anju.db.uow import UnitOfWork
from anju.policy.store import policy_at


@dataclass(frozen=True)
class Intake:
    channel: str
    kind: str
    subject: str
    content: str
    complainant: str
    phone: str = ""
    employer_no: str = ""


def receive(uow: UnitOfWork, actor: Actor, *, intake: Intake, as_of: date) -> int:
    """受理: every problem at once; the deadline is ``compliance.complaint_workdays`` working days."""
    from anju.registry.queries import employer_by_no
    from anju.workcal.service import load_calendar

    require(actor, P.COMPLAINT)
    conn = uow.conn
    problems = []
    if intake.channel not in {c.value for c in Channel}:
        problems.append(Problem.of(ComplianceError.COMPLAINT_FIELD, field="渠道", input="channel", what="受理渠道"))
    if intake.kind not in {k.value for k in ComplaintKind}:
        problems.append(Problem.of(ComplianceError.COMPLAINT_FIELD, field="类型", input="kind", what="诉求类型"))
    for value, label, name in ((intake.subject, "事由", "subject"), (intake.content, "内容", "content"),
                               (intake.complainant, "诉求人", "complainant")):
        if not value.strip():
            problems.append(Problem.of(ComplianceError.COMPLAINT_FIELD, field=label, input=name, what=label))
    employer_id = None
    if intake.employer_no.strip():
        emp = employer_by_no(conn, intake.employer_no.strip())
        if emp is None:
            problems.append(Problem.of(ComplianceError.EMPLOYER_NOT_FOUND, field="被投诉单位", input="employer_no",
                                       no=intake.employer_no))
        else:
            employer_id = emp.id
    if problems:
        raise ValidationFailed(problems, summary="投诉信息有误")
    deadline = load_calendar(conn).deadline(as_of, int(policy_at(conn, as_of)["compliance.complaint_workdays"]))
    now = uow.now()
    cid = conn.execute(insert(complaint).values(
        no=_no(conn, "TS", as_of.year), channel=intake.channel, kind=intake.kind, subject=intake.subject.strip()[:200],
        content=intake.content.strip(), complainant=intake.complainant.strip()[:50], phone=intake.phone.strip()[:20],
        employer_id=employer_id, received_on=as_of, deadline=deadline, status=ComplaintStatus.RECEIVED.value,
        created_by=actor.username, created_at=now, updated_at=now).returning(complaint.c.id)).scalar_one()
    COMPLAINT.open(uow, actor, COMPLAINT.lock(conn, cid), on=as_of, note=f"{Channel(intake.channel).label}受理",
                   audit_after={"channel": intake.channel, "kind": intake.kind, "deadline": deadline.isoformat()})
    return cid


def assign(uow: UnitOfWork, actor: Actor, *, complaint_id: int, to: str, as_of: date) -> None:
    if not to.strip():
        raise ValidationFailed([Problem.of(ComplianceError.COMPLAINT_FIELD, field="承办人", input="to", what="承办人")])
    COMPLAINT.take(uow, actor, complaint_id, "assign").move(on=as_of, note=f"转办{to}", assigned_to=to.strip()[:64])


def reply(uow: UnitOfWork, actor: Actor, *, complaint_id: int, text: str, as_of: date) -> None:
    COMPLAINT.take(uow, actor, complaint_id, "reply", reason=text).move(on=as_of, note=text[:500], reply=text,
                                                                       replied_on=as_of)


def follow_up(uow: UnitOfWork, actor: Actor, *, complaint_id: int, satisfaction: str, as_of: date) -> None:
    if satisfaction not in {s.value for s in Satisfaction}:
        raise ValidationFailed([Problem.of(ComplianceError.SATISFACTION_UNKNOWN, field="满意度",
                                           input="satisfaction")])
    COMPLAINT.take(uow, actor, complaint_id, "follow_up").move(
        on=as_of, note=f"回访：{Satisfaction(satisfaction).label}", satisfaction=satisfaction)


def get(conn: Connection, complaint_id: int):
    return conn.execute(select(complaint).where(complaint.c.id == complaint_id)).first()


def events(conn: Connection, complaint_id: int) -> list:
    return conn.execute(select(complaint_event).where(complaint_event.c.complaint_id == complaint_id)
                        .order_by(complaint_event.c.id)).all()


def listing(conn: Connection, *, status: str | None = None, limit: int = 200) -> list:
    q = select(complaint).order_by(complaint.c.deadline, complaint.c.id).limit(limit)
    if status:
        q = q.where(complaint.c.status == status)
    return conn.execute(q).all()


@dataclass(frozen=True)
class Rates:
    received: int
    handled: int  # replied (答复) or closed
    handled_on_time: int  # replied by the deadline
    satisfied: int
    followed_up: int


def rates(conn: Connection, *, start: date, end: date, kind: str | None = None) -> Rates:
    """投诉处理率 = handled ÷ received; 按期办结率 = handled by the deadline ÷ handled (received in the period)."""
    c = complaint.c
    where = [c.received_on >= start, c.received_on < end]
    if kind:
        where.append(c.kind == kind)
    handled = c.replied_on.is_not(None)
    row = conn.execute(select(
        func.count(), func.count().filter(handled), func.count().filter(and_(handled, c.replied_on <= c.deadline)),
        func.count().filter(c.satisfaction == Satisfaction.SATISFIED.value),
        func.count().filter(c.satisfaction.is_not(None))).where(*where)).one()
    return Rates(*(int(x) for x in row))
