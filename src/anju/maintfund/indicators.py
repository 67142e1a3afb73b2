"""Figures of the maintenance fund in the statistics catalogue (section 维修资金): 归集额, 使用额, 退还额, 增值收益分配额,
余额, 户数, 追缴完成率, 维修项目数 by kind. Read from the fund's own movements (``mf_txn``), which ``anju verify``
keeps equal to its book."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Connection, func, select

from anju.indicators.catalogue import Breakdown, Period, Unit, breakdown_of, indicator
from anju.maintfund.codes import BillKind, BillStatus, Payer, ProjectKind, TxnKind
from anju.maintfund.tables import mf_bill, mf_household, mf_project, mf_task, mf_txn

AREA = "maintfund"
SECTION = "维修资金"
BY_KIND = Breakdown("project_kind", "项目类别")


def _flow(conn: Connection, period: Period, kind: TxnKind) -> int:
    t = mf_txn.c
    return int(conn.execute(select(func.coalesce(func.sum(t.amount), 0)).where(
        t.kind == kind, t.day_no >= period.start.toordinal(), t.day_no < period.end.toordinal())).scalar_one())


@indicator("mf.collected", "维修资金归集额", Unit.WAN, "期间内首期交存和续筹交存到账的金额合计", area=AREA, section=SECTION,
           order=10)
def collected(conn: Connection, period: Period) -> int:
    return _flow(conn, period, TxnKind.DEPOSIT)


@indicator("mf.used", "维修资金使用额", Unit.WAN, "期间内维修项目决算分摊从分户账列支的金额合计", area=AREA,
           section=SECTION, order=20)
def used(conn: Connection, period: Period) -> int:
    return -_flow(conn, period, TxnKind.USE)


@indicator("mf.refunded", "维修资金退还额", Unit.WAN, "期间内因房屋灭失退还业主的金额合计", area=AREA, section=SECTION,
           order=30)
def refunded(conn: Connection, period: Period) -> int:
    return -_flow(conn, period, TxnKind.REFUND)


@indicator("mf.interest", "维修资金增值收益分配额", Unit.WAN, "期间内按积数分配到分户账和公共账的增值收益", area=AREA,
           section=SECTION, order=40)
def interest(conn: Connection, period: Period) -> int:
    return _flow(conn, period, TxnKind.INTEREST)


@indicator("mf.balance", "维修资金余额", Unit.WAN, "期末分户账和公共账余额合计（累计归集 + 利息 − 使用 − 退还）",
           area=AREA, section=SECTION, order=50, stock=True)
def balance(conn: Connection, period: Period) -> int:
    t = mf_txn.c
    return int(conn.execute(select(func.coalesce(func.sum(t.amount), 0))
                            .where(t.day_no < period.end.toordinal())).scalar_one())


@indicator("mf.households", "维修资金分户数", Unit.HOUSEHOLD, "期末正常状态的分户账户数（期末前开立、未过户或销户）",
           area=AREA, section=SECTION, order=60, stock=True)
def households(conn: Connection, period: Period) -> int:
    h = mf_household.c
    return int(conn.execute(select(func.count()).where(
        h.opened_on < period.end, (h.closed_on.is_(None)) | (h.closed_on >= period.end))).scalar_one())


@indicator("mf.recovery_rate", "维修资金追缴完成率", Unit.PERCENT,
           "期间内开发建设单位交存的首期维修资金 ÷ 期间所在各年度追缴任务之和；未设任务时无此值", area=AREA,
           section=SECTION, order=70)
def recovery_rate(conn: Connection, period: Period) -> Decimal | None:
    b = mf_bill.c
    task = int(conn.execute(select(func.coalesce(func.sum(mf_task.c.amount), 0)).where(
        mf_task.c.year >= period.start.year, mf_task.c.year <= period.last_day.year)).scalar_one())
    if not task:
        return None
    got = int(conn.execute(select(func.coalesce(func.sum(b.amount), 0)).where(
        b.payer == Payer.DEVELOPER, b.kind == BillKind.FIRST, b.status == BillStatus.PAID, b.paid_on >= period.start,
        b.paid_on < period.end)).scalar_one())
    return Decimal(got) / Decimal(task)


@indicator("mf.projects", "维修项目数", Unit.UNIT, "期间内受理的维修资金使用项目数（一般、应急）", area=AREA, section=SECTION,
           order=80, breakdowns=(BY_KIND,))
def project_count(conn: Connection, period: Period) -> int:
    p = mf_project.c
    return int(conn.execute(select(func.count()).where(p.applied_on >= period.start, p.applied_on < period.end))
               .scalar_one())


@breakdown_of("mf.projects")
def _projects_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    p = mf_project.c
    rows = conn.execute(select(p.kind, func.count()).where(p.applied_on >= period.start, p.applied_on < period.end)
                        .group_by(p.kind)).all()
    return {ProjectKind(k).label: int(n) for k, n in rows}
