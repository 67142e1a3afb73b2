"""The statistics roll-up of the member sub-ledger: `stat_txn_day`, `stat_member_year` (see registry.tables).

A centre of a million members writes about twelve million `member_txn` rows a year; an annual report or a
dashboard that scans them all, several times, takes minutes. The roll-up keeps what the statistics need, summed
as the rows arrive: ``refresh`` adds the rows written since the last run (id above the watermark) and moves the
watermark, in chunks that each commit, so an interrupted run resumes and a re-run adds nothing twice. Readers
(:func:`day_groups`, :func:`accounts_in_months`, :func:`total_before`) take the rolled-up sums **plus** the rows
above the watermark in one statement (one snapshot), so their figures are exact whether or not the roll-up
has run — it only makes them fast. The nightly job is ``anju jobs stats-rollup``.

Concurrency. The sub-ledger is append-only (never updated or deleted). On PostgreSQL a row's id comes from a
sequence when it is inserted but becomes visible at commit, so the refresh first takes a SHARE lock on
`member_txn` for an instant — it waits for the writers in flight to commit — and only then reads the highest
id: every row up to it is visible, and later rows get higher ids. (SQLite has one writer at a time.) Two
refreshes never add the same chunk: each chunk first moves the watermark from the value it read, and a
refresh that finds it moved (another got there first) stops.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import Connection, Engine, and_, case, func, literal, or_, select, union_all, update

from anju.db.locks import insert_on_conflict, lock_table
from anju.registry.codes import TxnType
from anju.registry.tables import member_txn, stat_member_year, stat_txn_day, stat_watermark

NAME = "member_txn"
CHUNK = 2_000_000  # sub-ledger ids per transaction
PAID = (TxnType.REMIT.value, TxnType.BACK_PAY.value)
OPEN = TxnType.OPEN.value
t = member_txn.c


@contextmanager
def _writing(engine: Engine) -> Iterator[Connection]:
    """A writing transaction. On SQLite it begins IMMEDIATE: a concurrent refresh then queues for the write lock
    (busy timeout) instead of failing with "database is locked" when its read turns into a write."""
    with engine.connect() as conn:
        conn = conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            yield conn


def mark(conn: Connection) -> int:
    """The id up to which the roll-up holds the sub-ledger (0 before its first run)."""
    return int(conn.execute(select(func.coalesce(func.max(stat_watermark.c.last_id), 0))
                            .where(stat_watermark.c.name == NAME)).scalar_one())


# The grouping columns of a sub-ledger row as the roll-up keys them (no reason '', no employer 0, no month 0).
REASON = func.coalesce(t.reason, "")
EMPLOYER = func.coalesce(t.employer_id, 0)
MONTH = func.coalesce(t.month, 0)


def _month_bit(year: int):
    """1 << (month − 1) for a row dated in ``year`` (a CASE over the month starts: portable and index-free)."""
    whens = [(t.txn_date < date(year, m + 1, 1), 1 << (m - 1)) for m in range(1, 12)]
    return case(*whens, else_=1 << 11)


def refresh(engine: Engine, *, chunk: int = CHUNK, progress: Callable[[int], None] | None = None,
            upto: int | None = None) -> int:
    """Roll up the rows written since the last run (or only those with ids up to ``upto``); returns how many
    rows were added."""
    with _writing(engine) as conn:
        lock_table(conn, member_txn, mode="SHARE")
        top = int(conn.execute(select(func.coalesce(func.max(t.id), 0))).scalar_one())
        if upto is not None:
            top = min(top, upto)
        low = mark(conn)
        conn.execute(insert_on_conflict(conn, stat_watermark).values(name=NAME, last_id=0).on_conflict_do_nothing())
    done = 0
    while low < top:
        high = min(low + chunk, top)
        added = roll_chunk(engine, low, high)
        if added is None:
            return done  # another refresh is ahead of this one
        done += added
        low = high
        if progress:
            progress(done)
    return done


def roll_chunk(engine: Engine, low: int, high: int) -> int | None:
    """Add the rows with ids in (low, high] and move the watermark from ``low`` to ``high``, in one
    transaction; None (and nothing added) when the watermark is no longer at ``low``."""
    with _writing(engine) as conn:
        moved = conn.execute(update(stat_watermark).where(stat_watermark.c.name == NAME,
                                                          stat_watermark.c.last_id == low)
                             .values(last_id=high)).rowcount
        if moved != 1:
            return None
        return _add(conn, low, high)


def _add(conn: Connection, low: int, high: int) -> int:
    rows = and_(t.id > low, t.id <= high)
    n, first, last = conn.execute(select(func.count(), func.min(t.txn_date), func.max(t.txn_date))
                                  .where(rows)).one()
    if not n:
        return 0
    keys = (t.txn_date, t.type, REASON, EMPLOYER, MONTH)
    day = insert_on_conflict(conn, stat_txn_day).from_select(
        ["txn_date", "type", "reason", "employer_id", "month", "amount", "rows", "positive"],
        select(*keys, func.sum(t.amount), func.count(), func.sum(case((t.amount > 0, 1), else_=0)))
        .where(rows).group_by(*keys))
    s = stat_txn_day.c
    conn.execute(day.on_conflict_do_update(
        index_elements=["txn_date", "type", "reason", "employer_id", "month"],
        set_={"amount": s.amount + day.excluded.amount, "rows": s.rows + day.excluded.rows,
              "positive": s.positive + day.excluded.positive}))
    y = stat_member_year.c
    for year in range(first.year, last.year + 1):
        bit = _month_bit(year)
        paid = case((and_(t.type.in_(PAID), t.amount > 0), bit), else_=0)
        opened = case((t.type == OPEN, bit), else_=0)
        ins = insert_on_conflict(conn, stat_member_year).from_select(
            ["year", "account_id", "employer_id", "paid_mask", "open_mask"],
            select(literal(year), t.account_id, EMPLOYER, func.sum(paid.distinct()), func.sum(opened.distinct()))
            .where(rows, t.txn_date >= date(year, 1, 1), t.txn_date < date(year + 1, 1, 1),
                   or_(and_(t.type.in_(PAID), t.amount > 0), t.type == OPEN))
            .group_by(t.account_id, EMPLOYER))
        conn.execute(ins.on_conflict_do_update(
            index_elements=["year", "account_id", "employer_id"],
            set_={"paid_mask": y.paid_mask.op("|")(ins.excluded.paid_mask),
                  "open_mask": y.open_mask.op("|")(ins.excluded.open_mask)}))
    return int(n)


# ------------------------------------------------------------------------------------------------ readers
#
# A reader runs its statement with the watermark as a constant (so the planners use the primary key's range for
# the new rows) and checks that the watermark did not move meanwhile: it only grows, so equal before and after
# means the statement saw the roll-up exactly up to it; otherwise it runs again.


def consistent(conn: Connection, read: Callable[[int], object]):
    """``read(mark)`` with the roll-up's watermark, repeated until the watermark stayed put around it."""
    while True:
        before = mark(conn)
        out = read(before)
        if mark(conn) == before:
            return out


