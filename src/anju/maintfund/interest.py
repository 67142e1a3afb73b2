"""The yearly allocation of the fund's income (增值收益分配, item 4): set-based, one transaction, one voucher.

Income of the year (Cr 维修资金增值收益 M4101) less the necessary management cost (``mf.management_cost_share``,
half-up) is the pool. Each normal household's 积数 over the year is computed in SQL from its movements (the
opening balance for every day, each movement from its day on; ``mf_txn.day_no`` keeps the day as an integer, so
the arithmetic is the same on both databases). The pool is split over the areas by their 积数 (largest remainder,
exact), each household gets pool × 积数 ÷ Σ 积数 half-up, exactly, computed with 64-bit integers
(``calc.interest_share_split``), and each area's rounding residue goes to its 公共账. Voucher: Dr M4101 / Cr M2201 管理费用 / Cr M200101 Σ households / Cr (or
Dr) M200102 Σ residues. Runners: ``job_lock("mf.interest:YYYY")`` and the year claimed by inserting its
``mf_interest_run`` row first; a second run of the year is refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import BigInteger, Engine, case, cast, func, insert, literal, select, update

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.core.errors import AnjuError, Conflict
from anju.core.money import Rounding, apply_ratio, format_yuan
from anju.db.joblock import job_lock
from anju.db.locks import insert_on_conflict
from anju.db.uow import UnitOfWork
from anju.ledger import queries as lq
from anju.ledger import service as ledger
from anju.ledger.rules import Line, Posting
from anju.maintfund import calc
from anju.maintfund.codes import (
    BOOK,
    COMMON,
    HOUSEHOLD,
    INCOME,
    MGMT_FEE,
    SUB_COMMON,
    SUB_HOUSEHOLD,
    HouseholdStatus,
    TxnKind,
)
from anju.maintfund.errors import MaintfundError as E
from anju.maintfund.permissions import P
from anju.maintfund.tables import mf_area, mf_household, mf_interest_run, mf_txn
from anju.policy.store import policy_at


def _jishu(start: int, end: int):
    """A subquery (household_id, area_id, j): each normal household's 积数 over the day numbers [start, end)."""
    t, h = mf_txn.c, mf_household.c
    days = literal(end, BigInteger) - case((t.day_no < start, literal(start, BigInteger)), else_=t.day_no)
    return (select(t.household_id.label("household_id"), t.area_id.label("area_id"),
                   cast(func.sum(t.amount * days), BigInteger).label("j"))
            .select_from(mf_txn.join(mf_household, h.id == t.household_id))
            .where(t.day_no < end, h.status == HouseholdStatus.NORMAL)
            .group_by(t.household_id, t.area_id).subquery("jishu"))


@dataclass(frozen=True)
class Run:
    year: int
    income: int
    management_cost: int
    pool: int
    households: int
    to_households: int
    to_common: int
    voucher_id: int | None


def income_of(conn, year: int) -> int:
    """The fund's income of the year (credits on M4101 less debits, without the allocation itself)."""
    return -lq.movement(conn, INCOME, start=date(year, 1, 1), end=date(year + 1, 1, 1), exclude_kinds=("mf.interest",))


def allocate(engine: Engine, actor: Actor, *, year: int, as_of: date) -> Run:
    """Allocate ``year``'s pool (one runner per year; a second is refused with ``job.busy`` or ``interest_done``)."""
    with job_lock(engine, f"mf.interest:{year}", label=f"{year}年度维修资金增值收益分配作业"), UnitOfWork(engine) as uow:
        run = allocate_in(uow, actor, year=year, as_of=as_of)
        uow.commit()
    return run


