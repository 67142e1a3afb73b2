"""资产负债表, 增值收益表 and 增值收益分配表, monthly or yearly, from the ledger through the layout's data; each with
its comparative columns, and the cross-checks that tie them to each other and to the trial balance."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Connection

from anju.core.errors import AnjuError
from anju.core.money import format_yuan
from anju.ledger import queries as ledger
from anju.treasury import layout as L
from anju.treasury.calc import month_end
from anju.treasury.errors import TreasuryError


@dataclass(frozen=True)
class Row:
    row: int
    label: str
    values: tuple[int | None, ...]
    indent: int = 0
    bold: bool = False


@dataclass(frozen=True)
class Statement:
    code: str  # 住房会01表
    title: str
    columns: tuple[str, ...]
    left: tuple[Row, ...]
    right: tuple[Row, ...] = ()  # the balance sheet's liabilities and net assets, beside the assets
    left_head: str = "项目"
    right_head: str = ""

    def value(self, row: int, col: int = -1) -> int:
        for r in (*self.left, *self.right):
            if r.row == row:
                return r.values[col] or 0
        raise KeyError(row)


@dataclass(frozen=True)
class Check:
    name: str
    label: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class StatementSet:
    year: int
    month: int | None
    period_label: str
    end: date
    statements: tuple[Statement, ...]
    checks: tuple[Check, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)


def _debit_normal(code: str) -> bool:
    return code.startswith("1") or code.startswith("411")


def balances(conn: Connection, as_of: date) -> dict[str, int]:
    """Every account's balance (sub-accounts rolled up) in its normal direction, as of a day."""
    return {r.code: r.balance for r in ledger.trial_balance(conn, as_of=as_of)}


def movements(conn: Connection, start: date, end: date) -> dict[str, int]:
    """Each income and expense leaf's movement in [start, end] in its normal direction, the closing left out."""
    out = {}
    for prefix in ("401", "411"):
        for code, net in ledger.movement_by_account(conn, prefix, start=start, end=end + timedelta(days=1),
                                                    exclude_kinds=L.CLOSING_KINDS).items():
            out[code] = net if _debit_normal(code) else -net
    return out


def _sum_codes(values: dict[str, int], code: str, *, rolled: bool) -> int:
    if rolled:  # a trial balance already holds parents
        return values.get(code, 0)
    return sum(v for c, v in values.items() if c.startswith(code))


def _lines(defs: tuple[L.LineDef, ...], columns: list[dict[str, int]], *, rolled: bool,
           given: dict[int, list[int]] | None = None) -> tuple[Row, ...]:
    """Values of every line for every column: accounts first, then the totals in row order."""
    values: dict[int, list[int]] = dict(given or {})
    for d in defs:
        if not d.sums and d.row not in values:
            values[d.row] = [sum(sign * _sum_codes(col, code, rolled=rolled) for code, sign in d.accounts)
                             for col in columns]
    for d in defs:
        if d.sums:
            values[d.row] = [sum(sign * values[r][i] for r, sign in d.sums) for i in range(len(columns))]
    return tuple(Row(d.row, d.label, tuple(values.get(d.row, [0] * len(columns))), d.indent, d.bold) for d in defs)


def _period(year: int, month: int | None) -> tuple[date, date, str]:
    if month is None:
        return date(year, 1, 1), date(year, 12, 31), f"{year}年度"
    if not 1 <= month <= 12:
        raise AnjuError(TreasuryError.STATEMENT_MONTH)
    return date(year, month, 1), month_end(year, month), f"{year}年{month}月"


