"""Shared SQLAlchemy Core metadata and column types used by every area's tables."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from sqlalchemy import BigInteger, Integer, MetaData, types

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

# Surrogate keys: BIGINT on PostgreSQL, INTEGER (the rowid alias, so it autoincrements) on SQLite.
PK = BigInteger().with_variant(Integer(), "sqlite")
# Money is int fen everywhere.
Fen = BigInteger

RATE_SCALE = 1_000_000  # rates and ratios are stored as integer millionths (12% -> 120000)


class Rate(types.TypeDecorator):
    """An exact ratio or rate: Decimal in Python, integer millionths in the database.

    SQL arithmetic on these columns therefore divides by RATE_SCALE explicitly.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("rates are Decimal, never float")
        scaled = Decimal(value) * RATE_SCALE
        if scaled != scaled.to_integral_value():
            raise ValueError(f"rate {value} is finer than 1e-6")
        return int(scaled)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return _rate_of(int(value))


@lru_cache(maxsize=8192)
def _rate_of(micro: int) -> Decimal:
    """Millionths → the exact Decimal (remembered: a centre stores few distinct ratios and rates; Decimals are
    immutable, so one may be shared)."""
    return (Decimal(micro) / RATE_SCALE).normalize()


def rate_to_micro(value: Decimal) -> int:
    return Rate().process_bind_param(value, None)
