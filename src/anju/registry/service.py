"""Registry use cases: employers, persons and accounts, and every member change (变更清册)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, func, insert, select, update

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.auth.scope import scope_employer
from anju.bank import queries as banks
from anju.core.canon import dumps
from anju.core.dates import first_day, month_of
from anju.core.errors import AnjuError, ErrorCode, NotFound, Problem, ValidationFailed
from anju.core.ids import validate_uscc
from anju.core.sheets import formula_problems
from anju.db.locks import for_update
from anju.db.uow import UnitOfWork
from anju.org import queries as org
from anju.policy.store import load_store, policy_at
from anju.registry import rules
from anju.registry.codes import (
    INDUSTRIES,
    AccountKind,
    AccountStatus,
    EmployerKind,
    EmployerStatus,
    MaritalStatus,
    TxnType,
)
from anju.registry.errors import RegistryError
from anju.registry.permissions import P
from anju.registry.tables import (
    account,
    account_terms,
    employer,
    employer_status_history,
    member_txn,
    member_txn_detail,
    number_seq,
    person,
)

# --------------------------------------------------------------------------------------------- numbers


def next_numbers(conn: Connection, name: str, count: int = 1) -> range:
    """Reserve ``count`` consecutive numbers of a named sequence (row-locked on PostgreSQL)."""
    last = conn.execute(for_update(conn, select(number_seq.c.last).where(number_seq.c.name == name))).scalar()
    if last is None:
        conn.execute(insert(number_seq).values(name=name, last=0))
        last = 0
    conn.execute(update(number_seq).where(number_seq.c.name == name).values(last=last + count))
    return range(last + 1, last + count + 1)


# --------------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class EmployerInput:
    uscc: str
    name: str
    kind: str
    bank_code: str
    branch_code: str
    pay_day: int
    employer_ratio: Decimal
    member_ratio: Decimal
    first_month: int
    industry: str | None = None
    address: str = ""
    legal_rep: str = ""
    agent_name: str = ""
    agent_phone: str = ""


EMPLOYER_EDITABLE = ("name", "kind", "industry", "address", "legal_rep", "agent_name", "agent_phone",
                     "bank_code", "branch_code", "pay_day")


@dataclass(frozen=True)
class PersonInput:
    id_number: str
    name: str
    phone: str = ""
    marital_status: str = MaritalStatus.UNKNOWN.value
    sex: str | None = None  # optional cross-check against the ID
    birth_date: date | None = None  # optional cross-check against the ID
    monthly_income: int | None = None


@dataclass(frozen=True)
class Opened:
    account_id: int
    account_no: str
    person_id: int
    reactivated: bool = False
    terms: rules.Terms | None = field(default=None, compare=False)


# --------------------------------------------------------------------------------------------- helpers


def _lock(conn: Connection, table, row_id: int):
    return conn.execute(for_update(conn, select(table).where(table.c.id == row_id))).first()


def lock_account(conn: Connection, account_id: int):
    """The member account's row, locked until the transaction ends (the account's one lock; ``anju.db.locks``)."""
    return get_account(conn, account_id, lock=True)


def lock_employer(conn: Connection, employer_id: int):
    """The employer's row, locked until the transaction ends."""
    return get_employer(conn, employer_id, lock=True)


def lock_persons(conn: Connection, person_ids) -> None:
    """Lock the person rows of ``person_ids`` in id order (a family's applications queue on them)."""
    ids = sorted(set(person_ids))
    conn.execute(for_update(conn, select(person.c.id).where(person.c.id.in_(ids)).order_by(person.c.id))).all()


def get_employer(conn: Connection, employer_id: int, *, lock: bool = False):
    row = _lock(conn, employer, employer_id) if lock else conn.execute(
        select(employer).where(employer.c.id == employer_id)).first()
    if row is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="缴存单位", key=employer_id)
    return row


def get_account(conn: Connection, account_id: int, *, lock: bool = False):
    row = _lock(conn, account, account_id) if lock else conn.execute(
        select(account).where(account.c.id == account_id)).first()
    if row is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="个人账户", key=account_id)
    return row


# Free text of an employer that ends up in exports: refused when a spreadsheet would run it as a formula.
EMPLOYER_FREE_TEXT = {"name": "单位名称", "address": "单位地址", "legal_rep": "法定代表人", "agent_name": "经办人"}


