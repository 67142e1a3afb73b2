"""Service evaluation (好差评): after a business at the counter or online, the person rates it (1–5 and reasons);
a bad rating (at most ``evaluation.bad_score_max``) opens a follow-up (差评整改) due in ``evaluation.followup_days``
working days; 满意度 indicators read the ratings.

What is rated is a business act of the audit trail (``auth.queries.business_acts``): its sequence number is the
rating's reference, its action gives the kind of business (``business_of``) and its channel where it was done.
A member rates their own acts (online ones carry their user name); at the counter the clerk records the rating
the person gives on the evaluation pad, for an act of that clerk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, select, update

from anju.auth import audit
from anju.auth import queries as auth_queries
from anju.auth.actor import CHANNEL_LABELS, Actor, Channel, Role, require
from anju.core import clock as clocks
from anju.core.errors import AnjuError, Conflict, NotFound, Problem, ValidationFailed
from anju.db.locks import insert_on_conflict
from anju.db.uow import UnitOfWork
from anju.eservice.codes import REASONS, Business, FollowupStatus
from anju.eservice.errors import EserviceError
from anju.eservice.permissions import P
from anju.eservice.tables import evaluation, followup
from anju.policy.store import policy_at
from anju.workcal.service import load_calendar

# The kind of business of an audit action, by prefix (the first that matches).
KIND_PREFIXES: tuple[tuple[str, Business], ...] = (
    ("registry.", Business.ACCOUNT), ("deposit.", Business.DEPOSIT), ("withdrawal.", Business.WITHDRAWAL),
    ("loan.", Business.LOAN), ("transfer.", Business.TRANSFER), ("eservice.cert.", Business.CERTIFICATE),
)


def business_of(action: str) -> Business | None:
    return next((kind for prefix, kind in KIND_PREFIXES if action.startswith(prefix)), None)


def act(conn: Connection, seq: int):
    a = auth_queries.business_acts()
    return conn.execute(select(a).where(a.c.seq == seq)).first()


def rate(uow: UnitOfWork, actor: Actor, *, ref: int, score: int, reasons: list[str], comment: str = "",
         person_id: int | None = None, as_of: date) -> int:
    """Record a rating of the business act ``ref`` (audit sequence number); returns the evaluation's id."""
    require(actor, P.RATE)
    conn = uow.conn
    row = act(conn, ref)
    if row is None:
        raise NotFound(EserviceError.ACT_NOT_FOUND, ref=ref)
    if row.username != actor.username:  # a member rates their own online act; a clerk records for their own
        raise AnjuError(EserviceError.NOT_YOURS)
    problems = []
    if not isinstance(score, int) or not 1 <= score <= 5:
        problems.append(Problem.of(EserviceError.SCORE_RANGE, field="评分", input="score"))
    for r in reasons:
        if r not in REASONS:
            problems.append(Problem.of(EserviceError.REASON_UNKNOWN, field="评价原因", input="reasons", value=r))
    if problems:
        raise ValidationFailed(problems, summary="评价未保存")
    kind = business_of(row.action) or Business.ACCOUNT
    pid = actor.person_id if Role.MEMBER in actor.roles else person_id
    values = {"business": kind.value, "ref": str(ref), "person_id": pid, "channel": row.channel, "score": score,
              "reasons": ",".join(dict.fromkeys(reasons)), "comment": (comment or "").strip()[:500],
              "rated_on": as_of, "created_at": uow.now(), "created_by": actor.username}
    eid = conn.execute(insert_on_conflict(conn, evaluation).values(**values).on_conflict_do_nothing(
        index_elements=["business", "ref"]).returning(evaluation.c.id)).scalar()
    if eid is None:
        raise Conflict(EserviceError.ALREADY_RATED)
    policy = policy_at(conn, as_of)
    bad = score <= int(policy.get("evaluation.bad_score_max"))
    if bad:
        due = load_calendar(conn).add_workdays(as_of, int(policy.get("evaluation.followup_days")))
        conn.execute(followup.insert().values(evaluation_id=eid, status=FollowupStatus.OPEN.value, due_on=due,
                                              opened_on=as_of))
    audit.record(uow, actor, action="eservice.rate", entity_type="evaluation", entity_id=eid,
                 after={"business": kind.value, "ref": ref, "score": score, "reasons": values["reasons"],
                        "followup": bad})
    return eid


