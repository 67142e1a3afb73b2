"""Seed the calendar from the chinesecalendar package, let an administrator edit it, and read it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, delete, insert, select

from anju.auth import audit
from anju.auth.actor import Actor, Permission, require
from anju.core.workdays import WorkCalendar, overrides_from_chinesecalendar
from anju.db.uow import UnitOfWork
from anju.workcal.tables import calendar_day

SEED_YEARS = range(2004, 2031)


def seed(uow: UnitOfWork, *, years=SEED_YEARS) -> int:
    """Insert the library's holidays and make-up days for days not yet in the table; admin edits win."""
    conn = uow.conn
    have = set(conn.execute(select(calendar_day.c.day)).scalars())
    rows = [{"day": d, "is_workday": work, "note": "", "source": "chinesecalendar", "updated_at": uow.now()}
            for d, work in sorted(overrides_from_chinesecalendar(years).items()) if d not in have]
    if rows:
        conn.execute(insert(calendar_day), rows)
    return len(rows)


def set_day(uow: UnitOfWork, actor: Actor, *, day: date, is_workday: bool | None, note: str) -> None:
    """Mark a day as working day or day off; ``None`` returns it to the Monday–Friday rule."""
    require(actor, Permission.CALENDAR_MANAGE)
    conn = uow.conn
    before = conn.execute(select(calendar_day.c.is_workday, calendar_day.c.note)
                          .where(calendar_day.c.day == day)).first()
    conn.execute(delete(calendar_day).where(calendar_day.c.day == day))
    if is_workday is not None:
        conn.execute(insert(calendar_day).values(day=day, is_workday=is_workday, note=note, source="admin",
                                                 updated_at=uow.now()))
    audit.record(uow, actor, action="calendar.set_day", entity_type="calendar_day", entity_id=day.isoformat(),
                 before=None if before is None else {"is_workday": bool(before.is_workday), "note": before.note},
                 after=None if is_workday is None else {"is_workday": is_workday, "note": note})


def load_calendar(conn: Connection) -> WorkCalendar:
    rows = conn.execute(select(calendar_day.c.day, calendar_day.c.is_workday))
    return WorkCalendar({d: bool(w) for d, w in rows})


def known_range(conn: Connection) -> tuple[date | None, date | None]:
    from sqlalchemy import func
    return tuple(conn.execute(select(func.min(calendar_day.c.day), func.max(calendar_day.c.day))).one())


def year_days(conn: Connection, year: int):
    """The days of a year that differ from the Monday–Friday rule, in order."""
    return conn.execute(select(calendar_day).where(calendar_day.c.day >= date(year, 1, 1),
                                                   calendar_day.c.day < date(year + 1, 1, 1))
                        .order_by(calendar_day.c.day)).all()
