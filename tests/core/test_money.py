"""Tests for anju.core.money: parsing, formatting, exact rounding, capitals."""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anju.core.errors import AnjuError, ErrorCode
from anju.core.money import (
    MAX_FEN,
    Rounding,
    apply_ratio,
    capitals,
    format_yuan,
    parse_yuan,
    round_half_up,
    round_places,
    round_to,
    to_decimal_yuan,
    yuan_str,
)

fen_in_range = st.integers(min_value=-(MAX_FEN - 1), max_value=MAX_FEN - 1)
fractions = st.fractions(max_denominator=10**6).filter(lambda f: abs(f) < 10**12)


# ---------------------------------------------------------------- parse_yuan


@pytest.mark.parametrize(
    ("value", "fen"),
    [
        ("1234.56", 123456),
        ("1,234.56", 123456),
        ("1234.5", 123450),
        ("1234", 123400),
        ("-12.30", -1230),
        ("+12.30", 1230),
        ("  12.00 ", 1200),
        ("¥1,234.56", 123456),
        ("￥1,234.56", 123456),
        ("-¥5", -500),
        ("¥-5", -500),
        ("１２３４．５６", 123456),
        ("１，２３４．５６", 123456),
        ("0.05", 5),
        ("0", 0),
        ("-0.00", 0),
        ("007.10", 710),
        ("1.230", 123),  # trailing zeros beyond fen are harmless
        ("1,234,567,890.12", 123456789012),
        ("9999999999999.99", MAX_FEN - 1),
        ("-9,999,999,999,999.99", -(MAX_FEN - 1)),
        (Decimal("1.10"), 110),
        (Decimal("1.100"), 110),
        (Decimal("-0.01"), -1),
        (Decimal("1E+2"), 10000),
        (Decimal("-0"), 0),
        (Decimal("12"), 1200),
        (5, 500),
        (-3, -300),
        (0, 0),
    ],
)
def test_parse_yuan_accepts(value: object, fen: int) -> None:
    assert parse_yuan(value) == fen


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (1.5, ErrorCode.MONEY_FLOAT),
        (0.0, ErrorCode.MONEY_FLOAT),
        (True, ErrorCode.MONEY_FORMAT),
        ("1.234", ErrorCode.MONEY_PRECISION),
        ("0.001", ErrorCode.MONEY_PRECISION),
        (Decimal("1.001"), ErrorCode.MONEY_PRECISION),
        (Decimal("0.0000000000000000000000000000001"), ErrorCode.MONEY_PRECISION),
        ("1,23.4", ErrorCode.MONEY_FORMAT),
        ("12,34", ErrorCode.MONEY_FORMAT),
        ("1234,567.00", ErrorCode.MONEY_FORMAT),
        ("0,123", ErrorCode.MONEY_FORMAT),
        ("1,,234", ErrorCode.MONEY_FORMAT),
        ("", ErrorCode.MONEY_FORMAT),
        ("   ", ErrorCode.MONEY_FORMAT),
        ("abc", ErrorCode.MONEY_FORMAT),
        ("NaN", ErrorCode.MONEY_FORMAT),
        ("Infinity", ErrorCode.MONEY_FORMAT),
        ("-inf", ErrorCode.MONEY_FORMAT),
        (Decimal("NaN"), ErrorCode.MONEY_FORMAT),
        (Decimal("-Infinity"), ErrorCode.MONEY_FORMAT),
        ("1e5", ErrorCode.MONEY_FORMAT),
        (".5", ErrorCode.MONEY_FORMAT),
        ("5.", ErrorCode.MONEY_FORMAT),
        ("--5", ErrorCode.MONEY_FORMAT),
        ("-¥-5", ErrorCode.MONEY_FORMAT),
        ("1 234", ErrorCode.MONEY_FORMAT),
        ("12元", ErrorCode.MONEY_FORMAT),
        ("٣", ErrorCode.MONEY_FORMAT),  # non-ASCII digit other than fullwidth
        (None, ErrorCode.MONEY_FORMAT),
        ("10000000000000", ErrorCode.MONEY_RANGE),
        ("-10,000,000,000,000.00", ErrorCode.MONEY_RANGE),
        ("1" + "0" * 5000, ErrorCode.MONEY_RANGE),
        (Decimal("1E+13"), ErrorCode.MONEY_RANGE),
        (Decimal("1E+999999"), ErrorCode.MONEY_RANGE),
        (10**13, ErrorCode.MONEY_RANGE),
    ],
)
def test_parse_yuan_rejects(value: object, code: ErrorCode) -> None:
    with pytest.raises(AnjuError) as info:
        parse_yuan(value)  # type: ignore[arg-type]
    assert info.value.code is code
    assert info.value.message  # a Chinese message was rendered
    assert "{" not in info.value.message


