"""Statistics as the pages and the API show them: indicators for a period compared with the same period last
year, the management dashboard (this year to date against last year, the year's targets and the risk lines),
and the records behind a figure.

Everything here reads the catalogue; it computes no figure of its own. Each use case checks ``report.read``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import islice

from sqlalchemy import Connection

from anju.auth.actor import Actor, require
from anju.core.errors import AnjuError, ErrorCode, NotFound, Problem, ValidationFailed
from anju.core.money import Rounding, format_yuan, round_places, to_decimal_yuan, yuan_str
from anju.indicators import catalogue as cat
from anju.indicators.catalogue import MONEY_UNITS, Indicator, Period, Unit, Value
from anju.report.errors import ReportError
from anju.report.format import shown
from anju.report.permissions import P

# The dashboard's key figures, in this order, as far as the catalogue holds them (loan figures appear once the
# loan area declares them); every indicator with a target for the year is added after them.
KEY_FIGURES = (
    "deposit.amount", "deposit.balance", "withdrawal.amount", "withdrawal.rate", "loan.issued_amount",
    "loan.issued_count", "loan.recovered", "loan.balance", "registry.employers_new", "registry.members_new",
    "registry.members_paying", "deposit.rate", "finance.gain", "service.offline_rate",
    "eservice.deposit_offline_rate", "eservice.satisfaction", "eservice.notices_sent",
    "fund.use_rate", "fund.usage_rate", "fund.reserve_ratio",
)
LOAN_RATIO = "loan.ratio"
OVERDUE_RATE = "loan.overdue_rate"
LOAN_RATIO_LINE = "report.loan_ratio_line"
MONEY_SHOWN = {"元": Unit.YUAN, "万元": Unit.WAN, "亿元": Unit.YI}


# --------------------------------------------------------------------------------------------- periods


def period_key(p: Period) -> str:
    """The text ``Period.parse`` reads back into the same period (for links and the API)."""
    start, last = p.start, p.last_day
    if start == date(start.year, 1, 1) and p.end == date(start.year + 1, 1, 1):
        return str(start.year)
    if start.day == 1 and p.end == Period.month(start.year * 100 + start.month).end:
        return f"{start.year}{start.month:02d}"
    if start.day == 1 and start.month in (1, 4, 7, 10) and p.end == Period.quarter(start.year, (start.month + 2) // 3).end:
        return f"{start.year}Q{(start.month + 2) // 3}"
    if p.end - p.start == timedelta(days=1):
        return start.isoformat()
    return f"{start.isoformat()}..{last.isoformat()}"


def parse_period(text: str | None, *, field_name: str = "period") -> Period:
    """A period key typed or sent (``2025``, ``2025Q3``, ``202507``, ``2025-07-15``, ``2025-01-01..2025-06-30``);
    a bad one is a problem on that field."""
    if not text or not text.strip():
        raise ValidationFailed([Problem.of(ReportError.PERIOD_REQUIRED, field=field_name)])
    try:
        return Period.parse(text)
    except (AnjuError, ValueError, IndexError) as exc:
        message = exc.message if isinstance(exc, AnjuError) else "期间格式应为 2025、2025Q3、202507、2025-07-15 或 起..止"
        raise ValidationFailed([Problem.of(ReportError.PERIOD_INVALID, field=field_name, message=message)]) from None


def year_to_date(year: int, as_of: date) -> Period:
    """This year up to the business date (the whole year once it is over)."""
    if as_of.year == year:
        return Period(date(year, 1, 1), as_of + timedelta(days=1), f"{year}年1月1日至{as_of.month}月{as_of.day}日")
    if as_of.year < year:
        raise ValidationFailed([Problem.of(ReportError.YEAR_NOT_STARTED, field="year", year=year)])
    return Period.year(year)


# --------------------------------------------------------------------------------------------- showing values


def money_unit(text: str | None) -> Unit:
    return MONEY_SHOWN.get(text or "", Unit.WAN)


def display_unit(ind: Indicator, money: Unit = Unit.WAN) -> Unit:
    """The unit a figure is shown in: money in the chosen 元/万元/亿元, everything else in its own unit."""
    return money if ind.unit in MONEY_UNITS else ind.unit


def text(value: Value, ind: Indicator, money: Unit = Unit.WAN) -> str:
    return shown(value, display_unit(ind, money))


def api_value(value: Value, unit: Unit) -> str | int | None:
    """The API's form: money as a yuan string, counts as integers, ratios as the exact fraction ("0.6631")."""
    if value is None:
        return None
    if unit in MONEY_UNITS:
        return yuan_str(int(value))
    if unit in (Unit.PERCENT, Unit.PERMILLE):
        return ratio_str(value)
    return int(value)


