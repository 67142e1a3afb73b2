"""The withdrawal queues on a staff member's home page: 提取复核, 提取审批 (with deadlines), 待付款, 付款失败."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, case, func, select

from anju.auth.actor import Actor, can
from anju.core.worklist import WorkItem, soon_limit
from anju.withdrawal.codes import Status
from anju.withdrawal.permissions import P
from anju.withdrawal.tables import withdrawal

W = withdrawal.c
QUEUES = [  # (permission, statuses, label, queue, the statutory deadline runs)
    (P.REVIEW, (Status.SUBMITTED,), "提取复核", "/withdrawal/queue?stage=review", True),
    (P.APPROVE, (Status.REVIEWED,), "提取审批", "/withdrawal/queue?stage=approve", True),
    (P.PAYOUT, (Status.APPROVED,), "提取待付款", "/withdrawal/payouts", False),
    (P.RESEND, (Status.FAILED,), "提取付款失败待处理", "/withdrawal/list?status=failed", False),
]


def items(conn: Connection, actor: Actor, *, as_of: date, calendar) -> list[WorkItem]:
    mine = [q for q in QUEUES if can(actor, q[0])]
    if not mine:
        return []
    soon = soon_limit(calendar, as_of)
    counts = {r.status: r for r in conn.execute(
        select(W.status, func.count().label("n"), func.min(W.accepted_on).label("oldest"),
               func.sum(case((W.deadline < as_of, 1), else_=0)).label("late"),
               func.sum(case(((W.deadline >= as_of) & (W.deadline <= soon), 1), else_=0)).label("soon"))
        .where(W.status.in_({s.value for q in mine for s in q[1]})).group_by(W.status))}
    out = []
    for order, (_perm, statuses, label, href, timed) in enumerate(mine):
        rows = [counts[s.value] for s in statuses if s.value in counts]
        n = sum(r.n for r in rows)
        out.append(WorkItem(label, href, n, due_soon=sum(int(r.soon or 0) for r in rows) if timed else 0,
                            overdue=sum(int(r.late or 0) for r in rows) if timed else 0,
                            oldest=min((r.oldest for r in rows), default=None), order=10 + order))
    return out
