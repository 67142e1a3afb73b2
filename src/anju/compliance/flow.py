"""The compliance area's maker-checker flows (``anju.workflow``).

疑点 (audit_hit):   open ─核实无误─▶ verified        open ─排除─▶ excluded        open ─提出认定─▶ proposed
                   proposed ─认定 (an approver other than the proposer)─▶ fraud      proposed ─退回─▶ open
                   open ─分派─▶ open (assigned_to set)
投诉 (complaint):  received ─转办─▶ assigned ─答复─▶ replied ─回访─▶ closed;  received ─答复─▶ replied
睡眠户批次 (dormant_batch): applied ─审批 (not the maker)─▶ done;  applied ─驳回─▶ rejected
"""

from __future__ import annotations

from anju.compliance.codes import BatchStatus, ComplaintStatus, HitStatus
from anju.compliance.errors import ComplianceError
from anju.compliance.permissions import P
from anju.compliance.tables import (
    audit_hit,
    audit_hit_event,
    complaint,
    complaint_event,
    dormant_batch,
    dormant_event,
)
from anju.workflow import Events, Flow, Step

H = HitStatus

HIT = Flow(
    noun="疑点", table=audit_hit, states=HitStatus, entity="audit_hit", audit_prefix="compliance.hit.",
    events=Events(audit_hit_event, "hit_id"), number=None, owner="person_id", opens="found",
    steps=[
        Step("assign", "分派", H.OPEN, permission=P.CHECK),
        Step("verify", "核实无误", H.OPEN, to=H.VERIFIED, permission=P.CHECK, reason=ComplianceError.NOTE_REQUIRED),
        Step("exclude", "排除", H.OPEN, to=H.EXCLUDED, permission=P.CHECK, reason=ComplianceError.NOTE_REQUIRED),
        Step("propose", "提出认定", H.OPEN, to=H.PROPOSED, permission=P.CHECK, reason=ComplianceError.NOTE_REQUIRED),
        Step("confirm", "认定骗提骗贷", H.PROPOSED, to=H.FRAUD, permission=P.CONFIRM,
             not_by={"disposed_by": "提出认定的人员审批自己的认定"}),
        Step("send_back", "退回", H.PROPOSED, to=H.OPEN, permission=P.CONFIRM, reason=ComplianceError.NOTE_REQUIRED,
             not_by={"disposed_by": "提出认定的人员退回自己的认定"}),
    ])

C = ComplaintStatus

COMPLAINT = Flow(
    noun="投诉", table=complaint, states=ComplaintStatus, entity="complaint", audit_prefix="compliance.complaint.",
    events=Events(complaint_event, "complaint_id"), opens="receive",
    steps=[
        Step("assign", "转办", C.RECEIVED, C.ASSIGNED, to=C.ASSIGNED, permission=P.COMPLAINT),
        Step("reply", "答复", C.RECEIVED, C.ASSIGNED, to=C.REPLIED, permission=P.COMPLAINT,
             reason=ComplianceError.NOTE_REQUIRED),
        Step("follow_up", "回访", C.REPLIED, to=C.CLOSED, permission=P.COMPLAINT),
    ])

B = BatchStatus

DORMANT = Flow(
    noun="睡眠户处理批次", table=dormant_batch, states=BatchStatus, entity="dormant_batch",
    audit_prefix="compliance.dormant.", events=Events(dormant_event, "batch_id"),
    steps=[
        Step("approve", "审批", B.APPLIED, to=B.DONE, permission=P.DORMANT_DECIDE, checker=True),
        Step("reject", "驳回", B.APPLIED, to=B.REJECTED, permission=P.DORMANT_DECIDE, checker=True,
             reason=ComplianceError.NOTE_REQUIRED),
    ])
