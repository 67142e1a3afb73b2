"""Interest settlement and fund income tables."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)

from anju.db.meta import PK, Fen, metadata

# The interest year currently accruing (``interest_state``) is the registry's: anju.registry.guard.
interest_run = Table(
    "interest_run", metadata,
    Column("year", Integer, primary_key=True),  # settle year
    Column("status", String(10), nullable=False),  # computed, done
    Column("accounts", Integer, nullable=False),
    Column("total", Fen, nullable=False),
    Column("voucher_id", PK, nullable=True),
    Column("started_at", DateTime, nullable=False),
    Column("started_by", String(64), nullable=False),
    Column("finished_at", DateTime, nullable=True),
)

# One row per account of a run: what it earns; `applied` is the checkpoint of the crediting phase.
interest_settlement = Table(
    "interest_settlement", metadata,
    Column("year", Integer, ForeignKey("interest_run.year"), primary_key=True),
    Column("account_id", PK, ForeignKey("account.id"), primary_key=True),
    Column("jishu", Fen, nullable=False),
    Column("jishu_rated", Fen, nullable=False),
    Column("interest", Fen, nullable=False),
    Column("applied", Boolean, nullable=False, default=False),
)

# Income and expenses of the fund entered by finance (bank interest, bond interest, bank fees).
fund_entry = Table(
    "fund_entry", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("kind", String(40), nullable=False),
    Column("bank_code", String(2), ForeignKey("entrusted_bank.code"), nullable=True),
    Column("period", Integer, nullable=False),  # YYYYMM the amount belongs to
    Column("entry_date", Date, nullable=False),
    Column("amount", Fen, nullable=False),
    Column("note", String(200), nullable=False, default=""),
    Column("voucher_id", PK, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
)

yearend_step = Table(
    "yearend_step", metadata,
    Column("year", Integer, primary_key=True),
    Column("step", String(20), primary_key=True),  # close_income, move_gain, distribute, close_periods
    Column("voucher_id", PK, nullable=True),
    Column("detail_json", Text, nullable=False),
    Column("done_at", DateTime, nullable=False),
    Column("done_by", String(64), nullable=False),
)

# Monthly accrual of members' interest (计提, Dr 41101 / Cr 211): one row per month, inserted first to claim it.
# ``total`` is the open year's interest up to the month's end; ``amount`` what this month posted (total less the
# year's earlier accruals; negative when interest paid to the day on closings takes accrued interest back).
interest_accrual = Table(
    "interest_accrual", metadata,
    Column("month", Integer, primary_key=True),  # YYYYMM
    Column("year", Integer, nullable=False),  # settle year of the interest year the month is in
    Column("total", Fen, nullable=False),
    Column("amount", Fen, nullable=False),
    Column("voucher_id", PK, nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
)
