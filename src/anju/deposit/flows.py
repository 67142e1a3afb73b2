"""Maker-checker workflows of the contribution area, declared (``anju.workflow``): refunds (退缴) and deferrals or
ratio reductions (缓缴 / 降低比例). Both are decided by one approver other than the applicant; neither opens an
``auth.approval`` request nor keeps an event table (the audit trail is their history).

refund:   applied ─approve (posts the reversal)─▶ posted        applied ─reject─▶ rejected
deferral: applied ─approved─▶ approved        applied ─rejected─▶ rejected
(an approved deferral whose last month has passed is ended by the daily job ``end_deferrals``, a batch claim)
"""

from __future__ import annotations

from anju.deposit.permissions import P
from anju.deposit.tables import deferral, refund
from anju.workflow import Flow, Step

REFUND_STATES = {"applied": "待审批", "posted": "已退缴", "rejected": "已驳回"}
DEFERRAL_STATES = {"applied": "待审批", "approved": "已批准", "rejected": "已驳回", "cancelled": "已撤回", "ended": "已到期"}

REFUND = Flow(
    noun="退缴申请", table=refund, states=REFUND_STATES, entity="refund", audit_prefix="deposit.refund.",
    maker="applied_by", number=None, touch=None, initial="applied", wrong_state="该退缴申请已处理",
    steps=[
        Step("approve", "审批", "applied", to="posted", permission=P.REFUND_DECIDE, checker=True),
        Step("reject", "驳回", "applied", to="rejected", permission=P.REFUND_DECIDE, checker=True),
    ])

DEFERRAL = Flow(
    noun="缓缴申请", table=deferral, states=DEFERRAL_STATES, entity="deferral", audit_prefix="deposit.deferral.",
    maker="applied_by", number=None, touch=None, initial="applied", wrong_state="该申请已处理",
    steps=[
        Step("approved", "审批", "applied", to="approved", permission=P.DEFERRAL_DECIDE, checker=True),
        Step("rejected", "审批", "applied", to="rejected", permission=P.DEFERRAL_DECIDE, checker=True),
    ])
