"""Statistics pages benchmark (not a test): how long the dashboard, a statistics query, an explanation and the
annual report page take on a set-based centre on PostgreSQL.

    .venv/bin/python bench/stats_pages.py [--members 100000] [--repeat 3]

Creates its own database on 127.0.0.1:5432 (ANJU_BENCH_PG_ADMIN for another server), loads the centre of
bench/web_load.py (N members over 1,000 employers, opened with three paid months in 2025, written straight to
the sub-ledger: no vouchers, so ledger-based figures are zero), signs a finance user in through the pages and
times each page in process (best and worst of --repeat). The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAGES = [
    ("管理驾驶舱（2025年）", "/stats/dashboard?year=2025"),
    ("统计查询：5个指标，按单位性质", "/stats?code=deposit.amount&code=registry.members_paying&code=registry.employers_paying"
                              "&code=registry.members_new&code=withdrawal.amount&kind=year&year=2025&by=employer_kind"),
    ("统计查询：归集额，按月", "/stats?code=deposit.amount&kind=month&month=202502"),
    ("指标明细：归集额（第1页）", "/stats/explain?code=deposit.amount&period=2025"),
    ("指标明细Excel：归集额", "/stats/explain.xlsx?code=deposit.amount&period=2025"),
    ("年度报告页（含图表）", "/report/annual?year=2025"),
    ("API：年度报告JSON", None),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--members", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    spec = importlib.util.spec_from_file_location("web_load", ROOT / "bench" / "web_load.py")
    web_load = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(web_load)

    from tests.support.web import Clock, Web

    from anju.auth.actor import Role
    from anju.bootstrap import prepare
    from anju.db import make_engine
    from anju.web.settings import WebSettings

    name = f"anju_bench_stats_{__import__('os').getpid()}"
    web_load.admin_sql(f'CREATE DATABASE "{name}"')
    engine = make_engine(web_load.ADMIN.rsplit("/", 1)[0] + "/" + name)
    try:
        t0 = time.monotonic()
        prepare(engine)
        web_load.load_centre(engine, args.members)
        print(f"centre of {args.members:,} members loaded in {time.monotonic() - t0:.1f} s", flush=True)
        clock = Clock()
        web = Web(engine, clock, WebSettings(cookie_secure=False, clock=clock))
        finance = web.as_role(Role.FINANCE)
        api = web.api(web.api_key(Role.FINANCE))
        for label, path in PAGES:
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                r = api.get("/api/v1/stats/annual/2025") if path is None else finance.get(path)
                times.append(time.perf_counter() - t)
                assert r.status_code == 200, (path, r.status_code, r.text[:300])
            print(f"{label:28s} best {min(times):7.2f} s   worst {max(times):7.2f} s", flush=True)
    finally:
        engine.dispose()
        web_load.admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
