"""Auth use cases: users and their roles, sign-in with lock-out, server-side sessions, API keys.

Every change is audited. Sign-in returns an outcome instead of raising, so that the failure count and
the audit record of a refused attempt are committed by the caller like any other change.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, DateTime, case, func, insert, literal, null, or_, select, update

from anju.auth import audit
from anju.auth.actor import (
    PORTAL_ROLES,
    Actor,
    Channel,
    Permission,
    Role,
    channel_for,
    require,
)
from anju.auth.errors import AuthError
from anju.auth.passwords import (
    burn_time,
    hash_password,
    strength_problems,
    temporary_password,
    verify_password,
)
from anju.auth.settings import policy_at
from anju.auth.tables import api_key, user_session, users
from anju.auth.witness import digest
from anju.core.canon import sha256_hex
from anju.core.errors import (
    AnjuError,
    Conflict,
    ErrorCode,
    NotFound,
    Problem,
    Unauthorized,
    ValidationFailed,
)
from anju.core.sheets import formula_problems
from anju.db.uow import UnitOfWork

API_KEY_PREFIX = "anju"
SESSION_TOUCH_EVERY = timedelta(seconds=60)  # last_seen is written at most this often


# ---------------------------------------------------------------- roles


def parse_roles(text: str) -> frozenset[Role]:
    return frozenset(Role(r) for r in text.split(",") if r)


def roles_text(roles) -> str:
    return ",".join(sorted(Role(r).value for r in roles))


def role_problems(roles: frozenset[Role], *, employer_id: int | None, person_id: int | None,
                  for_api_key: bool = False) -> list[Problem]:
    """A user is staff, or an employer agent of one employer, or a member who is one person."""
    problems = []
    if not roles:
        problems.append(Problem.of(AuthError.ROLE_REQUIRED, field="roles"))
    if Role.SYSTEM in roles:
        problems.append(Problem.of(AuthError.ROLE_SYSTEM, field="roles"))
    if roles & PORTAL_ROLES and roles - PORTAL_ROLES:
        problems.append(Problem.of(AuthError.ROLE_OUTSIDE_WITH_STAFF, field="roles"))
    if Role.EMPLOYER_AGENT in roles and Role.MEMBER in roles:
        problems.append(Problem.of(AuthError.ROLE_EMPLOYER_WITH_MEMBER, field="roles"))
    if Role.EMPLOYER_AGENT in roles and employer_id is None:
        problems.append(Problem.of(AuthError.ROLE_EMPLOYER_NEEDS_EMPLOYER, field="employer_id"))
    if Role.EMPLOYER_AGENT not in roles and employer_id is not None:
        problems.append(Problem.of(AuthError.ROLE_EMPLOYER_ONLY, field="employer_id"))
    if for_api_key:
        if Role.MEMBER in roles:
            problems.append(Problem.of(AuthError.ROLE_MEMBER_API_KEY, field="roles"))
    else:
        if Role.MEMBER in roles and person_id is None:
            problems.append(Problem.of(AuthError.ROLE_MEMBER_NEEDS_PERSON, field="person_id"))
        if Role.MEMBER not in roles and person_id is not None:
            problems.append(Problem.of(AuthError.ROLE_MEMBER_ONLY, field="person_id"))
    return problems


# ---------------------------------------------------------------- users


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    roles: frozenset[Role]
    employer_id: int | None
    person_id: int | None
    active: bool
    failed_attempts: int
    locked_until: datetime | None
    must_change_password: bool
    password_changed_at: datetime
    created_at: datetime
    last_login_at: datetime | None

    def actor(self, channel: Channel | None = None) -> Actor:
        return Actor(self.username, self.roles, channel or channel_for(self.roles), user_id=self.id,
                     employer_id=self.employer_id, person_id=self.person_id,
                     extra={"display_name": self.display_name})

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now

    def public(self) -> dict:
        """What the audit trail keeps of a user (never the hash)."""
        return {"username": self.username, "display_name": self.display_name, "roles": roles_text(self.roles),
                "employer_id": self.employer_id, "person_id": self.person_id, "active": self.active}


def _user_from_row(r) -> UserInfo:
    return UserInfo(r.id, r.username, r.display_name, parse_roles(r.roles), r.employer_id, r.person_id,
                    bool(r.active), r.failed_attempts, r.locked_until, bool(r.must_change_password),
                    r.password_changed_at, r.created_at, r.last_login_at)


def user_digest(r) -> str:
    """What the audit chain vouches for a user row: who they are, their password hash, roles and scope."""
    return digest(r.username, r.display_name, r.password_hash, r.roles, r.employer_id, r.person_id, bool(r.active))


def _attest_user(uow: UnitOfWork, actor: Actor, user_id: int) -> None:
    row = uow.conn.execute(select(users).where(users.c.id == user_id)).one()
    audit.attest(uow, actor, "user", [(row.username, user_digest(row))])


def get_user(conn: Connection, user_id: int) -> UserInfo:
    row = conn.execute(select(users).where(users.c.id == user_id)).first()
    if row is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="用户", key=user_id)
    return _user_from_row(row)


def find_user(conn: Connection, username: str) -> UserInfo | None:
    row = conn.execute(select(users).where(users.c.username == username)).first()
    return None if row is None else _user_from_row(row)


def list_users(conn: Connection) -> list[UserInfo]:
    return [_user_from_row(r) for r in conn.execute(select(users).order_by(users.c.username))]


def _min_length(conn: Connection, as_of: date) -> int:
    return policy_at(conn, as_of).auth.password_min_length


def _clean_username(username: str) -> tuple[str, list[Problem]]:
    name = (username or "").strip()
    problems = []
    if not (2 <= len(name) <= 64) or not all(c.isalnum() or c in "._-" for c in name):
        problems.append(Problem.of(AuthError.USERNAME_FORMAT, field="username"))
    return name, problems


def _formula_problems(display_name: str) -> list[Problem]:
    """A user's name appears in exports and the audit trail: text a spreadsheet would run is refused."""
    return [Problem(p.message, field="display_name", code=p.code) for p in formula_problems({"姓名": display_name})]


