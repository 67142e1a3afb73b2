"""Pure registry rules: monthly amounts, policy windows, identity cross-checks, account numbers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from anju.core.errors import AnjuError, Problem
from anju.core.ids import ResidentId, luhn_check_digit, parse_resident_id
from anju.core.money import Rounding, apply_ratio, format_yuan
from anju.core.sheets import formula_problems
from anju.policy.kinds import format_ratio
from anju.policy.store import Policy
from anju.registry.errors import RegistryError

ROUNDING_UNITS = {"fen": 1, "jiao": 10, "yuan": 100}


@dataclass(frozen=True)
class Terms:
    """Contribution terms of one account: base and both ratios, and the monthly amounts they give."""

    base: int
    employer_ratio: Decimal
    member_ratio: Decimal
    employer_amount: int
    member_amount: int

    @property
    def monthly_total(self) -> int:
        return self.employer_amount + self.member_amount


def monthly_amount(base: int, ratio: Decimal, policy: Policy) -> int:
    """base × ratio with the city's rounding mode and unit (policy deposit.rounding_*)."""
    mode = Rounding(policy["deposit.rounding_mode"])
    unit = ROUNDING_UNITS[policy["deposit.rounding_unit"]]
    return apply_ratio(base, ratio, mode=mode, unit=unit)


def make_terms(base: int, employer_ratio: Decimal, member_ratio: Decimal, policy: Policy) -> Terms:
    return Terms(base, employer_ratio, member_ratio, monthly_amount(base, employer_ratio, policy),
                 monthly_amount(base, member_ratio, policy))


def check_base(base: int, policy: Policy, *, field: str = "缴存基数", row: int | None = None) -> list[Problem]:
    floor, cap = policy.deposit.base_floor, policy.deposit.base_cap
    if base < floor:
        return [Problem.of(RegistryError.BASE_BELOW_FLOOR, field=field, row=row, label=field,
                           base=format_yuan(base), as_of=policy.as_of, floor=format_yuan(floor))]
    if base > cap:
        return [Problem.of(RegistryError.BASE_ABOVE_CAP, field=field, row=row, label=field,
                           base=format_yuan(base), as_of=policy.as_of, cap=format_yuan(cap))]
    return []


_MOBILE = re.compile(r"(?:\+86|0086)?[- ]?1[3-9]\d{9}")  # with or without the country code
_LANDLINE = re.compile(r"(0\d{2,3})[- ]?([1-9]\d{6,7})(?:(?:-|转|ext\.?|#)(\d{1,6}))?", re.IGNORECASE)


def normalise_phone(value: str) -> str:
    """Full-width characters folded, spaces around dropped; a landline written 区号-号码[-分机]."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    m = _LANDLINE.fullmatch(text)
    if m and not _MOBILE.fullmatch(text):
        return f"{m[1]}-{m[2]}" + (f"-{m[3]}" if m[3] else "")
    return text


def check_phone(value: str, *, field: str, row: int | None = None) -> list[Problem]:
    """A mobile number (1[3-9] and 9 more digits, optionally after +86 or 0086) or a landline with its area code (0xx or 0xxx, then 7 or 8
    digits), optionally an extension (-, 转 or #, up to 6 digits); empty is allowed (the field is optional)."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    if not text or _MOBILE.fullmatch(text) or _LANDLINE.fullmatch(text):
        return []
    return [Problem.of(RegistryError.PHONE_FORMAT, field=field, row=row, label=field, text=text)]


def check_ratios(employer_ratio: Decimal, member_ratio: Decimal, policy: Policy, *, row: int | None = None,
                 employer_field: str = "单位缴存比例", member_field: str = "个人缴存比例") -> list[Problem]:
    problems = []
    for value, lo, hi, fld in ((employer_ratio, policy.deposit.employer_ratio_min,
                                policy.deposit.employer_ratio_max, employer_field),
                               (member_ratio, policy.deposit.member_ratio_min, policy.deposit.member_ratio_max,
                                member_field)):
        if value < lo or value > hi:
            problems.append(Problem.of(RegistryError.RATIO_OUT_OF_RANGE, field=fld, row=row, label=fld,
                                       value=format_ratio(value), lo=format_ratio(lo), hi=format_ratio(hi)))
    return problems


def check_flexible_ratio(total_ratio: Decimal, policy: Policy, *, row: int | None = None) -> list[Problem]:
    lo, hi = policy.deposit.flexible_ratio_min, policy.deposit.flexible_ratio_max
    if total_ratio < lo or total_ratio > hi:
        return [Problem.of(RegistryError.FLEXIBLE_RATIO_OUT_OF_RANGE, field="缴存比例", row=row,
                           total_ratio=format_ratio(total_ratio), lo=format_ratio(lo),
                           hi=format_ratio(hi))]
    return []


def check_person(id_number: str, name: str, *, as_of: date, sex: str | None = None,
                 birth_date: date | None = None, phone: str = "") -> tuple[ResidentId | None, list[Problem]]:
    """Validate an identity number and cross-check the sex and birth date given with it; the phone number."""
    problems: list[Problem] = []
    rid = None
    try:
        rid = parse_resident_id(id_number, as_of=as_of)
    except AnjuError as exc:
        problems.append(Problem.from_error(exc, field="证件号码"))
    clean = (name or "").strip()
    if not clean:
        problems.append(Problem.of(RegistryError.NAME_EMPTY, field="姓名"))
    elif len(clean) > 30:
        problems.append(Problem.of(RegistryError.NAME_TOO_LONG, field="姓名"))
    problems += check_phone(phone, field="手机号码")
    problems += formula_problems({"姓名": name})
    if rid is not None:
        if sex is not None and sex != rid.sex:
            problems.append(Problem.of(RegistryError.SEX_MISMATCH, field="性别", sex_name=rid.sex_name))
        if birth_date is not None and birth_date != rid.birth_date:
            problems.append(Problem.of(RegistryError.BIRTH_DATE_MISMATCH, field="出生日期",
                                       birth_date=rid.birth_date))
    return rid, problems


def account_number(prefix: str, seq: int, width: int) -> str:
    """Account numbers carry a Luhn check digit so a mistyped number is caught at the counter."""
    body = f"{prefix}{seq:0{width}d}"
    return body + luhn_check_digit(body)


EMPLOYER_NO_PREFIX, EMPLOYER_NO_WIDTH = "8", 8
ACCOUNT_NO_PREFIX, ACCOUNT_NO_WIDTH = "1", 10


def employer_account_no(seq: int) -> str:
    return account_number(EMPLOYER_NO_PREFIX, seq, EMPLOYER_NO_WIDTH)


def member_account_no(seq: int) -> str:
    return account_number(ACCOUNT_NO_PREFIX, seq, ACCOUNT_NO_WIDTH)
