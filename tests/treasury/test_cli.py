"""`anju fund …` and `anju statements` on both databases: place as finance, approve as another person, accrue as
the system job, the ladder, mature, a transfer; the statements print their checks."""

from __future__ import annotations

import json
from datetime import datetime

from anju.auth.actor import Role
from anju.core import clock
from tests.support.cli import invoke, invoke_as, signed_in_user
from tests.treasury.helpers import COLLECT_01, COLLECT_02, fund


def test_place_approve_accrue_ladder_mature_and_statements(engine):
    fund(engine)
    maker = signed_in_user(engine, "fin_cli", Role.FINANCE)
    checker = signed_in_user(engine, "appr_cli", Role.APPROVER)
    with clock.frozen(datetime(2025, 1, 10, 2, 0)):
        placed = invoke_as(engine, maker, "fund", "place", "--kind", "time", "--from", COLLECT_01, "--amount",
                           "10000000.00", "--rate", "1.65%", "--months", "3", "--start", "2025-01-10", "--json")
        assert placed.exit_code == 0, placed.output
        no = json.loads(placed.output)["no"]
        assert invoke_as(engine, maker, "fund", "approve", no).exit_code != 0  # the maker may not check
        assert "已审批并记账" in invoke_as(engine, checker, "fund", "approve", no).output
        moved = invoke_as(engine, maker, "fund", "transfer", "--from", COLLECT_02, "--to", COLLECT_01, "--amount",
                          "1000.00", "--date", "2025-01-10")
        assert "待审批" in moved.output
        assert "已审批并记账" in invoke_as(engine, checker, "fund", "approve", "DD00000001").output
    with clock.frozen(datetime(2025, 2, 3, 2, 0)):
        acc = invoke(engine, "fund", "accrue", "--month", "202501", "--json")
        assert json.loads(acc.output)["amount"] == "9625.00"  # 10,000,000.00 × 1.65% × 21 / 360
        ladder = invoke(engine, "fund", "ladder", "--json")
        assert json.loads(ladder.output)["rungs"][1]["principal"] == "10000000.00"  # 66 days left
    with clock.frozen(datetime(2025, 4, 10, 2, 0)):
        done = invoke_as(engine, maker, "fund", "mature", no, "--date", "2025-04-10")
        assert "利息 41,250.00 元" in done.output, done.output  # 10,000,000.00 × 1.65% × 3 / 12
        out = invoke(engine, "statements", "--year", "2025", "--month", "4")
        assert out.exit_code == 0, out.output
        assert "通过" in out.output and "资产负债表" in out.output and "41,250.00" in out.output
