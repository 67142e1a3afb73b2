"""Read side of the registry: search, statements (个人明细账), certificates (缴存证明), employer statements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, and_, func, or_, select

from anju.core.dates import add_months, month_of
from anju.core.ids import mask_id
from anju.registry import rules
from anju.registry.accrual import rated_days_sql
from anju.registry.codes import (
    STATUS_EVENTS,
    AccountKind,
    AccountStatus,
    EmployerKind,
    EmployerStatus,
    TxnType,
    label_of,
)
from anju.registry.tables import account, account_terms, employer, member_txn, person


def status_changed_since(day: date):
    """Accounts with a status-changing event dated on or after ``day`` (a select of account ids)."""
    return select(member_txn.c.account_id).where(member_txn.c.type.in_(tuple(STATUS_EVENTS)),
                                                 member_txn.c.txn_date >= day)


def last_status_events(*, before: date | None = None, accounts=None):
    """Each account's last status-changing event (dated before ``before``; of the ``accounts`` select only):
    a subquery of (account_id, type)."""
    t = member_txn.c
    ranked = select(t.account_id, t.type, func.row_number().over(
        partition_by=t.account_id, order_by=(t.txn_date.desc(), t.id.desc())).label("rn")).where(
        t.type.in_(tuple(STATUS_EVENTS)))
    if before is not None:
        ranked = ranked.where(t.txn_date < before)
    if accounts is not None:
        ranked = ranked.where(t.account_id.in_(accounts))
    ranked = ranked.subquery()
    return select(ranked.c.account_id, ranked.c.type).where(ranked.c.rn == 1).subquery()


def accrued_to(end: int, spans):
    """Every account with money or 积数, its 积数 carried to the day ``end`` (an ordinal, exclusive) over the rate
    ``spans`` (anju.registry.accrual): a subquery of (account_id, jishu, jishu_rated) for settlement."""
    a = account.c
    return (select(a.id.label("account_id"), (a.jishu + a.balance * (end - a.accrued_day)).label("jishu"),
                   (a.jishu_rated + a.balance * rated_days_sql(spans, a.accrued_day, end)).label("jishu_rated"))
            .where((a.balance > 0) | (a.jishu_rated > 0)).subquery("earning"))


def employer_numbers():
    """Employers' account numbers (单位账号): a subquery of (id, account_no)."""
    return select(employer.c.id, employer.c.account_no).subquery("employer_no")


def employer_account_ids(employer_id: int):
    """An employer's accounts (a select of account ids)."""
    return select(account.c.id).where(account.c.employer_id == employer_id)


def employer_members(conn: Connection, employer_id: int) -> list:
    """An employer's accounts with their holders: id, account_no, employer_id, status, name, id_number."""
    return conn.execute(select(account.c.id, account.c.account_no, account.c.employer_id, account.c.status,
                               person.c.name, person.c.id_number)
                        .join(person, person.c.id == account.c.person_id)
                        .where(account.c.employer_id == employer_id)).all()


def employer_terms(conn: Connection, employer_id: int) -> dict[int, list[tuple[int, rules.Terms]]]:
    """The terms history of an employer's accounts: account id → [(from month, terms)] in month order."""
    terms: dict[int, list[tuple[int, rules.Terms]]] = {}
    for t in conn.execute(select(account_terms).join(account, account.c.id == account_terms.c.account_id)
                          .where(account.c.employer_id == employer_id).order_by(account_terms.c.from_month)):
        terms.setdefault(t.account_id, []).append(
            (t.from_month, rules.Terms(t.base, t.employer_ratio, t.member_ratio, t.employer_amount,
                                       t.member_amount)))
    return terms


def registered_at(conn: Connection, id_number: str):
    """Where a person's account is registered: (employer_id, name), name None for a flexible worker; None when
    the person has no account."""
    return conn.execute(select(account.c.employer_id, employer.c.name)
                        .join(person, person.c.id == account.c.person_id)
                        .outerjoin(employer, employer.c.id == account.c.employer_id)
                        .where(person.c.id_number == id_number)).first()


