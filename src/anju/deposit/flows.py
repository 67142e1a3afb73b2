"""Maker-checker workflows of the contribution area, declared (``anju.workflow``): refunds (退缴), deferrals or
ratio reductions (缓缴 / 降低比例), and the second blind confirmation of a payment above a threshold.

Refunds and deferrals are decided by one approver other than the applicant; neither opens an ``auth.approval``
request nor keeps an event table (the audit trail is their history).

refund:   applied ─approve (posts the reversal)─▶ posted        applied ─reject─▶ rejected
deferral: applied ─approved─▶ approved ─end (the daily job ``end_deferrals``, a system claim)─▶ ended
          applied ─rejected─▶ rejected

A payment receipt (到账确认) above ``deposit.confirm_second_above`` is entered blind twice, by two people: the
first entry records the receipt on the list and opens an ``auth.approval`` request (kind ``deposit_confirm``,
about the remittance; the list keeps no column for it: a list sent back is confirmed again with a new request);
while it waits the list stays 待缴款 and the request is what is pending. The second person confirms (the list
moves) or sends the entry back (the list stays, its receipt cleared). Below the threshold the first entry
confirms at once.

payment:  pending ─confirm_first (opens the request, or at once ─confirm─▶)
          pending + request ─confirm (the second person, blind)─▶ confirmed
          pending + request ─confirm_rejected─▶ pending (receipt cleared)
"""

from __future__ import annotations

from anju.deposit.codes import DeferralStatus, RefundStatus, RemittanceStatus
from anju.deposit.permissions import P
from anju.deposit.tables import deferral, refund, remittance
from anju.workflow import Approval, Flow, Step

REFUND = Flow(
    noun="退缴申请", table=refund, states=RefundStatus, entity="refund", audit_prefix="deposit.refund.",
    maker="applied_by", number=None, touch=None, initial=RefundStatus.APPLIED, wrong_state="该退缴申请已处理",
    steps=[
        Step("approve", "审批", RefundStatus.APPLIED, to=RefundStatus.POSTED, permission=P.REFUND_DECIDE,
             checker=True),
        Step("reject", "驳回", RefundStatus.APPLIED, to=RefundStatus.REJECTED, permission=P.REFUND_DECIDE,
             checker=True),
    ])

DEFERRAL = Flow(
    noun="缓缴申请", table=deferral, states=DeferralStatus, entity="deferral", audit_prefix="deposit.deferral.",
    maker="applied_by", number=None, touch=None, initial=DeferralStatus.APPLIED, wrong_state="该申请已处理",
    steps=[
        Step("approved", "审批", DeferralStatus.APPLIED, to=DeferralStatus.APPROVED, permission=P.DEFERRAL_DECIDE,
             checker=True),
        Step("rejected", "审批", DeferralStatus.APPLIED, to=DeferralStatus.REJECTED, permission=P.DEFERRAL_DECIDE,
             checker=True),
        # by the system: the daily job, past the last month
        Step("end", "到期终止", DeferralStatus.APPROVED, to=DeferralStatus.ENDED),
    ])

_NOT_WAITING = "清册{no}没有待复核的到账确认"

PAYMENT = Flow(
    noun="汇缴清册", table=remittance, states=RemittanceStatus, entity="remittance", audit_prefix="deposit.payment.",
    approval=Approval(kind="deposit_confirm", column=None), touch=None, opens="confirm_first",
    wrong_state="清册{no}状态为{status}，不能再{doing}",
    steps=[
        Step("confirm_first", "确认到账", RemittanceStatus.PENDING, permission=P.PAYMENT_CONFIRM),
        Step("confirm", "确认到账", RemittanceStatus.PENDING, to=RemittanceStatus.CONFIRMED,
             permission=P.PAYMENT_CONFIRM, decides="approve", awaiting=_NOT_WAITING,
             refusals={s: _NOT_WAITING for s in RemittanceStatus if s is not RemittanceStatus.PENDING}),
        Step("confirm_rejected", "退回到账确认", RemittanceStatus.PENDING, permission=P.PAYMENT_CONFIRM,
             decides="reject", awaiting=_NOT_WAITING,
             refusals={s: _NOT_WAITING for s in RemittanceStatus if s is not RemittanceStatus.PENDING}),
    ])
