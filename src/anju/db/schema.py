"""Imports every area's tables so the shared metadata is complete (for migrations and tests)."""

from __future__ import annotations

from anju.db.meta import metadata


def full_metadata():
    from anju.areas import area_modules

    area_modules("tables")
    return metadata
