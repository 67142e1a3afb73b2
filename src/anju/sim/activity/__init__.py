"""Area activities of the synthetic centre: each area adds one module here, never edits the generator.

A module ``anju/sim/activity/<name>.py`` exposes ``ACTIVITY``, an object with:

- ``name``: the name used by ``anju sim --activity <name>`` and ``SimConfig.activities``;
- ``plan(plan, month_plan, rng) -> events``: pure; decides the month's events from the plan's state (member
  indices, employers) with the generator given (seeded per month and activity);
- ``run_service(ctx, month_plan, events)``: carries the events out through the area's real services;
- ``run_bulk(ctx, month_plan, events)``: the same rows for large centres. An activity that cannot write
  identical rows set-based may call its ``run_service`` here (fine for rare events) — or declare
  ``bulk = False``, in which case the bulk path refuses to run it (so a comparison never silently differs).

``ctx`` is the executor's ``Context`` (engine, actors, index → id maps, ``member_account_id(i)``).
Activities run on the registry day after the registry events and before the month's remittances.

Loans (the loan area) plug in the same way with a ``loan.py`` module: e.g. applications from members with
enough contribution months, approvals by a second person, disbursement and monthly repayments — its
events are money movements dated within the month, so they must pass ``anju.registry.guard.check_open``.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import Any, Protocol


class Activity(Protocol):
    name: str
    bulk: bool

    def plan(self, plan: Any, month_plan: Any, rng: Any) -> Any: ...

    def run_service(self, ctx: Any, month_plan: Any, events: Any) -> None: ...

    def run_bulk(self, ctx: Any, month_plan: Any, events: Any) -> None: ...


@cache
def registered() -> dict[str, Activity]:
    found: dict[str, Activity] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        activity = getattr(module, "ACTIVITY", None)
        if activity is not None:
            found[activity.name] = activity
    return found
