"""外部转出: the member moves to another city's centre; interest is settled to the day, then the balance leaves."""

from __future__ import annotations

from datetime import date

from anju.auth import audit
from anju.auth.actor import Actor, Role, grant, require
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.core.money import format_yuan
from anju.db.uow import UnitOfWork
from anju.interest.service import settle_to_day
from anju.ledger import service as ledger
from anju.ledger.chart import bank_subaccount
from anju.ledger.rules import Line, Posting
from anju.registry import reservations
from anju.registry.codes import AccountStatus, TxnType
from anju.registry.movements import close_account, move
from anju.registry.service import add_event, get_account
from anju.transfer.errors import TransferError

TRANSFER_OUT = "transfer.out"
grant(TRANSFER_OUT, Role.CLERK)


def transfer_out(uow: UnitOfWork, actor: Actor, *, account_id: int, day: date, to_centre: str, letter_no: str,
                 bank_code: str) -> int:
    """Settle interest to ``day``, pay the whole balance to the receiving centre, close the account (04)."""
    require(actor, TRANSFER_OUT)
    conn = uow.conn
    acct = get_account(conn, account_id, lock=True)
    problems = []
    if not to_centre.strip():
        problems.append(Problem.of(TransferError.CENTRE_REQUIRED, field="转入中心"))
    if not letter_no.strip():
        problems.append(Problem.of(TransferError.LETTER_NO_REQUIRED, field="联系函编号"))
    if problems:
        raise ValidationFailed(problems, summary="转出信息有误")
    if AccountStatus(acct.status).closed:
        raise AnjuError(TransferError.ACCOUNT_CLOSED)
    if acct.frozen:
        raise AnjuError(TransferError.ACCOUNT_FROZEN)
    if acct.status == AccountStatus.NORMAL.value and acct.employer_id is not None:
        raise AnjuError(TransferError.ACCOUNT_ACTIVE)
    pending = reservations.held(conn, account_id)
    if pending.count:
        raise AnjuError(TransferError.WITHDRAWALS_PENDING, count=pending.count,
                        amount=format_yuan(pending.amount))
    settled = settle_to_day(uow, actor, account_id=account_id, day=day, reason="转出")
    acct = get_account(conn, account_id, lock=True)
    amount = acct.balance
    voucher_id = None
    if amount:
        voucher_id = ledger.post(uow, actor, Posting(
            key=f"transfer:out:{account_id}:{letter_no.strip()}", voucher_date=day, kind="transfer.out",
            summary=f"异地转出 {acct.account_no} 转入{to_centre}", ref_type="account", ref_id=str(account_id),
            lines=[Line.dr("201", amount, summary="职工住房公积金转出", subledger="member", subledger_ref=acct.account_no),
                   Line.cr(bank_subaccount("101", bank_code), amount, summary=f"划转{to_centre}")]),
            check_permission=False).id
        move(uow, account_id=account_id, amount=-amount, day=day, type_=TxnType.TRANSFER_OUT, voucher_id=voucher_id,
             ref_type="account", ref_id=account_id, note=f"转出至{to_centre}（联系函{letter_no}）")
    else:  # nothing to pay over, but the transfer and the closing are still business of the member's account
        add_event(uow, acct, type_=TxnType.TRANSFER_OUT, on=day, note=f"转出至{to_centre}（联系函{letter_no}），余额为零")
    close_account(uow, account_id=account_id, status=AccountStatus.CLOSED_TRANSFERRED_OUT, day=day)
    audit.record(uow, actor, action="transfer.out", entity_type="account", entity_id=account_id,
                 after={"to_centre": to_centre, "letter_no": letter_no, "amount": amount, "interest": settled.interest})
    return amount
