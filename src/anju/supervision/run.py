"""One supervision run: load the centres' exports, compute the indicators and the cross-centre 疑点, write the
results (Parquet), the report (Excel) and per centre the 疑点 file compliance imports (``疑点_<中心代码>.csv`` and
``.parquet``; the format agreed in /work/wt/TEAM.md and kept in docs/supervision.md)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from anju.supervision import audit, indicators
from anju.supervision.load import load

HIT_HEADERS = ["疑点编号", "规则代码", "规则名称", "证件号码", "本中心业务号", "关联中心", "说明", "金额", "发现日期", "批次号"]
INDICATOR_HEADERS = ["中心代码", "中心名称", "指标代码", "指标名称", "单位", "值（精确）", "值"]


@dataclass
class Result:
    figures: indicators.Figures
    hits: list[tuple]  # rows of HIT_HEADERS, in 疑点编号 order
    names: dict[str, str]
    files: dict[str, Path]


def run(spark, exports, out: Path, *, start: date, end: date, as_of: date, run_id: str | None = None,
        transfers: int = 2) -> Result:
    out.mkdir(parents=True, exist_ok=True)
    province = load(spark, exports)
    names = province.names()
    figures = indicators.compute(province, start, end)
    run_id = run_id or f"SV{as_of:%Y%m%d}"
    found = audit.run(province, audit.Params(start, end, transfers))
    # one job for every rule; the 疑点 come to the driver (they are what goes out to the centres: a national run
    # finds thousands to a few million, not the hundreds of millions of rows it reads)
    rows = sorted(found.collect(), key=lambda r: (r.GZDM, r.ZXDM, r.ZJHM, r.YWBH or ""))
    hits = [(f"{run_id}-{n:06d}", r.GZDM, audit.RULES[r.GZDM].name, r.ZJHM, r.YWBH or "", r.GLZX or "", r.SM,
             "" if r.JE is None else f"{r.JE:.2f}", as_of.isoformat(), run_id, r.ZXDM)
            for n, r in enumerate(rows, 1)]
    files = {"indicators": out / "indicators.parquet", "hits": out / "hits.parquet", "report": out / "监管报告.xlsx"}
    _indicators_parquet(files["indicators"], indicators.rows(figures, names))
    _table(files["hits"], [*HIT_HEADERS, "中心代码"], hits)
    per_centre = out / "疑点"
    per_centre.mkdir(exist_ok=True)
    for code in sorted(names):
        mine = [h[:-1] for h in hits if h[-1] == code]
        files[f"疑点:{code}"] = _hit_files(per_centre, code, mine)
    result = Result(figures, hits, names, files)
    from anju.supervision.report import excel, pdf

    excel(result, files["report"], start=start, end=end, as_of=as_of, run_id=run_id)
    files["pdf"] = out / "监管报告.pdf"
    pdf(result, files["pdf"], start=start, end=end, as_of=as_of, run_id=run_id)
    (out / "run.json").write_text(json.dumps({
        "run_id": run_id, "as_of": as_of.isoformat(), "period": [start.isoformat(), end.isoformat()],
        "centres": [{"code": c.code, "name": c.name, "path": str(c.path)} for c in province.centres],
        "hits": {code: sum(1 for h in hits if h[1] == code) for code in audit.RULES}}, ensure_ascii=False, indent=1),
        encoding="utf-8")
    return result


def _indicators_parquet(path: Path, rows: list[tuple]) -> None:
    _table(path, INDICATOR_HEADERS, rows)


def _table(path: Path, headers: list[str], rows: list[tuple]) -> None:
    """Rows of text as a Parquet file of text columns."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols = list(zip(*rows, strict=True)) if rows else [[] for _ in headers]
    pq.write_table(pa.table({h: pa.array(list(c), pa.string()) for h, c in zip(headers, cols, strict=True)}), path)


def _hit_files(folder: Path, code: str, rows: list[tuple]) -> Path:
    """疑点_<code>.csv (UTF-8 with BOM, what compliance imports) and the same as .parquet."""
    path = folder / f"疑点_{code}.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(HIT_HEADERS)
        w.writerows(rows)
    _table(folder / f"疑点_{code}.parquet", HIT_HEADERS, rows)
    return path
