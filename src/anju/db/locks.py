"""Locks inside a transaction, one way on both databases (issue 18: one helper instead of a dialect check per
aggregate). Each area builds its aggregates' lock functions on these (``loan.accounts.lock_loan``,
``withdrawal.service.lock_withdrawal``, ``registry.service.lock_account`` …); code outside ``anju.db`` does not
ask which database it runs on.

- **Row locks** (:func:`for_update`): ``SELECT … FOR UPDATE`` (or ``FOR SHARE``, ``SKIP LOCKED``, ``NOWAIT``) on
  PostgreSQL. On SQLite the statement stays as it is: a writing unit of work begins ``IMMEDIATE``
  (``anju.db.uow``), so writers are already serialised for the whole transaction and a row lock adds nothing.
- **Advisory transaction locks** (:func:`advisory_xact_lock`): ``pg_advisory_xact_lock`` on a key derived from a
  name, released at commit or rollback; a no-op on SQLite for the same reason.
- **Table locks** (:func:`lock_table`): ``LOCK TABLE … IN <mode> MODE`` on PostgreSQL; a no-op on SQLite.
- **Inserts that may conflict** (:func:`insert_on_conflict`): an ``INSERT`` that can say ``ON CONFLICT DO
  NOTHING`` (or ``DO UPDATE``) in the connection's dialect: the claim-a-row-first pattern (a second runner inserts
  nothing and sees the row) and upserts.

Batch jobs of many transactions take a job lock as well (``anju.db.joblock``); see docs/architecture.md.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, Table, text
from sqlalchemy.sql import Select

_TABLE_MODES = {"SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ROW EXCLUSIVE"}


def has_row_locks(conn: Connection) -> bool:
    """Whether the database locks single rows (PostgreSQL); SQLite serialises writers instead."""
    return conn.dialect.name == "postgresql"


def for_update(conn: Connection, stmt: Select, *, of=None, skip_locked: bool = False, read: bool = False,
               nowait: bool = False) -> Select:
    """``stmt`` locking the rows it reads (``read``: a share lock; ``skip_locked``: leave rows another transaction
    holds; ``nowait``: fail at once instead of waiting; ``of``: lock only that table's rows) on PostgreSQL, or
    ``stmt`` unchanged on SQLite, where the writer's ``BEGIN IMMEDIATE`` already holds the database."""
    if not has_row_locks(conn):
        return stmt
    return stmt.with_for_update(of=of, skip_locked=skip_locked, read=read, nowait=nowait)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for an advisory lock on ``name`` (the same in every process)."""
    return int.from_bytes(hashlib.blake2b(f"anju:{name}".encode(), digest_size=8).digest(), "big", signed=True)


def advisory_xact_lock(conn: Connection, name: str) -> None:
    """Wait for and hold, until the transaction ends, the lock named ``name`` (PostgreSQL); nothing on SQLite."""
    if has_row_locks(conn):
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_key(name)})


def lock_table(conn: Connection, table: Table | str, *, mode: str = "SHARE") -> None:
    """Hold a table lock until the transaction ends (PostgreSQL; ``SHARE`` lets readers in and keeps writers
    out); nothing on SQLite."""
    if mode not in _TABLE_MODES:
        raise ValueError(f"unknown table lock mode {mode!r}")
    if has_row_locks(conn):
        name = table if isinstance(table, str) else table.name
        conn.exec_driver_sql(f'LOCK TABLE "{name}" IN {mode} MODE')


def insert_on_conflict(conn: Connection, table: Table):
    """``INSERT INTO table`` in the connection's dialect, so the caller can add ``.on_conflict_do_nothing()`` (or
    ``.on_conflict_do_update(…)``): the claim-a-row-first pattern, the same on both databases."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)