def contributing_accounts(employer_id: int, period: int):
    """An employer's employees contributing in ``period`` (normal status, terms in force): a subquery of
    (id, base, employer_amount, member_amount)."""
    a = account.c
    return (select(a.id, a.base, a.employer_amount, a.member_amount)
            .where(a.employer_id == employer_id, a.status == AccountStatus.NORMAL.value, a.terms_from <= period,
                   a.kind == AccountKind.EMPLOYEE.value).subquery("contributing"))


def ratios_before(conn: Connection, employer_id: int, month: int):
    """The ratios (employer_ratio, member_ratio) of an employer's latest terms from before ``month``, or None."""
    before = conn.execute(select(func.max(account_terms.c.from_month)).join(
        account, account.c.id == account_terms.c.account_id).where(
        account.c.employer_id == employer_id, account_terms.c.from_month < month)).scalar()
    return conn.execute(select(account_terms.c.employer_ratio, account_terms.c.member_ratio).join(
        account, account.c.id == account_terms.c.account_id).where(
        account.c.employer_id == employer_id, account_terms.c.from_month == before).limit(1)).first()


def employer_by_no(conn: Connection, account_no: str):
    return conn.execute(select(employer).where(employer.c.account_no == account_no)).first()


def account_by_no(conn: Connection, account_no: str):
    return conn.execute(select(account).where(account.c.account_no == account_no)).first()


def account_of_person(conn: Connection, id_number: str):
    return conn.execute(select(account).join(person, person.c.id == account.c.person_id)
                        .where(person.c.id_number == id_number.strip().upper())).first()


def search_employers(conn: Connection, text: str = "", *, limit: int = 50, offset: int = 0):
    q = select(employer).order_by(employer.c.id).limit(limit).offset(offset)
    t = text.strip()
    if t:
        q = q.where(or_(employer.c.name.contains(t), employer.c.account_no == t, employer.c.uscc == t.upper()))
    return conn.execute(q).all()


def search_members(conn: Connection, text: str = "", *, employer_id: int | None = None, limit: int = 50,
                   offset: int = 0):
    """By name (contains), identity number or account number; joined rows of account, person and employer."""
    q = (select(account.c.id, account.c.account_no, account.c.status, account.c.frozen, account.c.balance,
                account.c.paid_through, account.c.kind, account.c.employer_id, person.c.id.label("person_id"),
                person.c.name, person.c.id_number, employer.c.name.label("employer_name"))
         .select_from(account.join(person, person.c.id == account.c.person_id)
                      .outerjoin(employer, employer.c.id == account.c.employer_id))
         .order_by(account.c.id).limit(limit).offset(offset))
    t = text.strip()
    if t:
        q = q.where(or_(person.c.name.contains(t), person.c.id_number == t.upper(), account.c.account_no == t))
    if employer_id is not None:
        q = q.where(account.c.employer_id == employer_id)
    return conn.execute(q).all()


# ------------------------------------------------------------------ for other areas' checks, reads and indicators


def employer_heads():
    """A subquery of every employer's (id, account_no, name, paid_through), for SQL of another area whose rows
    carry an employer id (join it on ``id``)."""
    e = employer.c
    return select(e.id, e.account_no, e.name, e.paid_through).subquery("employer_heads")


def employers_due():
    """A subquery of the employers not closed, with what their contributions are due from: (id, account_no,
    name, status, paid_through, first_month, pay_day, monthly — Σ the monthly amounts of their normal
    accounts, 0 without any)."""
    monthly = (select(account.c.employer_id, func.sum(account.c.employer_amount + account.c.member_amount).label("m"))
               .where(account.c.status == AccountStatus.NORMAL.value, account.c.employer_id.is_not(None))
               .group_by(account.c.employer_id).subquery())
    e = employer.c
    return (select(e.id, e.account_no, e.name, e.status, e.paid_through, e.first_month, e.pay_day,
                   func.coalesce(monthly.c.m, 0).label("monthly"))
            .select_from(employer.outerjoin(monthly, monthly.c.employer_id == employer.c.id))
            .where(e.status != EmployerStatus.CLOSED.value).subquery("employers_due"))


def holders():
    """A subquery of every account with its holder: (account_id, account_no, person_id, name, id_number)."""
    return (select(account.c.id.label("account_id"), account.c.account_no, account.c.person_id, person.c.name,
                   person.c.id_number)
            .select_from(account.join(person, person.c.id == account.c.person_id)).subquery("holders"))


