"""The fund's statistics as the budget area's FundIndicatorSource: self-evaluation rows fill themselves.

The report area does not import the budget area: the composition root (``anju.compose``) connects
``CatalogueSource`` to ``budget.sources`` and passes the unit each budget code is wanted in."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Connection

from anju.core.errors import AnjuError
from anju.indicators.catalogue import Period, Unit, catalogue, value

# Budget fund-indicator code → catalogue code.
BUDGET_CODES = {
    "deposit.amount": "deposit.amount",
    "withdrawal.amount": "withdrawal.amount",
    "loan.issued_amount": "loan.issued_amount",
    "loan.issued_count": "loan.issued_count",
    "interest.value_added": "finance.gain",
    "loan.overdue_rate": "loan.overdue_rate",
    "registry.new_employers": "registry.employers_new",
    "registry.new_members": "registry.members_new",
    "registry.contributing_members": "registry.members_paying",
    "transfer.count": "transfer.count",
    "service.online_rate": "service.offline_rate",
}


# As the centres publish them: money with two decimals, % with two, ‰ with three; rounded half-up.
PUBLISHED = {"万元": Decimal("0.01"), "亿元": Decimal("0.01"), "元": Decimal("0.01"), "%": Decimal("0.01"),
             "‰": Decimal("0.001")}


def convert(raw, unit: Unit, wanted: str) -> Decimal | None:
    """A catalogue value in the unit the budget table asks for (万元, %, ‰, or a count), rounded half-up to the
    places the centres publish."""
    if raw is None:
        return None
    if unit in (Unit.YUAN, Unit.WAN, Unit.YI):
        fen = Decimal(int(raw))
        exact = {"万元": fen / 1_000_000, "亿元": fen / 10_000_000_000, "元": fen / 100}[wanted]
    elif unit in (Unit.PERCENT, Unit.PERMILLE):
        exact = Decimal(raw) * (1000 if wanted == "‰" else 100)
    else:
        return Decimal(int(raw))
    return exact.quantize(PUBLISHED[wanted], rounding=ROUND_HALF_UP)


class CatalogueSource:
    """Answers for the calendar year from the ledger and the registers; None for what the fund cannot know
    (e.g. coverage, which needs the city's employment figures) and for a year the system holds no business of
    (a centre that started using anju later keeps its hand-entered figures for earlier years)."""

    def __init__(self, conn: Connection, *, units: Mapping[str, str]) -> None:
        self.conn = conn
        self.units = units  # budget fund-indicator code -> the unit it is wanted in (万元, %, ‰, 个 …)
        self._active: dict[int, bool] = {}

    def _has_activity(self, year: int) -> bool:
        if year not in self._active:
            from datetime import date

            from anju.ledger.queries import has_vouchers

            self._active[year] = has_vouchers(self.conn, start=date(year, 1, 1), end=date(year + 1, 1, 1))
        return self._active[year]

    def value(self, code: str, year: int) -> Decimal | None:
        target = BUDGET_CODES.get(code)
        wanted = self.units.get(code)
        if target is None or wanted is None or target not in catalogue():
            return None
        ind = catalogue()[target]
        if not self._has_activity(year):
            return None
        try:
            raw = value(self.conn, target, Period.year(year))
        except AnjuError:
            return None
        return convert(raw, ind.unit, wanted)
