"""Auth tables: the hash-chained audit log (users and sessions come with the web area)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, String, Table, Text

from anju.db.meta import PK, metadata

audit_log = Table(
    "audit_log", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("seq", Integer, nullable=False, unique=True),
    Column("at", DateTime, nullable=False),
    Column("username", String(64), nullable=False),
    Column("roles", String(200), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("action", String(80), nullable=False),
    Column("entity_type", String(40), nullable=False),
    Column("entity_id", String(64), nullable=True),
    Column("before_json", Text, nullable=True),
    Column("after_json", Text, nullable=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
Index("ix_audit_entity", audit_log.c.entity_type, audit_log.c.entity_id)
Index("ix_audit_at", audit_log.c.at)

# One row: the tail of the chain. Updating it serialises audit writers so the chain stays linear.
audit_head = Table(
    "audit_head", metadata,
    Column("id", Integer, primary_key=True),
    Column("last_seq", Integer, nullable=False),
    Column("last_hash", String(64), nullable=False),
)