def balances_at(end: date):
    """A subquery of (account_id, account_no, balance) of the accounts opened before ``end``, each with its
    balance at the start of that day: today's less what its rows dated since moved (`anju verify` keeps every
    balance equal to the sum of its rows), so a past day reads the rows since, not each account's history."""
    # Every type named, so the rows dated since come through ix_member_txn_type_date, not a scan of the sub-ledger.
    since = (select(member_txn.c.account_id, func.sum(member_txn.c.amount).label("moved"))
             .where(member_txn.c.type.in_([t.value for t in TxnType]), member_txn.c.txn_date >= end)
             .group_by(member_txn.c.account_id).subquery())
    return (select(account.c.id.label("account_id"), account.c.account_no,
                   (account.c.balance - func.coalesce(since.c.moved, 0)).label("balance"))
            .select_from(account.outerjoin(since, since.c.account_id == account.c.id))
            .where(account.c.opened_on < end).subquery("balances_at"))


def accrual_basis():
    """A subquery of every account's (account_id, balance, jishu_rated — 积数 × rate so far —, accrued_day — the
    day ordinal it is rated up to), for interest computed set-based."""
    a = account.c
    return select(a.id.label("account_id"), a.balance, a.jishu_rated, a.accrued_day).subquery("accrual_basis")


def txn_totals_by_ref(ref_type: str):
    """A subquery of (ref_id, amount): Σ amount of the sub-ledger rows referring to ``ref_type``, per ref_id."""
    return (select(member_txn.c.ref_id, func.sum(member_txn.c.amount).label("amount"))
            .where(member_txn.c.ref_type == ref_type).group_by(member_txn.c.ref_id).subquery("txn_totals_by_ref"))


def txn_count(conn: Connection, types, *, start: date, end: date) -> int:
    """The number of sub-ledger rows of ``types`` dated in [start, end)."""
    return int(conn.execute(select(func.count()).where(
        member_txn.c.type.in_(tuple(types)), member_txn.c.txn_date >= start, member_txn.c.txn_date < end)).scalar_one())


def total_balance(conn: Connection) -> int:
    """Σ the balances of all members' accounts (today's)."""
    return int(conn.execute(select(func.coalesce(func.sum(account.c.balance), 0))).scalar_one())


def balance_before(conn: Connection, account_id: int, day: date) -> int:
    """An account's balance at the start of ``day``: Σ its rows dated before."""
    return int(conn.execute(select(func.coalesce(func.sum(member_txn.c.amount), 0)).where(
        member_txn.c.account_id == account_id, member_txn.c.txn_date < day)).scalar_one())


def account_txns(conn: Connection, account_id: int, *, start: date, end: date):
    """An account's sub-ledger rows dated in [start, end), in order: (id, txn_date, type, amount, ref_type,
    ref_id)."""
    t = member_txn.c
    return conn.execute(select(t.id, t.txn_date, t.type, t.amount, t.ref_type, t.ref_id).where(
        t.account_id == account_id, t.txn_date >= start, t.txn_date < end).order_by(t.txn_date, t.id)).all()


@dataclass(frozen=True)
class StatementLine:
    txn_date: date
    type: str
    type_label: str
    month: int | None
    amount: int
    interest: int
    balance_after: int
    note: str
    reversal: bool


@dataclass(frozen=True)
class Statement:
    account_no: str
    name: str
    id_masked: str
    employer_name: str | None
    start: date | None
    end: date | None
    opening: int
    closing: int
    lines: list[StatementLine]


def statement(conn: Connection, account_id: int, *, start: date | None = None, end: date | None = None) -> Statement:
    """个人明细账: every business-detail row in a date range with the balance after it."""
    head = conn.execute(select(account.c.account_no, person.c.name, person.c.id_number, employer.c.name.label("emp"))
                        .select_from(account.join(person, person.c.id == account.c.person_id)
                                     .outerjoin(employer, employer.c.id == account.c.employer_id))
                        .where(account.c.id == account_id)).one()
    conds = [member_txn.c.account_id == account_id]
    if start is not None:
        conds.append(member_txn.c.txn_date >= start)
    if end is not None:
        conds.append(member_txn.c.txn_date <= end)
    rows = conn.execute(select(member_txn).where(and_(*conds))
                        .order_by(member_txn.c.txn_date, member_txn.c.id)).all()
    opening = 0
    if start is not None:
        before = conn.execute(select(func.coalesce(func.sum(member_txn.c.amount), 0))
                              .where(member_txn.c.account_id == account_id, member_txn.c.txn_date < start)).scalar_one()
        opening = int(before)
    lines = [StatementLine(r.txn_date, r.type, label_of(TxnType, r.type), r.month, r.amount, r.interest_amount,
                           r.balance_after, r.note or "", r.entry_flag == "02") for r in rows]
    closing = opening + sum(ln.amount for ln in lines)
    return Statement(head.account_no, head.name, mask_id(head.id_number), head.emp, start, end, opening, closing,
                     lines)


