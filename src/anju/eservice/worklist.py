"""The digital services' queue on a staff member's home page: 差评整改 items still open, with their deadlines."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, func, select

from anju.auth.actor import Actor, can, is_staff
from anju.core.worklist import WorkItem, soon_limit
from anju.eservice.codes import FollowupStatus
from anju.eservice.permissions import P
from anju.eservice.tables import followup


def items(conn: Connection, actor: Actor, *, as_of: date, calendar) -> list[WorkItem]:
    if not is_staff(actor) or not can(actor, P.FOLLOWUP):
        return []
    f = followup.c
    n, soon, late, oldest = conn.execute(select(
        func.count(), func.count().filter(f.due_on >= as_of, f.due_on <= soon_limit(calendar, as_of)),
        func.count().filter(f.due_on < as_of), func.min(f.opened_on)).where(f.status == FollowupStatus.OPEN.value)).one()
    return [WorkItem("差评整改", "/eservice/evaluations?open=1", int(n), due_soon=int(soon or 0), overdue=int(late or 0),
                     oldest=oldest, order=90)]