def ratio_str(value: Decimal | int) -> str:
    """A ratio (a change, a completion, a percent figure's raw value) as the API gives it: six decimals, rounded
    half-up (0.0000025 -> "0.000003")."""
    return str(round_places(value, 6, Rounding.HALF_UP))


def indicator(code: str) -> Indicator:
    """The catalogue's indicator, or 404 (the catalogue's own lookup is a plain business error)."""
    ind = cat.catalogue().get(code)
    if ind is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="指标", key=code)
    return ind


def is_ratio(ind: Indicator) -> bool:
    return ind.unit in (Unit.PERCENT, Unit.PERMILLE)


def change(ind: Indicator, this: Value, last: Value) -> Decimal | None:
    """Against the same period last year: growth (this ÷ last − 1) for amounts and counts; the difference for
    ratios (in their own unit: percentage points, per-mille points)."""
    if this is None or last is None:
        return None
    if is_ratio(ind):
        return Decimal(this) - Decimal(last)
    return cat.growth(int(this), int(last))


def change_text(ind: Indicator, delta: Decimal | None) -> str:
    if delta is None:
        return "—"
    if is_ratio(ind):
        points = "个百分点" if ind.unit is Unit.PERCENT else "个千分点"
        s = shown(delta, ind.unit)
        return f"{'+' if delta > 0 else ''}{s}{points}"
    s = shown(delta, Unit.PERCENT)
    return f"{'+' if delta > 0 else ''}{s}%"


# --------------------------------------------------------------------------------------------- the stats table


@dataclass(frozen=True)
class Row:
    code: str
    ind: Indicator
    key: str | None  # the breakdown's key (单位性质 …), None for the indicator's total
    this: Value
    last: Value
    period: Period | None = None  # a row of its own period (按月), else the query's
    last_period: Period | None = None

    @property
    def change(self) -> Decimal | None:
        return change(self.ind, self.this, self.last)


BY_MONTH = cat.Breakdown("month", "月份")
MAX_MONTHS = 36


def months_of(period: Period) -> list[Period]:
    """The months of a period, each clipped to it (a from–to period may start or end mid-month)."""
    from anju.core.dates import add_months, first_day, month_of

    out, m = [], month_of(period.start)
    while first_day(m) < period.end:
        start, end = max(first_day(m), period.start), min(first_day(add_months(m, 1)), period.end)
        out.append(Period(start, end, f"{m // 100}年{m % 100:02d}月"))
        m = add_months(m, 1)
    return out


@dataclass
class Query:
    period: Period
    last: Period
    breakdown: cat.Breakdown | None
    rows: list[Row]
    unsupported: list[str] = field(default_factory=list)  # indicators shown as totals: no such breakdown


def indicators_by_section() -> list[tuple[str, list[Indicator]]]:
    out: dict[str, list[Indicator]] = {}
    for ind in cat.catalogue().values():
        out.setdefault(ind.section or "其他", []).append(ind)
    return list(out.items())


def breakdowns() -> dict[str, str]:
    """Every breakdown some indicator supports (and 按月, which every indicator supports): code → label."""
    out: dict[str, str] = {BY_MONTH.code: BY_MONTH.label}
    for ind in cat.catalogue().values():
        for b in ind.breakdowns:
            out.setdefault(b.code, b.label)
    return out


def _known(codes: list[str]) -> list[Indicator]:
    held = cat.catalogue()
    unknown = [c for c in codes if c not in held]
    if unknown:
        raise ValidationFailed([Problem.of(ReportError.INDICATOR_UNKNOWN, field="code", code=c) for c in unknown])
    if not codes:
        raise ValidationFailed([Problem.of(ReportError.INDICATOR_REQUIRED, field="code")])
    return [held[c] for c in dict.fromkeys(codes)]


