"""People by name, actions and permissions in Chinese: what the auth area gives the pages, on both databases."""

from __future__ import annotations

from datetime import date

import pytest

from anju.auth import queries
from anju.auth import service as auth
from anju.auth.actor import Actor, Channel, Role, cli_actor, require
from anju.core import labels
from anju.core.errors import Forbidden, ValidationFailed
from anju.db import UnitOfWork

AS_OF = date(2026, 3, 2)


def test_logins_are_shown_as_the_names_of_their_users(engine):
    with UnitOfWork(engine) as uow:
        for login, name in (("zhao", "赵敏"), ("qian", "钱多多")):
            auth.create_user(uow, cli_actor(), username=login, display_name=name, roles=frozenset({Role.CLERK}),
                             password="Abcdefgh12", as_of=AS_OF)
        uow.commit()
    with engine.connect() as conn:
        names = queries.display_names(conn, ["zhao", "qian", "system", "", None, "zhao"])
    assert names == {"zhao": "赵敏", "qian": "钱多多"}  # a login with no user (a batch job) is left out


def test_a_user_form_names_its_fields_in_chinese(engine):
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
        auth.create_user(uow, cli_actor(), username="a1", display_name="甲", roles=frozenset({Role.EMPLOYER_AGENT}),
                         password="Abcdefgh12", as_of=AS_OF)
    assert [str(p) for p in exc.value.problems] == ["“单位编号”：单位经办人须指定所属单位"]
    assert exc.value.problems[0].input == "employer_id"


def test_every_audit_action_the_auth_area_writes_is_labelled():
    for action in ("auth.login", "auth.login_failed", "auth.user_create", "approval.approve"):
        assert labels.audit_action(action) != action
    assert labels.entity("user") == "用户"


def test_a_refusal_names_the_permission():
    clerk = Actor("c1", frozenset({Role.CLERK}), Channel.COUNTER)
    with pytest.raises(Forbidden) as exc:
        require(clerk, "auth.user_manage")
    assert exc.value.message == "无权执行此操作：管理用户"
