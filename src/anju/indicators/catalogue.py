"""The indicator catalogue: every figure a centre publishes, with its definition, unit and query.

Each area declares its indicators in ``anju/<area>/indicators.py`` with :func:`indicator` (a query over the
ledger and the sub-ledgers) or :func:`ratio` (a formula over other indicators). An indicator answers for any
period, optionally broken down (by branch, bank, employer type, withdrawal reason, loan term band …), and
can list the records behind its figure so that every number in a report is explainable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Connection, Select, func, select

from anju.core.dates import DateRange, add_months, first_day, month_of
from anju.core.declare import caller_module, declare
from anju.core.errors import AnjuError, ErrorCode
from anju.indicators.errors import IndicatorsError


class Unit(StrEnum):
    YUAN = "元"
    WAN = "万元"
    YI = "亿元"
    PERSON = "人"
    HOUSEHOLD = "户"
    COUNT = "笔"
    UNIT = "个"
    PERCENT = "%"
    PERMILLE = "‰"


MONEY_UNITS = (Unit.YUAN, Unit.WAN, Unit.YI)


@dataclass(frozen=True)
class Period:
    """A reporting period: half-open [start, end). ``label`` is how reports name it."""

    start: date
    end: date
    label: str

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def range(self) -> DateRange:
        return DateRange(self.start, self.end)

    def previous_year(self) -> Period:
        def back(d: date) -> date:
            try:
                return d.replace(year=d.year - 1)
            except ValueError:  # Feb 29
                return d.replace(year=d.year - 1, day=28)

        return Period(back(self.start), back(self.end), f"上年同期（{self.label}）")

    @staticmethod
    def year(y: int) -> Period:
        return Period(date(y, 1, 1), date(y + 1, 1, 1), f"{y}年")

    @staticmethod
    def month(m: int) -> Period:
        return Period(first_day(m), first_day(add_months(m, 1)), f"{m // 100}年{m % 100}月")

    @staticmethod
    def quarter(y: int, q: int) -> Period:
        start = y * 100 + 3 * (q - 1) + 1
        return Period(first_day(start), first_day(add_months(start, 3)), f"{y}年第{q}季度")

    @staticmethod
    def day(d: date) -> Period:
        return Period(d, d + timedelta(days=1), d.isoformat())

    @staticmethod
    def between(start: date, last: date) -> Period:
        if last < start:
            raise AnjuError(IndicatorsError.PERIOD_END_BEFORE_START)
        return Period(start, last + timedelta(days=1), f"{start}至{last}")

    @staticmethod
    def parse(text: str) -> Period:
        """"2025", "2025Q3", "202507", "2025-07-15", "2025-01-01..2025-06-30"."""
        from anju.core.dates import parse_date, parse_month

        t = text.strip().upper()
        if ".." in t:
            a, b = t.split("..", 1)
            return Period.between(parse_date(a), parse_date(b))
        if len(t) == 4 and t.isdigit():
            return Period.year(int(t))
        if len(t) == 6 and t[4] == "Q" and t[:4].isdigit() and t[5] in "1234":
            return Period.quarter(int(t[:4]), int(t[5]))
        if len(t) == 10:
            return Period.day(parse_date(t))
        return Period.month(parse_month(t))


@dataclass(frozen=True)
class Breakdown:
    code: str
    label: str


BY_EMPLOYER_KIND = Breakdown("employer_kind", "单位性质")
BY_BRANCH = Breakdown("branch", "管理部")
BY_BANK = Breakdown("bank", "受托银行")
BY_TYPE = Breakdown("type", "业务类型")


@dataclass(frozen=True)
class Detail:
    """The records behind a figure: ``total`` rows in all, ``rows`` the asked-for slice of them. Columns whose
    header says “（元）” hold fen. ``rows`` is a list for a page (a limit up to :data:`LIST_LIMIT`), else a stream
    read from the connection (iterate it once, before the connection is closed)."""

    headers: list[str]
    rows: Iterable[tuple]
    total: int


# A breakdown row: (breakdown code, the row's key as ``by`` returns it), e.g. ("employer_kind", "国有企业").
DetailKey = tuple[str, str]
STREAM_CHUNK = 2000  # rows fetched at a time when a detail is read whole (the Excel export)
LIST_LIMIT = 10_000  # a page up to this many rows is read into a list; more are streamed


# A value: int fen for money, int for counts, Decimal (a fraction, 0.663 = 66.3%) for ratios; None when undefined.
Value = int | Decimal | None


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    definition: str  # the formula in words, for a manager to read
    unit: Unit
    area: str
    compute: Callable[[Connection, Period], Value]
    breakdowns: tuple[Breakdown, ...] = ()
    compute_by: Callable[[Connection, Period, str], dict[str, Value]] | None = None
    detail: Callable[..., Detail] | None = None  # fn(conn, period, *, offset, limit, key) -> Detail
    detail_keys: tuple[str, ...] = ()  # breakdowns whose rows the detail can list on their own
    depends: tuple[str, ...] = ()
    stock: bool = False  # a balance at the period's end rather than a flow during it
    order: int = 100
    section: str = ""
    formula: Callable[..., Value] | None = field(default=None, compare=False)


_CATALOGUE: dict[str, Indicator] = {}
# What ``breakdown_of`` / ``detail_of`` attached to an indicator whose module was not imported yet (a detail
# module may load before the indicators module it completes): applied when the indicator registers.
_ATTACHED: dict[str, dict[str, object]] = {}


def register(ind: Indicator) -> Indicator:
    """Declare an indicator built by hand (installed at start-up, see ``anju.core.declare``)."""
    declare(lambda: _install(ind), module=caller_module())
    return ind


def _install(ind: Indicator) -> Indicator:
    if _ATTACHED.get(ind.code):
        ind = Indicator(**{**ind.__dict__, **_ATTACHED[ind.code]})
    if ind.code in _CATALOGUE and _CATALOGUE[ind.code] != ind:
        raise ValueError(f"indicator {ind.code} declared twice")
    _CATALOGUE[ind.code] = ind
    return ind


def _attach(code: str, **fields: object) -> None:
    _ATTACHED.setdefault(code, {}).update(fields)
    ind = _CATALOGUE.get(code)
    if ind is not None:
        _CATALOGUE[code] = Indicator(**{**ind.__dict__, **fields})


def indicator(code: str, name: str, unit: Unit, definition: str, *, area: str, section: str = "", order: int = 100,
              breakdowns: tuple[Breakdown, ...] = (), stock: bool = False):
    """Decorator: ``fn(conn, period) -> value``; attach ``.by`` and ``.detail`` with the helpers below."""

    def wrap(fn: Callable[[Connection, Period], Value]):
        ind = Indicator(code, name, definition, unit, area, fn, breakdowns, stock=stock, order=order,
                        section=section)
        declare(lambda: _install(ind), module=fn.__module__)
        fn.indicator_code = code
        return fn

    return wrap


def breakdown_of(code: str):
    """Decorator registering ``fn(conn, period, breakdown_code) -> {key label: value}`` for an indicator."""

    def wrap(fn):
        declare(lambda: _attach(code, compute_by=fn), module=fn.__module__)
        return fn

    return wrap


def detail_of(code: str, *, keys: tuple[str, ...] = ()):
    """Decorator registering ``fn(conn, period, *, offset=0, limit=None, key=None) -> Detail``: the records
    behind the figure, paged in SQL (see :func:`paged`). ``keys`` are the breakdowns whose rows the function
    can list on their own: it is then called with ``key=(breakdown, row key)`` and lists only that row's
    records; it is never called with a key of another breakdown."""

    def wrap(fn):
        declare(lambda: _attach(code, detail=fn, detail_keys=tuple(keys)), module=fn.__module__)
        return fn

    return wrap


def paged(conn: Connection, headers: Sequence[str], query: Select, convert: Callable[[object], tuple] = tuple, *,
          offset: int = 0, limit: int | None = None, count=None) -> Detail:
    """A detail from one query: ``total`` counted in SQL, then only rows ``offset`` … ``offset + limit`` read
    (as a stream when ``limit`` is None or above :data:`LIST_LIMIT`). The query must order its rows completely
    (end its ORDER BY with a unique column) so that pages do not overlap. ``count``: a cheaper selectable with
    exactly one row per row of the query (the per-account subquery without the joins that only add columns)."""
    counted = count if count is not None else query.order_by(None).subquery()
    total = int(conn.execute(select(func.count()).select_from(counted)).scalar_one())
    q = query.offset(offset) if offset else query
    if limit is not None:
        q = q.limit(limit)
        if limit <= LIST_LIMIT:
            return Detail(list(headers), [convert(r) for r in conn.execute(q)], total)
    result = conn.execute(q.execution_options(yield_per=STREAM_CHUNK))
    return Detail(list(headers), (convert(r) for r in result), total)


def listed(headers: Sequence[str], rows: Iterable[tuple], *, offset: int = 0, limit: int | None = None) -> Detail:
    """A detail whose rows are worked out in Python (few of them: the overdue loans …), sliced here."""
    rows = list(rows)
    return Detail(list(headers), rows[offset:None if limit is None else offset + limit], len(rows))


def detail(conn: Connection, code: str, period: Period, *, offset: int = 0, limit: int | None = None,
           key: DetailKey | None = None) -> Detail:
    """The records behind an indicator's figure (or behind one row of a breakdown the detail supports)."""
    ind = get(code)
    if ind.detail is None:
        raise AnjuError(ErrorCode.NOT_FOUND, what="该指标的明细", key=code)
    if key is not None and key[0] not in ind.detail_keys:
        raise AnjuError(IndicatorsError.DETAIL_FILTER_UNSUPPORTED, ind_name=ind.name, key=key[0])
    if offset < 0 or (limit is not None and limit < 0):
        raise AnjuError(IndicatorsError.PAGE_NEGATIVE)
    return ind.detail(conn, period, offset=offset, limit=limit, key=key)


