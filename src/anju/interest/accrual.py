"""Moved: the running 积数 is an account-state rule and lives in :mod:`anju.registry.accrual` (issue 18).

Kept as an alias for callers not yet moved; new code imports ``anju.registry.accrual``.
"""

from anju.registry.accrual import (  # noqa: F401
    RateSpan,
    accrual_values,
    accrue_one,
    rate_spans,
    rated_days,
    rated_days_sql,
    year_spans,
)
