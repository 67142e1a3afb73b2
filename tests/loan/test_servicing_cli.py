"""`anju loan run|overdue|collection|prepay|show` as an operator uses them (SQLite: the CLI only translates)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from anju.auth.actor import Role
from anju.loan import bankfile
from tests.loan.helpers import borrowers, disburse, failures, opening
from tests.support.cli import invoke_as, signed_in_user


@pytest.fixture
def engine(_sqlite_db):
    _sqlite_db.reset()
    return _sqlite_db.engine


def run(engine, *args: str):
    """As the loan officer ``loan_cli``, signed in (runs, prepayments and settlements move money)."""
    return invoke_as(engine, signed_in_user(engine, "loan_cli", Role.LOAN_OFFICER), "loan", *args)


def test_a_month_from_the_command_line(engine, tmp_path):
    people = borrowers(engine, 2)
    a, b = (disburse(engine, opening(pid, acct, n=n, on=date(2026, 1, 15))) for n, (pid, acct) in
            enumerate(people, start=1))
    out = run(engine, "run", "create", "--month", "2026-02", "--date", "2026-02-01", "--json")
    assert out.exit_code == 0, out.stdout
    assert json.loads(out.stdout)["count"] == 2
    assert run(engine, "run", "file", "--month", "2026-02", "--bank", "01", "--file",
               str(tmp_path / "f.csv")).exit_code == 0
    lines = (tmp_path / "f.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    results = []
    for line in lines:
        cells = line.split(",")
        ok = cells[2] == a
        results.append(bankfile.Result(cells[1], int(cells[8].replace(".", "")) if ok else 0,
                                       "paid" if ok else "failed", "" if ok else "账户余额不足", "B"))
    (tmp_path / "r.csv").write_bytes(bankfile.result_csv(results))
    out = run(engine, "run", "result", "--month", "2026-02", "--bank", "01", "--file", str(tmp_path / "r.csv"),
              "--date", "2026-02-16")
    assert "成功1笔，部分成功0笔，失败1笔" in out.stdout
    status = json.loads(run(engine, "run", "post", "--month", "2026-02", "--json").stdout)
    assert status["banks"][0]["status"] == "posted" and status["banks"][0]["voucher_id"]
    assert run(engine, "run", "close", "--month", "2026-02", "--date", "2026-03-01").exit_code == 0
    coll = json.loads(run(engine, "collection", "--date", "2026-03-10", "--json").stdout)
    assert [(r["loan_no"], r["days"], r["bucket"]) for r in coll] == [(b, 23, "1个月以内")]
    shown = json.loads(run(engine, "show", b, "--date", "2026-03-10", "--json").stdout)
    assert shown["status"] == "02" and shown["overdue_since"] == "2026-02-15"
    out = run(engine, "prepay", a, "--settle", "--date", "2026-03-10")
    assert "已结清" in out.stdout, out.stdout
    assert run(engine, "overdue", "--date", "2026-03-20").exit_code == 0
    assert failures(engine) == {}
