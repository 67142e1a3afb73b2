"""Helpers shared by every area's CLI commands: engine, JSON output, error reporting."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from functools import wraps

import typer
from rich.console import Console

from anju.core.canon import dumps
from anju.core.errors import AnjuError, ValidationFailed

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
    """Today in the centre's time zone (the interface layer decides the business date)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


@contextmanager
def progress(description: str, total: int | None):
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n=1: bar.advance(task, n)
