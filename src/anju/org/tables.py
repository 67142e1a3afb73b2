"""Centre identity and branches."""

from __future__ import annotations

from sqlalchemy import Column, String, Table, Text

from anju.db.meta import metadata

centre_info = Table(
    "centre_info", metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

branch = Table(
    "branch", metadata,
    Column("code", String(8), primary_key=True),
    Column("name", String(100), nullable=False),
)