def _check_employer_fields(conn: Connection, values: dict, problems: list[Problem]) -> None:
    if "name" in values and not str(values["name"]).strip():
        problems.append(Problem.of(RegistryError.EMPLOYER_NAME_EMPTY, field="单位名称"))
    problems += formula_problems({label: values[key] for key, label in EMPLOYER_FREE_TEXT.items()
                                  if isinstance(values.get(key), str)})
    if "kind" in values:
        try:
            EmployerKind(values["kind"])
        except ValueError:
            problems.append(Problem.of(RegistryError.EMPLOYER_KIND_INVALID, field="单位性质", kind=values['kind']))
    if values.get("industry") and values["industry"] not in INDUSTRIES:
        problems.append(Problem.of(RegistryError.INDUSTRY_INVALID, field="所属行业", industry=values['industry']))
    if "bank_code" in values and not str(values["bank_code"] or "").strip():
        problems.append(Problem.of(RegistryError.BANK_REQUIRED, field="受托银行"))
    elif "bank_code" in values and not banks.bank_code_exists(conn, values["bank_code"]):
        problems.append(Problem.of(RegistryError.BANK_UNKNOWN, field="受托银行", bank_code=values["bank_code"]))
    if "branch_code" in values and not str(values["branch_code"] or "").strip():
        problems.append(Problem.of(RegistryError.BRANCH_REQUIRED, field="管理部"))
    elif "branch_code" in values and not org.branch_exists(conn, values["branch_code"]):
        problems.append(Problem.of(RegistryError.BRANCH_UNKNOWN, field="管理部", branch_code=values["branch_code"]))
    if "agent_phone" in values:
        problems += rules.check_phone(values["agent_phone"], field="经办人电话")
    if "pay_day" in values and not (isinstance(values["pay_day"], int) and 1 <= values["pay_day"] <= 31):
        problems.append(Problem.of(RegistryError.PAYDAY_INVALID, field="发薪日"))


def _employer_snapshot(row) -> dict:
    return {k: getattr(row, k) for k in ("name", "kind", "industry", "address", "legal_rep", "agent_name",
                                         "agent_phone", "bank_code", "branch_code", "pay_day", "employer_ratio",
                                         "member_ratio", "status", "paid_through")}


def add_event(uow: UnitOfWork, acct, *, type_: TxnType, on: date, note: str, detail: dict | None = None,
              employer_id: int | None = None) -> int:
    """A member business-detail row that moves no money (开户, 封存, 转移, 基数调整 …)."""
    txn_id = uow.conn.execute(insert(member_txn).values(
        account_id=acct.id, employer_id=employer_id if employer_id is not None else acct.employer_id,
        txn_date=on, type=type_.value, amount=0, current_amount=0, prior_amount=0, interest_amount=0,
        entry_flag="01", balance_after=acct.balance, note=note[:200],
    ).returning(member_txn.c.id)).scalar_one()
    if detail:
        uow.conn.execute(insert(member_txn_detail).values(txn_id=txn_id, detail_json=dumps(detail)))
    return txn_id


def _set_terms(uow: UnitOfWork, account_id: int, terms: rules.Terms, from_month: int) -> None:
    """Record terms from a month on; the account row carries the latest terms."""
    conn = uow.conn
    existing = conn.execute(select(account_terms.c.id).where(account_terms.c.account_id == account_id,
                                                             account_terms.c.from_month == from_month)).first()
    values = {"base": terms.base, "employer_ratio": terms.employer_ratio, "member_ratio": terms.member_ratio,
              "employer_amount": terms.employer_amount, "member_amount": terms.member_amount,
              "recorded_at": uow.now()}
    if existing:
        conn.execute(update(account_terms).where(account_terms.c.id == existing.id).values(**values))
    else:
        conn.execute(insert(account_terms).values(account_id=account_id, from_month=from_month, **values))
    latest = conn.execute(select(func.max(account_terms.c.from_month))
                          .where(account_terms.c.account_id == account_id)).scalar_one()
    if latest == from_month:
        conn.execute(update(account).where(account.c.id == account_id).values(
            base=terms.base, employer_ratio=terms.employer_ratio, member_ratio=terms.member_ratio,
            employer_amount=terms.employer_amount, member_amount=terms.member_amount, terms_from=from_month,
            updated_at=uow.now()))


def terms_for_month(conn: Connection, account_id: int, month: int) -> rules.Terms | None:
    row = conn.execute(select(account_terms).where(account_terms.c.account_id == account_id,
                                                   account_terms.c.from_month <= month)
                       .order_by(account_terms.c.from_month.desc()).limit(1)).first()
    if row is None:
        return None
    return rules.Terms(row.base, row.employer_ratio, row.member_ratio, row.employer_amount, row.member_amount)