def create_user(uow: UnitOfWork, actor: Actor, *, username: str, display_name: str, roles: frozenset[Role],
                employer_id: int | None = None, person_id: int | None = None, password: str | None = None,
                must_change_password: bool = True, as_of: date) -> tuple[UserInfo, str]:
    """Open a user. Without a password a temporary one is made; it is returned once and never stored."""
    require(actor, Permission.USER_MANAGE)
    conn = uow.conn
    name, problems = _clean_username(username)
    if not (display_name or "").strip():
        problems.append(Problem.of(AuthError.DISPLAY_NAME_REQUIRED, field="display_name"))
    problems += _formula_problems(display_name)
    problems += role_problems(roles, employer_id=employer_id, person_id=person_id)
    if password is not None:
        problems += strength_problems(password, min_length=_min_length(conn, as_of), username=name)
    if problems:
        raise ValidationFailed(problems, summary="用户信息有误")
    if find_user(conn, name) is not None:
        raise Conflict(AuthError.USERNAME_TAKEN, name=name)
    secret = password or temporary_password()
    now = uow.now()
    uid = conn.execute(insert(users).values(
        username=name, display_name=display_name.strip(), password_hash=hash_password(secret),
        roles=roles_text(roles), employer_id=employer_id, person_id=person_id, active=True, failed_attempts=0,
        locked_until=None, password_changed_at=now, must_change_password=must_change_password,
        created_at=now, created_by=actor.username).returning(users.c.id)).scalar_one()
    user = get_user(conn, uid)
    _attest_user(uow, actor, uid)
    audit.record(uow, actor, action="auth.user_create", entity_type="user", entity_id=name, after=user.public())
    return user, secret


def update_user(uow: UnitOfWork, actor: Actor, *, user_id: int, display_name: str, roles: frozenset[Role],
                employer_id: int | None, person_id: int | None) -> UserInfo:
    """Change a user's name, roles or scope; their sessions end so the new roles apply at once."""
    require(actor, Permission.USER_MANAGE)
    conn = uow.conn
    before = get_user(conn, user_id)
    problems = role_problems(roles, employer_id=employer_id, person_id=person_id)
    if not (display_name or "").strip():
        problems.append(Problem.of(AuthError.DISPLAY_NAME_REQUIRED, field="display_name"))
    problems += _formula_problems(display_name)
    if before.username == actor.username and Role.ADMIN in before.roles and Role.ADMIN not in roles:
        problems.append(Problem.of(AuthError.OWN_ADMIN_ROLE, field="roles"))
    if problems:
        raise ValidationFailed(problems, summary="用户信息有误")
    conn.execute(update(users).where(users.c.id == user_id).values(
        display_name=display_name.strip(), roles=roles_text(roles), employer_id=employer_id, person_id=person_id))
    after = get_user(conn, user_id)
    if after.roles != before.roles or after.employer_id != before.employer_id or after.person_id != before.person_id:
        _revoke_all(uow, user_id, reason="roles_changed")
    _attest_user(uow, actor, user_id)
    audit.record(uow, actor, action="auth.user_update", entity_type="user", entity_id=before.username,
                 before=before.public(), after=after.public())
    return after


