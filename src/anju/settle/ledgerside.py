"""What reconciliation needs of the 专户 register and the books: each account's bank and ledger sub-account,
the sub-account's balance and lines, the business's recorded bank serials."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

from anju.bank import queries as bank_queries
from anju.deposit import queries as deposit_queries
from anju.ledger import queries as ledger_queries
from anju.ledger.chart import bank_subaccount


@dataclass(frozen=True)
class Account:
    code: str  # the 专户's code
    bank_code: str
    bank_name: str
    subaccount: str  # 101xx
    account_no: str | None
    name: str


def accounts(conn: Connection) -> list[Account]:
    """The 专户 reconciled (active)."""
    return [Account(b.code, b.code, b.short_name, bank_subaccount("101", b.code), b.account_no,
                    f"{b.short_name}归集户") for b in bank_queries.banks(conn, active_only=True)]


def account(conn: Connection, code: str) -> Account | None:
    return next((a for a in accounts(conn) if a.code == code), None)


def book_balance(conn: Connection, acc: Account, on: date) -> int:
    return ledger_queries.account_balance(conn, acc.subaccount, as_of=on)


def book_lines(acc: Account, *, start: date | None, end: date | None):
    """The sub-account's voucher lines with the bank serial the business recorded (deposit receipts)."""
    lines = ledger_queries.subaccount_lines(acc.subaccount, start=start, end=end).subquery("book")
    refs = deposit_queries.receipt_refs().subquery("receipts")
    return (select(lines, refs.c.receipt_no)
            .select_from(lines.outerjoin(refs, (refs.c.ref_type == lines.c.ref_type)
                                         & (refs.c.ref_id == lines.c.ref_id))))
