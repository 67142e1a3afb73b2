"""The centre's accounts as the treasury uses them, read from the 专户 register (``anju.bank.queries``): where
money is placed from (a demand account: 归集户, 贷款户, 结算户, 增值收益户) and where a deposit is held (the bank's
定期存款户 for 定期 and 协定 deposits, its 通知存款户 for 通知 deposits). Bonds are held in 124."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection

from anju.bank import queries as bank
from anju.bank.codes import AccountPurpose
from anju.core.errors import Problem
from anju.treasury.codes import Kind
from anju.treasury.errors import TreasuryError

DEMAND_PURPOSES = (AccountPurpose.COLLECT, AccountPurpose.LOAN, AccountPurpose.SETTLE, AccountPurpose.GAIN)
HOLD_PURPOSE = {Kind.TIME: AccountPurpose.FIXED, Kind.AGREEMENT: AccountPurpose.FIXED,
                Kind.NOTICE: AccountPurpose.NOTICE}
BOND_ACCOUNT = "124"


def open_accounts(conn: Connection, on: date, *, bank_code: str | None = None, demand_only: bool = False):
    """The 专户 open on a day (rows of the register), demand ones only on request."""
    rows = bank.accounts(conn, bank=bank_code, active_on=on)
    return [r for r in rows if not demand_only or r.purpose in DEMAND_PURPOSES]


def demand_account(conn: Connection, account_no: str, on: date, problems: list[Problem], *, field: str = "转出账户",
                   input: str = "from_account_no"):
    """The open demand 专户 with this number, or a problem added (and None)."""
    row = bank.account(conn, (account_no or "").strip()) if (account_no or "").strip() else None
    if row is None or row.opened_on > on or (row.closed_on is not None and row.closed_on <= on):
        problems.append(Problem.of(TreasuryError.ACCOUNT_UNKNOWN, field=field, input=input, account=account_no or "（空）"))
        return None
    if row.purpose not in DEMAND_PURPOSES:
        problems.append(Problem.of(TreasuryError.ACCOUNT_NOT_DEMAND, field=field, input=input, account=account_no))
        return None
    return row


def holding_account(conn: Connection, bank_code: str, kind: Kind, on: date, problems: list[Problem]):
    """The bank's open 定期/通知存款户 for a deposit of ``kind``, or a problem added (and None)."""
    purpose = HOLD_PURPOSE[kind]
    rows = bank.accounts(conn, bank=bank_code, purpose=purpose, active_on=on)
    if not rows:
        problems.append(Problem.of(TreasuryError.NO_HOLDING_ACCOUNT, field="受托银行", input="bank_code",
                                   bank=bank.bank_short_name(conn, bank_code) or bank_code, kind=kind.label))
        return None
    return rows[0]


def bank_of(ledger_code: str) -> str | None:
    """The entrusted bank of a 101xx / 102xx sub-account (or a leaf below it)."""
    return ledger_code[3:5] if ledger_code[:3] in ("101", "102") and len(ledger_code) >= 5 else None
