"""The records behind the registry's figures (实缴职工、新开户职工、实缴单位、封存、销户、灵活就业), and the filters
other areas use to list one row of a breakdown by 单位性质 or 管理部.

Every detail pages in SQL (:func:`anju.indicators.catalogue.paged`); identity numbers are masked
(:func:`anju.core.ids.mask_id`), money columns say “（元）” and hold fen.
"""

from __future__ import annotations

from sqlalchemy import Connection, and_, func, select, union_all

from anju.core.ids import mask_id
from anju.indicators.catalogue import LIST_LIMIT, Detail, DetailKey, Period, detail_of, listed, paged
from anju.org.queries import branch_codes_labelled, branch_names
from anju.registry import rollup
from anju.registry.codes import AccountKind, EmployerKind, TxnType
from anju.registry.tables import account, employer, member_txn, person

FLEXIBLE_LABEL = "灵活就业人员"  # the key of the rows without an employer in the breakdowns by 单位性质 / 管理部
PAID = (TxnType.REMIT.value, TxnType.BACK_PAY.value)
CLOSING = (TxnType.CLOSING_WITHDRAWAL.value, TxnType.TRANSFER_OUT.value)


def kinds_of(label: str) -> list[str]:
    """The 单位性质 codes a report group (国有企业, 国家机关和事业单位 …) stands for."""
    return [k.value for k in EmployerKind if k.report_group == label]


def employer_in(column, key: DetailKey, *, none=None):
    """A condition on an employer id column: the employers of one row of a breakdown by 单位性质 (its report
    group) or 管理部 (its name); the row 灵活就业人员 stands for rows without an employer (``none``: how the
    column holds “no employer”, NULL in the sub-ledger, 0 in the roll-up)."""
    dim, label = key
    if label == FLEXIBLE_LABEL:
        return column.is_(None) if none is None else column == none
    if dim == "employer_kind":
        return column.in_(select(employer.c.id).where(employer.c.kind.in_(kinds_of(label))))
    if dim == "branch":  # labelled with the branch's name (its code when it has none)
        named = branch_codes_labelled(label)
        return column.in_(select(employer.c.id).where(employer.c.branch_code.in_(named) | (employer.c.branch_code == label)))
    raise ValueError(dim)


def by_employer(conn: Connection, period: Period, types, key: DetailKey | None = None) -> dict[int | None, list[int]]:
    """{employer id (None: no employer): [Σ amount, rows with money in]} of the period's sub-ledger rows of
    ``types``, only the employers of one breakdown row ``key`` when given: from the roll-up's sums (exact
    whether or not it has run), a row per employer and day instead of a year's sub-ledger."""
    dims = ("employer_id", key[0]) if key else ("employer_id",)
    labels = (set(kinds_of(key[1])) if key[0] == "employer_kind" else {key[1]}) if key else set()

    def kept(employer_id, label) -> bool:
        if key is None:
            return True
        if key[1] == FLEXIBLE_LABEL:
            return employer_id is None
        return employer_id is not None and label in labels

    per: dict[int | None, list[int]] = {}
    for k, (amount, _rows, positive) in rollup.sums(conn, period.start, period.end, types=types, by=dims).items():
        if not kept(k[0], k[-1]):
            continue
        got = per.setdefault(k[0], [0, 0])
        got[0] += amount
        got[1] += positive
    return per


def employers_named(conn: Connection, ids) -> dict[int, object]:
    """The employer rows (account_no, name, kind, branch name) of some ids, read a few thousand at a time."""
    ids = sorted(i for i in ids if i is not None)
    out = {}
    branch = branch_names()
    for i in range(0, len(ids), 5000):  # within SQLite's bound on parameters
        out.update((r.id, r) for r in conn.execute(
            select(employer.c.id, employer.c.account_no, employer.c.name, employer.c.kind,
                   func.coalesce(branch.c.name, employer.c.branch_code).label("branch_name"))
            .select_from(employer.outerjoin(branch, branch.c.code == employer.c.branch_code))
            .where(employer.c.id.in_(ids[i:i + 5000]))))
    return out


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


