"""The loan application's maker-checker workflow, declared (``anju.workflow``): 受理 → 初审 → 审批 (a second approver
above ``approval.loan_second_above``) → 借款合同 → 担保 → 放款通知 → 放款; 驳回, 撤回 and 终止 with reasons.

submitted ─review─▶ reviewed ─approve─▶ approved ─contract─▶ contracted ─security_done─▶ secured ─instruct─▶ instructed
instructed ─disburse (not by the instructor)─▶ disbursed
submitted, reviewed ─reject─▶ rejected      submitted … secured ─withdraw─▶ withdrawn
approved … instructed ─terminate─▶ terminated
"""

from __future__ import annotations

from anju.loanapp.codes import Status as S
from anju.loanapp.permissions import P
from anju.loanapp.tables import loan_application, loan_application_event
from anju.workflow import Approval, Events, Flow, Step

FLOW = Flow(
    noun="贷款申请", table=loan_application, states=S, entity="loan_application", audit_prefix="loan.application.",
    events=Events(loan_application_event, "application_id"),
    approval=Approval(kind="loan", threshold_key="approval.loan_second_above"),
    deadline_key="approval.loan_decision_workdays", initial=S.SUBMITTED,
    steps=[
        Step("review", "初审", S.SUBMITTED, to=S.REVIEWED, permission=P.REVIEW, checker=True),
        Step("approve", "审批", S.REVIEWED, to=S.APPROVED, permission=P.APPROVE, checker=True,
             not_by={"reviewed_by": "初审人审批自己初审的贷款申请"}, decides="approve",
             partial_note="已同意（{approvals}/{needed}），贷款金额超过审批限额，须另一名审批人审批"),
        Step("reject", "驳回", S.SUBMITTED, S.REVIEWED, to=S.REJECTED, checker=True, decides="reject",
             permission=lambda row: P.REVIEW if row.status == S.SUBMITTED else P.APPROVE,
             reason="驳回须填写理由（申请人可见）"),
        Step("withdraw", "撤回", S.SUBMITTED, S.REVIEWED, S.APPROVED, S.CONTRACTED, S.SECURED, to=S.WITHDRAWN,
             permission=P.APPLY, reason="撤回须填写理由（申请人可见）", decides="close",
             close_note="申请人撤回：{reason}"),
        Step("terminate", "终止", S.APPROVED, S.CONTRACTED, S.SECURED, S.INSTRUCTED, to=S.TERMINATED,
             permission=P.TERMINATE, reason="终止须填写理由（申请人可见）"),
        Step("contract", "签订合同", S.APPROVED, to=S.CONTRACTED, permission=P.CONTRACT),
        Step("security", "登记担保", S.CONTRACTED, permission=P.SECURITY),
        Step("security_done", "登记担保", S.CONTRACTED, to=S.SECURED),
        Step("instruct", "通知放款", S.SECURED, to=S.INSTRUCTED, permission=P.INSTRUCT),
        Step("disburse", "放款", S.INSTRUCTED, to=S.DISBURSED, permission=P.DISBURSE, checker_of="instruct"),
    ])
