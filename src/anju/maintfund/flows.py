"""The maintenance fund's maker-checker workflows, declared (``anju.workflow``).

project (维修项目, 一般):
  applied ─plan─▶ planned ─publicize─▶ public ─open_vote (公示满期)─▶ voting ─close_vote─▶ voted | vote_failed
  voted ─review (复核, not the maker)─▶ approved ─pay (stage)─▶ paying ─pay─▶ paying ─accept─▶ accepted
  accepted ─settle (决算, final split)─▶ settled ─publish─▶ published;  settled, published ─release (质保金)─ (stays)
project (应急): applied ─plan─▶ planned ─review (with the documents the policy names, no vote)─▶ approved …
  applied, planned, public, voting, vote_failed ─cancel─▶ cancelled
change (过户, 灭失退还): applied ─approve (not the maker)─▶ approved;  applied ─reject─▶ rejected
"""

from __future__ import annotations

from anju.maintfund.codes import ChangeStatus as C
from anju.maintfund.codes import ProjectStatus as S
from anju.maintfund.permissions import P
from anju.maintfund.tables import mf_change, mf_change_event, mf_project, mf_project_event
from anju.workflow import Events, Flow, Step

PROJECT = Flow(
    noun="维修项目", table=mf_project, states=S, entity="mf_project", audit_prefix="maintfund.project.",
    events=Events(mf_project_event, "project_id"), initial=S.APPLIED,
    steps=[
        Step("plan", "确定方案", S.APPLIED, S.PLANNED, to=S.PLANNED, permission=P.PROJECT),
        Step("publicize", "公示", S.PLANNED, to=S.PUBLICIZING, permission=P.PROJECT),
        Step("open_vote", "组织表决", S.PUBLICIZING, to=S.VOTING, permission=P.PROJECT),
        Step("close_vote", "统计表决结果", S.VOTING, permission=P.PROJECT),
        Step("review", "审核", S.VOTED, S.PLANNED, to=S.APPROVED, permission=P.REVIEW, checker=True),
        Step("pay", "拨付", S.APPROVED, S.PAYING, to=S.PAYING, permission=P.PAY),
        Step("accept", "验收", S.PAYING, to=S.ACCEPTED, permission=P.PROJECT),
        Step("settle", "决算分摊", S.ACCEPTED, to=S.SETTLED, permission=P.PAY),
        Step("publish", "公示结果", S.SETTLED, to=S.PUBLISHED, permission=P.PROJECT),
        Step("release", "支付质量保证金", S.SETTLED, S.PUBLISHED, permission=P.PAY),
        Step("cancel", "撤销", S.APPLIED, S.PLANNED, S.PUBLICIZING, S.VOTING, S.VOTE_FAILED, to=S.CANCELLED,
             permission=P.PROJECT, reason="请填写撤销原因"),
    ])

CHANGE = Flow(
    noun="分户账变更申请", table=mf_change, states=C, entity="mf_change", audit_prefix="maintfund.change.",
    events=Events(mf_change_event, "change_id"), initial=C.APPLIED,
    steps=[
        Step("approve", "审核", C.APPLIED, to=C.APPROVED, permission=P.REVIEW, checker=True),
        Step("reject", "驳回", C.APPLIED, to=C.REJECTED, permission=P.REVIEW, checker=True, reason="驳回须填写理由"),
    ])
