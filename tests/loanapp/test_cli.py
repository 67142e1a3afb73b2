"""`anju loan limit|apply|applications` as an operator uses them (SQLite; the services are tested on both)."""

from __future__ import annotations

import json

import pytest

from anju.auth.actor import Role
from tests.loanapp.helpers import couple, form
from tests.support.cli import invoke_as, signed_in_user


@pytest.fixture
def engine(_sqlite_db):
    _sqlite_db.reset()
    return _sqlite_db.engine


def run(engine, *args: str):
    """As a signed-in clerk: accepting an application is the clerk's act (limit and the queues only read)."""
    return invoke_as(engine, signed_in_user(engine, "loan_cli", Role.CLERK), "loan", *args)


def test_limit_apply_and_queue(engine):
    me, wife = couple(engine)
    out = run(engine, "limit", me["account_no"], "--months", "120", "--price", "800000", "--income", "9000",
              "--co-income", "7000", "--date", "2026-10-12", "--json")
    assert out.exit_code == 0, out.output
    a = json.loads(out.stdout)
    assert a["max_amount"] == "640000.00" and a["binding"] == "ltv" and a["allowed"]
    assert [f["code"] for f in a["factors"]] == ["cap", "balance", "capacity", "ltv"]
    shown = run(engine, "limit", me["account_no"], "--date", "2026-10-12")  # no price: no loan-to-value line
    assert shown.exit_code == 0 and "贷款成数" not in shown.stdout and "账户余额" in shown.stdout

    fields = [f"{k}={v}" for k, v in form(me, wife).items()]
    bad = run(engine, "apply", *fields, "amount=700000.00", "repay_day=31", "--check", "--date", "2026-10-12",
              "--json")
    assert bad.exit_code == 1 and any("约定还款日" in p for p in json.loads(bad.stdout)["problems"])
    made = run(engine, "apply", *fields, "--date", "2026-10-12", "--json")
    assert made.exit_code == 0, made.output
    assert json.loads(made.stdout)["no"] == "DKSQ0000000001"
    queue = json.loads(run(engine, "applications", "--stage", "review", "--date", "2026-10-27", "--json").stdout)
    assert queue[0]["no"] == "DKSQ0000000001" and queue[0]["overdue"] and queue[0]["left"] == -1
    wrong = run(engine, "apply", "nonsense", "--date", "2026-10-12")
    assert wrong.exit_code == 1 and "字段=值" in wrong.output