def _rolled_page(conn: Connection, period: Period, *, kind: str, key: DetailKey | None, offset: int,
                 limit: int | None, accounts=()) -> tuple[list[int], int] | None:
    """For one page of a per-account detail of contributions or openings over whole months: the page's account
    ids (in 个人账号 order) and the number of accounts in all, found through the statistics roll-up — a
    year of a million members would otherwise group twelve million sub-ledger rows for every page. None for
    other periods and for a whole list (the export), which one grouped query reads. ``accounts``: conditions
    on the account row."""
    if limit is None or limit > LIST_LIMIT or rollup.months_mask(period.start, period.end) is None:
        return None

    def employers(column, none):
        return employer_in(column, key, none=none)

    def read(mark: int):
        held = rollup.held_in_months(account.c.id, period.start, period.end, kind=kind, mark=mark,
                                     employers=employers if key else None)
        ids = list(conn.execute(select(account.c.id).where(held, *accounts).order_by(account.c.account_no)
                                .offset(offset).limit(limit)).scalars())
        every = rollup.accounts_in_months(period.start, period.end, kind=kind, mark=mark)
        counted = select(func.count(func.distinct(every.c.account_id)))
        if key:
            counted = counted.where(employers(every.c.employer_id, 0))
        if accounts:
            counted = counted.select_from(every.join(account, account.c.id == every.c.account_id)).where(*accounts)
        return ids, int(conn.execute(counted).scalar_one())

    return rollup.consistent(conn, read)


def _types(types, page):
    """Rows of ``types``, and for a page only the rows of its accounts: then `type || ''` hides
    ix_member_txn_type_date from the planners (SQLite read the whole period's rows through it), so the rows
    come through the account's index."""
    if page is None:
        return member_txn.c.type.in_(types)
    return and_((member_txn.c.type + "").in_(types), member_txn.c.account_id.in_(page[0]))


def _per_account(conn: Connection, headers: list[str], query, convert, *, page, per, offset, limit) -> Detail:
    """A per-account detail: the page found through the roll-up (``page`` = (ids, total); the query's rows are
    already only those ids', by :func:`_types`), else paged in SQL over the per-account subquery ``per``."""
    if page is None:
        return paged(conn, headers, query, convert, offset=offset, limit=limit, count=per)
    ids, total = page
    return Detail(headers, [convert(r) for r in conn.execute(query)] if ids else [], total)


