"""The three statements on the worked example of hpf-reference-2 §3 (万元, one year), on both databases: the
balance sheet balances and ties to the trial balance, 增值收益 = 收入 − 支出 = 2,664, the distribution leaves 500
undistributed as the balance sheet says; a month before the close balances too; Excel and the checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from anju.auth.actor import cli_actor
from anju.db import UnitOfWork
from anju.ledger.rules import Line, Posting
from anju.ledger.service import post
from anju.treasury.statements import build

WAN = 1_000_000  # 1 万元 in fen
ACTOR = cli_actor("test")


def _post(engine, day: date, kind: str, *pairs: tuple[str, str, float]) -> None:
    lines = []
    for dr, cr, wan in pairs:
        lines += [Line.dr(dr, int(wan * WAN)), Line.cr(cr, int(wan * WAN))]
    with UnitOfWork(engine) as uow:
        post(uow, ACTOR, Posting(f"t:{day}:{kind}:{len(lines)}:{pairs[0]}", day, kind, "测试", lines),
             check_permission=False)
        uow.commit()


def worked_example(engine) -> None:
    _post(engine, date(2024, 12, 31), "manual", ("10101", "201", 30_000), ("10201", "301", 500),
          ("121", "201", 165_000), ("121", "301", 4_600), ("122", "32104", 100), ("121", "32104", 400))
    d = date(2025, 3, 15)
    _post(engine, d, "manual", ("10101", "201", 40_000))
    _post(engine, d, "manual", ("201", "10101", 28_000), ("121", "10101", 25_000), ("10101", "121", 15_000))
    _post(engine, date(2025, 6, 30), "manual", ("10101", "40103", 5_200), ("10101", "40101", 600),
          ("10201", "40102", 10), ("41101", "211", 2_950), ("211", "201", 2_950))
    _post(engine, date(2025, 9, 30), "manual", ("41102", "10101", 40), ("41103", "10101", 156))
    end = date(2025, 12, 31)
    _post(engine, end, "yearend.close_income", ("40101", "311", 600), ("40102", "311", 10), ("40103", "311", 5_200),
          ("311", "41101", 2_950), ("311", "41102", 40), ("311", "41103", 156))
    _post(engine, end, "yearend.move_gain", ("10201", "10101", 2_654))
    _post(engine, end, "yearend.distribute", ("32101", "301", 100), ("32102", "21401", 800),
          ("32103", "21402", 1_764), ("311", "32101", 100), ("311", "32102", 800), ("311", "32103", 1_764))
    _post(engine, end, "manual", ("21401", "10201", 800))


def test_a_year_of_the_worked_example_balances_and_ties(engine):
    worked_example(engine)
    with engine.connect() as conn:
        s = build(conn, year=2025)
    assert s.ok, [c for c in s.checks if not c.ok]
    sheet, income, dist = s.statements
    assert sheet.columns == ("年初数", "年末数")
    w = {r.row: tuple(v // WAN for v in r.values) for r in (*sheet.left, *sheet.right)}
    assert w[1] == (30_000, 34_950) and w[2] == (500, 2_364) and w[8] == (170_000, 180_000) and w[9] == (100, 100)
    assert w[15] == (200_600, 217_414) and w[30] == (200_600, 217_414)
    assert w[16] == (195_000, 209_950) and w[23] == (0, 1_764) and w[27] == (5_100, 5_200) and w[28] == (500, 500)
    assert income.columns == ("本年数", "上年数")
    i = {r.row: r.values[0] // WAN for r in income.left}
    assert (i[1], i[7], i[12]) == (5_810, 3_146, 2_664)
    d = {r.row: r.values[0] // WAN for r in dist.left}
    assert (d[1], d[2], d[3], d[4], d[5], d[6], d[7]) == (2_664, 500, 3_164, 100, 800, 1_764, 500)
    # a month before the close balances too, with the year open
    with engine.connect() as conn:
        s = build(conn, year=2025, month=6)
    assert s.ok, [c for c in s.checks if not c.ok]
    sheet, income, dist = s.statements
    assert income.columns == ("本月数", "本年累计数")
    assert income.value(12, 0) == income.value(12, 1) == (5_810 - 2_950) * WAN  # June: interest, no fees yet
    assert sheet.value(28) == (500 + 5_810 - 2_950) * WAN  # the open year's gain sits in 待分配增值收益
    assert dist.value(7) == sheet.value(28)


def test_a_broken_ledger_fails_the_tie_to_the_trial_balance(engine):
    """An account the layout does not map (a 119-like code outside the table) leaves the sheet unbalanced: the
    checks say so before anything is published."""
    worked_example(engine)
    from anju.treasury import layout

    saved = layout.ASSETS
    layout.ASSETS = tuple(replace(d, accounts=()) if d.row == 9 else d for d in saved)  # 逾期贷款 maps nothing
    try:
        with engine.connect() as conn:
            s = build(conn, year=2025)
    finally:
        layout.ASSETS = saved
    failed = {c.name for c in s.checks if not c.ok}
    assert {"balance", "trial_balance"} <= failed
