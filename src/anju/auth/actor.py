"""Who is acting, in which role and through which channel; permissions are checked in services."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from anju.core.errors import ErrorCode, Forbidden


class Role(StrEnum):
    ADMIN = "admin"
    CLERK = "clerk"
    REVIEWER = "reviewer"
    APPROVER = "approver"
    LOAN_OFFICER = "loan_officer"
    FINANCE = "finance"
    AUDITOR = "auditor"
    EMPLOYER_AGENT = "employer_agent"
    MEMBER = "member"
    SYSTEM = "system"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "系统管理员", Role.CLERK: "经办", Role.REVIEWER: "复核", Role.APPROVER: "审批",
    Role.LOAN_OFFICER: "贷款经办", Role.FINANCE: "财务", Role.AUDITOR: "稽核",
    Role.EMPLOYER_AGENT: "单位经办人", Role.MEMBER: "缴存职工", Role.SYSTEM: "系统作业",
}


class Channel(StrEnum):
    """Where a request came from; 离柜率 counts everything that is not the counter."""

    COUNTER = "counter"
    EMPLOYER_PORTAL = "employer_portal"
    MEMBER_PORTAL = "member_portal"
    API = "api"
    BATCH = "batch"
    CLI = "cli"


@dataclass(frozen=True)
class Actor:
    username: str
    roles: frozenset[Role]
    channel: Channel = Channel.CLI
    user_id: int | None = None
    employer_id: int | None = None  # set for employer agents: the only employer they may see
    person_id: int | None = None  # set for members: the only person they may see
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def has(self, role: Role) -> bool:
        return role in self.roles

    @property
    def role_names(self) -> str:
        return ",".join(sorted(r.value for r in self.roles))


SYSTEM = Actor("system", frozenset({Role.SYSTEM}), Channel.BATCH)


def cli_actor(username: str | None = None) -> Actor:
    """The operator at the command line acts as an administrator of the centre's database.

    The name (for maker-checker and the audit trail) is ``ANJU_OPERATOR`` or the login name.
    """
    import getpass
    import os

    name = username or os.environ.get("ANJU_OPERATOR") or getpass.getuser() or "cli"
    return Actor(name, frozenset({Role.ADMIN, Role.SYSTEM}), Channel.CLI)


class Permission(StrEnum):
    LEDGER_POST = "ledger.post"
    LEDGER_REVERSE = "ledger.reverse"
    LEDGER_CLOSE_PERIOD = "ledger.close_period"
    LEDGER_READ = "ledger.read"
    POLICY_MANAGE = "policy.manage"
    POLICY_READ = "policy.read"
    CALENDAR_MANAGE = "calendar.manage"
    AUDIT_READ = "audit.read"


# Role → permissions. Areas extend this table through grant(); SYSTEM and ADMIN hold everything.
ROLE_PERMISSIONS: dict[Role, set[str]] = {role: set() for role in Role}


def grant(permission: str, *roles: Role) -> None:
    for role in roles:
        ROLE_PERMISSIONS[role].add(str(permission))


grant(Permission.LEDGER_POST, Role.FINANCE)
grant(Permission.LEDGER_REVERSE, Role.FINANCE)
grant(Permission.LEDGER_CLOSE_PERIOD, Role.FINANCE)
grant(Permission.LEDGER_READ, Role.FINANCE, Role.AUDITOR, Role.APPROVER)
grant(Permission.POLICY_READ, *[r for r in Role if r not in (Role.MEMBER, Role.EMPLOYER_AGENT)])
grant(Permission.AUDIT_READ, Role.AUDITOR)


def can(actor: Actor, permission: str) -> bool:
    if actor.roles & {Role.ADMIN, Role.SYSTEM}:
        return True
    return any(str(permission) in ROLE_PERMISSIONS[r] for r in actor.roles)


def require(actor: Actor, permission: str) -> None:
    if not can(actor, permission):
        raise Forbidden(ErrorCode.FORBIDDEN, action=str(permission))
