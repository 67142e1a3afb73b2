"""Pure loan-servicing rules: penalty interest, how a payment is split (policy order), risk classes, the rate an
existing loan carries after a rate change, prepayment limits. No database, no clock: everything takes ``as_of``
or the policy in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from anju.core.errors import Problem
from anju.core.money import format_yuan, round_half_up
from anju.loan.codes import RiskClass
from anju.loan.errors import LoanError
from anju.loan.schedule import rate_for_term
from anju.policy.store import Policy, PolicyStore


def penalty(amount: int, penalty_rate: Decimal, days: int, day_basis: int) -> int:
    """罚息 on ``amount`` fen for ``days`` days at the yearly ``penalty_rate``: amount × rate × days ÷ basis,
    rounded half-up to the fen (once per accrual span)."""
    if amount <= 0 or days <= 0:
        return 0
    return round_half_up(Fraction(amount) * Fraction(penalty_rate) * days / day_basis)


def broken_interest(principal: int, rate: Decimal, days: int, day_basis: int) -> int:
    """Interest on ``principal`` for ``days`` days (提前还款、结清 between due dates), rounded half-up."""
    if principal <= 0 or days <= 0:
        return 0
    return round_half_up(Fraction(principal) * Fraction(rate) * days / day_basis)


@dataclass(frozen=True)
class Owed:
    """What a loan owes on a day: the overdue parts and the current instalment(s) falling due."""

    penalty: int = 0
    overdue_interest: int = 0
    overdue_principal: int = 0
    interest: int = 0  # current instalment interest not yet paid
    principal: int = 0  # current instalment principal not yet paid

    @property
    def total(self) -> int:
        return self.penalty + self.overdue_interest + self.overdue_principal + self.interest + self.principal

    @property
    def arrears(self) -> int:
        return self.penalty + self.overdue_interest + self.overdue_principal


@dataclass(frozen=True)
class Split:
    """How a payment was applied; ``rest`` is what was left over (nothing was owed for it)."""

    penalty: int = 0
    overdue_interest: int = 0
    overdue_principal: int = 0
    interest: int = 0
    principal: int = 0
    rest: int = 0

    @property
    def applied(self) -> int:
        return self.penalty + self.overdue_interest + self.overdue_principal + self.interest + self.principal

    @property
    def income(self) -> int:
        """Credited to 40103 委托贷款利息收入: interest, overdue interest and penalty."""
        return self.penalty + self.overdue_interest + self.interest


ORDER_NAMES = {"penalty": "penalty", "interest": "overdue_interest", "principal": "overdue_principal"}


def parse_order(text: str) -> tuple[str, ...]:
    """``loan.repayment_order`` ("penalty,interest,principal") as Owed field names."""
    return tuple(ORDER_NAMES[p.strip()] for p in str(text).split(","))


def split(amount: int, owed: Owed, order: tuple[str, ...]) -> Split:
    """Apply ``amount``: the overdue parts in the policy order, then the current interest, then its principal."""
    left = amount
    parts: dict[str, int] = {}
    for name in (*order, "interest", "principal"):
        take = min(left, getattr(owed, name))
        parts[name] = take
        left -= take
    return Split(rest=left, **parts)


def risk_class(overdue_days: int, policy: Policy) -> RiskClass:
    """五级分类 by the days the oldest unpaid instalment is overdue, with the policy's thresholds."""
    for cls, key in ((RiskClass.LOSS, "loss"), (RiskClass.DOUBTFUL, "doubtful"),
                     (RiskClass.SUBSTANDARD, "substandard"), (RiskClass.SPECIAL, "special")):
        if overdue_days >= policy[f"loan.risk_{key}_days"]:
            return cls
    return RiskClass.NORMAL


# A loan of one year or less keeps its contract rate: a change of the statutory rate does not reach it
# (贷款期限在1年以内（含1年）的，实行合同利率，遇法定利率调整不分段计息).
CONTRACT_RATE_MAX_MONTHS = 12


def rate_in_force(store: PolicyStore, *, disbursed_on: date, months: int, second_home: bool, on: date) -> Decimal:
    """The rate a loan carries on ``on``: the rate at disbursement during its first calendar year, afterwards the
    rate in force on January 1 of ``on``'s year (existing loans reprice on the next January 1 after a change).
    A loan of at most ``CONTRACT_RATE_MAX_MONTHS`` months keeps the rate at disbursement throughout."""
    if on.year == disbursed_on.year or on < disbursed_on or months <= CONTRACT_RATE_MAX_MONTHS:
        return rate_for_term(store.at(disbursed_on), months, second_home)
    return rate_for_term(store.at(date(on.year, 1, 1)), months, second_home)


def prepay_problems(policy: Policy, *, amount: int, balance: int, done_this_year: int) -> list[Problem]:
    """部分提前还款 limits from policy: at least the minimum amount, at most N times a calendar year, less than
    the balance (the whole balance is a settlement)."""
    problems = []
    minimum = policy["loan.prepay_min_amount"]
    if amount < minimum:
        problems.append(Problem.of(LoanError.PREPAY_BELOW_MINIMUM, field="amount", minimum=format_yuan(minimum),
                                   amount=format_yuan(amount)))
    if amount >= balance:
        problems.append(Problem.of(LoanError.PREPAY_NOT_BELOW_BALANCE, field="amount", amount=format_yuan(amount),
                                   balance=format_yuan(balance)))
    limit = policy["loan.prepay_max_per_year"]
    if done_this_year >= limit:
        problems.append(Problem.of(LoanError.PREPAY_YEARLY_LIMIT, field="amount", done=done_this_year,
                                   limit=limit))
    return problems
