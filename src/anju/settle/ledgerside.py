"""What reconciliation needs of the 专户 register and the books: each account's bank and ledger sub-account,
the sub-account's balance and lines, the business's recorded bank serials."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from anju.bank import queries as bank_queries
from anju.deposit import queries as deposit_queries
from anju.ledger import queries as ledger_queries


@dataclass(frozen=True)
class Account:
    code: str  # the 专户's account number (what the bank's statement carries)
    bank_code: str
    bank_name: str
    subaccount: str  # its ledger sub-account (101xx / 102xx)
    account_no: str
    name: str


def _account(r, names: dict[str, str]) -> Account:
    return Account(r.account_no, r.bank_code, names.get(r.bank_code, r.bank_code), r.ledger_code, r.account_no,
                   r.account_name)


def accounts(conn: Connection) -> list[Account]:
    """The 专户 reconciled: every active account of the register (``anju.bank``)."""
    names = bank_queries.short_names(conn)
    return [_account(r, names) for r in bank_queries.accounts(conn, active_only=True)]


def account(conn: Connection, code: str) -> Account | None:
    r = bank_queries.account(conn, str(code))
    return None if r is None else _account(r, bank_queries.short_names(conn))


def book_balance(conn: Connection, acc: Account, on: date) -> int:
    return ledger_queries.account_balance(conn, acc.subaccount, as_of=on)


def book_lines(acc: Account, *, start: date | None, end: date | None):
    """The sub-account's voucher lines (``ledger.queries.subaccount_lines``)."""
    return ledger_queries.subaccount_lines(acc.subaccount, start=start, end=end)


def receipts(conn: Connection, rows) -> dict[str, str]:
    """The bank serial the business recorded for book lines: a deposit list's receipt number, by the line's
    voucher reference (``ref_type`` remittance) → {ref_id: receipt number}."""
    ids = [r.ref_id for r in rows if r.ref_type == "remittance" and r.ref_id and r.ref_id.isdigit()]
    return {str(k): v for k, v in deposit_queries.receipt_numbers(conn, ids).items()} if ids else {}