# --------------------------------------------------------------------------------------------- employers


def open_employer(uow: UnitOfWork, actor: Actor, *, data: EmployerInput, as_of: date) -> tuple[int, str]:
    """单位开户: every problem with the input is reported at once."""
    require(actor, P.EMPLOYER_MANAGE)
    conn = uow.conn
    problems: list[Problem] = []
    uscc = data.uscc
    try:
        uscc = validate_uscc(data.uscc)
    except AnjuError as exc:
        problems.append(Problem.from_error(exc, field="统一社会信用代码"))
    else:
        dup = conn.execute(select(employer.c.account_no, employer.c.name).where(employer.c.uscc == uscc)).first()
        if dup:
            problems.append(Problem.of(RegistryError.USCC_TAKEN, field="统一社会信用代码", dup_name=dup.name,
                                       account_no=dup.account_no))
    values = asdict(data)
    _check_employer_fields(conn, values, problems)
    policy = policy_at(conn, as_of)
    problems += rules.check_ratios(data.employer_ratio, data.member_ratio, policy)
    if data.first_month < month_of(as_of) - 100:
        problems.append(Problem.of(RegistryError.FIRST_MONTH_TOO_EARLY, field="起缴年月"))
    if problems:
        raise ValidationFailed(problems, summary="单位开户信息有误")
    now = uow.now()
    (seq,) = next_numbers(conn, "employer")
    account_no = rules.employer_account_no(seq)
    employer_id = conn.execute(insert(employer).values(
        account_no=account_no, uscc=uscc, name=data.name.strip(), kind=data.kind, industry=data.industry,
        address=data.address, legal_rep=data.legal_rep, agent_name=data.agent_name,
        agent_phone=rules.normalise_phone(data.agent_phone),
        bank_code=data.bank_code, branch_code=data.branch_code, pay_day=data.pay_day,
        employer_ratio=data.employer_ratio, member_ratio=data.member_ratio, status=EmployerStatus.NORMAL.value,
        status_date=as_of, status_reason="开户", opened_on=as_of, first_month=data.first_month, paid_through=None,
        created_at=now, updated_at=now,
    ).returning(employer.c.id)).scalar_one()
    conn.execute(insert(employer_status_history).values(employer_id=employer_id, status=EmployerStatus.NORMAL.value,
                                                        from_date=as_of, reason="开户", created_at=now,
                                                        created_by=actor.username))
    audit.record(uow, actor, action="registry.employer.open", entity_type="employer", entity_id=employer_id,
                 after={"account_no": account_no, **values, "uscc": uscc})
    return employer_id, account_no


def change_employer(uow: UnitOfWork, actor: Actor, *, employer_id: int, changes: dict, as_of: date) -> None:
    """单位信息变更 (names, contacts, bank, branch, pay day …); ratios change through change_employer_ratios."""
    require(actor, P.EMPLOYER_MANAGE)
    conn = uow.conn
    row = get_employer(conn, employer_id, lock=True)
    unknown = set(changes) - set(EMPLOYER_EDITABLE)
    problems = [Problem.of(RegistryError.FIELD_NOT_EDITABLE, field=k, k=k) for k in sorted(unknown)]
    _check_employer_fields(conn, changes, problems)
    if problems:
        raise ValidationFailed(problems, summary="单位信息变更有误")
    if "agent_phone" in changes:
        changes = {**changes, "agent_phone": rules.normalise_phone(changes["agent_phone"])}
    before = _employer_snapshot(row)
    conn.execute(update(employer).where(employer.c.id == employer_id).values(**changes, updated_at=uow.now()))
    audit.record(uow, actor, action="registry.employer.change", entity_type="employer", entity_id=employer_id,
                 before={k: before[k] for k in changes}, after=changes)


