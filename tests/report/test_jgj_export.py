"""The complete JGJ/T 320 export (``export_standard``, ``anju export jgj``): every table the centre holds, checked
against the standard's field list kept as data (``report/jgj320.toml``) — names, order, types in Parquet and every
CSV value — the manifest's counts and hashes, and the incremental export since a date; on both databases."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date

import pyarrow.parquet as pq
import pytest

from anju.auth.actor import cli_actor
from anju.core.errors import ValidationFailed
from anju.report import jgj, jgjstd
from anju.report.errors import ReportError
from anju.sim import province
from anju.sim.plan import SimConfig
from anju.sim.run import run

SMALL = SimConfig(seed=7, members=30, employers=2, start_month=202601, months=2)
DAY = date(2026, 2, 16)


def _centre(engine):
    run(engine, SMALL, path="bulk")
    p, who = province._person(province.OUTSIDERS_SEED, 5, date(2026, 1, 1))
    loan_no = province.remote_loan(engine, who, day=DAY, address="示例市湘江路9号2栋301室", contract_no="WQ-T-1")
    return p.id_number, loan_no


def _csv(path):
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_every_table_is_written_by_the_standards_field_list_whole_or_since_a_day(engine, tmp_path):
    id_number, loan_no = _centre(engine)
    with engine.connect() as conn:
        m = jgj.export_standard(conn, cli_actor("test"), tmp_path, as_of=date(2026, 2, 28))
    assert json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8")) == m
    assert (m["centre_code"], m["mode"], m["period"]) == ("SAMPLE", "full", {"from": None, "to": "2026-02-28"})
    std = {t.code: t for t in jgjstd.tables()}
    written = {t["code"]: t for t in m["tables"]}
    # every table of the standard is written or listed as pending with its reason; nothing outside the list
    assert set(written) | {p["code"] for p in m["pending"]} == set(std)
    assert all(p["reason"] for p in m["pending"]) and not set(written) & {p["code"] for p in m["pending"]}
    assert {"5.0.2", "6.0.5", "6.0.6", "6.0.7", "8.0.1", "8.0.2", "8.0.3", "8.0.4", "9.0.3"} <= set(written)
    assert [p["code"] for p in m["pending"]] == ["8.0.5"]  # 国债: the treasury area's, still to come
    for code, entry in written.items():
        table = std[code]
        parquet, text = tmp_path / entry["files"]["parquet"], tmp_path / entry["files"]["csv"]
        assert pq.read_schema(parquet).remove_metadata() == jgjstd.arrow_schema(table), code
        rows = _csv(text)
        assert rows[0] == table.headers, code
        assert len(rows) - 1 == entry["rows"] == pq.read_metadata(parquet).num_rows, code
        for row in rows[1:]:  # every value of the type its field declares
            for f, cell in zip(table.fields, row, strict=True):
                jgjstd.typed(f.type, cell)
        for fmt, path in (("parquet", parquet), ("csv", text)):
            assert entry["sha256"][fmt] == hashlib.sha256(path.read_bytes()).hexdigest()
    for name in ("4.0.3", "5.0.4", "5.0.5", "5.0.2", "8.0.3", "8.0.4"):
        assert written[name]["rows"] > 0, name
    loans = pq.read_table(tmp_path / written["6.0.5"]["files"]["parquet"]).to_pylist()
    (loan,) = [r for r in loans if r["DKZH"] == loan_no]
    assert loan["JKRZJH"] == id_number and loan["DKYE"] == loan["DKFFE"] > 0 and loan["DKZHZT"] == "01"
    assert [r["DKYWMXLX"] for r in pq.read_table(tmp_path / written["6.0.6"]["files"]["parquet"]).to_pylist()
            if r["DKZH"] == loan_no] == ["01"]
    (use,) = pq.read_table(tmp_path / written["X.0.1"]["files"]["parquet"]).to_pylist()
    assert (use["ZJHM"], use["SYLX"], use["FWZLJ"]) == (id_number, "02", "示例市湘江路9号2栋301")
    # the general ledger's closing balances are the trial balance: debits equal credits over the books
    gl = pq.read_table(tmp_path / written["8.0.2"]["files"]["parquet"]).to_pylist()
    assert sum(r["JFFSE"] for r in gl) == sum(r["DFFSE"] for r in gl) > 0


    # incremental: the details dated from the day, the general ledger from its month
    since = date(2026, 2, 1)
    with engine.connect() as conn:
        part = jgj.export_standard(conn, cli_actor("test"), tmp_path / "part", as_of=date(2026, 2, 28), since=since,
                                   formats=("csv",))
    assert part["mode"] == "incremental" and part["period"]["from"] == "2026-02-01"
    rows = {t["code"]: t["rows"] for t in part["tables"]}
    all_rows = {code: t["rows"] for code, t in written.items()}
    details = _csv(tmp_path / "part" / "5.0.5_GRYWMX_个人业务明细.csv")
    assert 0 < rows["5.0.5"] < all_rows["5.0.5"] and all(r[2] >= "2026-02-01" for r in details[1:])
    vouchers = _csv(tmp_path / "part" / "8.0.3_JZPZ_记账凭证.csv")
    assert 0 < rows["8.0.3"] < all_rows["8.0.3"] and all(r[1] >= "2026-02-01" for r in vouchers[1:])
    assert all(r[0] >= "202602" for r in _csv(tmp_path / "part" / "8.0.2_ZZ_总账.csv")[1:])
    assert not (tmp_path / "part" / "5.0.5_GRYWMX_个人业务明细.parquet").exists()


def test_an_unknown_format_is_refused_with_its_code(engine, tmp_path):
    with engine.connect() as conn, pytest.raises(ValidationFailed) as exc:
        jgj.export_standard(conn, cli_actor("test"), tmp_path, as_of=date(2026, 2, 28), formats=("xlsx",))
    assert [p.code for p in exc.value.problems] == [ReportError.JGJ_FORMAT]
    assert not (tmp_path / "manifest.json").exists()


def test_field_types_refuse_what_is_not_of_the_type():
    assert jgjstd.typed("M", "12.50") == jgjstd.typed("M", "12.5")
    assert jgjstd.typed("N", "") is None and jgjstd.typed("C", "") == ""
    assert jgjstd.typed("D", "2026-01-31") == date(2026, 1, 31)
    for kind, bad in (("M", "1.234"), ("N", "1.5"), ("D", "2026-13-01"), ("Y", "202613"), ("Y", "2026-01")):
        with pytest.raises(ValueError):
            jgjstd.typed(kind, bad)


def test_each_areas_tables_are_in_the_standards_list():
    stems = {t.stem for t in jgjstd.tables()}
    assert [name for name, _ in jgj.tables() if name not in stems] == []
