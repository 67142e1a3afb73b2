"""Maker-checker of the bank register (``anju.workflow``): one finance officer asks to open or close a 专户, or to
sign or end an entrustment agreement; another person approves it, and only then is ``anju.bank.service`` called.

change:  submitted ─approve (the account / agreement written)─▶ approved      submitted ─reject─▶ rejected
"""

from __future__ import annotations

from anju.settle.bank_tables import bank_change, bank_change_event
from anju.settle.codes import ChangeStatus as S
from anju.settle.errors import SettleError
from anju.settle.permissions import PB
from anju.workflow import Events, Flow, Step

CHANGE = Flow(
    noun="专户与协议申请", table=bank_change, states=S, entity="bank_change", audit_prefix="settle.bank.",
    events=Events(bank_change_event, "change_id"), initial=S.SUBMITTED,
    steps=[
        Step("approve", "审批", S.SUBMITTED, to=S.APPROVED, permission=PB.BANK_APPROVE, checker=True),
        Step("reject", "驳回", S.SUBMITTED, to=S.REJECTED, permission=PB.BANK_APPROVE, checker=True,
             reason=SettleError.REASON_REQUIRED),
    ])