def close_followup(uow: UnitOfWork, actor: Actor, *, followup_id: int, resolution: str, as_of: date) -> None:
    """差评整改 done: what was done about it, by whom."""
    require(actor, P.FOLLOWUP)
    if not resolution.strip():
        raise AnjuError(EserviceError.RESOLUTION_REQUIRED)
    row = uow.conn.execute(select(followup).where(followup.c.id == followup_id)).first()
    if row is None:
        raise NotFound(EserviceError.FOLLOWUP_NOT_FOUND, id=followup_id)
    done = uow.conn.execute(update(followup).where(followup.c.id == followup_id,
                                                   followup.c.status == FollowupStatus.OPEN.value)
                            .values(status=FollowupStatus.DONE.value, closed_on=as_of, closed_by=actor.username,
                                    resolution=resolution.strip()[:500])).rowcount
    if done != 1:
        raise Conflict(EserviceError.FOLLOWUP_CLOSED, id=followup_id)
    audit.record(uow, actor, action="eservice.followup.close", entity_type="evaluation_followup",
                 entity_id=followup_id, before={"status": "open"},
                 after={"status": "done", "resolution": resolution.strip()[:500]})


@dataclass(frozen=True)
class Row:
    id: int
    business: str
    business_label: str
    ref: str
    score: int
    reasons: str
    reasons_text: str
    comment: str
    channel: str
    channel_label: str
    rated_on: date
    followup_id: int | None
    followup_status: str | None
    due_on: date | None
    followup_text: str


def recent(conn: Connection, *, open_only: bool = False, limit: int = 100, as_of: date | None = None) -> list[Row]:
    q = (select(evaluation, followup.c.id.label("fid"), followup.c.status.label("fstatus"), followup.c.due_on)
         .select_from(evaluation.outerjoin(followup, followup.c.evaluation_id == evaluation.c.id))
         .order_by(evaluation.c.id.desc()).limit(limit))
    if open_only:
        q = q.where(followup.c.status == FollowupStatus.OPEN.value)
    out = []
    today = as_of or clocks.today()
    for r in conn.execute(q).all():
        if r.fid is None:
            text = ""
        elif r.fstatus == FollowupStatus.DONE.value:
            text = "已整改"
        else:
            text = f"整改中，期限{r.due_on:%Y-%m-%d}" + ("（已逾期）" if r.due_on < today else "")
        out.append(Row(r.id, r.business, Business(r.business).label, r.ref, r.score, r.reasons,
                       "、".join(REASONS.get(x, x) for x in r.reasons.split(",") if x), r.comment, r.channel,
                       CHANNEL_LABELS.get(Channel(r.channel), r.channel) if r.channel in tuple(Channel) else r.channel,
                       r.rated_on, r.fid, r.fstatus, r.due_on, text))
    return out


def to_rate(conn: Connection, actor: Actor, *, as_of: date, days: int = 30, limit: int = 20) -> list:
    """The actor's own business acts of the last ``days`` days not yet rated (what the member's page offers)."""
    a = auth_queries.business_acts()
    rows = conn.execute(select(a).where(a.c.username == actor.username,
                                        a.c.at >= clocks.day_start(as_of - timedelta(days=days)),
                                        a.c.at < clocks.day_start(as_of + timedelta(days=1)))
                        .order_by(a.c.seq.desc()).limit(limit * 3)).all()
    done = {r for (r,) in conn.execute(select(evaluation.c.ref).where(
        evaluation.c.ref.in_([str(x.seq) for x in rows]))).all()}
    return [r for r in rows if str(r.seq) not in done and business_of(r.action)][:limit]
