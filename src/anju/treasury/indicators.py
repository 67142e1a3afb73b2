"""Indicators of fund management: deposits placed, demand (备付) money, 使用率 and 备付率 (资金运用率 and 个贷率 are the
loan area's: ``fund.use_rate``, ``loan.ratio``)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Connection

from anju.indicators.catalogue import Period, Unit, divide, indicator, value
from anju.ledger.queries import account_balance
from anju.treasury.queries import deposits_held_on

AREA, SECTION = "treasury", "资金运用"


@indicator("fund.time_deposits", "定期（协定、通知）存款余额", Unit.YUAN,
           "期末存续的定期、协定和通知存款本金（投资登记簿）", area=AREA, section=SECTION, order=52, stock=True)
def time_deposits(conn: Connection, period: Period) -> int:
    return deposits_held_on(conn, period.last_day)


@indicator("fund.demand", "活期（备付）资金", Unit.YUAN,
           "期末住房公积金存款（101）余额减去定期、协定和通知存款本金", area=AREA, section=SECTION, order=53, stock=True)
def demand(conn: Connection, period: Period) -> int:
    return account_balance(conn, "101", as_of=period.last_day) - value(conn, "fund.time_deposits", period)


@indicator("fund.usage_rate", "住房公积金使用率", Unit.PERCENT,
           "（累计提取总额 + 期末个人住房贷款余额 + 期末国债余额）÷ 累计归集额", area=AREA, section=SECTION, order=54,
           stock=True)
def usage_rate(conn: Connection, period: Period) -> Decimal | None:
    return divide(value(conn, "withdrawal.total_to_date", period) + value(conn, "loan.balance", period)
                  + value(conn, "fund.bonds", period), value(conn, "deposit.total_to_date", period))


@indicator("fund.reserve_ratio", "备付率", Unit.PERCENT,
           "期末活期（备付）资金 ÷ 期间月均资金支出（提取额 + 发放贷款金额，按月平均）；低于100%即不足一个月的支出",
           area=AREA, section=SECTION, order=55, stock=True)
def reserve_ratio(conn: Connection, period: Period) -> Decimal | None:
    months = max(1, round((period.end - period.start).days / 30.4))
    outflow = value(conn, "withdrawal.amount", period) + value(conn, "loan.issued_amount", period)
    return divide(value(conn, "fund.demand", period) * months, outflow)