@dataclass(frozen=True)
class Certificate:
    """缴存证明: what a member (or a bank, a landlord) asks the centre to certify."""

    as_of: date
    name: str
    id_masked: str
    account_no: str
    employer_name: str | None
    employer_account_no: str | None
    kind: str
    opened_on: date
    status: str
    status_label: str
    frozen: bool
    base: int
    employer_ratio: object
    member_ratio: object
    monthly_total: int
    balance: int
    first_paid: int | None
    paid_through: int | None
    months_paid_last_12: int  # distinct contribution months (汇缴/补缴, net of refunds) within the window
    contributed_last_12: int
    window_from: int = 0  # the twelve months certified: window_from .. window_to (YYYYMM)
    window_to: int = 0


def certificate(conn: Connection, account_id: int, *, as_of: date) -> Certificate:
    row = conn.execute(select(account, person.c.name, person.c.id_number, employer.c.name.label("emp"),
                              employer.c.account_no.label("emp_no"))
                       .select_from(account.join(person, person.c.id == account.c.person_id)
                                    .outerjoin(employer, employer.c.id == account.c.employer_id))
                       .where(account.c.id == account_id)).one()
    # 近12个月: the contribution months (member_txn.month) of the twelve months ending with the month of as_of,
    # whatever day each was posted (a month paid late, or back pay for an older month, counts for its own month);
    # a month counts when its 汇缴/补缴 rows posted by as_of net above zero (refunds net out)
    window_to = month_of(as_of)
    window_from = add_months(window_to, -11)
    per_month = (select(member_txn.c.month, func.sum(member_txn.c.amount).label("amount"))
                 .where(member_txn.c.account_id == account_id,
                        member_txn.c.type.in_([TxnType.REMIT.value, TxnType.BACK_PAY.value]),
                        member_txn.c.month >= window_from, member_txn.c.month <= window_to,
                        member_txn.c.txn_date <= as_of)
                 .group_by(member_txn.c.month).having(func.sum(member_txn.c.amount) > 0).subquery())
    months, total = conn.execute(select(func.count(), func.coalesce(func.sum(per_month.c.amount), 0))
                                 .select_from(per_month)).one()
    return Certificate(
        as_of=as_of, name=row.name, id_masked=mask_id(row.id_number), account_no=row.account_no,
        employer_name=row.emp, employer_account_no=row.emp_no, kind=row.kind, opened_on=row.opened_on,
        status=row.status, status_label=AccountStatus(row.status).label, frozen=bool(row.frozen), base=row.base,
        employer_ratio=row.employer_ratio, member_ratio=row.member_ratio,
        monthly_total=row.employer_amount + row.member_amount, balance=row.balance, first_paid=row.first_paid,
        paid_through=row.paid_through, months_paid_last_12=int(months), contributed_last_12=int(total),
        window_from=window_from, window_to=window_to)


def employer_summary(conn: Connection, employer_id: int) -> dict:
    row = conn.execute(select(employer).where(employer.c.id == employer_id)).one()
    counts = dict(conn.execute(select(account.c.status, func.count()).where(account.c.employer_id == employer_id)
                               .group_by(account.c.status)).all())
    monthly = conn.execute(select(func.coalesce(func.sum(account.c.employer_amount + account.c.member_amount), 0),
                                  func.coalesce(func.sum(account.c.balance), 0))
                           .where(account.c.employer_id == employer_id,
                                  account.c.status == AccountStatus.NORMAL.value)).one()
    return {
        "employer": row, "kind_label": label_of(EmployerKind, row.kind), "status_label": label_of(EmployerStatus, row.status),
        "members_normal": counts.get("01", 0), "members_sealed": counts.get("02", 0),
        "monthly_due": int(monthly[0]), "balance_normal": int(monthly[1]),
    }


