"""The withdrawal application's maker-checker workflow, declared (``anju.workflow``): states, steps, who may take
each, and what the member's page and the audit trail record.

submitted ─review─▶ reviewed ─approve (1, or 2 above the threshold)─▶ approved ─send─▶ sent ─paid─▶ paid
approved ─income / loan─▶ paid        approved ─agree─▶ agreed ─stop─▶ stopped      sent ─failed─▶ failed ─resend─▶ approved
submitted, reviewed ─reject─▶ rejected      submitted, reviewed, approved, failed ─cancel─▶ cancelled
any state but sent, rejected, cancelled, stopped, fraud ─fraud─▶ fraud
"""

from __future__ import annotations

from anju.withdrawal.codes import Status as S
from anju.withdrawal.permissions import P
from anju.withdrawal.tables import withdrawal, withdrawal_event
from anju.workflow import Approval, Events, Flow, Step

FLOW = Flow(
    noun="提取申请", table=withdrawal, states=S, entity="withdrawal", audit_prefix="withdrawal.",
    events=Events(withdrawal_event, "withdrawal_id"),
    approval=Approval(kind="withdrawal", threshold_key="approval.withdrawal_second_above"),
    deadline_key="approval.withdrawal_decision_workdays", initial=S.SUBMITTED,
    steps=[
        # by people
        Step("review", "复核", S.SUBMITTED, to=S.REVIEWED, permission=P.REVIEW, checker=True),
        Step("approve", "审批", S.REVIEWED, to=S.APPROVED, permission=P.APPROVE, checker=True,
             not_by={"reviewed_by": "复核人审批自己复核的提取申请"}, decides="approve",
             partial_note="已同意（{approvals}/{needed}），金额超过审批限额，须另一名审批人审批"),
        Step("reject", "驳回", S.SUBMITTED, S.REVIEWED, to=S.REJECTED, checker=True, decides="reject",
             permission=lambda row: P.REVIEW if row.status == S.SUBMITTED else P.APPROVE,
             reason="驳回须填写理由（申请人可见）"),
        Step("cancel", "撤销", S.SUBMITTED, S.REVIEWED, S.APPROVED, S.FAILED, to=S.CANCELLED, permission=P.APPLY,
             scoped=True, reason="请填写撤销原因", decides="close", close_note="申请人撤销：{reason}"),
        Step("resend", "重新支付", S.FAILED, to=S.APPROVED, permission=P.RESEND),
        Step("offset", "按月对冲", S.AGREED, permission=P.OFFSET),
        Step("stop", "终止对冲", S.AGREED, to=S.STOPPED, permission=P.APPLY, scoped=True),
        Step("fraud", "认定骗提", S.SUBMITTED, S.REVIEWED, S.APPROVED, S.FAILED, S.PAID, S.AGREED, to=S.FRAUD,
             permission=P.FRAUD, refusals={S.SENT: "{noun}{no}已发送银行支付，请待银行结果后再认定"},
             decides="stop", close_note="认定骗提：{reason}"),
        # by the system, inside the use cases above and the payment files
        Step("agree", "生效对冲协议", S.APPROVED, to=S.AGREED),
        Step("income", "纳入增值收益", S.APPROVED, to=S.PAID),
        Step("loan", "冲还贷款", S.APPROVED, to=S.PAID),
        Step("send", "发送银行支付", S.APPROVED, to=S.SENT),
        Step("paid", "确认支付", S.SENT, to=S.PAID),
        Step("failed", "登记支付失败", S.SENT, to=S.FAILED),
    ])
