"""The statistics catalogue offered to the budget area as its fund-indicator source (see budget.sources)."""

from __future__ import annotations

from sqlalchemy import Connection

from anju.report.source import CatalogueSource


def source(conn: Connection) -> CatalogueSource:
    return CatalogueSource(conn)