def _type_in(types: Iterable[str]):
    # `type || ''` keeps SQLite from reading the new rows through ix_member_txn_type_date (all of the year's
    # rows of those types) instead of the primary key's range above the watermark.
    return (t.type + "").in_(tuple(types))


def _type_is(value: str):
    return (t.type + "") == value


DIMENSIONS = ("type", "reason", "employer_id", "month", "employer_kind", "branch")


def sums(conn: Connection, start: date, end: date, *, types: Iterable[str] | None = None,
         by: tuple[str, ...] = ()) -> dict[tuple, tuple[int, int, int]]:
    """Σ (amount, rows, rows with money in) of the rows dated in [start, end), optionally of some types,
    grouped by ``by`` (of :data:`DIMENSIONS`; the employer's kind and branch — by its name — as they are now): rolled-up sums
    plus the rows above the watermark, added up in the database. Keys are tuples in the order of ``by``, with
    None for no reason, no employer, no month."""
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown:
        raise ValueError(f"unknown dimensions {unknown}")
    from anju.org.queries import branch_names
    from anju.registry.tables import employer

    branch = branch_names()

    types = None if types is None else tuple(types)
    s = stat_txn_day.c
    rolled = select(s.type, s.reason, s.employer_id, s.month, s.amount.label("amount"), s.rows.label("rows"),
                    s.positive.label("positive")).where(s.txn_date >= start, s.txn_date < end)
    if types is not None:
        rolled = rolled.where(s.type.in_(types))

    def read(mark: int):
        fresh = select(t.type, REASON, EMPLOYER, MONTH, t.amount, literal(1), case((t.amount > 0, 1), else_=0)).where(
            t.id > mark, t.txn_date >= start, t.txn_date < end)
        if types is not None:
            fresh = fresh.where(_type_in(types))
        u = union_all(rolled, fresh).subquery()
        columns = {"type": u.c.type, "reason": u.c.reason, "employer_id": u.c.employer_id, "month": u.c.month,
                   "employer_kind": employer.c.kind, "branch": func.coalesce(branch.c.name, employer.c.branch_code)}
        keys = [columns[d] for d in by]
        q = select(*keys, func.sum(u.c.amount), func.sum(u.c.rows), func.sum(u.c.positive))
        if {"employer_kind", "branch"} & set(by):
            q = q.select_from(u.outerjoin(employer, employer.c.id == u.c.employer_id)
                              .outerjoin(branch, branch.c.code == employer.c.branch_code))
        else:
            q = q.select_from(u)
        return conn.execute(q.group_by(*keys) if keys else q).all()

    out: dict[tuple, tuple[int, int, int]] = {}
    for row in consistent(conn, read):
        key = tuple(None if v in ("", 0) else v for v in row[:len(by)])
        a, n, pos = (int(v or 0) for v in row[len(by):])
        if n:
            out[key] = (a, n, pos)
    return out


