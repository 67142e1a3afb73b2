"""Who is acting, in which role and through which channel; permissions are checked in services."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from anju.core.declare import caller_module, declare
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
    MF_CLERK = "mf_clerk"  # the maintenance fund's staff (anju.maintfund)
    MF_REVIEWER = "mf_reviewer"
    MF_FINANCE = "mf_finance"
    MF_OWNER = "mf_owner"  # read-only portal of one household account (linked in anju.maintfund)
    MF_COMMITTEE = "mf_committee"  # read-only portal of one area (its owners' committee)
    SYSTEM = "system"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "系统管理员", Role.CLERK: "经办", Role.REVIEWER: "复核", Role.APPROVER: "审批",
    Role.LOAN_OFFICER: "贷款经办", Role.FINANCE: "财务", Role.AUDITOR: "稽核",
    Role.EMPLOYER_AGENT: "单位经办人", Role.MEMBER: "缴存职工", Role.SYSTEM: "系统作业",
    Role.MF_CLERK: "维修资金经办", Role.MF_REVIEWER: "维修资金复核", Role.MF_FINANCE: "维修资金财务",
    Role.MF_OWNER: "业主（维修资金查询）", Role.MF_COMMITTEE: "业主委员会（维修资金查询）",
}


class Channel(StrEnum):
    """Where a request came from; 离柜率 counts everything that is not the counter."""

    COUNTER = "counter"
    EMPLOYER_PORTAL = "employer_portal"
    MEMBER_PORTAL = "member_portal"
    API = "api"
    KIOSK = "kiosk"  # 自助终端
    BATCH = "batch"
    CLI = "cli"


CHANNEL_LABELS = {
    Channel.COUNTER: "柜面", Channel.EMPLOYER_PORTAL: "单位网厅", Channel.MEMBER_PORTAL: "个人网厅",
    Channel.API: "接口", Channel.KIOSK: "自助终端", Channel.BATCH: "批量作业", Channel.CLI: "命令行",
}


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

    @property
    def display_name(self) -> str:
        return self.extra.get("display_name") or self.username

    @property
    def channel_label(self) -> str:
        return CHANNEL_LABELS[self.channel]


SYSTEM = Actor("system", frozenset({Role.SYSTEM}), Channel.BATCH)


def cli_actor(username: str | None = None) -> Actor:
    """The system in set-up code run from the command line (bootstrap, the demo centre, the simulator, tests):
    an administrator of the centre's database. The name (for the audit trail) is ``username``, ``ANJU_OPERATOR``
    or the login name. `anju` commands do not use it: they act as a signed-in user
    (``anju.cli_support.signed_in``) or as ``anju.cli_support.system_actor`` (see tests/platform/test_cli.py).
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
    CALENDAR_READ = "calendar.read"
    AUDIT_READ = "audit.read"
    USER_MANAGE = "auth.user_manage"
    IDENTITY_FULL = "identity.full"  # see identity numbers unmasked (counter roles that check papers)
    EMPLOYER_PORTAL = "portal.employer"
    MEMBER_PORTAL = "portal.member"


# Role → permissions. Areas extend this table through grant(); SYSTEM and ADMIN hold everything.
ROLE_PERMISSIONS: dict[Role, set[str]] = {role: set() for role in Role}


def grant(permission: str, *roles: Role) -> None:
    """Declare that these roles hold the permission (installed at start-up, see ``anju.core.declare``)."""
    declare(lambda: _grant(permission, roles), module=caller_module())


def _grant(permission: str, roles: tuple[Role, ...]) -> None:
    for role in roles:
        ROLE_PERMISSIONS[role].add(str(permission))


grant(Permission.LEDGER_POST, Role.FINANCE)
grant(Permission.LEDGER_REVERSE, Role.FINANCE)
grant(Permission.LEDGER_CLOSE_PERIOD, Role.FINANCE)
grant(Permission.LEDGER_READ, Role.FINANCE, Role.AUDITOR, Role.APPROVER)
grant(Permission.POLICY_READ, *[r for r in Role if r not in (Role.MEMBER, Role.EMPLOYER_AGENT, Role.MF_OWNER,
                                                             Role.MF_COMMITTEE)])
grant(Permission.AUDIT_READ, Role.AUDITOR)
grant(Permission.CALENDAR_READ, *[r for r in Role if r not in (Role.MEMBER, Role.EMPLOYER_AGENT, Role.MF_OWNER,
                                                               Role.MF_COMMITTEE)])
grant(Permission.IDENTITY_FULL, Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.LOAN_OFFICER)
grant(Permission.EMPLOYER_PORTAL, Role.EMPLOYER_AGENT)
grant(Permission.MEMBER_PORTAL, Role.MEMBER)

# Staff work inside the centre; the two portal roles only ever see their own employer / person.
PORTAL_ROLES = frozenset({Role.EMPLOYER_AGENT, Role.MEMBER, Role.MF_OWNER, Role.MF_COMMITTEE})
STAFF_ROLES = frozenset(Role) - PORTAL_ROLES - {Role.SYSTEM}


def can(actor: Actor, permission: str) -> bool:
    if actor.roles & {Role.ADMIN, Role.SYSTEM}:
        return True
    return any(str(permission) in ROLE_PERMISSIONS[r] for r in actor.roles)


def require(actor: Actor, permission: str) -> None:
    if not can(actor, permission):
        from anju.core import labels

        raise Forbidden(ErrorCode.FORBIDDEN, action=labels.permission(permission), permission=str(permission))


def is_staff(actor: Actor) -> bool:
    return bool(actor.roles - PORTAL_ROLES)


def channel_for(roles: frozenset[Role]) -> Channel:
    """The channel of a person's web session: the portal of a portal role, the counter for staff."""
    if roles and roles <= {Role.EMPLOYER_AGENT}:
        return Channel.EMPLOYER_PORTAL
    if roles and (roles <= {Role.MEMBER} or roles <= {Role.MF_OWNER, Role.MF_COMMITTEE}):
        return Channel.MEMBER_PORTAL
    return Channel.COUNTER


def scope_employer(actor: Actor, employer_id: int) -> None:
    """Refuse an employer agent any employer but its own; staff are not scoped, members see no employer."""
    if is_staff(actor):
        return
    if actor.has(Role.EMPLOYER_AGENT) and actor.employer_id is not None and actor.employer_id == employer_id:
        return
    raise Forbidden(ErrorCode.FORBIDDEN, action="查看该单位的数据")


def scope_person(actor: Actor, person_id: int, *, employer_ids: frozenset[int] | None = None) -> None:
    """Refuse a member anyone but themself. An employer agent may see a person only when the caller
    passes the employers that person is (or was) with and the agent's employer is among them."""
    if is_staff(actor):
        return
    if actor.has(Role.MEMBER) and actor.person_id is not None and actor.person_id == person_id:
        return
    if actor.has(Role.EMPLOYER_AGENT) and employer_ids and actor.employer_id in employer_ids:
        return
    raise Forbidden(ErrorCode.FORBIDDEN, action="查看该职工的数据")
