"""Data exchange in the field codes of JGJ/T 320-2014: each area lists its tables in ``anju/<area>/jgj.py``
(``TABLES = [(file name, function(conn, since=None) -> (field codes, row iterator))]``); the field lists are data
(``jgjstd``, ``jgj320.toml``). ``export`` writes them as CSV or Excel (the annual report page's zip);
``export_standard`` as Parquet and CSV with a manifest (``anju export jgj``, what supervision loads)."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date
from pathlib import Path

from sqlalchemy import Connection

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.core.sheets import safe_row, stream_row
from anju.report import jgjstd
from anju.report.errors import ReportError
from anju.report.permissions import P

MANIFEST = "manifest.json"
BATCH = 50_000  # rows per Parquet row group


class _Counted:
    """Passes rows through and counts them."""

    def __init__(self, rows) -> None:
        self.rows, self.n = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.n += 1
            yield row


def tables():
    """(file name, function) of every area's tables, in the standard's order."""
    from anju.areas import area_modules

    out = []
    for module in area_modules("jgj"):
        out.extend(getattr(module, "TABLES", ()))  # this module is itself anju.report.jgj
    order = {t.stem: n for n, t in enumerate(jgjstd.tables())}
    return sorted(out, key=lambda t: (order.get(t[0], len(order)), t[0]))


def bank_accounts(conn: Connection, since: date | None = None):
    """9.0.3 银行专户: the 专户 register of the bank area (read through its selectable; the bank area sits below
    the report area and has no export module of its own). ZHXZ is the register's 专户性质 code."""
    from sqlalchemy import select

    from anju.bank.queries import bank_accounts as register

    r = register()
    stmt = select(r).order_by(r.c.id)
    headers = ["YHZHHM", "YHZHMC", "YHDM", "ZHXZ", "KMBH", "KHBH", "KHRQ", "XHRQ", "ZHZT"]
    return headers, ((a.account_no, a.account_name, a.bank_code, a.purpose, a.ledger_code, a.customer_no or "",
                      a.opened_on.isoformat(), a.closed_on.isoformat() if a.closed_on else "", a.status)
                     for a in conn.execute(stmt))


TABLES = [("9.0.3_YHZH_银行专户", bank_accounts)]


def pending() -> list[jgjstd.StdTable]:
    """Tables of the standard the centre holds that no area writes yet."""
    written = {name for name, _ in tables()}
    return [t for t in jgjstd.tables() if t.stem not in written]


def _record(conn: Connection, actor: Actor, out: Path, after: dict) -> None:
    from anju.db import UnitOfWork

    with UnitOfWork(conn.engine) as uow:  # an export of personal data is itself recorded
        audit.record(uow, actor, action="report.export_jgj", entity_type="export", entity_id=out.name[:64],
                     after={"path": str(out), **after})  # the id column holds 64 characters
        uow.commit()


def export(conn: Connection, actor: Actor, out: Path, *, fmt: str = "csv") -> dict[str, int]:
    """Write every table; rows stream from the database, so a million accounts need little memory."""
    require(actor, P.EXPORT)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for name, fn in tables():
        headers, rows = fn(conn)
        if fmt == "xlsx":
            from openpyxl import Workbook

            wb = Workbook(write_only=True)
            ws = wb.create_sheet(name)
            ws.append(stream_row(ws, headers))
            counted = _Counted(rows)
            for row in counted:  # text as text, never a formula (see core.sheets.safe_text)
                ws.append(stream_row(ws, row))
            wb.save(out / f"{name}.xlsx")
        else:
            counted = _Counted(rows)
            _write_csv(out / f"{name}.csv", headers, counted)
        written[name] = counted.n
    _record(conn, actor, out, {"tables": written, "format": fmt})
    return written


def _write_csv(path: Path, headers, rows) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(safe_row(headers))
        w.writerows(safe_row(row) for row in rows)