def reset_password(uow: UnitOfWork, actor: Actor, *, user_id: int) -> str:
    """A new temporary password (shown once), to be changed at the next sign-in; sessions end."""
    require(actor, Permission.USER_MANAGE)
    conn = uow.conn
    user = get_user(conn, user_id)
    secret = temporary_password()
    conn.execute(update(users).where(users.c.id == user_id).values(
        password_hash=hash_password(secret), must_change_password=True, password_changed_at=uow.now(),
        failed_attempts=0, locked_until=None))
    revoked = _revoke_all(uow, user_id, reason="password_reset")
    _attest_user(uow, actor, user_id)
    audit.record(uow, actor, action="auth.password_reset", entity_type="user", entity_id=user.username,
                 after={"sessions_revoked": revoked})
    return secret


def set_active(uow: UnitOfWork, actor: Actor, *, user_id: int, active: bool) -> None:
    """停用 / 启用 a user. Stopping ends their sessions; starting also clears a lock-out."""
    require(actor, Permission.USER_MANAGE)
    conn = uow.conn
    user = get_user(conn, user_id)
    if not active and user.username == actor.username:
        raise AnjuError(AuthError.DISABLE_SELF)
    values = {"active": active}
    if active:
        values.update(failed_attempts=0, locked_until=None)
    conn.execute(update(users).where(users.c.id == user_id).values(**values))
    revoked = 0 if active else _revoke_all(uow, user_id, reason="disabled")
    _attest_user(uow, actor, user_id)
    audit.record(uow, actor, action="auth.user_enable" if active else "auth.user_disable", entity_type="user",
                 entity_id=user.username, before={"active": user.active},
                 after={"active": active, "sessions_revoked": revoked})


def unlock(uow: UnitOfWork, actor: Actor, *, user_id: int) -> None:
    """Lift a lock-out after failed sign-ins before it runs out."""
    require(actor, Permission.USER_MANAGE)
    conn = uow.conn
    user = get_user(conn, user_id)
    conn.execute(update(users).where(users.c.id == user_id).values(failed_attempts=0, locked_until=None))
    audit.record(uow, actor, action="auth.user_unlock", entity_type="user", entity_id=user.username,
                 before={"failed_attempts": user.failed_attempts, "locked_until": user.locked_until},
                 after={"failed_attempts": 0, "locked_until": None})


def revoke_sessions(uow: UnitOfWork, actor: Actor, *, user_id: int) -> int:
    """强制下线: end every open session of a user."""
    require(actor, Permission.USER_MANAGE)
    user = get_user(uow.conn, user_id)
    n = _revoke_all(uow, user_id, reason="admin")
    audit.record(uow, actor, action="auth.sessions_revoke", entity_type="user", entity_id=user.username,
                 after={"sessions_revoked": n})
    return n


def change_password(uow: UnitOfWork, actor: Actor, *, old_password: str, new_password: str, as_of: date,
                    ip: str | None = None, user_agent: str | None = None) -> str:
    """The user changes their own password; every session ends and a fresh one is returned (its token)."""
    conn = uow.conn
    if actor.user_id is None:
        raise AnjuError(AuthError.PASSWORD_CHANGE_NOT_USER)
    row = conn.execute(select(users).where(users.c.id == actor.user_id)).first()
    ok, _ = verify_password(row.password_hash, old_password)
    problems = [] if ok else [Problem.of(AuthError.PASSWORD_WRONG, field="old_password")]
    problems += strength_problems(new_password, min_length=_min_length(conn, as_of), username=row.username,
                                  field="new_password")
    if ok and old_password == new_password:
        problems.append(Problem.of(AuthError.PASSWORD_UNCHANGED, field="new_password"))
    if problems:
        raise ValidationFailed(problems, summary="密码未修改")
    conn.execute(update(users).where(users.c.id == actor.user_id).values(
        password_hash=hash_password(new_password), must_change_password=False, password_changed_at=uow.now()))
    revoked = _revoke_all(uow, actor.user_id, reason="password_changed")
    _attest_user(uow, actor, actor.user_id)
    audit.record(uow, actor, action="auth.password_change", entity_type="user", entity_id=actor.username,
                 after={"sessions_revoked": revoked})
    token, _ = _open_session(uow, actor.user_id, as_of=as_of, ip=ip, user_agent=user_agent)
    return token


