"""The contribution area's table in JGJ/T 320 field codes (``anju report jgj``): 5.0.3 单位业务明细, one row per
posted remittance list."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, select, true

from anju.core.money import yuan_str
from anju.deposit.codes import RemittanceStatus
from anju.deposit.tables import remittance
from anju.registry.queries import employer_numbers


def employer_details(conn: Connection, since: date | None = None):
    emp = employer_numbers()
    stmt = (select(remittance, emp.c.account_no.label("dwzh")).join(emp, emp.c.id == remittance.c.employer_id)
            .where(remittance.c.status == RemittanceStatus.POSTED.value,
                   remittance.c.paid_on >= since if since is not None else true()).order_by(remittance.c.id))
    headers = ["YWLSH", "DWZH", "JZRQ", "YWMXLX", "FSE", "HBJNY", "CZBZ"]
    rows = conn.execution_options(stream_results=True, yield_per=5000).execute(stmt)
    return headers, ((r.no, r.dwzh, r.paid_on.isoformat(), r.kind, yuan_str(r.total), r.period_from, "01")
                     for r in rows)


TABLES = [("5.0.3_DWYWMX_单位业务明细", employer_details)]
