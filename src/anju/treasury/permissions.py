"""Treasury permissions."""

from __future__ import annotations

from anju.auth.actor import Role, grant


class P:
    PLACE = "treasury.place"  # propose a placement, a maturity, a renewal, an early withdrawal, a 资金调度
    APPROVE = "treasury.approve"  # approve or reject a placement or a 资金调度
    ACCRUE = "treasury.accrue"  # monthly accrual of interest receivable
    READ = "treasury.read"  # register, liquidity, statements


grant(P.PLACE, Role.FINANCE)
grant(P.APPROVE, Role.FINANCE, Role.APPROVER)
grant(P.ACCRUE, Role.FINANCE)
grant(P.READ, Role.FINANCE, Role.AUDITOR, Role.APPROVER)
