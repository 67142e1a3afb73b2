"""Stored codes of the treasury area (values never change), with their Chinese labels."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """What the money is placed in."""

    TIME = "time"  # 定期存款
    AGREEMENT = "agreement"  # 协定存款
    NOTICE = "notice"  # 通知存款
    BOND = "bond"  # 国债

    @property
    def label(self) -> str:
        return {"time": "定期存款", "agreement": "协定存款", "notice": "通知存款", "bond": "国债"}[self.value]

    @property
    def is_deposit(self) -> bool:
        return self is not Kind.BOND


class Status(StrEnum):
    """An investment: submitted → placed (approved: the voucher posted) → matured / renewed / withdrawn;
    submitted → rejected."""

    SUBMITTED = "submitted"
    PLACED = "placed"
    REJECTED = "rejected"
    MATURED = "matured"
    RENEWED = "renewed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {"submitted": "待审批", "placed": "存续中", "rejected": "已驳回", "matured": "已到期收回",
                "renewed": "已到期转存", "withdrawn": "已提前支取"}[self.value]


class Rollover(StrEnum):
    """转存方式 at maturity."""

    NONE = "none"  # 到期支取
    PRINCIPAL = "principal"  # 本金转存，利息转活期
    WITH_INTEREST = "with_interest"  # 本息转存

    @property
    def label(self) -> str:
        return {"none": "不转存", "principal": "本金转存", "with_interest": "本息转存"}[self.value]


class TransferStatus(StrEnum):
    """A 资金调度 between two of the centre's accounts: submitted → done (approved and posted) / rejected."""

    SUBMITTED = "submitted"
    DONE = "done"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {"submitted": "待审批", "done": "已划转", "rejected": "已驳回"}[self.value]


# 存期 codes of the bank interface (H: 0=3m 1=6m 2=1y 3=2y 4=3y 5=5y) as months
TERMS = (3, 6, 12, 24, 36, 60)
OPEN_STATUSES = (Status.PLACED.value,)
