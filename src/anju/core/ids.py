"""Identity numbers: resident ID (GB 11643), unified social credit code (GB 32100), bank cards (Luhn)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import mul

from anju.core.errors import AnjuError, ErrorCode

# Fullwidth ASCII (！..～) to ASCII; whitespace (incl. the ideographic space) is removed separately.
_FULLWIDTH = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)})


def _normalise(value: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected str, got {type(value).__name__}")
    return "".join(value.translate(_FULLWIDTH).split()).upper()


def _is_ascii_digits(s: str) -> bool:
    return s.isascii() and s.isdigit()


# ---------------------------------------------------------------- resident ID (居民身份证号码)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
PROVINCE_CODES = frozenset(
    [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55), *range(61, 66)]
    + [71, 81, 82, 83]
)
SEX_NAMES = {"1": "男", "2": "女"}


def check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits: (12 − Σ mod 11) mod 11, 10 -> 'X'."""
    if len(first17) != 17:
        raise AnjuError(ErrorCode.ID_LENGTH, length=len(first17))
    if not _is_ascii_digits(first17):
        raise AnjuError(ErrorCode.ID_CHARS)
    total = sum(map(mul, map(int, first17), ID_WEIGHTS))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


OLD_CENTURY_SEQUENCES = range(996, 1000)  # 15-digit numbers of people born in the 1800s (centenarians)


def upgrade_15_to_18(s: str) -> str:
    """Convert an old 15-digit number to 18 digits: insert the century before YYMMDD — "18" when the
    sequence code is 996–999 (the codes reserved for people over a hundred, born in the 1800s), otherwise
    "19" — and append the check digit: ``110101850101996`` → ``110101188501019960``."""
    s = _normalise(s)
    if len(s) != 15:
        raise AnjuError(ErrorCode.ID_LENGTH, length=len(s))
    if not _is_ascii_digits(s):
        raise AnjuError(ErrorCode.ID_CHARS)
    century = "18" if int(s[12:15]) in OLD_CENTURY_SEQUENCES else "19"
    first17 = s[:6] + century + s[6:]
    return first17 + check_digit(first17)


def mask_id(number: str) -> str:
    """Mask an identity number for display, keeping its length.

    15 characters or more: first 6 and last 4 kept (``110101********123X``); 4 to 14: first and
    last kept; shorter: everything masked.
    """
    s = "".join(str(number).split())
    n = len(s)
    if n < 4:
        return "*" * n
    head, tail = (6, 4) if n >= 15 else (1, 1)
    return s[:head] + "*" * (n - head - tail) + s[-tail:]


@dataclass(frozen=True)
class ResidentId:
    """A validated 18-character resident ID with the facts it encodes."""

    number: str
    birth_date: date
    sex: str  # GB/T 2261.1: '1' male, '2' female
    region: str  # 6-digit administrative division code

    @property
    def sex_name(self) -> str:
        return SEX_NAMES[self.sex]

    def masked(self) -> str:
        return mask_id(self.number)

    def __str__(self) -> str:
        return self.number


MIN_BIRTH_YEAR = 1800  # old 15-digit numbers encode the 1800s (sequence 996–999); nothing earlier


def _birth_date(number: str, *, as_of: date) -> date:
    text = number[6:14]
    try:
        birth = date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise AnjuError(ErrorCode.ID_BIRTH_DATE, birth=text) from None
    if birth.year < MIN_BIRTH_YEAR:
        raise AnjuError(ErrorCode.ID_BIRTH_DATE, birth=text)
    if birth > as_of:
        raise AnjuError(ErrorCode.ID_FUTURE_BIRTH, birth=birth.isoformat())
    return birth


def _check_shape(s: str) -> str:
    """Length and characters; a 15-digit number is upgraded to 18."""
    if len(s) not in (15, 18):
        raise AnjuError(ErrorCode.ID_LENGTH, length=len(s))
    if len(s) == 15:
        return upgrade_15_to_18(s)
    if not _is_ascii_digits(s[:17]) or s[17] not in "0123456789X":
        raise AnjuError(ErrorCode.ID_CHARS)
    return s


