"""Supervision benchmark (not a test): N centres × M members of JGJ/T 320 exports, supervised on Spark at
local[1] and local[2], each in a fresh process (JVM start included, reported apart).

    .venv/bin/python bench/supervision.py [--centres 10] [--members 200000] [--masters local[1],local[2]]
                                          [--source synth|sim] [--no-append]

``--source synth`` (default) writes the exports directly with pyarrow — the standard's schemas, one person in a
hundred also contributing in the previous centre, twelve months of 汇缴 per member (5.0.5: M × 12 rows a centre),
a loan for one member in twenty (6.0.5, 6.0.6, X.0.1), some homes and loans shared with the previous centre — so
10 × 200,000 is 24 million detail rows without building ten databases. ``--source sim`` builds the synthetic
province through ``anju.sim.province`` and exports it (realistic, slow: for a few thousand members).
It prints a table (centres, members, rows read, master, seconds for the run, seconds to start the JVM, 疑点
found) and appends it to docs/performance.md unless --no-append. Files go to var/bench/supervision/.

The lead's measurement: ``.venv/bin/python bench/supervision.py --centres 10 --members 200000``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from anju.core import clock  # noqa: E402
from anju.report import jgjstd  # noqa: E402


def _write(folder: Path, abbr: str, cols: dict, n: int) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = jgjstd.by_abbr()[abbr]
    schema = jgjstd.arrow_schema(table)
    arrays = [pa.array(cols[f.name], type=f.type) if f.name in cols else pa.nulls(n, type=f.type) for f in schema]
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), folder / f"{table.stem}.parquet", compression="zstd")
    return n


def _dec(fen: np.ndarray):
    """fen → decimal128(18, 2) yuan, exactly: the unscaled value of a 2-place decimal is the fen."""
    import pyarrow as pa

    return pa.array(fen, pa.int64()).cast(pa.decimal128(19, 0)).cast(pa.decimal128(18, 0)).view(pa.decimal128(18, 2))


def synth_centre(folder: Path, k: int, members: int, seed: int = 1) -> int:
    """One centre's export: 5.0.4, 5.0.5, 6.0.5, X.0.1 (what supervision reads) and the manifest."""
    import pyarrow as pa

    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed + k)
    code = f"{k + 1:02d}0000"
    idx = np.arange(members, dtype=np.int64) + k * members
    shared = max(1, members // 100)
    if k > 0:
        idx[:shared] = np.arange(shared) + (k - 1) * members  # also members of the previous centre
    zjhm = np.char.add("9", np.char.zfill(idx.astype(str), 17))
    grzh = np.char.add(code, np.char.zfill(np.arange(members).astype(str), 10))
    balance = rng.integers(1_000_00, 200_000_00, members)
    rows = _write(folder, "GRZH", {"GRZH": grzh, "ZJHM": zjhm, "GRZHZT": np.full(members, "01"),
                                   "GRZHYE": _dec(balance)}, members)
    months = 12
    monthly = rng.integers(300_00, 3_000_00, members)
    n = members * months
    m = np.repeat(np.arange(1, months + 1), members)
    jzrq = pa.array([date(2026, int(x), 15) for x in range(1, months + 1)], pa.date32()).take(pa.array(m - 1))
    rows += _write(folder, "GRYWMX", {
        "YWLSH": np.arange(n).astype(str), "GRZH": np.tile(grzh, months), "JZRQ": jzrq,
        "GJHTQYWLX": np.full(n, "01"), "FSE": _dec(np.tile(monthly, months)),
        "HBJNY": np.char.add("2026", np.char.zfill(m.astype(str), 2)), "CZBZ": np.full(n, "01")}, n)
    loans = members // 20
    who = rng.choice(members, loans, replace=False)
    amount = rng.integers(200_000_00, 800_000_00, loans)
    dkzh = np.char.add(f"DK{code}", np.char.zfill(np.arange(loans).astype(str), 8))
    rows += _write(folder, "DKZH", {"DKZH": dkzh, "JKRZJH": zjhm[who], "DKFFE": _dec(amount),
                                    "DKFFRQ": pa.array([date(2026, 3, 1)] * loans, pa.date32()),
                                    "DKYE": _dec(amount), "YQBJZE": _dec(np.zeros(loans, dtype=np.int64)),
                                    "DKZHZT": np.full(loans, "01")}, loans)
    home = np.char.add(f"C{code}-", who.astype(str))
    if k > 0:
        home[: max(1, loans // 200)] = np.char.add(f"C{k:02d}0000-", who[: max(1, loans // 200)].astype(str))
    rows += _write(folder, "FWSY", {"ZJHM": zjhm[who], "FWZL": home, "SYLX": np.full(loans, "02"), "YWBH": dkzh,
                                    "SYRQ": pa.array([date(2026, 3, 1)] * loans, pa.date32()), "FSE": _dec(amount),
                                    "YXBZ": np.full(loans, "1"), "FWZLJ": home}, loans)
    (folder / "manifest.json").write_text(json.dumps({
        "standard": "JGJ/T 320-2014", "centre_code": code, "centre_name": f"基准中心{k + 1}", "formats": ["parquet"],
        "mode": "full", "period": {"from": None, "to": "2026-12-31"}, "tables": [], "pending": []},
        ensure_ascii=False), encoding="utf-8")
    return rows


def sim_centres(root: Path, centres: int, members: int) -> tuple[list[Path], int]:
    from anju.sim import province

    built = province.build(root / "centres", centres=centres, members=members, months=12, start_month=202601)
    paths = province.export(built, root / "exports")
    rows = sum(t["rows"] for p in paths for t in json.loads((p / "manifest.json").read_text())["tables"])
    return paths, rows


RUNNER = """
import sys, time, json
from datetime import date
from pathlib import Path
t0 = time.perf_counter()
from anju import compose; compose.wire()
from anju.supervision.session import spark
from anju.supervision.run import run
s = spark(sys.argv[1]); s.range(1).count()
t1 = time.perf_counter()
r = run(s, [Path(p) for p in sys.argv[3:]], Path(sys.argv[2]), start=date(2026, 1, 1), end=date(2027, 1, 1),
        as_of=date(2026, 12, 31))
t2 = time.perf_counter()
print(json.dumps({"start": t1 - t0, "run": t2 - t1, "hits": len(r.hits)}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--centres", type=int, default=10)
    ap.add_argument("--members", type=int, default=200_000)
    ap.add_argument("--masters", default="local[1],local[2]")
    ap.add_argument("--source", choices=("synth", "sim"), default="synth")
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args()
    root = ROOT / "var" / "bench" / "supervision" / f"{args.source}-{args.centres}x{args.members}"
    t = time.perf_counter()
    if args.source == "sim":
        paths, rows = sim_centres(root, args.centres, args.members)
    else:
        paths = [root / "exports" / f"c{k:02d}" for k in range(args.centres)]
        rows = sum(synth_centre(p, k, args.members) for k, p in enumerate(paths))
    made = time.perf_counter() - t
    lines = ["| centres × members | rows read | master | JVM start s | run s | 疑点 |", "|---|---|---|---|---|---|"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for master in args.masters.split(","):
        out = subprocess.run([sys.executable, "-c", RUNNER, master, str(root / f"result-{master}"), *map(str, paths)],
                             env=env, capture_output=True, text=True, check=True)
        got = json.loads(out.stdout.strip().splitlines()[-1])
        lines.append(f"| {args.centres} × {args.members:,} | {rows:,} | {master} | {got['start']:.1f} | "
                     f"{got['run']:.1f} | {got['hits']:,} |")
        print(lines[-1], flush=True)
    print(f"(exports written in {made:.1f} s, source {args.source})")
    if not args.no_append:
        with (ROOT / "docs" / "performance.md").open("a", encoding="utf-8") as f:
            f.write(f"\n### Supervision on Spark ({clock.today().isoformat()}, {platform.node()}, "
                    f"{os.cpu_count()} CPUs, source {args.source})\n\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
