"""The interface through which a withdrawal repays the member's own fund loan (偿还公积金贷款).

The withdrawal area owns eligibility, approval and the member's side; the loan area owns the loan. The
composition root (``anju.compose.wire``) registers the loan area's object (``anju.loan.port.PORT``) at
start-up, with three methods:

``find(conn, *, loan_ref, as_of) -> rules.FundLoan | None``
    The loan with this contract number (借款合同编号) as of a date: borrowers' person ids, principal
    outstanding, current instalment, what was repaid in the last twelve months, whether it is settled.
    Read-only; used for eligibility (one-off ≤ outstanding, yearly ≤ last twelve months' repayments,
    monthly offset = the instalment) and shown to the clerk.

``apply(uow, actor, repayment: LoanRepayment) -> int``
    Apply ``repayment.amount`` to the loan on ``repayment.day`` in the caller's transaction and return the id
    of the ONE voucher it posted under ``repayment.key`` (idempotent). The voucher must carry exactly one line
    ``Line.dr("201", amount, subledger="member", subledger_ref=repayment.account_no)`` — the member side —
    and whatever loan lines the loan area needs (Cr 121 principal, Cr 40103 interest …); the loan area writes
    its own loan rows (DKYWMXLX 05 公积金提取还款) against that voucher. The withdrawal area then writes the
    member row (type 11, reason 06) with ``registry.movements.move`` against the same voucher, so
    ``anju verify`` finds the 201 line equal to the member rows.

``reverse(uow, actor, repayment: LoanRepayment, *, voucher_id, day, reason) -> int``
    Undo an applied repayment (a withdrawal proven fraudulent): post the mirror of the loan lines and the
    201 line (Cr 201 member) and return that voucher's id; the withdrawal area writes the member row back.

Until a port is registered, ``port()`` answers ``NOT_CONNECTED``: ``find`` returns None, so fund-loan
withdrawals are refused with the reason shown ("贷款模块尚未接入"), and nothing is ever applied.

Monthly offset (按月对冲): an approved application is an agreement (status ``agreed``); the loan area's
monthly repayment run calls ``withdrawal.service.offset_instalment(uow, actor, agreement_id=…, amount=…,
day=…)`` for each agreement due, which takes what the account can give (up to the instalment), records it as
a withdrawal of its own and applies it through ``apply``; the loan area collects any rest by bank deduction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy import Connection

from anju.auth.actor import Actor
from anju.db.uow import UnitOfWork
from anju.withdrawal.errors import WithdrawalError
from anju.withdrawal.rules import FundLoan


@dataclass(frozen=True)
class LoanRepayment:
    withdrawal_id: int
    key: str  # idempotency key of the voucher: "withdrawal:loan:<withdrawal id>"
    person_id: int
    account_no: str  # the member account: subledger_ref of the 201 line
    loan_ref: str  # 借款合同编号
    mode: str  # once / yearly / monthly
    amount: int  # fen
    day: date
    summary: str


class LoanPort(Protocol):
    def find(self, conn: Connection, *, loan_ref: str, as_of: date) -> FundLoan | None: ...

    def apply(self, uow: UnitOfWork, actor: Actor, repayment: LoanRepayment) -> int: ...

    def reverse(self, uow: UnitOfWork, actor: Actor, repayment: LoanRepayment, *, voucher_id: int, day: date,
                reason: str) -> int: ...


class NotConnected:
    """The answer until the loan area registers its port."""

    connected = False

    def find(self, conn: Connection, *, loan_ref: str, as_of: date) -> FundLoan | None:
        return None

    def apply(self, uow: UnitOfWork, actor: Actor, repayment: LoanRepayment) -> int:
        from anju.core.errors import AnjuError

        raise AnjuError(WithdrawalError.LOAN_NOT_CONNECTED)

    def reverse(self, uow, actor, repayment, *, voucher_id, day, reason) -> int:
        return self.apply(uow, actor, repayment)


NOT_CONNECTED = NotConnected()
_registered: list[LoanPort] = []


def register(port: LoanPort) -> None:
    """The loan area plugs in (once, at start-up: ``anju.compose``). A later registration replaces the earlier
    one (tests)."""
    _registered[:] = [port]


def unregister() -> None:
    _registered.clear()


def port() -> LoanPort:
    return _registered[0] if _registered else NOT_CONNECTED
