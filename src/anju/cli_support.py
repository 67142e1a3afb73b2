"""Helpers shared by every area's CLI commands: engine, JSON output, error reporting."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import wraps
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
