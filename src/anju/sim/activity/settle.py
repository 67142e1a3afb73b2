"""Bank statements in the synthetic centre (``--activity settle``): on the first day of each month the entrusted
banks' statements of the month before are written from the books with realistic noise (a fee, a late receipt, a
returned payout, a wrong amount), imported, matched, explained and closed day by day (``anju.settle.simbank``).
Both paths call the same services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from anju.auth.actor import cli_actor
from anju.core.dates import add_months, first_day, last_day


@dataclass(frozen=True)
class StatementMonth:
    start: date
    end: date


class SettleActivity:
    name = "settle"
    bulk = True

    def plan(self, plan, mp, rng) -> list[StatementMonth]:
        if mp.month == plan.cfg.start_month:
            return []
        prev = add_months(mp.month, -1)
        return [StatementMonth(first_day(prev), last_day(prev))]

    def run_service(self, ctx, mp, events: list[StatementMonth]) -> None:
        from anju.settle import simbank

        for e in events:
            simbank.ensure_accounts(ctx.engine, opened_on=first_day(ctx.plan.cfg.start_month))
            simbank.run(ctx.engine, cli_actor("sim-finance"), start=e.start, end=e.end, seed=ctx.plan.cfg.seed)

    run_bulk = run_service


ACTIVITY = SettleActivity()
