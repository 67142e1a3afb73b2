"""Centre benchmark (not a test): a synthetic centre of N members on SQLite and on PostgreSQL, and timed
batch operations on it.

    .venv/bin/python bench/centre.py [--members 1000000] [--db sqlite --db postgresql] [--list-rows 50000]
                                     [--no-append] [--keep]

For each database it builds a fresh centre with the synthetic-centre generator's bulk path (seed 1; May 2026
opened and paid), then times:

- generate N members (employers, persons, accounts, terms, open rows: the bulk registry step);
- validate an .xlsx 汇缴 list of ``--list-rows`` rows (deposit.service.validate_list; an employer of that
  size is generated for it with seed 2);
- post one month (June 2026) for every member: the 入账作业 ``deposit.service.post_confirmed`` over the
  month's confirmed lists — next to a bare INSERT … SELECT of the same number of sub-ledger rows into an
  index-free copy of member_txn in the same run (the ratio says how close posting comes to storage speed);
- interest settlement (``interest.service.settle_year`` for June 30, 2026) over all accounts — next to a
  bare scan computing every account's 积数 in one SELECT.

It prints a table (operation, database, rows, seconds, rows/s, peak RSS of this process during the
operation) and appends it with the machine and date to docs/performance.md unless --no-append.
SQLite files go to var/bench/; the PostgreSQL database (127.0.0.1:5432, user postgres, or
ANJU_BENCH_PG_ADMIN) is dropped at the end unless --keep.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import sys
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

ADMIN = os.environ.get("ANJU_BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
START = 202605  # month 1 generated and paid; month 2 (June) posted by the timed job; then June 30 结息


@dataclass
class Row:
    operation: str
    database: str
    rows: int
    seconds: float
    peak_mib: float
    cpu: float = 0.0  # this process's user + system seconds (the database server's are not included)
    note: str = ""

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


class PeakRss:
    """Peak resident memory of this process while the block runs (sampled every 20 ms from /proc)."""

    def __enter__(self):
        self.peak = self._rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def _rss(self) -> int:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def _watch(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self._rss())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())

    @property
    def mib(self) -> float:
        return self.peak / 2**20


def timed(rows: list[Row], operation: str, database: str, count: int, fn, note: str = ""):
    with PeakRss() as mem:
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    rows.append(Row(operation, database, count if not callable(count) else count(out), seconds, mem.mib, cpu, note))
    r = rows[-1]
    print(f"  {operation:<40} {database:<10} {r.rows:>10,} {r.seconds:>9.1f}s {r.rate:>12,.0f}/s {r.peak_mib:>8.0f} MiB"
          f" cpu {r.cpu:.1f}s", flush=True)
    return out


def make_database(kind: str, members: int):
    from anju.db import make_engine

    if kind == "sqlite":
        path = ROOT / "var" / "bench" / f"centre-{members}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return make_engine(f"sqlite:///{path}"), None
    import psycopg

    name = f"anju_bench_centre_{members}"
    admin = ADMIN.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return make_engine(admin.rsplit("/", 1)[0] + f"/{name}"), name


def drop_pg(name: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")


def bench_database(kind: str, members: int, list_rows: int, keep: bool) -> list[Row]:
    from sqlalchemy import Column, Index, MetaData, Table, func, insert, literal, select

    from anju.bootstrap import prepare
    from anju.deposit import service as deposit
    from anju.deposit.rules import ListKind
    from anju.deposit.tables import remittance, remittance_line
    from anju.interest import service as interest
    from anju.registry.accrual import rate_spans, rated_days_sql
    from anju.policy.store import load_store
    from anju.registry.tables import account, member_txn
    from anju.sim.bulk import BulkExecutor
    from anju.sim.context import Context, make_plan
    from anju.sim.plan import SimConfig
    from anju.sim.run import run

    rows: list[Row] = []
    engine, pg_name = make_database(kind, members)
    prepare(engine)
    print(f"{kind}: building a centre of {members:,} members", flush=True)
    plan = make_plan(engine, SimConfig(seed=1, members=members, start_month=START, months=2))
    ctx = Context(engine, plan)
    ex = BulkExecutor(ctx)
    months = plan.months()
    mp = next(months)
    timed(rows, f"generate {members:,} members", kind, members, lambda: ex.registry_day(mp),
          note=f"{len(plan.employers):,} employers")
    for paid_on in mp.paid_dates():
        ex.remit_day(mp, paid_on)
    mp2 = next(months)
    ex.registry_day(mp2)
    confirmed = [ex.confirmed_lists(mp2, d) for d in mp2.paid_dates()]
    if kind == "postgresql":  # a running centre has statistics; a freshly loaded one not yet
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    lines = sum(sum(c.values()) for _, c in confirmed)

    # Bare storage speed: the same number of sub-ledger rows by one INSERT … SELECT, into a copy of member_txn
    # without indexes, and into one with member_txn's two indexes (what the sub-ledger itself must maintain).
    ln = remittance_line.c

    def bare_insert(table):
        with engine.begin() as conn:
            conn.execute(insert(table).from_select(
                ["account_id", "txn_date", "type", "amount", "current_amount", "prior_amount", "interest_amount",
                 "month", "entry_flag", "balance_after"],
                select(ln.account_id, remittance.c.paid_on, remittance.c.kind, ln.amount, ln.amount, literal(0),
                       literal(0), ln.month, literal("01"), ln.amount)
                .join(remittance, remittance.c.id == ln.remittance_id).where(remittance.c.status == "confirmed")))

    for indexed in (False, True):
        meta = MetaData()
        bare = Table("bench_bare_txn", meta, Column("id", member_txn.c.id.type, primary_key=True, autoincrement=True),
                     *[Column(c.name, c.type) for c in member_txn.columns if c.name != "id"])
        if indexed:
            Index("ix_bench_bare_account", bare.c.account_id, bare.c.id)
            Index("ix_bench_bare_voucher", bare.c.voucher_id)
        bare.create(engine)
        timed(rows, "bare insert of the month's sub-ledger rows" + (" (indexed)" if indexed else ""), kind, lines,
              lambda bare=bare: bare_insert(bare))
        bare.drop(engine)
    timed(rows, "post one month (入账作业)", kind, lambda run: run.member_rows,
          lambda: deposit.post_confirmed(engine, ctx.clerk, chunk_lines=200_000),
          note=f"{sum(len(ids) for ids, _ in confirmed):,} lists")

    with engine.connect() as conn:
        n_accounts = conn.execute(select(func.count()).select_from(account)).scalar_one()
        store = load_store(conn)
    a = account.c
    end = date(2026, 7, 1)
    spans = rate_spans(store, date(2025, 7, 1), end)

    def bare_scan():
        with engine.connect() as conn:
            return conn.execute(select(func.count(), func.sum(a.jishu_rated + a.balance * rated_days_sql(
                spans, a.accrued_day, end.toordinal())))).one()

    timed(rows, "bare scan of all accounts (积数)", kind, n_accounts, bare_scan)
    timed(rows, "interest settlement (settle_year)", kind, lambda r: r.accounts,
          lambda: interest.settle_year(engine, ctx.clerk, year=2026, as_of=date(2026, 6, 30)))

    # A 50,000-row list: one employer of that size (seed 2), its July list written as an .xlsx and validated.
    big = run(engine, SimConfig(seed=2, members=list_rows, employers=1, start_month=202607, months=1,
                                flexible_share=0.0), path="bulk")
    employer_id = big.context.employer_ids[0]
    data = list_workbook(engine, employer_id)
    result = timed(rows, f"validate a {list_rows:,}-row .xlsx list", kind, list_rows,
                   lambda: validate(engine, employer_id=employer_id, data=data,
                                                 filename="list.xlsx", kind=ListKind.REMIT, period_from=202608,
                                                 period_to=202608, as_of=date(2026, 8, 10)),
                   note=f"{len(data) / 2**20:.1f} MiB file")
    if not result.ok:
        raise SystemExit(f"the benchmark list was rejected: {result.problems[:3]}")
    with engine.connect() as conn:
        from anju.verify import run_all

        bad = [r.check.name for r in run_all(conn) if not r.ok]
    print(f"  verify: {bad if bad else 'ok'}", flush=True)
    if bad:
        raise SystemExit(f"anju verify failed on {kind}: {bad}")
    engine.dispose()
    if pg_name and not keep:
        drop_pg(pg_name)
    return rows


def validate(engine, **kw):
    from anju.deposit import service as deposit

    with engine.connect() as conn:
        return deposit.validate_list(conn, **kw)


def list_workbook(engine, employer_id: int) -> bytes:
    """The employer's members as a 汇缴清册 (.xlsx) a payroll office would upload."""
    from sqlalchemy import select

    from anju.core.money import format_yuan
    from anju.core.sheets import write_table
    from anju.deposit.rules import REQUIRED
    from anju.policy.kinds import format_ratio
    from anju.registry.tables import account, person

    with engine.connect() as conn:
        members = conn.execute(select(person.c.name, person.c.id_number, account.c.base, account.c.employer_ratio,
                                      account.c.member_ratio, account.c.employer_amount, account.c.member_amount)
                               .join(person, person.c.id == account.c.person_id)
                               .where(account.c.employer_id == employer_id, account.c.status == "01")
                               .order_by(account.c.id)).all()
    body = [[m.name, m.id_number, format_yuan(m.base, grouping=False), format_ratio(m.employer_ratio),
             format_ratio(m.member_ratio), format_yuan(m.employer_amount, grouping=False),
             format_yuan(m.member_amount, grouping=False)] for m in members]
    return write_table(REQUIRED, body, sheet="汇缴清册", text_columns=["证件号码"])


