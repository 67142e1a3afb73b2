"""Maker-checker of the treasury, declared (``anju.workflow``).

investment:  submitted ─approve (1, or 2 above approval.treasury_second_above; posts the placement)─▶ placed
             submitted ─reject─▶ rejected
             placed ─mature─▶ matured      placed ─renew─▶ renewed (the new deposit is placed at once: the rollover
             was approved with the placement)      placed ─withdraw (提前支取)─▶ withdrawn
transfer:    submitted ─approve (posts Dr 101-B / Cr 101-A)─▶ done      submitted ─reject─▶ rejected
"""

from __future__ import annotations

from anju.treasury.codes import Status as S
from anju.treasury.codes import TransferStatus as T
from anju.treasury.permissions import P
from anju.treasury.tables import fund_transfer, investment, investment_event
from anju.workflow import Approval, Events, Flow, Step

FLOW = Flow(
    noun="资金存放", table=investment, states=S, entity="investment", audit_prefix="treasury.investment.",
    events=Events(investment_event, "investment_id"),
    approval=Approval(kind="investment", threshold_key="approval.treasury_second_above"), initial=S.SUBMITTED,
    steps=[
        Step("approve", "审批", S.SUBMITTED, to=S.PLACED, permission=P.APPROVE, checker=True, decides="approve",
             partial_note="已同意（{approvals}/{needed}），金额超过审批限额，须另一名审批人审批"),
        Step("reject", "驳回", S.SUBMITTED, to=S.REJECTED, permission=P.APPROVE, checker=True, decides="reject",
             reason="驳回须填写理由"),
        Step("mature", "到期收回", S.PLACED, to=S.MATURED, permission=P.PLACE),
        Step("renew", "到期转存", S.PLACED, to=S.RENEWED, permission=P.PLACE),
        Step("withdraw", "提前支取", S.PLACED, to=S.WITHDRAWN, permission=P.PLACE),
    ])

TRANSFER = Flow(
    noun="资金调度", table=fund_transfer, states=T, entity="fund_transfer", audit_prefix="treasury.transfer.",
    approval=Approval(kind="fund_transfer", threshold_key="approval.treasury_second_above"), initial=T.SUBMITTED,
    steps=[
        Step("approve", "审批", T.SUBMITTED, to=T.DONE, permission=P.APPROVE, checker=True, decides="approve",
             partial_note="已同意（{approvals}/{needed}），金额超过审批限额，须另一名审批人审批"),
        Step("reject", "驳回", T.SUBMITTED, to=T.REJECTED, permission=P.APPROVE, checker=True, decides="reject",
             reason="驳回须填写理由"),
    ])
