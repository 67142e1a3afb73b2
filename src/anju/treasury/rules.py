"""Placement limits, pure: the values after the placement against the policy, every reason at once."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from anju.core.errors import Problem
from anju.core.money import format_yuan
from anju.treasury.errors import TreasuryError


@dataclass(frozen=True)
class Position:
    """The fund before the placement: deposits per bank (all 101 sub-accounts), demand money, 缴存余额 (201)."""

    by_bank: dict[str, int]
    demand: int
    deposits_balance: int


def pct(x: Decimal) -> str:
    return f"{(x * 100).quantize(Decimal('0.01'))}%"


def check_placement(pos: Position, *, bank_code: str | None, bank_label: str, amount: int, moves_bank: bool,
                    is_deposit: bool, max_bank_share: Decimal, min_demand_share: Decimal) -> list[Problem]:
    """A placement of ``amount`` out of demand money: into a deposit at ``bank_code`` (``moves_bank``: from another
    bank's account) or into bonds (leaving 101). Refused when one bank would hold more than its share of the fund's
    deposits, or when demand money would fall below its share of 缴存余额."""
    problems = []
    total = sum(pos.by_bank.values()) - (0 if is_deposit else amount)
    if is_deposit and moves_bank and bank_code is not None and total > 0:  # money staying in its bank: no change
        after = pos.by_bank.get(bank_code, 0) + amount
        share = Decimal(after) / Decimal(total)
        if share > max_bank_share:
            problems.append(Problem.of(TreasuryError.BANK_SHARE, field="受托银行", input="bank_code", bank=bank_label,
                                       share=pct(share), limit=pct(max_bank_share)))
    demand = pos.demand - amount
    if pos.deposits_balance > 0:
        share = Decimal(demand) / Decimal(pos.deposits_balance)
        if share < min_demand_share:
            problems.append(Problem.of(TreasuryError.MIN_LIQUIDITY, field="金额", input="amount",
                                       demand=format_yuan(demand), share=pct(share), limit=pct(min_demand_share)))
    return problems
