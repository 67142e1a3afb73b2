"""Web load benchmark (not a test): members' balance pages and statements against `anju serve` on PostgreSQL.

    .venv/bin/python bench/web_load.py [--members 100000] [--clients 32] [--seconds 20] [--no-append]

Creates its own database on 127.0.0.1:5432 (user postgres, trust auth; ANJU_BENCH_PG_ADMIN for another
server), loads a centre of N members set-based (1,000 employers, each member opened with three paid months:
open + three 汇缴 rows in the member sub-ledger), opens one member user per client, starts the server as a
separate process (`--workers`, default 2), signs every client in, then drives the clients concurrently for a
fixed time per scenario, twice: with a think time between a client's requests (`--think`, default 1 s: 32
people at their screens) and in a closed loop (each client requests as fast as the answers come back: the
throughput limit), and prints requests per second and p50/p95/p99 latency. The figures are appended to
docs/performance.md under “Web load” unless --no-append. The database is dropped at the end.

Every request loop is bounded in time and the server is only ever on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import httpx
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
ADMIN = os.environ.get("ANJU_BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
PASSWORD = "Bench-load-2026"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(sql)


def load_centre(engine, members: int, employers: int = 1000) -> None:
    """A centre of ``members`` accounts spread over ``employers``, written set-based in a few statements."""
    per = max(members // employers, 1)
    today = date.today()
    stmts = [
        # employers: 单位账号 9 digits, a fake 18-character credit code (reads never re-check it)
        f"""INSERT INTO employer (account_no, uscc, name, kind, industry, address, legal_rep, agent_name, agent_phone,
                bank_code, branch_code, pay_day, employer_ratio, member_ratio, status, status_date, status_reason,
                opened_on, first_month, paid_through, created_at, updated_at)
            SELECT 'B' || lpad(g::text, 8, '0'), 'BENCH' || lpad(g::text, 13, '0'), '压测单位' || g, '50', 'I', '', '', '', '',
                   '01', '01', 10, 120000, 120000, '01', DATE '2025-01-01', '开户', DATE '2025-01-01', 202501, 202503,
                   now(), now()
            FROM generate_series(1, {employers}) g""",
        f"""INSERT INTO person (id_number, name, sex, birth_date, phone, marital_status, created_at, updated_at)
            SELECT 'P' || lpad(g::text, 17, '0'), '职工' || g, '1', DATE '1985-01-01', '', '90', now(), now()
            FROM generate_series(1, {members}) g""",
        f"""INSERT INTO account (account_no, person_id, employer_id, kind, status, status_date, frozen, freeze_reason,
                opened_on, base, employer_ratio, member_ratio, employer_amount, member_amount, terms_from, balance,
                prior_balance, current_balance, first_paid, paid_through, jishu, jishu_rated, accrued_day,
                created_at, updated_at)
            SELECT 'A' || lpad(p.id::text, 10, '0'), p.id,
                   (SELECT min(id) FROM employer) + ((p.id - 1) / {per}) % {employers}, 'employee', '01',
                   DATE '2025-01-01', false, '', DATE '2025-01-01', 500000, 120000, 120000, 60000, 60000, 202501,
                   360000, 0, 360000, 202501, 202503, 0, 0, {date(2025, 1, 1).toordinal()}, now(), now()
            FROM person p WHERE p.id_number LIKE 'P%'""",
        """INSERT INTO account_terms (account_id, from_month, base, employer_ratio, member_ratio, employer_amount,
                member_amount, recorded_at)
            SELECT id, 202501, 500000, 120000, 120000, 60000, 60000, now() FROM account""",
        """INSERT INTO member_txn (account_id, employer_id, txn_date, type, amount, current_amount, prior_amount,
                interest_amount, month, entry_flag, balance_after, note)
            SELECT a.id, a.employer_id, DATE '2025-01-01', '03', 0, 0, 0, 0, NULL, '01', 0, '开户' FROM account a""",
        """INSERT INTO member_txn (account_id, employer_id, txn_date, type, amount, current_amount, prior_amount,
                interest_amount, month, entry_flag, balance_after, note)
            SELECT a.id, a.employer_id, make_date(2025, m, 15), '01', 120000, 120000, 0, 0, 202500 + m, '01',
                   120000 * m, NULL
            FROM account a CROSS JOIN generate_series(1, 3) m""",
        "ANALYZE",
    ]
    del today
    with engine.begin() as conn:
        for s in stmts:
            conn.execute(text(s))


def make_users(engine, count: int) -> list[tuple[str, int]]:
    from anju.auth import service as auth
    from anju.auth.actor import Role, cli_actor
    from anju.db import UnitOfWork

    with engine.connect() as conn:
        persons = [r[0] for r in conn.execute(text(
            "SELECT person_id FROM account ORDER BY random() LIMIT :n"), {"n": count})]
    out = []
    with UnitOfWork(engine) as uow:
        for i, pid in enumerate(persons):
            name = f"bench{i:03d}"
            auth.create_user(uow, cli_actor("bench"), username=name, display_name=f"压测职工{i}",
                             roles=frozenset({Role.MEMBER}), person_id=pid, password=PASSWORD,
                             must_change_password=False, as_of=date.today())
            out.append((name, pid))
        uow.commit()
    return out


def wait_up(base: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server exited")
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)  # polling a starting server, not timing anything
    raise SystemExit("the server did not start")


async def sign_in(client: httpx.AsyncClient, username: str) -> None:
    page = await client.get("/login")
    token = CSRF.search(page.text).group(1)
    r = await client.post("/login", data={"username": username, "password": PASSWORD, "next": "/",
                                          "csrf_token": token})
    if r.status_code != 303:
        raise SystemExit(f"sign-in of {username} failed: {r.status_code}")


async def drive(base: str, users, path_of, seconds: float, think: float = 0.0) -> tuple[list[float], int]:
    """Every client requests its own page until the time is up; with ``think`` > 0 it pauses between requests
    (uniformly 0.5–1.5 × think, so clients do not march in step), as a person at a screen does."""
    import random

    rng = random.Random(7)
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=len(users), max_keepalive_connections=len(users))
    clients = [httpx.AsyncClient(base_url=base, limits=limits, timeout=30) for _ in users]
    try:
        await asyncio.gather(*(sign_in(c, u) for c, (u, _) in zip(clients, users, strict=True)))
        stop = time.monotonic() + seconds

        async def loop(client, pid):
            nonlocal errors
            url = path_of(pid)
            while time.monotonic() < stop:
                t0 = time.perf_counter()
                r = await client.get(url)
                latencies.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    errors += 1
                if think:
                    await asyncio.sleep(think * (0.5 + rng.random()))

        started = time.monotonic()
        await asyncio.gather(*(loop(c, pid) for c, (_, pid) in zip(clients, users, strict=True)))
        elapsed = time.monotonic() - started
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return latencies, errors, elapsed


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--members", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    ap.add_argument("--think", type=float, default=1.0,
                    help="seconds a client pauses between requests in the think-time runs (closed-loop runs use 0)")
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args()

    from anju.bootstrap import prepare
    from anju.db import make_engine

    name = f"anju_bench_web_{os.getpid()}"
    admin_sql(f'CREATE DATABASE "{name}"')
    url = ADMIN.rsplit("/", 1)[0] + "/" + name
    engine = make_engine(url)
    proc = None
    try:
        t0 = time.monotonic()
        prepare(engine)
        load_centre(engine, args.members)
        users = make_users(engine, args.clients)
        print(f"centre of {args.members:,} members loaded in {time.monotonic() - t0:.1f} s", flush=True)
        env = {**os.environ, "ANJU_DATABASE_URL": url, "ANJU_COOKIE_SECURE": "0"}
        proc = subprocess.Popen([str(ROOT / ".venv/bin/anju"), "serve", "--host", "127.0.0.1", "--port",
                                 str(args.port), "--insecure-cookies", "--workers", str(args.workers)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{args.port}"
        wait_up(base, proc)
        scenarios = [("balance", "余额查询（个人网厅“我的公积金”页）", lambda pid: f"/registry/members/{pid}"),
                     ("statement", "个人明细账页", lambda pid: f"/registry/members/{pid}/statement")]
        rows = []
        runs = [(k, f"{lbl}，每人约{args.think:g}秒一次", p, args.think) for k, lbl, p in scenarios]
        runs += [(k, f"{lbl}，连续请求（无间隔）", p, 0.0) for k, lbl, p in scenarios]
        for key, label, path_of, think in runs:
            asyncio.run(drive(base, users[:4], path_of, 2))  # warm-up: connections, caches, first renders
            lat, errors, elapsed = asyncio.run(drive(base, users, path_of, args.seconds, think))
            row = (label, len(lat) / elapsed, pct(lat, 50), pct(lat, 95), pct(lat, 99), len(lat), errors)
            rows.append(row)
            print(f"{key:10s} {row[1]:8.1f} req/s  p50 {row[2]:6.1f} ms  p95 {row[3]:6.1f} ms  "
                  f"p99 {row[4]:6.1f} ms  ({row[5]} requests, {errors} errors, mean "
                  f"{statistics.mean(lat) * 1000:.1f} ms)", flush=True)
        if not args.no_append:
            append(rows, args)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=20)
        engine.dispose()
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


def append(rows, args) -> None:
    doc = ROOT / "docs" / "performance.md"
    cpu = "unknown CPU"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    lines = [f"\n### {datetime.now():%Y-%m-%d %H:%M} — {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
             f"PostgreSQL on 127.0.0.1, {args.members:,} members, {args.clients} clients, {args.workers} workers, "
             f"{args.seconds:.0f} s each\n",
             "| 页面 | 请求/秒 | p50 (ms) | p95 (ms) | p99 (ms) | 请求数 | 错误 |", "|---|---:|---:|---:|---:|---:|---:|"]
    for label, rps, p50, p95, p99, n, err in rows:
        lines.append(f"| {label} | {rps:.1f} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {n} | {err} |")
    text_ = doc.read_text(encoding="utf-8") if doc.exists() else "# Performance\n"
    if "## Web load" not in text_:
        text_ += ("\n## Web load\n\n`bench/web_load.py` (one command): `anju serve` on PostgreSQL "
                  "with a set-based centre, member users signed in. Aim: p95 under 50 ms for the balance page with 32 clients on "
                  "the 2-core machine.\n")
    doc.write_text(text_.rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