def build(conn: Connection, *, year: int, month: int | None = None) -> StatementSet:
    """The three statements of a month (columns 年初数/期末数; 本月数/本年累计数) or a year (年初数/年末数; 本年数/上年数)."""
    start, end, label = _period(year, month)
    year_start, opening_day = date(year, 1, 1), date(year, 1, 1) - timedelta(days=1)
    bal_open, bal_end = balances(conn, opening_day), balances(conn, end)
    bs_cols = ("年初数", "期末数" if month else "年末数")
    sheet = Statement("住房会01表", "资产负债表", bs_cols,
                      _lines(L.ASSETS, [bal_open, bal_end], rolled=True),
                      _lines(L.LIABILITIES, [bal_open, bal_end], rolled=True), "资产", "负债和净资产")
    ytd = movements(conn, year_start, end)
    if month:
        income_cols, income_data = ("本月数", "本年累计数"), [movements(conn, start, end), ytd]
    else:
        last = movements(conn, date(year - 1, 1, 1), date(year - 1, 12, 31))
        income_cols, income_data = ("本年数", "上年数"), [ytd, last]
    income = Statement("住房会02表", "增值收益表", income_cols, _lines(L.INCOME, income_data, rolled=False))
    # distribution: the year to date (and, yearly, the year before)
    dist_years = [(year, end)] if month else [(year, end), (year - 1, date(year - 1, 12, 31))]
    given: dict[int, list[int]] = {1: [], 2: []}
    provisions: list[dict[str, int]] = []
    for y, e in dist_years:
        gain_data = ytd if y == year else income_data[1]
        gain = _lines(L.INCOME, [gain_data], rolled=False)
        given[1].append(next(r.values[0] for r in gain if r.row == L.GAIN_ROW))
        opening = _lines(L.LIABILITIES, [balances(conn, date(y, 1, 1) - timedelta(days=1))], rolled=True)
        given[2].append(next(r.values[0] for r in opening if r.row == L.UNDISTRIBUTED))
        provisions.append({code: ledger.debits(conn, code, start=date(y, 1, 1), end=e + timedelta(days=1))
                           for code in ("32101", "32102", "32103")})
    dist = Statement("住房会03表", "增值收益分配表", ("本年累计数",) if month else ("本年数", "上年数"),
                     _lines(L.DISTRIBUTION, provisions, rolled=True, given=given))
    statements = (sheet, income, dist)
    return StatementSet(year, month, label, end, statements, tuple(checks(conn, statements, end=end, ytd=ytd)))


def _tb_sides(conn: Connection, as_of: date) -> tuple[int, int, int, int]:
    """From the trial balance alone: total debits, total credits, the assets, and what the other side holds
    (liabilities + net assets + income − expenses), over the top-level accounts."""
    rows = ledger.trial_balance(conn, as_of=as_of)
    top = [r for r in rows if r.parent is None]
    debit, credit = sum(r.debit for r in top), sum(r.credit for r in top)
    assets = sum(r.balance for r in top if r.code.startswith("1"))
    claims = sum(r.balance if not r.code.startswith("411") else -r.balance for r in top if not r.code.startswith("1"))
    return debit, credit, assets, claims


def checks(conn: Connection, statements: tuple[Statement, ...], *, end: date, ytd: dict[str, int]) -> list[Check]:
    sheet, income, dist = statements
    out = []
    for i, col in enumerate(sheet.columns):
        a, c = sheet.value(L.TOTAL_ASSETS, i), sheet.value(L.TOTAL_CLAIMS, i)
        out.append(Check("balance", f"资产负债表{col}：资产合计 = 负债和净资产合计", a == c,
                         f"资产合计{format_yuan(a)}，负债和净资产合计{format_yuan(c)}"))
    debit, credit, assets, claims = _tb_sides(conn, end)
    a, c = sheet.value(L.TOTAL_ASSETS), sheet.value(L.TOTAL_CLAIMS)
    out.append(Check("trial_balance", "与试算平衡表相符：借贷平衡，资产合计、负债和净资产合计等于各科目余额",
                     debit == credit and assets == a and claims == c,
                     f"试算平衡表借方{format_yuan(debit)}、贷方{format_yuan(credit)}；科目余额：资产{format_yuan(assets)}，"
                     f"负债和净资产{format_yuan(claims)}；报表：{format_yuan(a)}、{format_yuan(c)}"))
    for i, col in enumerate(income.columns):
        inc, exp, gain = income.value(L.INCOME_ROW, i), income.value(L.EXPENSE_ROW, i), income.value(L.GAIN_ROW, i)
        out.append(Check("gain", f"增值收益表{col}：增值收益 = 业务收入 − 业务支出", gain == inc - exp,
                         f"{format_yuan(inc)} − {format_yuan(exp)} = {format_yuan(inc - exp)}，报表{format_yuan(gain)}"))
    ledger_gain = sum(v if c.startswith("401") else -v for c, v in ytd.items())
    dgain = dist.value(1, 0)
    out.append(Check("distribution_gain", "增值收益分配表的本年增值收益 = 增值收益表本年累计 = 账簿收入减支出",
                     dgain == ledger_gain, f"分配表{format_yuan(dgain)}，账簿{format_yuan(ledger_gain)}"))
    opening, closing = dist.value(2, 0), dist.value(L.CLOSING_ROW, 0)
    bs_open, bs_end = sheet.value(L.UNDISTRIBUTED, 0), sheet.value(L.UNDISTRIBUTED, -1)
    out.append(Check("distribution_balance", "增值收益分配表年初、年末待分配增值收益与资产负债表相符",
                     opening == bs_open and closing == bs_end,
                     f"年初{format_yuan(opening)}（资产负债表{format_yuan(bs_open)}），"
                     f"期末{format_yuan(closing)}（资产负债表{format_yuan(bs_end)}）"))
    return out
