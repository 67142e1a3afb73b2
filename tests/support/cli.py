"""Running the `anju` command line against a test database, as an operator would."""

from __future__ import annotations

from typer.testing import CliRunner

from anju.cli import app


def invoke(engine, *args: str, **env: str):
    """``anju ARGS…`` with the engine's database (``env``: more environment, e.g. ANJU_OPERATOR)."""
    environment = {"ANJU_DATABASE_URL": engine.url.render_as_string(hide_password=False), **env}
    return CliRunner().invoke(app, list(args), env=environment, catch_exceptions=False)
