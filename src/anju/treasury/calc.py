"""Interest of the fund's investments, pure: values in, fen out; every rounding half-up to the fen.

Conventions ([DK] bank practice, the day bases are policy): deposits accrue actual days / ``treasury.day_basis``
(360); bonds actual days / ``treasury.bond_day_basis``. The interest accrued through a day is computed from the
start each time and the month's accrual is the difference, so months never drift from the whole. At maturity a
time deposit or a bond pays its contract interest (principal × rate × months / 12; a bond's face × coupon × months
/ 12, plus face − cost); the difference with what was accrued goes to income. An 协定存款 earns its 基本存款额度
at the base (demand) rate and the excess at the agreed rate, each rounded per day. An early withdrawal earns the
demand rate for the days held."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from anju.core.money import round_half_up


@dataclass(frozen=True)
class Terms:
    kind: str  # codes.Kind value
    principal: int  # fen; a bond's cost
    rate: Decimal  # annual
    start: date
    maturity: date | None = None
    term_months: int | None = None
    face_value: int | None = None  # bonds
    base_amount: int | None = None  # 协定存款
    base_rate: Decimal | None = None


def add_months(d: date, months: int) -> date:
    """The same day ``months`` later (the month's last day where it has fewer days): a deposit's maturity."""
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def simple_interest(principal: int, rate: Decimal, days: int, basis: int) -> int:
    """principal × rate × days / basis, half-up to the fen."""
    return round_half_up(Fraction(principal) * Fraction(rate) * days / basis)


def daily_agreement(t: Terms, basis: int) -> int:
    """One day's interest of an 协定存款: the base part at the base rate and the excess at the agreed rate, each
    rounded to the fen (80,000,000.00 with 5,000,000.00 at 0.10% and the rest at 0.45%: 13.89 + 937.50)."""
    base = min(t.principal, t.base_amount or 0)
    return (simple_interest(base, t.base_rate or Decimal(0), 1, basis)
            + simple_interest(t.principal - base, t.rate, 1, basis))


def days_held(t: Terms, through: date) -> int:
    """Days from the start to ``through`` (not past maturity): the accrual's day count."""
    end = through if t.maturity is None else min(through, t.maturity)
    return max(0, (end - t.start).days)


def accrued_through(t: Terms, through: date, *, basis: int, bond_basis: int) -> int:
    """Interest earned from the start through ``through`` (the accrual's running total)."""
    days = days_held(t, through)
    if t.kind == "agreement":
        return daily_agreement(t, basis) * days
    if t.kind == "bond":
        return simple_interest(t.face_value or t.principal, t.rate, days, bond_basis)
    return simple_interest(t.principal, t.rate, days, basis)


def maturity_interest(t: Terms, on: date, *, basis: int, bond_basis: int) -> int:
    """What the bank or the issuer pays at maturity (or, for 通知/协定 deposits, on withdrawal ``on``): the contract
    interest of a time deposit or a bond held to maturity, else the interest by days."""
    if t.kind in ("time", "bond") and t.term_months and t.maturity is not None and on >= t.maturity:
        amount = t.face_value if t.kind == "bond" and t.face_value else t.principal
        return round_half_up(Fraction(amount) * Fraction(t.rate) * t.term_months / 12)
    return accrued_through(t, on, basis=basis, bond_basis=bond_basis)


def early_interest(t: Terms, on: date, *, demand_rate: Decimal, basis: int) -> int:
    """Interest of a deposit withdrawn before maturity: the demand rate for the days held."""
    return simple_interest(t.principal, demand_rate, max(0, (on - t.start).days), basis)


@dataclass(frozen=True)
class Settlement:
    """The money of a closing: cash received (principal and interest), the principal leaving the holding account,
    the receivable cleared, and the income booked (negative: accrued too much, income reversed)."""

    cash: int
    principal: int
    interest: int
    accrued: int
    income: int


def settle(t: Terms, *, interest: int, accrued: int) -> Settlement:
    """Closing entries' amounts: cash = principal back (a bond: its face) + interest; income = interest − accrued
    (+ a bond's face − cost)."""
    back = t.face_value if t.kind == "bond" and t.face_value else t.principal
    return Settlement(cash=back + interest, principal=t.principal, interest=interest, accrued=accrued,
                      income=interest - accrued + (back - t.principal))


def share(part: int, whole: int) -> Decimal | None:
    return None if whole <= 0 else Decimal(part) / Decimal(whole)
