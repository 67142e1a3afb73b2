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


def register(sub: SubLedger) -> None:
    _REGISTRY[sub.name] = sub


def registered() -> list[SubLedger]:
    """Sub-ledgers are registered by the areas' ``checks`` modules."""
    from anju.areas import area_modules

    area_modules("checks")
    return list(_REGISTRY.values())


def controlled_accounts() -> set[str]:
    """Accounts whose balance is the sum of a sub-ledger: only business services may post to them."""
    return {code for sub in registered() for code in sub.control_accounts}
