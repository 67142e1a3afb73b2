"""The loan application queues on a staff member's home page, stage by stage (a member's loan at a glance is the
loan area's ``worklist``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, case, func, select

from anju.auth.actor import Actor, Role, can
from anju.core.worklist import WorkItem, soon_limit
from anju.loanapp.codes import UNDECIDED, Status
from anju.loanapp.permissions import P
from anju.loanapp.tables import loan_application

A = loan_application.c
QUEUES = [  # (permission, status, label, queue)
    (P.REVIEW, Status.SUBMITTED, "贷款初审", "/loan/queue?stage=review"),
    (P.APPROVE, Status.REVIEWED, "贷款审批", "/loan/queue?stage=approve"),
    (P.CONTRACT, Status.APPROVED, "贷款合同签订", "/loan/queue?stage=contract"),
    (P.SECURITY, Status.CONTRACTED, "贷款担保落实", "/loan/queue?stage=security"),
    (P.INSTRUCT, Status.SECURED, "贷款放款通知", "/loan/queue?stage=disburse"),
    (P.DISBURSE, Status.INSTRUCTED, "贷款放款确认", "/loan/queue?stage=disburse"),
]


def items(conn: Connection, actor: Actor, *, as_of: date, calendar) -> list[WorkItem]:
    if actor.has(Role.MEMBER) and actor.person_id is not None:
        return []
    # 放款确认 is finance's step; the loan officer (who also may disburse) sees 放款通知
    mine = [q for q in QUEUES if can(actor, q[0])
            and not (q[1] is Status.INSTRUCTED and actor.has(Role.LOAN_OFFICER) and not actor.has(Role.FINANCE))]
    if not mine:
        return []
    soon = soon_limit(calendar, as_of)
    counts = {r.status: r for r in conn.execute(
        select(A.status, func.count().label("n"), func.min(A.accepted_on).label("oldest"),
               func.sum(case((A.deadline < as_of, 1), else_=0)).label("late"),
               func.sum(case(((A.deadline >= as_of) & (A.deadline <= soon), 1), else_=0)).label("soon"))
        .where(A.status.in_([q[1].value for q in mine])).group_by(A.status))}
    out = []
    for order, (_perm, status, label, href) in enumerate(mine):
        r = counts.get(status.value)
        timed = status in UNDECIDED  # the statutory limit runs until the decision
        out.append(WorkItem(label, href, r.n if r else 0, due_soon=int(r.soon or 0) if r and timed else 0,
                            overdue=int(r.late or 0) if r and timed else 0, oldest=r.oldest if r else None,
                            order=20 + order))
    return out

