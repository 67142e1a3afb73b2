"""The interest year a balance change may be dated in: the open one (after the last settlement).

An account-state rule, so the registry keeps it (with ``interest_state``); every balance change of the
registry's movements API passes :func:`check_open`. The interest area drives the year: its settlement marks
the run in progress (:func:`begin_settlement`) and opens the next year when it is finished (:func:`advance`).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import OperationalError

from anju.core.dates import interest_year, interest_year_of
from anju.core.errors import AnjuError
from anju.registry.errors import RegistryError
from anju.registry.tables import interest_state


def open_year(conn: Connection) -> int | None:
    return conn.execute(select(interest_state.c.open_year).where(interest_state.c.id == 1)).scalar()


def check_open(conn: Connection, day: date) -> None:
    """Refuse a balance change outside the open interest year: the previous year must be settled first,
    and a settled year takes no more entries. The first entry ever opens its year.

    Also refused while the open year's settlement is in progress (computed, not yet finished): the run has
    counted every account's interest already, so a change dated in the year (a contribution, or interest
    settled to the day on closing or transfer out) would be paid or lost beside it. On PostgreSQL the check
    share-locks the state row for the caller's transaction, and the settlement's compute step locks it
    exclusively (:func:`hold_for_settlement`): a change is either committed before the run counts it or
    refused after.
    """
    year = interest_year_of(day)
    current = _open_year_shared(conn, day)
    if current is None:
        current = _open_first(conn, year)
    if year > current:
        raise AnjuError(RegistryError.YEAR_NOT_SETTLED, day=day, year=year, current=current)
    if year < current:
        span = interest_year(year)
        raise AnjuError(RegistryError.YEAR_SETTLED, day=day, start=span.start, end=span.end)
    if _settling_now(conn):
        raise _settling(current, day)


def hold_for_settlement(conn: Connection) -> None:
    """The settlement's compute step: wait for balance changes in flight and keep new ones out until commit."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(interest_state.c.open_year).where(interest_state.c.id == 1).with_for_update())


def begin_settlement(conn: Connection, year: int) -> None:
    """The settlement of ``year`` (the open year) has computed its run: no balance change may be dated in the
    year until :func:`advance`. In the transaction that inserts the run."""
    conn.execute(update(interest_state).where(interest_state.c.id == 1, interest_state.c.open_year == year)
                 .values(settling=True))


def _settling_now(conn: Connection) -> bool:
    return bool(conn.execute(select(interest_state.c.settling).where(interest_state.c.id == 1)).scalar())


def _settling(year: int | None, day: date) -> AnjuError:
    return AnjuError(RegistryError.YEAR_SETTLING, year=year, day=day)


def _open_year_shared(conn: Connection, day: date) -> int | None:
    if conn.dialect.name != "postgresql":
        return open_year(conn)  # SQLite writers are serialised
    from psycopg.errors import LockNotAvailable

    stmt = (select(interest_state.c.open_year).where(interest_state.c.id == 1)
            .with_for_update(read=True, nowait=True))
    try:
        with conn.begin_nested():
            return conn.execute(stmt).scalar()
    except OperationalError as exc:
        if not isinstance(exc.orig, LockNotAvailable):
            raise
    raise _settling(open_year(conn), day)


def _open_first(conn: Connection, year: int) -> int:
    """The first entry ever opens its year; of two first entries at once the later finds the row (no error)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        conn.execute(pg_insert(interest_state).values(id=1, open_year=year, settling=False).on_conflict_do_nothing())
    else:
        conn.execute(insert(interest_state).prefix_with("OR IGNORE").values(id=1, open_year=year, settling=False))
    return open_year(conn)


def advance(conn: Connection, year: int) -> None:
    """The settlement of ``year`` is finished: the next interest year opens."""
    conn.execute(update(interest_state).where(interest_state.c.id == 1).values(open_year=year + 1, settling=False))
