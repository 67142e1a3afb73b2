"""Read side of the centre's identity and branches: what other areas need of them (issue 18: no reads of these
tables from elsewhere)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from anju.org.tables import centre_info

# ----------------------------------------------------------------------------------------- for withdrawal


def centre_display_name(conn: Connection) -> str:
    """The centre's name as files and letters print it ("" when none is recorded)."""
    return conn.execute(select(centre_info.c.value).where(centre_info.c.key == "name")).scalar() or ""