def ratio(code: str, name: str, unit: Unit, definition: str, *, area: str, depends: tuple[str, ...],
          formula: Callable[..., Value], section: str = "", order: int = 100) -> Indicator:
    """An indicator computed from others (提取率 = 提取额 ÷ 归集额 …); undefined when a divisor is zero."""

    def compute(conn: Connection, period: Period) -> Value:
        values = [value(conn, d, period) for d in depends]
        if any(v is None for v in values):
            return None
        return formula(*values)

    ind = Indicator(code, name, definition, unit, area, compute, depends=depends, section=section, order=order,
                    formula=formula)
    declare(lambda: _install(ind), module=caller_module())
    return ind


def divide(a: int, b: int) -> Decimal | None:
    return None if not b else Decimal(a) / Decimal(b)


def growth(this: int, last: int) -> Decimal | None:
    return None if not last else Decimal(this) / Decimal(last) - 1


def catalogue() -> dict[str, Indicator]:
    """Every indicator the areas declared (installed at start-up by ``anju.compose.wire``)."""
    return dict(sorted(_CATALOGUE.items(), key=lambda kv: (kv[1].area, kv[1].order, kv[0])))


def get(code: str) -> Indicator:
    ind = catalogue().get(code)
    if ind is None:
        raise AnjuError(ErrorCode.NOT_FOUND, what="指标", key=code)
    return ind


