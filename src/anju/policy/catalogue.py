"""The catalogue of policy parameters: every key a centre may set, its kind and its Chinese label.

Each business area declares its own parameters in ``anju/<area>/params.py``; the catalogue imports
them all (see ``anju.areas``), so a policy file is checked against the whole system.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from anju.core.declare import caller_module, declare
from anju.policy.kinds import Kind


@dataclass(frozen=True)
class Param:
    key: str
    kind: Kind
    label: str
    required: bool = True
    jgj: str | None = None  # JGJ/T 320 field code where the standard names one
    note: str = ""


_PARAMS: dict[str, Param] = {}
# Every dotted path that has parameters under it, rebuilt when a parameter is installed (``is_prefix`` runs on every
# attribute step of ``policy.deposit.base_cap``, so per-row rules must not scan the catalogue).
_PREFIXES: set[str] = set()
# Cross-parameter checks: fn(values in force at one date) -> list of Chinese problem texts.
_CHECKS: list[Callable[[Mapping[str, object]], list[str]]] = []


def param(key: str, kind: Kind, label: str, **kw) -> Param:
    """Declare a parameter (installed at start-up by ``anju.compose.wire``, see ``anju.core.declare``)."""
    p = Param(key, kind, label, **kw)
    declare(lambda: _install(p), module=caller_module())
    return p


def _install(p: Param) -> None:
    if p.key in _PARAMS and _PARAMS[p.key] != p:
        raise ValueError(f"policy parameter {p.key} declared twice")
    _PARAMS[p.key] = p
    parts = p.key.split(".")
    _PREFIXES.update(".".join(parts[:i]) for i in range(1, len(parts)))


def cross_check(fn: Callable[[Mapping[str, object]], list[str]]):
    declare(lambda: None if fn in _CHECKS else _CHECKS.append(fn), module=fn.__module__)
    return fn


def params() -> dict[str, Param]:
    return _PARAMS


def cross_checks() -> list[Callable[[Mapping[str, object]], list[str]]]:
    return _CHECKS


def lookup(key: str) -> Param | None:
    return params().get(key)


def is_prefix(path: str) -> bool:
    """True when some parameter key lives under this dotted path (used to walk nested TOML tables)."""
    return path in _PREFIXES
