"""Read side of the entrusted banks (受托银行): what other areas need of them (issue 18: no reads of these tables
from elsewhere)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from anju.bank.tables import entrusted_bank

# ----------------------------------------------------------------------------------------- for loan and withdrawal


def bank_names():
    """Banks as other areas' statements join them: a subquery (code, name, short_name, active) to join on
    ``code``."""
    b = entrusted_bank.c
    return select(b.code, b.name, b.short_name, b.active).subquery("bank_names")


def bank_code_exists(conn: Connection, code: str, *, active_only: bool = False) -> bool:
    """Whether ``code`` is an entrusted bank (an active one, with ``active_only``)."""
    q = select(entrusted_bank.c.code).where(entrusted_bank.c.code == code)
    if active_only:
        q = q.where(entrusted_bank.c.active.is_(True))
    return conn.execute(q).first() is not None


def bank_full_name(conn: Connection, code: str) -> str | None:
    row = bank(conn, code)
    return row.name if row else None


def bank_short_name(conn: Connection, code: str) -> str | None:
    row = bank(conn, code)
    return row.short_name if row else None


def first_active_bank_code(conn: Connection) -> str:
    """The active bank with the lowest code (a default where none is chosen); fails when there is none."""
    return conn.execute(select(entrusted_bank.c.code).where(entrusted_bank.c.active.is_(True))
                        .order_by(entrusted_bank.c.code).limit(1)).scalar_one()


# ----------------------------------------------------------------------------------------- the bank list


def banks(conn: Connection, *, active_only: bool = False):
    """The one bank-list query: the entrusted banks by code, rows of (code, name, short_name, account_no,
    active); ``active_only``: the banks still in use (what a form offers)."""
    b = entrusted_bank.c
    q = select(b.code, b.name, b.short_name, b.account_no, b.active).order_by(b.code)
    if active_only:
        q = q.where(b.active.is_(True))
    return conn.execute(q).all()


def bank(conn: Connection, code: str):
    """One bank's row (code, name, short_name, account_no, active), or None."""
    b = entrusted_bank.c
    return conn.execute(select(b.code, b.name, b.short_name, b.account_no, b.active).where(b.code == code)).first()


def short_names(conn: Connection) -> dict[str, str]:
    """Bank code → its short name, for every registered bank."""
    return {r.code: r.short_name for r in banks(conn)}
