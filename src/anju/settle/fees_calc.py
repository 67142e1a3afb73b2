"""Bank fees (手续费), pure (hpf-reference-2 §1.2): a fee rule applied to its base, times the assessment factor.

    贷款手续费 = loan interest recovered at the bank × rate × factor      (base ``interest``)
    归集手续费 = 归集额 × rate × factor                                   (base ``amount``)
               or 笔数 × 元/笔 × factor                                   (base ``count``)
    账户管理费 = active 专户 × 元/户年 ÷ 12 × factor, each month          (base ``account_year``)

Each product is rounded half-up to the fen: first the gross (before the factor), then the amount accrued.
Worked example (§1.2): 2,350,000.00 × 3% = 70,500.00; score 86 in band 80–90 → 0.9; accrue 63,450.00.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from anju.bank.codes import FeeBase, FeeType
from anju.core.money import Rounding, round_to

# Where each fee type is expensed (财会字〔1999〕33号): 41102 归集手续费支出, 41103 委托贷款手续费支出, 41104 其他支出.
EXPENSE_ACCOUNT = {FeeType.COLLECT: "41102", FeeType.PAYOUT: "41102", FeeType.LOAN: "41103", FeeType.ACCOUNT: "41104"}
PAYABLE_ACCOUNT = "219"  # 其他应付款: accrued, paid the next month (Dr 219 / Cr 101xx)


@dataclass(frozen=True)
class Fee:
    base_amount: int  # fen, or a count
    gross: int  # fen, before the factor
    factor: Decimal
    amount: int  # fen accrued


def fee(base: str, base_amount: int, *, rate: Decimal | None, unit_fee: int | None, factor: Decimal) -> Fee:
    """The fee of one month for one rule, rounded half-up to the fen (gross, then after the factor)."""
    if base in (FeeBase.INTEREST, FeeBase.AMOUNT):
        gross = round_to(Fraction(base_amount) * Fraction(rate), Rounding.HALF_UP)
    elif base == FeeBase.COUNT:
        gross = base_amount * int(unit_fee)
    elif base == FeeBase.ACCOUNT_YEAR:
        gross = round_to(Fraction(base_amount * int(unit_fee), 12), Rounding.HALF_UP)
    else:
        raise ValueError(f"unknown fee base {base!r}")
    return Fee(base_amount, gross, factor, round_to(Fraction(gross) * Fraction(factor), Rounding.HALF_UP))