def table_lines(rows: list[Row]) -> list[str]:
    out = ["| 操作 | 数据库 | 行数 | 秒 | 行/秒 | 峰值内存 (MiB) | 本进程CPU秒 | 说明 |",
           "|---|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        out.append(f"| {r.operation} | {r.database} | {r.rows:,} | {r.seconds:.1f} | {r.rate:,.0f} | {r.peak_mib:.0f} | "
                   f"{r.cpu:.1f} | {r.note} |")
    by = {(r.operation, r.database): r for r in rows}
    bare_name = "bare insert of the month's sub-ledger rows"
    for db in dict.fromkeys(r.database for r in rows):
        post = by.get(("post one month (入账作业)", db))
        bare, indexed = by.get((bare_name, db)), by.get((bare_name + " (indexed)", db))
        settle, scan = by.get(("interest settlement (settle_year)", db)), by.get(("bare scan of all accounts (积数)", db))
        parts = []
        if post and bare:
            parts.append(f"posting / bare insert = **{post.seconds / bare.seconds:.1f}×**")
        if post and indexed:
            parts.append(f"posting / indexed bare insert = **{post.seconds / indexed.seconds:.1f}×**")
        if settle and scan:
            parts.append(f"settlement / bare scan = **{settle.seconds / scan.seconds:.1f}×**")
        if parts:
            out.append(f"\n{db}: " + "; ".join(parts))
    return out


