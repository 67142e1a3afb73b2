"""Budget tables: classification codes, the year's lines and facts, staff texts, the indicator framework."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from anju.db.meta import PK, Fen, Rate, metadata

FUNDS = "'general', 'gov_fund', 'soe', 'other'"
KINDS = "'basic', 'project', 'remit', 'operating', 'subsidy'"

# 支出功能分类科目 (类 3 digits / 款 5 / 项 7): an editable list seeded with the standard codes.
budget_func_code = Table(
    "budget_func_code", metadata,
    Column("code", String(7), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("parent_code", String(7), ForeignKey("budget_func_code.code"), nullable=True),
    Column("description", Text, nullable=False, default=""),  # printed in 名词解释
    CheckConstraint("length(code) in (3, 5, 7)", name="code_length"),
)

# 部门预算支出经济分类科目 (类 3 digits / 款 5).
budget_econ_code = Table(
    "budget_econ_code", metadata,
    Column("code", String(5), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("parent_code", String(5), ForeignKey("budget_econ_code.code"), nullable=True),
    CheckConstraint("length(code) in (3, 5)", name="code_length"),
)

# One row per budget year: who imported it, from what, and the hash of its lines (checked by anju verify).
budget_year = Table(
    "budget_year", metadata,
    Column("year", Integer, primary_key=True),
    Column("dept_name", String(100), nullable=False),
    Column("source", String(200), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("updated_by", String(64), nullable=False),
)

budget_income = Table(
    "budget_income", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("year", Integer, ForeignKey("budget_year.year"), nullable=False),
    Column("func_code", String(7), ForeignKey("budget_func_code.code"), nullable=False),
    Column("source", String(16), nullable=False),
    Column("amount", Fen, nullable=False),
    UniqueConstraint("year", "func_code", "source"),
    CheckConstraint("source in ('general', 'gov_fund', 'soe', 'superior', 'business', 'operating', 'affiliate', "
                    "'other')", name="source"),
    CheckConstraint("amount >= 0", name="amount"),
)

budget_plan = Table(
    "budget_plan", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("year", Integer, ForeignKey("budget_year.year"), nullable=False),
    Column("func_code", String(7), ForeignKey("budget_func_code.code"), nullable=False),
    Column("fund", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("project", String(100), nullable=False, default=""),  # '' for everything but 项目支出
    Column("initial", Fen, nullable=False),
    Column("adjustment", Fen, nullable=False),
    UniqueConstraint("year", "func_code", "fund", "kind", "project"),
    CheckConstraint(f"fund in ({FUNDS})", name="fund"),
    CheckConstraint(f"kind in ({KINDS})", name="kind"),
)

budget_spend = Table(
    "budget_spend", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("year", Integer, ForeignKey("budget_year.year"), nullable=False),
    Column("func_code", String(7), ForeignKey("budget_func_code.code"), nullable=False),
    Column("fund", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("project", String(100), nullable=False, default=""),
    Column("econ_code", String(5), ForeignKey("budget_econ_code.code"), nullable=False),
    Column("amount", Fen, nullable=False),
    UniqueConstraint("year", "func_code", "fund", "kind", "project", "econ_code"),
    CheckConstraint(f"fund in ({FUNDS})", name="fund"),
    CheckConstraint(f"kind in ({KINDS})", name="kind"),
    CheckConstraint("amount >= 0", name="amount"),
)

budget_carry = Table(
    "budget_carry", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("year", Integer, ForeignKey("budget_year.year"), nullable=False),
    Column("func_code", String(7), ForeignKey("budget_func_code.code"), nullable=False),
    Column("fund", String(16), nullable=False),
    Column("carry_in", Fen, nullable=False),
    Column("carry_out", Fen, nullable=False),
    UniqueConstraint("year", "func_code", "fund"),
    CheckConstraint(f"fund in ({FUNDS})", name="fund"),
    CheckConstraint("carry_in >= 0 AND carry_out >= 0", name="amounts"),
)

# Yearly facts by key (anju.budget.rules.FACTS): amounts in fen, counts, flags as 0/1.
budget_fact = Table(
    "budget_fact", metadata,
    Column("year", Integer, ForeignKey("budget_year.year"), primary_key=True),
    Column("key", String(60), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

# Free text written by staff for the documents (duties, reasons for changes, the self-evaluation parts).
budget_text = Table(
    "budget_text", metadata,
    Column("year", Integer, primary_key=True),
    Column("key", String(60), primary_key=True),
    Column("body", Text, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("updated_by", String(64), nullable=False),
)

# The performance indicator framework of a year (部门整体支出绩效指标).
budget_perf_indicator = Table(
    "budget_perf_indicator", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("year", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("level1", String(60), nullable=False),
    Column("level2", String(60), nullable=False),
    Column("level3", String(200), nullable=False),
    Column("target", String(100), nullable=False),  # as written: "≥54.12", "<=10%", "健全"
    Column("weight", Rate, nullable=True),
    Column("source", String(16), nullable=False),  # manual | execution | fund
    Column("fund_code", String(60), nullable=True),
    Column("method", String(16), nullable=False),  # auto | execution | manual
    Column("actual", String(100), nullable=True),
    Column("evidence", String(100), nullable=False, default=""),  # 完成值来源: 报表, 文件 …
    Column("score", Rate, nullable=True),  # the evaluator's score (overrides the rule)
    Column("score_reason", String(500), nullable=False, default=""),
    Column("cause", Text, nullable=False, default=""),  # 偏差原因分析及改进措施
    Column("updated_at", DateTime, nullable=False),
    Column("updated_by", String(64), nullable=False),
    UniqueConstraint("year", "seq"),
    CheckConstraint("source in ('manual', 'execution', 'fund')", name="source"),
    CheckConstraint("method in ('auto', 'execution', 'manual')", name="method"),
)

# Scoring rules of a year as JSON (anju.budget.scoring.Rules); absent = the defaults.
budget_perf_rules = Table(
    "budget_perf_rules", metadata,
    Column("year", Integer, primary_key=True),
    Column("rules_json", Text, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("updated_by", String(64), nullable=False),
)

__all__ = ["budget_carry", "budget_econ_code", "budget_fact", "budget_func_code", "budget_income",
           "budget_perf_indicator", "budget_perf_rules", "budget_plan", "budget_spend", "budget_text",
           "budget_year"]
