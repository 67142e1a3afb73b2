"""Indicators of employers, members and accounts (单位、职工、账户)."""

from __future__ import annotations

from sqlalchemy import Connection, and_, case, func, select

from anju.indicators.catalogue import (
    BY_BRANCH,
    BY_EMPLOYER_KIND,
    Period,
    Unit,
    breakdown_of,
    detail_of,
    indicator,
    paged,
)
from anju.registry import rollup, txn_summary
from anju.registry.codes import STATUS_EVENTS, AccountKind, EmployerKind, TxnType
from anju.registry.tables import account, employer, member_txn

AREA = "registry"
PAID = (TxnType.REMIT.value, TxnType.BACK_PAY.value)


def _in(period: Period):
    return and_(member_txn.c.txn_date >= period.start, member_txn.c.txn_date < period.end)


def _paid_rows(period: Period):
    return and_(_in(period), member_txn.c.type.in_(PAID), member_txn.c.amount > 0)


def _kind_groups(rows: dict[str | None, int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for code, n in rows.items():
        label = EmployerKind(code).report_group if code else "灵活就业人员"
        out[label] = out.get(label, 0) + int(n)
    return out


@indicator("registry.employers_paying", "实缴单位数", Unit.UNIT, "期间内有汇缴或补缴入账的缴存单位个数",
           area=AREA, section="缴存", order=10, breakdowns=(BY_EMPLOYER_KIND, BY_BRANCH))
def employers_paying(conn: Connection, period: Period) -> int:
    return len(_paying_employers(conn, period))


def _paying_employers(conn: Connection, period: Period) -> dict[int, tuple[str, str]]:
    """Employers with money in on a contribution row in the period → (单位性质 code, 管理部 name), from the
    statistics roll-up."""
    from anju.indicators.catalogue import shared

    found = shared(("registry.paying_employers", period.start, period.end), lambda: txn_summary.by(
        conn, period.start, period.end, ("employer_id", "employer_kind", "branch"), PAID))
    return {eid: (kind, branch) for (eid, kind, branch), (_a, _n, positive) in found.items()
            if eid is not None and positive}


@breakdown_of("registry.employers_paying")
def _employers_paying_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    rows: dict[str | None, int] = {}
    for kind, branch in _paying_employers(conn, period).values():
        key = kind if dim == "employer_kind" else branch
        rows[key] = rows.get(key, 0) + 1
    return _kind_groups(rows) if dim == "employer_kind" else rows


@indicator("registry.employers_new", "新开户单位数", Unit.UNIT, "期间内开户的缴存单位个数", area=AREA, section="缴存",
           order=20, breakdowns=(BY_EMPLOYER_KIND,))
def employers_new(conn: Connection, period: Period) -> int:
    return int(conn.execute(select(func.count()).where(employer.c.opened_on >= period.start,
                                                       employer.c.opened_on < period.end)).scalar_one())


@breakdown_of("registry.employers_new")
def _employers_new_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    rows = dict(conn.execute(select(employer.c.kind, func.count()).where(
        employer.c.opened_on >= period.start, employer.c.opened_on < period.end).group_by(employer.c.kind)).all())
    return _kind_groups(rows)


@detail_of("registry.employers_new", keys=("employer_kind",))
def _employers_new_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    from anju.registry.details import kinds_of

    q = (select(employer.c.account_no, employer.c.name, employer.c.kind, employer.c.opened_on)
         .where(employer.c.opened_on >= period.start, employer.c.opened_on < period.end)
         .order_by(employer.c.opened_on, employer.c.account_no))
    if key:
        q = q.where(employer.c.kind.in_(kinds_of(key[1])))
    return paged(conn, ["单位账号", "单位名称", "单位性质", "开户日期"], q,
                 lambda r: (r[0], r[1], EmployerKind(r[2]).label, r[3]), offset=offset, limit=limit)


@indicator("registry.members_paying", "实缴职工数", Unit.PERSON, "期间内有汇缴或补缴入账的个人账户数（人）",
           area=AREA, section="缴存", order=30, breakdowns=(BY_EMPLOYER_KIND,))
def members_paying(conn: Connection, period: Period) -> int:
    return _distinct_accounts(conn, period, "paid")


@breakdown_of("registry.members_paying")
def _members_paying_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    return _distinct_accounts_by_kind(conn, period, "paid")


@indicator("registry.members_new", "新开户职工数", Unit.PERSON, "期间内新开户（含重新开户）的职工人数，即新增缴存人数",
           area=AREA, section="缴存", order=40, breakdowns=(BY_EMPLOYER_KIND,))
def members_new(conn: Connection, period: Period) -> int:
    return _distinct_accounts(conn, period, "open")


@breakdown_of("registry.members_new")
def _members_new_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    return _distinct_accounts_by_kind(conn, period, "open")


def _rows_of(period: Period, kind: str):
    return _paid_rows(period) if kind == "paid" else and_(_in(period), member_txn.c.type == TxnType.OPEN.value)


def _whole_months(period: Period) -> bool:
    return rollup.months_mask(period.start, period.end) is not None


def _distinct_accounts(conn: Connection, period: Period, kind: str) -> int:
    """Accounts with a contribution (paid) or an opening (open) in the period: from the statistics roll-up for
    whole months, else from the sub-ledger's rows."""
    if not _whole_months(period):
        return int(conn.execute(select(func.count(func.distinct(member_txn.c.account_id)))
                                .where(_rows_of(period, kind))).scalar_one())

    def read(mark: int) -> int:
        sub = rollup.accounts_in_months(period.start, period.end, kind=kind, mark=mark)
        return int(conn.execute(select(func.count(func.distinct(sub.c.account_id)))).scalar_one())

    return rollup.consistent(conn, read)


def _report_group():
    """单位性质 → the group the annual reports publish, in SQL (no employer: 灵活就业人员). Accounts are counted
    distinct per group, not per code and then added: a member who paid at a 私营 (50) and at an 个体 (51) employer
    in the period is one person of 城镇私营企业及其他城镇企业."""
    return case(*[(employer.c.kind == k.value, k.report_group) for k in EmployerKind], else_="灵活就业人员").label("grp")


def _count_by_group(conn: Connection, accounts) -> dict[str, int]:
    """``accounts``: a query of (group, account_id); grouped outside it, so no database compares two renderings of
    the CASE expression."""
    sub = accounts.subquery()
    return {label: int(n) for label, n in conn.execute(
        select(sub.c.grp, func.count(func.distinct(sub.c.account_id))).group_by(sub.c.grp)).all()}


def _distinct_accounts_by_kind(conn: Connection, period: Period, kind: str) -> dict[str, int]:
    if not _whole_months(period):
        return _count_by_group(conn, select(_report_group(), member_txn.c.account_id)
                               .select_from(member_txn.outerjoin(employer, employer.c.id == member_txn.c.employer_id))
                               .where(_rows_of(period, kind)))

    def read(mark: int) -> dict:
        sub = rollup.accounts_in_months(period.start, period.end, kind=kind, mark=mark)
        return _count_by_group(conn, select(_report_group(), sub.c.account_id)
                               .select_from(sub.outerjoin(employer, employer.c.id == sub.c.employer_id)))

    return rollup.consistent(conn, read)


def status_at(conn: Connection, period: Period) -> dict[str, int]:
    """Accounts by status at the period's last day (shared by the figures of one snapshot)."""
    from anju.indicators.catalogue import shared

    return shared(("registry.status_at", period.end), lambda: _status_at(conn, period.end))


def _status_at(conn: Connection, end) -> dict[str, int]:
    """An account's status at a day is the one its last status-changing event up to then gave it. For an
    account without such an event since, that is its status today (`anju verify` checks that the two agree:
    registry.status_matches_events), so only the accounts changed since are ranked through their events."""
    from anju.registry.queries import last_status_events, status_changed_since

    since = status_changed_since(end)
    out: dict[str, int] = {}
    for status, n in conn.execute(select(account.c.status, func.count()).where(
            account.c.opened_on < end, account.c.id.not_in(since)).group_by(account.c.status)).all():
        out[status] = out.get(status, 0) + int(n)
    last = last_status_events(before=end, accounts=since)
    for t, n in conn.execute(select(last.c.type, func.count()).group_by(last.c.type)).all():
        out[STATUS_EVENTS[t]] = out.get(STATUS_EVENTS[t], 0) + int(n)
    return out


@indicator("registry.accounts_open", "缴存职工账户数（期末正常）", Unit.PERSON, "期末状态为正常缴存的个人账户数",
           area=AREA, section="缴存", order=50, stock=True)
def accounts_open(conn: Connection, period: Period) -> int:
    return status_at(conn, period).get("01", 0)


@indicator("registry.accounts_sealed", "封存账户数（期末）", Unit.PERSON, "期末状态为封存的个人账户数",
           area=AREA, section="缴存", order=60, stock=True)
def accounts_sealed(conn: Connection, period: Period) -> int:
    return status_at(conn, period).get("02", 0)


@indicator("registry.accounts_closed", "销户人数", Unit.PERSON, "期间内提取销户或转出销户的个人账户数",
           area=AREA, section="缴存", order=70)
def accounts_closed(conn: Connection, period: Period) -> int:
    return int(conn.execute(select(func.count(func.distinct(member_txn.c.account_id))).where(
        _in(period), member_txn.c.type.in_((TxnType.CLOSING_WITHDRAWAL.value, TxnType.TRANSFER_OUT.value)))).scalar_one())


@indicator("registry.flexible_paying", "灵活就业缴存人数", Unit.PERSON, "期间内有缴存入账的灵活就业人员账户数",
           area=AREA, section="缴存", order=80)
def flexible_paying(conn: Connection, period: Period) -> int:
    flexible = account.c.kind == AccountKind.FLEXIBLE.value
    if not _whole_months(period):
        # One pass over the period's contribution rows without an employer (flexible workers pay as
        # themselves), semi-joined to the flexible accounts: no per-account probe.
        payers = select(member_txn.c.account_id).where(_paid_rows(period), member_txn.c.employer_id.is_(None))
        return int(conn.execute(select(func.count()).select_from(account).where(
            flexible, account.c.id.in_(payers))).scalar_one())

    def read(mark: int) -> int:
        sub = rollup.accounts_in_months(period.start, period.end, kind="paid", mark=mark, flexible_only=True)
        return int(conn.execute(select(func.count()).select_from(account).where(
            flexible, account.c.id.in_(select(sub.c.account_id)))).scalar_one())

    return rollup.consistent(conn, read)


@indicator("registry.flexible_new", "灵活就业新开户人数", Unit.PERSON, "期间内开户的灵活就业人员账户数",
           area=AREA, section="缴存", order=85)
def flexible_new(conn: Connection, period: Period) -> int:
    return int(conn.execute(select(func.count()).where(
        account.c.kind == AccountKind.FLEXIBLE.value, account.c.opened_on >= period.start,
        account.c.opened_on < period.end)).scalar_one())


from anju.registry import details as _details  # noqa: E402,F401 - registers the details of the figures above
