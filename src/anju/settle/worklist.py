"""Finance's reconciliation queues on the home page: statement lines not matched (oldest first, by age) and manual
matches waiting for a second person."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, func, select

from anju.auth.actor import Actor, can, is_staff
from anju.core.worklist import WorkItem
from anju.settle.codes import MatchRequestStatus
from anju.settle.permissions import P
from anju.settle.tables import bank_match_request, bank_statement_line

# ---- settle: statements, matching, reconciliation


def items(conn: Connection, actor: Actor, *, as_of: date, calendar) -> list[WorkItem]:
    if not is_staff(actor):
        return []
    out = []
    s = bank_statement_line.c
    if can(actor, P.MATCH_REQUEST):
        n, oldest = conn.execute(select(func.count(), func.min(s.txn_date))
                                 .where(s.match_id.is_(None), s.txn_date <= as_of)).one()
        overdue = conn.execute(select(func.count()).where(s.match_id.is_(None), s.txn_date < as_of.fromordinal(
            as_of.toordinal() - 7))).scalar_one()
        out.append(WorkItem("银行对账未匹配", "/settle/unmatched", int(n), overdue=int(overdue), oldest=oldest, order=60))
    if can(actor, P.MATCH_APPROVE):
        r = bank_match_request.c
        n = conn.execute(select(func.count()).select_from(bank_match_request)
                         .where(r.status == MatchRequestStatus.SUBMITTED.value)).scalar_one()
        out.append(WorkItem("人工匹配待复核", "/settle/unmatched", int(n), order=61))
    return out
