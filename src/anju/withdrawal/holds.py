"""The withdrawal area's holds on accounts (see anju.registry.reservations): what its applications in progress reserve."""

from __future__ import annotations

from sqlalchemy import Connection

from anju.withdrawal import queries


def held(conn: Connection, account_id: int) -> tuple[int, int]:
    reserved = queries.held(conn, account_id)
    return reserved.amount, reserved.count
