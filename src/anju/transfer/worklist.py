"""The transfer queues on a staff member's home page, with their deadlines on the working-day calendar: letters
received to review (经办) and to approve (审批), money to credit; and drafts members started online."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, case, func, select

from anju.auth.actor import Actor, can, is_staff
from anju.core.worklist import WorkItem, soon_limit
from anju.transfer.codes import InStatus, OutStatus
from anju.transfer.flow import DRAFT
from anju.transfer.permissions import P
from anju.transfer.tables import transfer_in, transfer_out

QUEUES = [  # (permission, table, status, label, deadline column or None)
    (P.OUT_REVIEW, transfer_out, OutStatus.RECEIVED.value, "异地转出待审核", transfer_out.c.deadline),
    (P.OUT_APPROVE, transfer_out, OutStatus.REVIEWED.value, "异地转出待审批", transfer_out.c.deadline),
    (P.CREDIT, transfer_in, InStatus.PAID.value, "异地转入待入账", transfer_in.c.deadline),
    (P.LETTER, transfer_in, DRAFT, "网上异地转入申请待受理", None),
]


def items(conn: Connection, actor: Actor, *, as_of: date, calendar) -> list[WorkItem]:
    if not is_staff(actor):
        return []
    soon = soon_limit(calendar, as_of)
    out = []
    for order, (perm, table, status, label, deadline) in enumerate(QUEUES):
        if not can(actor, perm):
            continue
        cols = [func.count()]
        if deadline is not None:
            cols += [func.sum(case((deadline < as_of, 1), else_=0)),
                     func.sum(case(((deadline >= as_of) & (deadline <= soon), 1), else_=0))]
        row = conn.execute(select(*cols).select_from(table).where(table.c.status == status)).one()
        if not row[0]:
            continue
        out.append(WorkItem(label, "/transfer", int(row[0]), overdue=int(row[1] or 0) if deadline is not None else 0,
                            due_soon=int(row[2] or 0) if deadline is not None else 0, order=60 + order))
    return out
