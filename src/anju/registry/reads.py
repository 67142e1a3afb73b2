"""Scoped reads of the registry for pages and the API: the permission and the portal scope, then the query.

Staff see every employer and member; an employer agent sees its own employer and the members whose account
is with it; a member sees only their own account. The checks live here (not in routes), so the web page,
the API and any later face share them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, func, select

from anju.auth.actor import Actor, Role, require
from anju.auth.scope import is_staff, scope_employer, scope_person
from anju.core.errors import ErrorCode, Forbidden, NotFound
from anju.registry import queries
from anju.registry.codes import AccountKind, AccountStatus, EmployerKind, EmployerStatus, label_of
from anju.registry.errors import RegistryError
from anju.registry.permissions import P
from anju.registry.tables import account, employer, person


def employer_detail(conn: Connection, actor: Actor, employer_id: int) -> dict:
    """单位概况 (the employer row, labels, head counts, monthly amount due)."""
    require(actor, P.READ)
    scope_employer(actor, employer_id)
    if conn.execute(select(employer.c.id).where(employer.c.id == employer_id)).first() is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="缴存单位", key=employer_id)
    return queries.employer_summary(conn, employer_id)


def find_employers(conn: Connection, actor: Actor, text: str = "", *, limit: int = 50, offset: int = 0):
    """Search by name, 单位账号 or credit code; an agent finds only its own employer."""
    require(actor, P.READ)
    if is_staff(actor):
        return queries.search_employers(conn, text, limit=limit, offset=offset)
    if Role.EMPLOYER_AGENT in actor.roles and actor.employer_id is not None:
        return [r for r in queries.search_employers(conn, text, limit=1_000_000) if r.id == actor.employer_id]
    raise Forbidden(ErrorCode.FORBIDDEN, action="查询缴存单位")


def employer_by_no(conn: Connection, actor: Actor, account_no: str):
    require(actor, P.READ)
    row = queries.employer_by_no(conn, account_no.strip())
    if row is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="单位账号", key=account_no)
    scope_employer(actor, row.id)
    return row


def find_members(conn: Connection, actor: Actor, text: str = "", *, employer_id: int | None = None,
                 limit: int = 50, offset: int = 0):
    """By name, identity number or account number; an agent searches only its own employer's members."""
    require(actor, P.READ)
    if not is_staff(actor):
        if Role.EMPLOYER_AGENT not in actor.roles or actor.employer_id is None:
            raise Forbidden(ErrorCode.FORBIDDEN, action="查询职工")
        if employer_id is not None and employer_id != actor.employer_id:
            raise Forbidden(ErrorCode.FORBIDDEN, action="访问其他单位的数据")
        employer_id = actor.employer_id
    return queries.search_members(conn, text, employer_id=employer_id, limit=limit, offset=offset)


@dataclass(frozen=True)
class MemberView:
    """One member's account as the counter, the employer portal and the member portal show it."""

    person_id: int
    account_id: int
    account_no: str
    name: str
    id_number: str
    sex: str
    birth_date: date
    phone: str
    employer_id: int | None
    employer_no: str | None
    employer_name: str | None
    kind: str
    kind_label: str
    status: str
    status_label: str
    frozen: bool
    freeze_reason: str
    opened_on: date
    base: int
    employer_ratio: object
    member_ratio: object
    employer_amount: int
    member_amount: int
    terms_from: int
    balance: int
    prior_balance: int  # 上年结转
    current_balance: int  # 当年归集
    first_paid: int | None
    paid_through: int | None

    @property
    def monthly_total(self) -> int:
        return self.employer_amount + self.member_amount

    @property
    def flexible(self) -> bool:
        return self.kind == AccountKind.FLEXIBLE.value


_MEMBER_COLUMNS = (account.c.id, account.c.account_no, account.c.person_id, account.c.employer_id, account.c.kind,
                   account.c.status, account.c.frozen, account.c.freeze_reason, account.c.opened_on, account.c.base,
                   account.c.employer_ratio, account.c.member_ratio, account.c.employer_amount,
                   account.c.member_amount, account.c.terms_from, account.c.balance, account.c.prior_balance,
                   account.c.current_balance, account.c.first_paid, account.c.paid_through, person.c.name,
                   person.c.id_number, person.c.sex, person.c.birth_date, person.c.phone,
                   employer.c.account_no.label("employer_no"), employer.c.name.label("employer_name"))


def member(conn: Connection, actor: Actor, person_id: int) -> MemberView:
    """The account of a person (one per person), after the permission and scope checks."""
    require(actor, P.READ)
    # Members are refused another person before anything is read; agents need the account's employer.
    if not is_staff(actor) and Role.MEMBER in actor.roles:
        scope_person(actor, person_id, None)
    r = conn.execute(select(*_MEMBER_COLUMNS)
                     .select_from(account.join(person, person.c.id == account.c.person_id)
                                  .outerjoin(employer, employer.c.id == account.c.employer_id))
                     .where(account.c.person_id == person_id)).first()
    if r is None:
        if not is_staff(actor):
            raise Forbidden(ErrorCode.FORBIDDEN, action="访问他人的账户")
        raise NotFound(ErrorCode.NOT_FOUND, what="职工账户", key=person_id)
    scope_person(actor, person_id, r.employer_id)
    return MemberView(
        person_id=r.person_id, account_id=r.id, account_no=r.account_no, name=r.name, id_number=r.id_number,
        sex="男" if r.sex == "1" else "女", birth_date=r.birth_date, phone=r.phone or "", employer_id=r.employer_id,
        employer_no=r.employer_no, employer_name=r.employer_name, kind=r.kind,
        kind_label=AccountKind(r.kind).label, status=r.status, status_label=label_of(AccountStatus, r.status),
        frozen=bool(r.frozen), freeze_reason=r.freeze_reason or "", opened_on=r.opened_on, base=r.base,
        employer_ratio=r.employer_ratio, member_ratio=r.member_ratio, employer_amount=r.employer_amount,
        member_amount=r.member_amount, terms_from=r.terms_from, balance=r.balance, prior_balance=r.prior_balance,
        current_balance=r.current_balance, first_paid=r.first_paid, paid_through=r.paid_through)


