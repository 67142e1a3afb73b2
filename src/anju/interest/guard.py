"""Moved: the open interest year is an account-state rule and lives in :mod:`anju.registry.guard` (issue 18).

Kept as an alias for callers not yet moved; new code imports ``anju.registry.guard``.
"""

from anju.registry.guard import advance, begin_settlement, check_open, hold_for_settlement, open_year  # noqa: F401
