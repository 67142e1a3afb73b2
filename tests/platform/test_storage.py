"""Storage on both backends: migrations match the code's tables, the unit of work rolls back by default."""

from __future__ import annotations

from sqlalchemy import func, select, text

from anju.db import UnitOfWork, migrate
from anju.org.tables import branch


class TestMigrations:
    def test_migrated_schema_matches_the_tables_in_code(self, engine):
        assert migrate.current(engine) == migrate.head()
        assert migrate.schema_diff(engine) == []


class TestUnitOfWork:
    def test_leaving_without_commit_rolls_back(self, engine):
        with UnitOfWork(engine) as uow:
            uow.conn.execute(branch.insert().values(code="99", name="临时"))
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).where(branch.c.code == "99")).scalar_one() == 0

    def test_commit_makes_changes_visible(self, engine):
        with UnitOfWork(engine) as uow:
            uow.conn.execute(branch.insert().values(code="98", name="新网点"))
            uow.commit()
        with engine.connect() as conn:
            assert conn.execute(select(branch.c.name).where(branch.c.code == "98")).scalar_one() == "新网点"

    def test_an_exception_inside_rolls_back(self, engine):
        try:
            with UnitOfWork(engine) as uow:
                uow.conn.execute(branch.insert().values(code="97", name="出错"))
                raise RuntimeError("boom")
        except RuntimeError:
            pass
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).where(branch.c.code == "97")).scalar_one() == 0

    def test_read_only_unit_of_work_refuses_to_commit(self, engine):
        with UnitOfWork(engine, read_only=True) as uow:
            assert uow.conn.execute(select(func.count()).select_from(branch)).scalar_one() == 4
            try:
                uow.commit()
            except RuntimeError as exc:
                assert "read-only" in str(exc)
            else:
                raise AssertionError("commit was allowed")


class TestSqliteSettings:
    def test_wal_foreign_keys_and_busy_timeout(self, db):
        if db.backend != "sqlite":
            # The same test on PostgreSQL checks that foreign keys are enforced there too.
            with db.engine.connect() as conn:
                assert conn.execute(text("show server_version")).scalar()
            return
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 60000
