"""Copy a centre built on SQLite into a fresh PostgreSQL database (benchmark utility, not a test).

    .venv/bin/python bench/pg_copy.py var/bench/report-1000000.sqlite3 anju_bench_report_1000000

Building a large synthetic centre takes the same hours on each database; the benchmarks that only read (the
statistics, `bench/report.py --url …`) can measure PostgreSQL on the same rows instead. The target database
is dropped if it exists, created, migrated by anju (so its schema, indexes and constraints are PostgreSQL's
own), emptied of any seed rows, then every table of the metadata is filled with COPY in dependency order,
each identity sequence is moved past the highest id, and the database is analysed. ANJU_BENCH_PG_ADMIN names
another server. Prints rows and seconds per table.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

ADMIN = os.environ.get("ANJU_BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
BATCH = 50_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sqlite_file")
    parser.add_argument("database")
    args = parser.parse_args()

    import psycopg
    from sqlalchemy import text

    from anju.db import migrate
    from anju.db.engine import make_engine
    from anju.db.schema import full_metadata

    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{args.database}"')
    url = ADMIN.rsplit("/", 1)[0] + f"/{args.database}"
    engine = make_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    migrate.upgrade(engine)
    tables = full_metadata().sorted_tables
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " RESTART IDENTITY CASCADE"))
    engine.dispose()

    source = sqlite3.connect(args.sqlite_file)
    started = time.perf_counter()
    total = 0
    with psycopg.connect(url) as target:
        for table in tables:
            t0 = time.perf_counter()
            names = [c.name for c in table.columns]
            quoted = ", ".join(f'"{n}"' for n in names)
            cursor = source.execute(f'SELECT {quoted} FROM "{table.name}"')
            rows = 0
            with target.cursor() as cur, cur.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
                while batch := cursor.fetchmany(BATCH):
                    for row in batch:
                        copy.write_row(row)
                    rows += len(batch)
            target.commit()
            total += rows
            if rows:
                print(f"{table.name}: {rows:,} rows, {time.perf_counter() - t0:.1f} s", flush=True)
        with target.cursor() as cur:
            for table in tables:
                pk = list(table.primary_key.columns)
                if len(pk) == 1 and pk[0].autoincrement is True:
                    cur.execute(f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                                f"coalesce((SELECT max({pk[0].name}) FROM \"{table.name}\"), 0) + 1, false)")
        target.commit()
        target.autocommit = True
        target.execute("ANALYZE")
    print(f"copied {total:,} rows in {time.perf_counter() - started:.1f} s into {args.database}")


if __name__ == "__main__":
    main()