def test_parse_yuan_error_message_names_the_value() -> None:
    with pytest.raises(AnjuError) as info:
        parse_yuan("1.234")
    assert info.value.message == "金额最多两位小数：1.234"


@given(fen_in_range)
def test_parse_format_roundtrip_grouped(fen: int) -> None:
    assert parse_yuan(format_yuan(fen)) == fen


@given(fen_in_range)
def test_parse_format_roundtrip_plain(fen: int) -> None:
    assert parse_yuan(format_yuan(fen, grouping=False)) == fen
    assert parse_yuan(yuan_str(fen)) == fen


@given(fen_in_range)
def test_parse_decimal_roundtrip(fen: int) -> None:
    assert parse_yuan(to_decimal_yuan(fen)) == fen


@given(st.text(max_size=30))
def test_parse_yuan_only_raises_anju_errors(text: str) -> None:
    try:
        fen = parse_yuan(text)
    except AnjuError as error:
        assert error.code in {ErrorCode.MONEY_FORMAT, ErrorCode.MONEY_PRECISION, ErrorCode.MONEY_RANGE}
    else:
        assert abs(fen) < MAX_FEN


# ---------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("fen", "grouped", "plain"),
    [
        (123456, "1,234.56", "1234.56"),
        (-123456, "-1,234.56", "-1234.56"),
        (5, "0.05", "0.05"),
        (-5, "-0.05", "-0.05"),
        (0, "0.00", "0.00"),
        (100, "1.00", "1.00"),
        (99999, "999.99", "999.99"),
        (100000, "1,000.00", "1000.00"),
        (123456789012, "1,234,567,890.12", "1234567890.12"),
    ],
)
def test_format_yuan(fen: int, grouped: str, plain: str) -> None:
    assert format_yuan(fen) == grouped
    assert format_yuan(fen, grouping=False) == plain
    assert yuan_str(fen) == plain


@given(fen_in_range)
def test_format_shape(fen: int) -> None:
    grouped = format_yuan(fen)
    assert re.fullmatch(r"-?(0|[1-9][0-9]{0,2}(,[0-9]{3})*)\.[0-9]{2}", grouped)
    assert grouped.replace(",", "") == format_yuan(fen, grouping=False)
    assert grouped.startswith("-") == (fen < 0)
    assert format_yuan(abs(fen)) == grouped.removeprefix("-")


