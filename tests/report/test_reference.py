"""Every indicator of the catalogue, and every breakdown it offers, against the slow reference
(`tests/report/reference.py`) on a simulated centre with every activity, on both databases.

The centre: ~300 members over two years (2024-01 … 2025-12) through the real use cases (the service path), with
withdrawals, loans (failed and partial deductions turning overdue) and the fund's bank interest; then, on top,
the business the simulation does not do by itself (see ``extra_business``). Compared for the last full year, a
quarter, a month, a month of the previous year and a from-to range that reaches today (the audit trail, which
离柜率 reads, is stamped with the wall clock).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from anju.auth.actor import Actor, Channel, Role, cli_actor
from anju.bank import queries as bank_queries
from anju.core import clock
from anju.db import UnitOfWork
from anju.deposit import service as deposit
from anju.deposit.tables import remittance
from anju.indicators import catalogue as cat
from anju.interest import yearend
from anju.loan import service as loans
from anju.loan.tables import loan
from anju.policy import service as policy
from anju.registry import rollup
from anju.registry import service as registry
from anju.registry.tables import account, employer, person
from anju.sim.activity import registered
from anju.sim.plan import SimConfig
from anju.sim.run import run
from anju.transfer.service import transfer_out
from anju.treasury import service as treasury
from tests.report.reference import NOT_COMPUTED, Reference, compare
from tests.support.factory import person_id, uscc, xlsx, year_end

# Five employers: one is granted a 缓缴, one stops paying in 2025-04 and stays in arrears (缴存率 owes something).
CONFIG = SimConfig(seed=11, members=250, start_month=202401, months=24, deferral_share=0.2, arrears_share=0.2,
                   activities=tuple(sorted(registered())))
YEAR = 2025

# Indicators that are zero or undefined on the simulated year because the simulation does no such business;
# anything else must show a figure, so that the comparison is not between two zeros.
NOTHING_ON_THE_SIM: dict[str, str] = {
    "fund.time_deposits": "the busy loan book leaves no demand money above the floor, so the simulator's placements "
                          "are refused (tests/treasury/test_sim.py places, renews and collects them)",
    "loan.written_off": "a write-off needs a loan more than a year overdue (损失类)",
    "service.business_count": "the audit trail is stamped with the wall clock: compared on the range reaching today",
    "service.offline_rate": "the audit trail is stamped with the wall clock: compared on the range reaching today",
    "eservice.offline_rate": "the audit trail is stamped with the wall clock: compared on the range reaching today",
    "eservice.deposit_offline_rate": "the audit trail is stamped with the wall clock (and the sim posts deposits "
                                     "as a batch)",
    "eservice.evaluations": "the simulation rates no business",
    "eservice.satisfaction": "the simulation rates no business",
    "eservice.bad_ratings": "the simulation rates no business",
    "eservice.followup_rate": "the simulation rates no business",
    "eservice.notices_sent": "the simulation sends no notices",
    "eservice.certificates": "the simulation prints no certificates",
}


CLERK, APPROVER = cli_actor("extra-clerk"), cli_actor("extra-approver")


def _pct(r: Decimal) -> str:
    return f"{(r * 100).normalize():f}%"


def extra_business(engine) -> None:
    """What the simulation does not do by itself, in its last days: a 补缴 of a month an employer in arrears
    missed, a 退缴 of two members of a December list, an 异地转出, a prepayment of a loan, bonds bought with
    their interest, a bank fee, the year-end closing and distribution of 增值收益, and business through the
    employer portal (for 离柜率)."""
    with engine.connect() as conn:
        arrears = conn.execute(select(employer).where(employer.c.paid_through < 202512, employer.c.status == "01")
                               .order_by(employer.c.id)).first()
        members = conn.execute(select(account, person.c.name, person.c.id_number).join(person)
                               .where(account.c.employer_id == arrears.id, account.c.status == "01")
                               .order_by(account.c.id)).all()
        december = conn.execute(select(remittance).where(remittance.c.kind == "01", remittance.c.status == "posted",
                                                         remittance.c.period_to == 202512)
                                .order_by(remittance.c.id)).first()
        paid_by = conn.execute(select(account.c.id).where(account.c.employer_id == december.employer_id,
                                                          account.c.status == "01").order_by(account.c.id)).scalars().all()
        sealed = conn.execute(select(account.c.id).where(account.c.status == "02", account.c.balance > 0)
                              .order_by(account.c.id)).scalars().first()
        borrower = conn.execute(select(loan.c.loan_no).where(loan.c.status == "01", loan.c.overdue_principal == 0)
                                .order_by(loan.c.id)).scalars().first()
    month = arrears.paid_through + 1
    rows = []
    with engine.connect() as conn:
        for m in members:
            t = registry.terms_for_month(conn, m.id, month)
            if t is not None:
                rows.append([len(rows) + 1, m.name, m.id_number, f"{t.base / 100:.2f}", _pct(t.employer_ratio),
                             _pct(t.member_ratio), f"{t.employer_amount / 100:.2f}", f"{t.member_amount / 100:.2f}",
                             None, month])
    with UnitOfWork(engine) as uow:
        # 补缴 of the first month an employer in arrears missed
        sub = deposit.import_list(uow, CLERK, employer_id=arrears.id, data=xlsx(rows), filename="补缴.xlsx",
                                  kind=deposit.ListKind.BACK_PAY, period_from=month, period_to=month,
                                  as_of=date(2025, 12, 26), reason=deposit.BackPayReason.MISSED)
        deposit.confirm_payment(uow, CLERK, remittance_id=sub.remittance_id, paid_on=date(2025, 12, 26),
                                receipt_no="EXTRA-BJ", amount=sub.total)
        # 退缴 of two members of a December list
        fid = deposit.apply_refund(uow, CLERK, remittance_id=december.id, reason="多缴", account_ids=paid_by[:2])
        uow.commit()
    with UnitOfWork(engine) as uow:
        deposit.decide_refund(uow, APPROVER, refund_id=fid, approve=True, note="同意", refund_on=date(2025, 12, 27))
        # 异地转出 of a sealed member
        transfer_out(uow, CLERK, account_id=sealed, day=date(2025, 12, 28), to_centre="外市住房公积金管理中心",
                     letter_no="ZY2025-001", bank_code="01")
        # 提前还款
        loans.prepay(uow, CLERK, loan_no=borrower, principal=2_000_000, day=date(2025, 12, 28), shorten=False,
                     key="extra-prepay")
        uow.commit()
    # 国债: bought with the fund's deposits through the investments register (maker and checker), and its interest.
    # The busy loan book leaves the simulated fund overdrawn, so a windfall (其他收入) comes in first and the
    # centre's demand-money floor is lowered.
    with UnitOfWork(engine) as uow:
        policy.set_value(uow, APPROVER, key="treasury.min_demand_share", raw="0%", effective=date(2025, 12, 1),
                         note="测试")
        yearend.record_fund_entry(uow, CLERK, kind="other_income", bank_code="01", period=202512,
                                  entry_date=date(2025, 12, 29), amount=5_000_000_000, reference="EXTRA-IN")
        collect = bank_queries.accounts(uow.conn, bank="01", purpose="collect")[0]
        bond = treasury.Placement(kind="bond", from_account_no=collect.account_no, amount=10_000_000,
                                  rate=Decimal("0.025"), start=date(2025, 12, 29), bank_code="01",
                                  term_months=36, face_value=10_000_000, name="2025年储蓄国债", issuer="财政部")
        problems, _r = treasury.check(uow.conn, bond, on=date(2025, 12, 29))
        assert problems == [], [str(p) for p in problems]
        iid = treasury.place(uow, CLERK, bond, as_of=date(2025, 12, 29))
        uow.commit()
    with UnitOfWork(engine) as uow:
        assert treasury.approve(uow, APPROVER, investment_id=iid, as_of=date(2025, 12, 29))
        yearend.record_fund_entry(uow, CLERK, kind="bond_interest_accrued", bank_code="01", period=202512,
                                  entry_date=date(2025, 12, 30), amount=25_000, reference="GZ-1")
        yearend.record_fund_entry(uow, CLERK, kind="collection_fee", bank_code="01", period=202512,
                                  entry_date=date(2025, 12, 30), amount=8_000, reference="SX-1")
        uow.commit()
    agent = Actor("agent", frozenset({Role.EMPLOYER_AGENT}), Channel.EMPLOYER_PORTAL, employer_id=december.employer_id)
    with UnitOfWork(engine) as uow:
        # a new employer and a new flexible worker in the last days of the year
        registry.open_employer(uow, CLERK, as_of=date(2025, 12, 29), data=registry.EmployerInput(
            uscc=uscc(9001), name="年末新开户单位", kind="60", bank_code="02", branch_code="02", pay_day=15,
            employer_ratio=Decimal("0.10"), member_ratio=Decimal("0.10"), first_month=202601))
        registry.open_flexible(uow, CLERK, who=registry.PersonInput(id_number=person_id(9001), name="年末灵活就业"),
                               base=500_000, total_ratio=Decimal("0.24"), first_month=202601,
                               as_of=date(2025, 12, 29))
        registry.seal(uow, agent, account_id=paid_by[2], reason="离职", as_of=date(2025, 12, 29))
        uow.commit()
    year_end(engine, 2025, management_fee=100_000)
    maintenance_fund(engine)
    compliance(engine)


def maintenance_fund(engine) -> None:
    """The maintenance fund's business of 2025 (its own book): 12 households paid in March (one by the developer
    against the year's task), a project settled in May, a refund in June, the year's interest allocated."""
    from anju.maintfund import interest, projects
    from anju.maintfund import service as mf
    from anju.maintfund.codes import ChangeKind, Choice, ProjectKind
    from tests.maintfund.world import CLERK as MF_CLERK
    from tests.maintfund.world import FINANCE as MF_FINANCE
    from tests.maintfund.world import REVIEWER as MF_REVIEWER
    from tests.maintfund.world import build

    aid, ids = build(engine)
    with UnitOfWork(engine) as uow:
        mf.set_task(uow, MF_CLERK, year=2025, amount=2_000_000)
        pid = projects.apply(uow, MF_CLERK, area_id=aid, kind=ProjectKind.GENERAL, title="电梯维修", as_of=date(2025, 4, 1))
        projects.plan(uow, MF_CLERK, project_id=pid, budget=1_200_000, household_ids=ids, as_of=date(2025, 4, 1))
        projects.publicize(uow, MF_CLERK, project_id=pid, as_of=date(2025, 4, 1))
        projects.open_vote(uow, MF_CLERK, project_id=pid, as_of=date(2025, 4, 9))
        for i in (0, 1, 2, 3, 4, 6, 7, 8, 9, 10):
            projects.record_vote(uow, MF_CLERK, project_id=pid, household_id=ids[i], choice=Choice.AGREE,
                                 as_of=date(2025, 4, 10))
        projects.close_vote(uow, MF_CLERK, project_id=pid, as_of=date(2025, 4, 11))
        projects.review(uow, MF_REVIEWER, project_id=pid, as_of=date(2025, 4, 12))
        projects.pay_stage(uow, MF_FINANCE, project_id=pid, amount=1_000_000, as_of=date(2025, 4, 20))
        projects.accept(uow, MF_CLERK, project_id=pid, as_of=date(2025, 5, 10))
        projects.settle(uow, MF_FINANCE, project_id=pid, cost=1_150_000, as_of=date(2025, 5, 20))
        cid = mf.apply_change(uow, MF_CLERK, household_id=ids[11], kind=ChangeKind.REFUND, as_of=date(2025, 6, 2),
                              reason="房屋灭失")
        mf.approve_change(uow, MF_REVIEWER, change_id=cid, as_of=date(2025, 6, 5))
        mf.record_income(uow, MF_FINANCE, amount=150_000, day=date(2025, 12, 20), doc_no="MF-LX2025")
        uow.commit()
    interest.allocate(engine, MF_FINANCE, year=2025, as_of=date(2026, 1, 5))


def compliance(engine) -> None:
    """The compliance area's business of 2025: two members past the dormant age (their birth dates as an old
    system left them, as ``anju.sim.plant_audit`` plants legacy data), a scan at the year's end (the one of a
    normal account flags him as past the contributing age), one hit verified and one with a paid withdrawal
    confirmed as fraud — recovered, penalised, referred; an enforcement case; complaints and a consultation
    answered on time, late, or not yet."""
    from anju.compliance import cases, complaints, enforcement, scan, service
    from anju.compliance.tables import audit_hit, audit_hit_evidence
    from anju.withdrawal.tables import withdrawal

    auditor = Actor("extra-auditor", frozenset({Role.AUDITOR, Role.REVIEWER, Role.CLERK}), Channel.COUNTER)
    approver = Actor("extra-checker", frozenset({Role.APPROVER}), Channel.COUNTER)
    with engine.begin() as conn:
        live = select(loan.c.borrower_person_id).where(loan.c.status.in_(("01", "02")))
        free = [account.c.balance > 0, account.c.frozen.is_(False), account.c.person_id.not_in(live),
                account.c.person_id.not_in(select(loan.c.co_borrower_person_id).where(
                    loan.c.status.in_(("01", "02")), loan.c.co_borrower_person_id.is_not(None)))]
        old = [conn.execute(select(account.c.person_id).where(account.c.status == status, *free)
                            .order_by(account.c.id.desc())).scalars().first() for status in ("01", "02")]
        conn.execute(person.update().where(person.c.id.in_(old)).values(birth_date=date(1950, 3, 1)))
        employer_no = conn.execute(select(employer.c.account_no).order_by(employer.c.id)).scalars().first()
    scan.scan(engine, auditor, as_of=date(2025, 12, 30))
    with engine.connect() as conn:
        hits = conn.execute(select(audit_hit.c.id).order_by(audit_hit.c.id)).scalars().all()
        paid = conn.execute(select(audit_hit_evidence.c.hit_id).join(withdrawal, withdrawal.c.no == audit_hit_evidence.c.ref_id)
                            .where(audit_hit_evidence.c.ref_type == "withdrawal", withdrawal.c.status == "paid")
                            .order_by(audit_hit_evidence.c.hit_id)).scalars().first()
    day = date(2025, 12, 31)
    with UnitOfWork(engine) as uow:
        service.dispose(uow, auditor, hit_id=next(h for h in hits if h != paid), disposition="verify",
                        note="核实无误", as_of=day)
        service.dispose(uow, auditor, hit_id=paid, disposition="propose", note="虚假材料提取", as_of=day)
        uow.commit()
    with UnitOfWork(engine) as uow:
        case = service.decide(uow, approver, hit_id=paid, approve=True, note="同意认定", as_of=day)
        cases.recover(uow, auditor, case_id=case, note="虚假材料提取", as_of=day)
        cases.penalise(uow, auditor, case_id=case, amount=100_000, basis="《住房公积金管理条例》第三十六条", as_of=day)
        cases.refer(uow, auditor, case_id=case, to="示例市公安局", as_of=day)
        enforcement.open_case(uow, auditor, employer_no=employer_no, reason="unregistered", as_of=date(2025, 9, 8),
                              note="未为新招职工办理缴存登记")
        for received, kind, replied in ((date(2025, 6, 3), "complaint", date(2025, 6, 5)),
                                        (date(2025, 8, 4), "complaint", date(2025, 9, 30)),
                                        (date(2025, 6, 10), "consult", date(2025, 6, 10)),
                                        (date(2025, 12, 29), "complaint", None)):
            cid = complaints.receive(uow, auditor, as_of=received, intake=complaints.Intake(
                channel="12329", kind=kind, subject="提取进度", content="询问提取办理进度", complainant="来电人"))
            if replied:
                complaints.reply(uow, auditor, complaint_id=cid, text="已答复", as_of=replied)
        uow.commit()


def periods() -> list[cat.Period]:
    return [cat.Period.year(YEAR), cat.Period.quarter(YEAR, 3), cat.Period.month(YEAR * 100 + 6),
            cat.Period.month((YEAR - 1) * 100 + 12), cat.Period.between(date(YEAR, 2, 17), clock.today())]


def test_every_indicator_has_a_reference():
    """A new indicator in the catalogue fails here until the reference computes it (or says why it cannot)."""
    ref_codes = {name[2:].replace("_", ".", 1) for name in dir(Reference) if name.startswith("v_")}
    codes = set(cat.catalogue())
    assert codes - ref_codes - set(NOT_COMPUTED) == set(), "indicators without a reference"
    assert ref_codes - codes == set(), "references of indicators no longer in the catalogue"
    for code, ind in cat.catalogue().items():
        if ind.breakdowns and code not in NOT_COMPUTED:
            assert hasattr(Reference, "b_" + code.replace(".", "_")), f"no reference for the breakdowns of {code}"


@pytest.fixture
def busy(monkeypatch):
    """More loans and failed deductions than a real centre, so that a small one shows every case."""
    from anju.sim.activity import loan as activity

    for name, value in (("APPLY_SHARE", 0.02), ("FAIL_SHARE", 0.08), ("PARTIAL_SHARE", 0.04),
                        ("COMBINED_SHARE", 0.2), ("REFINANCE_SHARE", 0.15), ("REMOTE_SHARE", 0.2),
                        ("OWN_HOME_SHARE", 0.3)):
        monkeypatch.setattr(activity, name, value)


def _differences(engine, when: str, *, alone: bool = True, snapshot: bool = True) -> list[str]:
    """Each figure computed on its own and/or inside one snapshot (the shared scans of a report)."""
    found = []
    with engine.connect() as conn:
        ref = Reference(conn)
        if alone:
            found += [f"({when}) {d}" for p in periods() for d in compare(conn, ref, p)]
        if snapshot:
            with cat.snapshot():
                found += [f"({when}, snapshot) {d}" for p in periods() for d in compare(conn, ref, p)]
    return found


def test_every_indicator_equals_the_reference_on_a_simulated_centre(engine, busy):
    run(engine, CONFIG, path="service")
    found = _differences(engine, "no roll-up", snapshot=False)
    rollup.refresh(engine, chunk=5_000)  # the statistics roll-up holds the simulation, in several chunks …
    extra_business(engine)  # … and what follows is read above its watermark
    found += _differences(engine, "partly rolled up")
    rollup.refresh(engine)
    found += _differences(engine, "rolled up", alone=False)
    with engine.connect() as conn:
        ref = Reference(conn)
        year = cat.Period.year(YEAR)
        empty = sorted(code for code in cat.catalogue() if not ref.value(code, year.start, year.end))
        # The account statuses replayed from the sub-ledger's events are the accounts' statuses today.
        today = {s: n for s, n in conn.execute(select(account.c.status, func.count()).group_by(account.c.status))}
    assert found == []
    assert empty == sorted(NOTHING_ON_THE_SIM), empty
    assert ref.status_counts(clock.today()) == today
