"""Reading the budget tables into domain values (fetch, then compute)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Connection, func, select

from anju.budget.codes import Code
from anju.budget.perf_table import IndicatorRow
from anju.budget.rules import (
    CarryLine,
    ExpenditureKind,
    FundSource,
    IncomeLine,
    IncomeSource,
    PlanLine,
    SpendLine,
    YearData,
)
from anju.budget.scoring import Indicator, Method, Rules, Source
from anju.budget.tables import (
    budget_carry,
    budget_econ_code,
    budget_fact,
    budget_func_code,
    budget_income,
    budget_perf_indicator,
    budget_perf_rules,
    budget_plan,
    budget_spend,
    budget_text,
    budget_year,
)


def func_codes(conn: Connection) -> list[Code]:
    rows = conn.execute(select(budget_func_code).order_by(budget_func_code.c.code))
    return [Code(r.code, r.name, r.description) for r in rows]


def econ_codes(conn: Connection) -> list[Code]:
    return [Code(r.code, r.name) for r in conn.execute(select(budget_econ_code).order_by(budget_econ_code.c.code))]


@dataclass(frozen=True)
class YearInfo:
    year: int
    dept_name: str
    source: str
    content_hash: str
    updated_at: datetime
    updated_by: str


def years(conn: Connection) -> list[YearInfo]:
    return [YearInfo(r.year, r.dept_name, r.source, r.content_hash, r.updated_at, r.updated_by)
            for r in conn.execute(select(budget_year).order_by(budget_year.c.year))]


def year_info(conn: Connection, year: int) -> YearInfo | None:
    r = conn.execute(select(budget_year).where(budget_year.c.year == year)).first()
    return None if r is None else YearInfo(r.year, r.dept_name, r.source, r.content_hash, r.updated_at, r.updated_by)


def load_year(conn: Connection, year: int) -> YearData | None:
    """The year's lines and facts with the current code names; None when the year was never imported."""
    info = year_info(conn, year)
    if info is None:
        return None

    def rows(table, *order):
        return conn.execute(select(table).where(table.c.year == year).order_by(*order)).all()

    income = tuple(IncomeLine(r.func_code, IncomeSource(r.source), int(r.amount))
                   for r in rows(budget_income, budget_income.c.func_code, budget_income.c.source))
    plan = tuple(PlanLine(r.func_code, FundSource(r.fund), ExpenditureKind(r.kind), r.project, int(r.initial),
                          int(r.adjustment)) for r in rows(budget_plan, budget_plan.c.id))
    spend = tuple(SpendLine(r.func_code, FundSource(r.fund), ExpenditureKind(r.kind), r.project, r.econ_code,
                            int(r.amount)) for r in rows(budget_spend, budget_spend.c.id))
    carry = tuple(CarryLine(r.func_code, FundSource(r.fund), int(r.carry_in), int(r.carry_out))
                  for r in rows(budget_carry, budget_carry.c.id))
    facts = {r.key: int(r.value) for r in rows(budget_fact, budget_fact.c.key)}
    fcodes = func_codes(conn)
    return YearData(year, info.dept_name, income, plan, spend, carry, facts,
                    {c.code: c.name for c in fcodes}, {c.code: c.name for c in econ_codes(conn)},
                    {c.code: c.description for c in fcodes if c.description})


def texts(conn: Connection, year: int) -> dict[str, str]:
    return dict(conn.execute(select(budget_text.c.key, budget_text.c.body).where(budget_text.c.year == year)).all())


@dataclass(frozen=True)
class StoredIndicator:
    seq: int
    row: IndicatorRow
    updated_at: datetime
    updated_by: str


def indicators(conn: Connection, year: int) -> list[StoredIndicator]:
    t = budget_perf_indicator
    out = []
    for r in conn.execute(select(t).where(t.c.year == year).order_by(t.c.seq)):
        ind = Indicator(level1=r.level1, level2=r.level2, level3=r.level3, target=r.target, actual=r.actual,
                        weight=r.weight, score=r.score, method=Method(r.method), reason=r.score_reason,
                        cause=r.cause, row=r.seq)
        out.append(StoredIndicator(r.seq, IndicatorRow(ind, Source(r.source), r.fund_code or "", r.evidence),
                                   r.updated_at, r.updated_by))
    return out


def rules(conn: Connection, year: int) -> Rules:
    text = conn.execute(select(budget_perf_rules.c.rules_json).where(budget_perf_rules.c.year == year)).scalar()
    return Rules.from_json(text)


def indicator_record(stored: StoredIndicator) -> dict:
    """The audit view of one indicator (what changed is compared field by field)."""
    ind, row = stored.row.indicator, stored.row
    return {"seq": stored.seq, "level1": ind.level1, "level2": ind.level2, "level3": ind.level3,
            "target": ind.target, "weight": _s(ind.weight), "source": row.source.value, "fund_code": row.fund_code,
            "method": ind.method.value, "actual": ind.actual, "evidence": row.evidence, "score": _s(ind.score),
            "score_reason": ind.reason, "cause": ind.cause}


def _s(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


@dataclass(frozen=True)
class TextRecord:
    key: str
    body: str
    updated_at: datetime
    updated_by: str


def text_records(conn: Connection, year: int) -> dict[str, TextRecord]:
    t = budget_text
    return {r.key: TextRecord(r.key, r.body, r.updated_at, r.updated_by)
            for r in conn.execute(select(t).where(t.c.year == year))}


def indicator_years(conn: Connection) -> list[tuple[int, int]]:
    """(year, number of indicators) for every year with a framework."""
    t = budget_perf_indicator
    return [(r[0], r[1]) for r in conn.execute(select(t.c.year, func.count()).group_by(t.c.year).order_by(t.c.year))]


def rules_stored(conn: Connection, year: int) -> tuple[datetime, str] | None:
    """When and by whom the year's rules were last set; None while the defaults apply."""
    t = budget_perf_rules
    row = conn.execute(select(t.c.updated_at, t.c.updated_by).where(t.c.year == year)).first()
    return None if row is None else (row.updated_at, row.updated_by)
