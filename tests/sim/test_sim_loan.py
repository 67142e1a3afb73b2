"""The synthetic centre with loans: applications through origination (maker-checker), monthly repayment runs
with failed and partial deductions turning overdue with penalty and paid later; `anju verify` passes and the
service and bulk paths write the same books (both databases)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from anju.core.dates import last_day
from anju.ledger.tables import voucher, voucher_line
from anju.loan.tables import loan, loan_instalment, loan_run, loan_txn
from anju.loanapp.tables import loan_application, loan_application_event
from anju.sim import canon
from anju.sim.activity import loan as activity
from anju.sim.context import make_plan
from anju.sim.plan import SimConfig
from anju.sim.run import run
from anju.verify import run_all

# 13 months across the June 30 settlement; loans from the seventh month (six months of contributions)
CFG = SimConfig(seed=3, members=80, employers=3, start_month=202501, months=13, arrears_share=0.0,
                deferral_share=0.0, activities=("loan",))
LOAN_TABLES = ("loan", "loan_instalment", "loan_txn", "loan_run", "loan_run_bank", "loan_deduction",
               "loan_application", "loan_application_event", "housing_property", "property_holding",
               "property_use", "approval_request", "approval_decision")


@pytest.fixture
def busy(monkeypatch):
    """More of everything than a real month, so a small centre shows every case."""
    for name, value in (("APPLY_SHARE", 0.025), ("FAIL_SHARE", 0.1), ("PARTIAL_SHARE", 0.05),
                        ("COMBINED_SHARE", 0.2), ("REFINANCE_SHARE", 0.15), ("REMOTE_SHARE", 0.2),
                        ("OWN_HOME_SHARE", 0.3)):
        monkeypatch.setattr(activity, name, value)


def test_plan_is_pure_and_asks_inside_the_policy(engine, busy):
    plans = []
    for _ in range(2):
        plan = make_plan(engine, CFG)
        plans.append([mp.activities["loan"] for mp in plan.months()])
    assert plans[0] == plans[1]
    months = plans[0]
    assert all(not m.applications for m in months[:6])  # nobody has six months of contributions yet
    apps = [a for m in months for a in m.applications]
    assert len({a.member for a in apps}) == len(apps)  # a family applies once
    store = make_plan(engine, CFG).store
    for m, month in zip(months, CFG.month_list, strict=True):
        policy = store.at(date(month // 100, month % 100, 1))
        for a in m.applications:
            assert policy["loan.min_amount"] <= a.amount <= a.price
            assert a.months in (120, 180, 240, 300, 360) and 1 <= a.repay_day <= policy["loan.repayment_day_max"]
    assert [m.close for m in months] == [True] * 13
    kinds = Counter(a.purpose for a in apps)
    assert kinds["refinance"] and any(a.remote for a in apps) and any("combined" in a.extra for a in apps)
    assert any(a.own_home for a in apps) and any(a.house_type == "used" for a in apps)


def _gl(conn, code: str) -> int:
    dr, cr = conn.execute(select(func.coalesce(func.sum(voucher_line.c.debit), 0),
                                 func.coalesce(func.sum(voucher_line.c.credit), 0))
                          .where(voucher_line.c.account_code == code)).one()
    return int(dr) - int(cr)


def test_loans_repayments_and_overdue_on_both_paths(db, busy):
    dumps = {}
    for path in ("service", "bulk"):
        db.reset()
        result = run(db.engine, CFG, path=path)
        assert result.path == path and result.months == 13
        with db.engine.connect() as conn:
            results = run_all(conn)
            assert [(r.check.name, r.violations[:2]) for r in results if not r.ok] == []
            assert {"loan.detail_matches_balance", "loan.plan_principal"} <= {r.check.name for r in results}
            dumps[path] = canon.dump(conn, canon.COMPARED + LOAN_TABLES)
    assert canon.differences(dumps["service"], dumps["bulk"]) == []

    with db.engine.connect() as conn:
        loans = conn.execute(select(loan)).all()
        # loans issued: of every kind, some with the spouse as co-borrower
        assert len(loans) >= 10
        assert {r.purpose for r in loans} >= {"01", "02", "05"}
        assert any(r.combined for r in loans) and any(r.remote for r in loans) and any(r.second_home for r in loans)
        assert any(r.co_borrower_person_id for r in loans)
        first = min(r.disbursed_on for r in loans)
        assert first >= date(2025, 7, 1)
        for r in loans:
            assert r.disbursed_on.day <= 10 and r.disbursed_on <= CFG.last_date  # a working day early in a month
            assert 1_000_000 <= r.amount <= 80_000_000 and r.months <= 360
        # second opinion on verify: each plan's principal sums to the amount; Σ balances = 121 + 122
        plans = dict(conn.execute(select(loan_instalment.c.loan_id, func.sum(loan_instalment.c.principal))
                                  .where(loan_instalment.c.status != "superseded")
                                  .group_by(loan_instalment.c.loan_id)).all())
        assert all(plans[r.id] == r.amount for r in loans)
        assert sum(r.principal + r.overdue_principal for r in loans) == _gl(conn, "121") + _gl(conn, "122") > 0
        # maker-checker: accepted, reviewed and approved by three different people
        for app in conn.execute(select(loan_application)).all():
            actors = dict(conn.execute(select(loan_application_event.c.action, loan_application_event.c.username)
                                       .where(loan_application_event.c.application_id == app.id)).all())
            assert len({app.created_by, app.reviewed_by, actors.get("approve")}) == 3
        # a run every month from the first loan on, each closed; one voucher per bank with collections
        runs = conn.execute(select(loan_run.c.month, loan_run.c.status, loan_run.c.count)
                            .order_by(loan_run.c.month)).all()
        assert [r.month for r in runs] == [m for m in CFG.month_list if m >= first.year * 100 + first.month]
        assert all(r.status == "closed" for r in runs) and sum(r.count for r in runs) > 20
        run_vouchers = conn.execute(select(voucher.c.voucher_date, voucher.c.ref_id)
                                    .where(voucher.c.kind == "loan.run")).all()
        assert run_vouchers
        for v in conn.execute(select(voucher.c.kind, voucher.c.voucher_date).where(voucher.c.kind.like("loan.%"))):
            assert date(2025, 7, 1) <= v.voucher_date <= CFG.last_date
            if v.kind in ("loan.run", "loan.overdue"):
                assert v.voucher_date == last_day(v.voucher_date.year * 100 + v.voucher_date.month)
        # overdue with penalty, and arrears paid later in the policy order (penalty first)
        types = Counter(conn.execute(select(loan_txn.c.type)).scalars())
        assert types["01"] == len(loans) and types["02"] > 20 and types["90"] >= 2 and types["04"] >= 1
        late = conn.execute(select(loan_txn).where(loan_txn.c.type == "04")).all()
        assert any(t.penalty > 0 and t.overdue_interest > 0 and t.overdue_principal < 0 for t in late)
        overdue_now = [r for r in loans if r.status == "02"]
        assert all(r.overdue_principal > 0 and r.penalty > 0 for r in overdue_now)
        assert _gl(conn, "122") == sum(r.overdue_principal for r in loans)


def test_an_unfinished_last_month_waits_for_the_banks(db, monkeypatch):
    """The demo ends today: that month's run has its deduction files but no result yet."""
    monkeypatch.setattr(activity, "APPLY_SHARE", 0.06)
    cfg = SimConfig(seed=12, members=40, employers=2, start_month=202503, months=8, end_date=date(2025, 10, 20),
                    arrears_share=0.0, deferral_share=0.0, activities=("loan",))
    run(db.engine, cfg, path="bulk")
    with db.engine.connect() as conn:
        runs = dict(conn.execute(select(loan_run.c.month, loan_run.c.status)).all())
        assert runs == {202509: "closed", 202510: "created"}
        assert [r.check.name for r in run_all(conn) if not r.ok] == []
        assert conn.execute(select(func.max(voucher.c.voucher_date))).scalar_one() <= date(2025, 10, 20)
