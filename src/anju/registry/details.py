"""The records behind the registry's figures (实缴职工、新开户职工、实缴单位、封存、销户、灵活就业), and the filters
other areas use to list one row of a breakdown by 单位性质 or 管理部.

Every detail pages in SQL (:func:`anju.report.catalogue.paged`); identity numbers are masked
(:func:`anju.core.ids.mask_id`), money columns say “（元）” and hold fen.
"""

from __future__ import annotations

from sqlalchemy import Connection, and_, func, select, union_all

from anju.core.ids import mask_id
from anju.registry.codes import AccountKind, EmployerKind, TxnType
from anju.registry.tables import account, employer, member_txn, person
from anju.report.catalogue import DetailKey, Period, detail_of, paged

FLEXIBLE_LABEL = "灵活就业人员"  # the key of the rows without an employer in the breakdowns by 单位性质 / 管理部
PAID = (TxnType.REMIT.value, TxnType.BACK_PAY.value)
CLOSING = (TxnType.CLOSING_WITHDRAWAL.value, TxnType.TRANSFER_OUT.value)


def kinds_of(label: str) -> list[str]:
    """The 单位性质 codes a report group (国有企业, 国家机关和事业单位 …) stands for."""
    return [k.value for k in EmployerKind if k.report_group == label]


def employer_in(column, key: DetailKey):
    """A condition on an employer id column: the employers of one row of a breakdown by 单位性质 (its report
    group) or 管理部 (its name); the row 灵活就业人员 stands for rows without an employer."""
    dim, label = key
    if label == FLEXIBLE_LABEL:
        return column.is_(None)
    if dim == "employer_kind":
        return column.in_(select(employer.c.id).where(employer.c.kind.in_(kinds_of(label))))
    if dim == "branch":  # labelled with the branch's name (its code when it has none)
        from anju.org.tables import branch

        named = select(branch.c.code).where(branch.c.name == label)
        return column.in_(select(employer.c.id).where(employer.c.branch_code.in_(named) | (employer.c.branch_code == label)))
    raise ValueError(dim)


def _in(period: Period):
    return and_(member_txn.c.txn_date >= period.start, member_txn.c.txn_date < period.end)


MEMBER_HEADERS = ["个人账号", "姓名", "证件号码", "单位名称"]


def _member_row(r) -> tuple:
    return (r.account_no, r.name, mask_id(r.id_number), r.employer_name or FLEXIBLE_LABEL)


def _members(per_account, *extra_columns):
    """Accounts of a per-account subquery (``account_id`` …) with their holder and current employer, by 个人账号."""
    return (select(account.c.account_no, person.c.name, person.c.id_number, employer.c.name.label("employer_name"),
                   *extra_columns)
            .select_from(per_account.join(account, account.c.id == per_account.c.account_id)
                         .join(person, person.c.id == account.c.person_id)
                         .outerjoin(employer, employer.c.id == account.c.employer_id))
            .order_by(account.c.account_no))