@pytest.mark.parametrize("bad", [1.0, Decimal("1"), True, "1"])
def test_format_rejects_non_int(bad: object) -> None:
    with pytest.raises(TypeError):
        format_yuan(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(("fen", "text"), [(5, "0.05"), (-123456, "-1234.56"), (0, "0.00"), (100, "1.00")])
def test_to_decimal_yuan_table(fen: int, text: str) -> None:
    value = to_decimal_yuan(fen)
    assert str(value) == text
    assert value.as_tuple().exponent == -2


@given(fen_in_range)
def test_to_decimal_yuan_exact(fen: int) -> None:
    value = to_decimal_yuan(fen)
    assert value.as_tuple().exponent == -2
    assert Fraction(value) * 100 == fen


# ---------------------------------------------------------------- rounding

_DECIMAL_MODES = {
    Rounding.HALF_UP: decimal.ROUND_HALF_UP,  # decimal's half-up is also away from zero
    Rounding.HALF_EVEN: decimal.ROUND_HALF_EVEN,
    Rounding.DOWN: decimal.ROUND_DOWN,
    Rounding.UP: decimal.ROUND_UP,
    Rounding.CEILING: decimal.ROUND_CEILING,
    Rounding.FLOOR: decimal.ROUND_FLOOR,
}


@pytest.mark.parametrize(
    ("x", "mode", "expected"),
    [
        (Decimal("2.5"), Rounding.HALF_UP, 3),
        (Decimal("-2.5"), Rounding.HALF_UP, -3),  # half away from zero
        (Decimal("2.4999"), Rounding.HALF_UP, 2),
        (Decimal("2.5"), Rounding.HALF_EVEN, 2),
        (Decimal("3.5"), Rounding.HALF_EVEN, 4),
        (Decimal("-2.5"), Rounding.HALF_EVEN, -2),
        (Decimal("2.9"), Rounding.DOWN, 2),
        (Decimal("-2.9"), Rounding.DOWN, -2),
        (Decimal("2.1"), Rounding.UP, 3),
        (Decimal("-2.1"), Rounding.UP, -3),
        (Decimal("-2.1"), Rounding.CEILING, -2),
        (Decimal("2.1"), Rounding.CEILING, 3),
        (Decimal("-2.1"), Rounding.FLOOR, -3),
        (Decimal("2.9"), Rounding.FLOOR, 2),
        (Fraction(1, 3), Rounding.UP, 1),
        (Fraction(-1, 2), Rounding.HALF_UP, -1),
        (7, Rounding.HALF_UP, 7),
        (Decimal("4.0000"), Rounding.UP, 4),
    ],
)
def test_round_to_fen(x: Decimal | Fraction | int, mode: Rounding, expected: int) -> None:
    assert round_to(x, mode) == expected


@pytest.mark.parametrize(
    ("x", "mode", "unit", "expected"),
    [
        (Decimal("12345"), Rounding.HALF_UP, 10, 12350),  # to the jiao
        (Decimal("12344.99"), Rounding.HALF_UP, 10, 12340),
        (Decimal("12350"), Rounding.HALF_UP, 100, 12400),  # to the yuan
        (Decimal("-12350"), Rounding.HALF_UP, 100, -12400),
        (Decimal("12350"), Rounding.HALF_EVEN, 100, 12400),
        (Decimal("12250"), Rounding.HALF_EVEN, 100, 12200),
        (Decimal("12301"), Rounding.UP, 100, 12400),
        (Decimal("12399"), Rounding.DOWN, 100, 12300),
        (Decimal("-12301"), Rounding.FLOOR, 100, -12400),
        (Decimal("-12399"), Rounding.CEILING, 100, -12300),
    ],
)
def test_round_to_units(x: Decimal, mode: Rounding, unit: int, expected: int) -> None:
    assert round_to(x, mode, unit) == expected


def test_round_half_up() -> None:
    assert round_half_up(Decimal("0.5")) == 1
    assert round_half_up(Decimal("-0.5")) == -1
    assert round_half_up(Fraction(149, 1), unit=100) == 100
    assert round_half_up(Fraction(150, 1), unit=100) == 200


def test_round_accepts_mode_by_value() -> None:
    assert round_to(Decimal("2.5"), "half_even", 1) == 2  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [2.5, float("nan")])
def test_round_rejects_float(bad: float) -> None:
    with pytest.raises(AnjuError) as info:
        round_to(bad, Rounding.HALF_UP)  # type: ignore[arg-type]
    assert info.value.code is ErrorCode.MONEY_FLOAT


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), "1.5", True, None])
def test_round_rejects_non_numbers(bad: object) -> None:
    with pytest.raises(AnjuError) as info:
        round_to(bad, Rounding.HALF_UP)  # type: ignore[arg-type]
    assert info.value.code is ErrorCode.MONEY_FORMAT


@pytest.mark.parametrize("bad", [0.12, Decimal("NaN"), "0.12"])
def test_apply_ratio_rejects_bad_ratio(bad: object) -> None:
    with pytest.raises(AnjuError) as info:
        apply_ratio(100, bad)  # type: ignore[arg-type]
    assert info.value.code is ErrorCode.RATIO_FORMAT


@pytest.mark.parametrize("unit", [0, -10, True])
def test_round_rejects_bad_unit(unit: int) -> None:
    with pytest.raises(ValueError):
        round_to(Decimal("1"), Rounding.HALF_UP, unit)