def set_employer_status(uow: UnitOfWork, actor: Actor, *, employer_id: int, status: EmployerStatus, reason: str,
                        as_of: date) -> None:
    """单位状态变更: 正常, 缓缴 (through an approved deferral), 封存, 销户 — with reason and date."""
    require(actor, P.EMPLOYER_MANAGE)
    conn = uow.conn
    row = get_employer(conn, employer_id, lock=True)
    if not reason.strip():
        raise ValidationFailed([Problem.of(RegistryError.STATUS_REASON_REQUIRED, field="原因")])
    if row.status == EmployerStatus.CLOSED.value:
        raise AnjuError(RegistryError.EMPLOYER_CLOSED)
    if status in (EmployerStatus.CLOSED, EmployerStatus.SEALED):
        active = conn.execute(select(func.count()).select_from(account).where(
            account.c.employer_id == employer_id, account.c.status == AccountStatus.NORMAL.value)).scalar_one()
        if active:
            raise AnjuError(RegistryError.EMPLOYER_HAS_ACTIVE_MEMBERS, active=active)
    values = {"status": status.value, "status_date": as_of, "status_reason": reason, "updated_at": uow.now()}
    if status is EmployerStatus.CLOSED:
        values["closed_on"] = as_of
    conn.execute(update(employer).where(employer.c.id == employer_id).values(**values))
    conn.execute(insert(employer_status_history).values(employer_id=employer_id, status=status.value, from_date=as_of,
                                                        reason=reason, created_at=uow.now(),
                                                        created_by=actor.username))
    audit.record(uow, actor, action="registry.employer.status", entity_type="employer", entity_id=employer_id,
                 before={"status": row.status}, after={"status": status.value, "reason": reason})


def change_employer_ratios(uow: UnitOfWork, actor: Actor, *, employer_id: int, employer_ratio: Decimal,
                           member_ratio: Decimal, from_month: int, as_of: date) -> int:
    """比例变更 for a whole employer: new defaults and new terms for each of its contributing members."""
    require(actor, P.EMPLOYER_MANAGE)
    conn = uow.conn
    row = get_employer(conn, employer_id, lock=True)
    policy = policy_at(conn, as_of)
    problems = rules.check_ratios(employer_ratio, member_ratio, policy)
    if problems:
        raise ValidationFailed(problems, summary="缴存比例超出政策范围")
    conn.execute(update(employer).where(employer.c.id == employer_id).values(
        employer_ratio=employer_ratio, member_ratio=member_ratio, updated_at=uow.now()))
    members = conn.execute(select(account).where(account.c.employer_id == employer_id,
                                                 account.c.status == AccountStatus.NORMAL.value)).all()
    for acct in members:
        terms = rules.make_terms(acct.base, employer_ratio, member_ratio, policy)
        _set_terms(uow, acct.id, terms, from_month)
        add_event(uow, acct, type_=TxnType.OTHER, on=as_of, note="比例变更",
                  detail={"from_month": from_month, "employer_ratio": employer_ratio, "member_ratio": member_ratio})
    audit.record(uow, actor, action="registry.employer.ratios", entity_type="employer", entity_id=employer_id,
                 before={"employer_ratio": row.employer_ratio, "member_ratio": row.member_ratio},
                 after={"employer_ratio": employer_ratio, "member_ratio": member_ratio, "from_month": from_month,
                        "members": len(members)})
    return len(members)


def apply_approved_ratios(uow: UnitOfWork, *, employer_id: int, employer_ratio: Decimal, member_ratio: Decimal,
                          from_month: int, as_of: date, note: str) -> None:
    """Ratios approved elsewhere (降低缴存比例 and its end): the employer's and every contributing member's terms
    from ``from_month``, without the policy-window check, each member with a row saying ``note``."""
    conn = uow.conn
    policy = load_store(conn).at(max(as_of, first_day(from_month)))
    conn.execute(update(employer).where(employer.c.id == employer_id).values(
        employer_ratio=employer_ratio, member_ratio=member_ratio, updated_at=uow.now()))
    for acct in conn.execute(select(account).where(account.c.employer_id == employer_id,
                                                   account.c.status == AccountStatus.NORMAL.value)).all():
        _set_terms(uow, acct.id, rules.make_terms(acct.base, employer_ratio, member_ratio, policy), from_month)
        add_event(uow, acct, type_=TxnType.OTHER, on=as_of, note=note,
                  detail={"from_month": from_month, "employer_ratio": employer_ratio, "member_ratio": member_ratio})


def lock_balances(conn: Connection, account_ids) -> list:
    """(id, account_no, balance) of the accounts, locked for the transaction, in account number order."""
    return conn.execute(select(account.c.id, account.c.account_no, account.c.balance)
                        .where(account.c.id.in_(sorted(account_ids))).order_by(account.c.account_no)
                        .with_for_update()).all()


# --------------------------------------------------------------------------------------------- persons


