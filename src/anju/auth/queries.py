"""Read side of the auth area: the audit log searched by user, action, entity and time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select

from anju.auth.tables import approval_decision, approval_request, audit_log, users


@dataclass(frozen=True)
class AuditFilter:
    username: str | None = None
    action: str | None = None  # exact, or a prefix ending in "." (e.g. "auth.")
    entity_type: str | None = None
    entity_id: str | None = None
    start: datetime | None = None  # naive UTC, inclusive
    end: datetime | None = None  # naive UTC, exclusive

    def conditions(self) -> list:
        c = audit_log.c
        conds = []
        if self.username:
            conds.append(c.username == self.username)
        if self.action:
            conds.append(c.action.startswith(self.action) if self.action.endswith(".") else c.action == self.action)
        if self.entity_type:
            conds.append(c.entity_type == self.entity_type)
        if self.entity_id:
            conds.append(c.entity_id == self.entity_id)
        if self.start is not None:
            conds.append(c.at >= self.start)
        if self.end is not None:
            conds.append(c.at < self.end)
        return conds


def search_audit(conn: Connection, flt: AuditFilter, *, limit: int = 100, offset: int = 0):
    """Matching records, newest first, and how many match in all."""
    conds = flt.conditions()
    total = conn.execute(select(func.count()).select_from(audit_log).where(*conds)).scalar_one()
    rows = conn.execute(select(audit_log).where(*conds).order_by(audit_log.c.seq.desc())
                        .limit(limit).offset(offset)).all()
    return rows, total


def audit_actions(conn: Connection) -> list[str]:
    return list(conn.execute(select(audit_log.c.action).distinct().order_by(audit_log.c.action)).scalars())


def display_names(conn: Connection, usernames) -> dict[str, str]:
    """Login → the person's name (users.display_name) for the logins given; unknown logins are left out."""
    wanted = sorted({u for u in usernames if u})
    out: dict[str, str] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        for login, name in conn.execute(select(users.c.username, users.c.display_name)
                                        .where(users.c.username.in_(chunk))):
            out[login] = name
    return out


def audit_record(conn: Connection, seq: int):
    from anju.core.errors import ErrorCode, NotFound

    row = conn.execute(select(audit_log).where(audit_log.c.seq == seq)).first()
    if row is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="审计记录", key=seq)
    return row


def approval_progress():
    """Each approval request's progress for other areas' work queues: a subquery (request_id, approvals — the
    approving decisions so far, needed — approvals_needed) to outer-join on ``request_id``."""
    approvals = (select(approval_decision.c.request_id, func.count().label("n"))
                 .where(approval_decision.c.approve.is_(True)).group_by(approval_decision.c.request_id).subquery())
    r = approval_request.c
    return (select(r.id.label("request_id"), func.coalesce(approvals.c.n, 0).label("approvals"),
                   r.approvals_needed.label("needed"))
            .select_from(approval_request.outerjoin(approvals, approvals.c.request_id == r.id))
            .subquery("approval_progress"))


def business_acts():
    """Business acts of the audit trail (what a member or employer comes to do: the actions of
    ``auth.indicators.BUSINESS_PREFIXES``, not sign-ins, administration or batch jobs), for set-based reads of other
    areas (离柜率 by business kind, 好差评): a subquery (seq, at, username, channel, action, entity_type, entity_id)."""
    from sqlalchemy import or_

    from anju.auth.actor import Channel
    from anju.auth.indicators import BUSINESS_PREFIXES

    a = audit_log.c
    return (select(a.seq, a.at, a.username, a.channel, a.action, a.entity_type, a.entity_id)
            .where(a.channel != Channel.BATCH.value, or_(*[a.action.like(f"{p}%") for p in BUSINESS_PREFIXES]))
            .subquery("business_acts"))
