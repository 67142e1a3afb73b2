"""Sums of the member sub-ledger by period, type, reason, employer (and its kind and branch), contribution month.

Statistics ask for amounts of the member sub-ledger (`member_txn`) by period and by type, withdrawal reason,
employer type, branch … A centre of a million members writes twelve million rows a year, so each figure
scanning the table costs seconds. These are read from the statistics roll-up (`registry.rollup`: the rows
summed by day, type, reason, employer and month — a few hundred thousand a year) plus the rows written since
it last ran, added up in the database.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection

from anju.registry import rollup


def total(conn: Connection, start: date, end: date, types: tuple[str, ...]) -> int:
    found = rollup.sums(conn, start, end, types=types)
    return found[()][0] if found else 0


def by(conn: Connection, start: date, end: date, dims: tuple[str, ...], types: tuple[str, ...] | None = None,
       ) -> dict[tuple, tuple[int, int, int]]:
    """{key: (amount, rows, rows with money in)} by ``dims`` (see ``rollup.DIMENSIONS``)."""
    return rollup.sums(conn, start, end, types=types, by=dims)