def parse_resident_id(value: str, *, as_of: date) -> ResidentId:
    """Validate a resident ID (18 digits, or an old 15-digit one which is upgraded) and decode it.

    Checks, in order: length, characters, province code, birth date (a real date, year ≥ 1800,
    not after ``as_of``), check digit. Only the 2-digit province is checked, not the full county
    code: county codes are renumbered over time while people keep their numbers.
    """
    number = _check_shape(_normalise(value))
    if int(number[:2]) not in PROVINCE_CODES:
        raise AnjuError(ErrorCode.ID_REGION, region=number[:6])
    birth = _birth_date(number, as_of=as_of)
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise AnjuError(ErrorCode.ID_CHECKSUM, expected=expected, actual=number[17])
    sex = "1" if int(number[16]) % 2 else "2"
    return ResidentId(number=number, birth_date=birth, sex=sex, region=number[:6])


def make_resident_id(region: str, birth: date, seq: int, sex: str) -> str:
    """Build a valid 18-digit ID for test data: region + YYYYMMDD + 2-digit seq + sex digit + check.

    The 17th digit is odd for men ('1') and even for women ('2'); it also varies with ``seq``.
    """
    if len(region) != 6 or not _is_ascii_digits(region) or int(region[:2]) not in PROVINCE_CODES:
        raise ValueError(f"bad region code {region!r}")
    if not 0 <= seq <= 99:
        raise ValueError(f"seq must be 0..99, got {seq}")
    if sex not in SEX_NAMES:
        raise ValueError(f"sex must be '1' or '2', got {sex!r}")
    if not MIN_BIRTH_YEAR <= birth.year <= 9999:
        raise ValueError(f"birth year out of range: {birth}")
    sex_digit = 2 * (seq % 5) + (1 if sex == "1" else 0)
    first17 = f"{region}{birth:%Y%m%d}{seq:02d}{sex_digit}"
    return first17 + check_digit(first17)


# ---------------------------------------------------------------- USCC (统一社会信用代码)

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_VALUE = {c: i for i, c in enumerate(USCC_CHARSET)}


def _bad_uscc_chars(s: str) -> str:
    return "".join(dict.fromkeys(c for c in s if c not in _USCC_VALUE))


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters: (31 − Σ mod 31) mod 31."""
    if len(first17) != 17:
        raise AnjuError(ErrorCode.USCC_LENGTH, length=len(first17))
    if bad := _bad_uscc_chars(first17):
        raise AnjuError(ErrorCode.USCC_CHARS, chars=bad)
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> str:
    """Validate a unified social credit code; return it normalised (whitespace removed, uppercase)."""
    code = _normalise(value)
    if len(code) != 18:
        raise AnjuError(ErrorCode.USCC_LENGTH, length=len(code))
    if bad := _bad_uscc_chars(code):
        raise AnjuError(ErrorCode.USCC_CHARS, chars=bad)
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise AnjuError(ErrorCode.USCC_CHECKSUM, expected=expected, actual=code[17])
    return code


def make_uscc(body17: str) -> str:
    """Append the check character to 17 USCC characters (for test data)."""
    body = _normalise(body17)
    return body + uscc_check_char(body)


# ---------------------------------------------------------------- bank cards (Luhn)


def _luhn_sum(digits: str) -> int:
    """Luhn sum of ``digits`` where the rightmost digit is *not* doubled."""
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total


def luhn_check_digit(partial: str) -> str:
    """The Luhn digit to append to ``partial`` so that the whole number passes."""
    if not _is_ascii_digits(partial):
        raise AnjuError(ErrorCode.CARD_FORMAT)
    return str(-_luhn_sum(partial + "0") % 10)


def validate_bank_card(value: str) -> str:
    """Validate a bank card number (12–19 digits, Luhn); return the digits without spaces."""
    card = _normalise(value)
    if not 12 <= len(card) <= 19 or not _is_ascii_digits(card):
        raise AnjuError(ErrorCode.CARD_FORMAT)
    if _luhn_sum(card) % 10:
        raise AnjuError(ErrorCode.CARD_CHECKSUM)
    return card
