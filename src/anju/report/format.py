"""Figures formatted as the centres publish them: 亿元 and 万元 with two decimals, % with two, ‰ with three."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from anju.core.money import format_yuan
from anju.indicators.catalogue import Unit, Value

SCALE = {Unit.YUAN: Decimal(100), Unit.WAN: Decimal(1_000_000), Unit.YI: Decimal(10_000_000_000)}


def shown(value: Value, unit: Unit, *, places: int | None = None) -> str:
    """Text of a value in its unit (money values are int fen; ratios are fractions)."""
    if value is None:
        return "—"
    if unit in SCALE:
        if unit is Unit.YUAN and places is None:
            return format_yuan(int(value))
        q = Decimal(1).scaleb(-(2 if places is None else places))
        amount = (Decimal(int(value)) / SCALE[unit]).quantize(q, rounding=ROUND_HALF_UP)
        return f"{amount:,}"
    if unit is Unit.PERCENT:
        q = Decimal(1).scaleb(-(2 if places is None else places))
        return f"{(Decimal(value) * 100).quantize(q, rounding=ROUND_HALF_UP)}"
    if unit is Unit.PERMILLE:
        q = Decimal(1).scaleb(-(3 if places is None else places))
        return f"{(Decimal(value) * 1000).quantize(q, rounding=ROUND_HALF_UP)}"
    return f"{int(value):,}"


def with_unit(value: Value, unit: Unit, **kw) -> str:
    text = shown(value, unit, **kw)
    return text if text == "—" else f"{text}{unit.value}"
