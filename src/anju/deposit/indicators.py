"""Indicators of contributions (归集): amounts, balance, the payment rate and growth."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Connection, func, select

from anju.core.dates import month_of
from anju.deposit.queries import arrears
from anju.deposit.tables import remittance
from anju.indicators.catalogue import (
    BY_BANK,
    BY_BRANCH,
    BY_EMPLOYER_KIND,
    BY_TYPE,
    LIST_LIMIT,
    Detail,
    Indicator,
    Period,
    Unit,
    breakdown_of,
    detail_of,
    divide,
    growth,
    indicator,
    listed,
    month_ends,
    paged,
    register,
    value,
)
from anju.ledger.queries import account_balance
from anju.registry import rollup, txn_summary
from anju.registry.codes import EmployerKind, TxnType

AREA = "deposit"
PAID = (TxnType.REMIT.value, TxnType.BACK_PAY.value)


def _sum(conn: Connection, period: Period, types=PAID) -> int:
    return txn_summary.total(conn, period.start, period.end, types)


@indicator("deposit.amount", "归集额", Unit.YUAN, "期间内汇缴与补缴记入职工个人账户的金额（扣除退缴）",
           area=AREA, section="缴存", order=10, breakdowns=(BY_TYPE, BY_EMPLOYER_KIND, BY_BRANCH, BY_BANK))
def amount(conn: Connection, period: Period) -> int:
    return _sum(conn, period)


@breakdown_of("deposit.amount")
def _amount_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    if dim == "bank":
        return _amount_by_bank(conn, period)
    out: dict[str, int] = {}
    # kind and branch are non-null for every employer, so None stands for rows without one (flexible workers)
    for (key,), (amount, _rows, _pos) in txn_summary.by(conn, period.start, period.end, (dim,), PAID).items():
        if dim == "type":
            label = TxnType(key).label
        elif key is None:
            label = "灵活就业人员"
        elif dim == "employer_kind":
            label = EmployerKind(key).report_group
        else:
            label = key  # the branch's name
        out[label] = out.get(label, 0) + amount
    return out


def _amount_by_bank(conn: Connection, period: Period) -> dict[str, int]:
    """By the entrusted bank the money came through: lists posted on their payment day, less refunds (退缴)
    approved in the period, by the list's bank — the same money as the member rows, read from the lists."""
    from anju.bank.queries import short_names
    from anju.deposit.tables import refund

    names = short_names(conn)
    out: dict[str, int] = {}
    paid = conn.execute(select(remittance.c.bank_code, func.sum(remittance.c.total)).where(
        remittance.c.status == "posted", remittance.c.paid_on >= period.start, remittance.c.paid_on < period.end)
        .group_by(remittance.c.bank_code)).all()
    back = conn.execute(select(remittance.c.bank_code, func.sum(refund.c.amount))
                        .select_from(refund.join(remittance, remittance.c.id == refund.c.remittance_id))
                        .where(refund.c.status == "posted", refund.c.refund_on >= period.start,
                               refund.c.refund_on < period.end).group_by(remittance.c.bank_code)).all()
    for code, v in paid:
        out[names[code]] = out.get(names[code], 0) + int(v)
    for code, v in back:
        out[names[code]] = out.get(names[code], 0) - int(v)
    return {k: v for k, v in out.items() if v}


def _by_employer(conn: Connection, period: Period, types, *, offset, limit, key):
    """The contributions of the period by employer (flexible workers as one row), largest first, from the
    roll-up (:func:`anju.registry.details.by_employer`)."""
    from anju.registry.details import FLEXIBLE_LABEL, by_employer, employers_named

    per = by_employer(conn, period, types, key)
    named = employers_named(conn, per)
    rows = sorted((((named[e].account_no, named[e].name) if e is not None else ("", FLEXIBLE_LABEL)) + (amount, n)
                   for e, (amount, n) in per.items()), key=lambda r: (-r[2], r[0]))  # largest, then by 单位账号
    return listed(["单位账号", "单位名称", "归集额（元）", "入账笔数"], rows, offset=offset, limit=limit)


@detail_of("deposit.amount", keys=("employer_kind", "branch"))
def _amount_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    return _by_employer(conn, period, PAID, offset=offset, limit=limit, key=key)


@indicator("deposit.remit", "汇缴额", Unit.YUAN, "期间内按月汇缴记入个人账户的金额", area=AREA, section="缴存", order=11)
def remit(conn: Connection, period: Period) -> int:
    return _sum(conn, period, (TxnType.REMIT.value,))


