"""Helpers shared by every area's CLI commands: engine, JSON output, error reporting."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import wraps
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from anju.core.canon import dumps
from anju.core.errors import AnjuError, ErrorCode, Problem, ValidationFailed

console = Console()
err_console = Console(stderr=True)


def get_engine():
    from anju.bootstrap import engine_from_settings, prepare

    engine = engine_from_settings()
    prepare(engine)
    return engine


def print_json(value) -> None:
    sys.stdout.write(json.dumps(json.loads(dumps(value)), ensure_ascii=False, indent=2) + "\n")


def fail(message: str, *, code: int = 1, as_json: bool = False, extra: dict | None = None) -> None:
    if as_json:
        print_json({"ok": False, "error": message, **(extra or {})})
    else:
        err_console.print(f"[bold red]错误：[/]{message}")
    raise typer.Exit(code)


def handles_errors(fn: Callable) -> Callable:
    """Turn business errors into a Chinese message (or JSON) and a non-zero exit code."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        as_json = bool(kwargs.get("as_json"))
        try:
            return fn(*args, **kwargs)
        except ValidationFailed as exc:
            problems = [str(p) for p in exc.problems]
            if as_json:
                fail(exc.message, as_json=True, extra={"code": exc.code.value, "problems": problems})
            err_console.print(f"[bold red]错误：[/]{exc.message}")
            for p in problems:
                err_console.print(f"  • {p}")
            raise typer.Exit(1) from None
        except AnjuError as exc:
            fail(exc.message, as_json=as_json, extra={"code": exc.code.value})

    return wrapper


def parse_date_option(value: str | None, *, default: date | None = None) -> date:
    from anju.core.dates import parse_date

    if value is None:
        return default or business_today()
    return parse_date(value)


def business_today() -> date:
    """The centre's business date (``anju.core.clock``, in the centre file's time zone)."""
    from anju.core import clock

    return clock.today()


@contextmanager
def progress(description: str, total: int | None):
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n=1: bar.advance(task, n)


def parse_percent_option(value: str) -> Decimal:
    """Read a percent typed on the command line exactly: ``"2.60"`` or ``"2.60%"`` → ``Decimal("0.0260")``."""
    text = value.strip().replace("％", "%").removesuffix("%").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise AnjuError(ErrorCode.OPTION_PERCENT, value=value)
    return number.scaleb(-2)


def parse_int_option(value: str) -> int:
    text = value.strip()
    if not text.lstrip("+-").isdigit():
        raise AnjuError(ErrorCode.OPTION_INT, value=value)
    return int(text)


class Inputs:
    """Reads command-line values, collecting every unreadable one (with its Chinese label) before any work."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def read(self, label: str, parse: Callable[[str], Any], value: str | None) -> Any:
        """``parse(value)``, or None when ``value`` is None or unreadable (the problem is kept)."""
        if value is None:
            return None
        try:
            return parse(value)
        except AnjuError as exc:
            self.problems.append(Problem.from_error(exc, field=label))
            return None

    def check(self) -> None:
        """Raise every problem found so far at once."""
        if self.problems:
            raise ValidationFailed(self.problems, summary=f"输入有误：共{len(self.problems)}处错误")


# ------------------------------------------------------------------------------------------------ who is at the keyboard

PASSWORD_ENV = "ANJU_PASSWORD"
TOKEN_ENV = "ANJU_TOKEN"


@dataclass
class SignIn:
    """What the root options (``anju --user NAME [--password-file F | --token-file F]``) named."""

    user: str | None = None
    password_file: Path | None = None
    token_file: Path | None = None


_sign_in = SignIn()
_signed: list = []  # the actor once signed in, for the rest of this command


def set_sign_in(*, user: str | None, password_file: Path | None, token_file: Path | None) -> None:
    global _sign_in
    _sign_in = SignIn(user, password_file, token_file)
    _signed.clear()


SYSTEM_NAME = "system"


def system_actor(job: str):
    """The centre itself at the command line, for set-up, maintenance and scheduled jobs (migrate, init, demo,
    users, 入账/结息/计提/转逾期 runs): role SYSTEM, named ``system:<job>`` in the audit trail, whoever typed it.
    Never for a command that records a person's business act (a clerk's, a reviewer's, finance's): those sign in
    (:func:`signed_in`). Which command is which is declared in ``tests/platform/test_cli.py`` (``OPERATORS``)."""
    from anju.auth.actor import Actor, Channel, Role

    return Actor(f"{SYSTEM_NAME}:{job}", frozenset({Role.SYSTEM}), Channel.CLI)


def signed_in(engine):
    """The operator of a command that records a person's business act (a clerk opening an account or accepting a
    loan application, a policy change, and every maker-checker step: approve, decide, confirm, post money): a
    real user with that user's roles, signed in like at the web (``auth.service.authenticate``: wrong passwords count towards the
    lockout). ``--user NAME`` with the password from ``--password-file``, ``ANJU_PASSWORD`` or a prompt; or an
    API key (``--token-file`` / ``ANJU_TOKEN``), which acts with the key's roles."""
    if not _signed:
        _signed.append(_sign_in_now(engine))
    return _signed[0]


def _sign_in_now(engine):
    import os

    from anju.auth import service as auth
    from anju.auth.actor import Channel
    from anju.core import clock
    from anju.core.errors import Unauthorized
    from anju.db import UnitOfWork

    token = _read(_sign_in.token_file) if _sign_in.token_file else os.environ.get(TOKEN_ENV)
    if token and not _sign_in.user:
        with engine.connect() as conn:
            key = auth.authenticate_api_key(conn, raw=token, now=clock.utcnow())
        if key is None:
            raise Unauthorized(ErrorCode.AUTH_API_KEY)
        return replace(key.actor(), channel=Channel.CLI)
    if not _sign_in.user:
        raise Unauthorized(ErrorCode.AUTH_REQUIRED)
    if _sign_in.password_file:
        password = _read(_sign_in.password_file)
    else:
        password = os.environ.get(PASSWORD_ENV) or typer.prompt(f"{_sign_in.user}的密码", hide_input=True,
                                                                err=True)
    with UnitOfWork(engine) as uow:
        outcome = auth.authenticate(uow, username=_sign_in.user, password=password, as_of=clock.today())
        uow.commit()  # a failure is counted (and may lock the account) in every case
    if outcome.error is not None:
        raise outcome.error
    assert outcome.user is not None
    if outcome.user.must_change_password:
        raise Unauthorized(ErrorCode.AUTH_PASSWORD, detail="请先在网页上修改初始密码，再在命令行签名")
    return outcome.user.actor(Channel.CLI)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip()
