"""Imports every area's tables so the shared metadata is complete (for migrations and tests)."""

from __future__ import annotations

import importlib

from anju.db.meta import metadata

TABLE_MODULES = [
    "anju.auth.tables",
    "anju.org.tables",
    "anju.bank.tables",
    "anju.ledger.tables",
    "anju.policy.tables",
    "anju.workcal.tables",
]


def full_metadata():
    for mod in TABLE_MODULES:
        importlib.import_module(mod)
    return metadata
