"""Tests for anju.core.ids: resident IDs, USCC, bank cards, cross-checked against python-stdnum.

Deliberate differences from python-stdnum (each pinned by a test below):

* ``stdnum.cn.ric`` looks the full 6-digit county code up in its own table and requires the
  county to have existed in the birth year; we only check the 2-digit province code, because
  county codes are renumbered while people keep their numbers.
* ``stdnum.cn.ric`` does not reject birth dates after ``as_of`` nor before 1800; we do.
* ``stdnum.cn.ric`` only knows 18-character numbers; we upgrade old 15-digit ones.
* ``stdnum.cn.ric.is_valid`` (python-stdnum 2.2) raises KeyError instead of returning False when
  the province is known but the county is not; ``_stdnum_ric_valid`` treats that as "invalid".
* ``stdnum.cn.uscc`` requires the first 8 characters to be digits; GB 32100 allows letters in
  the first two (registration authority, e.g. N = agriculture, Y = other; category code), so we
  accept any character of the 31-character set there.

The cross-checks therefore draw county codes stdnum knows for the birth year, past birth dates
from 1900 on, and USCC bodies whose first 8 characters are digits.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
import stdnum.cn.ric
import stdnum.cn.uscc
import stdnum.luhn
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum.exceptions import ValidationError

from anju.core.errors import AnjuError, ErrorCode
from anju.core.ids import (
    PROVINCE_CODES,
    USCC_CHARSET,
    ResidentId,
    check_digit,
    luhn_check_digit,
    make_resident_id,
    make_uscc,
    mask_id,
    parse_resident_id,
    upgrade_15_to_18,
    uscc_check_char,
    validate_bank_card,
    validate_uscc,
)

AS_OF = date(2025, 7, 15)
ID_ALPHABET = "0123456789X"
DIGITS = "0123456789"

# County codes stdnum knows, with the first birth year for which it accepts them.
STDNUM_COUNTIES = {
    "110101": 1900, "110105": 1900, "120101": 1900, "310104": 1900, "710000": 1900,
    "130102": 1983, "320102": 1983, "360426": 1983, "440305": 1983, "650102": 1983,
    "510104": 1990, "500101": 1997, "810000": 1997, "820000": 1999, "460105": 2002,
}  # fmt: skip

birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=AS_OF)
provinces = st.sampled_from(sorted(PROVINCE_CODES)).map(lambda p: f"{p:02d}")
regions = st.builds(lambda p, rest: p + rest, provinces, st.text(DIGITS, min_size=4, max_size=4))


@st.composite
def resident_ids(draw: st.DrawFn) -> tuple[str, str, date, int, str]:
    region, birth = draw(regions), draw(birth_dates)
    seq, sex = draw(st.integers(0, 99)), draw(st.sampled_from(["1", "2"]))
    return make_resident_id(region, birth, seq, sex), region, birth, seq, sex


def _code(call: Callable[..., object], *args: object, **kwargs: object) -> ErrorCode:
    with pytest.raises(AnjuError) as info:
        call(*args, **kwargs)
    assert "{" not in info.value.message, "message template was not filled"
    return info.value.code


def _accepts_id(number: str) -> bool:
    try:
        parse_resident_id(number, as_of=AS_OF)
    except AnjuError:
        return False
    return True


def _single_changes(value: str, alphabet: str) -> list[str]:
    return [value[:i] + c + value[i + 1 :] for i in range(len(value)) for c in alphabet if c != value[i]]


# ---------------------------------------------------------------- resident ID: tables


@pytest.mark.parametrize(
    ("value", "number", "birth", "sex", "region"),
    [
        ("11010519491231002X", "11010519491231002X", date(1949, 12, 31), "2", "110105"),
        ("11010519491231002x", "11010519491231002X", date(1949, 12, 31), "2", "110105"),
        (" 110105 19491231 002X ", "11010519491231002X", date(1949, 12, 31), "2", "110105"),
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X", date(1949, 12, 31), "2", "110105"),
        ("360426199101010071", "360426199101010071", date(1991, 1, 1), "1", "360426"),
        ("110105491231002", "11010519491231002X", date(1949, 12, 31), "2", "110105"),  # 15-digit
        ("830000200001010018", "830000200001010018", date(2000, 1, 1), "1", "830000"),
        ("440524188001010014", "440524188001010014", date(1880, 1, 1), "1", "440524"),  # GB 11643's own example
        ("110101850101996", "110101188501019960", date(1885, 1, 1), "2", "110101"),  # 15-digit, born in the 1800s
    ],
)
def test_parse_resident_id_accepts(value: str, number: str, birth: date, sex: str, region: str) -> None:
    rid = parse_resident_id(value, as_of=AS_OF)
    assert rid == ResidentId(number=number, birth_date=birth, sex=sex, region=region)


def test_resident_id_helpers() -> None:
    rid = parse_resident_id("11010519491231002X", as_of=AS_OF)
    assert rid.sex_name == "女"
    assert rid.masked() == "110105********002X"
    assert parse_resident_id("360426199101010071", as_of=AS_OF).sex_name == "男"


@pytest.mark.parametrize(
    ("value", "code", "params"),
    [
        ("1101051949123100", ErrorCode.ID_LENGTH, {"length": 16}),
        ("", ErrorCode.ID_LENGTH, {"length": 0}),
        ("11010519491231002XX", ErrorCode.ID_LENGTH, {"length": 19}),
        ("1101051949123100X2", ErrorCode.ID_CHARS, {}),
        ("11010519491231002A", ErrorCode.ID_CHARS, {}),
        ("11010549123100X", ErrorCode.ID_CHARS, {}),
        ("٣10105194912310024", ErrorCode.ID_CHARS, {}),
        ("990105194912310023", ErrorCode.ID_REGION, {"region": "990105"}),
        ("100105194912310020", ErrorCode.ID_REGION, {"region": "100105"}),
        ("110105194902300028", ErrorCode.ID_BIRTH_DATE, {"birth": "19490230"}),
        ("110105194913010021", ErrorCode.ID_BIRTH_DATE, {"birth": "19491301"}),
        ("110105179912310013", ErrorCode.ID_BIRTH_DATE, {"birth": "17991231"}),  # before 1800
        ("110101000229996", ErrorCode.ID_BIRTH_DATE, {"birth": "18000229"}),  # 1800 is not a leap year
        ("110105202507160026", ErrorCode.ID_FUTURE_BIRTH, {"birth": "2025-07-16"}),
        ("110105194912310021", ErrorCode.ID_CHECKSUM, {"expected": "X", "actual": "1"}),
    ],
)
def test_parse_resident_id_rejects(value: str, code: ErrorCode, params: dict[str, object]) -> None:
    with pytest.raises(AnjuError) as info:
        parse_resident_id(value, as_of=AS_OF)
    assert info.value.code is code
    assert params.items() <= info.value.params.items()
    assert "{" not in info.value.message


def test_birth_on_as_of_is_accepted() -> None:
    number = make_resident_id("110105", AS_OF, 3, "1")
    assert parse_resident_id(number, as_of=AS_OF).birth_date == AS_OF
    assert _code(parse_resident_id, number, as_of=AS_OF - timedelta(days=1)) is ErrorCode.ID_FUTURE_BIRTH


def test_checksum_message() -> None:
    with pytest.raises(AnjuError) as info:
        parse_resident_id("110105194912310021", as_of=AS_OF)
    assert info.value.message == "身份证号码校验位错误：应为X，实际为1"


def test_check_digit_and_upgrade() -> None:
    assert check_digit("11010519491231002") == "X"
    assert check_digit("36042619910101007") == "1"
    assert upgrade_15_to_18("110105491231002") == "11010519491231002X"
    assert _code(check_digit, "1234") is ErrorCode.ID_LENGTH
    assert _code(check_digit, "1101051949123100A") is ErrorCode.ID_CHARS
    assert _code(upgrade_15_to_18, "11010549123100") is ErrorCode.ID_LENGTH


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("11010519491231002X", "110105********002X"),
        ("110105491231002", "110105*****1002"),
        ("12345678", "1******8"),
        ("1234", "1**4"),
        ("123", "***"),
        ("", ""),
    ],
)
def test_mask_id(value: str, masked: str) -> None:
    assert mask_id(value) == masked


def test_make_resident_id_rejects_bad_arguments() -> None:
    for args in [
        ("990101", date(1990, 1, 1), 1, "1"),
        ("11010", date(1990, 1, 1), 1, "1"),
        ("110101", date(1990, 1, 1), 100, "1"),
        ("110101", date(1990, 1, 1), 1, "M"),
        ("110101", date(1799, 12, 31), 1, "1"),
    ]:
        with pytest.raises(ValueError):
            make_resident_id(*args)


# ---------------------------------------------------------------- resident ID: properties


@given(resident_ids())
def test_generated_ids_are_accepted(case: tuple[str, str, date, int, str]) -> None:
    number, region, birth, seq, sex = case
    rid = parse_resident_id(number, as_of=AS_OF)
    assert rid.number == number
    assert (rid.region, rid.birth_date, rid.sex) == (region, birth, sex)
    assert number[14:16] == f"{seq:02d}"
    assert check_digit(number[:17]) == number[17]


@given(resident_ids())
def test_every_single_character_change_is_rejected(case: tuple[str, str, date, int, str]) -> None:
    number = case[0]
    for changed in _single_changes(number, ID_ALPHABET):
        assert not _accepts_id(changed), changed


@pytest.mark.parametrize(("old", "new"), [
    # the sequence code decides the century: 996–999 are people born in the 1800s, everything else the 1900s
    ("110101850101996", "110101188501019960"),  # the audit's example: 1885-01-01, a woman (6 is even)
    ("110101850101995", "11010119850101995"),
    ("110101850101997", "11010118850101997"),
    ("110101850101999", "11010118850101999"),
    ("110101850101000", "11010119850101000"),
    ("110101991231998", "11010118991231998"),  # 1899-12-31, the last day of the 1800s
    ("110101000101996", "11010118000101996"),  # 1800-01-01, the first
    ("110101000101995", "11010119000101995"),  # 1900-01-01
    ("110101991231994", "11010119991231994"),
])
def test_15_digit_century_from_the_sequence_code(old: str, new: str) -> None:
    from stdnum.cn.ric import calc_check_digit

    expected = new if len(new) == 18 else new + calc_check_digit(new + "?")  # stdnum: a second opinion
    assert upgrade_15_to_18(old) == expected
    rid = parse_resident_id(old, as_of=AS_OF)
    assert rid.number == expected
    assert rid.birth_date == date(int(new[6:10]), int(new[10:12]), int(new[12:14]))
    assert rid.sex == ("1" if int(old[-1]) % 2 else "2")
    assert parse_resident_id(expected, as_of=AS_OF) == rid  # the 18-digit form reads back the same


@given(st.dates(date(1800, 1, 1), date(1999, 12, 31)), st.integers(0, 999))
def test_15_digit_upgrade_every_sequence(birth: date, seq: int) -> None:
    old = f"110105{birth:%y%m%d}{seq:03d}"
    century = 18 if seq >= 996 else 19
    assume(birth.year // 100 == century)  # the other century's dates cannot be written in 15 digits
    first17 = f"110105{birth:%Y%m%d}{seq:03d}"
    assert parse_resident_id(old, as_of=AS_OF).number == first17 + check_digit(first17)


@given(birth_dates.filter(lambda d: d.year < 2000), st.text(DIGITS, min_size=3, max_size=3))
def test_15_digit_upgrade_property(birth: date, seq: str) -> None:
    assume(int(seq) < 996)
    old = f"110105{birth:%y%m%d}{seq}"
    rid = parse_resident_id(old, as_of=AS_OF)
    assert rid.number == f"110105{birth:%Y%m%d}{seq}" + check_digit(f"110105{birth:%Y%m%d}{seq}")
    assert rid.birth_date == birth


def _stdnum_knows_county(region: str, year: int) -> bool:
    try:
        stdnum.cn.ric.get_birth_place(f"{region}{year}0101000")
    except (ValidationError, KeyError):
        return False
    return True


def _stdnum_ric_valid(number: str) -> bool:
    try:
        return stdnum.cn.ric.is_valid(number)
    except KeyError:  # stdnum bug: unknown county in a known province
        return False


@st.composite
def ric_candidates(draw: st.DrawFn) -> str:
    """18-character strings with a county stdnum knows, a past (possibly impossible) date, any check."""
    region = draw(st.sampled_from(sorted(STDNUM_COUNTIES)))
    year = draw(st.integers(STDNUM_COUNTIES[region], AS_OF.year - 1))
    month = draw(st.integers(0, 13))
    day = draw(st.integers(0, 32))
    first17 = f"{region}{year}{month:02d}{day:02d}" + draw(st.text(DIGITS, min_size=3, max_size=3))
    last = draw(st.one_of(st.just(check_digit(first17)), st.sampled_from(ID_ALPHABET)))
    return first17 + last


@given(ric_candidates())
def test_ric_agrees_with_stdnum(number: str) -> None:
    assume(_stdnum_knows_county(number[:6], int(number[6:10])))
    assert _accepts_id(number) == _stdnum_ric_valid(number)


@given(
    st.sampled_from(sorted(STDNUM_COUNTIES)),
    birth_dates,
    st.integers(0, 99),
    st.sampled_from(["1", "2"]),
)
def test_generated_ids_in_known_counties_agree_with_stdnum(
    region: str, birth: date, seq: int, sex: str
) -> None:
    assume(birth.year >= STDNUM_COUNTIES[region])
    number = make_resident_id(region, birth, seq, sex)
    assert _accepts_id(number)
    assert stdnum.cn.ric.is_valid(number)


def test_deliberate_differences_from_stdnum_ric() -> None:
    unknown_county = make_resident_id("119999", date(1990, 1, 1), 1, "1")
    assert _accepts_id(unknown_county) and not _stdnum_ric_valid(unknown_county)
    too_early_county = make_resident_id("460105", date(1990, 1, 1), 1, "1")  # 海口秀英区 dates from 2002
    assert _accepts_id(too_early_county) and not stdnum.cn.ric.is_valid(too_early_county)
    future = make_resident_id("110105", date(2030, 1, 1), 1, "1")
    assert not _accepts_id(future) and stdnum.cn.ric.is_valid(future)
    old_form = "110105491231002"
    assert _accepts_id(old_form) and not stdnum.cn.ric.is_valid(old_form)


# ---------------------------------------------------------------- USCC

uscc_bodies = st.text(USCC_CHARSET, min_size=17, max_size=17)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("91110000600037341L", "91110000600037341L"),
        (" 91110000600037341l ", "91110000600037341L"),
        ("９１１１００００６０００３７３４１Ｌ", "91110000600037341L"),
        ("91350100M000100Y43", "91350100M000100Y43"),
    ],
)
def test_validate_uscc_accepts(value: str, code: str) -> None:
    assert validate_uscc(value) == code


@pytest.mark.parametrize(
    ("value", "code", "params"),
    [
        ("91110000600037341", ErrorCode.USCC_LENGTH, {"length": 17}),
        ("91110000600037341LL", ErrorCode.USCC_LENGTH, {"length": 19}),
        ("9111000060003734IL", ErrorCode.USCC_CHARS, {"chars": "I"}),
        ("91110000600O3734SL", ErrorCode.USCC_CHARS, {"chars": "OS"}),
        ("91110000600037341-", ErrorCode.USCC_CHARS, {"chars": "-"}),
        ("91110000600037341M", ErrorCode.USCC_CHECKSUM, {"expected": "L", "actual": "M"}),
    ],
)
def test_validate_uscc_rejects(value: str, code: ErrorCode, params: dict[str, object]) -> None:
    with pytest.raises(AnjuError) as info:
        validate_uscc(value)
    assert info.value.code is code
    assert params.items() <= info.value.params.items()


def test_uscc_check_char() -> None:
    assert uscc_check_char("91110000600037341") == "L"
    assert make_uscc("91110000600037341") == "91110000600037341L"
    assert _code(uscc_check_char, "9111") is ErrorCode.USCC_LENGTH
    assert _code(make_uscc, "9111000060003734Z") is ErrorCode.USCC_CHARS


@given(uscc_bodies)
def test_made_uscc_is_valid_and_every_change_rejected(body: str) -> None:
    code = make_uscc(body)
    assert validate_uscc(code) == code
    for changed in _single_changes(code, USCC_CHARSET):
        assert _code(validate_uscc, changed) is ErrorCode.USCC_CHECKSUM


@given(st.text(DIGITS, min_size=8, max_size=8), st.text(USCC_CHARSET, min_size=10, max_size=10))
def test_uscc_agrees_with_stdnum(head: str, tail: str) -> None:
    for candidate in (head + tail, make_uscc(head + tail[:9])):
        try:
            validate_uscc(candidate)
            ours = True
        except AnjuError:
            ours = False
        assert ours == stdnum.cn.uscc.is_valid(candidate)


def test_deliberate_difference_from_stdnum_uscc() -> None:
    code = make_uscc("N2110000600037341")  # registration authority N (agriculture)
    assert validate_uscc(code) == code
    assert not stdnum.cn.uscc.is_valid(code)


# ---------------------------------------------------------------- bank cards

card_bodies = st.text(DIGITS, min_size=11, max_size=18)


@pytest.mark.parametrize(
    ("value", "card"),
    [
        ("4111111111111111", "4111111111111111"),
        ("4111 1111 1111 1111", "4111111111111111"),
        ("6222020200112233440"[:18] + luhn_check_digit("6222020200112233440"[:18]), None),
        ("6011000990139424", None),
        ("6212345678901232", None),
    ],
)
def test_validate_bank_card_accepts(value: str, card: str | None) -> None:
    assert validate_bank_card(value) == (card or value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("4111111111111112", ErrorCode.CARD_CHECKSUM),
        ("41111111111", ErrorCode.CARD_FORMAT),  # 11 digits
        ("41111111111111111111", ErrorCode.CARD_FORMAT),  # 20 digits
        ("4111-1111-1111-1111", ErrorCode.CARD_FORMAT),
        ("411111111111111A", ErrorCode.CARD_FORMAT),
        ("", ErrorCode.CARD_FORMAT),
    ],
)
def test_validate_bank_card_rejects(value: str, code: ErrorCode) -> None:
    assert _code(validate_bank_card, value) is code


def test_luhn_check_digit() -> None:
    assert luhn_check_digit("7992739871") == "3"
    assert luhn_check_digit("411111111111111") == "1"
    assert _code(luhn_check_digit, "12a") is ErrorCode.CARD_FORMAT


@given(card_bodies)
def test_made_card_is_valid_and_every_change_rejected(body: str) -> None:
    card = body + luhn_check_digit(body)
    assert luhn_check_digit(body) == stdnum.luhn.calc_check_digit(body)
    assert validate_bank_card(card) == card
    for changed in _single_changes(card, DIGITS):
        assert _code(validate_bank_card, changed) is ErrorCode.CARD_CHECKSUM


@given(st.text(DIGITS, min_size=12, max_size=19))
def test_card_agrees_with_stdnum_luhn(card: str) -> None:
    try:
        validate_bank_card(card)
        ours = True
    except AnjuError:
        ours = False
    assert ours == stdnum.luhn.is_valid(card)
