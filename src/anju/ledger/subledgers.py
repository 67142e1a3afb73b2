"""Registry of sub-ledgers (member accounts, loans …) and the control accounts they must agree with."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection


@dataclass(frozen=True)
class SubLedger:
    name: str
    title: str
    control_accounts: tuple[str, ...]
    total: Callable[[Connection], int]  # Σ of the detail balances, in the control account's normal direction
    extra: Callable[[Connection], Iterable] | None = field(default=None)

    def extra_checks(self, conn: Connection) -> Iterable:
        return self.extra(conn) if self.extra else ()


_REGISTRY: dict[str, SubLedger] = {}
# Area modules that register a sub-ledger when imported.
SUBLEDGER_MODULES: list[str] = []


def register(sub: SubLedger) -> None:
    _REGISTRY[sub.name] = sub


def registered() -> list[SubLedger]:
    import importlib

    for mod in SUBLEDGER_MODULES:
        importlib.import_module(mod)
    return list(_REGISTRY.values())
