"""Demo logins: one user per role, made once per database, with one password kept beside the database.

`anju demo` prepares the database, builds the synthetic centre once (``build_demo_centre``: about 300
employers and 20,000 members with two years of history ending today), makes these users, points the portal
users at a real employer and member, prints the address and the logins, and serves. The password is random per installation and kept in
``var/demo-password.txt`` (readable by the owner only) so that every run can print it again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from anju.auth import passwords
from anju.auth import service as auth
from anju.auth.actor import Role, cli_actor
from anju.db import UnitOfWork

# (role, username, display name). The two portal users point at a real employer and person: those of the
# registry when it has them (``link_demo_users``, one call the synthetic-centre builder makes after building),
# otherwise those of the small demo registry made here.
DEMO_USERS = [
    (Role.ADMIN, "admin", "系统管理员（演示）"),
    (Role.CLERK, "clerk", "柜员王芳（演示）"),
    (Role.REVIEWER, "reviewer", "复核李强（演示）"),
    (Role.APPROVER, "approver", "审批赵敏（演示）"),
    (Role.LOAN_OFFICER, "loan", "贷款经办孙伟（演示）"),
    (Role.FINANCE, "finance", "财务周静（演示）"),
    (Role.AUDITOR, "auditor", "稽核吴刚（演示）"),
    (Role.EMPLOYER_AGENT, "agent", "单位经办人郑丽（演示）"),
    (Role.MEMBER, "member", "缴存职工陈晨（演示）"),
    (Role.MF_CLERK, "mfclerk", "维修资金经办刘洋（演示）"),
    (Role.MF_REVIEWER, "mfreviewer", "维修资金复核陈红（演示）"),
    (Role.MF_FINANCE, "mffinance", "维修资金财务黄磊（演示）"),
]
PORTAL_ROLES = (Role.EMPLOYER_AGENT, Role.MEMBER)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    display_name: str


def ensure_demo_users(engine: Engine, *, password_file: Path, as_of: date) -> tuple[list[DemoLogin], str | None]:
    """Create the missing demo users; returns the logins and the demo password (None if it was lost).

    An empty registry first gets the small demo registry (``seed_demo_registry``) so that the employer
    agent and the member have real records to see.
    """
    from anju.registry.portal import demo_targets, resolve

    secret = password_file.read_text(encoding="utf-8").strip() if password_file.exists() else None
    with engine.connect() as conn:
        employer_no, id_number = demo_targets(conn)
    if employer_no is None:
        seed_demo_registry(engine, as_of=as_of)
        with engine.connect() as conn:
            employer_no, id_number = demo_targets(conn)
    with UnitOfWork(engine) as uow:
        employer_id, person_id = resolve(uow.conn, employer_no=employer_no, id_number=id_number)
        missing = [u for u in DEMO_USERS if auth.find_user(uow.conn, u[1]) is None]
        if missing and secret is None:
            secret = "Demo-" + passwords.temporary_password(8)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(secret + "\n", encoding="utf-8")
            os.chmod(password_file, 0o600)
        for role, username, name in missing:
            auth.create_user(uow, cli_actor("demo"), username=username, display_name=name, roles=frozenset({role}),
                             employer_id=employer_id if role is Role.EMPLOYER_AGENT else None,
                             person_id=person_id if role is Role.MEMBER else None, password=secret,
                             must_change_password=False, as_of=as_of)
        uow.commit()
    return demo_logins(engine), secret


def link_demo_users(engine: Engine, *, employer_no: str | None = None, id_number: str | None = None) -> None:
    """Point the demo employer agent and member at an employer (单位账号) and a person (身份证号码); by default
    the registry's largest employer and its first member. The synthetic-centre builder calls this once."""
    from anju.registry.portal import demo_targets, holder_names, link_user

    if employer_no is None or id_number is None:
        with engine.connect() as conn:
            default_no, default_id = demo_targets(conn)
        employer_no, id_number = employer_no or default_no, id_number or default_id
    with UnitOfWork(engine) as uow:
        agent_name, member_name = holder_names(uow.conn, employer_no=employer_no, id_number=id_number)
        # Each portal login carries the name of whom it sees, so the header and the printed logins agree
        # with the records the user opens.
        targets = (("agent", {"employer_no": employer_no}, agent_name and f"单位经办人{agent_name}（演示）"),
                   ("member", {"id_number": id_number}, member_name and f"缴存职工{member_name}（演示）"))
        for username, kw, display_name in targets:
            if auth.find_user(uow.conn, username) is not None and next(iter(kw.values())):
                link_user(uow, cli_actor("demo"), username=username, display_name=display_name, **kw)
        uow.commit()


def demo_logins(engine: Engine) -> list[DemoLogin]:
    """The demo logins as they stand in the database (display names follow the records they are linked to)."""
    with engine.connect() as conn:
        users = {username: auth.find_user(conn, username) for _, username, _ in DEMO_USERS}
    return [DemoLogin(username, role, users[username].display_name if users[username] else name)
            for role, username, name in DEMO_USERS]


