"""Unit of work: one transaction; commits only when told to, rolls back otherwise."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, Engine

from anju.core.clock import utcnow


class UnitOfWork:
    """``with UnitOfWork(engine) as uow: ...; uow.commit()`` — leaving without commit rolls back.

    ``read_only=True`` opens a deferred transaction on SQLite so readers never queue behind writers.
    """

    def __init__(self, engine: Engine, *, read_only: bool = False,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.engine = engine
        self.read_only = read_only
        self.clock = clock
        self._conn: Connection | None = None
        self._tx = None
        self.committed = False
        self.after_commit: list[Callable[[], None]] = []

    def __enter__(self) -> UnitOfWork:
        conn = self.engine.connect()
        if conn.dialect.name == "sqlite":
            conn = conn.execution_options(sqlite_begin="DEFERRED" if self.read_only else "IMMEDIATE")
        self._conn = conn
        self._tx = conn.begin()
        return self

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("unit of work is not open")
        return self._conn

    @property
    def dialect(self) -> str:
        return self.conn.dialect.name

    def now(self) -> datetime:
        return self.clock()

    def commit(self) -> None:
        if self.read_only:
            raise RuntimeError("read-only unit of work cannot commit")
        self._tx.commit()
        self.committed = True
        hooks, self.after_commit = self.after_commit, []
        for hook in hooks:
            hook()

    def rollback(self) -> None:
        if self._tx is not None and self._tx.is_active:
            self._tx.rollback()

    def __exit__(self, *exc) -> None:
        try:
            self.rollback()
        finally:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