def query(conn: Connection, actor: Actor, *, codes: list[str], period: Period, breakdown: str | None = None) -> Query:
    """The chosen indicators for the period and the same period last year, broken down where they can be
    (one catalogue snapshot: figures and scans shared between the indicators are computed once)."""
    require(actor, P.READ)
    with cat.snapshot():
        return _query(conn, codes=codes, period=period, breakdown=breakdown)


def _query(conn: Connection, *, codes: list[str], period: Period, breakdown: str | None) -> Query:
    inds = _known(codes)
    last = Period.parse(period_key(period.previous_year()))  # named as itself: “2025年”, not “上年同期（2026年）”
    dim = None
    if breakdown:
        label = breakdowns().get(breakdown)
        if label is None:
            raise ValidationFailed([Problem.of(ReportError.BREAKDOWN_UNKNOWN, field="by", breakdown=breakdown)])
        dim = cat.Breakdown(breakdown, label)
    rows: list[Row] = []
    unsupported = []
    if dim == BY_MONTH:
        months = months_of(period)
        if len(months) > MAX_MONTHS:
            raise ValidationFailed([Problem.of(ReportError.MONTHS_TOO_MANY, field="by", limit=MAX_MONTHS)])
        for ind in inds:
            for m in months:
                before = Period.parse(period_key(m.previous_year()))
                rows.append(Row(ind.code, ind, m.label, cat.value(conn, ind.code, m), cat.value(conn, ind.code, before),
                                m, before))
        return Query(period, last, dim, rows, unsupported)
    for ind in inds:
        if dim is not None and dim.code in {b.code for b in ind.breakdowns} and ind.compute_by is not None:
            now = cat.by(conn, ind.code, period, dim.code)
            before = cat.by(conn, ind.code, last, dim.code)
            keys = list(now) + [k for k in before if k not in now]
            absent = None if is_ratio(ind) else 0  # a group with no records sums to nothing
            rows += [Row(ind.code, ind, k, now.get(k, absent), before.get(k, absent)) for k in keys]
            continue
        if dim is not None:
            unsupported.append(ind.name)
        rows.append(Row(ind.code, ind, None, cat.value(conn, ind.code, period), cat.value(conn, ind.code, last)))
    return Query(period, last, dim, rows, unsupported)


def query_workbook(q: Query, money: Unit) -> bytes:
    """The stats table as .xlsx: figures as numbers in the shown unit, with the definitions on a 说明 sheet."""
    from anju.core.sheets import write_table

    headers = ["指标代码", "指标", q.breakdown.label if q.breakdown else "分组", "单位", q.period.label,
               q.last.label, "增减"]
    rows = []
    for r in q.rows:
        unit = display_unit(r.ind, money)
        rows.append([r.code, r.ind.name, r.key or "合计", unit.value, _number(r.this, unit), _number(r.last, unit),
                     change_text(r.ind, r.change)])
    notes = [f"统计期间：{q.period.label}；对比期间：{q.last.label}。"]
    notes += [f"{ind.name}（{ind.code}）：{ind.definition}" for ind in {r.code: r.ind for r in q.rows}.values()]
    return write_table(headers, rows, sheet="统计查询", notes=notes, widths={"指标": 30, "分组": 24})


def _number(value: Value, unit: Unit) -> Decimal | int | None:
    """A figure as a number in the shown unit (rounded as printed), for a spreadsheet."""
    if value is None:
        return None
    t = shown(value, unit).replace(",", "")
    return Decimal(t) if "." in t else int(t)


# --------------------------------------------------------------------------------------------- the dashboard