@given(fractions, st.sampled_from(list(Rounding)), st.sampled_from([1, 10, 100]))
def test_round_matches_decimal_module(x: Fraction, mode: Rounding, unit: int) -> None:
    """Cross-check against the decimal module's own rounding, computed with ample precision."""
    with decimal.localcontext(decimal.Context(prec=100)):
        scaled = Decimal(x.numerator) / Decimal(x.denominator) / unit
        exact = Fraction(scaled) == x / unit
        expected = int(scaled.quantize(Decimal(1), rounding=_DECIMAL_MODES[mode])) * unit
    if exact:  # only compare when the quotient is a terminating decimal
        assert round_to(x, mode, unit) == expected


@given(fractions, st.sampled_from(list(Rounding)), st.sampled_from([1, 10, 100, 1000]))
def test_round_properties(x: Fraction, mode: Rounding, unit: int) -> None:
    result = round_to(x, mode, unit)
    assert result % unit == 0
    assert abs(result - x) < unit
    if mode in (Rounding.HALF_UP, Rounding.HALF_EVEN):
        assert abs(result - x) <= Fraction(unit, 2)
    if mode is Rounding.FLOOR:
        assert result <= x
    if mode is Rounding.CEILING:
        assert result >= x
    if mode is Rounding.DOWN:
        assert abs(result) <= abs(x)
    if mode is Rounding.UP:
        assert abs(result) >= abs(x)
    if x.denominator == 1 and x % unit == 0:
        assert result == x


@given(fractions, st.sampled_from([Rounding.HALF_UP, Rounding.HALF_EVEN, Rounding.DOWN, Rounding.UP]))
def test_symmetric_modes_are_odd_functions(x: Fraction, mode: Rounding) -> None:
    assert round_to(-x, mode) == -round_to(x, mode)


@given(fractions)
def test_floor_and_ceiling_bracket(x: Fraction) -> None:
    floor, ceiling = round_to(x, Rounding.FLOOR), round_to(x, Rounding.CEILING)
    assert floor <= x <= ceiling
    assert ceiling - floor == (0 if x.denominator == 1 else 1)


# ---------------------------------------------------------------- apply_ratio


@pytest.mark.parametrize(
    ("base", "ratio", "kwargs", "expected"),
    [
        ("5000.00", "0.12", {}, "600.00"),
        ("4321.00", "0.07", {}, "302.47"),
        ("4321.00", "0.12", {}, "518.52"),
        ("3333.33", "0.05", {}, "166.67"),  # 166.6665 rounds half up
        ("3333.33", "0.05", {"mode": Rounding.DOWN}, "166.66"),
        ("3333.33", "0.05", {"mode": Rounding.HALF_EVEN}, "166.67"),  # 166.6665 is above the half
        ("0.25", "0.1", {"mode": Rounding.HALF_EVEN}, "0.02"),  # exactly 2.5 fen
        ("0.25", "0.1", {}, "0.03"),
        ("4321.00", "0.07", {"unit": 100}, "302.00"),
        ("4371.00", "0.07", {"unit": 100}, "306.00"),  # 305.97 to the yuan
        ("4371.00", "0.07", {"unit": 10, "mode": Rounding.UP}, "306.00"),
        ("-5000.00", "0.12", {}, "-600.00"),
        ("12345.67", "1", {}, "12345.67"),
        ("12345.67", "0", {}, "0.00"),
    ],
)
def test_apply_ratio(base: str, ratio: str, kwargs: dict[str, object], expected: str) -> None:
    assert apply_ratio(parse_yuan(base), Decimal(ratio), **kwargs) == parse_yuan(expected)  # type: ignore[arg-type]


@given(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False),
)
def test_apply_ratio_is_exact(base: int, ratio: Decimal) -> None:
    result = apply_ratio(base, ratio)
    assert abs(result - Fraction(base) * Fraction(ratio)) <= Fraction(1, 2)
    assert result == round_half_up(Fraction(base) * Fraction(ratio))


# ---------------------------------------------------------------- capitals