def find_or_create_person(uow: UnitOfWork, data: PersonInput, *, as_of: date) -> tuple[int, list[Problem]]:
    conn = uow.conn
    rid, problems = rules.check_person(data.id_number, data.name, as_of=as_of, sex=data.sex,
                                       birth_date=data.birth_date, phone=data.phone)
    try:
        MaritalStatus(data.marital_status)
    except ValueError:
        problems.append(Problem.of(RegistryError.MARITAL_STATUS_INVALID, field="婚姻状况",
                                   marital_status=data.marital_status))
    if problems:
        return 0, problems
    existing = conn.execute(select(person).where(person.c.id_number == rid.number)).first()
    if existing is not None:
        if existing.name != data.name.strip():
            return 0, [Problem.of(RegistryError.NAME_DIFFERS, field="姓名", existing_name=existing.name)]
        return existing.id, []
    now = uow.now()
    pid = conn.execute(insert(person).values(
        id_number=rid.number, name=data.name.strip(), sex=rid.sex, birth_date=rid.birth_date, phone=rules.normalise_phone(data.phone),
        marital_status=data.marital_status, monthly_income=data.monthly_income, created_at=now, updated_at=now,
    ).returning(person.c.id)).scalar_one()
    return pid, []


def link_spouse(uow: UnitOfWork, actor: Actor, *, person_id: int, spouse_id: int) -> None:
    require(actor, P.MEMBER_MANAGE)
    conn = uow.conn
    if person_id == spouse_id:
        raise ValidationFailed([Problem.of(RegistryError.SPOUSE_SELF, field="配偶")])
    for pid, other in ((person_id, spouse_id), (spouse_id, person_id)):
        conn.execute(update(person).where(person.c.id == pid).values(spouse_id=other, marital_status="20",
                                                                     updated_at=uow.now()))
    audit.record(uow, actor, action="registry.person.spouse", entity_type="person", entity_id=person_id,
                 after={"spouse_id": spouse_id})


# --------------------------------------------------------------------------------------------- accounts


def open_account(uow: UnitOfWork, actor: Actor, *, employer_id: int, who: PersonInput, base: int,
                 first_month: int, as_of: date, employer_ratio: Decimal | None = None,
                 member_ratio: Decimal | None = None) -> Opened:
    """职工开户 (新增): one person per ID, one fund account per person."""
    require(actor, P.MEMBER_MANAGE)
    scope_employer(actor, employer_id)
    conn = uow.conn
    emp = get_employer(conn, employer_id)
    problems: list[Problem] = []
    if emp.status in (EmployerStatus.CLOSED.value, EmployerStatus.SEALED.value):
        problems.append(Problem.of(RegistryError.EMPLOYER_NOT_OPEN, field="单位",
                                   status=EmployerStatus(emp.status).label))
    policy = policy_at(conn, as_of)
    er = emp.employer_ratio if employer_ratio is None else employer_ratio
    mr = emp.member_ratio if member_ratio is None else member_ratio
    problems += rules.check_base(base, policy) + rules.check_ratios(er, mr, policy)
    pid, person_problems = find_or_create_person(uow, who, as_of=as_of)
    problems += person_problems
    existing = None
    if pid:
        existing = conn.execute(select(account).where(account.c.person_id == pid)).first()
        if existing is not None and not AccountStatus(existing.status).closed:
            problems.append(Problem.of(RegistryError.MEMBER_HAS_ACCOUNT, field="证件号码",
                                       account_no=existing.account_no,
                                       status=AccountStatus(existing.status).label))
    if problems:
        raise ValidationFailed(problems, summary="职工开户信息有误")
    terms = rules.make_terms(base, er, mr, policy)
    now = uow.now()
    if existing is not None:  # a closed account of the same person is opened again, keeping its number
        conn.execute(update(account).where(account.c.id == existing.id).values(
            employer_id=employer_id, kind=AccountKind.EMPLOYEE.value, status=AccountStatus.NORMAL.value,
            status_date=as_of, closed_on=None, opened_on=as_of, jishu=0, jishu_rated=0,
            accrued_day=as_of.toordinal(), updated_at=now))
        acct_id, acct_no, reactivated = existing.id, existing.account_no, True
    else:
        (seq,) = next_numbers(conn, "account")
        acct_no = rules.member_account_no(seq)
        acct_id = conn.execute(insert(account).values(
            account_no=acct_no, person_id=pid, employer_id=employer_id, kind=AccountKind.EMPLOYEE.value,
            status=AccountStatus.NORMAL.value, status_date=as_of, frozen=False, opened_on=as_of,
            base=terms.base, employer_ratio=er, member_ratio=mr, employer_amount=terms.employer_amount,
            member_amount=terms.member_amount, terms_from=first_month, balance=0, prior_balance=0,
            current_balance=0, jishu=0, jishu_rated=0, accrued_day=as_of.toordinal(), created_at=now, updated_at=now,
        ).returning(account.c.id)).scalar_one()
        reactivated = False
    _set_terms(uow, acct_id, terms, first_month)
    acct = get_account(conn, acct_id)
    add_event(uow, acct, type_=TxnType.OPEN, on=as_of, note="开户", detail={"first_month": first_month,
                                                                             "base": base})
    audit.record(uow, actor, action="registry.account.open", entity_type="account", entity_id=acct_id,
                 after={"account_no": acct_no, "employer_id": employer_id, "person_id": pid, "base": base,
                        "employer_ratio": er, "member_ratio": mr, "first_month": first_month,
                        "reactivated": reactivated})
    return Opened(acct_id, acct_no, pid, reactivated, terms)