def terms_history(conn: Connection, account_id: int):
    return conn.execute(select(account_terms).where(account_terms.c.account_id == account_id)
                        .order_by(account_terms.c.from_month)).all()


def recent_lines(conn: Connection, account_id: int, *, limit: int = 12) -> list[StatementLine]:
    """The latest business-detail rows of an account, oldest first (the account page's short statement)."""
    rows = conn.execute(select(member_txn).where(member_txn.c.account_id == account_id)
                        .order_by(member_txn.c.id.desc()).limit(limit)).all()
    return [StatementLine(r.txn_date, r.type, label_of(TxnType, r.type), r.month, r.amount, r.interest_amount,
                          r.balance_after, r.note or "", r.entry_flag == "02") for r in reversed(rows)]


# ----------------------------------------------------------------------------------------- for other areas
# What the loan and withdrawal areas read of the registry (issue 18: no area reads another's tables). The
# selectables are for set-based statements that join the registry's rows; the functions return plain rows.


def people():
    """Persons as other areas' lists join them: a subquery (id, name, id_number, phone) to join on ``id``."""
    return select(person.c.id, person.c.name, person.c.id_number, person.c.phone).subquery("people")


def member_accounts():
    """Member accounts as other areas' lists and checks join them: a subquery (id, account_no, person_id, status,
    balance) to join on ``id`` or ``person_id``."""
    a = account.c
    return select(a.id, a.account_no, a.person_id, a.status, a.balance).subquery("member_accounts")


def member_txn_rows(types=None):
    """Rows of the member sub-ledger (个人明细), of the given ``types`` only when given: a subquery (id, account_id,
    txn_date, type, amount, reason, month, entry_flag, voucher_id, ref_type, ref_id) for other areas' indicators
    and checks to filter and aggregate."""
    t = member_txn.c
    q = select(t.id, t.account_id, t.txn_date, t.type, t.amount, t.reason, t.month, t.entry_flag, t.voucher_id,
               t.ref_type, t.ref_id)
    if types is not None:
        q = q.where(t.type.in_(tuple(types)))
    return q.subquery("member_txn_rows")


def reversed_by_ref(ref_type: str):
    """What reversal rows (冲账) put back per business record of ``ref_type``: a subquery (ref_id, amount)."""
    t = member_txn.c
    return (select(t.ref_id, func.sum(t.amount).label("amount"))
            .where(t.ref_type == ref_type, t.entry_flag == "02").group_by(t.ref_id).subquery("reversed_by_ref"))


def person_row(conn: Connection, person_id: int):
    """The person's registry row (or None)."""
    return conn.execute(select(person).where(person.c.id == person_id)).first()


def person_exists(conn: Connection, person_id: int) -> bool:
    return conn.execute(select(person.c.id).where(person.c.id == person_id)).first() is not None


def person_id_by_number(conn: Connection, id_number: str) -> int | None:
    return conn.execute(select(person.c.id).where(person.c.id_number == id_number)).scalar()


def _person_with_account():
    return (select(person, account.c.id.label("account_id"), account.c.account_no, account.c.base,
                   account.c.employer_id)
            .select_from(person.outerjoin(account, account.c.person_id == person.c.id)))


def person_with_account(conn: Connection, person_id: int):
    """The person's row with its account's id (``account_id``), ``account_no``, ``base`` and ``employer_id`` (None
    without an account), or None."""
    return conn.execute(_person_with_account().where(person.c.id == person_id)).first()


def person_by_key(conn: Connection, key: str):
    """A person by 个人账号 or 身份证号, with the account as :func:`person_with_account` (or None)."""
    k = (key or "").strip().upper()
    if not k:
        return None
    q = _person_with_account()
    # Two indexed look-ups, not one OR across the join: SQLite answers an OR over two tables of an outer join
    # by scanning every person and account (seconds per call at a million members).
    return (conn.execute(q.where(person.c.id_number == k)).first()
            or conn.execute(q.where(account.c.account_no == k)).first())


def account_by_person(conn: Connection, person_id: int):
    """The person's account row (or None)."""
    return conn.execute(select(account).where(account.c.person_id == person_id)).first()


