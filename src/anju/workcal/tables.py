"""Calendar days that differ from the plain Monday–Friday rule."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, String, Table

from anju.db.meta import metadata

calendar_day = Table(
    "calendar_day", metadata,
    Column("day", Date, primary_key=True),
    Column("is_workday", Boolean, nullable=False),
    Column("note", String(100), nullable=False, default=""),
    Column("source", String(20), nullable=False),  # chinesecalendar | admin
    Column("updated_at", DateTime, nullable=False),
)
