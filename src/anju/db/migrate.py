"""Alembic, driven from code: the migration scripts ship inside the package.

Each business area keeps its own branch of migrations (``branch_labels=("<area>",)``, rooted with
``depends_on`` on the revisions whose tables it references), so areas evolve without re-chaining each
other; the database is always brought to *all* heads.
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


def current(engine: Engine) -> str:
    """The database's revisions (one per area branch), as a stable comma-separated text."""
    with engine.connect() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    return ",".join(sorted(heads)) or "（空库）"


def head() -> str:
    """The revisions a fully migrated database records: the heads, less those another head depends on
    (Alembic does not record a ``depends_on`` ancestor such as 0001 once a branch rooted on it is applied)."""
    script = ScriptDirectory.from_config(config())
    heads = set(script.get_heads())
    implied = {r.revision for h in heads for r in script.iterate_revisions(h, "base") if r.revision != h}
    return ",".join(sorted(heads - implied))


def pending(engine: Engine) -> bool:
    return current(engine) != head()


def schema_diff(engine: Engine) -> list:
    """Differences between the migrated database and the code's tables (empty when they agree)."""
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(ctx, full_metadata())
