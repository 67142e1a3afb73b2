"""Repayment schedules (还款计划) of housing loans in int fen: 等额本息, 等额本金, re-scheduling, prepayment.

Conventions (the loan area and every test rely on them):

- r = annual rate ÷ 12, exact (``Fraction``); no float anywhere.
- Each month's interest is ``round_half_up(balance × r)`` on the balance outstanding before the instalment.
- 等额本息: the level payment P·r·(1+r)^n / ((1+r)^n − 1) is computed exactly and rounded half-up once;
  principal_k = payment − interest_k.
- 等额本金: principal_k = round_half_up(P ÷ n); payment_k = principal_k + interest_k.
- The last instalment repays whatever balance is left (principal_n = balance), so Σ principal == P exactly
  and the balance ends at 0; its interest is rounded like any other month's.
- Optional first-period interest by actual days (首期按实际天数计息): interest_1 =
  round_half_up(P × annual rate × days ÷ day basis), days from disbursement to the first due date. Only the
  interest of period 1 changes: its principal stays what the method gives (for 等额本息 the level payment
  minus a normal month's interest), so the balances, and every later period, are those of the plain schedule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING

from anju.core.dates import add_months, first_day, last_day, month_of
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.core.money import MAX_FEN, format_yuan, round_half_up
from anju.loan.errors import LoanError

if TYPE_CHECKING:
    from anju.policy.store import Policy

#: 30 years, the national maximum term; a centre's own cap is the policy value ``loan.max_term_months``.
MAX_TERM_MONTHS = 360
#: Terms up to 60 months take the "五年以下（含五年）" rate.
SHORT_TERM_MONTHS = 60
DAY_BASES = (360, 365)


class Method(StrEnum):
    """还款方式 (JGJ/T 320 DKHKFS); the value is the standard's code."""

    EQUAL_INSTALLMENT = "01"  # 等额本息
    EQUAL_PRINCIPAL = "02"  # 等额本金

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def cli_name(self) -> str:
        return _CLI_NAMES[self]

    @classmethod
    def parse(cls, text: str) -> Method:
        """``"01"``, ``"equal-installment"`` or ``"等额本息"`` (and the same for 等额本金)."""
        key = str(text).strip()
        for method in cls:
            if key in (method.value, method.cli_name, method.label):
                return method
        names = "、".join(f"{m.cli_name}（{m.label}）" for m in cls)
        raise AnjuError(LoanError.METHOD_UNKNOWN, text=text, names=names)


_LABELS = {Method.EQUAL_INSTALLMENT: "等额本息", Method.EQUAL_PRINCIPAL: "等额本金"}
_CLI_NAMES = {Method.EQUAL_INSTALLMENT: "equal-installment", Method.EQUAL_PRINCIPAL: "equal-principal"}


@dataclass(frozen=True)
class Instalment:
    """One row of a 还款计划表: 期次 (DQQC), 还款日, 月供, 本金, 利息, and the balance after it."""

    period: int
    due_date: date | None
    payment: int
    principal: int
    interest: int
    balance: int


@dataclass(frozen=True)
class Schedule:
    """A repayment schedule of ``principal`` fen over ``months`` instalments (期数, DKQS)."""

    method: Method
    principal: int
    annual_rate: Decimal
    months: int
    instalments: tuple[Instalment, ...]

    @property
    def total_payment(self) -> int:
        return sum(i.payment for i in self.instalments)

    @property
    def total_interest(self) -> int:
        return sum(i.interest for i in self.instalments)

    @property
    def total_principal(self) -> int:
        return sum(i.principal for i in self.instalments)


@dataclass(frozen=True)
class PrepaymentOptions:
    """The two ways to continue after a partial prepayment (部分提前还款), beside the plan without it."""

    prepay_amount: int
    current: Schedule  # the remaining plan had nothing been prepaid
    reduce_instalment: Schedule  # 期限不变、减少月供
    shorten_term: Schedule  # 月供不变（或不增）、缩短期限


# ---------------------------------------------------------------- amounts


def monthly_rate(annual_rate: Decimal) -> Fraction:
    """The monthly rate r = annual rate ÷ 12, exact."""
    return Fraction(annual_rate) / 12


