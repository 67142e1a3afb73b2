"""Statistics benchmark (not a test): the full indicator set and the annual report of a year for a centre of
N members, on SQLite and on PostgreSQL.

    .venv/bin/python bench/report.py [--members 1000000] [--db sqlite,postgresql] [--no-append] [--drop]
    .venv/bin/python bench/report.py --url postgresql+psycopg://…/anju_sim_1m --year 2026   # an existing centre

Builds (once, then reuses) a synthetic centre with a year of history through the simulator's bulk path
(`anju.sim`, seed 1, January–December 2025, with the activity modules that are installed: withdrawals,
loans, the fund's bank interest; withdrawals and loan applications at a tenth of the demo's rates, because
each goes through the services one by one — about 8,000 withdrawals and 2,500 loans), in `var/bench/report-N.sqlite3` and in the PostgreSQL database `anju_bench_report_N` on
127.0.0.1:5432 (ANJU_BENCH_PG_ADMIN for another server). Then, per database, times:

- every indicator of the catalogue for the year (value, and each breakdown it offers),
- the first page (50 rows) of the records behind every figure that has them (the 明细 link),
- the annual report (`report.annual.build`, with its charts and consistency checks),
- rendering it as Word, PDF and Excel,

and prints a table (operation, database, members, seconds, peak memory of this process) that is appended to
docs/performance.md under “Statistics and the annual report” unless --no-append. The slowest indicators are
listed too, so the next optimisation is obvious. Aim: report and full indicator set under 30 s each.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

ADMIN = os.environ.get("ANJU_BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
YEAR = 2025  # the year built by default; --year for an existing centre
SHARE = 0.1  # withdrawals and loan applications at a tenth of the demo's rates: each goes through the services


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pg_url(members: int, *, drop: bool) -> str:
    import psycopg

    name = f"anju_bench_report_{members}"
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and drop:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"


def sqlite_url(members: int, *, drop: bool) -> str:
    path = ROOT / "var" / "bench" / f"report-{members}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    if drop:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    return f"sqlite:///{path}"


def ensure_centre(engine, members: int, share: float) -> float | None:
    """Build the centre unless it is there; returns the seconds it took, None when reused."""
    from anju.bootstrap import prepare
    from anju.registry.tables import account
    from anju.sim.activity import registered
    from anju.sim.plan import SimConfig
    from anju.sim.run import run

    prepare(engine)
    with engine.connect() as conn:
        if conn.execute(select(func.count()).select_from(account)).scalar_one():
            return None
    config = SimConfig(seed=1, members=members, start_month=202501, months=12,
                       activities=tuple(sorted(registered())), activity_share=share)
    started = time.perf_counter()
    run(engine, config, path="bulk", progress=lambda line: print("  ", line, flush=True))
    return time.perf_counter() - started


def time_rollup(engine, year: int) -> list[tuple[str, float]]:
    """The statistics roll-up (`anju jobs stats-rollup`): first run over the year but its last month of
    contributions, then the nightly increment that adds that month. Nothing when it already ran."""
    from anju.registry import rollup
    from anju.registry.tables import member_txn

    with engine.connect() as conn:
        if rollup.mark(conn):
            return []
        last = conn.execute(select(func.max(member_txn.c.txn_date)).where(
            member_txn.c.type.in_(("01", "02")), member_txn.c.txn_date < date(year + 1, 1, 1))).scalar_one()
        last = date.fromisoformat(str(last)) if last is not None else date(year, 12, 1)
        boundary = conn.execute(select(func.min(member_txn.c.id)).where(
            member_txn.c.txn_date >= last.replace(day=1))).scalar_one()
    out = []
    if boundary:
        t0 = time.perf_counter()
        n = rollup.refresh(engine, upto=boundary - 1)
        out.append((f"统计汇总首次运行（{last.month - 1}个月明细{n:,}笔）", time.perf_counter() - t0))
    t0 = time.perf_counter()
    n = rollup.refresh(engine)
    out.append((f"统计汇总每晚增量（{last.month}月起新明细{n:,}笔）", time.perf_counter() - t0))
    return out


def time_indicators(engine, year: int) -> tuple[float, int, list[tuple[str, float]]]:
    from anju.report import catalogue as cat

    period = cat.Period.year(year)
    each: list[tuple[str, float]] = []
    started = time.perf_counter()
    computed = 0
    with engine.connect() as conn, cat.snapshot():
        for code, ind in cat.catalogue().items():
            t0 = time.perf_counter()
            cat.value(conn, code, period)
            for b in ind.breakdowns:
                if ind.compute_by is not None:
                    cat.by(conn, code, period, b.code)
            computed += 1 + len(ind.breakdowns)
            each.append((code, time.perf_counter() - t0))
    return time.perf_counter() - started, computed, sorted(each, key=lambda x: -x[1])[:5]


def time_details(engine, year: int) -> tuple[float, int, list[tuple[str, float]]]:
    """The first page (50 rows) of every figure's records for the year, as the 明细 link opens it."""
    from anju.report import catalogue as cat

    period = cat.Period.year(year)
    each: list[tuple[str, float]] = []
    started = time.perf_counter()
    with engine.connect() as conn, cat.snapshot():
        for code, ind in cat.catalogue().items():
            if ind.detail is None:
                continue
            t0 = time.perf_counter()
            cat.detail(conn, code, period, offset=0, limit=50)
            each.append((code, time.perf_counter() - t0))
    return time.perf_counter() - started, len(each), sorted(each, key=lambda x: -x[1])[:5]


