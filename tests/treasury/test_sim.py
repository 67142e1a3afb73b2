"""A simulated year with the treasury activity on both databases: deposits placed through maker-checker, accrued
monthly, one matured and one renewed, bonds bought; the three statements of 2025 balance and tie to the trial
balance (the year still open: its gain sits in 待分配增值收益), and `anju verify` holds."""

from __future__ import annotations

from datetime import date

from anju.sim.plan import SimConfig
from anju.sim.run import run
from anju.treasury import queries
from anju.treasury.statements import build
from anju.verify import run_all

CFG = SimConfig(seed=11, members=30, employers=2, start_month=202501, months=7, hire_rate=0.0, leave_rate=0.0,
                deferral_share=0.0, arrears_share=0.0, activities=("fund", "treasury"))


def test_a_simulated_year_places_part_of_the_fund_and_the_statements_hold(engine):
    run(engine, CFG, path="service")
    with engine.connect() as conn:
        rows = queries.register(conn)
    statuses = {(r.kind, r.status) for r in rows}
    assert {("time", "matured"), ("time", "renewed"), ("bond", "placed"), ("time", "placed")} <= statuses
    with engine.connect() as conn:
        s = build(conn, year=2025)
        failed = [r for r in run_all(conn) if not r.ok]
        interest = queries.register(conn, status="matured")[0].interest_received
    assert s.ok, [c for c in s.checks if not c.ok]
    assert failed == [], [(r.check.name, [v.message for v in r.violations][:3]) for r in failed]
    sheet, income, dist = s.statements
    assert sheet.value(12) > 0 and income.value(2, 0) > 0  # 国家债券 held; deposit interest earned
    assert dist.value(1, 0) == income.value(12, 0) and interest > 0
    assert date(2025, 12, 31) == s.end
