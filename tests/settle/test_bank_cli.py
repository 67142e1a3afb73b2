"""`anju bank …` (bankcore's commands) as finance uses them: the register, a 专户 request approved by another
person, fees of a month, the assessment with its Word and Excel (SQLite: the CLI only translates)."""

from __future__ import annotations

import json

import pytest

from anju.auth.actor import Role
from tests.support.cli import invoke_as, signed_in_user


@pytest.fixture
def engine(_sqlite_db):
    _sqlite_db.reset()
    return _sqlite_db.engine


def test_register_request_fees_and_assessment(engine, tmp_path):
    fin1 = signed_in_user(engine, "fin_cli1", Role.FINANCE)
    fin2 = signed_in_user(engine, "fin_cli2", Role.FINANCE)
    banks = json.loads(invoke_as(engine, fin1, "bank", "banks", "--json").stdout)
    assert banks[0]["agreements"][0]["no"] == "SLWT-2015-01"
    assert {a["purpose"] for a in banks[0]["accounts"]} == {"collect", "gain"}
    made = invoke_as(engine, fin1, "bank", "account", "open", "--bank", "03", "--purpose", "settle",
                     "--account-no", "18550101040000099", "--name", "示例市住房公积金管理中心结算户", "--ledger", "10103",
                     "--opened-on", "2026-03-01")
    assert made.exit_code == 0, made.output
    assert invoke_as(engine, fin1, "bank", "change", "approve", "1").exit_code != 0  # not one's own
    assert invoke_as(engine, fin2, "bank", "change", "approve", "1").exit_code == 0
    layout = invoke_as(engine, fin1, "bank", "layout-set", "02", "statement", "--encoding", "utf-8-sig",
                       "--delimiter", ",")
    assert layout.exit_code == 0, layout.output
    bad = invoke_as(engine, fin1, "bank", "layout-set", "02", "statement", "--column", "金额")
    assert bad.exit_code != 0 and "缺少必需的列" in bad.output
    fees = invoke_as(engine, fin1, "bank", "fees", "--month", "202603", "--json")
    assert fees.exit_code == 0, fees.output
    with engine.connect() as conn:
        from anju.bank import queries

        assert queries.account(conn, "18550101040000099").ledger_code == "10103"
        assert queries.file_layout(conn, "02", "statement").delimiter == ","
    out = invoke_as(engine, fin1, "bank", "assess", "--year", "2026", "--docx", str(tmp_path / "a.docx"),
                    "--xlsx", str(tmp_path / "a.xlsx"), "--json")
    assert out.exit_code == 0, out.output
    assert len(json.loads(out.stdout)) == 4 and (tmp_path / "a.docx").read_bytes()[:2] == b"PK"
