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
        return [Problem(f"{field}{format_yuan(base)}元低于下限：{policy.as_of}适用的缴存基数下限为"
                        f"{format_yuan(floor)}元", field=field, row=row)]
    if base > cap:
        return [Problem(f"{field}{format_yuan(base)}元高于上限：{policy.as_of}适用的缴存基数上限为"
                        f"{format_yuan(cap)}元", field=field, row=row)]
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
    return [Problem(f"{field}格式不正确：{text}（手机号码为1开头的11位数字；固定电话须带区号，"
                    f"如0734-8123456，分机号可写在后面，如0734-8123456-801）", field=field, row=row)]


def check_ratios(employer_ratio: Decimal, member_ratio: Decimal, policy: Policy, *, row: int | None = None,
                 employer_field: str = "单位缴存比例", member_field: str = "个人缴存比例") -> list[Problem]:
    problems = []
    for value, lo, hi, fld in ((employer_ratio, policy.deposit.employer_ratio_min,
                                policy.deposit.employer_ratio_max, employer_field),
                               (member_ratio, policy.deposit.member_ratio_min, policy.deposit.member_ratio_max,
                                member_field)):
        if value < lo or value > hi:
            problems.append(Problem(f"{fld}{format_ratio(value)}不在允许范围{format_ratio(lo)}至{format_ratio(hi)}内",
                                    field=fld, row=row))
    return problems


def check_flexible_ratio(total_ratio: Decimal, policy: Policy, *, row: int | None = None) -> list[Problem]:
    lo, hi = policy.deposit.flexible_ratio_min, policy.deposit.flexible_ratio_max
    if total_ratio < lo or total_ratio > hi:
        return [Problem(f"灵活就业人员缴存比例{format_ratio(total_ratio)}不在允许范围{format_ratio(lo)}至"
                        f"{format_ratio(hi)}内", field="缴存比例", row=row)]
    return []


def check_person(id_number: str, name: str, *, as_of: date, sex: str | None = None,
                 birth_date: date | None = None, phone: str = "") -> tuple[ResidentId | None, list[Problem]]:
    """Validate an identity number and cross-check the sex and birth date given with it; the phone number."""
    problems: list[Problem] = []
    rid = None
    try:
        rid = parse_resident_id(id_number, as_of=as_of)
    except AnjuError as exc:
        problems.append(Problem(exc.message, field="证件号码"))
    clean = (name or "").strip()
    if not clean:
        problems.append(Problem("姓名不能为空", field="姓名"))
    elif len(clean) > 30:
        problems.append(Problem("姓名过长", field="姓名"))
    problems += check_phone(phone, field="手机号码")
    problems += formula_problems({"姓名": name})
    if rid is not None:
        if sex is not None and sex != rid.sex:
            problems.append(Problem(f"性别与身份证号码不符（号码显示为{rid.sex_name}）", field="性别"))
        if birth_date is not None and birth_date != rid.birth_date:
            problems.append(Problem(f"出生日期与身份证号码不符（号码显示为{rid.birth_date}）", field="出生日期"))
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
