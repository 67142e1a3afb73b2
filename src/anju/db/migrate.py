"""Alembic, driven from code: the migration scripts ship inside the package.

Each business area keeps its own branch of migrations: its first revision has
``down_revision = "0001"`` (the foundation) and ``branch_labels = ("<area>",)``; a revision that needs
another area's tables adds ``depends_on``. Areas thus evolve without re-chaining each other, and the
database is always brought to *all* heads.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from anju.db.schema import full_metadata

MIGRATIONS = Path(__file__).with_name("migrations")


def config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "heads") -> None:
    command.upgrade(config(engine), revision)


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(config())


def current(engine: Engine) -> str:
    """The database's revisions (one per area branch), as a stable comma-separated text.

    Alembic records only the tips it reached; a branch head that another branch ``depends_on`` is
    applied too, so every revision in the ancestry (dependencies included) counts.
    """
    with engine.connect() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    if not heads:
        return "（空库）"
    script = _script()
    known = {r.revision for r in script.walk_revisions()}
    applied = {r.revision for r in script.revision_map.iterate_revisions(heads, "base")} if set(heads) <= known \
        else set(heads)
    shown = {h for h in script.get_heads() if h in applied} | (set(heads) - known)
    return ",".join(sorted(shown))


def head() -> str:
    return ",".join(sorted(_script().get_heads()))


def pending(engine: Engine) -> bool:
    return current(engine) != head()


def schema_diff(engine: Engine) -> list:
    """Differences between the migrated database and the code's tables (empty when they agree)."""
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(ctx, full_metadata())
