"""Indicators of transfers between centres (异地转移接续): 转入/转出 笔数 and 金额, by counterpart centre and month.

``transfer.count`` counts the member sub-ledger's 07/08 rows (every transfer, the direct form included: the
self-evaluation's 异地转移接续 row reads it); the four others read the letters: a transfer in counts when credited,
a transfer out when paid."""

from __future__ import annotations

from sqlalchemy import Connection, and_, func, select

from anju.indicators.catalogue import Breakdown, Period, Unit, breakdown_of, indicator
from anju.registry.codes import TxnType
from anju.registry.queries import txn_count
from anju.transfer.codes import InStatus, OutStatus
from anju.transfer.tables import transfer_centre, transfer_in, transfer_out

AREA = "transfer"
BY_CENTRE = Breakdown("centre", "对方中心")
BY_MONTH = Breakdown("month", "月份")
_I, _O = transfer_in.c, transfer_out.c
# (table's columns, the date column, the status that counts, the counterpart column)
SIDES = {"in": (_I, _I.credited_on, (InStatus.CREDITED.value,), _I.from_centre),
         "out": (_O, _O.paid_on, (OutStatus.PAID.value, OutStatus.DONE.value), _O.to_centre)}


@indicator("transfer.count", "异地转移接续笔数", Unit.COUNT, "期间内办理的转出和转入笔数", area=AREA, section="缴存",
           order=90)
def count(conn: Connection, period: Period) -> int:
    return txn_count(conn, (TxnType.TRANSFER_OUT.value, TxnType.TRANSFER_IN.value), start=period.start,
                     end=period.end)


def _where(side: str, period: Period):
    cols, day, statuses, _ = SIDES[side]
    return and_(cols.status.in_(statuses), day >= period.start, day < period.end)


def _figure(conn: Connection, side: str, period: Period, what: str) -> int:
    cols = SIDES[side][0]
    agg = func.count() if what == "count" else func.coalesce(func.sum(cols.amount), 0)
    table = transfer_in if side == "in" else transfer_out
    return int(conn.execute(select(agg).select_from(table).where(_where(side, period))).scalar_one())


def _by(conn: Connection, side: str, period: Period, dim: str, what: str) -> dict[str, int]:
    cols, day, _, other = SIDES[side]
    table = transfer_in if side == "in" else transfer_out
    agg = func.count() if what == "count" else func.coalesce(func.sum(cols.amount), 0)
    if dim == "centre":
        key = func.coalesce(transfer_centre.c.name, other)
        q = (select(key, agg).select_from(table.outerjoin(transfer_centre, transfer_centre.c.code == other))
             .where(_where(side, period)).group_by(key))
        return {str(k): int(v) for k, v in conn.execute(q)}
    out: dict[str, int] = {}
    for d, v in conn.execute(select(day, agg).select_from(table).where(_where(side, period)).group_by(day)):
        label = f"{d:%Y年%m月}"
        out[label] = out.get(label, 0) + int(v)
    return dict(sorted(out.items()))


@indicator("transfer.in_count", "异地转入笔数", Unit.COUNT, "期间内从其他中心转入并已入账的笔数", area=AREA,
           section="缴存", order=91, breakdowns=(BY_CENTRE, BY_MONTH))
def in_count(conn: Connection, period: Period) -> int:
    return _figure(conn, "in", period, "count")


@indicator("transfer.in_amount", "异地转入金额", Unit.YUAN, "期间内从其他中心转入并已入账的金额（本金加利息）",
           area=AREA, section="缴存", order=92, breakdowns=(BY_CENTRE, BY_MONTH))
def in_amount(conn: Connection, period: Period) -> int:
    return _figure(conn, "in", period, "amount")


@indicator("transfer.out_count", "异地转出笔数", Unit.COUNT, "期间内向其他中心转出并已划款的笔数", area=AREA,
           section="缴存", order=93, breakdowns=(BY_CENTRE, BY_MONTH))
def out_count(conn: Connection, period: Period) -> int:
    return _figure(conn, "out", period, "count")


@indicator("transfer.out_amount", "异地转出金额", Unit.YUAN, "期间内向其他中心转出并已划款的金额（本金加结息）",
           area=AREA, section="缴存", order=94, breakdowns=(BY_CENTRE, BY_MONTH))
def out_amount(conn: Connection, period: Period) -> int:
    return _figure(conn, "out", period, "amount")


@breakdown_of("transfer.in_count")
def _in_count_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    return _by(conn, "in", period, dim, "count")


@breakdown_of("transfer.in_amount")
def _in_amount_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    return _by(conn, "in", period, dim, "amount")


@breakdown_of("transfer.out_count")
def _out_count_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    return _by(conn, "out", period, dim, "count")


@breakdown_of("transfer.out_amount")
def _out_amount_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    return _by(conn, "out", period, dim, "amount")
