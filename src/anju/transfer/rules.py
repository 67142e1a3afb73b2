"""Pure rules of transfers between centres: the sending centre's checks, the letter number, continuity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from anju.core.errors import Problem
from anju.core.money import format_yuan
from anju.transfer.errors import TransferError


@dataclass(frozen=True)
class OutFacts:
    """What the sending centre checks before paying a member over (identity, account, business in progress)."""

    account_no: str
    found: bool
    identity_matches: bool = True
    closed: bool = False
    frozen: bool = False
    contributing: bool = False  # normal status with an employer: the employer must seal it first
    pending_count: int = 0
    pending_amount: int = 0
    live_loan: bool = False


def out_problems(f: OutFacts) -> list[Problem]:
    """Every reason the account cannot be transferred out now (empty: it can)."""
    if not f.found:
        return [Problem.of(TransferError.ACCOUNT_UNKNOWN, field="原住房公积金账号", account_no=f.account_no)]
    out = []
    if not f.identity_matches:
        out.append(Problem.of(TransferError.IDENTITY_MISMATCH, field="证件号码", account_no=f.account_no))
    if f.closed:
        out.append(Problem.of(TransferError.ACCOUNT_CLOSED, field="账户状态"))
    if f.frozen:
        out.append(Problem.of(TransferError.ACCOUNT_FROZEN, field="账户状态"))
    if f.contributing:
        out.append(Problem.of(TransferError.ACCOUNT_ACTIVE, field="账户状态"))
    if f.pending_count:
        out.append(Problem.of(TransferError.WITHDRAWALS_PENDING, field="提取申请", count=f.pending_count,
                              amount=format_yuan(f.pending_amount)))
    if f.live_loan:
        out.append(Problem.of(TransferError.LOAN_OUTSTANDING, field="贷款"))
    return out


def letter_no(centre_code: str, day: date, seq: int) -> str:
    """联系函编号 ConNum: 机构代码 (6) + YYMMDD + a 4-digit sequence of the day."""
    return f"{centre_code[:6]:0>6}{day:%y%m%d}{seq:04d}"


def _prev(month: int) -> int:
    y, m = divmod(month, 100)
    return (y - 1) * 100 + 12 if m == 1 else month - 1


def continuous_before(months: tuple[int, ...] | list[int], through: int | None, n: int = 6) -> bool:
    """缴至月前6个月是否连续缴存: the ``n`` months up to ``through`` were all paid."""
    if through is None:
        return False
    paid, m = set(months), through
    for _ in range(n):
        if m not in paid:
            return False
        m = _prev(m)
    return True
