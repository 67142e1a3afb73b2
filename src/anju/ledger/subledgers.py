"""Registry of sub-ledgers (member accounts, loans …) and the control accounts they must agree with."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection

from anju.core.declare import caller_module, declare


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
# Amounts in flight: already in the control account but not yet in the detail (a batch run in progress).
# Each function returns {voucher id: amount posted in the GL but not yet in the detail}.
_PENDING: dict[str, list[Callable[[Connection], dict[int, int]]]] = {}


def register(sub: SubLedger) -> None:
    """Declare a sub-ledger (installed at start-up, see ``anju.core.declare``)."""
    declare(lambda: _REGISTRY.__setitem__(sub.name, sub), module=caller_module())


def register_pending(name: str, fn: Callable[[Connection], dict[int, int]]) -> None:
    """Another area declares money it has posted to the control account but not yet to the detail."""
    declare(lambda: _add_pending(name, fn), module=caller_module())


def _add_pending(name: str, fn: Callable[[Connection], dict[int, int]]) -> None:
    _PENDING.setdefault(name, [])
    if fn not in _PENDING[name]:
        _PENDING[name].append(fn)


def pending(conn: Connection, name: str) -> int:
    return sum(sum(fn(conn).values()) for fn in _PENDING.get(name, []))


def pending_by_voucher(conn: Connection, name: str) -> dict[int, int]:
    out: dict[int, int] = {}
    for fn in _PENDING.get(name, []):
        for vid, amount in fn(conn).items():
            out[vid] = out.get(vid, 0) + amount
    return out


def registered() -> list[SubLedger]:
    """Sub-ledgers are declared by the areas' ``checks`` modules (installed by ``anju.compose.wire``)."""
    return list(_REGISTRY.values())


def controlled_accounts() -> set[str]:
    """Accounts whose balance is the sum of a sub-ledger: only business services may post to them."""
    return {code for sub in registered() for code in sub.control_accounts}
