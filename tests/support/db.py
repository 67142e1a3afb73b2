"""Test databases on both backends: migrated once per run, reset to the seeded centre before each test."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, delete, insert, select, text

from anju.bootstrap import prepare
from anju.db.schema import full_metadata


@dataclass
class TestDatabase:
    backend: str
    engine: Engine
    seed_rows: dict[str, list[dict]] = field(default_factory=dict)

    def capture_seed(self) -> None:
        """Remember the rows of the freshly prepared database (chart, centre, policy, calendar)."""
        with self.engine.connect() as conn:
            for table in full_metadata().sorted_tables:
                ordered = select(table).order_by(*table.primary_key.columns)
                self.seed_rows[table.name] = [dict(r._mapping) for r in conn.execute(ordered)]

    def reset(self) -> None:
        """Empty every table and put the seed rows back, so each test starts from the same centre."""
        meta = full_metadata()
        tables = meta.sorted_tables
        with self.engine.begin() as conn:
            if self.backend == "postgresql":
                names = ", ".join(f'"{t.name}"' for t in tables)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in reversed(tables):
                    conn.execute(delete(table))
                if conn.execute(text("SELECT name FROM sqlite_master WHERE name='sqlite_sequence'")).first():
                    conn.execute(text("DELETE FROM sqlite_sequence"))
            for table in tables:
                rows = self.seed_rows.get(table.name)
                if rows:
                    conn.execute(insert(table), rows)
            if self.backend == "postgresql":
                # After explicit inserts with ids, move each identity sequence past the seeded rows.
                for table in tables:
                    pk = list(table.primary_key.columns)
                    if len(pk) == 1 and pk[0].autoincrement is True and self.seed_rows.get(table.name):
                        conn.execute(text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                            f"(SELECT max({pk[0].name}) FROM {table.name}))"))


def build(backend: str, engine: Engine) -> TestDatabase:
    prepare(engine)
    db = TestDatabase(backend, engine)
    db.capture_seed()
    return db
