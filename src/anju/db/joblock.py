"""One runner per batch job: a lock that the operating system or the database releases when the runner dies.

``with job_lock(engine, "interest.settle:2025", label="2025年度结息"):`` — a second runner of the same job gets
:class:`JobBusy` (a Chinese message, code ``job.busy``) at once instead of waiting or doing the work again.

- PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) held on a dedicated connection for the
  whole job; the server releases it when that connection ends, so a killed runner never leaves a stale lock.
- SQLite file: ``flock`` on a lock file beside the database (released by the kernel when the process dies).
  SQLite already serialises writers, but a job of many transactions (chunks) could interleave with another
  runner; the lock prevents that.
- SQLite in memory: a lock per process.

A job lock does not replace claiming rows: code that changes state still updates ``WHERE status = …`` and
checks the row count, so that a runner which somehow passes the lock still cannot apply work twice.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

from anju.core.errors import Conflict, ErrorCode

_memory_locks: dict[str, threading.Lock] = {}
_memory_guard = threading.Lock()


class JobBusy(Conflict):
    def __init__(self, label: str) -> None:
        super().__init__(ErrorCode.JOB_BUSY, job=label)


def lock_key(job: str) -> int:
    """A stable signed 64-bit key for ``pg_advisory_lock`` (the same in every process)."""
    return int.from_bytes(hashlib.blake2b(f"anju:{job}".encode(), digest_size=8).digest(), "big", signed=True)


@contextmanager
def job_lock(engine: Engine, job: str, *, label: str) -> Iterator[None]:
    """Hold the lock of ``job`` for the block, or raise :class:`JobBusy` naming ``label`` (Chinese)."""
    if engine.dialect.name == "postgresql":
        with _pg_lock(engine, job, label):
            yield
        return
    database = engine.url.database
    if not database or database == ":memory:":
        with _memory_lock(job, label):
            yield
        return
    with _file_lock(Path(database), job, label):
        yield


@contextmanager
def _pg_lock(engine: Engine, job: str, label: str) -> Iterator[None]:
    key = lock_key(job)
    conn = engine.connect()
    try:
        got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar_one()
        conn.commit()
        if not got:
            raise JobBusy(label)
        try:
            yield
        finally:
            try:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()
            except Exception:  # the connection is gone: the server has released the lock with it
                conn.invalidate()
    finally:
        conn.close()


@contextmanager
def _file_lock(database: Path, job: str, label: str) -> Iterator[None]:
    digest = hashlib.blake2b(job.encode(), digest_size=8).hexdigest()
    path = database.parent / f"{database.name}.job-{digest}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise JobBusy(label) from None
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextmanager
def _memory_lock(job: str, label: str) -> Iterator[None]:
    with _memory_guard:
        lock = _memory_locks.setdefault(job, threading.Lock())
    if not lock.acquire(blocking=False):
        raise JobBusy(label)
    try:
        yield
    finally:
        lock.release()
