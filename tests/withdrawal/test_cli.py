"""`anju withdrawal …` as an operator uses it: reasons in force, 试算, payment file and bank result, verify."""

from __future__ import annotations

import json

import pytest

from anju.auth.actor import Role
from anju.registry.service import get_account
from anju.withdrawal import payout, queries
from tests.support.cli import invoke_as, signed_in_user
from tests.withdrawal.helpers import failures, member, other, review_and_approve


@pytest.fixture
def engine(_sqlite_db):
    """The CLI only translates to the services (tested on both databases); each call prepares the database
    again, so these run on SQLite alone."""
    _sqlite_db.reset()
    return _sqlite_db.engine


def run(engine, *args: str):
    """As the finance user ``finance_cli``, signed in (payment files and bank results move money)."""
    return invoke_as(engine, signed_in_user(engine, "finance_cli", Role.FINANCE), "withdrawal", *args)


def test_reasons_check_payment_file_and_result(engine, tmp_path):
    reasons = json.loads(run(engine, "reasons", "--date", "2026-09-19", "--json").stdout)
    assert reasons["decoration"]["allowed"] is False and reasons["rent_market"]["income_share"] == "0.05"
    acct, _ = member(engine, 1)
    with engine.connect() as conn:
        account_no = get_account(conn, acct).account_no
    checked = run(engine, "check", account_no, "rent_market", "--fact", "property_address=示例市1号",
                  "--fact", "children=0", "--all-docs", "--date", "2026-10-12", "--json")
    out = json.loads(checked.stdout)
    assert checked.exit_code == 0 and out["allowed"] and out["explanation"][-1] == "本次最多可提取 12,000.00 元"
    refused = run(engine, "check", account_no, "rent_market", "--date", "2026-10-12", "--json")
    assert refused.exit_code == 1 and "缺少申请要素：房屋坐落" in json.loads(refused.stdout)["explanation"]

    review_and_approve(engine, other(engine, acct, 100_000).id)
    made = run(engine, "payout-file", "01", str(tmp_path), "--date", "2026-10-12")
    assert made.exit_code == 0, made.output
    (file,) = tmp_path.glob("TQ_01_20261012_01.csv")
    with engine.connect() as conn:
        (line,) = queries.batch_lines(conn, 1)
    result = tmp_path / "result.csv"
    result.write_bytes(payout.result_csv([payout.Result(line.payment_no, True, "", "B1")]))
    done = json.loads(run(engine, "payout-result", "1", str(result), "--date", "2026-10-13", "--json").stdout)
    assert done["paid"] == 1 and done["paid_total"] == "1000.00"
    assert failures(engine) == {}
