"""Ledger tables: chart of accounts, vouchers and their lines, accounting periods."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)

from anju.db.meta import PK, Fen, metadata

# The default book: the provident fund's (every voucher and account before books existed is in it).
DEFAULT_BOOK = "hpf"

# 账套: each book has its own chart, voucher numbers and periods; nothing posts across books.
ledger_book = Table(
    "ledger_book", metadata,
    Column("code", String(8), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("prefix", String(4), nullable=False),  # the voucher word: 记, 维 …
)

gl_account = Table(
    "gl_account", metadata,
    Column("code", String(16), primary_key=True),
    Column("book", String(8), nullable=False, server_default=DEFAULT_BOOK, default=DEFAULT_BOOK),
    Column("name", String(100), nullable=False),
    Column("cls", String(16), nullable=False),
    Column("parent_code", String(16), ForeignKey("gl_account.code"), nullable=True),
    Column("is_leaf", Boolean, nullable=False, default=True),
    Column("bank_code", String(8), nullable=True),
)

accounting_period = Table(
    "accounting_period", metadata,
    Column("book", String(8), primary_key=True, server_default=DEFAULT_BOOK, default=DEFAULT_BOOK),
    Column("period", Integer, primary_key=True),  # YYYYMM
    Column("status", String(8), nullable=False, default="open"),
    Column("closed_at", DateTime, nullable=True),
    Column("closed_by", String(64), nullable=True),
    CheckConstraint("status in ('open', 'closed')", name="status"),
)

voucher_seq = Table(
    "voucher_seq", metadata,
    Column("book", String(8), primary_key=True, server_default=DEFAULT_BOOK, default=DEFAULT_BOOK),
    Column("period", Integer, primary_key=True),
    Column("last_no", Integer, nullable=False),
)

voucher = Table(
    "voucher", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("book", String(8), nullable=False, server_default=DEFAULT_BOOK, default=DEFAULT_BOOK),
    Column("period", Integer, nullable=False),
    Column("number", Integer, nullable=False),
    Column("voucher_date", Date, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("summary", String(200), nullable=False),
    Column("idempotency_key", String(200), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("reverses_id", PK, ForeignKey("voucher.id"), nullable=True),
    Column("ref_type", String(40), nullable=True),
    Column("ref_id", String(64), nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    UniqueConstraint("idempotency_key"),
    UniqueConstraint("book", "period", "number"),
    UniqueConstraint("reverses_id"),
)
Index("ix_voucher_date", voucher.c.voucher_date)
Index("ix_voucher_ref", voucher.c.ref_type, voucher.c.ref_id)

voucher_line = Table(
    "voucher_line", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("voucher_id", PK, ForeignKey("voucher.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("account_code", String(16), ForeignKey("gl_account.code"), nullable=False),
    Column("debit", Fen, nullable=False, default=0),
    Column("credit", Fen, nullable=False, default=0),
    Column("summary", String(200), nullable=True),
    Column("subledger", String(16), nullable=True),
    Column("subledger_ref", String(64), nullable=True),
    CheckConstraint("debit >= 0 AND credit >= 0 AND (debit = 0 OR credit = 0)", name="one_side"),
    UniqueConstraint("voucher_id", "line_no"),
)
Index("ix_voucher_line_account", voucher_line.c.account_code)

__all__ = ["DEFAULT_BOOK", "accounting_period", "gl_account", "ledger_book", "voucher", "voucher_line", "voucher_seq"]
