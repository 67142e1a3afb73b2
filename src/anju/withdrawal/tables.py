"""Withdrawal tables: applications with their steps, bank payment files and their lines, bans after fraud (the
register of homes they share with loans is the registry's, ``registry.tables``)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
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

from anju.db.meta import PK, Fen, metadata

# ------------------------------------------------------------------------------------------ applications

withdrawal = Table(
    "withdrawal", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("no", String(20), nullable=False, unique=True),  # 提取申请编号 (业务流水号 YWLSH)
    Column("account_id", PK, ForeignKey("account.id"), nullable=False),
    Column("person_id", PK, ForeignKey("person.id"), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("reason", String(4), nullable=False),  # TQYY
    Column("closes", Boolean, nullable=False),
    Column("route", String(10), nullable=False),  # codes.Route
    Column("status", String(12), nullable=False),  # codes.Status
    Column("amount", Fen, nullable=False),  # reserved while in progress; paid when done
    Column("requested", Fen, nullable=True),
    Column("channel", String(20), nullable=False),  # where it was applied for (离柜率)
    Column("accepted_on", Date, nullable=False),
    Column("deadline", Date, nullable=False),  # the decision is due by this day (working days)
    Column("facts_json", Text, nullable=False),
    Column("documents_json", Text, nullable=False),
    Column("assessment_json", Text, nullable=False),  # the eligibility explanation at acceptance
    Column("signals_json", Text, nullable=False),  # the fraud pre-checks (refreshed at review)
    Column("payee_name", String(50), nullable=True),
    Column("payee_id_number", String(18), nullable=True),
    Column("card_no", String(19), nullable=True),
    Column("card_bank", String(100), nullable=True),
    Column("payout_bank", String(2), ForeignKey("entrusted_bank.code"), nullable=True),
    Column("property_id", PK, ForeignKey("housing_property.id"), nullable=True),
    Column("loan_ref", String(40), nullable=True),
    Column("parent_id", PK, ForeignKey("withdrawal.id"), nullable=True),  # a monthly offset's agreement
    Column("approval_id", PK, nullable=True),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("reviewed_by", String(64), nullable=True),
    Column("reviewed_at", DateTime, nullable=True),
    Column("decided_on", Date, nullable=True),
    Column("status_note", String(500), nullable=True),  # the latest reason given (rejection, failure …)
    Column("paid_on", Date, nullable=True),
    Column("voucher_id", PK, nullable=True),
    Column("txn_id", PK, nullable=True),
    Column("interest", Fen, nullable=False, default=0),  # interest settled to the day (closing)
    Column("account_status_before", String(2), nullable=True),
    Column("fraud_on", Date, nullable=True),
    Column("fraud_voucher_id", PK, nullable=True),
    Column("updated_at", DateTime, nullable=False),
)
Index("ix_withdrawal_account_status", withdrawal.c.account_id, withdrawal.c.status)
Index("ix_withdrawal_person", withdrawal.c.person_id, withdrawal.c.reason)
Index("ix_withdrawal_status", withdrawal.c.status, withdrawal.c.accepted_on)

# Each step of an application as the member sees it (the audit log keeps the full record as well).
withdrawal_event = Table(
    "withdrawal_event", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("withdrawal_id", PK, ForeignKey("withdrawal.id"), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("on_day", Date, nullable=False),
    Column("username", String(64), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("action", String(20), nullable=False),
    Column("from_status", String(12), nullable=True),
    Column("to_status", String(12), nullable=False),
    Column("note", String(500), nullable=True),
)
Index("ix_withdrawal_event_withdrawal", withdrawal_event.c.withdrawal_id)

withdrawal_ban = Table(
    "withdrawal_ban", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("person_id", PK, ForeignKey("person.id"), nullable=False),
    Column("from_day", Date, nullable=False),
    Column("until_day", Date, nullable=False),
    Column("reason", String(200), nullable=False),
    Column("withdrawal_id", PK, ForeignKey("withdrawal.id"), nullable=True),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
)
Index("ix_withdrawal_ban_person", withdrawal_ban.c.person_id)

# ------------------------------------------------------------------------------------------ payments

payout_batch = Table(
    "payout_batch", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("bank_code", String(2), ForeignKey("entrusted_bank.code"), nullable=False),
    Column("pay_day", Date, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("status", String(10), nullable=False),  # sent / settled
    Column("count", Integer, nullable=False),
    Column("total", Fen, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("settled_by", String(64), nullable=True),
    Column("settled_at", DateTime, nullable=True),
    Column("paid_count", Integer, nullable=False, default=0),
    Column("paid_total", Fen, nullable=False, default=0),
    Column("voucher_id", PK, nullable=True),
    Column("result_hash", String(64), nullable=True),
    UniqueConstraint("bank_code", "pay_day", "seq"),
)

payout_line = Table(
    "payout_line", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("batch_id", PK, ForeignKey("payout_batch.id"), nullable=False),
    Column("withdrawal_id", PK, ForeignKey("withdrawal.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("payment_no", String(30), nullable=False, unique=True),  # 付款流水号 the bank echoes back
    Column("amount", Fen, nullable=False),
    Column("payee_name", String(50), nullable=False),
    Column("payee_id_number", String(18), nullable=False),
    Column("card_no", String(19), nullable=False),
    Column("card_bank", String(100), nullable=False),
    Column("status", String(8), nullable=False),  # sent / paid / failed
    Column("fail_reason", String(200), nullable=True),
    Column("bank_ref", String(60), nullable=True),
)
Index("ix_payout_line_batch", payout_line.c.batch_id)
Index("ix_payout_line_withdrawal", payout_line.c.withdrawal_id)
