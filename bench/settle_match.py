"""A day's bank statements imported and matched at scale (not a test): issue 19's figure — about 50,000 lines, a
1,000,000-member centre's day — imported and matched in under 10 s on each database.

    .venv/bin/python bench/settle_match.py [--lines 50000] [--backend both|sqlite|postgresql]

Builds a fresh database per backend (SQLite in a temporary file; PostgreSQL as a new database on
127.0.0.1:5432 — ANJU_BENCH_PG_ADMIN for another server), prepared with the sample centre, opens bank 01's
归集户 and posts N one-line-per-voucher entries on 10101 through ``ledger.service.post_many`` (not timed). The
statement file of that day (N lines: 80 % carry the 业务流水号 in 备注, 15 % only amount and date, 5 % are bank-only
fees) is written by ``anju.bank.files`` and then timed: reading it (``statements.read_file``), importing it
(``import_statement``), matching (``recon.run_match``), the 调节表 (``recon.reconcile``), and a re-import of the
same file (nothing changes). Prints the figures for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

ADMIN = os.environ.get("ANJU_BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
DAY = date(2026, 3, 2)
ACCOUNT = "1904020129000000011"


def run(url: str, n: int, key_dir: Path) -> dict:
    os.environ["ANJU_AUDIT_KEY_FILE"] = str(key_dir / f"{uuid.uuid4().hex}.key")
    from anju.auth.actor import cli_actor
    from anju.bank import files
    from anju.bank import service as bank_service
    from anju.bootstrap import prepare
    from anju.db import UnitOfWork, make_engine
    from anju.ledger import service
    from anju.ledger.rules import Line, Posting
    from anju.settle import recon
    from anju.settle import statements as stmts

    engine = make_engine(url)
    prepare(engine)
    actor = cli_actor("bench")
    rng = random.Random(19)
    with UnitOfWork(engine) as uow:
        from anju.bank import queries as bank_queries

        if bank_queries.account(uow.conn, ACCOUNT) is None:  # the sample centre file opens it
            bank_service.open_account(uow.conn, bank_code="01", purpose="collect", account_no=ACCOUNT,
                                      account_name="住房公积金归集户", ledger_code="10101",
                                      opened_on=DAY - timedelta(days=30), at=datetime(2026, 1, 1), by="bench")
        service.post(uow, actor, Posting(key="bench:open", voucher_date=DAY - timedelta(days=1), kind="bench",
                                         summary="期初", lines=[Line.dr("10101", 10**12), Line.cr("219", 10**12)]),
                     check_permission=False)
        uow.commit()
    amounts = []
    t0 = time.perf_counter()
    batch = 10_000
    for start in range(0, n, batch):
        postings = []
        for i in range(start, min(n, start + batch)):
            a = rng.randrange(1_000, 5_000_000) * (1 if rng.random() < 0.7 else -1)
            amounts.append(a)
            lines = [Line.dr("10101", a), Line.cr("219", a)] if a > 0 else [Line.dr("219", -a), Line.cr("10101", -a)]
            postings.append(Posting(key=f"bench:{i}", voucher_date=DAY, kind="bench", summary=f"业务{i}", lines=lines))
        with UnitOfWork(engine) as uow:
            service.post_many(uow, actor, postings)
            uow.commit()
    out = {"lines": n, "post_s": round(time.perf_counter() - t0, 1)}
    if engine.dialect.name == "postgresql":  # the day's vouchers were posted over the day: autovacuum has analysed
        from sqlalchemy import text

        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE voucher, voucher_line"))
    rows, balance = [], 10**12
    for i, a in enumerate(amounts):
        r = rng.random()
        if r < 0.05:
            a = -rng.randrange(100, 5_000)
            remark, summary = None, "手续费"
        elif r < 0.20:
            remark, summary = None, "汇入" if a > 0 else "代付"
        else:
            remark, summary = f"bench:{i}", "汇入" if a > 0 else "代付"
        balance += a
        rows.append({"序号": str(i + 1), "账号": ACCOUNT, "银行主机流水号": f"B{i:09d}", "金额": a, "交易日期": DAY,
                     "余额": balance, "备注": remark, "摘要": summary})
    data = files.write(rows, files.STATEMENT)
    name = f"{ACCOUNT}_{DAY:%Y%m%d}.txt"
    t = time.perf_counter()
    with UnitOfWork(engine) as uow:
        read = stmts.read_file(uow.conn, ACCOUNT, data, filename=name)
        out["read_s"] = round(time.perf_counter() - t, 2)
        imported = stmts.import_statement(uow, actor, account_code=ACCOUNT, day=DAY, rows=read, file_name=name,
                                          content=data)
        uow.commit()
    out["import_s"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    result = recon.run_match(engine, actor, on=DAY, account_code=ACCOUNT)[ACCOUNT]
    out["match_s"] = round(time.perf_counter() - t, 2)
    out["import_and_match_s"] = round(out["import_s"] + out["match_s"], 2)
    out["matched"] = result.matched
    out["left"] = (result.left_bank, result.left_book)
    t = time.perf_counter()
    with engine.connect() as conn:
        table = recon.reconcile(conn, ACCOUNT, DAY).table
    out["reconcile_s"] = round(time.perf_counter() - t, 2)
    out["balanced"] = table.adjusted_bank == table.adjusted_book
    t = time.perf_counter()
    with UnitOfWork(engine) as uow:
        again = stmts.import_statement(uow, actor, account_code=ACCOUNT, day=DAY, rows=read, file_name=name,
                                       content=data)
        uow.commit()
    out["reimport_s"] = round(time.perf_counter() - t, 2)
    assert imported.new == n and again.new == 0
    engine.dispose()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=50_000)
    ap.add_argument("--backend", default="both", choices=["both", "sqlite", "postgresql"])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.backend in ("both", "sqlite"):
            print("sqlite", run(f"sqlite:///{tmp / 'bench.sqlite3'}", args.lines, tmp), flush=True)
        if args.backend in ("both", "postgresql"):
            import psycopg

            name = f"anju_bench_settle_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(ADMIN, autocommit=True) as c:
                c.execute(f'CREATE DATABASE "{name}"')
            try:
                url = ADMIN.rsplit("/", 1)[0] + f"/{name}"
                print("postgresql", run(url, args.lines, tmp), flush=True)
            finally:
                with psycopg.connect(ADMIN, autocommit=True) as c:
                    c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