def total_before(conn: Connection, end: date, types: Iterable[str], *, months: tuple[int, int] | None = None) -> int:
    """Σ amount of rows of ``types`` dated before ``end`` (cumulative figures: 累计归集额, 累计提取额), or only
    of those for the contribution months ``months`` = (first, last) YYYYMM (what was paid for a period)."""
    types = tuple(types)
    s = stat_txn_day.c
    rolled = select(func.coalesce(func.sum(s.amount), 0)).where(s.type.in_(types), s.txn_date < end)
    if months is not None:
        rolled = rolled.where(s.month >= months[0], s.month <= months[1])

    def read(mark: int) -> int:
        fresh = select(func.coalesce(func.sum(t.amount), 0)).where(t.id > mark, _type_in(types), t.txn_date < end)
        if months is not None:
            fresh = fresh.where(t.month >= months[0], t.month <= months[1])
        return int(conn.execute(select(rolled.scalar_subquery() + fresh.scalar_subquery())).scalar_one())

    return consistent(conn, read)


def months_mask(start: date, end: date) -> dict[int, int] | None:
    """{year: bits of the months in [start, end)} when the period is whole months, else None."""
    if start.day != 1 or end.day != 1 or end <= start:
        return None
    out: dict[int, int] = {}
    y, m = start.year, start.month
    while date(y, m, 1) < end:
        out[y] = out.get(y, 0) | (1 << (m - 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _held(start: date, end: date, kind: str):
    """(month bits per year, the roll-up's mask column, the condition on a new row) for ``kind`` "paid" (a
    contribution with money in) or "open" (an opening) over the whole months [start, end)."""
    masks = months_mask(start, end)
    if masks is None:
        raise ValueError("the roll-up's month masks need a period of whole months")
    y = stat_member_year.c
    if kind == "paid":
        return masks, y.paid_mask, and_(_type_in(PAID), t.amount > 0)
    return masks, y.open_mask, _type_is(OPEN)


def accounts_in_months(start: date, end: date, *, kind: str, mark: int, flexible_only: bool = False):
    """A subquery of (account_id, employer_id or 0) with a contribution (``kind="paid"``) or an opening
    (``kind="open"``) dated in the whole months [start, end): rolled-up masks plus the rows above ``mark``
    (use inside :func:`consistent`). Count distinct account ids over it (an account that moved employer
    appears once per employer). ``flexible_only``: rows without an employer (flexible workers pay as
    themselves)."""
    masks, column, wanted = _held(start, end, kind)
    y = stat_member_year.c
    rolled = select(y.account_id, y.employer_id).where(
        or_(*[and_(y.year == year, column.op("&")(bits) != 0) for year, bits in masks.items()]))
    fresh = select(t.account_id, EMPLOYER).where(
        t.id > mark, t.txn_date >= start, t.txn_date < end, wanted)
    if flexible_only:
        rolled = rolled.where(y.employer_id == 0)
        fresh = fresh.where(t.employer_id.is_(None))
    return union_all(rolled, fresh).subquery()


def held_in_months(account_id, start: date, end: date, *, kind: str, mark: int,
                   employers: Callable[[object, object], object] | None = None):
    """A condition on an account id column: the account has a contribution (``kind="paid"``) or an opening
    (``kind="open"``) dated in the whole months [start, end), as :func:`accounts_in_months` finds them, but
    probed per account (the rolled-up year rows by primary key, the rows above ``mark`` through the account's
    index) — so a page of accounts in 个人账号 order stops as soon as it is full. ``employers(column, none)``: a
    condition on the row's employer, ``none`` being how a row without one holds it (0 rolled up, NULL in the
    sub-ledger). Use inside :func:`consistent`."""
    masks, column, wanted = _held(start, end, kind)
    y = stat_member_year.c
    rolled = [select(literal(1)).where(y.year == year, y.account_id == account_id, column.op("&")(bits) != 0)
              for year, bits in masks.items()]
    fresh = select(literal(1)).where(t.account_id == account_id, t.id > mark, t.txn_date >= start, t.txn_date < end,
                                     wanted)
    if employers is not None:
        rolled = [q.where(employers(y.employer_id, 0)) for q in rolled]
        fresh = fresh.where(employers(t.employer_id, None))
    return or_(*[q.exists() for q in rolled], fresh.exists())