def level_payment(principal: int, months: int, annual_rate: Decimal) -> int:
    """等额本息 monthly payment P·r·(1+r)^n / ((1+r)^n − 1), exact, rounded half-up to the fen (r = 0: P ÷ n)."""
    return _level_payment(principal, months, monthly_rate(annual_rate))


def _level_payment(principal: int, months: int, r: Fraction) -> int:
    if r == 0:
        return round_half_up(Fraction(principal, months))
    growth = (1 + r) ** months
    return round_half_up(principal * r * growth / (growth - 1))


def level_principal(principal: int, months: int) -> int:
    """等额本金 monthly principal P ÷ n, rounded half-up to the fen."""
    return round_half_up(Fraction(principal, months))


def actual_day_interest(principal: int, annual_rate: Decimal, start: date, end: date, day_basis: int) -> int:
    """Interest on ``principal`` for the days from ``start`` to ``end`` (算头不算尾), rounded half-up."""
    days = (end - start).days
    return round_half_up(principal * Fraction(annual_rate) * days / day_basis)


# ---------------------------------------------------------------- due dates


def due_date(first_due: date, index: int, repayment_day: int) -> date:
    """The due date ``index`` months after ``first_due``, on ``repayment_day`` clamped to the month's end."""
    month = add_months(month_of(first_due), index)
    return first_day(month).replace(day=min(repayment_day, last_day(month).day))


def first_due_date(start: date, repayment_day: int) -> date:
    """The first due date: ``repayment_day`` of the month after the disbursement date ``start``, clamped."""
    return due_date(start.replace(day=1), 1, repayment_day)


# ---------------------------------------------------------------- checks


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _term_problems(principal: int, months: int, annual_rate: Decimal) -> list[Problem]:
    problems = []
    if not _is_int(principal) or not 0 < principal < MAX_FEN:
        shown = format_yuan(principal) if _is_int(principal) else repr(principal)
        problems.append(Problem.of(LoanError.SCHEDULE_PRINCIPAL_INVALID, field="贷款金额", amount=shown))
    if not _is_int(months) or not 1 <= months <= MAX_TERM_MONTHS:
        problems.append(Problem.of(LoanError.SCHEDULE_TERM_INVALID, field="期数", cap=MAX_TERM_MONTHS,
                                   months=months))
    if not isinstance(annual_rate, Decimal) or not annual_rate.is_finite() or not 0 <= annual_rate < 1:
        problems.append(Problem.of(LoanError.SCHEDULE_RATE_INVALID, field="年利率", rate=annual_rate))
    return problems


def _raise_if(problems: list[Problem], summary: str) -> None:
    if problems:
        raise ValidationFailed(problems, summary=f"{summary}：共{len(problems)}处错误")


@dataclass(frozen=True)
class _Dating:
    """How instalments are dated: the first due date and the day-of-month anchor, or no dates at all."""

    first_due: date | None
    repayment_day: int | None

    def at(self, index: int) -> date | None:
        if self.first_due is None or self.repayment_day is None:
            return None
        return due_date(self.first_due, index, self.repayment_day)


def _dating(first_due: date | None, start: date | None, repayment_day: int | None,
            problems: list[Problem]) -> _Dating:
    if repayment_day is not None and (not _is_int(repayment_day) or not 1 <= repayment_day <= 31):
        problems.append(Problem.of(LoanError.REPAY_DAY_OUT_OF_RANGE, field="约定还款日", day=repayment_day))
        return _Dating(None, None)
    if first_due is None and start is None:
        if repayment_day is not None:
            problems.append(Problem.of(LoanError.REPAY_DAY_WITHOUT_DATE, field="约定还款日"))
        return _Dating(None, None)
    if first_due is None:
        assert start is not None
        day = repayment_day if repayment_day is not None else start.day
        return _Dating(first_due_date(start, day), day)
    day = repayment_day if repayment_day is not None else first_due.day
    if due_date(first_due, 0, day) != first_due:
        problems.append(Problem.of(LoanError.FIRST_DUE_NOT_REPAY_DAY, field="首期还款日", first_due=first_due,
                                   day=day))
    if start is not None and start >= first_due:
        problems.append(Problem.of(LoanError.FIRST_DUE_NOT_AFTER_START, field="首期还款日", first_due=first_due,
                                   start=start))
    return _Dating(first_due, day)


