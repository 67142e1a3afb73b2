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
from anju.registry import queries as registry_queries
from anju.registry import rollup
from anju.registry.codes import TxnType
from anju.withdrawal.codes import HOUSING_REASONS, Reason

AREA = "withdrawal"
TYPES = (TxnType.PARTIAL_WITHDRAWAL.value, TxnType.CLOSING_WITHDRAWAL.value)
HOUSING = tuple(r.value for r in HOUSING_REASONS)
# the member sub-ledger's rows, as the registry lets other areas' indicators aggregate them
TXN = registry_queries.member_txn_rows()
BY_REASON = Breakdown("reason", "提取原因")
BY_GROUP = Breakdown("group", "住房消费类/非住房消费类")


def _rows(period: Period, *extra):
    return and_(TXN.c.type.in_(TYPES), TXN.c.txn_date >= period.start,
                TXN.c.txn_date < period.end, *extra)


def _amount(conn: Connection, period: Period, *extra) -> int:
    """Money out is negative in the sub-ledger; a fraud reversal (冲账) adds it back."""
    return -int(conn.execute(select(func.coalesce(func.sum(TXN.c.amount), 0)).where(_rows(period, *extra)))
                .scalar_one())


@indicator("withdrawal.amount", "提取额", Unit.YUAN, "期间内从职工个人账户提取的金额（部分提取与销户提取，扣除冲回）",
           area=AREA, section="提取", order=10, breakdowns=(BY_REASON, BY_GROUP))
def amount(conn: Connection, period: Period) -> int:
    return _amount(conn, period)


@breakdown_of("withdrawal.amount")
def _amount_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    rows = conn.execute(select(TXN.c.reason, func.sum(TXN.c.amount)).where(_rows(period))
                        .group_by(TXN.c.reason)).all()
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
        housing = TXN.c.reason.in_(HOUSING)
        return housing if label == "住房消费类" else ~housing | TXN.c.reason.is_(None)
    codes = [r.value for r in Reason if r.label == label]
    if codes:
        return TXN.c.reason.in_(codes)
    return TXN.c.reason.is_(None) if label == "未注明" else TXN.c.reason == label


def _reason_label(code) -> str:
    return Reason(code).label if code in Reason._value2member_map_ else (code or "未注明")


def _rows_detail(conn: Connection, period: Period, *extra, offset, limit):
    """The withdrawal rows of the period (a reversal as a negative amount), in date order."""
    accounts, people = registry_queries.member_accounts(), registry_queries.people()
    q = (select(TXN.c.txn_date, accounts.c.account_no, people.c.name, people.c.id_number, TXN.c.reason,
                TXN.c.type, TXN.c.amount)
         .select_from(TXN.join(accounts, accounts.c.id == TXN.c.account_id)
                      .join(people, people.c.id == accounts.c.person_id))
         .where(_rows(period, *extra)).order_by(TXN.c.txn_date, TXN.c.id))
    return paged(conn, ["日期", "个人账号", "姓名", "证件号码", "提取原因", "类型", "金额（元）"], q,
                 lambda r: (r[0], r[1], r[2], mask_id(r[3]), _reason_label(r[4]), TxnType(r[5]).label, -int(r[6])),
                 offset=offset, limit=limit)


@detail_of("withdrawal.amount", keys=("reason", "group"))
def _amount_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    return _rows_detail(conn, period, *([_reason_in(key)] if key else []), offset=offset, limit=limit)


@indicator("withdrawal.housing_amount", "住房消费类提取额", Unit.YUAN, "购建、还贷、租房、装修、物业费、加装电梯、代际互助等提取",
           area=AREA, section="提取", order=11)
def housing_amount(conn: Connection, period: Period) -> int:
    return _amount(conn, period, TXN.c.reason.in_(HOUSING))


@detail_of("withdrawal.housing_amount")
def _housing_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    return _rows_detail(conn, period, TXN.c.reason.in_(HOUSING), offset=offset, limit=limit)


@indicator("withdrawal.housing_share", "住房消费类提取占比", Unit.PERCENT, "住房消费类提取额 ÷ 提取额", area=AREA,
           section="提取", order=12)
def housing_share(conn: Connection, period: Period) -> Decimal | None:
    return divide(value(conn, "withdrawal.housing_amount", period), value(conn, "withdrawal.amount", period))


@indicator("withdrawal.people", "提取人数", Unit.PERSON, "期间内有提取的个人账户数", area=AREA, section="提取", order=20,
           breakdowns=(BY_REASON,))
def people(conn: Connection, period: Period) -> int:
    return int(conn.execute(select(func.count(func.distinct(TXN.c.account_id)))
                            .where(_rows(period, TXN.c.amount < 0))).scalar_one())


@breakdown_of("withdrawal.people")
def _people_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    rows = conn.execute(select(TXN.c.reason, func.count(func.distinct(TXN.c.account_id)))
                        .where(_rows(period, TXN.c.amount < 0)).group_by(TXN.c.reason)).all()
    return {(Reason(c).label if c in Reason._value2member_map_ else (c or "未注明")): int(n) for c, n in rows}


@detail_of("withdrawal.people", keys=("reason",))
def _people_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    from anju.registry.details import MEMBER_HEADERS, _member_row, _members

    per = (select(TXN.c.account_id, func.count().label("n"), func.sum(TXN.c.amount).label("s"))
           .where(_rows(period, TXN.c.amount < 0, *([_reason_in(key)] if key else [])))
           .group_by(TXN.c.account_id).subquery())
    return paged(conn, [*MEMBER_HEADERS, "提取笔数", "提取额（元）"], _members(per, per.c.n, per.c.s),
                 lambda r: (*_member_row(r), int(r.n), -int(r.s)), offset=offset, limit=limit, count=per)


@indicator("withdrawal.closing_amount", "销户提取额", Unit.YUAN, "期间内销户提取（离退休、出境定居、死亡等）的金额",
           area=AREA, section="提取", order=30)
def closing_amount(conn: Connection, period: Period) -> int:
    return -int(conn.execute(select(func.coalesce(func.sum(TXN.c.amount), 0)).where(
        TXN.c.type == TxnType.CLOSING_WITHDRAWAL.value, TXN.c.txn_date >= period.start,
        TXN.c.txn_date < period.end)).scalar_one())


@detail_of("withdrawal.closing_amount")
def _closing_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    return _rows_detail(conn, period, TXN.c.type == TxnType.CLOSING_WITHDRAWAL.value, offset=offset,
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
