"""Policy tables: append-only parameter versions with their effective dates."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Integer, String, Table, Text, UniqueConstraint

from anju.db.meta import PK, metadata

policy_value = Table(
    "policy_value", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("key", String(100), nullable=False),
    Column("effective_from", Date, nullable=False),
    Column("version", Integer, nullable=False),
    Column("value_json", Text, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("source", String(200), nullable=False),
    Column("note", String(500), nullable=False, default=""),
    UniqueConstraint("key", "effective_from", "version"),
)
