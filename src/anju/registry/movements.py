"""Money moving on ONE member account outside a batch: a withdrawal, a refund line, a transfer out, a loan
offset. One place keeps the member row, the balance split (上年结转 / 当年归集), 积数 and the open interest
year consistent; the caller posts the voucher (whose 201 line must equal the rows it writes here).

Withdrawals take 上年结转 first, then 当年归集 (the split matters for the interest of older systems and for
the statistics that report withdrawals by source).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, update

from anju.core.errors import AnjuError
from anju.core.money import format_yuan
from anju.db.uow import UnitOfWork
from anju.interest import guard
from anju.interest.accrual import accrue_one, year_spans
from anju.policy.store import load_store
from anju.registry.codes import AccountStatus, TxnType
from anju.registry.errors import RegistryError
from anju.registry.service import get_account
from anju.registry.tables import account, member_txn


@dataclass(frozen=True)
class Moved:
    txn_id: int
    balance_after: int
    from_prior: int
    from_current: int


def move(uow: UnitOfWork, *, account_id: int, amount: int, day: date, type_: TxnType, voucher_id: int | None,
         ref_type: str, ref_id: int, note: str = "", reason: str | None = None, month: int | None = None,
         reversal: bool = False, allow_frozen: bool = False, current_first: bool = False) -> Moved:
    """Add ``amount`` (negative for money out) to an account on ``day``; refuses an overdraft or a frozen payout.

    ``current_first`` takes money out of 当年归集 before 上年结转 (a refund of this year's contribution).
    """
    conn = uow.conn
    guard.check_open(conn, day)
    acct = get_account(conn, account_id, lock=True)
    if amount < 0 and acct.frozen and not allow_frozen:
        raise AnjuError(RegistryError.ACCOUNT_FROZEN_NO_DEBIT, account_no=acct.account_no,
                        freeze_reason=acct.freeze_reason)
    if acct.balance + amount < 0:
        raise AnjuError(RegistryError.BALANCE_INSUFFICIENT, account_no=acct.account_no,
                        balance=format_yuan(acct.balance), amount=format_yuan(-amount))
    if amount >= 0:
        from_prior, from_current = 0, amount
    else:
        out = -amount
        if current_first:
            take_current = min(out, acct.current_balance)
            from_prior, from_current = -(out - take_current), -take_current
        else:
            take_prior = min(out, acct.prior_balance)
            from_prior, from_current = -take_prior, -(out - take_prior)
    spans = year_spans(load_store(conn), day)
    jishu, rated, accrued = accrue_one(jishu=acct.jishu, jishu_rated=acct.jishu_rated, accrued_day=acct.accrued_day,
                                       balance=acct.balance, amount=amount, day=day.toordinal(), spans=spans)
    balance = acct.balance + amount
    txn_id = conn.execute(insert(member_txn).values(
        account_id=account_id, employer_id=acct.employer_id, txn_date=day, type=type_.value, amount=amount,
        current_amount=from_current, prior_amount=from_prior, interest_amount=0, month=month, reason=reason,
        entry_flag="02" if reversal else "01", voucher_id=voucher_id, ref_type=ref_type, ref_id=ref_id,
        balance_after=balance, note=note[:200] or None).returning(member_txn.c.id)).scalar_one()
    conn.execute(update(account).where(account.c.id == account_id).values(
        balance=balance, prior_balance=acct.prior_balance + from_prior,
        current_balance=acct.current_balance + from_current, jishu=jishu, jishu_rated=rated, accrued_day=accrued,
        updated_at=uow.now()))
    return Moved(txn_id, balance, from_prior, from_current)


def close_account(uow: UnitOfWork, *, account_id: int, status: AccountStatus, day: date) -> str:
    """Close an emptied account (提取销户 05, 外部转出销户 04 …); returns the status it had, for a later undo."""
    acct = get_account(uow.conn, account_id, lock=True)
    if acct.balance != 0:
        raise AnjuError(RegistryError.BALANCE_NOT_ZERO, account_no=acct.account_no,
                        balance=format_yuan(acct.balance))
    if not status.closed:
        raise ValueError(f"{status} is not a closed status")
    uow.conn.execute(update(account).where(account.c.id == account_id).values(
        status=status.value, status_date=day, closed_on=day, updated_at=uow.now()))
    return acct.status


def reopen_account(uow: UnitOfWork, *, account_id: int, status: AccountStatus, day: date) -> None:
    """Undo a closing (the withdrawal that closed it was reversed): the account takes its earlier status back."""
    uow.conn.execute(update(account).where(account.c.id == account_id).values(
        status=status.value, status_date=day, closed_on=None, updated_at=uow.now()))
