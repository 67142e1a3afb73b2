"""Indicators of transfers between centres (异地转移接续)."""

from __future__ import annotations

from sqlalchemy import Connection

from anju.indicators.catalogue import Period, Unit, indicator
from anju.registry.codes import TxnType
from anju.registry.queries import txn_count


@indicator("transfer.count", "异地转移接续笔数", Unit.COUNT, "期间内办理的转出和转入笔数", area="transfer", section="缴存",
           order=90)
def count(conn: Connection, period: Period) -> int:
    return txn_count(conn, (TxnType.TRANSFER_OUT.value, TxnType.TRANSFER_IN.value), start=period.start,
                     end=period.end)
