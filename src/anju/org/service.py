"""Write side of the centre's identity and branches (loading the centre file)."""

from __future__ import annotations

from sqlalchemy import Connection, insert, update

from anju.org import queries
from anju.org.tables import branch, centre_info


def set_info(conn: Connection, key: str, value: str) -> None:
    """Record one of the centre's facts, replacing what was there."""
    if queries.info_value(conn, key) is not None:
        conn.execute(update(centre_info).where(centre_info.c.key == key).values(value=value))
    else:
        conn.execute(insert(centre_info).values(key=key, value=value))


def add_branch(conn: Connection, *, code: str, name: str) -> bool:
    """Register a branch unless one of that code is registered already; True when it was added."""
    if queries.branch_exists(conn, code):
        return False
    conn.execute(insert(branch).values(code=code, name=name))
    return True
