"""Indicators of transfers between centres (异地转移接续)."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from anju.indicators.catalogue import Period, Unit, indicator
from anju.registry.codes import TxnType
from anju.registry.tables import member_txn


@indicator("transfer.count", "异地转移接续笔数", Unit.COUNT, "期间内办理的转出和转入笔数", area="transfer", section="缴存",
           order=90)
def count(conn: Connection, period: Period) -> int:
    return int(conn.execute(select(func.count()).where(
        member_txn.c.type.in_((TxnType.TRANSFER_OUT.value, TxnType.TRANSFER_IN.value)),
        member_txn.c.txn_date >= period.start, member_txn.c.txn_date < period.end)).scalar_one())
