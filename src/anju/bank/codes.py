"""Codes the bank area stores (labels in ``labels.py``)."""

from __future__ import annotations

from enum import StrEnum


class AccountPurpose(StrEnum):
    """专户性质 (ZHXZ; 资金性质 01/02/03 of the national data standard where one exists)."""

    COLLECT = "collect"  # 归集户 / 住房公积金存款户 (活期)
    LOAN = "loan"  # 贷款户 / 委托贷款基金户
    SETTLE = "settle"  # 结算户
    GAIN = "gain"  # 增值收益户
    FIXED = "fixed"  # 定期存款户
    NOTICE = "notice"  # 通知存款户


class AccountStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


class AgreementStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


class AgreementService(StrEnum):
    """What a bank is entrusted with."""

    COLLECT = "collect"  # 归集 (汇缴、补缴收款)
    PAYOUT = "payout"  # 提取支付
    LOAN = "loan"  # 委托贷款 (发放、扣款)
    SETTLE = "settle"  # 资金结算 (对账、直联)
    DEPOSIT = "deposit"  # 资金存放 (定期、通知)


class FeeType(StrEnum):
    COLLECT = "collect"  # 归集手续费 (41102)
    LOAN = "loan"  # 委托贷款手续费 (41103)
    PAYOUT = "payout"  # 提取手续费 (41102)
    ACCOUNT = "account"  # 账户管理费 (41102)


class FeeBase(StrEnum):
    INTEREST = "interest"  # loan interest recovered at the bank in the month × rate
    AMOUNT = "amount"  # amount of the business × rate
    COUNT = "count"  # transactions × unit fee
    ACCOUNT_YEAR = "account_year"  # active 专户 × unit fee per year (accrued monthly, 1/12)


class FileKind(StrEnum):
    """Kinds of files exchanged with a bank; each has a default layout (anju.bank.files.DEFAULTS)."""

    PAYOUT = "payout"  # 提取付款文件 (sent)
    PAYOUT_RESULT = "payout_result"  # 付款回盘文件 (received)
    DEDUCTION = "deduction"  # 贷款扣款文件 (sent)
    DEDUCTION_RESULT = "deduction_result"  # 扣款回盘文件 (received)
    DEPOSIT_RECEIPT = "deposit_receipt"  # 汇缴到账文件 (received)
    STATEMENT = "statement"  # 对账单 / 到账通知文件 (received; BDC113 / SBDC100 layout)
