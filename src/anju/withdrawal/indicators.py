"""Indicators of withdrawals (提取): amount and people by reason, housing vs non-housing, the withdrawal rate."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Connection, and_, func, select

from anju.core.ids import mask_id
from anju.indicators.catalogue import (
    Breakdown,
    Period,
    Unit,
    breakdown_of,
    detail_of,
    divide,
    growth,
    indicator,
    paged,
    value,
)
from anju.registry import rollup
from anju.registry.codes import TxnType
from anju.registry.tables import member_txn
from anju.withdrawal.codes import HOUSING_REASONS, Reason

AREA = "withdrawal"
TYPES = (TxnType.PARTIAL_WITHDRAWAL.value, TxnType.CLOSING_WITHDRAWAL.value)
HOUSING = tuple(r.value for r in HOUSING_REASONS)
BY_REASON = Breakdown("reason", "提取原因")
BY_GROUP = Breakdown("group", "住房消费类/非住房消费类")


def _rows(period: Period, *extra):
    return and_(member_txn.c.type.in_(TYPES), member_txn.c.txn_date >= period.start,
                member_txn.c.txn_date < period.end, *extra)


def _amount(conn: Connection, period: Period, *extra) -> int:
    """Money out is negative in the sub-ledger; a fraud reversal (冲账) adds it back."""
    return -int(conn.execute(select(func.coalesce(func.sum(member_txn.c.amount), 0)).where(_rows(period, *extra)))
                .scalar_one())


@indicator("withdrawal.amount", "提取额", Unit.YUAN, "期间内从职工个人账户提取的金额（部分提取与销户提取，扣除冲回）",
           area=AREA, section="提取", order=10, breakdowns=(BY_REASON, BY_GROUP))
def amount(conn: Connection, period: Period) -> int:
    return _amount(conn, period)


@breakdown_of("withdrawal.amount")
def _amount_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    rows = conn.execute(select(member_txn.c.reason, func.sum(member_txn.c.amount)).where(_rows(period))
                        .group_by(member_txn.c.reason)).all()
    out: dict[str, int] = {}
    for code, total in rows:
        if dim == "group":
            label = "住房消费类" if code in HOUSING else "非住房消费类"
        else:
            label = Reason(code).label if code in Reason._value2member_map_ else (code or "未注明")
        out[label] = out.get(label, 0) - int(total)
    return out


def _reason_in(key) -> object:
    """The rows of one breakdown row: a reason (by its label) or 住房消费类 / 非住房消费类."""
    dim, label = key
    if dim == "group":
        housing = member_txn.c.reason.in_(HOUSING)
        return housing if label == "住房消费类" else ~housing | member_txn.c.reason.is_(None)
    codes = [r.value for r in Reason if r.label == label]
    if codes:
        return member_txn.c.reason.in_(codes)
    return member_txn.c.reason.is_(None) if label == "未注明" else member_txn.c.reason == label


def _reason_label(code) -> str:
    return Reason(code).label if code in Reason._value2member_map_ else (code or "未注明")


def _rows_detail(conn: Connection, period: Period, *extra, offset, limit):
    """The withdrawal rows of the period (a reversal as a negative amount), in date order."""
    from anju.registry.tables import account, person

    q = (select(member_txn.c.txn_date, account.c.account_no, person.c.name, person.c.id_number, member_txn.c.reason,
                member_txn.c.type, member_txn.c.amount)
         .join(account, account.c.id == member_txn.c.account_id)
         .join(person, person.c.id == account.c.person_id)
         .where(_rows(period, *extra)).order_by(member_txn.c.txn_date, member_txn.c.id))
    return paged(conn, ["日期", "个人账号", "姓名", "证件号码", "提取原因", "类型", "金额（元）"], q,
                 lambda r: (r[0], r[1], r[2], mask_id(r[3]), _reason_label(r[4]), TxnType(r[5]).label, -int(r[6])),
                 offset=offset, limit=limit)


@detail_of("withdrawal.amount", keys=("reason", "group"))
def _amount_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    return _rows_detail(conn, period, *([_reason_in(key)] if key else []), offset=offset, limit=limit)


@indicator("withdrawal.housing_amount", "住房消费类提取额", Unit.YUAN, "购建、还贷、租房、装修、物业费、加装电梯、代际互助等提取",
           area=AREA, section="提取", order=11)
def housing_amount(conn: Connection, period: Period) -> int:
    return _amount(conn, period, member_txn.c.reason.in_(HOUSING))


@detail_of("withdrawal.housing_amount")
def _housing_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    return _rows_detail(conn, period, member_txn.c.reason.in_(HOUSING), offset=offset, limit=limit)


@indicator("withdrawal.housing_share", "住房消费类提取占比", Unit.PERCENT, "住房消费类提取额 ÷ 提取额", area=AREA,
           section="提取", order=12)
def housing_share(conn: Connection, period: Period) -> Decimal | None:
    return divide(value(conn, "withdrawal.housing_amount", period), value(conn, "withdrawal.amount", period))


@indicator("withdrawal.people", "提取人数", Unit.PERSON, "期间内有提取的个人账户数", area=AREA, section="提取", order=20,
           breakdowns=(BY_REASON,))
def people(conn: Connection, period: Period) -> int:
    return int(conn.execute(select(func.count(func.distinct(member_txn.c.account_id)))
                            .where(_rows(period, member_txn.c.amount < 0))).scalar_one())


@breakdown_of("withdrawal.people")
def _people_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    rows = conn.execute(select(member_txn.c.reason, func.count(func.distinct(member_txn.c.account_id)))
                        .where(_rows(period, member_txn.c.amount < 0)).group_by(member_txn.c.reason)).all()
    return {(Reason(c).label if c in Reason._value2member_map_ else (c or "未注明")): int(n) for c, n in rows}


@detail_of("withdrawal.people", keys=("reason",))
def _people_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    from anju.registry.details import MEMBER_HEADERS, _member_row, _members

    per = (select(member_txn.c.account_id, func.count().label("n"), func.sum(member_txn.c.amount).label("s"))
           .where(_rows(period, member_txn.c.amount < 0, *([_reason_in(key)] if key else [])))
           .group_by(member_txn.c.account_id).subquery())
    return paged(conn, [*MEMBER_HEADERS, "提取笔数", "提取额（元）"], _members(per, per.c.n, per.c.s),
                 lambda r: (*_member_row(r), int(r.n), -int(r.s)), offset=offset, limit=limit, count=per)


@indicator("withdrawal.closing_amount", "销户提取额", Unit.YUAN, "期间内销户提取（离退休、出境定居、死亡等）的金额",
           area=AREA, section="提取", order=30)
def closing_amount(conn: Connection, period: Period) -> int:
    return -int(conn.execute(select(func.coalesce(func.sum(member_txn.c.amount), 0)).where(
        member_txn.c.type == TxnType.CLOSING_WITHDRAWAL.value, member_txn.c.txn_date >= period.start,
        member_txn.c.txn_date < period.end)).scalar_one())


@detail_of("withdrawal.closing_amount")
def _closing_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    return _rows_detail(conn, period, member_txn.c.type == TxnType.CLOSING_WITHDRAWAL.value, offset=offset,
                        limit=limit)


@indicator("withdrawal.rate", "提取率", Unit.PERCENT, "提取额 ÷ 归集额", area=AREA, section="提取", order=40)
def rate(conn: Connection, period: Period) -> Decimal | None:
    return divide(value(conn, "withdrawal.amount", period), value(conn, "deposit.amount", period))


@indicator("withdrawal.total_to_date", "累计提取总额", Unit.YUAN, "截至期末历年提取的累计金额", area=AREA, section="提取",
           order=50, stock=True)
def total_to_date(conn: Connection, period: Period) -> int:
    return -rollup.total_before(conn, period.end, TYPES)


@indicator("withdrawal.amount_growth", "提取额增长率", Unit.PERCENT, "本期提取额 ÷ 上年同期提取额 − 1", area=AREA,
           section="提取", order=60)
def amount_growth(conn: Connection, period: Period) -> Decimal | None:
    return growth(value(conn, "withdrawal.amount", period), value(conn, "withdrawal.amount", period.previous_year()))