@dataclass(frozen=True)
class Figure:
    code: str
    ind: Indicator
    this: Value
    last: Value
    target: object | None  # service.Target

    @property
    def change(self) -> Decimal | None:
        return change(self.ind, self.this, self.last)

    @property
    def goal(self):
        """The target in the catalogue's own terms (fen, a fraction …)."""
        return None if self.target is None else self.target.raw(self.ind.unit)

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.target.met(self.this, self.ind.unit)

    @property
    def completion(self) -> Decimal | None:
        """Share of an at-least target reached so far (amounts and counts only)."""
        if self.target is None or self.this is None or is_ratio(self.ind) or self.target.op != "ge":
            return None
        goal = self.goal
        return cat.divide(int(self.this), int(goal)) if goal else None


@dataclass(frozen=True)
class Risk:
    code: str
    name: str
    unit: Unit
    value: Value
    line: Decimal | None  # a fraction (0.85)
    line_source: str  # 政策参数 / 年度目标
    op: str  # the line is a ceiling ("le") or a floor ("ge")

    @property
    def breached(self) -> bool | None:
        if self.value is None or self.line is None:
            return None
        return Decimal(self.value) > self.line if self.op == "le" else Decimal(self.value) < self.line


@dataclass
class Dashboard:
    year: int
    period: Period
    last: Period
    figures: list[Figure]
    risks: list[Risk]


def dashboard(conn: Connection, actor: Actor, *, year: int, as_of: date) -> Dashboard:
    require(actor, P.READ)
    with cat.snapshot():
        return _dashboard(conn, year=year, as_of=as_of)


def _dashboard(conn: Connection, *, year: int, as_of: date) -> Dashboard:
    from anju.policy.store import policy_at
    from anju.report.service import targets as year_targets

    period = year_to_date(year, as_of)
    before = period.previous_year()
    last = Period(before.start, before.end, period.label.replace(f"{year}年", f"{year - 1}年", 1))
    held = cat.catalogue()
    goals = year_targets(conn, year)
    codes = [c for c in KEY_FIGURES if c in held] + [c for c in goals if c in held and c not in KEY_FIGURES]
    figures = [Figure(c, held[c], cat.value(conn, c, period), cat.value(conn, c, last), goals.get(c)) for c in codes]
    line = policy_at(conn, period.last_day).get(LOAN_RATIO_LINE)
    ratio_value = cat.value(conn, LOAN_RATIO, period) if LOAN_RATIO in held else None
    risks = [Risk(LOAN_RATIO, held[LOAN_RATIO].name if LOAN_RATIO in held else "个人住房贷款率（个贷率）",
                  Unit.PERCENT, ratio_value, Decimal(line) if line is not None else None, "政策参数", "le")]
    overdue = cat.value(conn, OVERDUE_RATE, period) if OVERDUE_RATE in held else None
    goal = goals.get(OVERDUE_RATE)
    risks.append(Risk(OVERDUE_RATE, held[OVERDUE_RATE].name if OVERDUE_RATE in held else "个人住房贷款逾期率",
                      Unit.PERMILLE, overdue, goal.raw(Unit.PERMILLE) if goal else None, "年度目标",
                      goal.op if goal else "le"))
    return Dashboard(year, period, last, figures, risks)


# --------------------------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class TargetRow:
    ind: Indicator
    op: str | None
    value: str  # as entered, in the shown unit (万元 for money)

    @property
    def unit_shown(self) -> str:
        return "万元" if self.ind.unit in MONEY_UNITS else self.ind.unit.value


def target_rows(conn: Connection, actor: Actor, *, year: int) -> list[TargetRow]:
    """Every indicator with its target for the year (empty where none is set), key figures first."""
    from anju.report.service import targets as year_targets

    require(actor, P.READ)
    goals = year_targets(conn, year)
    held = cat.catalogue()
    order = [c for c in KEY_FIGURES if c in held] + [c for c in held if c not in KEY_FIGURES]
    return [TargetRow(held[c], goals[c].op if c in goals else None, str(goals[c].value) if c in goals else "")
            for c in order]


# --------------------------------------------------------------------------------------------- explaining a figure


# An Excel sheet holds 1,048,576 rows; one is the header, so an exported detail has at most this many rows.
MAX_EXPORT_ROWS = 1_048_575


