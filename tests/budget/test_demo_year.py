"""A year of a simulated centre end to end: the fund's books from the synthetic centre, the budget year of the
centre itself, the ten final-account tables with their cross-checks, the self-evaluation whose fund indicators
fill themselves from the ledger through the statistics catalogue, and the Word documents."""

from __future__ import annotations

import io

from anju.auth.actor import Actor, Channel, Role
from anju.budget import service
from anju.budget.demo import load_demo
from anju.db import UnitOfWork
from anju.indicators import catalogue as cat
from anju.sim.plan import SimConfig
from anju.sim.run import run

FINANCE = Actor("caiwu", frozenset({Role.FINANCE}), Channel.COUNTER)
DEPT = "示例市住房公积金管理中心"


def test_a_simulated_year_fills_the_budget_self_evaluation(engine):
    run(engine, SimConfig(seed=7, members=150, employers=4, start_month=202501, months=12), path="bulk")
    with UnitOfWork(engine) as uow:
        load_demo(uow, FINANCE, year=2025, dept=DEPT)
        uow.commit()
    with engine.connect() as conn:
        report = service.year_report(conn, FINANCE, year=2025)
        ye = service.evaluate_year(conn, FINANCE, year=2025)
        collected = cat.value(conn, "deposit.amount", cat.Period.year(2025))
        final_docx = service.final_accounts_docx(conn, FINANCE, year=2025)
        self_docx = service.self_evaluation_docx(conn, FINANCE, year=2025)
    assert len(report.accounts.statements) == 10 and report.ok, [c for c in report.checks if not c.ok]
    fund_rows = [i for i, r in enumerate(ye.rows) if r.fund_code]
    assert fund_rows, "the demo framework has fund indicators"
    deposit = next(i for i in fund_rows if ye.rows[i].fund_code == "deposit.amount")
    # 归集额 in 万元 with two decimals, computed from the simulated ledger — not typed in.
    assert collected > 0
    assert ye.self_evaluation.actuals[deposit] == f"{collected / 1_000_000:.2f}万元"
    assert "自动" in ye.self_evaluation.provenance[deposit]
    from docx import Document

    for data in (final_docx, self_docx):
        text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
        assert DEPT in text and "预算" in text
