"""Money as integer fen (分): parsing, formatting, exact rounding and Chinese capital amounts (大写)."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from anju.core.errors import AnjuError, ErrorCode

FEN_PER_YUAN = 100
#: Amounts must satisfy ``abs(fen) < MAX_FEN`` (10^13 yuan, far beyond any real balance).
MAX_FEN = 10**15

# Fullwidth digits and punctuation typed with a Chinese input method, mapped to ASCII.
_FULLWIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "，": ",",
        "．": ".",
        "－": "-",
        "−": "-",
        "＋": "+",
        "￥": "¥",
    }
)

# Optional sign (before or after the currency sign), integer part either plain digits or
# correctly grouped by commas, then an optional fraction. Exponents, ".5" and "5." are refused.
_AMOUNT = re.compile(
    r"(?:(?P<sign1>[+-])?¥?|¥(?P<sign2>[+-]))"
    r"(?P<int>[1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]+)"
    r"(?:\.(?P<frac>[0-9]+))?"
)


def _check_range(fen: int, shown: object) -> int:
    if abs(fen) >= MAX_FEN:
        raise AnjuError(ErrorCode.MONEY_RANGE, value=shown)
    return fen


def _parse_text(text: str) -> int:
    cleaned = text.strip().translate(_FULLWIDTH)
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        raise AnjuError(ErrorCode.MONEY_FORMAT, value=text)
    whole = match["int"].replace(",", "")
    frac = (match["frac"] or "").rstrip("0")
    if len(frac) > 2:
        raise AnjuError(ErrorCode.MONEY_PRECISION, value=text)
    if len(whole.lstrip("0")) > 13:
        raise AnjuError(ErrorCode.MONEY_RANGE, value=text)
    fen = int(whole) * FEN_PER_YUAN + int(frac.ljust(2, "0"))
    negative = "-" in (match["sign1"], match["sign2"])
    return _check_range(-fen if negative else fen, text)


def _parse_decimal(value: Decimal) -> int:
    if not value.is_finite():
        raise AnjuError(ErrorCode.MONEY_FORMAT, value=str(value))
    sign, digits, exponent = value.as_tuple()
    if not any(digits):
        return 0
    if value.adjusted() >= 13:
        raise AnjuError(ErrorCode.MONEY_RANGE, value=str(value))
    text = "".join(map(str, digits))
    significant = text.rstrip("0")
    shift = int(exponent) + len(text) - len(significant) + 2  # exponent once counted in fen
    if shift < 0:
        raise AnjuError(ErrorCode.MONEY_PRECISION, value=str(value))
    fen = int(significant) * 10**shift
    return _check_range(-fen if sign else fen, str(value))


def parse_yuan(value: str | Decimal | int) -> int:
    """Parse an amount in yuan into fen.

    Accepts text such as ``"1,234.56"``, ``"-12.30"``, ``"¥1,234.56"`` (fullwidth digits and
    punctuation are normalised), a :class:`Decimal`, or an ``int`` of whole yuan. Trailing zeros
    beyond the second decimal are harmless (``"1.230"``); any non-zero digit there is refused.
    Floats are refused outright: they cannot represent most amounts exactly.
    """
    if isinstance(value, bool):
        raise AnjuError(ErrorCode.MONEY_FORMAT, value=value)
    if isinstance(value, float):
        raise AnjuError(ErrorCode.MONEY_FLOAT, value=value)
    if isinstance(value, int):
        return _check_range(value * FEN_PER_YUAN, value)
    if isinstance(value, Decimal):
        return _parse_decimal(value)
    if isinstance(value, str):
        return _parse_text(value)
    raise AnjuError(ErrorCode.MONEY_FORMAT, value=repr(value))


def _require_fen(fen: int) -> int:
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"amount in fen must be an int, got {type(fen).__name__}")
    return fen


def format_yuan(fen: int, *, grouping: bool = True) -> str:
    """Format fen as yuan with two decimals: ``123456`` -> ``"1,234.56"`` (``"1234.56"`` without grouping)."""
    _require_fen(fen)
    yuan, cents = divmod(abs(fen), FEN_PER_YUAN)
    whole = f"{yuan:,}" if grouping else str(yuan)
    sign = "-" if fen < 0 else ""
    return f"{sign}{whole}.{cents:02d}"


def yuan_str(fen: int) -> str:
    """The API edge format: no grouping, always two decimals (``"-1234.50"``)."""
    return format_yuan(fen, grouping=False)


def to_decimal_yuan(fen: int) -> Decimal:
    """Fen as an exact :class:`Decimal` of yuan with exactly two places (``5`` -> ``Decimal("0.05")``)."""
    _require_fen(fen)
    digits = tuple(int(c) for c in str(abs(fen)))
    return Decimal((1 if fen < 0 else 0, digits, -2))


class Rounding(StrEnum):
    """Rounding modes. HALF_UP rounds halves away from zero (2.5 -> 3, -2.5 -> -3)."""

    HALF_UP = "half_up"
    HALF_EVEN = "half_even"
    DOWN = "down"  # toward zero
    UP = "up"  # away from zero
    CEILING = "ceiling"  # toward +infinity
    FLOOR = "floor"  # toward -infinity


def _exact(x: Decimal | Fraction | int, *, on_float: ErrorCode, on_other: ErrorCode) -> Fraction:
    """``x`` as an exact Fraction; floats, bools, NaN/Infinity and other types are refused."""
    if isinstance(x, float):
        raise AnjuError(on_float, value=x)
    if isinstance(x, bool) or (isinstance(x, Decimal) and not x.is_finite()):
        raise AnjuError(on_other, value=str(x))
    if isinstance(x, Decimal | Fraction | int):
        return Fraction(x)
    raise AnjuError(on_other, value=repr(x))


def _round_fraction(q: Fraction, mode: Rounding) -> int:
    floor, rest = divmod(q.numerator, q.denominator)
    if rest == 0:
        return floor
    ceiling = floor + 1
    toward_zero, away_from_zero = (floor, ceiling) if q > 0 else (ceiling, floor)
    if mode is Rounding.FLOOR:
        return floor
    if mode is Rounding.CEILING:
        return ceiling
    if mode is Rounding.DOWN:
        return toward_zero
    if mode is Rounding.UP:
        return away_from_zero
    twice = 2 * rest
    if twice < q.denominator:
        return floor
    if twice > q.denominator:
        return ceiling
    if mode is Rounding.HALF_UP:
        return away_from_zero
    if mode is Rounding.HALF_EVEN:
        return floor if floor % 2 == 0 else ceiling
    raise ValueError(f"unknown rounding mode {mode!r}")


def round_to(x: Decimal | Fraction | int, mode: Rounding, unit: int = 1) -> int:
    """Round ``x`` (an amount in fen, possibly fractional) to a multiple of ``unit`` fen.

    ``unit`` 1 rounds to the fen, 10 to the jiao, 100 to the yuan. Arithmetic is exact
    (:class:`Fraction`); floats are refused.
    """
    if isinstance(unit, bool) or not isinstance(unit, int) or unit <= 0:
        raise ValueError(f"rounding unit must be a positive int, got {unit!r}")
    return (
        _round_fraction(
            _exact(x, on_float=ErrorCode.MONEY_FLOAT, on_other=ErrorCode.MONEY_FORMAT) / unit, Rounding(mode)
        )
        * unit
    )


def round_half_up(x: Decimal | Fraction, unit: int = 1) -> int:
    """Round half away from zero to a multiple of ``unit`` fen: 2.5 -> 3, -2.5 -> -3."""
    return round_to(x, Rounding.HALF_UP, unit)


def round_places(x: Decimal | Fraction | int, places: int, mode: Rounding) -> Decimal:
    """``x`` (a ratio, a rate …) rounded exactly to ``places`` decimals with a named mode, as a Decimal with
    exactly that many places: ``round_places(Decimal("0.0000025"), 6, Rounding.HALF_UP)`` -> ``0.000003``."""
    if isinstance(places, bool) or not isinstance(places, int) or places < 0:
        raise ValueError(f"places must be a non-negative int, got {places!r}")
    q = _exact(x, on_float=ErrorCode.RATIO_FORMAT, on_other=ErrorCode.RATIO_FORMAT)
    rounded = _round_fraction(q * 10**places, Rounding(mode))
    digits = tuple(int(c) for c in str(abs(rounded)).rjust(places + 1, "0"))
    return Decimal((1 if rounded < 0 or (rounded == 0 and q < 0) else 0, digits, -places))


def apply_ratio(base_fen: int, ratio: Decimal, *, mode: Rounding = Rounding.HALF_UP, unit: int = 1) -> int:
    """``base_fen × ratio`` computed exactly, then rounded to a multiple of ``unit`` fen."""
    _require_fen(base_fen)
    return round_to(
        base_fen * _exact(ratio, on_float=ErrorCode.RATIO_FORMAT, on_other=ErrorCode.RATIO_FORMAT), mode, unit
    )


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL = ("", "拾", "佰", "仟")


def _read_integer(n: int) -> str:
    """Read a positive integer digit by digit: a digit and its place (拾佰仟) for each non-zero digit, the
    section unit (万, 亿, 万 of 万亿) after a section that has one, and one 零 for each run of zeros
    between non-zero digits — wherever it falls, across a 万 or 亿 boundary too (105000 → 壹拾万零伍仟).
    Trailing zeros are silent."""
    digits = str(n)
    out: list[str] = []
    pending_zero = False
    for i, ch in enumerate(digits):
        place = len(digits) - 1 - i
        if ch == "0":
            pending_zero = bool(out)
        else:
            if pending_zero:
                out.append("零")
                pending_zero = False
            out.append(_DIGITS[int(ch)] + _SMALL[place % 4])
        if place and place % 4 == 0:
            if place % 8 == 0:  # 亿: written when anything at or above it is non-zero (壹万亿)
                out.append("亿")
            elif int(digits[max(0, i - 3):i + 1]):  # 万: only when its own four digits are not all zero
                out.append("万")
    return "".join(out)


def capitals(fen: int) -> str:
    """The amount in Chinese capital numerals (人民币大写) per the payment-settlement rules (《正确填写票据和
    结算凭证的基本规定》): every run of zeros between non-zero digits is written as one 零, also where the rules
    allow leaving it out (the 万 place, the 元 place before 角), so that the text has one form.

    ``105000.00`` -> 壹拾万零伍仟元整, ``1680.32`` -> 壹仟陆佰捌拾元零叁角贰分,
    ``100001000.00`` -> 壹亿零壹仟元整, ``1001.01`` -> 壹仟零壹元零壹分, ``1.50`` -> 壹元伍角,
    ``0.05`` -> 伍分, ``0`` -> 零元整; negative amounts are prefixed with 负.
    """
    _require_fen(fen)
    _check_range(fen, format_yuan(fen))
    if fen < 0:
        return "负" + capitals(-fen)
    yuan, cents = divmod(fen, FEN_PER_YUAN)
    jiao, fen_digit = divmod(cents, 10)
    if yuan == 0 and cents == 0:
        return "零元整"
    text = _read_integer(yuan) + "元" if yuan else ""
    if cents == 0:
        return text + "整"
    if yuan and (yuan % 10 == 0 or not jiao):  # zeros between the last non-zero yuan digit and the cents
        text += "零"
    if jiao:
        text += _DIGITS[jiao] + "角"
    if fen_digit:
        text += _DIGITS[fen_digit] + "分"
    return text


# ---------------------------------------------------------------- 万元 (published statements)

#: 1 万元 = 10,000 yuan = 1,000,000 fen.
FEN_PER_WAN = 10_000 * FEN_PER_YUAN
#: An amount in 万元 is exact to the fen with six decimals.
WAN_PLACES = 6


def parse_wan(value: str | Decimal | int) -> int:
    """Parse an amount in 万元 into exact fen: ``"123.45"`` -> ``123_450_000``.

    Published statements give 万元 with two decimals; up to six decimals (the fen) are accepted so that
    figures copied from the books stay exact. Anything finer, floats, exponents and NaN are refused.
    """
    if isinstance(value, bool) or value is None:
        raise AnjuError(ErrorCode.MONEY_FORMAT, value=value)
    if isinstance(value, float):
        raise AnjuError(ErrorCode.MONEY_FLOAT, value=value)
    if isinstance(value, int):
        return _check_range(value * FEN_PER_WAN, value)
    if isinstance(value, str):
        cleaned = value.strip().translate(_FULLWIDTH)
        match = _AMOUNT.fullmatch(cleaned)
        if match is None:
            raise AnjuError(ErrorCode.MONEY_FORMAT, value=value)
        sign = "-" if "-" in (match["sign1"], match["sign2"]) else ""
        value = Decimal(f"{sign}{match['int'].replace(',', '')}.{match['frac'] or '0'}")
    if not isinstance(value, Decimal) or not value.is_finite():
        raise AnjuError(ErrorCode.MONEY_FORMAT, value=str(value))
    fen = value * FEN_PER_WAN
    if fen != fen.to_integral_value():
        raise AnjuError(ErrorCode.MONEY_WAN_PRECISION, value=value)
    if abs(fen) >= MAX_FEN:
        raise AnjuError(ErrorCode.MONEY_RANGE, value=str(value))
    return int(fen)


def to_wan(fen: int, places: int = 2, mode: Rounding = Rounding.HALF_UP) -> Decimal:
    """Fen as 万元 rounded to ``places`` decimals with a named mode (default half-up, as published)."""
    _require_fen(fen)
    unit = FEN_PER_WAN // 10**places
    rounded = round_to(fen, mode, unit) // unit
    digits = tuple(int(c) for c in str(abs(rounded)).rjust(places + 1, "0"))
    return Decimal((1 if rounded < 0 else 0, digits, -places))


def format_wan(fen: int, places: int = 2, *, grouping: bool = True) -> str:
    """Fen as 万元 text with ``places`` decimals, half-up: ``196_984_000`` -> ``"1,969.84"``."""
    amount = to_wan(fen, places)
    return f"{amount:,.{places}f}" if grouping else f"{amount:.{places}f}"