# ---------------------------------------------------------------- schedules


def _instalments(principal: int, months: int, r: Fraction, method: Method, *, monthly_principal: int,
                 first_interest: int | None, first_period: int, dating: _Dating) -> tuple[Instalment, ...]:
    """The rows; the last repays the remaining balance. Refuses a plan whose balance would not fall every month."""
    payment = _level_payment(principal, months, r) if method is Method.EQUAL_INSTALLMENT else None
    balance = principal
    rows = []
    for index in range(months):
        month_interest = round_half_up(balance * r)
        if index == months - 1:
            part = balance
        elif payment is not None:
            part = payment - month_interest
        else:
            part = monthly_principal
        if not 0 < part < balance and index < months - 1:
            raise AnjuError(LoanError.PRINCIPAL_TOO_SMALL, principal=format_yuan(principal), months=months)
        interest = first_interest if index == 0 and first_interest is not None else month_interest
        balance -= part
        rows.append(Instalment(first_period + index, dating.at(index), part + interest, part, interest, balance))
    return tuple(rows)


def _schedule(principal: int, months: int, annual_rate: Decimal, method: Method, *, dating: _Dating,
              first_period: int = 1, monthly_principal: int | None = None,
              first_interest: int | None = None) -> Schedule:
    if monthly_principal is None:
        monthly_principal = level_principal(principal, months)
    rows = _instalments(principal, months, monthly_rate(annual_rate), method, monthly_principal=monthly_principal,
                        first_interest=first_interest, first_period=first_period, dating=dating)
    return Schedule(method, principal, annual_rate, months, rows)


def build_schedule(principal: int, annual_rate: Decimal, months: int, method: Method | str, *,
                   first_due: date | None = None, start: date | None = None, repayment_day: int | None = None,
                   first_period_actual_days: bool = False, day_basis: int = 360) -> Schedule:
    """The repayment schedule of a new loan of ``principal`` fen.

    Dating (all optional; without any the instalments carry no due date):

    - ``start`` is the disbursement date (放款日). With ``start`` alone or with ``repayment_day``
      (约定还款日, YDHKR), the first due date is that day of the month after ``start`` (clamped to the
      month's end); ``repayment_day`` defaults to the day of ``start``.
    - ``first_due`` gives the first due date directly; later dates keep its day (or ``repayment_day``, which
      then must be the day of ``first_due``, clamped), each clamped to its month's end.

    ``first_period_actual_days`` charges period 1 the interest of the actual days from ``start`` to the first
    due date on ``day_basis`` (360 or 365) instead of one month's interest; see the module notes.
    Every problem with the inputs is reported at once (:class:`ValidationFailed`).
    """
    method = Method.parse(method) if not isinstance(method, Method) else method
    problems = _term_problems(principal, months, annual_rate)
    dating = _dating(first_due, start, repayment_day, problems)
    if first_period_actual_days:
        if start is None:
            problems.append(Problem.of(LoanError.ACTUAL_DAYS_WITHOUT_START, field="放款日期"))
        if day_basis not in DAY_BASES:
            problems.append(Problem.of(LoanError.DAY_BASIS_INVALID, field="计息天数基数", day_basis=day_basis))
    _raise_if(problems, "还款计划参数有误")
    first_interest = None
    if first_period_actual_days:
        assert start is not None and dating.first_due is not None
        first_interest = actual_day_interest(principal, annual_rate, start, dating.first_due, day_basis)
    return _schedule(principal, months, annual_rate, method, dating=dating, first_interest=first_interest)