def open_flexible(uow: UnitOfWork, actor: Actor, *, who: PersonInput, base: int, total_ratio: Decimal,
                  first_month: int, as_of: date) -> Opened:
    """灵活就业人员开户: no employer; a self-declared base and one total ratio within the flexible window."""
    require(actor, P.MEMBER_MANAGE)
    conn = uow.conn
    policy = policy_at(conn, as_of)
    problems = rules.check_base(base, policy) + rules.check_flexible_ratio(total_ratio, policy)
    pid, person_problems = find_or_create_person(uow, who, as_of=as_of)
    problems += person_problems
    if pid:
        existing = conn.execute(select(account).where(account.c.person_id == pid)).first()
        if existing is not None:
            problems.append(Problem.of(RegistryError.PERSON_HAS_ACCOUNT, field="证件号码",
                                       account_no=existing.account_no))
    if problems:
        raise ValidationFailed(problems, summary="灵活就业人员开户信息有误")
    terms = rules.Terms(base, Decimal(0), total_ratio, 0, rules.monthly_amount(base, total_ratio, policy))
    now = uow.now()
    (seq,) = next_numbers(conn, "account")
    acct_no = rules.member_account_no(seq)
    acct_id = conn.execute(insert(account).values(
        account_no=acct_no, person_id=pid, employer_id=None, kind=AccountKind.FLEXIBLE.value,
        status=AccountStatus.NORMAL.value, status_date=as_of, frozen=False, opened_on=as_of, base=base,
        employer_ratio=Decimal(0), member_ratio=total_ratio, employer_amount=0, member_amount=terms.member_amount,
        terms_from=first_month, balance=0, prior_balance=0, current_balance=0, jishu=0, jishu_rated=0,
        accrued_day=as_of.toordinal(), created_at=now, updated_at=now,
    ).returning(account.c.id)).scalar_one()
    _set_terms(uow, acct_id, terms, first_month)
    add_event(uow, get_account(conn, acct_id), type_=TxnType.OPEN, on=as_of, note="灵活就业开户",
              detail={"first_month": first_month, "base": base, "total_ratio": total_ratio})
    audit.record(uow, actor, action="registry.account.open_flexible", entity_type="account", entity_id=acct_id,
                 after={"account_no": acct_no, "person_id": pid, "base": base, "total_ratio": total_ratio})
    return Opened(acct_id, acct_no, pid, False, terms)


def _member_action(uow: UnitOfWork, actor: Actor, account_id: int):
    require(actor, P.MEMBER_MANAGE)
    acct = get_account(uow.conn, account_id, lock=True)
    scope_employer(actor, acct.employer_id)
    if AccountStatus(acct.status).closed:
        raise AnjuError(RegistryError.ACCOUNT_CLOSED, account_no=acct.account_no)
    return acct


def seal(uow: UnitOfWork, actor: Actor, *, account_id: int, reason: str, as_of: date) -> None:
    """封存: the member left the employer; the account keeps its balance and earns interest."""
    acct = _member_action(uow, actor, account_id)
    if acct.status != AccountStatus.NORMAL.value:
        raise AnjuError(RegistryError.SEAL_STATUS, status=AccountStatus(acct.status).label)
    if not reason.strip():
        raise ValidationFailed([Problem.of(RegistryError.SEAL_REASON_REQUIRED, field="原因")])
    uow.conn.execute(update(account).where(account.c.id == account_id).values(
        status=AccountStatus.SEALED.value, status_date=as_of, updated_at=uow.now()))
    add_event(uow, acct, type_=TxnType.SEAL, on=as_of, note=f"封存：{reason}")
    audit.record(uow, actor, action="registry.account.seal", entity_type="account", entity_id=account_id,
                 before={"status": acct.status}, after={"status": AccountStatus.SEALED.value, "reason": reason})


