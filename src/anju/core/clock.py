"""The one clock: wall time for record-keeping and the centre's business date.

Nothing else in ``src/`` or ``tests/`` reads the system clock (``tests/platform/test_clock_rule.py`` fails on any
other ``date.today()`` / ``datetime.now()``). Record-keeping timestamps are naive UTC; the business date is the
date in the centre's time zone (``[centre] time_zone`` in the centre file, Asia/Shanghai by default). Tests
freeze the clock with :func:`frozen`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

DEFAULT_TIME_ZONE = "Asia/Shanghai"

_zone = ZoneInfo(DEFAULT_TIME_ZONE)
_override: Callable[[], datetime] | None = None


def _system_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def utcnow() -> datetime:
    """Naive UTC timestamp for record-keeping columns (never a business date)."""
    return _override() if _override is not None else _system_utc()


def time_zone() -> ZoneInfo:
    return _zone


def set_time_zone(name: str) -> None:
    """The centre's time zone (an IANA name such as ``Asia/Shanghai``); set once at start-up."""
    global _zone
    _zone = ZoneInfo(name)


def local(at: datetime) -> datetime:
    """A naive UTC timestamp as an aware datetime in the centre's time zone."""
    return at.replace(tzinfo=UTC).astimezone(_zone)


def business_date(at: datetime | None = None) -> date:
    """The centre's date at the naive UTC instant ``at`` (now by default)."""
    return local(utcnow() if at is None else at).date()


def day_start(day: date) -> datetime:
    """The naive UTC instant at which the business date ``day`` begins (midnight in the centre's time zone): the
    bound to compare record-keeping timestamps with when a period is given in business dates."""
    return datetime.combine(day, time()).replace(tzinfo=_zone).astimezone(UTC).replace(tzinfo=None)


def today() -> date:
    """The centre's business date now: the one "today" for every interface, job and test."""
    return business_date()


@contextmanager
def frozen(at: datetime) -> Iterator[None]:
    """Freeze the clock at ``at`` (naive = UTC) for the duration of the block (tests)."""
    global _override
    fixed = at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at
    previous, _override = _override, (lambda: fixed)
    try:
        yield
    finally:
        _override = previous
