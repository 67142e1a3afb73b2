"""The fund's bank-deposit interest in the synthetic centre: quarterly, from the bank sub-accounts' balances."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from anju.indicators import catalogue as cat
from anju.interest.tables import fund_entry
from anju.ledger.chart import bank_subaccount
from anju.ledger.queries import account_balance
from anju.sim.activity.fund import BANK_DEPOSIT_RATE
from anju.sim.plan import SimConfig
from anju.sim.run import run
from anju.verify import run_all


def test_banks_pay_quarterly_interest_on_the_funds_deposits(engine):
    run(engine, SimConfig(seed=3, members=120, employers=3, start_month=202501, months=4, activities=("fund",)),
        path="bulk")
    with engine.connect() as conn:
        entries = conn.execute(select(fund_entry).order_by(fund_entry.c.id)).all()
        assert entries, "interest for the first quarter is recorded on 2025-04-01"
        assert {e.entry_date for e in entries} == {date(2025, 4, 1)}
        for e in entries:
            balance = account_balance(conn, bank_subaccount("101", e.bank_code), as_of=date(2025, 3, 31))
            # second opinion in Decimal: balance × rate × 90 days ÷ 360, half-up to the fen
            expected = (Decimal(balance) * BANK_DEPOSIT_RATE * 90 / 360).quantize(Decimal(1), ROUND_HALF_UP)
            assert e.amount == int(expected) and e.period == 202503
        accrued = sum(e.amount for e in entries if e.kind == "deposit_interest_accrued")
        received = sum(e.amount for e in entries if e.kind == "deposit_interest_received")
        assert accrued == received > 0
        assert account_balance(conn, "111") == 0  # accrued and received the same day
        assert cat.value(conn, "finance.income", cat.Period.year(2025)) == accrued
        assert all(r.ok for r in run_all(conn))
