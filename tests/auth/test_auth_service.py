"""Users, roles and API keys at the service layer (the web calls these; so will the CLI and batch)."""

from __future__ import annotations

from datetime import date

import pytest

from anju.auth import passwords
from anju.auth import service as auth
from anju.auth.actor import Actor, Channel, Role, channel_for, cli_actor
from anju.auth.errors import AuthError
from anju.core.errors import Forbidden, ValidationFailed
from anju.db import UnitOfWork
from anju.web.logs import mask_ids

AS_OF = date(2026, 3, 2)


class TestRoleRules:
    def test_portal_roles_are_scoped_and_never_mixed_with_staff_roles(self):
        ok = auth.role_problems(frozenset({Role.EMPLOYER_AGENT}), employer_id=3, person_id=None)
        assert ok == []
        assert auth.role_problems(frozenset({Role.EMPLOYER_AGENT}), employer_id=None, person_id=None)
        assert auth.role_problems(frozenset({Role.MEMBER, Role.CLERK}), employer_id=None, person_id=4)
        assert auth.role_problems(frozenset({Role.SYSTEM}), employer_id=None, person_id=None)
        assert auth.role_problems(frozenset(), employer_id=None, person_id=None)
        assert auth.role_problems(frozenset({Role.MEMBER}), employer_id=None, person_id=None, for_api_key=True)

    def test_the_channel_follows_the_roles(self):
        assert channel_for(frozenset({Role.EMPLOYER_AGENT})) is Channel.EMPLOYER_PORTAL
        assert channel_for(frozenset({Role.MEMBER})) is Channel.MEMBER_PORTAL
        assert channel_for(frozenset({Role.CLERK, Role.REVIEWER})) is Channel.COUNTER


class TestPasswords:
    def test_argon2id_hashes_verify_and_reject(self):
        h = passwords.hash_password("Abcdefgh12")
        assert h.startswith("$argon2id$")
        assert passwords.verify_password(h, "Abcdefgh12")[0]
        assert not passwords.verify_password(h, "abcdefgh12")[0]
        assert not passwords.verify_password("garbage", "x")[0]

    def test_strength_rules(self):
        assert passwords.strength_problems("Abcdefgh12", min_length=10) == []
        assert len(passwords.strength_problems("abc", min_length=10)) == 2
        assert passwords.strength_problems("zhangsan-2026", min_length=10, username="zhangsan")

    def test_temporary_passwords_avoid_confusable_characters(self):
        for _ in range(50):
            pw = passwords.temporary_password()
            assert not set(pw) & set("0O1lI") and len(pw) == 12


class TestUserService:
    def test_only_an_admin_manages_users(self, engine):
        clerk = Actor("c", frozenset({Role.CLERK}), Channel.COUNTER)
        with UnitOfWork(engine) as uow, pytest.raises(Forbidden):
            auth.create_user(uow, clerk, username="x1", display_name="x", roles=frozenset({Role.CLERK}), as_of=AS_OF)

    def test_a_given_password_must_be_strong(self, engine):
        with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
            auth.create_user(uow, cli_actor(), username="x1", display_name="x", roles=frozenset({Role.CLERK}),
                             password="short", as_of=AS_OF)
        assert AuthError.PASSWORD_TOO_SHORT in {p.code for p in exc.value.problems}

    def test_login_rehashes_a_password_hashed_at_another_cost(self, engine):
        with UnitOfWork(engine) as uow:
            auth.create_user(uow, cli_actor(), username="old", display_name="旧", roles=frozenset({Role.CLERK}),
                             password="Abcdefgh12", as_of=AS_OF)
            uow.commit()
        passwords.configure(time_cost=2, memory_cost=1024, parallelism=1)
        try:
            with UnitOfWork(engine) as uow:
                assert auth.login(uow, username="old", password="Abcdefgh12", as_of=AS_OF).ok
                uow.commit()
            with engine.connect() as conn:
                from sqlalchemy import select

                from anju.auth.tables import users
                assert "t=2" in conn.execute(select(users.c.password_hash)).scalar_one()
        finally:
            passwords.configure(time_cost=1, memory_cost=1024, parallelism=1)


class TestLogMasking:
    def test_identity_numbers_are_masked_in_log_lines(self):
        line = 'GET /api/v1/tools/resident-id/43040519900517123X?x=1 HTTP/1.1" 200'
        assert mask_ids(line) == 'GET /api/v1/tools/resident-id/430405********123X?x=1 HTTP/1.1" 200'
        assert mask_ids("account 1234567890123456789012") == "account 1234567890123456789012"