# ---------------------------------------------------------------- sign-in and sessions


def token_hash(token: str) -> str:
    return sha256_hex("session", token)


@dataclass(frozen=True)
class LoginOutcome:
    """The caller commits in every case, then uses ``token`` or shows ``error``."""

    token: str | None = None
    user: UserInfo | None = None
    error: AnjuError | None = None

    @property
    def ok(self) -> bool:
        return self.token is not None


def _open_session(uow: UnitOfWork, user_id: int, *, as_of: date, ip: str | None,
                  user_agent: str | None) -> tuple[str, int]:
    now = uow.now()
    max_hours = policy_at(uow.conn, as_of).auth.session_max_hours
    token = secrets.token_urlsafe(32)
    sid = uow.conn.execute(insert(user_session).values(
        token_hash=token_hash(token), user_id=user_id, created_at=now, last_seen_at=now,
        expires_at=now + timedelta(hours=max_hours), ip=(ip or "")[:45] or None,
        user_agent=(user_agent or "")[:200] or None).returning(user_session.c.id)).scalar_one()
    return token, sid


def login(uow: UnitOfWork, *, username: str, password: str, as_of: date, ip: str | None = None,
          user_agent: str | None = None) -> LoginOutcome:
    """Sign in at the web: check the password (:func:`authenticate`) and open a session."""
    checked = authenticate(uow, username=username, password=password, as_of=as_of, ip=ip)
    if checked.error is not None or checked.user is None:
        return checked
    token, sid = _open_session(uow, checked.user.id, as_of=as_of, ip=ip, user_agent=user_agent)
    audit.record(uow, checked.user.actor(), action="auth.login", entity_type="user", entity_id=checked.user.username,
                 after={"session": sid, "ip": ip})
    return LoginOutcome(token=token, user=checked.user)


def authenticate(uow: UnitOfWork, *, username: str, password: str, as_of: date,
                 ip: str | None = None) -> LoginOutcome:
    """Check a password; count failures and lock the account after too many (policy auth.lockout_*). On
    success the outcome carries the user and no token (:func:`login` opens the web session; the command line
    signs a maker-checker command in with it). The caller commits in every case.

    An unknown user, a wrong password and a locked account get one answer (same message, same status), so
    the lock does not reveal that a username exists; the message says that a lock may be the reason and how
    it ends, which is all a legitimate user needs. The failure count is raised by one conditional UPDATE
    (``failed_attempts = failed_attempts + 1`` on a row that is not locked), so parallel attempts on
    PostgreSQL are counted one by one and the account locks after exactly the threshold."""
    conn = uow.conn
    now = uow.now()
    name = (username or "").strip()[:64]
    policy = policy_at(conn, as_of)
    refused = LoginOutcome(error=Unauthorized(ErrorCode.AUTH_BAD_LOGIN, minutes=policy.auth.lockout_minutes))
    user = find_user(conn, name) if name else None
    if user is None:
        burn_time(password)
        audit.record(uow, Actor(name or "-", frozenset(), Channel.COUNTER), action="auth.login_failed",
                     entity_type="user", entity_id=name or None, after={"reason": "unknown_user", "ip": ip})
        return refused
    who = user.actor()
    if user.locked(now):
        burn_time(password)
        audit.record(uow, who, action="auth.login_failed", entity_type="user", entity_id=user.username,
                     after={"reason": "locked", "ip": ip})
        return refused
    ok, needs_rehash = verify_password(_hash_of(conn, user.id), password)
    if not ok:
        _count_failure(uow, user, now=now, threshold=policy.auth.lockout_failures,
                       lock_for=timedelta(minutes=policy.auth.lockout_minutes), ip=ip)
        return refused
    if not user.active:
        audit.record(uow, who, action="auth.login_failed", entity_type="user", entity_id=user.username,
                     after={"reason": "disabled", "ip": ip})
        return LoginOutcome(error=Unauthorized(ErrorCode.AUTH_DISABLED))
    values = {"failed_attempts": 0, "locked_until": None, "last_login_at": now}
    if needs_rehash:
        values["password_hash"] = hash_password(password)
    # Only if no parallel attempt has locked the account meanwhile.
    opened = conn.execute(update(users).where(users.c.id == user.id, _not_locked(now)).values(**values))
    if opened.rowcount != 1:
        audit.record(uow, who, action="auth.login_failed", entity_type="user", entity_id=user.username,
                     after={"reason": "locked", "ip": ip})
        return refused
    if needs_rehash:
        _attest_user(uow, who, user.id)
    return LoginOutcome(user=get_user(conn, user.id))


