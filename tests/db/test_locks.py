"""anju.db.locks: row locks where the database has them, claims by insert and advisory locks on both databases."""

from __future__ import annotations

from sqlalchemy import select, text

from anju.db import joblock
from anju.db.locks import advisory_xact_lock, for_update, insert_on_conflict, lock_key
from anju.db.uow import UnitOfWork
from anju.registry.tables import number_seq


def _sql(conn, stmt) -> str:
    return str(stmt.compile(dialect=conn.dialect))


def test_row_lock_on_postgresql_the_plain_statement_on_sqlite(engine):
    with engine.connect() as conn:
        stmt = select(number_seq.c.last).where(number_seq.c.name == "x")
        locked = _sql(conn, for_update(conn, stmt))
        skipping = _sql(conn, for_update(conn, stmt, skip_locked=True))
        if engine.dialect.name == "postgresql":
            assert locked.endswith("FOR UPDATE")
            assert skipping.endswith("FOR UPDATE SKIP LOCKED")
        else:  # the writer's BEGIN IMMEDIATE serialises instead
            assert locked == skipping == _sql(conn, stmt)


def test_a_claim_by_insert_takes_a_row_once(engine):
    with UnitOfWork(engine) as uow:
        claim = (insert_on_conflict(uow.conn, number_seq).values(name="test.claim", last=0).on_conflict_do_nothing()
                 .returning(number_seq.c.name))
        assert uow.conn.execute(claim).all() == [("test.claim",)]
        assert uow.conn.execute(claim).all() == []  # the second claimant gets nothing
        assert uow.conn.execute(select(number_seq.c.last).where(number_seq.c.name == "test.claim")).scalar_one() == 0


def test_advisory_lock_held_until_the_transaction_ends(engine):
    with UnitOfWork(engine) as uow:
        advisory_xact_lock(uow.conn, "test.advisory")
        if engine.dialect.name == "postgresql":
            with engine.connect() as other:
                got = other.execute(text("SELECT pg_try_advisory_xact_lock(:k)"),
                                    {"k": lock_key("test.advisory")}).scalar_one()
                other.rollback()
            assert got is False
        uow.commit()
    if engine.dialect.name == "postgresql":
        with engine.connect() as other:
            assert other.execute(text("SELECT pg_try_advisory_xact_lock(:k)"),
                                 {"k": lock_key("test.advisory")}).scalar_one() is True
            other.rollback()


def test_lock_keys_are_those_of_the_job_lock():
    assert lock_key("receipt:01:123") == joblock.lock_key("receipt:01:123")
