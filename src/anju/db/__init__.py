"""Storage: engine, unit of work, shared metadata and migrations."""

from anju.db.engine import is_sqlite, make_engine, normalise_url
from anju.db.uow import UnitOfWork

__all__ = ["UnitOfWork", "is_sqlite", "make_engine", "normalise_url"]
