"""Where a fund indicator's actual value comes from: the fund's own statistics, behind a small interface.

The report area implements :class:`FundIndicatorSource` over the indicator catalogue and the composition root
connects it (:func:`connect`); unconnected, :class:`NotConnected` answers "not available" for every code and
such rows keep the value staff entered by hand (the self-evaluation says so next to the row).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, runtime_checkable

from sqlalchemy import Connection


@runtime_checkable
class FundIndicatorSource(Protocol):
    def value(self, code: str, year: int) -> Decimal | None:
        """The indicator's value for the calendar year, in the unit of :data:`FUND_INDICATORS`; None when
        the source cannot give it."""


@dataclass(frozen=True)
class FundIndicator:
    code: str
    name: str
    unit: str  # the unit ``value`` answers in: 万元, %, ‰, 个, 人, 笔


# The business figures the seed self-evaluations score (§7 of the domain reference). Codes are provisional
# until the statistics catalogue exists; renaming one means updating stored indicators (budget_perf_indicator).
FUND_INDICATORS: dict[str, FundIndicator] = {i.code: i for i in (
    FundIndicator("deposit.amount", "年度归集额", "万元"),
    FundIndicator("withdrawal.amount", "年度提取额", "万元"),
    FundIndicator("loan.issued_amount", "年度个人住房贷款发放额", "万元"),
    FundIndicator("loan.issued_count", "年度个人住房贷款发放笔数", "笔"),
    FundIndicator("interest.value_added", "增值收益", "万元"),
    FundIndicator("loan.overdue_rate", "个人住房贷款逾期率", "‰"),
    FundIndicator("registry.new_employers", "新增缴存单位数", "个"),
    FundIndicator("registry.new_members", "新增缴存职工数", "人"),
    FundIndicator("registry.contributing_members", "实缴职工数", "人"),
    FundIndicator("registry.coverage_rate", "缴存覆盖率", "%"),
    FundIndicator("transfer.count", "异地转移接续笔数", "笔"),
    FundIndicator("service.online_rate", "离柜率", "%"),
)}


class NotConnected:
    """The resolver used until the statistics area provides one: nothing is available yet."""

    def value(self, code: str, year: int) -> Decimal | None:
        return None


SourceFactory = Callable[[Connection], FundIndicatorSource]
_factory: list[SourceFactory] = []


def connect(factory: SourceFactory) -> None:
    """The statistics (the report area's catalogue) plug in here at start-up (``anju.compose``)."""
    _factory[:] = [factory]


def disconnect() -> None:
    _factory.clear()


def connected(conn: Connection) -> FundIndicatorSource:
    """The fund's statistics as a source, for pages, API and CLI alike: the one the composition root connected
    (the report area's catalogue), else :class:`NotConnected`."""
    return _factory[0](conn) if _factory else NotConnected()
