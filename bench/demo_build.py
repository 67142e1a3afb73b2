"""How long `anju demo` takes to build its centre (not a test): wall-clock and CPU seconds, per step.

    .venv/bin/python bench/demo_build.py [--activities withdrawal,loan] [--as-of 2026-11-22] [--members N …]

Builds the demo centre (``anju.web.demo.build_demo_centre``: 300 employers, 20,000 members, 24 months ending on
``--as-of``) into a fresh SQLite file, with the demo's activities or those given (e.g. ``withdrawal`` alone, to
see what the loans add), then prints the loans, the repayment runs and the result of ``anju verify``. CPU
seconds are this process's (SQLite runs in it), so they mean something on a busy machine where wall-clock
does not.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import replace
from datetime import date


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--activities", default=None, help="comma-separated; default: the demo's own")
    ap.add_argument("--as-of", default="2026-11-22")
    ap.add_argument("--members", type=int, default=None, help="default: the demo's 20,000")
    ap.add_argument("--employers", type=int, default=None)
    ap.add_argument("--months", type=int, default=None)
    args = ap.parse_args()

    from sqlalchemy import func, select

    import anju.sim.run as sim_run
    from anju.bootstrap import prepare
    from anju.db import make_engine
    from anju.loan.tables import loan, loan_run
    from anju.verify import run_all
    from anju.web.demo import build_demo_centre

    if args.activities is not None:
        chosen = tuple(a for a in args.activities.split(",") if a)
        original = sim_run.run
        sim_run.run = lambda engine, config, **kw: original(engine, replace(config, activities=chosen), **kw)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/demo.sqlite3")
        prepare(engine)
        wall, cpu = time.perf_counter(), time.process_time()
        sizes = {k: v for k, v in (("members", args.members), ("employers", args.employers),
                                   ("months", args.months)) if v is not None}
        built = build_demo_centre(engine, as_of=date.fromisoformat(args.as_of), **sizes)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        steps = ", ".join(f"{k} {v:.0f} s" for k, v in built.steps.items())
        print(f"{built.members} members, {built.employers} employers, {built.months} months: {wall:.0f} s wall, "
              f"{cpu:.0f} s CPU ({steps})")
        with engine.connect() as conn:
            by_status = dict(conn.execute(select(loan.c.status, func.count()).group_by(loan.c.status)).all())
            runs = conn.execute(select(loan_run.c.status, func.count()).group_by(loan_run.c.status)).all()
            print(f"loans {sum(by_status.values())} (overdue {by_status.get('02', 0)}); runs {dict(runs)}")
            bad = [r.check.name for r in run_all(conn) if not r.ok]
            print("verify:", bad if bad else "ok")
        engine.dispose()


if __name__ == "__main__":
    main()