@indicator("deposit.back_pay", "补缴额", Unit.YUAN, "期间内补缴记入个人账户的金额", area=AREA, section="缴存", order=12)
def back_pay(conn: Connection, period: Period) -> int:
    return _sum(conn, period, (TxnType.BACK_PAY.value,))


@detail_of("deposit.remit")
def _remit_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    return _by_employer(conn, period, (TxnType.REMIT.value,), offset=offset, limit=limit, key=key)


@detail_of("deposit.back_pay")
def _back_pay_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    return _by_employer(conn, period, (TxnType.BACK_PAY.value,), offset=offset, limit=limit, key=key)


@indicator("deposit.balance", "缴存余额", Unit.YUAN, "期末全部职工个人账户余额之和，等于总账“住房公积金”（201）科目期末余额",
           area=AREA, section="缴存", order=20, stock=True)
def balance(conn: Connection, period: Period) -> int:
    return account_balance(conn, "201", as_of=period.last_day)


@detail_of("deposit.balance")
def _balance_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    """The accounts with money at the period's end, largest first. An account's balance then is today's less
    what its rows dated since moved (`anju verify` keeps every balance equal to the sum of its rows), so a past
    period reads the rows since its end, not each account's whole history."""
    from anju.registry.details import MEMBER_HEADERS, _member_row, _members
    from anju.registry.queries import balances_at

    per = balances_at(period.end)
    order = (per.c.balance.desc(), per.c.account_no)
    q = _members(per, per.c.balance).where(per.c.balance != 0).order_by(None).order_by(*order)
    headers = [*MEMBER_HEADERS, "期末余额（元）"]

    def convert(r):
        return (*_member_row(r), int(r.balance))

    if limit is not None and limit <= LIST_LIMIT:
        # A page: rank the balances alone, then read the holders of the page's accounts only.
        ranked = (select(per.c.account_id).where(per.c.balance != 0).order_by(*order).offset(offset).limit(limit))
        ids = list(conn.execute(ranked).scalars())
        total = conn.execute(select(func.count()).select_from(per).where(per.c.balance != 0)).scalar_one()
        rows = [convert(r) for r in conn.execute(q.where(per.c.account_id.in_(ids)))] if ids else []
        return Detail(headers, rows, int(total))
    return paged(conn, headers, q, convert, offset=offset, limit=limit)


@indicator("deposit.balance_avg", "月均缴存余额", Unit.YUAN, "期间内各月末缴存余额的算术平均数（四舍五入到分）",
           area=AREA, section="缴存", order=21)
def balance_avg(conn: Connection, period: Period) -> int:
    ends = month_ends(period)
    total = sum(account_balance(conn, "201", as_of=d) for d in ends)
    return int((Decimal(total) / len(ends)).to_integral_value(ROUND_HALF_UP)) if ends else 0


@indicator("deposit.total_to_date", "累计归集额", Unit.YUAN, "截至期末历年汇缴与补缴的累计金额（扣除退缴）",
           area=AREA, section="缴存", order=22, stock=True)
def total_to_date(conn: Connection, period: Period) -> int:
    return rollup.total_before(conn, period.end, PAID)


@indicator("deposit.rate", "缴存率", Unit.PERCENT, "实缴金额 ÷ 应缴金额；实缴 = 期末前记入的属于期间内月份的汇缴与补缴额；应缴 = 实缴 + 期末仍欠缴的金额（按期末的单位缴至年月，每月按现行月缴存额，缓缴月份除外）",
           area=AREA, section="缴存", order=30)
def rate(conn: Connection, period: Period) -> Decimal | None:
    first, last = month_of(period.start), month_of(period.last_day)
    paid = rollup.total_before(conn, period.end, PAID, months=(first, last))
    owed = sum(a.monthly_due * sum(1 for m in a.unpaid_months if first <= m <= last)
               for a in arrears(conn, as_of=period.last_day, as_then=True))
    return divide(paid, paid + owed)


register(Indicator("deposit.amount_growth", "归集额增长率", "本期归集额 ÷ 上年同期归集额 − 1", Unit.PERCENT, AREA,
                   lambda conn, p: growth(value(conn, "deposit.amount", p),
                                          value(conn, "deposit.amount", p.previous_year())),
                   depends=("deposit.amount",), section="缴存", order=40))
register(Indicator("deposit.balance_growth", "缴存余额增长率", "期末缴存余额 ÷ 上年同期末缴存余额 − 1", Unit.PERCENT, AREA,
                   lambda conn, p: growth(value(conn, "deposit.balance", p),
                                          value(conn, "deposit.balance", p.previous_year())),
                   depends=("deposit.balance",), section="缴存", order=41, stock=True))
