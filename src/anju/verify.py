"""`anju verify`: every invariant of the books, checked on any database; areas add their own checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection

from anju.core.declare import declare


@dataclass(frozen=True)
class Violation:
    check: str
    message: str
    records: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Check:
    name: str
    title: str  # Chinese, shown to the operator
    run: Callable[[Connection], Iterable[Violation]]


_CHECKS: dict[str, Check] = {}



def check(name: str, title: str):
    """Decorator declaring a check function ``fn(conn) -> Iterable[Violation]`` (installed at start-up)."""

    def wrap(fn: Callable[[Connection], Iterable[Violation]]):
        declare(lambda: _CHECKS.__setitem__(name, Check(name, title, fn)), module=fn.__module__)
        return fn

    return wrap


def all_checks() -> list[Check]:
    """The areas' checks (their ``checks`` modules, installed at start-up by ``anju.compose.wire``)."""
    return list(_CHECKS.values())


@dataclass
class CheckResult:
    check: Check
    violations: list[Violation]

    @property
    def ok(self) -> bool:
        return not self.violations


def run_all(conn: Connection, *, only: Iterable[str] | None = None, limit: int = 1000,
            extra: Iterable[Check] = ()) -> list[CheckResult]:
    """Run every registered check (or those named in ``only``) and the ``extra`` ones of this run."""
    wanted = set(only) if only else None
    results = []
    conn.info[_MEMO] = {}
    try:
        for chk in [*all_checks(), *extra]:
            if wanted is not None and chk.name not in wanted:
                continue
            found: list[Violation] = []
            for v in chk.run(conn):
                found.append(v)
                if len(found) >= limit:
                    break
            results.append(CheckResult(chk, found))
    finally:
        conn.info.pop(_MEMO, None)
    return results


_MEMO = "anju.verify.memo"


def run_memo(conn: Connection, name: str, compute: Callable[[], object]):
    """A value computed once per ``run_all`` and shared by its checks (e.g. one scan of the vouchers for
    two checks); outside a run it is computed afresh each time."""
    memo = conn.info.get(_MEMO)
    if memo is None:
        return compute()
    if name not in memo:
        memo[name] = compute()
    return memo[name]