def reschedule(balance: int, remaining_months: int, annual_rate: Decimal, method: Method | str, *,
               first_period: int = 1, first_due: date | None = None,
               repayment_day: int | None = None) -> Schedule:
    """A fresh schedule for the outstanding ``balance`` over the ``remaining_months``.

    Used when the rate changes (existing loans reprice on January 1) and after a partial prepayment.
    ``balance`` is the principal outstanding right after the last instalment paid, so no interest has accrued
    on it yet; the new instalments are numbered from ``first_period`` (the next 期次 of the loan) and dated
    from ``first_due`` (keeping ``repayment_day`` when given, so a loan due on the 31st stays on month ends).
    For 等额本金 the monthly principal is recomputed as round_half_up(balance ÷ remaining months).
    """
    method = Method.parse(method) if not isinstance(method, Method) else method
    problems = _term_problems(balance, remaining_months, annual_rate)
    if not _is_int(first_period) or first_period < 1:
        problems.append(Problem.of(LoanError.FIRST_PERIOD_INVALID, field="期次", first_period=first_period))
    dating = _dating(first_due, None, repayment_day, problems)
    _raise_if(problems, "重新计算还款计划的参数有误")
    return _schedule(balance, remaining_months, annual_rate, method, dating=dating, first_period=first_period)


def _shortest_term(balance: int, longest: int, r: Fraction, ceiling: int) -> int:
    """The smallest n in 1..longest whose level payment on ``balance`` is ≤ ``ceiling`` (binary search:
    the level payment falls as the term grows)."""
    low, high = 1, longest
    while low < high:
        middle = (low + high) // 2
        if _level_payment(balance, middle, r) <= ceiling:
            high = middle
        else:
            low = middle + 1
    return low


def prepayment_options(balance: int, remaining_months: int, annual_rate: Decimal, method: Method | str,
                       prepay_amount: int, *, first_period: int = 1, first_due: date | None = None,
                       repayment_day: int | None = None) -> PrepaymentOptions:
    """Both ways to continue after prepaying ``prepay_amount`` of the outstanding ``balance``.

    The prepayment is made on a due date right after that instalment, so it repays principal only.

    - reduce instalment (期限不变): the same ``remaining_months`` on the reduced balance;
    - shorten term (月供不变): for 等额本息 the smallest term whose level payment is not above the current
      one (the current payment being the level payment of ``balance`` over ``remaining_months``); for 等额本金
      the current monthly principal is kept and the term is the number of months it takes to repay (never
      more than ``remaining_months``), the last month repaying the rest.
    Full settlement (prepaying the whole balance) is not a prepayment option and is refused.
    """
    method = Method.parse(method) if not isinstance(method, Method) else method
    current = reschedule(balance, remaining_months, annual_rate, method, first_period=first_period,
                         first_due=first_due, repayment_day=repayment_day)
    if not _is_int(prepay_amount) or not 0 < prepay_amount < balance:
        shown = format_yuan(prepay_amount) if _is_int(prepay_amount) else repr(prepay_amount)
        raise ValidationFailed([Problem.of(LoanError.PREPAY_AMOUNT_INVALID, field="提前还款金额",
                                           balance=format_yuan(balance), amount=shown)],
                               summary="提前还款参数有误")
    rest = balance - prepay_amount
    dating = _dating(first_due, None, repayment_day, [])
    reduced = _schedule(rest, remaining_months, annual_rate, method, dating=dating, first_period=first_period)
    if method is Method.EQUAL_INSTALLMENT:
        r = monthly_rate(annual_rate)
        months = _shortest_term(rest, remaining_months, r, _level_payment(balance, remaining_months, r))
        shortened = _schedule(rest, months, annual_rate, method, dating=dating, first_period=first_period)
    else:
        kept = level_principal(balance, remaining_months)
        # Never longer than now: when P ÷ n was rounded down, the current last month repays a little more
        # than the others, and so may the shortened plan's.
        months = min(-(-rest // kept), remaining_months)
        shortened = _schedule(rest, months, annual_rate, method, dating=dating, first_period=first_period,
                              monthly_principal=kept)
    return PrepaymentOptions(prepay_amount, current, reduced, shortened)


# ---------------------------------------------------------------- rates


def rate_for_term(policy: Policy, months: int, second_home: bool) -> Decimal:
    """The loan rate in force for a term of ``months``: up to 60 months is "五年以下（含五年）"."""
    home = "second" if second_home else "first"
    term = "le5y" if months <= SHORT_TERM_MONTHS else "gt5y"
    return policy[f"loan.rate_{home}_{term}"]