def allocate_in(uow: UnitOfWork, actor: Actor, *, year: int, as_of: date) -> Run:
    require(actor, P.PAY)
    conn = uow.conn
    income = income_of(conn, year)
    cost = apply_ratio(income, policy_at(conn, as_of)["mf.management_cost_share"], mode=Rounding.HALF_UP)
    pool = income - cost
    if pool <= 0:
        raise AnjuError(E.POOL_NEGATIVE, income=format_yuan(income), cost=format_yuan(cost))
    claimed = conn.execute(insert_on_conflict(conn, mf_interest_run).values(
        year=year, income=income, management_cost=cost, pool=pool, households=0, jishu_total=0, to_households=0,
        to_common=0, run_on=as_of, created_at=uow.now(), created_by=actor.username)
        .on_conflict_do_nothing().returning(mf_interest_run.c.year)).first()
    if claimed is None:
        old = conn.execute(select(mf_interest_run.c.voucher_id).where(mf_interest_run.c.year == year)).scalar()
        raise Conflict(E.INTEREST_DONE, year=year, voucher=old)
    start, end = date(year, 1, 1).toordinal(), date(year + 1, 1, 1).toordinal()
    js = _jishu(start, end)
    live = select(js).where(js.c.j > 0).subquery("live")
    # pass 1: 积数 per area (Σ, max, count) → the rate and each area's exact part of the pool
    first = conn.execute(select(live.c.area_id, func.sum(live.c.j), func.max(live.c.j), func.count())
                         .group_by(live.c.area_id).order_by(live.c.area_id)).all()
    by_area = {int(a): int(j) for a, j, _m, _n in first}
    total, biggest, n = sum(by_area.values()), max((int(m) for _a, _j, m, _n in first), default=0), \
        sum(int(c) for *_x, c in first)
    area_pool = {int(x.key): x.amount for x in calc.split_by_area(pool, [(str(a), j) for a, j in by_area.items()])} \
        if total else {}
    if not calc.within_range(pool, total, biggest):
        raise AnjuError(E.POOL_TOO_LARGE, pool=format_yuan(pool))
    # calc.interest_share_split in SQL: exact half-up with 64-bit integers on both databases
    m, two_pool, two_total = literal(calc.SPLIT, BigInteger), literal(2 * pool, BigInteger), literal(2 * total, BigInteger)
    a = two_pool * (live.c.j // m)
    b = two_pool * (live.c.j % m) + literal(total, BigInteger)
    share = (a // two_total) * m + ((a % two_total) * m + b) // two_total
    # pass 2: each area's Σ of household shares → the residues and the voucher, posted before the rows
    per_area = {int(a): int(v) for a, v in conn.execute(
        select(live.c.area_id, func.sum(share)).where(share > 0).group_by(live.c.area_id))}
    to_households = sum(per_area.values())
    residues = {a: area_pool[a] - per_area.get(a, 0) for a in area_pool}
    residues = {a: r for a, r in residues.items() if r}
    codes = dict(conn.execute(select(mf_area.c.id, mf_area.c.code).where(mf_area.c.id.in_(list(residues)))).all()) \
        if residues else {}
    day, now, ref = date(year, 12, 31), uow.now(), f"interest:{year}"
    lines = [Line.dr(INCOME, income, summary=f"{year}年度增值收益")]
    if cost:
        lines.append(Line.cr(MGMT_FEE, cost, summary="必要管理费用"))
    if to_households:
        lines.append(Line.cr(HOUSEHOLD, to_households, subledger=SUB_HOUSEHOLD, summary=f"按积数分配{n}户"))
    for a, r in sorted(residues.items()):
        lines.append(Line.cr(COMMON, r, subledger=SUB_COMMON, subledger_ref=codes[a], summary="分配尾差")
                     if r > 0 else Line.dr(COMMON, -r, subledger=SUB_COMMON, subledger_ref=codes[a], summary="分配尾差"))
    vid = ledger.post(uow, actor, Posting(
        key=f"mf:interest:{year}", voucher_date=day if day <= as_of else as_of, kind="mf.interest", book=BOOK,
        summary=f"{year}年度维修资金增值收益分配", ref_type="mf_interest_run", ref_id=str(year), lines=lines),
        check_permission=False)
    if not vid.created:
        raise Conflict(E.INTEREST_DONE, year=year, voucher=vid.label)
    # pass 3: one row per household (INSERT … SELECT), then every balance by one UPDATE … FROM
    conn.execute(insert(mf_txn).from_select(
        ["area_id", "household_id", "day", "day_no", "kind", "amount", "voucher_id", "ref", "created_at"],
        select(live.c.area_id, live.c.household_id, literal(day), literal(day.toordinal()),
               literal(TxnKind.INTEREST.value), share, literal(vid.id, BigInteger), literal(ref), literal(now))
        .where(share > 0)))
    t = mf_txn.c
    mine = select(t.household_id, t.amount).where(t.voucher_id == vid.id, t.household_id.is_not(None)).subquery("mine")
    conn.execute(update(mf_household).where(mf_household.c.id == mine.c.household_id)
                 .values(balance=mf_household.c.balance + mine.c.amount, interest=mf_household.c.interest + mine.c.amount))
    for a, r in residues.items():
        conn.execute(insert(mf_txn).values(area_id=a, household_id=None, day=day, day_no=day.toordinal(),
                                           kind=TxnKind.INTEREST.value, amount=r, voucher_id=vid.id, ref=ref,
                                           created_at=now))
        conn.execute(update(mf_area).where(mf_area.c.id == a).values(
            common_balance=mf_area.c.common_balance + r, common_interest=mf_area.c.common_interest + r))
    conn.execute(update(mf_interest_run).where(mf_interest_run.c.year == year).values(
        households=int(n), jishu_total=total, to_households=to_households, to_common=sum(residues.values()),
        voucher_id=vid.id))
    audit.record(uow, actor, action="maintfund.interest.allocate", entity_type="mf_interest_run", entity_id=year,
                 after={"pool": pool, "households": int(n), "to_common": sum(residues.values()), "voucher": vid.label})
    return Run(year, income, cost, pool, int(n), to_households, sum(residues.values()), vid.id)