def person_of_account(conn: Connection, actor: Actor, account_no: str) -> int:
    """The person behind an account number (for links from lists and files), scoped like ``member``."""
    row = queries.account_by_no(conn, account_no.strip())
    if row is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="个人账号", key=account_no)
    member(conn, actor, row.person_id)
    return row.person_id


def statement(conn: Connection, actor: Actor, person_id: int, *, start: date | None = None,
              end: date | None = None) -> tuple[MemberView, queries.Statement]:
    """个人明细账 of a person's account over a date range."""
    view = member(conn, actor, person_id)
    return view, queries.statement(conn, view.account_id, start=start, end=end)


def certificate(conn: Connection, actor: Actor, person_id: int, *, as_of: date) -> tuple[MemberView,
                                                                                        queries.Certificate]:
    """缴存证明 as of a date."""
    view = member(conn, actor, person_id)
    return view, queries.certificate(conn, view.account_id, as_of=as_of)


def certificate_facts(cert: queries.Certificate) -> list[tuple[str, str]]:
    """What the 缴存证明's verification page shows (``anju.core.certify``): the identity number masked."""
    from anju.core.dates import format_month
    from anju.core.money import format_yuan

    return [("姓名", cert.name), ("身份证号码", cert.id_masked), ("个人账号", cert.account_no),
            ("缴存单位", cert.employer_name or "灵活就业人员"), ("账户状态", cert.status_label),
            ("月缴存额", f"{format_yuan(cert.monthly_total)}元"),
            ("缴至年月", format_month(cert.paid_through) if cert.paid_through else "尚未缴存"),
            ("账户余额", f"{format_yuan(cert.balance)}元"), ("截至日期", cert.as_of.isoformat())]


def terms_history(conn: Connection, actor: Actor, person_id: int):
    view = member(conn, actor, person_id)
    return queries.terms_history(conn, view.account_id)


def account_page(conn: Connection, actor: Actor, person_id: int, *, recent: int = 12):
    """What the account page shows in one go: the account, its latest terms and its latest rows."""
    view = member(conn, actor, person_id)
    return view, queries.terms_history(conn, view.account_id)[-6:], queries.recent_lines(conn, view.account_id,
                                                                                          limit=recent)


def employer_members(conn: Connection, actor: Actor, employer_id: int, *, status: str | None = None,
                     limit: int = 500, offset: int = 0):
    """职工名册 of an employer with balances (masked identity numbers are the template's job)."""
    require(actor, P.READ)
    scope_employer(actor, employer_id)
    q = (select(account.c.id, account.c.account_no, account.c.person_id, account.c.status, account.c.frozen,
                account.c.base, account.c.employer_amount, account.c.member_amount, account.c.balance,
                account.c.paid_through, person.c.name, person.c.id_number)
         .join(person, person.c.id == account.c.person_id).where(account.c.employer_id == employer_id)
         .order_by(account.c.status, account.c.id).limit(limit).offset(offset))
    if status:
        q = q.where(account.c.status == status)
    return conn.execute(q).all()


def employer_member_count(conn: Connection, actor: Actor, employer_id: int) -> int:
    require(actor, P.READ)
    scope_employer(actor, employer_id)
    return conn.execute(select(func.count()).select_from(account)
                        .where(account.c.employer_id == employer_id)).scalar_one()


def sealed_account_for_transfer_in(conn: Connection, actor: Actor, *, id_number: str, name: str) -> int:
    """转入: the sealed account an employer may take in, found by identity number AND name.

    An agent learns nothing about a person who does not match both (one message for every miss).
    """
    require(actor, P.MEMBER_MANAGE)
    row = conn.execute(select(account.c.id, account.c.status, person.c.name)
                       .join(person, person.c.id == account.c.person_id)
                       .where(person.c.id_number == id_number.strip().upper())).first()
    if row is None or row.name != name.strip() or row.status != AccountStatus.SEALED.value:
        from anju.core.errors import Problem, ValidationFailed

        raise ValidationFailed([Problem.of(RegistryError.SEALED_ACCOUNT_NOT_FOUND, field="证件号码")])
    return row.id


def labels() -> dict:
    """Code lists for forms: 单位性质, 单位状态, 账户状态."""
    return {"employer_kinds": [(k.value, k.label) for k in EmployerKind],
            "employer_statuses": [(s.value, s.label) for s in EmployerStatus],
            "account_statuses": [(s.value, s.label) for s in AccountStatus]}


def form_choices(conn: Connection) -> dict:
    """What the employer forms offer: entrusted banks, branches (管理部), 单位性质, industries."""
    from anju.bank.queries import banks
    from anju.org.queries import branches
    from anju.registry.codes import INDUSTRIES

    return {"banks": [(b.code, b.name) for b in banks(conn, active_only=True)],
            "branches": [(b.code, b.name) for b in branches(conn)],
            "kinds": [(k.value, k.label) for k in EmployerKind], "industries": sorted(INDUSTRIES.items())}
