"""The write-off's maker-checker workflow, declared (``anju.workflow``): a 核销 request for a loss-class loan is
approved by someone other than the requester, by two different approvers above ``approval.loan_second_above``.

requested ─approve (the last approval posts the write-off)─▶ done        requested ─reject─▶ rejected

The request's trail is the audit log (``loan.write_off.apply|approve|reject`` and the approval request's own
records); the loan's write-off itself is audited on the loan (``loan.write_off``) as before.
"""

from __future__ import annotations

from anju.loan.codes import WriteOffStatus as S
from anju.loan.permissions import P
from anju.loan.tables import loan_write_off
from anju.workflow import Approval, Flow, Step

WRITE_OFF = Flow(
    noun="核销申请", table=loan_write_off, states=S, entity="loan_write_off", audit_prefix="loan.write_off.",
    approval=Approval(kind="loan_write_off", threshold_key="approval.loan_second_above"),
    maker="requested_by", number=None, touch=None, initial=S.REQUESTED,
    steps=[
        Step("approve", "审批", S.REQUESTED, to=S.DONE, permission=P.WRITE_OFF_APPROVE, decides="approve"),
        Step("reject", "驳回", S.REQUESTED, to=S.REJECTED, permission=P.WRITE_OFF_APPROVE, decides="reject"),
    ])
