"""What waits for a person: the entries of a home page's worklist (待复核 N、临期 M、逾期 K) and the facts a
member sees first. Each area that has queues offers ``anju.<area>.worklist.items(conn, actor, as_of=…,
calendar=…)``; the home page gathers them (areas are discovered, see ``anju.areas``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# A deadline this many working days away or closer counts as 临期.
DUE_SOON_WORKDAYS = 1


@dataclass(frozen=True)
class WorkItem:
    label: str  # Chinese: 提取复核, 贷款放款确认 …; or, for a fact, 账户余额
    href: str  # the queue (or page) it opens
    count: int | None = None  # items waiting (None for a fact)
    due_soon: int = 0  # of which the deadline is within DUE_SOON_WORKDAYS working days
    overdue: int = 0  # of which the deadline has passed
    oldest: date | None = None  # the oldest item's acceptance date
    value: str | None = None  # a fact's value, in Chinese (e.g. “12,345.67元，缴至2026年11月”)
    order: int = 50


def soon_limit(calendar, as_of: date) -> date:
    """The last deadline that still counts as 临期 on ``as_of``."""
    return calendar.add_workdays(as_of, DUE_SOON_WORKDAYS)
