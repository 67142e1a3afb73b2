"""Portal users and the registry: link a user to an employer by 单位账号 or to a person by identity number.

The auth area keeps users with a bare ``employer_id`` / ``person_id``; this module resolves the numbers a
clerk or an administrator actually has (单位账号, 身份证号码) and calls the auth service, so every link is
checked and audited in one place (admin page, ``anju user link``, the demo logins).
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from anju.auth import service as auth
from anju.auth.actor import Actor, Role
from anju.core.errors import ErrorCode, NotFound, Problem, ValidationFailed
from anju.db.uow import UnitOfWork
from anju.registry.codes import AccountStatus
from anju.registry.errors import RegistryError
from anju.registry.tables import account, employer, person


def resolve(conn: Connection, *, employer_no: str | None = None,
            id_number: str | None = None) -> tuple[int | None, int | None]:
    """(employer_id, person_id) for a 单位账号 and/or an identity number; every miss reported at once."""
    problems, employer_id, person_id = [], None, None
    if employer_no and employer_no.strip():
        employer_id = conn.execute(select(employer.c.id).where(employer.c.account_no == employer_no.strip())).scalar()
        if employer_id is None:
            problems.append(Problem.of(RegistryError.EMPLOYER_NO_UNKNOWN, field="employer_no",
                                       employer_no=employer_no.strip()))
    if id_number and id_number.strip():
        person_id = conn.execute(select(person.c.id).where(person.c.id_number == id_number.strip().upper())).scalar()
        if person_id is None:
            problems.append(Problem.of(RegistryError.ID_NUMBER_NO_MEMBER, field="id_number"))
    if problems:
        raise ValidationFailed(problems, summary="关联对象不存在")
    return employer_id, person_id


def link_user(uow: UnitOfWork, actor: Actor, *, username: str, employer_no: str | None = None,
              id_number: str | None = None, display_name: str | None = None):
    """Point an employer agent at an employer, or a member at a person (the user's roles stay as they are);
    ``display_name`` renames the user at the same time (the demo logins take the name of what they see)."""
    user = auth.find_user(uow.conn, username)
    if user is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="用户", key=username)
    employer_id, person_id = resolve(uow.conn, employer_no=employer_no, id_number=id_number)
    if employer_id is None and person_id is None:
        raise ValidationFailed([Problem.of(RegistryError.PORTAL_KEY_REQUIRED, field="employer_no")])
    return auth.update_user(uow, actor, user_id=user.id, display_name=display_name or user.display_name,
                            roles=user.roles,
                            employer_id=employer_id if Role.EMPLOYER_AGENT in user.roles else user.employer_id,
                            person_id=person_id if Role.MEMBER in user.roles else user.person_id)


def holder_names(conn: Connection, *, employer_no: str | None = None,
                 id_number: str | None = None) -> tuple[str | None, str | None]:
    """(the employer's 经办人 name, the person's name) for a 单位账号 and an identity number (None when unknown)."""
    agent = conn.execute(select(employer.c.agent_name).where(employer.c.account_no == employer_no)).scalar() \
        if employer_no else None
    name = conn.execute(select(person.c.name).where(person.c.id_number == id_number)).scalar() if id_number else None
    return agent, name


def demo_targets(conn: Connection) -> tuple[str | None, str | None]:
    """(单位账号, 身份证号码) fit for the demo portal users: the employer with the most contributing members
    and its first contributing member; (None, None) when the registry is empty."""
    from sqlalchemy import func

    top = conn.execute(select(account.c.employer_id, func.count().label("n"))
                       .where(account.c.status == AccountStatus.NORMAL.value, account.c.employer_id.is_not(None))
                       .group_by(account.c.employer_id).order_by(func.count().desc(), account.c.employer_id)
                       .limit(1)).first()
    if top is None:
        return None, None
    employer_no = conn.execute(select(employer.c.account_no).where(employer.c.id == top.employer_id)).scalar()
    id_number = conn.execute(select(person.c.id_number).join(account, account.c.person_id == person.c.id)
                             .where(account.c.employer_id == top.employer_id,
                                    account.c.status == AccountStatus.NORMAL.value)
                             .order_by(account.c.id).limit(1)).scalar()
    return employer_no, id_number
