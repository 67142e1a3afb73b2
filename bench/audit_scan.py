"""E-audit scan benchmark (not a test): a synthetic centre of N members, the planted frauds and dormant accounts
of ``anju.sim.plant_audit``, then ``anju audit scan`` timed — and what it found: every planted case (it must find
all), and the hits on the synthetic centre itself (the false-positive side of the rules on generated data).

    .venv/bin/python bench/audit_scan.py [--members 1000000] [--db sqlite --db postgresql] [--months 10]
                                         [--activity-share 0.1] [--no-append] [--keep]

The centre is generated with the bulk path (seed 1) from January 2026 for ``--months`` months with withdrawals
and loans (their rate scaled by ``--activity-share``), the cases are planted from July 2026, and the scan runs for
October 31, 2026. It prints one line per rule (checked, found, 疑点率, planted found) and the scan's time, and
appends them to docs/performance.md unless --no-append. Aim (issue 22): 1,000,000 members in under 60 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def bench(kind: str, members: int, months: int, share: float, keep: bool) -> list[str]:
    from sqlalchemy import select

    from anju import compose
    from anju.bootstrap import prepare
    from anju.compliance import catalogue, scan
    from anju.compliance.tables import audit_hit
    from anju.sim.plan import SimConfig
    from anju.sim.plant_audit import PLANTER, plant
    from anju.sim.run import run
    from centre import drop_pg, make_database

    compose.wire()
    engine, pg_name = make_database(kind, members)
    prepare(engine)
    t0 = time.perf_counter()
    run(engine, SimConfig(seed=1, members=members, start_month=202601, months=months,
                          activities=("withdrawal", "loan"), activity_share=share), path="bulk")
    print(f"{kind}: centre of {members:,} members built in {time.perf_counter() - t0:.0f} s", flush=True)
    planted = plant(engine, start=date(2026, 7, 1), salt=7)
    if kind == "postgresql":
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    t0, c0 = time.perf_counter(), time.process_time()
    done = scan.scan(engine, PLANTER, as_of=planted.as_of)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    with engine.connect() as conn:
        hits = conn.execute(select(audit_hit.c.rule_code, audit_hit.c.subject_key)).all()
    found = {(h.rule_code, h.subject_key) for h in hits}
    want = {(c[0], c[1]) for c in planted.cases}
    missing = sorted(want - found)
    lines = [f"| {kind} | {members:,} | {seconds:.1f} s (cpu {cpu:.1f} s) | {done.checked:,} | {done.found:,} | "
             f"{len(want) - len(missing)}/{len(want)} |", "", "| rule | checked | found | 疑点率 | of which planted |",
             "|---|---:|---:|---:|---:|"]
    for r in done.rules:
        planted_here = sum(1 for c in want if c[0] == r.code)
        rate = f"{r.found * 100 / r.checked:.3f}%" if r.checked else "—"
        lines.append(f"| {catalogue.BY_CODE[r.code].name} | {r.checked:,} | {r.found:,} | {rate} | {planted_here} |")
    not_planted = len(found - want)
    lines.append(f"\nHits not planted (the rules on the generated centre): {not_planted:,} of {len(found):,}"
                 f" ({not_planted * 100 / max(len(found), 1):.1f}%); missing planted cases: {missing or 'none'}")
    print("\n".join(lines), flush=True)
    engine.dispose()
    if pg_name and not keep:
        drop_pg(pg_name)
    if missing:
        raise SystemExit(f"the scan missed planted cases on {kind}: {missing}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--db", action="append", choices=("sqlite", "postgresql"))
    parser.add_argument("--months", type=int, default=10)
    parser.add_argument("--activity-share", type=float, default=0.1)
    parser.add_argument("--no-append", action="store_true")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    out = ["| database | members | scan | checked | found | planted found |", "|---|---:|---:|---:|---:|---:|"]
    for kind in args.db or ["sqlite", "postgresql"]:
        out += bench(kind, args.members, args.months, args.activity_share, args.keep)
    if not args.no_append:
        doc = ROOT / "docs" / "performance.md"
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        head = (f"\n### E-audit scan — {datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores, load {load}, Python "
                f"{platform.python_version()}, command: `.venv/bin/python bench/audit_scan.py --members "
                f"{args.members}`\n\n")
        doc.write_text(doc.read_text(encoding="utf-8") + head + "\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
