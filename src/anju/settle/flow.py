"""Maker-checker of manual matching (``anju.workflow``): one finance officer proposes a match (or the undoing of
one) with a reason, another checks it; the match is made or undone when it is approved.

request:  submitted ─approve (the match made / undone)─▶ approved        submitted ─reject─▶ rejected
"""

from __future__ import annotations

from anju.settle.codes import MatchRequestStatus as S
from anju.settle.errors import SettleError
from anju.settle.permissions import P
from anju.settle.tables import bank_match_event, bank_match_request
from anju.workflow import Events, Flow, Step

# ---- settle: statements, matching, reconciliation
MATCH = Flow(
    noun="人工匹配申请", table=bank_match_request, states=S, entity="bank_match_request", audit_prefix="settle.match.",
    events=Events(bank_match_event, "request_id"), number=None, initial=S.SUBMITTED,
    steps=[
        Step("approve", "复核", S.SUBMITTED, to=S.APPROVED, permission=P.MATCH_APPROVE, checker=True),
        Step("reject", "驳回", S.SUBMITTED, to=S.REJECTED, permission=P.MATCH_APPROVE, checker=True,
             reason=SettleError.REASON_REQUIRED),
    ])