def _not_locked(now: datetime):
    return or_(users.c.locked_until.is_(None), users.c.locked_until <= now)


def _count_failure(uow: UnitOfWork, user: UserInfo, *, now: datetime, threshold: int, lock_for: timedelta,
                   ip: str | None) -> None:
    """One more failure, counted atomically; the one that reaches the threshold locks the account.

    PostgreSQL makes parallel UPDATEs of the row wait for each other and re-checks the WHERE clause on the row
    as committed, so an attempt that arrives once the account is locked changes nothing and counts as locked."""
    who = user.actor()
    reaches = users.c.failed_attempts + 1 >= threshold
    lock_until = now + lock_for
    row = uow.conn.execute(
        update(users).where(users.c.id == user.id, _not_locked(now))
        .values(failed_attempts=case((reaches, 0), else_=users.c.failed_attempts + 1),
                locked_until=case((reaches, literal(lock_until, DateTime)), else_=null()))
        .returning(users.c.failed_attempts, users.c.locked_until)).first()
    if row is None:  # locked by a parallel attempt since this one read the user
        audit.record(uow, who, action="auth.login_failed", entity_type="user", entity_id=user.username,
                     after={"reason": "locked", "ip": ip})
        return
    failures = threshold if row.locked_until is not None else row.failed_attempts
    audit.record(uow, who, action="auth.login_failed", entity_type="user", entity_id=user.username,
                 after={"reason": "bad_password", "failures": failures, "ip": ip})
    if row.locked_until is not None:
        audit.record(uow, who, action="auth.lock", entity_type="user", entity_id=user.username,
                     after={"locked_until": row.locked_until, "failures": failures})


def _hash_of(conn: Connection, user_id: int) -> str:
    return conn.execute(select(users.c.password_hash).where(users.c.id == user_id)).scalar_one()


def logout(uow: UnitOfWork, actor: Actor, *, session_id: int) -> None:
    uow.conn.execute(update(user_session).where(user_session.c.id == session_id,
                                                user_session.c.revoked_at.is_(None))
                     .values(revoked_at=uow.now(), revoked_reason="logout"))
    audit.record(uow, actor, action="auth.logout", entity_type="user", entity_id=actor.username,
                 after={"session": session_id})


def _revoke_all(uow: UnitOfWork, user_id: int, *, reason: str) -> int:
    result = uow.conn.execute(update(user_session).where(user_session.c.user_id == user_id,
                                                         user_session.c.revoked_at.is_(None))
                              .values(revoked_at=uow.now(), revoked_reason=reason))
    return result.rowcount


@dataclass(frozen=True)
class SessionInfo:
    id: int
    user: UserInfo
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime

    def needs_touch(self, now: datetime) -> bool:
        return now - self.last_seen_at >= SESSION_TOUCH_EVERY


def resolve_session(conn: Connection, *, token: str, now: datetime, as_of: date) -> SessionInfo | None:
    """The live session of a cookie token, or None when it is unknown, revoked, expired or idle too long."""
    if not token:
        return None
    row = conn.execute(select(user_session).where(user_session.c.token_hash == token_hash(token))).first()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    idle = timedelta(minutes=policy_at(conn, as_of).auth.session_idle_minutes)
    if row.last_seen_at + idle <= now:
        return None
    user = get_user(conn, row.user_id)
    if not user.active:
        return None
    return SessionInfo(row.id, user, row.created_at, row.last_seen_at, row.expires_at)


def touch_session(uow: UnitOfWork, *, session_id: int) -> None:
    uow.conn.execute(update(user_session).where(user_session.c.id == session_id)
                     .values(last_seen_at=uow.now()))


def open_sessions(conn: Connection, *, now: datetime) -> dict[int, int]:
    """Open (not revoked, not expired) session counts per user id."""
    rows = conn.execute(select(user_session.c.user_id, func.count())
                        .where(user_session.c.revoked_at.is_(None), user_session.c.expires_at > now)
                        .group_by(user_session.c.user_id))
    return dict(rows.all())


# ---------------------------------------------------------------- API keys


