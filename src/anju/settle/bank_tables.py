"""bankcore's settle tables: requests to open or close a 专户 and to sign or end an agreement (maker-checker), the
monthly bank fees (手续费) accrued and paid, the yearly bank assessment (受托银行考核).

Imported by ``anju.settle.tables`` (so the area's discovery sees them)."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Integer, String, Table, Text, UniqueConstraint

from anju.db.meta import PK, Fen, Rate, metadata
from anju.workflow import event_table

# ---- bankcore: 专户 and agreements (maker-checker)
bank_change = Table(
    "bank_change", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("no", String(20), nullable=False, unique=True),  # YHBG + yyyymmdd + seq
    Column("kind", String(20), nullable=False),  # ChangeKind: open_account, close_account, sign_agreement, end_agreement
    Column("bank_code", String(2), nullable=False),
    Column("payload_json", Text, nullable=False),  # what is asked (the account's or agreement's fields)
    Column("target_id", PK, nullable=True),  # the account / agreement made or changed
    Column("reason", String(200), nullable=False, default=""),
    Column("status", String(12), nullable=False),  # ChangeStatus: submitted, approved, rejected
    Column("approval_id", PK, nullable=True),
    Column("deadline", Date, nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("decided_at", DateTime, nullable=True),
    Column("decided_by", String(64), nullable=True),
    Column("updated_at", DateTime, nullable=True),
)
bank_change_event = event_table("bank_change_event", "bank_change", "change_id")

# ---- bankcore: fees (手续费), one row per month, bank and fee type
bank_fee = Table(
    "bank_fee", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("month", Integer, nullable=False),  # yyyymm accrued for
    Column("bank_code", String(2), nullable=False),
    Column("fee_type", String(12), nullable=False),  # anju.bank.codes.FeeType
    Column("rule_id", PK, nullable=False),
    Column("base", String(12), nullable=False),  # FeeBase
    Column("base_amount", Fen, nullable=False),  # fen (interest, amount) or a count (count, account-months)
    Column("rate", Rate, nullable=True),
    Column("unit_fee", Integer, nullable=True),
    Column("score", String(12), nullable=True),  # the assessment score that chose the factor (Decimal text)
    Column("factor", Rate, nullable=False),
    Column("gross", Fen, nullable=False),  # before the factor
    Column("amount", Fen, nullable=False),  # accrued (Dr 41102/41103 / Cr 219)
    Column("voucher_id", PK, nullable=True),
    Column("status", String(8), nullable=False),  # FeeStatus: accrued, paid
    Column("paid_on", Date, nullable=True),
    Column("pay_voucher_id", PK, nullable=True),  # Dr 219 / Cr 101xx
    Column("bank_figure", Fen, nullable=True),  # the bank's own figure, when entered, to compare
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    UniqueConstraint("month", "bank_code", "fee_type"),
)

# ---- bankcore: assessment (受托银行考核), one row per year and bank
bank_assessment = Table(
    "bank_assessment", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("year", Integer, nullable=False),
    Column("bank_code", String(2), nullable=False),
    Column("manual_json", Text, nullable=False, default="{}"),  # manual indicators and deductions as entered
    Column("items_json", Text, nullable=False, default="[]"),  # the scored sheet (indicator, actual, score …)
    Column("score", String(12), nullable=True),  # Decimal text, two places
    Column("grade", String(8), nullable=True),
    Column("status", String(12), nullable=False),  # AssessStatus: draft, final
    Column("computed_at", DateTime, nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("finalised_by", String(64), nullable=True),
    UniqueConstraint("year", "bank_code"),
)
