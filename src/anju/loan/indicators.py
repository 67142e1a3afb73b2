"""Indicators of housing loans (个人住房贷款): issued, recovered, balances, 个贷率, 资金运用率, overdue and 逾期率
with their age buckets, write-offs and the housing contribution rate (住房贡献率).

Flows come from the loan sub-ledger (`loan_txn`, one row per movement against its voucher); balances at a date
are the sum of the sub-ledger's signed principal changes up to that day, which `anju verify` keeps equal to
accounts 121 + 122. Loans issued are counted by their disbursement date.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, and_, func, select

from anju.bank import queries as bank_queries
from anju.core.ids import mask_id
from anju.indicators.catalogue import (
    BY_BANK,
    Breakdown,
    Detail,
    Period,
    Unit,
    breakdown_of,
    detail_of,
    divide,
    growth,
    indicator,
    listed,
    paged,
    value,
)
from anju.ledger.queries import account_balance
from anju.loan.codes import BUCKETS, Purpose, RiskClass, TxnType, bucket
from anju.loan.tables import loan, loan_instalment, loan_txn
from anju.registry import queries as registry

AREA = "loan"
# the borrowers and the entrusted banks, as the registry and the bank area let other areas join them
PEOPLE = registry.people()
BANK = bank_queries.bank_names()
SECTION = "贷款"
BY_TERM = Breakdown("term", "贷款期限")
BY_HOME = Breakdown("home", "套数")
BY_PURPOSE = Breakdown("purpose", "贷款用途")
BY_BUCKET = Breakdown("bucket", "逾期时间")

# Term bands as the annual reports publish them: (label, longest term in months or None).
TERM_BANDS = (("5年（含）以下", 60), ("5-10年（含）", 120), ("10-20年（含）", 240), ("20年以上", None))


def term_band(months: int) -> str:
    for label, longest in TERM_BANDS:
        if longest is None or months <= longest:
            return label
    raise AssertionError("unreachable")


def _issued(period: Period, *extra):
    return and_(loan.c.disbursed_on >= period.start, loan.c.disbursed_on < period.end, *extra)


def _count(conn: Connection, where) -> int:
    return int(conn.execute(select(func.count()).select_from(loan).where(where)).scalar_one())


def _sum_amount(conn: Connection, where) -> int:
    return int(conn.execute(select(func.coalesce(func.sum(loan.c.amount), 0)).where(where)).scalar_one())


def _grouped(conn: Connection, period: Period, dim: str, measure) -> dict[str, int]:
    """Loans issued in the period grouped by a dimension; ``measure`` is count() or sum(amount)."""
    if dim == "bank":
        rows = conn.execute(select(BANK.c.short_name, measure)
                            .select_from(loan.join(BANK, BANK.c.code == loan.c.bank_code))
                            .where(_issued(period)).group_by(BANK.c.short_name)).all()
        return {k: int(v) for k, v in rows}
    if dim == "term":
        rows = conn.execute(select(loan.c.months, measure).where(_issued(period)).group_by(loan.c.months)).all()
        out: dict[str, int] = {label: 0 for label, _ in TERM_BANDS}
        for months, v in rows:
            out[term_band(months)] += int(v)
        return {k: v for k, v in out.items() if v}
    if dim == "home":
        rows = conn.execute(select(loan.c.second_home, measure).where(_issued(period))
                            .group_by(loan.c.second_home)).all()
        return {("二套" if second else "首套"): int(v) for second, v in rows}
    if dim == "purpose":
        rows = conn.execute(select(loan.c.purpose, measure).where(_issued(period)).group_by(loan.c.purpose)).all()
        return {Purpose(code).label: int(v) for code, v in rows}
    raise AssertionError(dim)


def _issued_key(key) -> object:
    """The loans of one breakdown row of the loans issued (by term band, 套数, purpose or bank)."""
    dim, label = key
    if dim == "term":
        bounds = [0] + [longest for _, longest in TERM_BANDS]
        i = [lb for lb, _ in TERM_BANDS].index(label)
        return and_(loan.c.months > bounds[i], *([loan.c.months <= bounds[i + 1]] if bounds[i + 1] else []))
    if dim == "home":
        return loan.c.second_home.is_(label == "二套")
    if dim == "purpose":
        return loan.c.purpose.in_([p.value for p in Purpose if p.label == label])
    if dim == "bank":
        return BANK.c.short_name == label
    raise AssertionError(dim)


def _issued_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    q = (select(loan.c.loan_no, loan.c.contract_no, PEOPLE.c.name, PEOPLE.c.id_number, loan.c.disbursed_on,
                loan.c.amount, loan.c.months, loan.c.second_home, loan.c.purpose, loan.c.combined, loan.c.remote,
                BANK.c.short_name)
         .select_from(loan.join(PEOPLE, PEOPLE.c.id == loan.c.borrower_person_id)
                      .join(BANK, BANK.c.code == loan.c.bank_code))
         .where(_issued(period, *([_issued_key(key)] if key else []))).order_by(loan.c.disbursed_on, loan.c.loan_no))
    return paged(conn, ["贷款账号", "借款合同编号", "借款人", "放款日期", "贷款金额（元）", "期限（月）", "套数", "用途",
                        "组合贷款", "异地贷款", "受托银行", "证件号码"], q,
                 lambda r: (r.loan_no, r.contract_no, r.name, r.disbursed_on.isoformat(), int(r.amount), r.months,
                            "二套" if r.second_home else "首套", Purpose(r.purpose).label, "是" if r.combined else "否",
                            "是" if r.remote else "否", r.short_name, mask_id(r.id_number)),
                 offset=offset, limit=limit)


ISSUED_BREAKDOWNS = (BY_TERM, BY_HOME, BY_PURPOSE, BY_BANK)


@indicator("loan.issued_count", "发放贷款笔数", Unit.COUNT, "期间内放款的个人住房贷款笔数（按放款日期）", area=AREA,
           section=SECTION, order=10, breakdowns=ISSUED_BREAKDOWNS)
def issued_count(conn: Connection, period: Period) -> int:
    return _count(conn, _issued(period))


@breakdown_of("loan.issued_count")
def _issued_count_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    return _grouped(conn, period, dim, func.count())


@indicator("loan.issued_amount", "发放贷款金额", Unit.YUAN, "期间内放款的个人住房贷款金额之和（按放款日期）", area=AREA,
           section=SECTION, order=11, breakdowns=ISSUED_BREAKDOWNS)
def issued_amount(conn: Connection, period: Period) -> int:
    return _sum_amount(conn, _issued(period))


@breakdown_of("loan.issued_amount")
def _issued_amount_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    return _grouped(conn, period, dim, func.sum(loan.c.amount))


detail_of("loan.issued_count", keys=("term", "home", "purpose", "bank"))(_issued_detail)
detail_of("loan.issued_amount", keys=("term", "home", "purpose", "bank"))(_issued_detail)


@indicator("loan.issued_growth", "贷款发放额增长率", Unit.PERCENT, "本期发放贷款金额 ÷ 上年同期发放贷款金额 − 1",
           area=AREA, section=SECTION, order=12)
def issued_growth(conn: Connection, period: Period) -> Decimal | None:
    return growth(value(conn, "loan.issued_amount", period),
                  value(conn, "loan.issued_amount", period.previous_year()))


@indicator("loan.combined_count", "组合贷款笔数", Unit.COUNT, "期间内发放的公积金与商业银行组合贷款笔数", area=AREA,
           section=SECTION, order=13)
def combined_count(conn: Connection, period: Period) -> int:
    return _count(conn, _issued(period, loan.c.combined.is_(True)))


@indicator("loan.refinance_count", "商转公贷款笔数", Unit.COUNT, "期间内发放的商业贷款转公积金贷款（商转公）笔数",
           area=AREA, section=SECTION, order=14)
def refinance_count(conn: Connection, period: Period) -> int:
    return _count(conn, _issued(period, loan.c.purpose == Purpose.COMMERCIAL_TRANSFER.value))


@indicator("loan.remote_count", "异地贷款笔数", Unit.COUNT, "期间内向异地缴存职工发放的贷款笔数", area=AREA,
           section=SECTION, order=15)
def remote_count(conn: Connection, period: Period) -> int:
    return _count(conn, _issued(period, loan.c.remote.is_(True)))


@indicator("loan.second_home_share", "二套房贷款占比", Unit.PERCENT, "期间内发放的二套住房贷款笔数 ÷ 发放贷款笔数",
           area=AREA, section=SECTION, order=16)
def second_home_share(conn: Connection, period: Period) -> Decimal | None:
    return divide(_count(conn, _issued(period, loan.c.second_home.is_(True))), _count(conn, _issued(period)))


@indicator("loan.issued_to_date_count", "累计发放贷款笔数", Unit.COUNT, "截至期末历年发放的个人住房贷款笔数",
           area=AREA, section=SECTION, order=20, stock=True)
def issued_to_date_count(conn: Connection, period: Period) -> int:
    return _count(conn, loan.c.disbursed_on < period.end)


@indicator("loan.issued_to_date", "累计发放贷款金额", Unit.YUAN, "截至期末历年发放的个人住房贷款金额之和",
           area=AREA, section=SECTION, order=21, stock=True)
def issued_to_date(conn: Connection, period: Period) -> int:
    return _sum_amount(conn, loan.c.disbursed_on < period.end)


# --------------------------------------------------------------------------------------------- recovered, balances

_MOVED = loan_txn.c.principal + loan_txn.c.overdue_principal


def _txn_sum(conn: Connection, period: Period, where) -> int:
    return int(conn.execute(select(func.coalesce(func.sum(_MOVED), 0)).where(
        loan_txn.c.txn_date >= period.start, loan_txn.c.txn_date < period.end, where)).scalar_one())


@indicator("loan.recovered", "回收贷款金额", Unit.YUAN,
           "期间内收回的贷款本金（正常还款、逾期还款、提前还款、公积金提取还款，扣除冲正），不含核销", area=AREA,
           section=SECTION, order=30)
def recovered(conn: Connection, period: Period) -> int:
    return -_txn_sum(conn, period, loan_txn.c.type.notin_((TxnType.DISBURSE.value, TxnType.WRITE_OFF.value)))


@detail_of("loan.recovered")
def _recovered_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    q = (select(loan_txn.c.txn_date, loan.c.loan_no, PEOPLE.c.name, loan_txn.c.type, _MOVED.label("moved"))
         .select_from(loan_txn.join(loan, loan.c.id == loan_txn.c.loan_id)
                      .join(PEOPLE, PEOPLE.c.id == loan.c.borrower_person_id))
         .where(loan_txn.c.txn_date >= period.start, loan_txn.c.txn_date < period.end,
                loan_txn.c.type.notin_((TxnType.DISBURSE.value, TxnType.WRITE_OFF.value)), _MOVED != 0)
         .order_by(loan_txn.c.txn_date, loan_txn.c.id))
    return paged(conn, ["日期", "贷款账号", "借款人", "业务类型", "回收本金（元）"], q,
                 lambda r: (r.txn_date, r.loan_no, r.name, TxnType(r.type).label, -int(r.moved)),
                 offset=offset, limit=limit)


@indicator("loan.written_off", "核销贷款金额", Unit.YUAN, "期间内经审批以贷款风险准备金核销的逾期贷款本金",
           area=AREA, section="资产风险状况", order=60)
def written_off(conn: Connection, period: Period) -> int:
    return -_txn_sum(conn, period, loan_txn.c.type == TxnType.WRITE_OFF.value)


@detail_of("loan.written_off")
def _written_off_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    q = (select(loan_txn.c.txn_date, loan.c.loan_no, PEOPLE.c.name, _MOVED.label("moved"))
         .select_from(loan_txn.join(loan, loan.c.id == loan_txn.c.loan_id)
                      .join(PEOPLE, PEOPLE.c.id == loan.c.borrower_person_id))
         .where(loan_txn.c.txn_date >= period.start, loan_txn.c.txn_date < period.end,
                loan_txn.c.type == TxnType.WRITE_OFF.value)
         .order_by(loan_txn.c.txn_date, loan_txn.c.id))
    return paged(conn, ["日期", "贷款账号", "借款人", "核销本金（元）"], q,
                 lambda r: (r.txn_date, r.loan_no, r.name, -int(r.moved)), offset=offset, limit=limit)


def _balance_at(conn: Connection, day: date, column=_MOVED) -> int:
    return int(conn.execute(select(func.coalesce(func.sum(column), 0)).where(loan_txn.c.txn_date <= day))
               .scalar_one())


@indicator("loan.balance", "个人住房贷款余额", Unit.YUAN, "期末全部贷款未还本金（正常本金与逾期本金），等于总账121与122科目余额之和",
           area=AREA, section=SECTION, order=40, stock=True, breakdowns=(BY_BANK,))
def balance(conn: Connection, period: Period) -> int:
    return _balance_at(conn, period.last_day)


@breakdown_of("loan.balance")
def _balance_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    rows = conn.execute(select(BANK.c.short_name, func.sum(_MOVED))
                        .select_from(loan_txn.join(loan, loan.c.id == loan_txn.c.loan_id)
                                     .join(BANK, BANK.c.code == loan.c.bank_code))
                        .where(loan_txn.c.txn_date <= period.last_day).group_by(BANK.c.short_name)).all()
    return {k: int(v) for k, v in rows if v}


@detail_of("loan.balance", keys=("bank",))
def _balance_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    owed = func.sum(_MOVED).label("owed")
    q = (select(loan.c.loan_no, PEOPLE.c.name, loan.c.disbursed_on, loan.c.amount, owed)
         .select_from(loan_txn.join(loan, loan.c.id == loan_txn.c.loan_id)
                      .join(PEOPLE, PEOPLE.c.id == loan.c.borrower_person_id))
         .where(loan_txn.c.txn_date <= period.last_day)
         .group_by(loan.c.loan_no, PEOPLE.c.name, loan.c.disbursed_on, loan.c.amount)
         .having(func.sum(_MOVED) != 0).order_by(loan.c.loan_no))
    if key:
        q = q.where(loan.c.bank_code.in_(select(BANK.c.code).where(BANK.c.short_name == key[1])))
    return paged(conn, ["贷款账号", "借款人", "放款日期", "贷款金额（元）", "贷款余额（元）"], q,
                 lambda r: (r.loan_no, r.name, r.disbursed_on.isoformat(), int(r.amount), int(r.owed)),
                 offset=offset, limit=limit)


@indicator("loan.ratio", "个贷率", Unit.PERCENT, "期末个人住房贷款余额 ÷ 期末缴存余额（警戒线85%）", area=AREA,
           section=SECTION, order=41, stock=True)
def loan_ratio(conn: Connection, period: Period) -> Decimal | None:
    return divide(value(conn, "loan.balance", period), value(conn, "deposit.balance", period))


@indicator("fund.bonds", "国债余额", Unit.YUAN, "期末“国家债券”（124）科目余额", area=AREA, section="资金运用", order=50,
           stock=True)
def bonds(conn: Connection, period: Period) -> int:
    return account_balance(conn, "124", as_of=period.last_day)


@indicator("fund.use_rate", "资金运用率", Unit.PERCENT, "（期末个人住房贷款余额 + 国债余额）÷ 期末缴存余额", area=AREA,
           section="资金运用", order=51, stock=True)
def use_rate(conn: Connection, period: Period) -> Decimal | None:
    return divide(value(conn, "loan.balance", period) + value(conn, "fund.bonds", period),
                  value(conn, "deposit.balance", period))


# --------------------------------------------------------------------------------------------- overdue


def _overdue_by_loan(conn: Connection, day: date) -> list[tuple[int, int, int]]:
    """(loan id, overdue principal, days overdue) of every loan with overdue principal at the end of ``day``;
    days are counted from the due date of its oldest instalment that was overdue and unpaid that day."""
    owed = {lid: int(v) for lid, v in conn.execute(
        select(loan_txn.c.loan_id, func.sum(loan_txn.c.overdue_principal)).where(loan_txn.c.txn_date <= day)
        .group_by(loan_txn.c.loan_id).having(func.sum(loan_txn.c.overdue_principal) != 0)).all()}
    if not owed:
        return []
    oldest = dict(conn.execute(
        select(loan_instalment.c.loan_id, func.min(loan_instalment.c.due_date))
        .where(loan_instalment.c.overdue_on.is_not(None), loan_instalment.c.overdue_on <= day,
               (loan_instalment.c.paid_on.is_(None)) | (loan_instalment.c.paid_on > day),
               loan_instalment.c.loan_id.in_(sorted(owed)))
        .group_by(loan_instalment.c.loan_id)).all())
    return [(lid, amount, (day - oldest[lid]).days if lid in oldest else 1) for lid, amount in sorted(owed.items())]


@indicator("loan.overdue_amount", "逾期贷款金额", Unit.YUAN, "期末逾期未还的贷款本金（总账122“逾期贷款”科目余额）",
           area=AREA, section="资产风险状况", order=61, stock=True, breakdowns=(BY_BUCKET,))
def overdue_amount(conn: Connection, period: Period) -> int:
    return _balance_at(conn, period.last_day, loan_txn.c.overdue_principal)


@breakdown_of("loan.overdue_amount")
def _overdue_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for _, amount, days in _overdue_by_loan(conn, period.last_day):
        out[bucket(days)] = out.get(bucket(days), 0) + amount
    return {label: out[label] for label, _, _ in BUCKETS if label in out}


@detail_of("loan.overdue_amount", keys=("bucket",))
def _overdue_detail(conn: Connection, period: Period, *, offset=0, limit=None, key=None):
    """The overdue loans are few and their days overdue are worked out per loan, so they are listed in Python
    and the page is sliced from them; only the shown page's borrowers are read."""
    found = [f for f in _overdue_by_loan(conn, period.last_day) if key is None or bucket(f[2]) == key[1]]
    page = listed(["id", "amount", "days"], found, offset=offset, limit=limit)
    found = list(page.rows)
    info = {r.id: r for r in conn.execute(
        select(loan.c.id, loan.c.loan_no, PEOPLE.c.name, PEOPLE.c.phone, loan.c.risk_class)
        .select_from(loan.join(PEOPLE, PEOPLE.c.id == loan.c.borrower_person_id))
        .where(loan.c.id.in_([lid for lid, _, _ in found]))).all()} if found else {}
    return Detail(["贷款账号", "借款人", "联系电话", "逾期本金（元）", "逾期天数", "逾期时间", "当前风险等级"],
                  [(info[lid].loan_no, info[lid].name, info[lid].phone or "", amount, days, bucket(days),
                    RiskClass(info[lid].risk_class).label) for lid, amount, days in found], page.total)


@indicator("loan.overdue_count", "逾期贷款笔数", Unit.COUNT, "期末有逾期未还本金的贷款笔数", area=AREA,
           section="资产风险状况", order=62, stock=True)
def overdue_count(conn: Connection, period: Period) -> int:
    return len(_overdue_by_loan(conn, period.last_day))


detail_of("loan.overdue_count")(_overdue_detail)


@indicator("loan.overdue_rate", "逾期率", Unit.PERMILLE, "期末逾期贷款金额 ÷ 期末个人住房贷款余额", area=AREA,
           section="资产风险状况", order=63, stock=True)
def overdue_rate(conn: Connection, period: Period) -> Decimal | None:
    return divide(value(conn, "loan.overdue_amount", period), value(conn, "loan.balance", period))


# --------------------------------------------------------------------------------------------- social effect


@indicator("loan.housing_contribution", "住房贡献率", Unit.PERCENT,
           "（住房消费类提取额 + 发放贷款金额）÷ 归集额", area=AREA, section="社会经济效益", order=80)
def housing_contribution(conn: Connection, period: Period) -> Decimal | None:
    return divide(value(conn, "withdrawal.housing_amount", period) + value(conn, "loan.issued_amount", period),
                  value(conn, "deposit.amount", period))

