"""Engine factory: SQLite (WAL, foreign keys, busy timeout) by default, PostgreSQL through psycopg 3."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

SQLITE_BUSY_TIMEOUT_MS = 60_000


def normalise_url(url: str) -> str:
    """Accept plain postgresql:// URLs and route them to psycopg 3."""
    u = make_url(url)
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return u.render_as_string(hide_password=False)


def is_sqlite(engine_or_conn) -> bool:
    return engine_or_conn.dialect.name == "sqlite"


def analyze(conn, *tables: str) -> None:
    """Fresh planner statistics for ``tables`` after a large load (PostgreSQL ``ANALYZE``; SQLite plans without
    them, so nothing there)."""
    if conn.dialect.name == "postgresql" and tables:
        conn.exec_driver_sql("ANALYZE " + ", ".join(tables))


def make_engine(url: str, *, echo: bool = False) -> Engine:
    url = normalise_url(url)
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        # Driver-level autocommit: we emit BEGIN ourselves so transactions behave as in PostgreSQL.
        engine = create_engine(url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
                                                             "isolation_level": None})
        _install_sqlite_hooks(engine)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Plain connections read (DEFERRED). A writing unit of work asks for BEGIN IMMEDIATE so that
        # two writers queue on the busy timeout instead of failing when a reader tries to upgrade.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")
