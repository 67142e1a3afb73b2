"""Read side of the centre's identity and branches: what other areas need of them (issue 18: no reads of these
tables from elsewhere)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from anju.org.tables import branch, centre_info

# ----------------------------------------------------------------------------------------- for withdrawal


def centre_display_name(conn: Connection) -> str:
    """The centre's name as files and letters print it ("" when none is recorded)."""
    return info_value(conn, "name") or ""


# ----------------------------------------------------------------------------------------- the centre and its branches


def info(conn: Connection) -> dict[str, str]:
    """Everything the centre file said about the centre (name, code, region, time zone, address …), by key."""
    return dict(conn.execute(select(centre_info.c.key, centre_info.c.value)).all())


def info_value(conn: Connection, key: str) -> str | None:
    """One of the centre's facts (``name``, ``time_zone`` …), None when never loaded."""
    return conn.execute(select(centre_info.c.value).where(centre_info.c.key == key)).scalar()


def branches(conn: Connection):
    """The branches (管理部) by code: rows of (code, name)."""
    return conn.execute(select(branch.c.code, branch.c.name).order_by(branch.c.code)).all()


def branch_exists(conn: Connection, code: str) -> bool:
    return conn.execute(select(branch.c.code).where(branch.c.code == code)).first() is not None


def branch_names():
    """A subquery of (code, name) of every branch, for SQL that labels rows carrying a branch code with the
    branch's name: outer-join it on ``code`` and show ``coalesce(name, <the code>)`` (a code no branch has
    shows as itself, how breakdowns by 管理部 label their rows)."""
    return select(branch.c.code, branch.c.name).subquery("branch_names")


def branch_codes_labelled(label: str):
    """A select of the branch codes whose name is ``label`` (to filter rows of one 管理部 of a breakdown)."""
    return select(branch.c.code).where(branch.c.name == label)
