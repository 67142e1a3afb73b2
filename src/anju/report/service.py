"""Report use cases: the annual report of a year, its staff texts, the dashboard's targets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import Connection, delete, insert, select

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.core.errors import Problem, ValidationFailed
from anju.db.uow import UnitOfWork
from anju.indicators import catalogue
from anju.indicators.catalogue import MONEY_UNITS, Period, Unit
from anju.report import annual
from anju.report.errors import ReportError
from anju.report.permissions import P
from anju.report.tables import report_target, report_text


def texts(conn: Connection, year: int) -> dict[str, str]:
    return dict(conn.execute(select(report_text.c.key, report_text.c.body).where(report_text.c.year == year)).all())


def set_text(uow: UnitOfWork, actor: Actor, *, year: int, key: str, body: str) -> None:
    require(actor, P.WRITE)
    if key not in annual.TEXT_KEYS:
        raise ValidationFailed([Problem.of(ReportError.TEXT_UNKNOWN, field="文字段落", input="key", key=key)])
    conn = uow.conn
    before = texts(conn, year).get(key)
    conn.execute(delete(report_text).where(report_text.c.year == year, report_text.c.key == key))
    conn.execute(insert(report_text).values(year=year, key=key, body=body, updated_at=uow.now(),
                                            updated_by=actor.username))
    audit.record(uow, actor, action="report.text", entity_type="report_text", entity_id=f"{year}:{key}",
                 before={"body": before}, after={"body": body})


def default_texts(conn: Connection, year: int) -> dict[str, str]:
    """What 机构概况 and 其他重要事项 say when staff have not written them: the centre as its centre file
    describes it (address, service line, branches, entrusted banks) and the policy changes of the year."""
    from anju.policy.service import centre_profile, changes_in_year

    p = centre_profile(conn)
    name = p.info.get("name") or "住房公积金管理中心"
    org = [f"{name}" + (f"，地址：{p.info['address']}" if p.info.get("address") else "")
           + (f"，服务热线{p.info['phone']}" if p.info.get("phone") else "") + "。"]
    if p.branches:
        org.append(f"中心设{len(p.branches)}个营业网点（管理部）：{'、'.join(p.branches)}。")
    if p.banks:
        org.append(f"住房公积金受托银行{len(p.banks)}家：{'、'.join(p.banks)}。")
    changes = changes_in_year(conn, year)
    if changes:
        items = [f"自{day.month}月{day.day}日起调整{'、'.join(names)}" + (f"（{note}）" if note else "")
                 for day, note, names in changes]
        other = f"{year}年住房公积金政策调整情况：" + "；".join(items) + "。"
    else:
        other = f"{year}年住房公积金政策未作调整。"
    return {"org": "".join(org), "other": other}


def annual_report(conn: Connection, actor: Actor, *, year: int, as_of: date,
                  charts: bool = True) -> annual.AnnualReport:
    """The annual report of ``year`` as known on the business date ``as_of``; 机构概况 and 其他重要事项 staff
    have not written are filled from the centre file and the year's policy changes (``default_texts``)."""
    from anju.policy.service import centre_name

    require(actor, P.READ)
    written = texts(conn, year)
    filled = {key: written.get(key) or default for key, default in default_texts(conn, year).items()}
    return annual.build(conn, year=year, centre=centre_name(conn) or "住房公积金管理中心", texts={**written, **filled},
                        as_of=as_of, charts=charts)


# --------------------------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class Target:
    code: str
    op: str
    value: Decimal  # in the indicator's display unit: 万元 for money, % for percent, ‰ for per mille

    def raw(self, unit: Unit):
        """The target in the catalogue's own terms (fen for money, a fraction for ratios)."""
        if unit in MONEY_UNITS:
            return int(self.value * 1_000_000)
        if unit is Unit.PERCENT:
            return self.value / 100
        if unit is Unit.PERMILLE:
            return self.value / 1000
        return self.value

    def met(self, actual, unit: Unit) -> bool | None:
        if actual is None:
            return None
        goal = self.raw(unit)
        return actual >= goal if self.op == "ge" else actual <= goal


def targets(conn: Connection, year: int) -> dict[str, Target]:
    rows = conn.execute(select(report_target).where(report_target.c.year == year)).all()
    return {r.code: Target(r.code, r.op, Decimal(r.value)) for r in rows}


def set_target(uow: UnitOfWork, actor: Actor, *, year: int, code: str, op: str, value: str) -> None:
    require(actor, P.WRITE)
    problems = []
    if code not in catalogue.catalogue():
        problems.append(Problem.of(ReportError.INDICATOR_UNKNOWN, field="code", code=code))
    if op not in ("ge", "le"):
        problems.append(Problem.of(ReportError.TARGET_OP_INVALID, field="op"))
    try:
        Decimal(value.strip().replace(",", ""))
    except (InvalidOperation, AttributeError):
        problems.append(Problem.of(ReportError.TARGET_VALUE_INVALID, field="value", value=value))
    if problems:
        raise ValidationFailed(problems, summary="目标设置有误")
    conn = uow.conn
    conn.execute(delete(report_target).where(report_target.c.year == year, report_target.c.code == code))
    conn.execute(insert(report_target).values(year=year, code=code, op=op, value=value.strip().replace(",", ""),
                                              updated_at=uow.now(), updated_by=actor.username))
    audit.record(uow, actor, action="report.target", entity_type="report_target", entity_id=f"{year}:{code}",
                 after={"op": op, "value": value})


def clear_target(uow: UnitOfWork, actor: Actor, *, year: int, code: str) -> bool:
    """Remove a year's target of an indicator; False when there was none."""
    require(actor, P.WRITE)
    before = targets(uow.conn, year).get(code)
    if before is None:
        return False
    uow.conn.execute(delete(report_target).where(report_target.c.year == year, report_target.c.code == code))
    audit.record(uow, actor, action="report.target", entity_type="report_target", entity_id=f"{year}:{code}",
                 before={"op": before.op, "value": str(before.value)}, after=None)
    return True


def indicator_value(conn: Connection, actor: Actor, *, code: str, period: Period, breakdown: str | None = None):
    require(actor, P.READ)
    if breakdown:
        return catalogue.by(conn, code, period, breakdown)
    return catalogue.value(conn, code, period)


def indicator_detail(conn: Connection, actor: Actor, *, code: str, period: Period, offset: int = 0,
                     limit: int | None = None, key: catalogue.DetailKey | None = None) -> catalogue.Detail:
    require(actor, P.READ)
    return catalogue.detail(conn, code, period, offset=offset, limit=limit, key=key)
