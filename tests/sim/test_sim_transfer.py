"""Transfers between centres in the synthetic centre: members leave for other cities and arrive from them
through the transfer area's services; the indicators count them and verify stays clean."""

from __future__ import annotations

from datetime import date

from anju.indicators import catalogue as cat
from anju.sim.plan import SimConfig
from anju.sim.run import run
from anju.verify import run_all


def test_the_simulator_moves_members_in_and_out(engine):
    run(engine, SimConfig(seed=5, members=200, employers=3, start_month=202501, months=4, leave_rate=0.05,
                          activity_share=6.0, activities=("transfer",)), path="bulk")
    year = cat.Period(date(2025, 1, 1), date(2026, 1, 1), "2025年")
    with engine.connect() as conn:
        got = {code: cat.value(conn, code, year) for code in
               ("transfer.in_count", "transfer.out_count", "transfer.in_amount", "transfer.count")}
        assert got["transfer.in_count"] > 0 and got["transfer.out_count"] > 0 and got["transfer.in_amount"] > 0
        assert got["transfer.count"] == got["transfer.in_count"] + got["transfer.out_count"]
        assert [r.check.name for r in run_all(conn) if not r.ok] == []
