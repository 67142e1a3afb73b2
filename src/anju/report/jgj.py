"""Data exchange in the field codes of JGJ/T 320-2014: each area lists its tables in ``anju/<area>/jgj.py``
(``TABLES = [(file name, function(conn) -> (field codes, row iterator))]``); this writes them as CSV or Excel."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Connection

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.core.sheets import safe_row, stream_row
from anju.report.permissions import P


class _Counted:
    """Passes rows through and counts them."""

    def __init__(self, rows) -> None:
        self.rows, self.n = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.n += 1
            yield row


def tables():
    from anju.areas import area_modules

    out = []
    for module in area_modules("jgj"):
        out.extend(getattr(module, "TABLES", ()))  # this module is itself anju.report.jgj
    return out


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
            with (out / f"{name}.csv").open("w", newline="", encoding="utf-8-sig") as f:
                w = csv.writer(f)
                w.writerow(safe_row(headers))
                counted = _Counted(rows)
                w.writerows(safe_row(row) for row in counted)
        written[name] = counted.n
    from anju.db import UnitOfWork

    with UnitOfWork(conn.engine) as uow:  # an export of personal data is itself recorded
        audit.record(uow, actor, action="report.export_jgj", entity_type="export", entity_id=str(out),
                     after={"tables": written, "format": fmt})
        uow.commit()
    return written
