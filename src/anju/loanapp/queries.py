"""What other areas read of loan origination (issue 18: no area reads another's tables)."""

from __future__ import annotations

from sqlalchemy import select

from anju.loanapp.codes import Status
from anju.loanapp.tables import loan_application, loan_application_event


def decision_events():
    """Approvals and rejections of loan applications (审批结果), as the notifications (anju.eservice) read them: a
    subquery (id, no, person_id, amount, to_status, on_day) of the application's events."""
    e, a = loan_application_event.c, loan_application.c
    return (select(e.id, a.no, a.person_id, a.amount, e.to_status, e.on_day)
            .select_from(loan_application_event.join(loan_application, a.id == e.application_id))
            .where(e.to_status.in_((Status.APPROVED.value, Status.REJECTED.value)))
            .subquery("loan_application_decisions"))
