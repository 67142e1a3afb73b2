"""Registry permissions."""

from __future__ import annotations

from anju.auth.actor import Role, grant


class P:
    EMPLOYER_MANAGE = "registry.employer.manage"
    MEMBER_MANAGE = "registry.member.manage"
    MEMBER_FREEZE = "registry.member.freeze"
    READ = "registry.read"


grant(P.EMPLOYER_MANAGE, Role.CLERK)
grant(P.MEMBER_MANAGE, Role.CLERK, Role.EMPLOYER_AGENT)
grant(P.MEMBER_FREEZE, Role.REVIEWER, Role.APPROVER)
grant(P.READ, Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.LOAN_OFFICER, Role.FINANCE, Role.AUDITOR,
      Role.EMPLOYER_AGENT, Role.MEMBER)