@dataclass(frozen=True)
class ApiKeyInfo:
    id: int
    prefix: str
    name: str
    roles: frozenset[Role]
    employer_id: int | None
    created_at: datetime
    created_by: str
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None

    def live(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    def actor(self) -> Actor:
        return Actor(f"apikey:{self.prefix}", self.roles, Channel.API, employer_id=self.employer_id,
                     extra={"display_name": self.name, "api_key_id": self.id})


def api_key_digest(r) -> str:
    """What the audit chain vouches for an API key row (not when it was last used)."""
    return digest(r.prefix, r.secret_hash, r.name, r.roles, r.employer_id,
                  None if r.expires_at is None else r.expires_at.isoformat(timespec="microseconds"),
                  None if r.revoked_at is None else r.revoked_at.isoformat(timespec="microseconds"))


def _attest_api_key(uow: UnitOfWork, actor: Actor, key_id: int) -> None:
    row = uow.conn.execute(select(api_key).where(api_key.c.id == key_id)).one()
    audit.attest(uow, actor, "api_key", [(row.prefix, api_key_digest(row))])


def _key_from_row(r) -> ApiKeyInfo:
    return ApiKeyInfo(r.id, r.prefix, r.name, parse_roles(r.roles), r.employer_id, r.created_at, r.created_by,
                      r.expires_at, r.revoked_at, r.last_used_at)


def secret_hash(secret: str) -> str:
    # The secret is 256 random bits, so one SHA-256 suffices (nothing to brute-force, unlike a password).
    return sha256_hex("api-key", secret)


def list_api_keys(conn: Connection) -> list[ApiKeyInfo]:
    return [_key_from_row(r) for r in conn.execute(select(api_key).order_by(api_key.c.id))]


def create_api_key(uow: UnitOfWork, actor: Actor, *, name: str, roles: frozenset[Role],
                   employer_id: int | None = None, expires_at: datetime | None = None) -> tuple[ApiKeyInfo, str]:
    """A key for a system (bank, third party). The full key is returned once: anju_<prefix>_<secret>."""
    require(actor, Permission.USER_MANAGE)
    problems = role_problems(roles, employer_id=employer_id, person_id=None, for_api_key=True)
    if not (name or "").strip():
        problems.append(Problem.of(AuthError.API_KEY_NAME_REQUIRED, field="name"))
    if problems:
        raise ValidationFailed(problems, summary="API密钥信息有误")
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    kid = uow.conn.execute(insert(api_key).values(
        prefix=prefix, secret_hash=secret_hash(secret), name=name.strip()[:100], roles=roles_text(roles),
        employer_id=employer_id, created_at=uow.now(), created_by=actor.username, expires_at=expires_at,
    ).returning(api_key.c.id)).scalar_one()
    info = _key_from_row(uow.conn.execute(select(api_key).where(api_key.c.id == kid)).one())
    _attest_api_key(uow, actor, kid)
    audit.record(uow, actor, action="auth.api_key_create", entity_type="api_key", entity_id=prefix,
                 after={"name": info.name, "roles": roles_text(roles), "employer_id": employer_id,
                        "expires_at": expires_at})
    return info, f"{API_KEY_PREFIX}_{prefix}_{secret}"


def revoke_api_key(uow: UnitOfWork, actor: Actor, *, key_id: int) -> None:
    require(actor, Permission.USER_MANAGE)
    row = uow.conn.execute(select(api_key).where(api_key.c.id == key_id)).first()
    if row is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="API密钥", key=key_id)
    if row.revoked_at is None:
        uow.conn.execute(update(api_key).where(api_key.c.id == key_id).values(revoked_at=uow.now()))
        _attest_api_key(uow, actor, key_id)
        audit.record(uow, actor, action="auth.api_key_revoke", entity_type="api_key", entity_id=row.prefix,
                     before={"revoked": False}, after={"revoked": True})


def authenticate_api_key(conn: Connection, *, raw: str, now: datetime) -> ApiKeyInfo | None:
    parts = (raw or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != API_KEY_PREFIX:
        return None
    row = conn.execute(select(api_key).where(api_key.c.prefix == parts[1])).first()
    if row is None or not secrets.compare_digest(row.secret_hash, secret_hash(parts[2])):
        return None
    info = _key_from_row(row)
    return info if info.live(now) else None


def touch_api_key(uow: UnitOfWork, *, key_id: int) -> None:
    uow.conn.execute(update(api_key).where(api_key.c.id == key_id).values(last_used_at=uow.now()))