def time_report(engine, year: int) -> tuple[float, float, bool]:
    from anju.core import clock
    from anju.report import annual, render

    with engine.connect() as conn:
        t0 = time.perf_counter()
        report = annual.build(conn, year=year, centre="示例市住房公积金管理中心", texts={}, as_of=clock.today(),
                              charts=True)
        built = time.perf_counter() - t0
    t1 = time.perf_counter()
    render.to_docx(report)
    render.to_pdf(report)
    render.to_xlsx(report)
    return built, time.perf_counter() - t1, report.ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--db", default="sqlite,postgresql")
    parser.add_argument("--no-append", action="store_true")
    parser.add_argument("--drop", action="store_true", help="rebuild the centre even if it exists")
    parser.add_argument("--url", help="measure an existing centre (migrated first) instead of building one")
    parser.add_argument("--year", type=int, default=YEAR)
    parser.add_argument("--no-rollup", action="store_true",
                        help="measure without running the statistics roll-up first (figures from the sub-ledger)")
    parser.add_argument("--activity-share", type=float, default=SHARE,
                        help="how often members withdraw or borrow, against the demo's rates")
    args = parser.parse_args()

    from anju.db.engine import make_engine

    rows = []
    slowest: dict[str, list[tuple[str, float]]] = {}  # database: the slowest indicators
    slowest_details: dict[str, list[tuple[str, float]]] = {}
    targets = [("postgresql" if args.url.startswith("postgresql") else "sqlite", args.url)] if args.url else [
        (db, sqlite_url(args.members, drop=args.drop) if db == "sqlite" else pg_url(args.members, drop=args.drop))
        for db in args.db.split(",")]
    for db, url in targets:
        engine = make_engine(url)
        print(f"{db}: centre of {args.members:,} members …", flush=True)
        if args.url:
            from anju.bootstrap import prepare

            prepare(engine)
            built = None
        else:
            built = ensure_centre(engine, args.members, args.activity_share)
        if built is not None:
            rows.append(("生成模拟中心（一年业务）", db, built, peak_mib()))
        if not args.no_rollup:
            for op, seconds in time_rollup(engine, args.year):
                rows.append((op, db, seconds, peak_mib()))
        seconds, computed, top = time_indicators(engine, args.year)
        rows.append((f"全部指标（{computed}项含分组）", db, seconds, peak_mib()))
        slowest[db] = top
        seconds, n_details, top_details = time_details(engine, args.year)
        rows.append((f"全部明细首页（{n_details}项，每项50行）", db, seconds, peak_mib()))
        slowest_details[db] = top_details
        report_s, render_s, ok = time_report(engine, args.year)
        rows.append(("年度报告（含图表与数据核对" + ("，全部通过" if ok else "，有未通过项") + "）", db, report_s,
                     peak_mib()))
        rows.append(("年度报告导出 Word、PDF、Excel", db, render_s, peak_mib()))
        engine.dispose()
        for row in rows[-6:]:
            print(f"  {row[0]}: {row[2]:.1f} s", flush=True)

    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    cpu = platform.processor() or platform.machine()
    lines = [f"### {stamp} — {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
             f"{args.members:,} members, year {args.year}" + (f", existing centre {args.url.rsplit('/', 1)[-1]}" if args.url else ""), "",
             "| 操作 | 数据库 | 秒 | 峰值内存 (MiB) |", "|---|---|---:|---:|"]
    lines += [f"| {op} | {db} | {s:.1f} | {mem:.0f} |" for op, db, s, mem in rows]
    lines.append("")
    for what, per_db in (("indicators", slowest), ("details", slowest_details)):
        for db, top in per_db.items():
            lines.append(f"Slowest {what} on {db}: " + ", ".join(f"{c} {s:.1f} s" for c, s in top) + ".")
    lines.append("")
    text = "\n".join(lines)
    print(text)
    if not args.no_append:
        doc = ROOT / "docs" / "performance.md"
        body = doc.read_text(encoding="utf-8")
        heading = "## Statistics and the annual report"
        if heading not in body:
            body += (f"\n{heading}\n\n`bench/report.py` (one command: `.venv/bin/python bench/report.py`): the "
                     "full indicator catalogue and the annual report of a year for a synthetic centre, on both "
                     "databases. Aim: each under 30 s for 1,000,000 members.\n")
        doc.write_text(body.rstrip("\n") + "\n\n" + text, encoding="utf-8")
    print(f"done {date.today()}")


if __name__ == "__main__":
    main()
