"""Entrusted banks and their fund accounts (专户)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, String, Table

from anju.db.meta import metadata

entrusted_bank = Table(
    "entrusted_bank", metadata,
    Column("code", String(2), primary_key=True),  # also the suffix of GL sub-accounts 101xx / 102xx
    Column("name", String(100), nullable=False),
    Column("short_name", String(40), nullable=False),
    Column("account_no", String(40), nullable=True),
    Column("active", Boolean, nullable=False, default=True),
)
