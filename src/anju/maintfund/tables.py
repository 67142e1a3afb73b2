"""The maintenance fund's tables (migration maintfund002). Money int fen; floor areas in hundredths of a m²."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
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
from anju.workflow import event_table

mf_area = Table(
    "mf_area", metadata,  # 物业管理区域, with its 公共账 (common account)
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("developer", String(100), nullable=False),
    Column("total_area", BigInteger, nullable=False),  # centi m², as registered
    Column("households", Integer, nullable=False),  # declared
    Column("manager", String(8), nullable=False),  # codes.Manager
    Column("common_balance", Fen, nullable=False, default=0),
    Column("common_interest", Fen, nullable=False, default=0),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
)

mf_building = Table(
    "mf_building", metadata,  # 幢 (and its units' storeys and lift)
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("area_id", PK, ForeignKey("mf_area.id"), nullable=False),
    Column("name", String(16), nullable=False),
    Column("storeys", Integer, nullable=False),
    Column("has_lift", Boolean, nullable=False),
    UniqueConstraint("area_id", "name"),
)

mf_household = Table(
    "mf_household", metadata,  # 分户账
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("account_no", String(24), nullable=False, unique=True),
    Column("area_id", PK, ForeignKey("mf_area.id"), nullable=False),
    Column("building_id", PK, ForeignKey("mf_building.id"), nullable=False),
    Column("unit_no", String(16), nullable=False),  # 户门号
    Column("property_unit_no", String(28), nullable=True),  # 不动产单元号
    Column("owner_name", String(100), nullable=False),
    Column("owner_id_no", String(18), nullable=True),  # None: unsold, held by the developer
    Column("sold", Boolean, nullable=False),
    Column("floor_area", BigInteger, nullable=False),  # centi m²
    Column("kind", String(8), nullable=False),  # codes.UnitKind
    Column("standard", String(60), nullable=False),  # how the first deposit was computed, as printed
    Column("first_due", Fen, nullable=False),
    Column("first_paid", Fen, nullable=False, default=0),
    Column("balance", Fen, nullable=False, default=0),
    Column("deposited", Fen, nullable=False, default=0),  # Σ deposits and top-ups
    Column("interest", Fen, nullable=False, default=0),
    Column("used", Fen, nullable=False, default=0),
    Column("refunded", Fen, nullable=False, default=0),
    Column("status", String(8), nullable=False),  # codes.HouseholdStatus
    Column("opened_on", Date, nullable=False),
    Column("closed_on", Date, nullable=True),
    Column("previous_id", PK, ForeignKey("mf_household.id"), nullable=True),  # the seller's row after a transfer
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
)
Index("ix_mf_household_area", mf_household.c.area_id, mf_household.c.status)
Index("ix_mf_household_owner", mf_household.c.owner_id_no)

mf_txn = Table(
    # 分户账 and 公共账 movements (household_id NULL: the area's common account). No foreign keys: a year's interest
    # writes a row per household in one INSERT … SELECT, and the key checks were half its time; `anju verify`
    # (maintfund.household_rows, maintfund.common_rows) holds each balance to its rows instead.
    "mf_txn", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("area_id", PK, nullable=False),
    Column("household_id", PK, nullable=True),
    Column("day", Date, nullable=False),
    Column("day_no", Integer, nullable=False),  # date.toordinal(): 积数 in integer SQL on both databases
    Column("kind", String(8), nullable=False),  # codes.TxnKind
    Column("amount", Fen, nullable=False),  # signed: + in, − out
    Column("voucher_id", PK, nullable=True),
    Column("ref", String(40), nullable=True),
    Column("created_at", DateTime, nullable=False),
)
Index("ix_mf_txn_household", mf_txn.c.household_id, mf_txn.c.day_no)
Index("ix_mf_txn_area", mf_txn.c.area_id, mf_txn.c.day_no)

mf_bill = Table(
    "mf_bill", metadata,  # 交存通知 (first deposit, top-up), to the buyer or the developer
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("no", String(24), nullable=False, unique=True),
    Column("household_id", PK, ForeignKey("mf_household.id"), nullable=False),
    Column("kind", String(8), nullable=False),  # codes.BillKind
    Column("payer", String(10), nullable=False),  # codes.Payer
    Column("amount", Fen, nullable=False),
    Column("status", String(8), nullable=False),  # codes.BillStatus
    Column("billed_on", Date, nullable=False),
    Column("paid_on", Date, nullable=True),
    Column("receipt_no", String(40), nullable=True),
    Column("bank_ref", String(64), nullable=True),
    Column("voucher_id", PK, nullable=True),
    Column("created_by", String(64), nullable=False),
)
Index("ix_mf_bill_household", mf_bill.c.household_id)

mf_task = Table(
    "mf_task", metadata,  # 追缴任务: the year's target of developers' arrears to recover
    Column("year", Integer, primary_key=True),
    Column("amount", Fen, nullable=False),
    Column("set_by", String(64), nullable=False),
    Column("set_at", DateTime, nullable=False),
)

mf_interest_run = Table(
    "mf_interest_run", metadata,  # 增值收益分配, one a year
    Column("year", Integer, primary_key=True),
    Column("income", Fen, nullable=False),
    Column("management_cost", Fen, nullable=False),
    Column("pool", Fen, nullable=False),
    Column("households", Integer, nullable=False),
    Column("jishu_total", BigInteger, nullable=False),
    Column("to_households", Fen, nullable=False),
    Column("to_common", Fen, nullable=False),
    Column("voucher_id", PK, nullable=True),
    Column("run_on", Date, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
)

mf_project = Table(
    "mf_project", metadata,  # 维修项目 (使用)
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("no", String(24), nullable=False, unique=True),
    Column("area_id", PK, ForeignKey("mf_area.id"), nullable=False),
    Column("kind", String(10), nullable=False),  # codes.ProjectKind
    Column("title", String(200), nullable=False),
    Column("contractor", String(100), nullable=True),
    Column("budget", Fen, nullable=False, default=0),
    Column("documents", String(500), nullable=True),
    Column("status", String(12), nullable=False),
    Column("publicity_from", Date, nullable=True),
    Column("publicity_to", Date, nullable=True),
    Column("vote_rules", String(20), nullable=True),
    Column("vote_result", String(1000), nullable=True),
    Column("paid", Fen, nullable=False, default=0),
    Column("cost", Fen, nullable=True),  # 决算
    Column("retention", Fen, nullable=False, default=0),
    Column("retention_released", Boolean, nullable=False, default=False),
    Column("applied_on", Date, nullable=False),
    Column("settled_on", Date, nullable=True),
    Column("created_by", String(64), nullable=False),
    Column("reviewed_by", String(64), nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=True),
)

mf_project_unit = Table(
    "mf_project_unit", metadata,  # 列支范围 and 分摊明细
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("project_id", PK, ForeignKey("mf_project.id"), nullable=False),
    Column("household_id", PK, ForeignKey("mf_household.id"), nullable=False),
    Column("floor_area", BigInteger, nullable=False),
    Column("planned", Fen, nullable=False),  # share of the budget
    Column("final", Fen, nullable=True),  # share of the final cost
    Column("charged", Fen, nullable=True),  # taken from the household's balance
    Column("owed", Fen, nullable=True),  # by the owner (shortfall) or the developer (unsold unit)
    UniqueConstraint("project_id", "household_id"),
)

mf_vote = Table(
    "mf_vote", metadata,  # one vote per unit (专有部分)
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("project_id", PK, ForeignKey("mf_project.id"), nullable=False),
    Column("household_id", PK, ForeignKey("mf_household.id"), nullable=False),
    Column("choice", String(10), nullable=False),  # codes.Choice
    Column("voted_on", Date, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    UniqueConstraint("project_id", "household_id"),
)

mf_payment = Table(
    "mf_payment", metadata,  # 拨付 in stages, and the release of the retention
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("project_id", PK, ForeignKey("mf_project.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("kind", String(10), nullable=False),  # stage | retention
    Column("amount", Fen, nullable=False),
    Column("paid_on", Date, nullable=False),
    Column("voucher_id", PK, nullable=True),
    Column("created_by", String(64), nullable=False),
    UniqueConstraint("project_id", "seq"),
)

mf_change = Table(
    "mf_change", metadata,  # 过户 and 灭失退还, maker-checker
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("no", String(24), nullable=False, unique=True),
    Column("kind", String(10), nullable=False),  # codes.ChangeKind
    Column("household_id", PK, ForeignKey("mf_household.id"), nullable=False),
    Column("new_owner_name", String(100), nullable=True),
    Column("new_owner_id_no", String(18), nullable=True),
    Column("new_property_unit_no", String(28), nullable=True),
    Column("reason", String(200), nullable=True),
    Column("amount", Fen, nullable=True),
    Column("status", String(12), nullable=False),
    Column("applied_on", Date, nullable=False),
    Column("new_household_id", PK, nullable=True),
    Column("voucher_id", PK, nullable=True),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=True),
)

mf_portal = Table(
    "mf_portal", metadata,  # a read-only portal login: an owner (household) or an owners' committee (area)
    Column("username", String(64), primary_key=True),
    Column("household_id", PK, ForeignKey("mf_household.id"), nullable=True),
    Column("area_id", PK, ForeignKey("mf_area.id"), nullable=True),
)

mf_project_event = event_table("mf_project_event", "mf_project", "project_id")
mf_change_event = event_table("mf_change_event", "mf_change", "change_id")
