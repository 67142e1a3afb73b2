"""`anju bank …` on both databases: a statement file imported twice (nothing new the second time), matching,
the 调节表 in JSON with both adjusted balances, and 日结 refused then done after the item is explained."""

from __future__ import annotations

import json
from datetime import date

from anju.auth.actor import Role
from anju.bank import files
from anju.db import UnitOfWork
from anju.settle import recon
from anju.settle.codes import Side
from tests.settle.support import ACCOUNT, FIN1, book
from tests.support.cli import invoke, invoke_as, signed_in_user

D0, D1 = date(2026, 3, 1), date(2026, 3, 2)


def test_import_match_reconcile_and_close_at_the_command_line(engine, tmp_path):
    book(engine, "open", D0, 100_000_000)
    book(engine, "remit:A", D1, 500_000)
    rows = [{"序号": "1", "账号": ACCOUNT, "银行主机流水号": "S1", "金额": 500_000, "交易日期": D1, "余额": 100_500_000,
             "备注": "remit:A"},
            {"序号": "2", "账号": ACCOUNT, "银行主机流水号": "S2", "金额": -20_000, "交易日期": D1, "余额": 100_480_000,
             "摘要": "转账"}]
    f = tmp_path / "stmt.txt"
    f.write_bytes(files.write(rows, files.STATEMENT))
    user = signed_in_user(engine, "fin_cli", Role.FINANCE)
    first = invoke_as(engine, user, "bank", "statement", "import", str(f), "--account", ACCOUNT, "--json")
    again = invoke_as(engine, user, "bank", "statement", "import", str(f), "--account", ACCOUNT, "--json")
    assert json.loads(first.stdout)["new"] == 2 and json.loads(again.stdout)["new"] == 0
    out = invoke_as(engine, user, "bank", "match", "--date", "2026-03-02", "--json")
    assert json.loads(out.stdout)[ACCOUNT]["matched"] == {"remark": 1}
    out = json.loads(invoke(engine, "bank", "reconcile", "--account", ACCOUNT, "--date", "2026-03-02",
                            "--json").stdout)
    assert out["adjusted_bank"] == out["adjusted_ledger"] == "1004800.00"
    refused = invoke_as(engine, user, "bank", "close-day", "2026-03-02")
    assert refused.exit_code != 0 and "须说明原因" in refused.stdout + refused.stderr
    ref = next(i["ref"] for i in out["items"] if i["side"] == "bank")
    with UnitOfWork(engine) as uow:
        recon.note_item(uow, FIN1, account_code=ACCOUNT, side=Side.BANK, ref_id=ref, note="网银转账，待补单据")
        uow.commit()
    done = invoke_as(engine, user, "bank", "close-day", "2026-03-02")
    assert done.exit_code == 0, done.stdout
    assert "已日结" in invoke(engine, "bank", "reconcile", "--account", ACCOUNT, "--date", "2026-03-02").stdout
