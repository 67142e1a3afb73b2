"""Data scoping: an employer agent sees only its employer, a member only their own account."""

from __future__ import annotations

from anju.auth.actor import Actor, Role
from anju.core.errors import ErrorCode, Forbidden

OUTSIDE = frozenset({Role.EMPLOYER_AGENT, Role.MEMBER})


def is_staff(actor: Actor) -> bool:
    """Staff (and system jobs) hold at least one role other than employer agent and member."""
    return bool(actor.roles - OUTSIDE)


def scope_employer(actor: Actor, employer_id: int | None) -> None:
    if is_staff(actor):
        return
    if Role.EMPLOYER_AGENT in actor.roles and actor.employer_id is not None and actor.employer_id == employer_id:
        return
    raise Forbidden(ErrorCode.FORBIDDEN, action="访问其他单位的数据")


def scope_person(actor: Actor, person_id: int, employer_id: int | None) -> None:
    if is_staff(actor):
        return
    if Role.MEMBER in actor.roles and actor.person_id is not None and actor.person_id == person_id:
        return
    if Role.EMPLOYER_AGENT in actor.roles and actor.employer_id is not None and actor.employer_id == employer_id:
        return
    raise Forbidden(ErrorCode.FORBIDDEN, action="访问他人的账户")
