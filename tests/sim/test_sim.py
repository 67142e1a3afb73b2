"""The synthetic centre: a pure, deterministic plan; the service and bulk executors write the same rows."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from sqlalchemy import select

from anju.core.ids import parse_resident_id
from anju.deposit.tables import remittance, remittance_line
from anju.registry.tables import account, employer, person
from anju.sim import canon
from anju.sim.context import make_plan
from anju.sim.plan import FLEXIBLE, SimConfig
from anju.sim.run import run
from anju.verify import run_all

SMALL = SimConfig(seed=5, members=300, employers=8, start_month=202505, months=4, deferral_share=0.25,
                  arrears_share=0.2, hire_rate=0.02, leave_rate=0.02, activities=("withdrawal", "fund"))


def _months(engine, cfg):
    plan = make_plan(engine, cfg)
    return plan, list(plan.months())


def test_plan_is_deterministic_and_inside_policy(engine):
    plan_a, months_a = _months(engine, SMALL)
    plan_b, months_b = _months(engine, SMALL)
    assert [m.remits for m in months_a] == [m.remits for m in months_b]
    assert [len(m.leavers) for m in months_a] == [len(m.leavers) for m in months_b]
    assert np.array_equal(plan_a.base[:plan_a.count], plan_b.base[:plan_b.count])
    people = [plan_a.person(i) for i in range(plan_a.count)]
    assert len({p.id_number for p in people}) == plan_a.count
    for p in people:
        rid = parse_resident_id(p.id_number, as_of=date(2025, 5, 1))
        assert (rid.sex, rid.birth_date) == (p.sex, p.birth_date)
        assert 20 <= (date(2025, 5, 1) - p.birth_date).days // 365 <= 61
    store = plan_a.store
    for mp in months_a:
        policy = store.at(mp.day)
        floor, cap = policy.deposit.base_floor, policy.deposit.base_cap
        if mp.hires is not None:
            assert ((mp.hires.base >= floor) & (mp.hires.base <= cap)).all()
        if mp.base_adjust is not None:
            assert ((mp.base_adjust[1] >= floor) & (mp.base_adjust[1] <= cap)).all()
    for spec in plan_a.employers:
        policy = store.at(date(2025, 5, 1))
        assert policy.deposit.employer_ratio_min <= spec.ratio <= policy.deposit.employer_ratio_max
    assert months_a[1].settle_year == 2025 and months_a[2].base_adjust is not None
    assert any(m.deferrals for m in months_a) and plan_a.arrears_from.any()
    assert (plan_a.emp_of[:plan_a.count] == FLEXIBLE).any()


def test_service_and_bulk_paths_write_the_same_books(db, monkeypatch):
    from anju.sim.activity import withdrawal

    monkeypatch.setattr(withdrawal, "RENT_SHARE", 0.05)  # enough applications in four months to see some paid
    dumps = {}
    for path in ("service", "bulk"):
        db.reset()
        result = run(db.engine, SMALL, path=path)
        assert result.path == path and result.months == 4
        with db.engine.connect() as conn:
            bad = [(r.check.name, r.violations[:2]) for r in run_all(conn) if not r.ok]
            assert bad == []
            dumps[path] = canon.dump(conn)
            # A second opinion on every employee's remittance line: base × the paying employer's ratio, half-up to
            # the fen (the employer's ratio, not the account's current one: a member who moved to another employer
            # pays at the new employer's ratio from then on).
            lines = conn.execute(select(remittance_line.c.base, remittance_line.c.employer_amount,
                                        remittance_line.c.member_amount, employer.c.employer_ratio,
                                        employer.c.member_ratio, account.c.kind)
                                 .join(remittance, remittance.c.id == remittance_line.c.remittance_id)
                                 .join(employer, employer.c.id == remittance.c.employer_id)
                                 .join(account, account.c.id == remittance_line.c.account_id)).all()
            assert len(lines) > 900
            for base, ea, ma, er, mr, kind in lines:
                if kind == "employee":
                    assert ea == int((Decimal(base) * er).quantize(Decimal(1), ROUND_HALF_UP))
                    assert ma == int((Decimal(base) * mr).quantize(Decimal(1), ROUND_HALF_UP))
            married = conn.execute(select(person.c.id, person.c.spouse_id).where(person.c.spouse_id.is_not(None))).all()
            assert married and all(dict(married)[s] == p for p, s in married)
    assert {n: len(rows) for n, rows in dumps["service"].items()} == {n: len(rows) for n, rows in dumps["bulk"].items()}
    assert canon.differences(dumps["service"], dumps["bulk"]) == []
    assert len(dumps["bulk"]["interest_run"]) == 1 and dumps["bulk"]["deferral"]
    types = {row[3] for row in dumps["bulk"]["member_txn"]}
    assert {"01", "03", "05", "09", "10", "11", "13"} <= types
    assert dumps["bulk"]["withdrawal"] and dumps["bulk"]["payout_line"]


def test_a_seed_is_generated_once(db):
    run(db.engine, SimConfig(seed=9, members=20, employers=2, start_month=202509, months=1), path="bulk")
    with pytest.raises(ValueError, match="已在本数据库中生成过"):
        run(db.engine, SimConfig(seed=9, members=20, employers=2, start_month=202509, months=1), path="bulk")


def test_no_list_for_an_employer_whose_last_member_retired(engine, monkeypatch):
    """A retirement withdrawal can close an employer's only contributing member; that month the employer has
    no list (an empty one could not be posted: a voucher of 0.00)."""
    from anju.registry.retirement import Group, RetirementPolicy

    young = RetirementPolicy(Group(45), Group(45), Group(45))  # everyone retires at 45: the sim and the rules agree
    monkeypatch.setattr(RetirementPolicy, "of", classmethod(lambda cls, policy: young))
    cfg = SimConfig(seed=3, members=80, employers=60, start_month=202501, months=24, hire_rate=0.0,
                    leave_rate=0.0, arrears_share=0.0, deferral_share=0.0, activities=("withdrawal",))
    plan = make_plan(engine, cfg)
    emptied = 0
    for mp in plan.months():
        staff = np.bincount(plan.emp_of[plan._contributing()], minlength=len(plan.employers))
        assert all(staff[e] > 0 for _d, e, _m in mp.remits)
        emptied = max(emptied, int(((staff == 0)).sum()))
    assert emptied > 0  # the case did arise: some employers lost their last member


def test_the_service_path_confirms_large_lists_with_a_second_person(db):
    """Above deposit.confirm_second_above a list waits for a second person's blind entry: the simulator's
    service path gives it, so every list is still posted and the books verify."""
    from anju.auth.actor import cli_actor
    from anju.db import UnitOfWork
    from anju.deposit.tables import remittance
    from anju.policy import service as policy

    with UnitOfWork(db.engine) as uow:
        policy.set_value(uow, cli_actor("test"), key="deposit.confirm_second_above", raw="100.00",
                         effective=date(2025, 1, 1), note="测试：小额即须双人确认")
        uow.commit()
    run(db.engine, SimConfig(seed=3, members=30, employers=2, start_month=202505, months=2), path="service")
    with db.engine.connect() as conn:
        statuses = {r.status for r in conn.execute(select(remittance.c.status).where(remittance.c.source != "flexible"))}
        seconds = conn.execute(select(remittance.c.confirmed_by).where(remittance.c.source != "flexible")).scalars().all()
        assert statuses == {"posted"} and seconds and set(seconds) == {"sim-clerk2"}
        assert [r.check.name for r in run_all(conn) if not r.ok] == []