CAPITALS = [
    ("100001000.00", "壹亿零壹仟元整"),
    ("1001.01", "壹仟零壹元零壹分"),
    ("0.50", "伍角"),
    ("0.05", "伍分"),
    ("0", "零元整"),
    ("10.00", "壹拾元整"),
    ("100000.00", "壹拾万元整"),
    ("1010000.00", "壹佰零壹万元整"),
    ("100100.00", "壹拾万零壹佰元整"),
    ("1000.06", "壹仟元零陆分"),
    ("1.50", "壹元伍角"),
    ("10010000.00", "壹仟零壹万元整"),
    ("105.00", "壹佰零伍元整"),
    ("150.00", "壹佰伍拾元整"),
    ("200000000000.00", "贰仟亿元整"),
    # more
    ("1.00", "壹元整"),
    ("0.15", "壹角伍分"),
    ("0.01", "壹分"),
    ("1.01", "壹元零壹分"),
    ("1.10", "壹元壹角"),
    ("1.11", "壹元壹角壹分"),
    ("11.00", "壹拾壹元整"),
    ("110.00", "壹佰壹拾元整"),
    ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),  # the 元 place is 0: 零 (the rules' first form)
    ("1001.00", "壹仟零壹元整"),
    ("1010.00", "壹仟零壹拾元整"),
    ("1100.00", "壹仟壹佰元整"),
    ("10000.00", "壹万元整"),
    ("10001.00", "壹万零壹元整"),
    ("10100.00", "壹万零壹佰元整"),
    ("107000.53", "壹拾万零柒仟元零伍角叁分"),
    ("105000.00", "壹拾万零伍仟元整"),  # the audit: a zero in the 万 place between non-zero digits is 零
    ("10.50", "壹拾元零伍角"),
    ("1000000010000.00", "壹万亿零壹万元整"),
    ("1000000000000.00", "壹万亿元整"),
    ("10000.10", "壹万元零壹角"),
    ("325000.00", "叁拾贰万伍仟元整"),
    ("6007.14", "陆仟零柒元壹角肆分"),
    ("1409.50", "壹仟肆佰零玖元伍角"),
    ("100000000.00", "壹亿元整"),
    ("101000000.00", "壹亿零壹佰万元整"),
    ("110000000.00", "壹亿壹仟万元整"),
    ("100000001.00", "壹亿零壹元整"),
    ("1000000000000.00", "壹万亿元整"),
    ("1234500000000.00", "壹万贰仟叁佰肆拾伍亿元整"),
    ("1000100000000.00", "壹万零壹亿元整"),
    ("9999999999999.99", "玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ("-1.50", "负壹元伍角"),
    ("-0.05", "负伍分"),
]


@pytest.mark.parametrize(("amount", "text"), CAPITALS)
def test_capitals_table(amount: str, text: str) -> None:
    assert capitals(parse_yuan(amount)) == text


_DIGIT = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_SMALL_UNIT = {"拾": 10, "佰": 100, "仟": 1000}


def _decode_integer(text: str) -> int:
    """Independent reader of the integer part (a textbook accumulator, not the formatter reversed)."""
    total = section = digit = 0
    for ch in text:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch in _SMALL_UNIT:
            section += digit * _SMALL_UNIT[ch]
            digit = 0
        elif ch == "万":
            section = (section + digit) * 10**4
            digit = 0
        elif ch == "亿":
            total = (total + section + digit) * 10**8
            section = digit = 0
        else:
            raise AssertionError(f"unexpected character {ch!r} in {text!r}")
    return total + section + digit


def _decode(text: str) -> int:
    if text.startswith("负"):
        return -_decode(text[1:])
    if text == "零元整":
        return 0
    integer, _, rest = text.rpartition("元")
    fen = _decode_integer(integer) * 100 if integer else 0
    rest = rest.removesuffix("整").removeprefix("零")
    if m := re.search(r"(.)角", rest):
        fen += _DIGIT[m[1]] * 10
    if m := re.search(r"(.)分", rest):
        fen += _DIGIT[m[1]]
    return fen


@given(fen_in_range)
def test_capitals_decode_roundtrip(fen: int) -> None:
    assert _decode(capitals(fen)) == fen


@given(st.integers(min_value=1, max_value=MAX_FEN - 1))
def test_capitals_shape(fen: int) -> None:
    text = capitals(fen)
    cents = fen % 100
    assert "零零" not in text
    assert not re.search("零[元万亿角]", text)
    assert not text.startswith("零")
    assert text.endswith("整") == (cents == 0)
    if cents:
        assert text.endswith("分" if cents % 10 else "角")
    if fen < 100:
        assert "元" not in text
    assert capitals(-fen) == "负" + text