def reopen(uow: UnitOfWork, actor: Actor, *, account_id: int, first_month: int, as_of: date,
           base: int | None = None) -> None:
    """启封 at the same employer (a sealed flexible worker resumes the same way)."""
    acct = _member_action(uow, actor, account_id)
    if acct.status != AccountStatus.SEALED.value:
        raise AnjuError(RegistryError.UNSEAL_STATUS, status=AccountStatus(acct.status).label)
    conn = uow.conn
    policy = policy_at(conn, as_of)
    new_base = acct.base if base is None else base
    problems = rules.check_base(new_base, policy)
    if acct.kind == AccountKind.EMPLOYEE.value:
        emp = get_employer(conn, acct.employer_id)
        if emp.status in (EmployerStatus.CLOSED.value, EmployerStatus.SEALED.value):
            problems.append(Problem.of(RegistryError.UNSEAL_EMPLOYER_GONE, field="单位"))
        terms = rules.make_terms(new_base, acct.employer_ratio, acct.member_ratio, policy)
    else:
        terms = rules.Terms(new_base, Decimal(0), acct.member_ratio, 0,
                            rules.monthly_amount(new_base, acct.member_ratio, policy))
    if problems:
        raise ValidationFailed(problems, summary="启封信息有误")
    conn.execute(update(account).where(account.c.id == account_id).values(
        status=AccountStatus.NORMAL.value, status_date=as_of, updated_at=uow.now()))
    _set_terms(uow, account_id, terms, first_month)
    add_event(uow, acct, type_=TxnType.REOPEN, on=as_of, note="启封", detail={"first_month": first_month,
                                                                                "base": new_base})
    audit.record(uow, actor, action="registry.account.reopen", entity_type="account", entity_id=account_id,
                 before={"status": acct.status}, after={"status": "01", "first_month": first_month, "base": new_base})


def transfer(uow: UnitOfWork, actor: Actor, *, account_id: int, to_employer_id: int, first_month: int, as_of: date,
             base: int | None = None) -> None:
    """内部转移: the member moves to another employer of the centre; balance and history move along."""
    require(actor, P.MEMBER_MANAGE)
    conn = uow.conn
    acct = get_account(conn, account_id, lock=True)
    if AccountStatus(acct.status).closed:
        raise AnjuError(RegistryError.ACCOUNT_CLOSED, account_no=acct.account_no)
    # The receiving employer's agent may take in a sealed member; a normal one moves only at the counter.
    scope_employer(actor, to_employer_id)
    if acct.status == AccountStatus.NORMAL.value:
        scope_employer(actor, acct.employer_id)
    if acct.kind != AccountKind.EMPLOYEE.value:
        raise AnjuError(RegistryError.TRANSFER_FLEXIBLE)
    if acct.frozen:
        raise AnjuError(RegistryError.TRANSFER_FROZEN)
    if acct.employer_id == to_employer_id:
        raise ValidationFailed([Problem.of(RegistryError.TRANSFER_SAME_EMPLOYER, field="转入单位")])
    target = get_employer(conn, to_employer_id)
    policy = policy_at(conn, as_of)
    new_base = acct.base if base is None else base
    problems = rules.check_base(new_base, policy)
    if target.status in (EmployerStatus.CLOSED.value, EmployerStatus.SEALED.value):
        problems.append(Problem.of(RegistryError.TRANSFER_TARGET_STATUS, field="转入单位",
                                   status=EmployerStatus(target.status).label))
    if problems:
        raise ValidationFailed(problems, summary="转移信息有误")
    terms = rules.make_terms(new_base, target.employer_ratio, target.member_ratio, policy)
    conn.execute(update(account).where(account.c.id == account_id).values(
        employer_id=to_employer_id, status=AccountStatus.NORMAL.value, status_date=as_of, updated_at=uow.now()))
    _set_terms(uow, account_id, terms, first_month)
    add_event(uow, acct, type_=TxnType.INTERNAL_TRANSFER, on=as_of, note="内部转移", employer_id=to_employer_id,
              detail={"from_employer_id": acct.employer_id, "to_employer_id": to_employer_id,
                      "first_month": first_month, "base": new_base})
    audit.record(uow, actor, action="registry.account.transfer", entity_type="account", entity_id=account_id,
                 before={"employer_id": acct.employer_id, "status": acct.status},
                 after={"employer_id": to_employer_id, "first_month": first_month, "base": new_base})


