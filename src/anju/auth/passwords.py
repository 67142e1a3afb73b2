"""Passwords: Argon2id hashes (argon2-cffi), strength rules, temporary passwords.

The default cost is argon2-cffi's (RFC 9106 low-memory profile: t=3, m=64 MiB, p=4). Tests lower it
with :func:`configure`; a stored hash made with other parameters is re-hashed at the next sign-in.
"""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from anju.auth.errors import AuthError
from anju.core.errors import Problem

_hasher = PasswordHasher(type=Type.ID)

# Read without confusion at a counter: no 0/O, 1/l/I.
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def configure(*, time_cost: int, memory_cost: int, parallelism: int) -> None:
    global _hasher
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism,
                             type=Type.ID)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> tuple[bool, bool]:
    """(matches, needs_rehash)."""
    try:
        _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, False
    return True, _hasher.check_needs_rehash(stored_hash)


_DUMMY: str | None = None


def burn_time(password: str) -> None:
    """Verify against a dummy hash so an unknown user name costs as long as a wrong password."""
    global _DUMMY
    if _DUMMY is None:
        _DUMMY = _hasher.hash(secrets.token_hex(8))
    verify_password(_DUMMY, password)


def strength_problems(password: str, *, min_length: int, username: str = "", field: str = "password") -> list[Problem]:
    problems = []
    if len(password) < min_length:
        problems.append(Problem.of(AuthError.PASSWORD_TOO_SHORT, field=field, min_length=min_length))
    kinds = sum([any(c.isdigit() for c in password), any(c.isalpha() for c in password),
                 any(not c.isalnum() for c in password) or (any(c.islower() for c in password)
                                                            and any(c.isupper() for c in password))])
    if kinds < 2:
        problems.append(Problem.of(AuthError.PASSWORD_TOO_SIMPLE, field=field))
    if username and username.lower() in password.lower():
        problems.append(Problem.of(AuthError.PASSWORD_HAS_USERNAME, field=field))
    return problems


def temporary_password(length: int = 12) -> str:
    """A random password for a new user or a reset; it must be changed at the first sign-in."""
    while True:
        pw = "".join(secrets.choice(_ALPHABET) for _ in range(length))
        if any(c.isdigit() for c in pw) and any(c.isalpha() for c in pw):
            return pw
