"""The interest year a balance change may be dated in: the open one (after the last settlement)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, insert, select, update

from anju.core.dates import interest_year, interest_year_of
from anju.core.errors import AnjuError, ErrorCode
from anju.interest.tables import interest_state


def open_year(conn: Connection) -> int | None:
    return conn.execute(select(interest_state.c.open_year).where(interest_state.c.id == 1)).scalar()


def check_open(conn: Connection, day: date) -> None:
    """Refuse a balance change outside the open interest year: the previous year must be settled first,
    and a settled year takes no more entries. The first entry ever opens its year."""
    year = interest_year_of(day)
    current = open_year(conn)
    if current is None:
        current = _open_first(conn, year)
    if year > current:
        raise AnjuError(ErrorCode.STATE, detail=f"{day}属于{year}结息年度，请先完成{current}年度结息（6月30日）")
    if year < current:
        span = interest_year(year)
        raise AnjuError(ErrorCode.STATE, detail=f"{day}所属结息年度（{span.start}至{span.end}前）已结息，不能再记入")


def _open_first(conn: Connection, year: int) -> int:
    """The first entry ever opens its year; of two first entries at once the later finds the row (no error)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        conn.execute(pg_insert(interest_state).values(id=1, open_year=year).on_conflict_do_nothing())
    else:
        conn.execute(insert(interest_state).prefix_with("OR IGNORE").values(id=1, open_year=year))
    return open_year(conn)


def advance(conn: Connection, year: int) -> None:
    conn.execute(update(interest_state).where(interest_state.c.id == 1).values(open_year=year + 1))
