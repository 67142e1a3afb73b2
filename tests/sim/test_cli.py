"""`anju sim` as an operator runs it: a small city, verified, and a clear refusal to generate a seed twice."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from anju.registry.tables import account, employer
from tests.support.cli import invoke


@pytest.fixture
def engine(_sqlite_db):
    """The CLI only drives the generator (tested on both databases); it runs on SQLite alone here."""
    _sqlite_db.reset()
    return _sqlite_db.engine


def run(engine, *args: str):
    return invoke(engine, "sim", *args)


def test_sim_generates_verifies_and_refuses_a_seed_twice(engine):
    args = ("--members", "40", "--employers", "3", "--months", "2", "--start", "202509", "--path", "bulk")
    result = run(engine, *args, "--json")
    assert result.exit_code == 0, result.stdout
    out = json.loads(result.stdout)
    assert out["verify"] == "ok" and out["path"] == "bulk" and out["months"] == 2 and out["employers"] == 3
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(employer)).scalar_one() == 3
        assert conn.execute(select(func.count()).select_from(account)).scalar_one() == out["members"]
    again = run(engine, *args)
    assert again.exit_code != 0 and "已在本数据库中生成过" in again.stdout + (again.stderr or "")
