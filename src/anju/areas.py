"""Business areas are discovered, not listed: a sub-package of `anju` that has a `tables`, `params`,
`checks` or `cli` module contributes it. Adding an area therefore edits no central file."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from types import ModuleType

import anju

# Areas listed here come first, in this order (CLI help and table creation read better that way).
PREFERRED_ORDER = ("auth", "org", "bank", "ledger", "policy", "workcal", "registry", "deposit", "interest",
                   "withdrawal", "loan", "loanapp", "audit", "report", "budget", "sim", "web")


@cache
def area_names() -> tuple[str, ...]:
    below = ("core", "db", "indicators")  # packages under the areas, not areas
    found = [m.name for m in pkgutil.iter_modules(anju.__path__) if m.ispkg and m.name not in below]
    return tuple(sorted(found, key=lambda n: (PREFERRED_ORDER.index(n) if n in PREFERRED_ORDER else 99, n)))


def area_modules(kind: str) -> list[ModuleType]:
    """Import ``anju.<area>.<kind>`` for every area that has it."""
    out = []
    for area in area_names():
        name = f"anju.{area}.{kind}"
        if importlib.util.find_spec(name) is not None:
            out.append(importlib.import_module(name))
    return out
