"""Maintenance-fund benchmark (not a test): the yearly interest allocation over N households.

    .venv/bin/python bench/maintfund_interest.py [--households 300000] [--areas 1000] [--db sqlite|postgresql]

Builds a fresh database (SQLite under var/bench/, or a PostgreSQL database `anju_bench_mf` on 127.0.0.1:5432 that
is dropped at the end), generates the synthetic fund (``anju.maintfund.synth``), then times
``anju.maintfund.interest.allocate`` for the year and runs the fund's checks. Target: 300,000 households < 30 s.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--households", type=int, default=300_000)
    ap.add_argument("--areas", type=int, default=1000)
    ap.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    args = ap.parse_args()

    from sqlalchemy import create_engine, text

    from anju import bootstrap
    from anju.auth.actor import cli_actor
    from anju.db.engine import make_engine
    from anju.maintfund import interest, synth

    if args.db == "sqlite":
        path = ROOT / "var" / "bench" / "maintfund.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        admin = create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text("DROP DATABASE IF EXISTS anju_bench_mf"))
            c.execute(text("CREATE DATABASE anju_bench_mf"))
        url = "postgresql+psycopg://postgres@127.0.0.1:5432/anju_bench_mf"
    engine = make_engine(url)
    bootstrap.prepare(engine)
    actor = cli_actor("bench")
    t0 = time.perf_counter()
    made = synth.generate(engine, actor, areas=args.areas, households=args.households, year=2025)
    t1 = time.perf_counter()
    run = interest.allocate(engine, actor, year=2025, as_of=date(2026, 1, 5))
    t2 = time.perf_counter()
    from anju.maintfund import checks  # noqa: F401
    from anju.verify import run_all

    with engine.connect() as conn:
        bad = [r.check.name for r in run_all(conn) if not r.ok and r.check.name.startswith(("maintfund", "ledger"))]
    print(f"{args.db}: generated {made['households']} households in {made['areas']} areas in {t1 - t0:.1f} s")
    print(f"{args.db}: interest allocation over {run.households} households: {t2 - t1:.2f} s "
          f"(pool {run.pool} fen, to common {run.to_common} fen); failing checks: {bad or 'none'}")
    engine.dispose()
    if args.db == "postgresql":
        with admin.connect() as c:
            c.execute(text("DROP DATABASE IF EXISTS anju_bench_mf"))


if __name__ == "__main__":
    main()
