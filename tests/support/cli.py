"""Running the `anju` command line against a test database, as an operator would."""

from __future__ import annotations

from typer.testing import CliRunner

from anju.cli import app


def invoke(engine, *args: str, **env: str):
    """``anju ARGS…`` with the engine's database (``env``: more environment, e.g. ANJU_OPERATOR)."""
    environment = {"ANJU_DATABASE_URL": engine.url.render_as_string(hide_password=False), **env}
    return CliRunner().invoke(app, list(args), env=environment, catch_exceptions=False)


PASSWORD = "cli-Operator-2026"


def signed_in_user(engine, username: str, *roles) -> str:
    """A real user with these roles and :data:`PASSWORD` (made once per database), for ``invoke_as``."""
    from anju.auth import service as auth
    from anju.auth.actor import cli_actor
    from anju.core import clock
    from anju.db import UnitOfWork

    with UnitOfWork(engine) as uow:
        if auth.find_user(uow.conn, username) is None:
            auth.create_user(uow, cli_actor("test"), username=username, display_name=f"测试{username}",
                             roles=frozenset(roles), password=PASSWORD, must_change_password=False,
                             as_of=clock.today())
            uow.commit()
    return username


def invoke_as(engine, user: str, *args: str, **env: str):
    """``anju --user USER ARGS…`` signed in with the user's password (``ANJU_PASSWORD``)."""
    return invoke(engine, "--user", user, *args, ANJU_PASSWORD=PASSWORD, **env)
