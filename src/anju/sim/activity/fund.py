"""The fund's own income in the synthetic centre: interest the entrusted banks pay on the fund's deposits.

Banks pay interest on the housing-fund deposit accounts quarterly. On the first day of January, April, July and
October each bank's interest for the quarter just ended is recorded through the interest area's fund entries —
accrued (Dr 111 / Cr 40101) and received on the same day (Dr 101xx / Cr 111) — so the books show 业务收入 and
the year-end has a gain to distribute. The amount is the bank sub-account's balance at the end of the quarter ×
the generator's assumed deposit rate × the quarter's days ÷ 360, rounded half-up to the fen. The rate is an
assumption of the generator (like its hiring and leaving rates), not a city policy: the centre's actual rates
come from its contracts with the banks and arrive as bank statements.

Both executor paths call the same service, reading the same books, so they write the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from anju.auth.actor import cli_actor
from anju.core.money import Rounding, round_to
from anju.db.uow import UnitOfWork

BANK_DEPOSIT_RATE = Decimal("0.0135")  # assumed 协定存款 rate of the fund's deposits (per year, 360-day basis)
PAY_MONTHS = (1, 4, 7, 10)  # interest for the quarter before, recorded on the first day of these months


@dataclass(frozen=True)
class QuarterInterest:
    day: date  # the entry date (first day of the new quarter)
    quarter_start: date
    quarter_end: date  # last day of the quarter


class FundActivity:
    name = "fund"
    bulk = True  # through the interest area's service on both paths

    def plan(self, plan, mp, rng) -> list[QuarterInterest]:
        if mp.month % 100 not in PAY_MONTHS:
            return []
        end = mp.day - timedelta(days=1)
        start = date(end.year, end.month - 2, 1)
        return [QuarterInterest(mp.day, start, end)]

    def run_service(self, ctx, mp, events: list[QuarterInterest]) -> None:
        from anju.interest.yearend import record_fund_entry
        from anju.ledger.chart import bank_subaccount
        from anju.ledger.queries import account_balance

        finance = cli_actor("sim-finance")
        for q in events:
            days = (q.quarter_end - q.quarter_start).days + 1
            for bank in ctx.plan.banks:
                with ctx.engine.connect() as conn:
                    balance = account_balance(conn, bank_subaccount("101", bank), as_of=q.quarter_end)
                amount = int(round_to(Decimal(balance) * BANK_DEPOSIT_RATE * days / 360, Rounding.HALF_UP))
                if amount <= 0:
                    continue
                period = q.quarter_end.year * 100 + q.quarter_end.month
                reference = f"SIMLX{period}{bank}"
                with UnitOfWork(ctx.engine) as uow:
                    for kind in ("deposit_interest_accrued", "deposit_interest_received"):
                        record_fund_entry(uow, finance, kind=kind, bank_code=bank, period=period,
                                          entry_date=q.day, amount=amount, reference=reference,
                                          note=f"{q.quarter_start:%Y年%m月}至{q.quarter_end:%m月}存款利息")
                    uow.commit()

    def run_bulk(self, ctx, mp, events: list[QuarterInterest]) -> None:
        self.run_service(ctx, mp, events)


ACTIVITY = FundActivity()