@detail_of("registry.members_paying", keys=("employer_kind",))
def members_paying(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    where = [_in(period), member_txn.c.type.in_(PAID), member_txn.c.amount > 0]
    if key:
        where.append(employer_in(member_txn.c.employer_id, key))
    per = (select(member_txn.c.account_id, func.sum(member_txn.c.amount).label("paid"),
                  func.count().label("n")).where(*where).group_by(member_txn.c.account_id).subquery())
    return paged(conn, [*MEMBER_HEADERS, "缴存额（元）", "入账笔数"], _members(per, per.c.paid, per.c.n),
                 lambda r: (*_member_row(r), int(r.paid), int(r.n)), offset=offset, limit=limit, count=per)


@detail_of("registry.members_new", keys=("employer_kind",))
def members_new(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    where = [_in(period), member_txn.c.type == TxnType.OPEN.value]
    if key:
        where.append(employer_in(member_txn.c.employer_id, key))
    per = (select(member_txn.c.account_id, func.min(member_txn.c.txn_date).label("opened"))
           .where(*where).group_by(member_txn.c.account_id).subquery())
    return paged(conn, [*MEMBER_HEADERS, "开户日期"], _members(per, per.c.opened),
                 lambda r: (*_member_row(r), r.opened), offset=offset, limit=limit, count=per)


@detail_of("registry.employers_paying", keys=("employer_kind", "branch"))
def employers_paying(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    where = [_in(period), member_txn.c.type.in_(PAID), member_txn.c.amount > 0, member_txn.c.employer_id.is_not(None)]
    if key:
        where.append(employer_in(member_txn.c.employer_id, key))
    per = (select(member_txn.c.employer_id, func.sum(member_txn.c.amount).label("paid"),
                  func.count(func.distinct(member_txn.c.account_id)).label("people"))
           .where(*where).group_by(member_txn.c.employer_id).subquery())
    from anju.org.tables import branch

    q = (select(employer.c.account_no, employer.c.name, employer.c.kind,
                func.coalesce(branch.c.name, employer.c.branch_code).label("branch_name"), per.c.paid, per.c.people)
         .select_from(per.join(employer, employer.c.id == per.c.employer_id)
                      .outerjoin(branch, branch.c.code == employer.c.branch_code)).order_by(employer.c.account_no))
    return paged(conn, ["单位账号", "单位名称", "单位性质", "管理部", "缴存额（元）", "缴存人数"], q,
                 lambda r: (r.account_no, r.name, EmployerKind(r.kind).label, r.branch_name, int(r.paid),
                            int(r.people)), offset=offset, limit=limit, count=per)


def _accounts_at(conn: Connection, period: Period, status: str, *, offset, limit):
    """The accounts with a status at the period's end, found as ``status_at`` counts them: today's status for an
    account without a status-changing event since, else the status its last event up to then gave it."""
    from anju.registry.codes import STATUS_EVENTS
    from anju.registry.queries import last_status_events, status_changed_since

    end = period.end
    since = status_changed_since(end)
    unchanged = select(account.c.id.label("account_id")).where(
        account.c.status == status, account.c.opened_on < end, account.c.id.not_in(since))
    last = last_status_events(before=end, accounts=since)
    changed = select(last.c.account_id).where(last.c.type.in_([t for t, st in STATUS_EVENTS.items() if st == status]))
    per = union_all(unchanged, changed).subquery()
    return paged(conn, MEMBER_HEADERS, _members(per), _member_row, offset=offset, limit=limit, count=per)


@detail_of("registry.accounts_sealed")
def accounts_sealed(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    return _accounts_at(conn, period, "02", offset=offset, limit=limit)


@detail_of("registry.accounts_open")
def accounts_open(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    return _accounts_at(conn, period, "01", offset=offset, limit=limit)


@detail_of("registry.accounts_closed")
def accounts_closed(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    per = (select(member_txn.c.account_id, func.min(member_txn.c.txn_date).label("day"),
                  func.min(member_txn.c.type).label("type"))
           .where(_in(period), member_txn.c.type.in_(CLOSING)).group_by(member_txn.c.account_id).subquery())
    return paged(conn, [*MEMBER_HEADERS, "销户日期", "销户方式"], _members(per, per.c.day, per.c.type),
                 lambda r: (*_member_row(r), r.day, TxnType(r.type).label), offset=offset, limit=limit,
                 count=per)


@detail_of("registry.flexible_paying")
def flexible_paying(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    per = (select(member_txn.c.account_id, func.sum(member_txn.c.amount).label("paid"))
           .where(_in(period), member_txn.c.type.in_(PAID), member_txn.c.amount > 0,
                  member_txn.c.employer_id.is_(None))
           .group_by(member_txn.c.account_id).subquery())
    q = _members(per, per.c.paid).where(account.c.kind == AccountKind.FLEXIBLE.value)
    return paged(conn, ["个人账号", "姓名", "证件号码", "缴存额（元）"], q,
                 lambda r: (r.account_no, r.name, mask_id(r.id_number), int(r.paid)), offset=offset, limit=limit)


@detail_of("registry.flexible_new")
def flexible_new(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    q = (select(account.c.account_no, person.c.name, person.c.id_number, account.c.opened_on)
         .select_from(account.join(person, person.c.id == account.c.person_id))
         .where(account.c.kind == AccountKind.FLEXIBLE.value, account.c.opened_on >= period.start,
                account.c.opened_on < period.end).order_by(account.c.opened_on, account.c.account_no))
    return paged(conn, ["个人账号", "姓名", "证件号码", "开户日期"], q,
                 lambda r: (r.account_no, r.name, mask_id(r.id_number), r.opened_on), offset=offset, limit=limit)