# ---------------------------------------------------------------------------------------- one snapshot, shared scans

_shared: ContextVar[dict | None] = ContextVar("anju_indicators_shared", default=None)


@contextmanager
def snapshot() -> Iterator[None]:
    """Within this block every figure (and every scan an area shares through :func:`shared`) is computed once:
    a report, a dashboard or a statistics table asks for many figures that read the same rows. Use it around
    work on one connection whose data does not change meanwhile (a read); outside it nothing is kept."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def active() -> bool:
    """Whether a snapshot is open (areas may then read a wider range once and share it)."""
    return _shared.get() is not None


def shared(key: tuple, compute: Callable[[], object]):
    """``compute()`` once per key inside :func:`snapshot`; called every time outside one."""
    store = _shared.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


def value(conn: Connection, code: str, period: Period) -> Value:
    return shared(("value", code, period.start, period.end), lambda: get(code).compute(conn, period))


def by(conn: Connection, code: str, period: Period, breakdown: str) -> dict[str, Value]:
    ind = get(code)
    if ind.compute_by is None or breakdown not in {b.code for b in ind.breakdowns}:
        raise AnjuError(IndicatorsError.GROUP_UNSUPPORTED, ind_name=ind.name, breakdown=breakdown)
    return dict(shared(("by", code, period.start, period.end, breakdown),
                       lambda: ind.compute_by(conn, period, breakdown)))


def month_ends(period: Period) -> list[date]:
    """The last day of each month in a period (for monthly averages of balances)."""
    out, m = [], month_of(period.start)
    while first_day(m) < period.end:
        nxt = first_day(add_months(m, 1))
        out.append(min(nxt, period.end) - timedelta(days=1))
        m = add_months(m, 1)
    return out
