"""Budget invariants for `anju verify`: a year's stored lines are the ones its last audited import wrote."""

from __future__ import annotations

from sqlalchemy import Connection

from anju.budget import queries
from anju.budget.service import content_hash
from anju.verify import Violation, check


@check("budget.year_hash", "预决算年度数据与最近一次（留有审计记录的）导入一致，未被绕过系统修改")
def year_hash(conn: Connection):
    for info in queries.years(conn):
        data = queries.load_year(conn, info.year)
        if data is not None and content_hash(data) != info.content_hash:
            yield Violation("budget.year_hash", f"{info.year}年度预决算数据与{info.updated_at}由{info.updated_by}"
                            f"导入时的内容不一致（数据在系统之外被修改）", (f"budget_year:{info.year}",))
