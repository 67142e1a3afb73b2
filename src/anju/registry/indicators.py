"""Indicators of employers, members and accounts (单位、职工、账户)."""

from __future__ import annotations

from sqlalchemy import Connection, and_, func, select

from anju.registry import txn_summary
from anju.registry.codes import AccountKind, EmployerKind, TxnType
from anju.registry.tables import account, employer, member_txn
from anju.report.catalogue import (
    BY_BRANCH,
    BY_EMPLOYER_KIND,
    Period,
    Unit,
    breakdown_of,
    detail_of,
    indicator,
)

AREA = "registry"
PAID = (TxnType.REMIT.value, TxnType.BACK_PAY.value)
STATUS_EVENTS = {  # event type → status the account has after it
    TxnType.OPEN.value: "01", TxnType.REOPEN.value: "01", TxnType.INTERNAL_TRANSFER.value: "01",
    TxnType.TRANSFER_IN.value: "01", TxnType.SEAL.value: "02", TxnType.TRANSFER_OUT.value: "04",
    TxnType.CLOSING_WITHDRAWAL.value: "05",
}


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


def _paying_employers(conn: Connection, period: Period) -> set[int]:
    """Employers with money in on a contribution row in the period (from the shared day groups)."""
    return {g.employer_id for g in txn_summary.groups(conn, period.start, period.end, PAID)
            if g.employer_id is not None and g.positive}


@breakdown_of("registry.employers_paying")
def _employers_paying_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    employers = txn_summary.employers(conn)
    rows: dict[str | None, int] = {}
    for eid in _paying_employers(conn, period):
        key = employers[eid][0] if dim == "employer_kind" else employers[eid][1]
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


@detail_of("registry.employers_new")
def _employers_new_detail(conn: Connection, period: Period):
    rows = conn.execute(select(employer.c.account_no, employer.c.name, employer.c.kind, employer.c.opened_on)
                        .where(employer.c.opened_on >= period.start, employer.c.opened_on < period.end)
                        .order_by(employer.c.opened_on)).all()
    return ["单位账号", "单位名称", "单位性质", "开户日期"], [(r[0], r[1], EmployerKind(r[2]).label, r[3]) for r in rows]


@indicator("registry.members_paying", "实缴职工数", Unit.PERSON, "期间内有汇缴或补缴入账的个人账户数（人）",
           area=AREA, section="缴存", order=30, breakdowns=(BY_EMPLOYER_KIND,))
def members_paying(conn: Connection, period: Period) -> int:
    return int(conn.execute(select(func.count(func.distinct(member_txn.c.account_id)))
                            .where(_paid_rows(period))).scalar_one())


@breakdown_of("registry.members_paying")
def _members_paying_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    return _people_by_group(conn, _paid_rows(period))


def _people_by_group(conn: Connection, where) -> dict[str, int]:
    """Distinct accounts per published group of 单位性质, not per code: a member who paid at a 私营 (50) and at
    an 个体 (51) employer in the period is one person of 城镇私营企业及其他城镇企业."""
    rows = conn.execute(select(employer.c.kind, member_txn.c.account_id).distinct()
                        .select_from(member_txn.outerjoin(employer, employer.c.id == member_txn.c.employer_id))
                        .where(where)).all()
    people: dict[str, set[int]] = {}
    for code, account_id in rows:
        people.setdefault(EmployerKind(code).report_group if code else "灵活就业人员", set()).add(account_id)
    return {label: len(ids) for label, ids in people.items()}


@indicator("registry.members_new", "新开户职工数", Unit.PERSON, "期间内新开户（含重新开户）的职工人数，即新增缴存人数",
           area=AREA, section="缴存", order=40, breakdowns=(BY_EMPLOYER_KIND,))
def members_new(conn: Connection, period: Period) -> int:
    return int(conn.execute(select(func.count(func.distinct(member_txn.c.account_id))).where(
        _in(period), member_txn.c.type == TxnType.OPEN.value)).scalar_one())


@breakdown_of("registry.members_new")
def _members_new_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    return _people_by_group(conn, and_(_in(period), member_txn.c.type == TxnType.OPEN.value))


def status_at(conn: Connection, period: Period) -> dict[str, int]:
    """Accounts by status at the period's last day, from each account's last status-changing event."""
    events = tuple(STATUS_EVENTS)
    ranked = (select(member_txn.c.account_id, member_txn.c.type,
                     func.row_number().over(partition_by=member_txn.c.account_id,
                                            order_by=(member_txn.c.txn_date.desc(), member_txn.c.id.desc())).label("rn"))
              .where(member_txn.c.type.in_(events), member_txn.c.txn_date < period.end).subquery())
    rows = conn.execute(select(ranked.c.type, func.count()).where(ranked.c.rn == 1).group_by(ranked.c.type)).all()
    out: dict[str, int] = {}
    for t, n in rows:
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
    # One pass over the period's contribution rows without an employer (flexible workers pay as themselves),
    # semi-joined to the flexible accounts: no per-account probe, which SQLite would run through the
    # (type, txn_date) index once per account.
    payers = select(member_txn.c.account_id).where(_paid_rows(period), member_txn.c.employer_id.is_(None))
    return int(conn.execute(select(func.count()).select_from(account).where(
        account.c.kind == AccountKind.FLEXIBLE.value, account.c.id.in_(payers))).scalar_one())


@indicator("registry.flexible_new", "灵活就业新开户人数", Unit.PERSON, "期间内开户的灵活就业人员账户数",
           area=AREA, section="缴存", order=85)
def flexible_new(conn: Connection, period: Period) -> int:
    return int(conn.execute(select(func.count()).where(
        account.c.kind == AccountKind.FLEXIBLE.value, account.c.opened_on >= period.start,
        account.c.opened_on < period.end)).scalar_one())
