"""Report permissions: managers and finance read statistics; finance writes report texts and targets."""

from __future__ import annotations

from anju.auth.actor import Role, grant


class P:
    READ = "report.read"
    WRITE = "report.write"
    EXPORT = "report.export"


grant(P.READ, Role.FINANCE, Role.AUDITOR, Role.APPROVER, Role.REVIEWER, Role.LOAN_OFFICER)
grant(P.WRITE, Role.FINANCE)
grant(P.EXPORT, Role.FINANCE, Role.AUDITOR)