DEMO_SEED = 2026
DEMO_MEMBERS, DEMO_EMPLOYERS_COUNT, DEMO_MONTHS = 20_000, 300, 24


def build_demo_centre(engine: Engine, *, as_of: date, members: int = DEMO_MEMBERS,
                      employers: int = DEMO_EMPLOYERS_COUNT, months: int = DEMO_MONTHS, seed: int = DEMO_SEED,
                      progress=None):
    """The demo city, once per database: the synthetic centre (bulk path, with withdrawals) over ``months``
    months ending on ``as_of``. Returns the run's result, or None when the registry already has employers
    (a re-run reuses the database)."""
    from sqlalchemy import select

    from anju.core.dates import add_months, month_of
    from anju.registry.tables import employer
    from anju.sim.plan import SimConfig
    from anju.sim.run import run

    with engine.connect() as conn:
        if conn.execute(select(employer.c.id).limit(1)).first() is not None:
            return None
    config = SimConfig(seed=seed, members=members, employers=employers, months=months, end_date=as_of,
                       start_month=add_months(month_of(as_of), -(months - 1)),
                       activities=("withdrawal", "loan", "fund", "transfer", "treasury"), transfer_share=0.1)
    result = run(engine, config, path="bulk", progress=progress)
    seed_work_in_progress(engine, as_of=as_of)
    seed_bank_statements(engine, as_of=as_of)
    from anju.maintfund import demo as maintfund_demo

    maintfund_demo.build(engine, today=as_of)  # one small area of the maintenance fund (24 households)
    from anju.registry import rollup

    rollup.refresh(engine)  # what the nightly job (anju jobs stats-rollup) would have done by now
    return result


STATEMENT_DAYS = 7  # the banks' statements of the last days: reconciled and closed but for yesterday


def seed_bank_statements(engine: Engine, *, as_of: date) -> None:
    """The entrusted banks' statements of the last ``STATEMENT_DAYS`` days (planted noise included), matched,
    explained and closed day by day — all but yesterday, left for finance to reconcile (anju.settle.simbank)."""
    from datetime import timedelta

    from anju.auth.actor import cli_actor
    from anju.settle import simbank

    start, end = as_of - timedelta(days=STATEMENT_DAYS), as_of - timedelta(days=1)
    simbank.ensure_accounts(engine, opened_on=start)
    simbank.run(engine, cli_actor("finance"), start=start, end=end, close_through=end - timedelta(days=1))


WIP_PER_STAGE = 2  # loan applications waiting at each stage, and withdrawals waiting for each step


@dataclass(frozen=True)
class WorkInProgress:
    loans: dict[str, int]  # loan application status → how many wait there
    withdrawals: dict[str, int]  # withdrawal status → how many wait there
    budget_years: tuple[int, ...]


def seed_work_in_progress(engine: Engine, *, as_of: date) -> WorkInProgress:
    """What a new user should find waiting in a demo centre: loan applications at every stage before
    disbursement, withdrawals waiting for 复核 and 审批, and the centre's budget and final accounts for the last
    two years with a performance self-evaluation table. Everything goes through the services, as at the counter;
    a member the rules refuse is skipped for the next one."""
    from sqlalchemy import select

    from anju.auth.actor import Actor, Channel, Role
    from anju.budget.demo import load_demo
    from anju.budget.service import department_name
    from anju.core.errors import AnjuError
    from anju.loanapp import service as lo
    from anju.loanapp.demo import Crew, originate
    from anju.policy.store import load_store
    from anju.registry.codes import AccountStatus
    from anju.registry.tables import account
    from anju.sim.activity.withdrawal import _card
    from anju.withdrawal import service as wd

    # The work is done by the demo staff themselves, so histories name 柜员王芳, 复核李强 … (a second approver
    # signs what is above the two-approval threshold).
    def staff(username: str, role: Role) -> Actor:
        return Actor(username, frozenset({role}), Channel.COUNTER)

    team = Crew(staff("clerk", Role.CLERK), staff("reviewer", Role.REVIEWER),
                (staff("approver", Role.APPROVER), staff("approver2", Role.APPROVER)), staff("loan", Role.LOAN_OFFICER),
                staff("finance", Role.FINANCE))
    stages = [lo.Status.SUBMITTED, lo.Status.REVIEWED, lo.Status.APPROVED, lo.Status.CONTRACTED, lo.Status.SECURED,
              lo.Status.INSTRUCTED]
    with engine.connect() as conn:
        candidates = conn.execute(select(account.c.id, account.c.person_id)
                                  .where(account.c.status == AccountStatus.NORMAL.value, account.c.balance > 0)
                                  .order_by(account.c.id.desc()).limit(400)).all()
        rent_docs = list(load_store(conn).at(as_of)["withdrawal.reason.rent_market"]["documents"])
    loans: dict[str, int] = {}
    withdrawals: dict[str, int] = {}
    used: set[int] = set()
    with UnitOfWork(engine) as uow:
        wanted = [s for s in stages for _ in range(WIP_PER_STAGE)]
        for acct_id, person_id in candidates:
            if not wanted:
                break
            try:
                with uow.conn.begin_nested():
                    originate(uow, person_id, 60_000_000, 240, as_of=as_of, team=team, fit=True, until=wanted[0])
            except AnjuError:
                continue  # refused by the loan rules (contributions, age, a loan already): the next member
            loans[wanted[0].value] = loans.get(wanted[0].value, 0) + 1
            used.add(acct_id)
            wanted.pop(0)
        # withdrawals: some just accepted (待复核), some reviewed (待审批)
        targets = ["submitted"] * WIP_PER_STAGE + ["reviewed"] * WIP_PER_STAGE
        for n, (acct_id, _person_id) in enumerate(candidates):
            if not targets:
                break
            if acct_id in used:
                continue
            try:
                with uow.conn.begin_nested():
                    applied = wd.apply(uow, team.clerk, account_id=acct_id, kind="rent_market", documents=rent_docs,
                                       facts={"monthly_rent": "1800.00", "children": "0",
                                              "property_address": f"示例市人民路{n % 300 + 1}号"},
                                       payee=wd.Payee(card_no=_card(acct_id), card_bank="示例市受托银行"), as_of=as_of)
                    if targets[0] == "reviewed":
                        wd.review(uow, team.reviewer, withdrawal_id=applied.id, as_of=as_of)
            except AnjuError:
                continue
            withdrawals[targets[0]] = withdrawals.get(targets[0], 0) + 1
            targets.pop(0)
        # transfers between centres: money arrived to credit, a letter from another centre to review
        from anju.transfer.demo import seed as seed_transfers

        seed_transfers(uow, team.clerk, as_of=as_of)
        # the centre's own budget and final accounts (部门决算) and the performance self-evaluation
        dept = department_name(uow.conn) or "示例市住房公积金管理中心"
        load_demo(uow, cli_actor("demo"), year=as_of.year - 1, dept=dept, with_previous=True)
        uow.commit()
    return WorkInProgress(loans, withdrawals, (as_of.year - 2, as_of.year - 1))


