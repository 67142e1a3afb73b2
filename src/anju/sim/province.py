"""A synthetic province: N small centres, each a synthetic centre of its own seed (so their people are disjoint),
and cross-centre cases planted through the services — a member of one centre who opens an account in another
(异地重复缴存), one borrower with loans in two centres (多地同时贷款), one home behind loans in two centres by two
people and one behind a withdrawal in one centre and a loan in another (同一房屋多地使用), one member transferred out of two centres in the period (频繁异地转移). ``Planted`` lists
what supervision must find; nothing else crosses centres. Each centre is an SQLite database copied from one
prepared template (migrations run once) with its own centre code and name."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from anju.core.dates import add_months, first_day
from anju.sim.plan import SimConfig, person_spec

OUTSIDERS_SEED = 18  # persons who belong to no centre's plan (a seed slot no centre of the province uses)


@dataclass(frozen=True)
class Case:
    rule: str  # the supervision rule that must find it (anju.supervision.audit.RULES)
    id_number: str
    centres: frozenset[str]  # the centres that must each receive a 疑点


@dataclass
class Built:
    code: str
    name: str
    url: str  # database URL
    members: int = 0


@dataclass
class Province:
    centres: list[Built]
    planted: list[Case] = field(default_factory=list)
    start: date | None = None  # the period simulated: [start, end)
    end: date | None = None

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.toordinal() - 1)


def _copy(template: Path, path: Path) -> None:
    """SQLite's online backup (consistent with a WAL still open elsewhere), and the audit key kept beside the
    file, unless ANJU_AUDIT_KEY_FILE names one."""
    import sqlite3

    src, dst = sqlite3.connect(template), sqlite3.connect(path)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    key = Path(f"{template}.audit-key")
    if key.exists():
        shutil.copyfile(key, f"{path}.audit-key")


def centre_code(k: int) -> str:
    return f"43{k + 1:02d}00"


def _template(root: Path) -> Path:
    from anju.bootstrap import prepare
    from anju.db import make_engine

    path = root / "template.sqlite3"
    if not path.exists():
        engine = make_engine(f"sqlite:///{path}")
        prepare(engine)
        engine.dispose()
    return path


def build(root: Path, *, centres: int = 3, members: int = 60, months: int = 3, start_month: int = 202601,
          seed: int = 1, plant: bool = True, progress=None, template: Path | None = None) -> Province:
    """Make ``centres`` databases under ``root`` and fill them; with ``plant`` (three centres or more) add the
    cross-centre cases. Seeds ``seed`` … ``seed + centres − 1`` must fall in distinct slots (fewer than 18).
    ``template``: a prepared, empty SQLite centre to copy (else one is prepared under ``root``)."""
    from anju import compose
    from anju.db import make_engine
    from anju.org.service import set_info
    from anju.sim.run import run

    if centres > OUTSIDERS_SEED - 1:
        raise ValueError(f"模拟省份最多{OUTSIDERS_SEED - 1}个中心")
    compose.wire()
    root.mkdir(parents=True, exist_ok=True)
    template = template or _template(root)
    start = first_day(start_month)
    end = first_day(add_months(start_month, months))
    out = Province([], start=start, end=end)
    for k in range(centres):
        code, name = centre_code(k), f"第{k + 1}市住房公积金管理中心"
        path = root / f"{code}.sqlite3"
        _copy(template, path)
        engine = make_engine(f"sqlite:///{path}")
        with engine.begin() as conn:
            set_info(conn, "code", code)
            set_info(conn, "name", name)
            set_info(conn, "short_name", f"第{k + 1}市")
        result = run(engine, SimConfig(seed=seed + k, members=members, employers=max(2, members // 30),
                                       start_month=start_month, months=months), path="bulk")
        engine.dispose()
        out.centres.append(Built(code, name, f"sqlite:///{path}", result.members))
        if progress:
            progress(f"{name}（{code}）：{result.members}名职工")
    if plant and centres >= 3:
        out.planted = _plant(out, seed=seed, day=date.fromordinal(end.toordinal() - 12))
    return out


def _engine(c: Built):
    from anju.db import make_engine

    return make_engine(c.url)


def _person(seed: int, index: int, start: date):
    from anju.registry.service import PersonInput

    p = person_spec(seed, index, start)
    return p, PersonInput(id_number=p.id_number, name=p.name, phone=p.phone, marital_status=p.marital_status,
                          monthly_income=800_000)


def _paying_member(c: Built, seed: int, start: date, skip: int = 0) -> tuple[int, int]:
    """The first member (after ``skip`` such) of the centre's plan with a 正常 account at an employer: (index,
    account id)."""
    from sqlalchemy import select

    from anju.registry.tables import account, person

    engine = _engine(c)
    with engine.connect() as conn:
        for index in range(200):
            idn = person_spec(seed, index, start).id_number
            row = conn.execute(select(account.c.id).join(person, person.c.id == account.c.person_id)
                               .where(person.c.id_number == idn, account.c.status == "01",
                                      account.c.employer_id.is_not(None))).first()
            if row and skip:
                skip -= 1
            elif row:
                return index, row.id
    raise ValueError(f"{c.name}没有正常缴存的职工")


def _remote_loan(c: Built, who, *, day: date, address: str, contract_no: str) -> str:
    engine = _engine(c)
    try:
        return remote_loan(engine, who, day=day, address=address, contract_no=contract_no)
    finally:
        engine.dispose()


def remote_loan(engine, who, *, day: date, address: str, contract_no: str) -> str:
    """A loan to a person contributing in another city (异地缴存), taken through origination to disbursement."""
    from anju.db import UnitOfWork
    from anju.loanapp import demo as origination
    from anju.registry.service import find_or_create_person
    from anju.workcal.service import load_calendar

    team = origination.crew("prov")
    with UnitOfWork(engine) as uow:
        person_id, problems = find_or_create_person(uow, who, as_of=day)
        if problems:
            raise ValueError(f"借款人信息有误：{problems}")
        pay_day = load_calendar(uow.conn).next_workday(day, include_self=True)
        done = origination.originate(
            uow, person_id, 30_000_000, 240, as_of=day, team=team, fit=True, disburse_on=pay_day, bank_code="01",
            extra={"remote": "1", "remote_centre": "长沙住房公积金管理中心", "remote_balance": "60000.00",
                   "remote_months": "60", "remote_monthly": "2000.00", "property_address": address,
                   "purchase_contract_no": contract_no})
        uow.commit()
    return done.loan_no


def _withdraw(c: Built, account_id: int, member: int, *, day: date, address: str, contract_no: str) -> None:
    """A down-payment withdrawal (支付购房首付款) applied, reviewed, approved and paid through the bank's file."""
    from anju.auth.actor import cli_actor
    from anju.bank.queries import banks as bank_list
    from anju.core.errors import AnjuError
    from anju.db import UnitOfWork
    from anju.policy.store import load_store
    from anju.sim.activity.withdrawal import _card
    from anju.withdrawal import payout, queries
    from anju.withdrawal import service as wd

    engine = _engine(c)
    finance = cli_actor("sim-finance")
    with engine.connect() as conn:
        docs = list(load_store(conn).at(day)["withdrawal.reason.purchase_down"]["documents"])
    with UnitOfWork(engine) as uow:
        applied = wd.apply(uow, cli_actor("sim"), account_id=account_id, kind="purchase_down", documents=docs,
                           facts={"property_address": address, "contract_no": contract_no,
                                  "contract_date": date.fromordinal(day.toordinal() - 20).isoformat(),
                                  "down_payment": "200000.00"},
                           payee=wd.Payee(card_no=_card(member), card_bank="省城受托银行"), as_of=day)
        wd.review(uow, cli_actor("sim-reviewer"), withdrawal_id=applied.id, as_of=day)
        wd.approve(uow, cli_actor("sim-approver"), withdrawal_id=applied.id, as_of=day)
        uow.commit()
    with engine.connect() as conn:
        banks = [b.code for b in bank_list(conn)]
    for bank in banks:
        with UnitOfWork(engine) as uow:
            try:
                batch = wd.create_payout_batch(uow, finance, bank_code=bank, pay_day=day)
            except AnjuError:
                continue  # nothing to pay through this bank
            uow.commit()
        with engine.connect() as conn:
            lines = queries.batch_lines(conn, batch.id)
        results = [payout.Result(ln.payment_no, True, "", f"PROV{ln.id:08d}") for ln in lines]
        with UnitOfWork(engine) as uow:
            wd.load_payout_result(uow, finance, batch_id=batch.id, data=payout.result_csv(results),
                                  filename=f"prov-{bank}.csv", as_of=day)
            uow.commit()
    engine.dispose()


