"""The maker-checker workflows of transfers between centres, declared (``anju.workflow``).

Receiving centre (转入申请, ``transfer_in``):
  draft (a member's online start) ─send (经办)─▶ sent        sent ─accepted (message)─▶ accepted
  sent, accepted ─paid (转移信息 received)─▶ paid ─credit (another person than the letter's maker)─▶ credited
  sent, accepted ─refused (message)─▶ refused          draft, sent, accepted ─cancel (reason)─▶ cancelled

Sending centre (转出受理, ``transfer_out``):
  received ─review (经办: identity, account, business in progress)─▶ reviewed
  reviewed ─approve (审批, not the reviewer: interest to the day, payment, account closed)─▶ paid
  paid ─confirm (到账确认 received)─▶ done
  received, reviewed ─refuse (reason, sent back)─▶ refused     received, reviewed ─cancelled (message)─▶ cancelled

Merging two accounts of one person (``account_merge``): applied ─approve (another person)─▶ merged | ─reject─▶ rejected
"""

from __future__ import annotations

from anju.transfer.codes import InStatus as I
from anju.transfer.codes import MergeStatus as M
from anju.transfer.codes import OutStatus as O
from anju.transfer.permissions import P
from anju.transfer.tables import (
    account_merge,
    transfer_in,
    transfer_in_event,
    transfer_out,
    transfer_out_event,
)
from anju.workflow import Events, Flow, Step

DRAFT = "draft"
IN_STATES = {DRAFT: "待受理", **{s.value: s.label for s in I}}

IN_FLOW = Flow(
    noun="转入联系函", table=transfer_in, states=IN_STATES, entity="transfer_in", audit_prefix="transfer.in.",
    events=Events(transfer_in_event, "transfer_in_id"), deadline_key="transfer.in_workdays", opens="apply",
    steps=[
        Step("send", "发出联系函", DRAFT, to=I.SENT, permission=P.LETTER),
        Step("cancel", "撤销", DRAFT, I.SENT, I.ACCEPTED, to=I.CANCELLED, permission=P.LETTER,
             reason="撤销须填写原因"),
        Step("credit", "入账", I.PAID, to=I.CREDITED, permission=P.CREDIT, checker=True),
        # by the other centre's messages
        Step("accepted", "确认受理", I.SENT, to=I.ACCEPTED),
        Step("refused", "审核不通过", I.SENT, I.ACCEPTED, to=I.REFUSED),
        Step("paid", "登记转移信息", I.SENT, I.ACCEPTED, to=I.PAID),
    ])

OUT_FLOW = Flow(
    noun="转出联系函", table=transfer_out, states=O, entity="transfer_out", audit_prefix="transfer.send.",
    events=Events(transfer_out_event, "transfer_out_id"), deadline_key="transfer.out_workdays", opens="receive",
    steps=[
        Step("review", "审核", O.RECEIVED, to=O.REVIEWED, permission=P.OUT_REVIEW),
        Step("approve", "审批转出", O.REVIEWED, to=O.PAID, permission=P.OUT_APPROVE,
             not_by={"reviewed_by": "审核人审批自己审核的转出"}),
        Step("refuse", "审核不通过", O.RECEIVED, O.REVIEWED, to=O.REFUSED,
             permission=lambda row: P.OUT_REVIEW if row.status == O.RECEIVED else P.OUT_APPROVE,
             reason="审核不通过须填写原因（转入地可见）"),
        # by the other centre's messages
        Step("confirm", "确认到账", O.PAID, to=O.DONE),
        Step("cancelled", "转入地撤销", O.RECEIVED, O.REVIEWED, to=O.CANCELLED),
    ])

MERGE_FLOW = Flow(
    noun="账户合并申请", table=account_merge, states=M, entity="account_merge", audit_prefix="transfer.merge.",
    initial=M.APPLIED, touch="updated_at",
    steps=[
        Step("approve", "审批", M.APPLIED, to=M.MERGED, permission=P.MERGE_DECIDE, checker=True),
        Step("reject", "驳回", M.APPLIED, to=M.REJECTED, permission=P.MERGE_DECIDE, checker=True,
             reason="驳回须填写理由"),
    ])
