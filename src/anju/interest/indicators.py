"""Indicators of the fund's finances: business income and expenses, 增值收益, its rate and distribution,
the loan risk reserve."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Connection

from anju.indicators.catalogue import (
    Breakdown,
    Period,
    Unit,
    breakdown_of,
    detail_of,
    divide,
    indicator,
    paged,
    value,
)
from anju.ledger.queries import account_balance, movement, movement_by_account

AREA = "interest"
CLOSING = ("yearend.close_income", "yearend.distribute")
BY_KIND = Breakdown("kind", "收支项目")
INCOME_NAMES = {"40101": "住房公积金存款利息收入", "40102": "增值收益存款利息收入", "40103": "委托贷款利息收入",
                "40104": "国家债券利息收入", "40105": "其他收入"}
EXPENSE_NAMES = {"41101": "住房公积金利息支出", "41102": "归集手续费支出", "41103": "委托贷款手续费支出",
                 "41104": "其他支出"}


@indicator("finance.income", "业务收入", Unit.YUAN, "期间内业务收入（401科目）发生额，不含年终结转", area=AREA,
           section="主要财务数据", order=10, breakdowns=(BY_KIND,))
def income(conn: Connection, period: Period) -> int:
    return -movement(conn, "401", start=period.start, end=period.end, exclude_kinds=CLOSING)


@breakdown_of("finance.income")
def _income_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    rows = movement_by_account(conn, "401", start=period.start, end=period.end, exclude_kinds=CLOSING)
    return {INCOME_NAMES.get(code, code): -v for code, v in sorted(rows.items())}


@indicator("finance.expense", "业务支出", Unit.YUAN, "期间内业务支出（411科目）发生额，不含年终结转", area=AREA,
           section="主要财务数据", order=20, breakdowns=(BY_KIND,))
def expense(conn: Connection, period: Period) -> int:
    return movement(conn, "411", start=period.start, end=period.end, exclude_kinds=CLOSING)


@breakdown_of("finance.expense")
def _expense_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    rows = movement_by_account(conn, "411", start=period.start, end=period.end, exclude_kinds=CLOSING)
    return {EXPENSE_NAMES.get(code, code): v for code, v in sorted(rows.items())}


def _lines(conn: Connection, period: Period, prefix: str, names: dict[str, str], sign: int, *, offset, limit, key):
    """The voucher lines behind an income or expense figure (年终结转 left out), in date order; ``key``: one
    收支项目 by its name (or its account code)."""
    from anju.ledger.queries import lines_of

    code = prefix
    if key:
        code = next((c for c, n in names.items() if n == key[1]), key[1])
    q = lines_of(code, start=period.start, end=period.end, exclude_kinds=CLOSING)
    return paged(conn, ["日期", "凭证号", "科目代码", "科目名称", "摘要", "金额（元）"], q,
                 lambda r: (r.voucher_date, f"{r.period}-{r.number:05d}", r.account_code, r.name, r.summary,
                            sign * (int(r.debit) - int(r.credit))), offset=offset, limit=limit)


@detail_of("finance.income", keys=("kind",))
def _income_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    return _lines(conn, period, "401", INCOME_NAMES, -1, offset=offset, limit=limit, key=key)


@detail_of("finance.expense", keys=("kind",))
def _expense_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    return _lines(conn, period, "411", EXPENSE_NAMES, 1, offset=offset, limit=limit, key=key)


@indicator("finance.member_interest", "支付职工住房公积金利息", Unit.YUAN, "期间内计入职工个人账户的利息（41101科目）",
           area=AREA, section="主要财务数据", order=25)
def member_interest(conn: Connection, period: Period) -> int:
    return movement(conn, "41101", start=period.start, end=period.end, exclude_kinds=CLOSING)


@indicator("finance.gain", "增值收益", Unit.YUAN, "业务收入 − 业务支出", area=AREA, section="主要财务数据", order=30)
def gain(conn: Connection, period: Period) -> int:
    return value(conn, "finance.income", period) - value(conn, "finance.expense", period)


@indicator("finance.gain_rate", "增值收益率", Unit.PERCENT, "增值收益 ÷ 月均缴存余额", area=AREA,
           section="主要财务数据", order=40)
def gain_rate(conn: Connection, period: Period) -> Decimal | None:
    return divide(value(conn, "finance.gain", period), value(conn, "deposit.balance_avg", period))


@indicator("finance.to_risk_reserve", "提取贷款风险准备金", Unit.YUAN, "期间内增值收益分配中提取的贷款风险准备金（32101）",
           area=AREA, section="主要财务数据", order=50)
def to_risk_reserve(conn: Connection, period: Period) -> int:
    return _distributed(conn, period, "32101")


@indicator("finance.to_management", "提取管理费用", Unit.YUAN, "期间内增值收益分配中提取的管理费用（32102）",
           area=AREA, section="主要财务数据", order=51)
def to_management(conn: Connection, period: Period) -> int:
    return _distributed(conn, period, "32102")


@indicator("finance.to_housing", "提取公租房（廉租房）建设补充资金", Unit.YUAN,
           "期间内增值收益分配中提取的城市廉租住房（公共租赁住房）建设补充资金（32103）",
           area=AREA, section="主要财务数据", order=52)
def to_housing(conn: Connection, period: Period) -> int:
    return _distributed(conn, period, "32103")


def _distributed(conn: Connection, period: Period, code: str) -> int:
    """The debit side of a distribution sub-account within the period (the closing credit is excluded)."""
    from anju.ledger.queries import debits

    return debits(conn, code, start=period.start, end=period.end)


@indicator("finance.risk_reserve", "贷款风险准备金余额", Unit.YUAN, "期末“贷款风险准备”（301）科目余额", area=AREA,
           section="资产风险状况", order=60)
def risk_reserve(conn: Connection, period: Period) -> int:
    return account_balance(conn, "301", as_of=period.last_day)


@indicator("finance.risk_reserve_adequacy", "风险准备金充足率", Unit.PERCENT, "贷款风险准备金余额 ÷ 个人住房贷款余额",
           area=AREA, section="资产风险状况", order=61)
def risk_reserve_adequacy(conn: Connection, period: Period) -> Decimal | None:
    loans = account_balance(conn, "121", as_of=period.last_day) + account_balance(conn, "122", as_of=period.last_day)
    return divide(value(conn, "finance.risk_reserve", period), loans)
