"""Read side of the entrusted banks: the one bank-list query every area uses, and single-bank look-ups."""

from __future__ import annotations

from sqlalchemy import Connection, select

from anju.bank.tables import entrusted_bank


def banks(conn: Connection, *, active_only: bool = False):
    """The entrusted banks by code: rows of (code, name, short_name, account_no, active); ``active_only``: the
    banks still in use (what a form offers)."""
    b = entrusted_bank.c
    q = select(b.code, b.name, b.short_name, b.account_no, b.active).order_by(b.code)
    if active_only:
        q = q.where(b.active.is_(True))
    return conn.execute(q).all()


def bank(conn: Connection, code: str):
    """One bank's row (code, name, short_name, account_no, active), or None."""
    b = entrusted_bank.c
    return conn.execute(select(b.code, b.name, b.short_name, b.account_no, b.active).where(b.code == code)).first()


def exists(conn: Connection, code: str, *, active_only: bool = False) -> bool:
    """Whether a bank of that code is registered (and, with ``active_only``, still in use)."""
    q = select(entrusted_bank.c.code).where(entrusted_bank.c.code == code)
    if active_only:
        q = q.where(entrusted_bank.c.active.is_(True))
    return conn.execute(q).first() is not None


def short_names(conn: Connection) -> dict[str, str]:
    """Bank code → its short name, for every registered bank."""
    return {r.code: r.short_name for r in banks(conn)}