_REF_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def _reference_capitals(fen: int) -> str:
    """A slow second opinion, by another method: write every digit with its place and every section unit
    (万, 亿, 万 of 万亿) in full — a zero digit as a bare 零 — then apply the rules of 《正确填写票据和结算凭证的
    基本规定》 as rewriting steps until nothing changes: a zero does not take the place of a unit (零万 → 万零),
    a run of zeros is one 零, an empty 万 section after 亿 is dropped; zeros at either end are silent."""
    if fen < 0:
        return "负" + _reference_capitals(-fen)
    if fen == 0:
        return "零元整"
    yuan, cents = divmod(fen, 100)
    jiao, fen_digit = divmod(cents, 10)
    s = ""
    digits = str(yuan) if yuan else ""
    for i, ch in enumerate(digits):
        place = len(digits) - 1 - i
        s += "零" if ch == "0" else _REF_DIGITS[int(ch)] + ["", "拾", "佰", "仟"][place % 4]
        if place and place % 4 == 0:
            s += {1: "万", 2: "亿", 3: "万"}[place // 4]
    if yuan:
        s += "元"
    s += (_REF_DIGITS[jiao] + "角") if jiao else "零"
    s += (_REF_DIGITS[fen_digit] + "分") if fen_digit else "零"
    before = None
    while before != s:
        before = s
        for a, b in (("零万", "万零"), ("零亿", "亿零"), ("零元", "元零"), ("零零", "零"), ("亿万", "亿")):
            s = s.replace(a, b)
    s = s.strip("零")
    return s + ("整" if cents == 0 else "")


def _zero_heavy_amounts() -> st.SearchStrategy[int]:
    """Amounts whose digits are mostly zeros, so that every place is a zero between non-zero digits often."""
    digit = st.sampled_from("0000000123456789")
    return st.lists(digit, min_size=1, max_size=15).map(lambda ds: int("".join(ds)))


@given(st.one_of(_zero_heavy_amounts(), fen_in_range))
def test_capitals_against_the_slow_reference(fen: int) -> None:
    assert capitals(fen) == _reference_capitals(fen)


def test_capitals_every_zero_run_position() -> None:
    """Every run of zeros (any start, any length) inside a 15-digit amount of non-zero digits, and every pair
    of single zeros: the formatter and the reference agree, and the text decodes back."""
    full = "987654321987654"
    cases = set()
    for start in range(len(full)):
        for end in range(start + 1, len(full) + 1):
            cases.add(full[:start] + "0" * (end - start) + full[end:])
        for other in range(start + 1, len(full)):
            d = list(full)
            d[start] = d[other] = "0"
            cases.add("".join(d))
    for text in sorted(cases):
        for cut in (len(text), 12, 9, 6, 3):  # the same pattern at several magnitudes
            fen = int(text[-cut:])
            if 0 < fen < MAX_FEN:
                assert capitals(fen) == _reference_capitals(fen), fen
                assert _decode(capitals(fen)) == fen


def test_capitals_range() -> None:
    with pytest.raises(AnjuError) as info:
        capitals(MAX_FEN)
    assert info.value.code is ErrorCode.MONEY_RANGE


@pytest.mark.parametrize(
    ("x", "places", "mode", "expected"),
    [
        (Decimal("0.0000025"), 6, Rounding.HALF_UP, "0.000003"),  # half-up, where quantize's default gives 0.000002
        (Decimal("0.0000025"), 6, Rounding.HALF_EVEN, "0.000002"),
        (Decimal("-0.0000025"), 6, Rounding.HALF_UP, "-0.000003"),
        (Decimal("0.6631"), 6, Rounding.HALF_UP, "0.663100"),
        (Decimal("12.5"), 0, Rounding.HALF_UP, "13"),
        (Fraction(-1, 3), 6, Rounding.HALF_UP, "-0.333333"),
        (0, 2, Rounding.HALF_UP, "0.00"),
        (Decimal("0.129"), 2, Rounding.DOWN, "0.12"),
    ],
)
def test_round_places(x: Decimal | Fraction | int, places: int, mode: Rounding, expected: str) -> None:
    got = round_places(x, places, mode)
    assert str(got) == expected
    assert got == Decimal(expected)


def test_round_places_refuses_floats() -> None:
    with pytest.raises(AnjuError):
        round_places(0.5, 2, Rounding.HALF_UP)  # type: ignore[arg-type]