@detail_of("registry.members_paying", keys=("employer_kind",))
def members_paying(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    page = _rolled_page(conn, period, kind="paid", key=key, offset=offset, limit=limit)
    where = [_in(period), _types(PAID, page), member_txn.c.amount > 0]
    if key:
        where.append(employer_in(member_txn.c.employer_id, key))
    per = (select(member_txn.c.account_id, func.sum(member_txn.c.amount).label("paid"),
                  func.count().label("n")).where(*where).group_by(member_txn.c.account_id).subquery())
    headers, q = [*MEMBER_HEADERS, "缴存额（元）", "入账笔数"], _members(per, per.c.paid, per.c.n)

    def convert(r):
        return (*_member_row(r), int(r.paid), int(r.n))

    return _per_account(conn, headers, q, convert, page=page, per=per, offset=offset, limit=limit)


@detail_of("registry.members_new", keys=("employer_kind",))
def members_new(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    page = _rolled_page(conn, period, kind="open", key=key, offset=offset, limit=limit)
    where = [_in(period), _types((TxnType.OPEN.value,), page)]
    if key:
        where.append(employer_in(member_txn.c.employer_id, key))
    per = (select(member_txn.c.account_id, func.min(member_txn.c.txn_date).label("opened"))
           .where(*where).group_by(member_txn.c.account_id).subquery())
    headers, q = [*MEMBER_HEADERS, "开户日期"], _members(per, per.c.opened)

    def convert(r):
        return (*_member_row(r), r.opened)

    return _per_account(conn, headers, q, convert, page=page, per=per, offset=offset, limit=limit)


EMPLOYERS_PAYING = ["单位账号", "单位名称", "单位性质", "管理部", "缴存额（元）", "缴存人数"]


@detail_of("registry.employers_paying", keys=("employer_kind", "branch"))
def employers_paying(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    if rollup.months_mask(period.start, period.end) is not None:
        return _employers_paying_rolled(conn, period, offset=offset, limit=limit, key=key)
    where = [_in(period), member_txn.c.type.in_(PAID), member_txn.c.amount > 0, member_txn.c.employer_id.is_not(None)]
    if key:
        where.append(employer_in(member_txn.c.employer_id, key))
    per = (select(member_txn.c.employer_id, func.sum(member_txn.c.amount).label("paid"),
                  func.count(func.distinct(member_txn.c.account_id)).label("people"))
           .where(*where).group_by(member_txn.c.employer_id).subquery())
    branch = branch_names()
    q = (select(employer.c.account_no, employer.c.name, employer.c.kind,
                func.coalesce(branch.c.name, employer.c.branch_code).label("branch_name"), per.c.paid, per.c.people)
         .select_from(per.join(employer, employer.c.id == per.c.employer_id)
                      .outerjoin(branch, branch.c.code == employer.c.branch_code)).order_by(employer.c.account_no))
    return paged(conn, EMPLOYERS_PAYING, q,
                 lambda r: (r.account_no, r.name, EmployerKind(r.kind).label, r.branch_name, int(r.paid),
                            int(r.people)), offset=offset, limit=limit, count=per)


def _employers_paying_rolled(conn: Connection, period: Period, *, offset, limit, key):
    """Whole months: the employers with money in from the roll-up's sums, their paying members from its masks."""
    paid = {e: v for e, v in by_employer(conn, period, PAID, key).items() if e is not None and v[1]}

    def people(mark: int):
        every = rollup.accounts_in_months(period.start, period.end, kind="paid", mark=mark)
        return dict(conn.execute(select(every.c.employer_id, func.count(func.distinct(every.c.account_id)))
                                 .where(every.c.employer_id != 0).group_by(every.c.employer_id)).all())

    counted = rollup.consistent(conn, people)
    named = employers_named(conn, paid)
    rows = sorted((named[e].account_no, named[e].name, EmployerKind(named[e].kind).label, named[e].branch_name,
                   paid[e][0], int(counted.get(e, 0))) for e in paid)
    return listed(EMPLOYERS_PAYING, rows, offset=offset, limit=limit)


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
    flexible = account.c.kind == AccountKind.FLEXIBLE.value
    page = _rolled_page(conn, period, kind="paid", key=("", FLEXIBLE_LABEL), offset=offset, limit=limit,
                        accounts=(flexible,))
    where = [_in(period), _types(PAID, page), member_txn.c.amount > 0, member_txn.c.employer_id.is_(None)]
    per = select(member_txn.c.account_id, func.sum(member_txn.c.amount).label("paid")).where(*where).group_by(
        member_txn.c.account_id).subquery()
    headers, q = ["个人账号", "姓名", "证件号码", "缴存额（元）"], _members(per, per.c.paid).where(flexible)

    def convert(r):
        return (r.account_no, r.name, mask_id(r.id_number), int(r.paid))

    return _per_account(conn, headers, q, convert, page=page, per=None, offset=offset, limit=limit)


@detail_of("registry.flexible_new")
def flexible_new(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    q = (select(account.c.account_no, person.c.name, person.c.id_number, account.c.opened_on)
         .select_from(account.join(person, person.c.id == account.c.person_id))
         .where(account.c.kind == AccountKind.FLEXIBLE.value, account.c.opened_on >= period.start,
                account.c.opened_on < period.end).order_by(account.c.opened_on, account.c.account_no))
    return paged(conn, ["个人账号", "姓名", "证件号码", "开户日期"], q,
                 lambda r: (r.account_no, r.name, mask_id(r.id_number), r.opened_on), offset=offset, limit=limit)