def append(rows: list[Row], args) -> None:
    doc = ROOT / "docs" / "performance.md"
    cpu = "unknown CPU"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Performance\n"
    if "\n## Centre batch operations\n" not in text:
        text += ("\n## Centre batch operations\n\n`bench/centre.py` (one command): "
                 "`.venv/bin/python bench/centre.py --members 1000000`. Aim: a month posts in under 60 s on each "
                 "database, at most 3× the bare insert, peak memory under 1.5 GiB.\n")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    head = (f"\n### {datetime.now():%Y-%m-%d %H:%M} — {os.cpu_count()} cores ({cpu}), load average {load} at the end, Python "
            f"{platform.python_version()}, {args.members:,} members, command: `.venv/bin/python bench/centre.py "
            f"--members {args.members} " + " ".join(f"--db {d}" for d in args.db) + "`\n\n")
    doc.write_text(text + head + "\n".join(table_lines(rows)) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--db", action="append", choices=("sqlite", "postgresql"))
    parser.add_argument("--list-rows", type=int, default=50_000)
    parser.add_argument("--no-append", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = parser.parse_args()
    args.db = args.db or ["sqlite", "postgresql"]
    rows: list[Row] = []
    for kind in args.db:
        rows += bench_database(kind, args.members, args.list_rows, args.keep)
    print("\n".join(table_lines(rows)))
    if not args.no_append:
        append(rows, args)


if __name__ == "__main__":
    main()