class _ParquetSink:
    """Typed columns by the standard's field types, one row group per ``BATCH`` rows."""

    def __init__(self, path: Path, table: jgjstd.StdTable) -> None:
        import pyarrow.parquet as pq

        self.table, self.schema = table, jgjstd.arrow_schema(table)
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self.kinds = [f.type for f in table.fields]
        self.buf: list[list] = [[] for _ in self.kinds]

    def add(self, row) -> None:
        for col, kind, value in zip(self.buf, self.kinds, row, strict=True):
            col.append(jgjstd.typed(kind, value))
        if len(self.buf[0]) >= BATCH:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.buf[0] or not self.kinds:
            self.writer.write_table(pa.Table.from_arrays(
                [pa.array(col, type=f.type) for col, f in zip(self.buf, self.schema, strict=True)], schema=self.schema))
        self.buf = [[] for _ in self.kinds]

    def close(self) -> None:
        self.flush()
        self.writer.close()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def export_standard(conn: Connection, actor: Actor, out: Path, *, as_of: date, since: date | None = None,
                    formats: tuple[str, ...] = ("parquet", "csv")) -> dict:
    """Every table the centre holds, whole (``since`` None) or incremental (details dated from ``since``, master
    rows changed from then), as ``<code>_<abbr>_<名称>.parquet`` / ``.csv`` in ``out``, and ``manifest.json``:
    the centre's code and name, the period, each table's rows and SHA-256 per file, the tables still pending.
    Headers are checked against the standard's field list and every Parquet value against its field's type (a
    wrong header or value stops the export: nothing is recorded as exported)."""
    from anju.core import clock
    from anju.org.queries import info

    require(actor, P.EXPORT)
    unknown = [f for f in formats if f not in ("parquet", "csv")]
    if unknown or not formats:
        raise ValidationFailed([Problem.of(ReportError.JGJ_FORMAT, field="导出格式", input="format",
                                           formats="、".join(unknown) or "（空）")])
    out.mkdir(parents=True, exist_ok=True)
    std = jgjstd.by_stem()
    centre = info(conn)
    entries = []
    for name, fn in tables():
        table = std[name]
        headers, rows = fn(conn, since=since)
        if list(headers) != table.headers:
            raise AnjuError(ReportError.JGJ_FIELDS, table=name)
        files: dict[str, str] = {}
        sink = _ParquetSink(out / f"{name}.parquet", table) if "parquet" in formats else None
        csv_file = (out / f"{name}.csv").open("w", newline="", encoding="utf-8-sig") if "csv" in formats else None
        n = 0
        try:
            writer = csv.writer(csv_file) if csv_file else None
            if writer:
                writer.writerow(headers)
            for row in rows:
                n += 1
                if sink:
                    sink.add(row)
                if writer:
                    writer.writerow(safe_row(row))
        finally:
            if sink:
                sink.close()
            if csv_file:
                csv_file.close()
        for fmt in formats:
            files[fmt] = f"{name}.{fmt}"
        entries.append({"code": table.code, "abbr": table.abbr, "name": table.name, "standard": table.standard,
                        "kind": table.kind, "rows": n, "files": files,
                        "sha256": {fmt: _sha256(out / f) for fmt, f in files.items()}})
    manifest = {
        "standard": "JGJ/T 320-2014", "centre_code": centre.get("code", ""), "centre_name": centre.get("name", ""),
        "region": centre.get("region", ""), "mode": "incremental" if since else "full",
        "period": {"from": since.isoformat() if since else None, "to": as_of.isoformat()},
        "generated_at": clock.utcnow().isoformat(timespec="seconds") + "Z", "formats": list(formats),
        "tables": entries,
        "pending": [{"code": t.code, "name": t.name, "owner": t.owner, "reason": t.pending or ""} for t in pending()],
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    _record(conn, actor, out, {"tables": {e["code"]: e["rows"] for e in entries}, "formats": list(formats),
                               "since": manifest["period"]["from"], "as_of": manifest["period"]["to"]})
    return manifest