def _plant(p: Province, *, seed: int, day: date) -> list[Case]:
    from anju.auth.actor import cli_actor
    from anju.db import UnitOfWork
    from anju.registry import service as registry
    from anju.transfer import service as transfer

    clerk = cli_actor("sim")
    a, b, c = p.centres[0], p.centres[1], p.centres[2]
    month = day.year * 100 + day.month
    cases = []

    # 异地重复缴存: a paying member of centre A opens an account at an employer of centre B
    index, _ = _paying_member(a, seed, p.start)
    spec, who = _person(seed, index, p.start)
    engine = _engine(b)
    with UnitOfWork(engine) as uow:
        from sqlalchemy import select

        from anju.registry.queries import employer_numbers

        emp = uow.conn.execute(select(employer_numbers().c.id).order_by("id")).first().id
        registry.open_account(uow, clerk, employer_id=emp, who=who, base=800_000, first_month=month, as_of=day)
        uow.commit()
    engine.dispose()
    cases.append(Case("sv.dup_contrib", spec.id_number, frozenset({a.code, b.code})))

    # 多地同时贷款: one outsider borrows in centres A and B (异地缴存 borrower in both)
    spec, who = _person(OUTSIDERS_SEED, 0, p.start)
    for k, centre in enumerate((a, b)):
        _remote_loan(centre, who, day=day, address=f"{centre.name[:3]}湘江路{k + 1}号1栋101室",
                     contract_no=f"WQ-{centre.code}-L{k}")
    cases.append(Case("sv.multi_loan", spec.id_number, frozenset({a.code, b.code})))

    # 同一房屋多地使用: two outsiders borrow in centres B and C for the same home (the address typed two ways)
    x, who_x = _person(OUTSIDERS_SEED, 1, p.start)
    y, who_y = _person(OUTSIDERS_SEED, 2, p.start)
    _remote_loan(b, who_x, day=day, address="省城芙蓉路88号3栋1201室", contract_no="WQ-HOME-B")
    _remote_loan(c, who_y, day=day, address="省城芙蓉路８８号三栋一二〇一", contract_no="WQ-HOME-C")
    cases.append(Case("sv.same_home", x.id_number, frozenset({b.code})))
    cases.append(Case("sv.same_home", y.id_number, frozenset({c.code})))

    # 同一房屋多地使用 with a withdrawal: a member of centre A withdraws for a down payment on a home that an
    # outsider borrows on in centre C
    index, account_id = _paying_member(a, seed, p.start, skip=1)
    spec, _ = _person(seed, index, p.start)
    _withdraw(a, account_id, index, day=day, address="省城湘江路5号2栋301室", contract_no="WQ-HOME-W")
    z, who_z = _person(OUTSIDERS_SEED, 3, p.start)
    _remote_loan(c, who_z, day=day, address="省城湘江路5号2栋301", contract_no="WQ-HOME-Z")
    cases.append(Case("sv.same_home", spec.id_number, frozenset({a.code})))
    cases.append(Case("sv.same_home", z.id_number, frozenset({c.code})))

    # 频繁异地转移: a paying member of centre C is sealed and transferred out, then opens as a flexible worker in
    # centre A and is transferred out again
    index, account_id = _paying_member(c, seed + 2, p.start)
    spec, who = _person(seed + 2, index, p.start)
    engine = _engine(c)
    with UnitOfWork(engine) as uow:
        registry.seal(uow, clerk, account_id=account_id, reason="离职", as_of=day)
        transfer.transfer_out(uow, clerk, account_id=account_id, day=day, to_centre=a.name, letter_no="LXH-PROV-1",
                              bank_code="01")
        uow.commit()
    engine.dispose()
    engine = _engine(a)
    with UnitOfWork(engine) as uow:
        opened = registry.open_flexible(uow, clerk, who=who, base=500_000, total_ratio=Decimal("0.24"),
                                        first_month=month, as_of=day)
        transfer.transfer_out(uow, clerk, account_id=opened.account_id, day=day, to_centre=b.name,
                              letter_no="LXH-PROV-2", bank_code="01")
        uow.commit()
    engine.dispose()
    cases.append(Case("sv.repeat_transfer", spec.id_number, frozenset({a.code, c.code})))
    return cases


def export(p: Province, root: Path, *, since: date | None = None) -> list[Path]:
    """Each centre's JGJ/T 320 export (Parquet and CSV with the manifest) under ``root/<code>``."""
    from anju.auth.actor import cli_actor
    from anju.report.jgj import export_standard

    out = []
    for c in p.centres:
        engine = _engine(c)
        with engine.connect() as conn:
            export_standard(conn, cli_actor("sim-province"), root / c.code, as_of=p.last_day, since=since,
                            formats=("parquet",))
        engine.dispose()
        out.append(root / c.code)
    return out


