"""Treasury tables: the investments register, its events and monthly accrual claims, and 资金调度."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Index, Integer, String, Table

from anju.db.meta import PK, Fen, Rate, metadata
from anju.workflow import event_table

investment = Table(
    "investment", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("no", String(20), nullable=True, unique=True),  # TZ + id, set right after the insert
    Column("kind", String(12), nullable=False),  # codes.Kind
    Column("status", String(12), nullable=False),  # codes.Status
    Column("bank_code", String(2), nullable=True),  # the entrusted bank (deposits; a bond's channel)
    Column("issuer", String(60), nullable=True),  # a bond's issuer (财政部)
    Column("name", String(60), nullable=True),  # a bond's name (2025年第三期储蓄国债)
    Column("from_account", String(16), nullable=False),  # ledger code paying out (a demand 101 sub-account)
    Column("hold_account", String(16), nullable=False),  # ledger code holding the principal (101 sub-account or 124)
    Column("from_account_no", String(40), nullable=True),  # the 专户 paying out (anju.bank register)
    Column("hold_account_no", String(40), nullable=True),  # the 专户 holding the deposit (定期/通知存款户)
    Column("principal", Fen, nullable=False),  # deposit amount; a bond's purchase cost
    Column("face_value", Fen, nullable=True),  # a bond's face value
    Column("rate", Rate, nullable=False),  # annual rate; a bond's coupon
    Column("base_amount", Fen, nullable=True),  # 协定存款 基本存款额度 (at base_rate)
    Column("base_rate", Rate, nullable=True),
    Column("term_months", Integer, nullable=True),
    Column("notice_days", Integer, nullable=True),
    Column("start_date", Date, nullable=False),  # 起息日
    Column("maturity_date", Date, nullable=True),  # 到期日 (none for 通知存款)
    Column("rollover", String(16), nullable=False, default="none"),  # codes.Rollover
    Column("accrued", Fen, nullable=False, default=0),  # interest receivable booked (111), not yet received
    Column("accrued_to", Date, nullable=True),  # accrued through this day (a month's end)
    Column("interest_received", Fen, nullable=False, default=0),
    Column("closed_on", Date, nullable=True),
    Column("parent_id", PK, nullable=True),  # renewed from
    Column("approval_id", PK, nullable=True),
    Column("voucher_id", PK, nullable=True),  # the placement voucher
    Column("close_voucher_id", PK, nullable=True),
    Column("note", String(200), nullable=True),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=True),
)
Index("ix_investment_status", investment.c.status)

investment_event = event_table("investment_event", "investment", "investment_id")

investment_accrual = Table(
    "investment_accrual", metadata,
    Column("month", Integer, primary_key=True),  # YYYYMM, claimed by inserting the row first
    Column("amount", Fen, nullable=False),
    Column("voucher_id", PK, nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
)

fund_transfer = Table(
    "fund_transfer", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("no", String(20), nullable=True, unique=True),  # DD + id
    Column("status", String(12), nullable=False),  # codes.TransferStatus
    Column("from_account", String(16), nullable=False),
    Column("to_account", String(16), nullable=False),
    Column("from_account_no", String(40), nullable=False),  # 专户 numbers (anju.bank register)
    Column("to_account_no", String(40), nullable=False),
    Column("amount", Fen, nullable=False),
    Column("transfer_date", Date, nullable=False),
    Column("note", String(200), nullable=True),
    Column("approval_id", PK, nullable=True),
    Column("voucher_id", PK, nullable=True),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=True),
)
