"""Two portable SQL helpers the detectors need: a day number (whole days, comparable by difference) and a month
index (year × 12 + month) of a date or of a YYYYMM integer. Compiled per dialect by SQLAlchemy, so the
detectors never ask which database they run on."""

from __future__ import annotations

from sqlalchemy import Integer, cast, extract
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class day_number(FunctionElement):  # noqa: N801 - SQL function style
    """Whole days of a date since a fixed day (the epoch differs by dialect; only differences are meaningful)."""

    type = Integer()
    inherit_cache = True
    name = "day_number"


@compiles(day_number)
def _day_number_sqlite(element, compiler, **kw):
    return "CAST(julianday(%s) AS INTEGER)" % compiler.process(element.clauses, **kw)


@compiles(day_number, "postgresql")
def _day_number_pg(element, compiler, **kw):
    return "((%s) - DATE '2000-01-01')" % compiler.process(element.clauses, **kw)


def month_index(day_column):
    """year × 12 + month of a date column."""
    return cast(extract("year", day_column), Integer) * 12 + cast(extract("month", day_column), Integer)


def ym_index(ym_column):
    """year × 12 + month of a YYYYMM integer column."""
    return (ym_column // 100) * 12 + ym_column % 100
