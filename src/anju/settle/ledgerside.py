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
    """The 专户 reconciled: the active accounts of the register (``anju.bank``), one per ledger sub-account — the
    books cannot tell two accounts on one sub-account apart, so where several share one the 归集户 (else the
    first opened) is reconciled against it."""
    names = bank_queries.short_names(conn)
    rows = sorted(bank_queries.accounts(conn, active_only=True),
                  key=lambda r: (r.ledger_code, r.purpose != "collect", r.opened_on, r.id))
    seen, out = set(), []
    for r in rows:
        if r.ledger_code not in seen:
            seen.add(r.ledger_code)
            out.append(_account(r, names))
    return sorted(out, key=lambda a: (a.bank_code, a.code))


def account(conn: Connection, code: str) -> Account | None:
    """A reconciled 专户 by its account number (None: unknown, closed, or sharing its sub-account with another)."""
    return next((a for a in accounts(conn) if a.code == str(code).strip()), None)


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