def link_demo_portal_users(engine: Engine) -> tuple[str | None, str | None]:
    """Point the demo employer agent and member at the largest employer and one of its members."""
    from anju.registry.portal import demo_targets

    with engine.connect() as conn:
        employer_no, id_number = demo_targets(conn)
    if employer_no is not None:
        link_demo_users(engine, employer_no=employer_no, id_number=id_number)
    return employer_no, id_number


DEMO_EMPLOYERS = [("安居示范科技有限公司", "50", ["陈晨", "林小雨", "黄志强", "刘芳"]),
                  ("明湖区人民医院", "11", ["杨帆", "吴静"])]


def seed_demo_registry(engine: Engine, *, as_of: date) -> None:
    """A small registry for trying the portals: two employers with a few members each, the last three months
    paid (through the same services as the counter). The synthetic centre replaces it with a whole city."""
    from decimal import Decimal

    from anju.core.dates import add_months, last_day, month_of
    from anju.core.ids import make_resident_id, make_uscc
    from anju.deposit import service as deposit
    from anju.registry import service as registry

    clerk = cli_actor("demo")
    this = month_of(as_of)
    first = add_months(this, -3)
    opened = last_day(add_months(this, -4))
    with UnitOfWork(engine) as uow:
        for i, (name, kind, people) in enumerate(DEMO_EMPLOYERS, start=1):
            data = registry.EmployerInput(
                uscc=make_uscc(f"9143010{i:010d}"), name=name, kind=kind, bank_code="01", branch_code="01", pay_day=10,
                employer_ratio=Decimal("0.12"), member_ratio=Decimal("0.12"), first_month=first,
                address="明湖市新城大道100号", legal_rep="张明", agent_name="郑丽", agent_phone="13800000000")
            employer_id, _ = registry.open_employer(uow, clerk, data=data, as_of=opened)
            for j, person_name in enumerate(people, start=1):
                birth = date(1980 + (i * 7 + j * 3) % 20, (j % 12) + 1, 10 + j)
                who = registry.PersonInput(id_number=make_resident_id("430105", birth, i * 10 + j, "1" if j % 2 else "2"),
                                           name=person_name, phone=f"1390000{i:02d}{j:02d}")
                registry.open_account(uow, clerk, employer_id=employer_id, who=who, base=600000 + 50000 * j,
                                      first_month=first, as_of=opened)
            for k, month in enumerate((first, add_months(first, 1), add_months(first, 2))):
                paid_on = date(month // 100, month % 100, 15)
                sub = deposit.generate_month(uow, clerk, employer_id=employer_id, period=month, as_of=paid_on)
                deposit.confirm_payment(uow, clerk, remittance_id=sub.remittance_id, paid_on=paid_on,
                                        receipt_no=f"DEMO{month}{i:02d}{k}", amount=sub.total)
        uow.commit()
