"""Write side of the entrusted banks: registering a bank (loading the centre file)."""

from __future__ import annotations

from sqlalchemy import Connection, insert

from anju.bank import queries
from anju.bank.tables import entrusted_bank


def add_bank(conn: Connection, *, code: str, name: str, short_name: str, account_no: str | None) -> bool:
    """Register a bank, active, unless one of that code is registered already; True when it was added."""
    if queries.bank_code_exists(conn, code):
        return False
    conn.execute(insert(entrusted_bank).values(code=code, name=name, short_name=short_name, account_no=account_no,
                                               active=True))
    return True
