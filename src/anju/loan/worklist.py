"""A member's loan at a glance on the home page (the application queues are origination's, ``anju.loanapp``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection

from anju.auth.actor import Actor, Role
from anju.core.money import format_yuan
from anju.core.worklist import WorkItem
from anju.loan import queries


def items(conn: Connection, actor: Actor, *, as_of: date, calendar) -> list[WorkItem]:
    if actor.has(Role.MEMBER) and actor.person_id is not None:
        return _member(conn, actor.person_id, as_of)
    return []


def _member(conn: Connection, person_id: int, as_of: date) -> list[WorkItem]:
    out = []
    for loan in queries.loans_of(conn, person_id):
        if loan.status not in ("01", "02"):
            continue
        v = queries.view(conn, loan.loan_no, as_of)
        text = f"余额{format_yuan(v.balance)}元"
        if v.next_due is not None:
            text += f"，下次还款{v.next_due.due_date:%Y年%m月%d日} {format_yuan(v.next_due.principal + v.next_due.interest)}元"
        if v.overdue_days:
            text += f"，已逾期{v.overdue_days}天"
        out.append(WorkItem(f"贷款 {loan.loan_no}", "/loan/mine", value=text, order=30))
    return out