@dataclass
class Explanation:
    ind: Indicator
    period: Period
    value: Value
    headers: list[str] | None  # None: the indicator has no records of its own (a ratio of others …)
    rows: Iterable[tuple]  # the asked-for page (a list), or every row as a stream for the export
    money_columns: set[int]
    depends: list[Indicator]
    total: int = 0  # rows of the detail in all (of the breakdown row when ``listed_by_key``)
    offset: int = 0
    by: cat.Breakdown | None = None  # a breakdown row asked about: its breakdown …
    key: str | None = None  # … and its key (国有企业, 91-180天 …)
    key_value: Value = None  # that row's figure
    listed_by_key: bool = False  # the rows are that row's own (else the detail cannot filter by it: all rows)

    def cell(self, i: int, v) -> str:
        if v is None:
            return ""
        if i in self.money_columns and isinstance(v, int):
            return format_yuan(v)
        if isinstance(v, date):
            return v.isoformat()
        return str(v)

    @property
    def truncated(self) -> bool:
        """Whether the Excel export holds fewer rows than the detail (the sheet's limit)."""
        return self.total > MAX_EXPORT_ROWS


def is_money_header(h: str) -> bool:
    """Detail columns in fen say so in their header: “归集额（元）”, “金额（元）”."""
    return "（元）" in h


def explain(conn: Connection, actor: Actor, *, code: str, period: Period, offset: int = 0, limit: int | None = None,
            by: str | None = None, key: str | None = None) -> Explanation:
    """An indicator's definition and figure with a page of the records behind it (``limit`` None: all of them,
    read as a stream; use them before the connection closes). With ``by`` and ``key`` it explains one row of a
    breakdown: that row's figure, and that row's records where the area's detail can list them on their own."""
    require(actor, P.READ)
    held = cat.catalogue()
    ind = indicator(code)
    breakdown, key_value = None, None
    if by and key is not None:
        breakdown = next((b for b in ind.breakdowns if b.code == by), None)
        if breakdown is None:
            raise ValidationFailed([Problem.of(ReportError.BY_UNSUPPORTED, field="by", ind_name=ind.name, by=by)])
        key_value = cat.by(conn, code, period, by).get(key)
    figure = cat.value(conn, code, period)
    headers, rows, total = None, [], 0
    listed_by_key = breakdown is not None and by in ind.detail_keys
    if ind.detail is not None:
        d = cat.detail(conn, code, period, offset=offset, limit=limit, key=(by, key) if listed_by_key else None)
        headers, rows, total = list(d.headers), d.rows, d.total
    money = {i for i, h in enumerate(headers or []) if is_money_header(h)}
    depends = [held[d] for d in ind.depends if d in held]
    return Explanation(ind, period, figure, headers, rows, money, depends, total=total, offset=offset, by=breakdown,
                       key=key if breakdown else None, key_value=key_value, listed_by_key=listed_by_key)


def explanation_workbook(e: Explanation) -> bytes:
    """The detail as an .xlsx, written row by row from the stream (at most :data:`MAX_EXPORT_ROWS`)."""
    from anju.core.sheets import write_table_stream

    if e.headers is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="该指标的明细", key=e.ind.code)
    money = e.money_columns
    rows = ([to_decimal_yuan(v) if i in money and isinstance(v, int) else v for i, v in enumerate(r)]
            for r in islice(e.rows, MAX_EXPORT_ROWS))
    text_columns = [h for h in e.headers if "账号" in h or "证件" in h]
    notes = [f"指标：{e.ind.name}（{e.ind.code}）", f"口径：{e.ind.definition}", f"统计期间：{e.period.label}",
             f"指标值：{shown(e.value, e.ind.unit)}{e.ind.unit.value}"]
    if e.by is not None:
        notes.append(f"分组：{e.by.label} = {e.key}，该组数值：{shown(e.key_value, e.ind.unit)}{e.ind.unit.value}"
                     + ("" if e.listed_by_key else "（明细不能按该分组筛选，列出的是指标的全部记录）"))
    notes.append(f"明细行数：{e.total}")
    if e.truncated:
        notes.append(f"明细超过Excel工作表上限，只导出前 {MAX_EXPORT_ROWS} 行")
    return write_table_stream(e.headers, rows, sheet="明细", text_columns=text_columns, notes=notes)