def change_base(uow: UnitOfWork, actor: Actor, *, account_id: int, base: int, from_month: int, as_of: date,
                reason: str = "基数变更") -> rules.Terms:
    """基数变更 from a month on, checked against the bounds in force for that month."""
    acct = _member_action(uow, actor, account_id)
    conn = uow.conn
    policy = policy_at(conn, max(as_of, first_day(from_month)))
    problems = rules.check_base(base, policy)
    if problems:
        raise ValidationFailed(problems, summary="基数超出政策范围")
    if acct.kind == AccountKind.FLEXIBLE.value:
        terms = rules.Terms(base, Decimal(0), acct.member_ratio, 0, rules.monthly_amount(base, acct.member_ratio, policy))
    else:
        terms = rules.make_terms(base, acct.employer_ratio, acct.member_ratio, policy)
    _set_terms(uow, account_id, terms, from_month)
    add_event(uow, acct, type_=TxnType.BASE_CHANGE, on=as_of, note=reason,
              detail={"from_month": from_month, "before": acct.base, "after": base})
    audit.record(uow, actor, action="registry.account.base", entity_type="account", entity_id=account_id,
                 before={"base": acct.base}, after={"base": base, "from_month": from_month})
    return terms


def change_ratio(uow: UnitOfWork, actor: Actor, *, account_id: int, employer_ratio: Decimal, member_ratio: Decimal,
                 from_month: int, as_of: date) -> rules.Terms:
    """比例变更 for one member."""
    acct = _member_action(uow, actor, account_id)
    conn = uow.conn
    policy = policy_at(conn, max(as_of, first_day(from_month)))
    if acct.kind == AccountKind.FLEXIBLE.value:
        problems = rules.check_flexible_ratio(member_ratio + employer_ratio, policy)
        employer_ratio, member_ratio = Decimal(0), member_ratio + employer_ratio
    else:
        problems = rules.check_ratios(employer_ratio, member_ratio, policy)
    if problems:
        raise ValidationFailed(problems, summary="缴存比例超出政策范围")
    terms = rules.make_terms(acct.base, employer_ratio, member_ratio, policy)
    _set_terms(uow, account_id, terms, from_month)
    add_event(uow, acct, type_=TxnType.OTHER, on=as_of, note="比例变更",
              detail={"from_month": from_month, "employer_ratio": employer_ratio, "member_ratio": member_ratio})
    audit.record(uow, actor, action="registry.account.ratio", entity_type="account", entity_id=account_id,
                 before={"employer_ratio": acct.employer_ratio, "member_ratio": acct.member_ratio},
                 after={"employer_ratio": employer_ratio, "member_ratio": member_ratio, "from_month": from_month})
    return terms


def freeze(uow: UnitOfWork, actor: Actor, *, account_id: int, reason: str, as_of: date, unfreeze: bool = False) -> None:
    """冻结 / 解冻 (e.g. on a court order): a frozen account accepts contributions but pays nothing out."""
    require(actor, P.MEMBER_FREEZE)
    conn = uow.conn
    acct = get_account(conn, account_id, lock=True)
    if not reason.strip():
        raise ValidationFailed([Problem.of(RegistryError.FREEZE_REASON_REQUIRED, field="原因")])
    if unfreeze != bool(acct.frozen):
        raise AnjuError(RegistryError.NOT_FROZEN if unfreeze else RegistryError.ALREADY_FROZEN)
    conn.execute(update(account).where(account.c.id == account_id).values(
        frozen=not unfreeze, freeze_reason="" if unfreeze else reason, updated_at=uow.now()))
    add_event(uow, acct, type_=TxnType.UNFREEZE if unfreeze else TxnType.FREEZE, on=as_of,
              note=("解冻：" if unfreeze else "冻结：") + reason)
    audit.record(uow, actor, action="registry.account.unfreeze" if unfreeze else "registry.account.freeze",
                 entity_type="account", entity_id=account_id, before={"frozen": bool(acct.frozen)},
                 after={"frozen": not unfreeze, "reason": reason})

