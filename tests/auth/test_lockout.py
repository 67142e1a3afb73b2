"""Lock-out under parallel sign-ins, on both databases: every failure counts once, the lock comes at the threshold."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlalchemy import select

from anju.auth import service as auth
from anju.auth.actor import Role, cli_actor
from anju.auth.tables import audit_log, users
from anju.core.errors import ErrorCode
from anju.db import UnitOfWork
from anju.policy.store import policy_at

AS_OF = date(2026, 3, 2)


def _audit(engine, action: str) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(audit_log.c.after_json).where(audit_log.c.action == action)
                                 .order_by(audit_log.c.seq)).scalars())


def test_forty_parallel_wrong_passwords_lock_the_account_after_exactly_the_threshold(engine):
    with UnitOfWork(engine) as uow:
        auth.create_user(uow, cli_actor(), username="target", display_name="目标", roles=frozenset({Role.CLERK}),
                         password="Abcdefgh12", as_of=AS_OF)
        threshold = policy_at(uow.conn, AS_OF).auth.lockout_failures
        uow.commit()

    def attempt(i: int):
        with UnitOfWork(engine) as uow:
            outcome = auth.login(uow, username="target", password=f"wrong-{i}", as_of=AS_OF, ip="10.0.0.9")
            uow.commit()
        return outcome

    with ThreadPoolExecutor(max_workers=12) as pool:
        outcomes = list(pool.map(attempt, range(40)))

    assert not any(o.ok for o in outcomes)
    assert {o.error.code for o in outcomes} == {ErrorCode.AUTH_BAD_LOGIN}
    assert len({o.error.message for o in outcomes}) == 1
    with engine.connect() as conn:
        row = conn.execute(select(users.c.failed_attempts, users.c.locked_until)
                           .where(users.c.username == "target")).one()
    assert row.locked_until is not None
    assert len(_audit(engine, "auth.lock")) == 1
    bad = [a for a in _audit(engine, "auth.login_failed") if '"bad_password"' in a]
    assert len(bad) == threshold  # failures 1..threshold counted, every later attempt met the lock
    assert len(_audit(engine, "auth.login_failed")) == 40
    # Even the right password is refused now, with the same answer.
    with UnitOfWork(engine) as uow:
        late = auth.login(uow, username="target", password="Abcdefgh12", as_of=AS_OF)
        uow.commit()
    assert not late.ok and late.error.message == outcomes[0].error.message


def test_unknown_user_locked_user_and_wrong_password_get_the_same_answer(engine):
    with UnitOfWork(engine) as uow:
        auth.create_user(uow, cli_actor(), username="real", display_name="真", roles=frozenset({Role.CLERK}),
                         password="Abcdefgh12", as_of=AS_OF)
        threshold = policy_at(uow.conn, AS_OF).auth.lockout_failures
        uow.commit()
    answers = []
    for name, pw in [("nobody", "x")] + [("real", "wrong")] * (threshold + 1):
        with UnitOfWork(engine) as uow:
            outcome = auth.login(uow, username=name, password=pw, as_of=AS_OF)
            uow.commit()
        answers.append((type(outcome.error).status, outcome.error.code, outcome.error.message))
    assert len(set(answers)) == 1
    status, _, message = answers[0]
    assert status == 401
    assert "用户名或密码不正确" in message and "锁定" in message and "系统管理员解锁" in message
