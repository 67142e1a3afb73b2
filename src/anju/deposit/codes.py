"""Statuses of the contribution area's records, as stored (the values never change), with Chinese labels."""

from __future__ import annotations

from enum import StrEnum


class RemittanceStatus(StrEnum):
    """An 汇缴/补缴 list (清册): pending → confirmed → posted, or cancelled while pending."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    POSTED = "posted"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"pending": "待缴款", "confirmed": "已到账待入账", "posted": "已入账", "cancelled": "已撤销"}[self.value]


# lists whose lines count as declared (a member's month cannot be declared twice)
OPEN_REMITTANCES = (RemittanceStatus.PENDING.value, RemittanceStatus.CONFIRMED.value, RemittanceStatus.POSTED.value)


class RefundStatus(StrEnum):
    """A 退缴 application: applied → posted (approved and posted) or rejected."""

    APPLIED = "applied"
    POSTED = "posted"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {"applied": "待审批", "posted": "已退缴", "rejected": "已驳回"}[self.value]


class DeferralKind(StrEnum):
    DEFER = "defer"  # 缓缴
    REDUCE = "reduce"  # 降低缴存比例

    @property
    def label(self) -> str:
        return {"defer": "缓缴", "reduce": "降低缴存比例"}[self.value]


class DeferralStatus(StrEnum):
    """A 缓缴 / 降低比例 application: applied → approved → ended, or rejected (cancelled: withdrawn)."""

    APPLIED = "applied"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return {"applied": "待审批", "approved": "已批准", "rejected": "已驳回", "cancelled": "已撤回",
                "ended": "已到期"}[self.value]
