"""Every indicator of the catalogue, and every breakdown it offers, against the slow reference
(`tests/report/reference.py`) on a simulated centre with every activity, on both databases.

The centre: ~350 members over 15 months (2024-10 … 2025-12) through the real use cases (the service path), with
withdrawals, loans (failed and partial deductions turning overdue) and the fund's bank interest; then, on top,
the business the simulation does not do by itself (see ``extra_business``). Compared for the last full year, a
quarter, a month, a month of the previous year and a from-to range that reaches today (the audit trail, which
离柜率 reads, is stamped with the wall clock).
"""

from __future__ import annotations

from datetime import date

from anju.report import catalogue as cat
from anju.sim.activity import registered
from anju.sim.plan import SimConfig
from anju.sim.run import run
from tests.report.reference import Reference, same

CONFIG = SimConfig(seed=11, members=300, start_month=202410, months=15, activities=tuple(sorted(registered())))
YEAR = 2025

# Indicators the reference cannot compute, with the reason. Empty: every indicator has a second opinion.
NOT_COMPUTED: dict[str, str] = {}

# Indicators that are zero or undefined on the simulated year because the simulation does no such business;
# anything else must show a figure, so that the comparison is not between two zeros.
NOTHING_ON_THE_SIM: dict[str, str] = {
    "deposit.back_pay": "the simulation does no 补缴",
    "loan.written_off": "no write-off",
    "fund.bonds": "the fund holds no bonds",
    "transfer.count": "no transfer to another centre",
    "finance.to_risk_reserve": "no year-end distribution",
    "finance.to_management": "no year-end distribution",
    "finance.to_housing": "no year-end distribution",
    "finance.risk_reserve": "no year-end distribution",
    "finance.risk_reserve_adequacy": "no year-end distribution",
    "registry.accounts_closed": "",
    "service.business_count": "the audit trail is stamped with today's date, not the simulated one",
    "service.offline_rate": "the audit trail is stamped with today's date, not the simulated one",
}


def periods() -> list[cat.Period]:
    return [cat.Period.year(YEAR), cat.Period.quarter(YEAR, 3), cat.Period.month(YEAR * 100 + 6),
            cat.Period.month((YEAR - 1) * 100 + 12), cat.Period.between(date(YEAR, 2, 17), date.today())]


def compare(conn, ref: Reference, period: cat.Period) -> list[str]:
    """Every difference between production and the reference for one period (an empty list when none)."""
    found = []
    for code, ind in cat.catalogue().items():
        if code in NOT_COMPUTED:
            continue
        got, want = cat.value(conn, code, period), ref.value(code, period.start, period.end)
        if not same(got, want):
            found.append(f"{period.label} {code}: production {got}, reference {want}")
        for b in ind.breakdowns:
            # A group with nothing in it may be shown as zero or left out.
            got_by = {k: v for k, v in cat.by(conn, code, period, b.code).items() if v}
            want_by = {k: v for k, v in ref.by(code, period.start, period.end, b.code).items() if v}
            if got_by != want_by:
                found.append(f"{period.label} {code} by {b.code}: production {got_by}, reference {want_by}")
    return found


def test_every_indicator_has_a_reference():
    """A new indicator in the catalogue fails here until the reference computes it (or says why it cannot)."""
    ref_codes = {name[2:].replace("_", ".", 1) for name in dir(Reference) if name.startswith("v_")}
    codes = set(cat.catalogue())
    assert codes - ref_codes - set(NOT_COMPUTED) == set(), "indicators without a reference"
    assert ref_codes - codes == set(), "references of indicators no longer in the catalogue"
    for code, ind in cat.catalogue().items():
        if ind.breakdowns and code not in NOT_COMPUTED:
            assert hasattr(Reference, "b_" + code.replace(".", "_")), f"no reference for the breakdowns of {code}"


def test_every_indicator_equals_the_reference_on_a_simulated_centre(engine):
    run(engine, CONFIG, path="service")
    with engine.connect() as conn:
        ref = Reference(conn)
        found = [d for p in periods() for d in compare(conn, ref, p)]
        # The same figures read inside one snapshot (the shared scans of a report) must not change either.
        with cat.snapshot():
            found += [f"(snapshot) {d}" for p in periods() for d in compare(conn, ref, p)]
        year = cat.Period.year(YEAR)
        empty = sorted(code for code in cat.catalogue() if not ref.value(code, year.start, year.end))
    assert found == []
    assert empty == sorted(NOTHING_ON_THE_SIM)
