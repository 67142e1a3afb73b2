"""The voucher checks of `anju verify` at scale (not a test): N two-line vouchers, then the checks timed.

    .venv/bin/python bench/verify_vouchers.py [--vouchers 500000] [--backend both|sqlite|postgresql]

Builds a fresh database per backend (SQLite in a temporary file; PostgreSQL as a new database on
127.0.0.1:5432 — ANJU_BENCH_PG_ADMIN for another server), prepared with the sample centre and a fresh audit
key, posts N vouchers (Dr 10101 / Cr 219, two lines each) through ``ledger.service.post_many`` in batches of
10,000 — so they are attested in the audit chain as in production — then times ``ledger.voucher_hash``,
``ledger.voucher_audit`` and ``audit.chain``. Prints the figures (the README of docs/performance.md takes them).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ADMIN = os.environ.get("ANJU_BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")


def run(url: str, n: int, key_dir: Path) -> dict:
    os.environ["ANJU_AUDIT_KEY_FILE"] = str(key_dir / f"{uuid.uuid4().hex}.key")
    from anju.auth.actor import cli_actor
    from anju.bootstrap import prepare
    from anju.db import UnitOfWork, make_engine
    from anju.ledger import service
    from anju.ledger.rules import Line, Posting
    from anju.verify import run_all

    engine = make_engine(url)
    prepare(engine)
    actor = cli_actor("bench")
    t0 = time.perf_counter()
    batch = 10_000
    for start in range(0, n, batch):
        postings = [Posting(key=f"bench:{i}", voucher_date=date(2025, 1, 1) + timedelta(days=i % 365), kind="bench",
                            summary=f"汇缴{i}", lines=[Line.dr("10101", 100 + i % 997), Line.cr("219", 100 + i % 997)])
                    for i in range(start, min(n, start + batch))]
        with UnitOfWork(engine) as uow:
            service.post_many(uow, actor, postings)
            uow.commit()
    out = {"vouchers": n, "lines": 2 * n, "post_s": round(time.perf_counter() - t0, 1)}
    with engine.connect() as conn:
        for name in ("ledger.voucher_hash", "ledger.voucher_audit", "audit.chain"):
            t = time.perf_counter()
            (result,) = run_all(conn, only=[name])
            out[name] = round(time.perf_counter() - t, 1)
            assert result.ok, (name, result.violations[:3])
    engine.dispose()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--vouchers", type=int, default=500_000)
    ap.add_argument("--backend", default="both", choices=["both", "sqlite", "postgresql"])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.backend in ("both", "sqlite"):
            print("sqlite", run(f"sqlite:///{tmp / 'bench.sqlite3'}", args.vouchers, tmp), flush=True)
        if args.backend in ("both", "postgresql"):
            import psycopg

            name = f"anju_bench_verify_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(ADMIN, autocommit=True) as c:
                c.execute(f'CREATE DATABASE "{name}"')
            try:
                url = ADMIN.rsplit("/", 1)[0] + f"/{name}"
                print("postgresql", run(url, args.vouchers, tmp), flush=True)
            finally:
                with psycopg.connect(ADMIN, autocommit=True) as c:
                    c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
