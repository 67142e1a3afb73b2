"""The contribution queues on a staff member's home page: lists awaiting 到账确认, confirmed lists not yet posted,
退缴 and 缓缴/降低比例 applications awaiting a decision."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, func, select

from anju.auth.actor import Actor, can, is_staff
from anju.core.worklist import WorkItem
from anju.deposit.codes import DeferralStatus, RefundStatus, RemittanceStatus
from anju.deposit.permissions import P
from anju.deposit.tables import deferral, refund, remittance

QUEUES = [  # (permission, table, status, label, queue)
    (P.PAYMENT_CONFIRM, remittance, RemittanceStatus.PENDING.value, "清册待到账确认", "/deposit/payments"),
    (P.PAYMENT_CONFIRM, remittance, RemittanceStatus.CONFIRMED.value, "已确认待入账", "/deposit/payments"),
    (P.REFUND_DECIDE, refund, RefundStatus.APPLIED.value, "退缴审批", "/deposit/refunds"),
    (P.DEFERRAL_DECIDE, deferral, DeferralStatus.APPLIED.value, "缓缴与降低比例审批", "/deposit/deferrals"),
]


def items(conn: Connection, actor: Actor, *, as_of: date, calendar) -> list[WorkItem]:
    if not is_staff(actor):
        return []
    out = []
    for order, (perm, table, status, label, href) in enumerate(QUEUES):
        if not can(actor, perm):
            continue
        n = conn.execute(select(func.count()).select_from(table).where(table.c.status == status)).scalar_one()
        out.append(WorkItem(label, href, int(n), order=order))
    return out
