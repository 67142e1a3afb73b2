"""Contribution tables: remittances (汇缴/补缴 lists) and their lines, refunds, deferrals."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from anju.db.meta import PK, Fen, Rate, metadata

remittance = Table(
    "remittance", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("no", String(24), nullable=False, unique=True),  # 汇缴单号, also the bank's payment reference
    Column("employer_id", PK, ForeignKey("employer.id"), nullable=True),
    Column("account_id", PK, ForeignKey("account.id"), nullable=True),  # set for a flexible worker's payment
    Column("kind", String(2), nullable=False),  # 01 汇缴, 02 补缴 (GJHTQYWLX)
    Column("reason", String(16), nullable=False, default="regular"),  # regular, prepay, missed, base_diff, deferred
    Column("period_from", Integer, nullable=False),
    Column("period_to", Integer, nullable=False),
    Column("status", String(12), nullable=False),  # pending, confirmed, posted, cancelled
    Column("source", String(12), nullable=False),  # generated, import, manual, flexible
    Column("file_name", String(200), nullable=True),
    Column("file_sha256", String(64), nullable=True),
    Column("channel", String(20), nullable=False),
    Column("bank_code", String(2), ForeignKey("entrusted_bank.code"), nullable=False),
    Column("total", Fen, nullable=False),
    Column("employer_total", Fen, nullable=False),
    Column("member_total", Fen, nullable=False),
    Column("line_count", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("confirmed_at", DateTime, nullable=True),
    Column("confirmed_by", String(64), nullable=True),
    Column("paid_on", Date, nullable=True),  # date the money reached the fund account (bank receipt)
    Column("receipt_no", String(64), nullable=True),  # bank receipt / transaction number
    Column("voucher_id", PK, nullable=True),
    Column("posted_at", DateTime, nullable=True),
    Column("cancel_reason", String(200), nullable=True),
)
Index("ix_remittance_employer", remittance.c.employer_id, remittance.c.period_from)
Index("ix_remittance_status", remittance.c.status, remittance.c.paid_on)

remittance_line = Table(
    "remittance_line", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("remittance_id", PK, ForeignKey("remittance.id"), nullable=False),
    Column("line_no", Integer, nullable=False),  # row number in the file (or generation order)
    Column("account_id", PK, ForeignKey("account.id"), nullable=False),
    Column("month", Integer, nullable=False),  # HBJNY 汇补缴年月
    Column("base", Fen, nullable=False),
    Column("employer_amount", Fen, nullable=False),
    Column("member_amount", Fen, nullable=False),
    Column("amount", Fen, nullable=False),
    Column("refund_id", PK, nullable=True),  # set when the line was refunded (退缴)
)
Index("ix_remittance_line_remittance", remittance_line.c.remittance_id, remittance_line.c.account_id)

refund = Table(
    "refund", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("remittance_id", PK, ForeignKey("remittance.id"), nullable=False),
    Column("status", String(12), nullable=False),  # applied, posted, rejected
    Column("reason", String(200), nullable=False),
    Column("amount", Fen, nullable=False),
    Column("line_ids_json", Text, nullable=False),
    Column("applied_at", DateTime, nullable=False),
    Column("applied_by", String(64), nullable=False),
    Column("decided_at", DateTime, nullable=True),
    Column("decided_by", String(64), nullable=True),
    Column("decision_note", String(200), nullable=True),
    Column("refund_on", Date, nullable=True),
    Column("voucher_id", PK, nullable=True),
)

deferral = Table(
    "deferral", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("employer_id", PK, ForeignKey("employer.id"), nullable=False, index=True),
    Column("kind", String(8), nullable=False),  # defer 缓缴, reduce 降低比例
    Column("period_from", Integer, nullable=False),
    Column("period_to", Integer, nullable=False),
    Column("reduced_employer_ratio", Rate, nullable=True),
    Column("reduced_member_ratio", Rate, nullable=True),
    Column("documents_json", Text, nullable=False),
    Column("reason", String(500), nullable=False),
    Column("status", String(12), nullable=False),  # applied, approved, rejected, cancelled, ended
    Column("applied_at", DateTime, nullable=False),
    Column("applied_by", String(64), nullable=False),
    Column("decided_at", DateTime, nullable=True),
    Column("decided_by", String(64), nullable=True),
    Column("approval_no", String(100), nullable=True),  # 管委会批复文号
    Column("decision_note", String(200), nullable=True),
    UniqueConstraint("employer_id", "kind", "period_from"),
)
