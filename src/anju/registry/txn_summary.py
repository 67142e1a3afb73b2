"""The member sub-ledger summed by day, type, reason and employer: one scan that many indicators share.

Statistics ask for amounts of the member sub-ledger (`member_txn`) by period and by type, withdrawal reason,
employer type, branch … A centre of a million members writes twelve million rows a year, so each such figure
scanning the table on its own costs seconds; summed by (day, type, reason, employer) the same year is a few
hundred thousand groups (an employer pays on one or two days a month). Inside a catalogue snapshot
(`report.catalogue.snapshot`) the groups of a calendar year are read once and every figure of any period
inside it is added up from them; outside a snapshot the groups of just the asked period are read. Either way
the groups come from the statistics roll-up (`registry.rollup`) plus the rows written since it last ran.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

from anju.registry import rollup
from anju.registry.tables import employer


@dataclass(frozen=True)
class Group:
    day: date
    type: str
    reason: str | None
    employer_id: int | None
    month: int | None  # 汇补缴年月 of contribution rows
    amount: int  # fen, signed as in the sub-ledger
    rows: int
    positive: int  # rows with money in (amount > 0)


def _read(conn: Connection, start: date, end: date) -> tuple[Group, ...]:
    return tuple(Group(*g) for g in rollup.day_groups(conn, start, end))


def groups(conn: Connection, start: date, end: date, types: tuple[str, ...] | None = None) -> list[Group]:
    """Groups of rows dated in [start, end), optionally of some types only."""
    from anju.report.catalogue import active, shared

    if active():
        found: list[Group] = []
        for year in range(start.year, (end.year if end.month == 1 and end.day == 1 else end.year + 1)):
            found += [g for g in shared(("member_txn.groups", year),
                                        lambda y=year: _read(conn, date(y, 1, 1), date(y + 1, 1, 1)))
                      if start <= g.day < end]
    else:
        found = list(_read(conn, start, end))
    return [g for g in found if types is None or g.type in types]


def total(conn: Connection, start: date, end: date, types: tuple[str, ...]) -> int:
    return sum(g.amount for g in groups(conn, start, end, types))


def employers(conn: Connection) -> dict[int, tuple[str | None, str | None, str | None]]:
    """Employer id → (kind, branch code, bank code), read once per snapshot."""
    from anju.report.catalogue import shared

    return shared(("employers",), lambda: {r.id: (r.kind, r.branch_code, r.bank_code) for r in conn.execute(
        select(employer.c.id, employer.c.kind, employer.c.branch_code, employer.c.bank_code)).all()})
