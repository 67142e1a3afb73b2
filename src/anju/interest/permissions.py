"""Interest and fund-finance permissions."""

from __future__ import annotations

from anju.auth.actor import Role, grant


class P:
    SETTLE = "interest.settle"
    FUND_ENTRY = "interest.fund_entry"
    YEAREND = "interest.yearend"
    READ = "interest.read"


grant(P.SETTLE, Role.FINANCE)
grant(P.FUND_ENTRY, Role.FINANCE)
grant(P.YEAREND, Role.FINANCE)
grant(P.READ, Role.FINANCE, Role.AUDITOR, Role.CLERK, Role.APPROVER, Role.REVIEWER)
