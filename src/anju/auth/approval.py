"""Maker-checker: the person who made a request cannot approve it; large amounts need a second approver."""

from __future__ import annotations

from anju.core.errors import ErrorCode, Forbidden


def ensure_different_person(*, maker: str, checker: str) -> None:
    if maker == checker:
        raise Forbidden(ErrorCode.FORBIDDEN, action="审批本人经办的业务（经办与审批须为不同人员）")


def needs_second_approval(amount: int, threshold: int) -> bool:
    """Amounts strictly above the policy threshold need a second, different approver."""
    return amount > threshold