def account_row(conn: Connection, account_id: int):
    """The account's row (or None), unlocked (``registry.service.lock_account`` locks it)."""
    return conn.execute(select(account).where(account.c.id == account_id)).first()


def branch_of_person(conn: Connection, person_id: int) -> str | None:
    """The branch (归属网点) of the employer of the person's account (None for a flexible worker)."""
    return conn.execute(select(employer.c.branch_code).select_from(
        account.join(employer, employer.c.id == account.c.employer_id))
        .where(account.c.person_id == person_id)).scalar()


def employer_bank_code(conn: Connection, employer_id: int) -> str | None:
    """The entrusted bank (受托银行) the employer pays through."""
    return conn.execute(select(employer.c.bank_code).where(employer.c.id == employer_id)).scalar()


def monthly_income(conn: Connection, person_id: int) -> int | None:
    """The person's registered monthly income (个人月收入), or None."""
    return conn.execute(select(person.c.monthly_income).where(person.c.id == person_id)).scalar()


def monthly_totals(conn: Connection, account_id: int) -> list[tuple[int, int]]:
    """The account's monthly contribution (employer + member) from each month its terms changed, in order."""
    t = account_terms.c
    rows = conn.execute(select(t.from_month, t.employer_amount + t.member_amount)
                        .where(t.account_id == account_id).order_by(t.from_month))
    return [(m, int(t)) for m, t in rows]


def person_names(conn: Connection, person_ids) -> dict[int, str]:
    """{person id: name} of the given persons (those that exist)."""
    return dict(conn.execute(select(person.c.id, person.c.name).where(person.c.id.in_(list(person_ids)))).all())


# ------------------------------------------------------------------------------ for the e-audit (compliance)
# Named selectables the compliance area's set-based detectors join (it reads no registry table directly).


def persons_for_checks():
    """Persons with what identity checks read: a subquery (id, id_number, name, sex, birth_date, spouse_id)."""
    p = person.c
    return select(p.id, p.id_number, p.name, p.sex, p.birth_date, p.spouse_id).subquery("persons_for_checks")


def account_facts():
    """Member accounts with their terms and dates: a subquery (id, account_no, person_id, employer_id, kind,
    status, status_date, frozen, balance, base, monthly, first_paid, paid_through, opened_on)."""
    a = account.c
    return select(a.id, a.account_no, a.person_id, a.employer_id, a.kind, a.status, a.status_date, a.frozen,
                  a.balance, a.base, (a.employer_amount + a.member_amount).label("monthly"), a.first_paid,
                  a.paid_through, a.opened_on).subquery("account_facts")


def terms_rows():
    """Every account's contribution terms history: a subquery (account_id, from_month, base, monthly)."""
    t = account_terms.c
    return select(t.account_id, t.from_month, t.base, (t.employer_amount + t.member_amount).label("monthly")
                  ).subquery("terms_rows")


def employer_facts():
    """Employers as the e-audit and enforcement join them: a subquery (id, account_no, name, status, pay_day,
    first_month, paid_through)."""
    e = employer.c
    return select(e.id, e.account_no, e.name, e.status, e.pay_day, e.first_month, e.paid_through
                  ).subquery("employer_facts")


def homes():
    """The register of homes: a subquery (id, address, certificate_no, contract_no, cancelled_on)."""
    from anju.registry.tables import housing_property as h

    return select(h.c.id, h.c.address, h.c.certificate_no, h.c.contract_no, h.c.cancelled_on).subquery("homes")


def home_uses():
    """Every withdrawal or loan that used a home: a subquery (property_id, person_id, use, ref_type, ref_id,
    ref_label, on_day, amount, active)."""
    from anju.registry.tables import property_use as u

    return select(u.c.property_id, u.c.person_id, u.c.use, u.c.ref_type, u.c.ref_id, u.c.ref_label, u.c.on_day,
                  u.c.amount, u.c.active).subquery("home_uses")


def home_holdings():
    """Who owns which home from when: a subquery (property_id, person_id, from_day, until_day)."""
    from anju.registry.tables import property_holding as ph

    return select(ph.c.property_id, ph.c.person_id, ph.c.from_day, ph.c.until_day).subquery("home_holdings")
