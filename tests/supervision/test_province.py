"""Supervision on Spark over a synthetic province of three small centres with planted cross-centre cases: every
planted case is found (and nothing else, the centres' people being otherwise disjoint), each centre's indicators
equal its own catalogue figures and the province's are their sums, and the result files are written — the 疑点
file per centre in the format compliance imports. One Spark run (the JVM is shared: tests/supervision/conftest.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow.parquet as pq
from openpyxl import load_workbook

from anju.db import make_engine
from anju.indicators.catalogue import Period, catalogue, value
from anju.sim import province
from anju.supervision import audit, indicators
from anju.supervision.run import HIT_HEADERS, run


def test_a_province_of_three_centres_finds_every_planted_case_and_its_indicators_are_the_centres(spark, tmp_path,
                                                                                              request):
    seeded = request.getfixturevalue("_sqlite_db")  # the session's prepared SQLite centre, as the template
    seeded.reset()
    built = province.build(tmp_path / "centres", centres=3, members=30, months=7, start_month=202509,
                           template=Path(seeded.engine.url.database))
    assert {c.rule for c in built.planted} == set(audit.RULES)
    exports = province.export(built, tmp_path / "exports")
    result = run(spark, exports, tmp_path / "result", start=built.start, end=built.end, as_of=built.last_day,
                 run_id="SVTEST")

    # every planted case reaches every centre it involves, and nothing else is found
    found = {(h[1], h[3], h[-1]) for h in result.hits}
    planted = {(c.rule, c.id_number, code) for c in built.planted for code in c.centres}
    assert found == planted

    # indicators: each centre's equal its own catalogue figure for the period; the province's are the sums
    period = Period(built.start, built.end, "期间")
    for c in built.centres:
        engine = make_engine(c.url)
        with engine.connect() as conn:
            own = {code: value(conn, code, period) for code in indicators.ORDER}
        engine.dispose()
        assert result.figures.by_centre[c.code] == own, c.code
    for code in indicators.SUMS:
        assert result.figures.total[code] == sum(f[code] for f in result.figures.by_centre.values())
    assert result.figures.total["loan.issued_count"] == 5 and result.figures.total["deposit.amount"] > 0
    assert result.figures.total["withdrawal.amount"] > 0

    # result files: indicators and hits as Parquet, the Excel report, a 疑点 file per centre
    out = tmp_path / "result"
    assert pq.read_table(out / "indicators.parquet").num_rows == (len(built.centres) + 1) * len(indicators.ORDER)
    assert pq.read_table(out / "hits.parquet").num_rows == len(result.hits)
    assert load_workbook(out / "监管报告.xlsx").sheetnames == ["指标", "疑点汇总", "疑点明细"]
    assert (out / "监管报告.pdf").read_bytes()[:5] == b"%PDF-"
    for c in built.centres:
        with (out / "疑点" / f"疑点_{c.code}.csv").open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        assert rows[0] == HIT_HEADERS
        assert {(r[1], r[3]) for r in rows[1:]} == {(rule, idn) for rule, idn, code in planted if code == c.code}
        assert all(r[0].startswith("SVTEST-") and r[9] == "SVTEST" and r[6] for r in rows[1:])


def test_the_indicators_carry_the_catalogues_names():
    cat = catalogue()
    assert {code: cat[code].name for code in indicators.ORDER} == {code: n for code, (n, _) in indicators.NAMES.items()}
    assert set(indicators.RATIOS) | set(indicators.SUMS) == set(indicators.ORDER)


def test_exports_without_a_manifest_or_with_one_centre_twice_are_refused_together(tmp_path):
    import json

    import pytest

    from anju.supervision.load import LoadError, centres

    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "manifest.json").write_text(json.dumps(
            {"centre_code": "430100", "centre_name": "第1市", "formats": ["parquet"]}), encoding="utf-8")
    (tmp_path / "c").mkdir()
    with pytest.raises(LoadError) as exc:
        centres([tmp_path / "a", tmp_path / "b", tmp_path / "c"])
    assert "中心代码430100重复" in str(exc.value) and "manifest.json" in str(exc.value)
