"""Compliance indicators: 疑点率 and 整改率 (MOHURD's definitions, hpf-reference-2 §5.1), fraud cases, enforcement,
complaints (投诉处理率, 按期办结率) and dormant accounts (户数, 金额)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Connection, func, select

from anju.compliance.tables import enforcement_case, fraud_case
from anju.indicators.catalogue import Period, Unit, indicator

AREA = "compliance"
SECTION = "稽查与执法"


def _divide(a: int, b: int) -> Decimal | None:
    return None if not b else Decimal(a) / Decimal(b)


@indicator("compliance.suspect_rate", "疑点率", Unit.PERCENT,
           "期间内最近一次电子稽查扫描的疑点记录数 ÷ 被检查记录数（各规则合计）", area=AREA, section=SECTION, order=10)
def suspect_rate(conn: Connection, period: Period) -> Decimal | None:
    from anju.compliance.service import rates

    rows = rates(conn, start=period.start, end=period.end)
    return _divide(sum(r.found for r in rows), sum(r.checked for r in rows))


@indicator("compliance.suspects", "新增疑点数", Unit.COUNT, "期间内电子稽查新发现的疑点数", area=AREA, section=SECTION,
           order=11)
def suspects(conn: Connection, period: Period) -> int:
    from anju.compliance.service import disposal_counts

    return disposal_counts(conn, start=period.start, end=period.end)[0]


@indicator("compliance.rectify_rate", "整改率", Unit.PERCENT, "期间内发现的疑点中已核查销号的 ÷ 疑点数", area=AREA,
           section=SECTION, order=12)
def rectify_rate(conn: Connection, period: Period) -> Decimal | None:
    from anju.compliance.service import disposal_counts

    total, closed = disposal_counts(conn, start=period.start, end=period.end)
    return _divide(closed, total)


def _cases(conn: Connection, period: Period, *where) -> int:
    return int(conn.execute(select(func.count()).where(*where)).scalar_one())


@indicator("compliance.fraud_cases", "认定骗提骗贷案件数", Unit.COUNT, "期间内认定的骗提骗贷案件数", area=AREA,
           section=SECTION, order=20)
def fraud_cases(conn: Connection, period: Period) -> int:
    c = fraud_case.c
    return _cases(conn, period, c.confirmed_on >= period.start, c.confirmed_on < period.end)


@indicator("compliance.fraud_recovered", "追回骗提骗贷资金", Unit.YUAN, "期间内追回的骗提骗贷金额", area=AREA,
           section=SECTION, order=21)
def fraud_recovered(conn: Connection, period: Period) -> int:
    c = fraud_case.c
    return int(conn.execute(select(func.coalesce(func.sum(c.recovered), 0))
                            .where(c.recovered_on >= period.start, c.recovered_on < period.end)).scalar_one())


@indicator("compliance.fraud_penalised", "骗提骗贷处罚件数", Unit.COUNT, "期间内作出处罚决定的骗提骗贷案件数", area=AREA,
           section=SECTION, order=22)
def fraud_penalised(conn: Connection, period: Period) -> int:
    c = fraud_case.c
    return _cases(conn, period, c.penalty_on >= period.start, c.penalty_on < period.end)


@indicator("compliance.fraud_referred", "移送公安案件数", Unit.COUNT, "期间内移送公安机关的骗提骗贷案件数", area=AREA,
           section=SECTION, order=23)
def fraud_referred(conn: Connection, period: Period) -> int:
    c = fraud_case.c
    return _cases(conn, period, c.referred_on >= period.start, c.referred_on < period.end)


@indicator("compliance.enforcement_cases", "归集执法立案数", Unit.COUNT, "期间内对单位立案的归集执法案件数", area=AREA,
           section=SECTION, order=30)
def enforcement_cases(conn: Connection, period: Period) -> int:
    c = enforcement_case.c
    return int(conn.execute(select(func.count()).where(c.opened_on >= period.start, c.opened_on < period.end))
               .scalar_one())


@indicator("compliance.complaints", "受理投诉件数", Unit.COUNT, "期间内经12329、信访、网上受理的投诉件数", area=AREA,
           section=SECTION, order=40)
def complaints_received(conn: Connection, period: Period) -> int:
    from anju.compliance.complaints import rates

    return rates(conn, start=period.start, end=period.end, kind="complaint").received


@indicator("compliance.complaint_handled_rate", "投诉处理率", Unit.PERCENT, "期间内受理的投诉中已答复的 ÷ 受理投诉件数",
           area=AREA, section=SECTION, order=41)
def complaint_handled_rate(conn: Connection, period: Period) -> Decimal | None:
    from anju.compliance.complaints import rates

    r = rates(conn, start=period.start, end=period.end, kind="complaint")
    return _divide(r.handled, r.received)


@indicator("compliance.complaint_on_time_rate", "按期办结率", Unit.PERCENT,
           "期间内受理的诉求（咨询、投诉、建议）中在办理时限内答复的 ÷ 已答复件数", area=AREA, section=SECTION, order=42)
def complaint_on_time_rate(conn: Connection, period: Period) -> Decimal | None:
    from anju.compliance.complaints import rates

    r = rates(conn, start=period.start, end=period.end)
    return _divide(r.handled_on_time, r.handled)


@indicator("compliance.dormant_accounts", "睡眠户户数", Unit.HOUSEHOLD, "期末符合睡眠户条件的个人账户数", area=AREA,
           section=SECTION, order=50, stock=True)
def dormant_accounts(conn: Connection, period: Period) -> int:
    from anju.compliance.dormant import summary

    return summary(conn, period.last_day).accounts


@indicator("compliance.dormant_amount", "睡眠户金额", Unit.YUAN, "期末睡眠户账户余额之和", area=AREA, section=SECTION,
           order=51, stock=True)
def dormant_amount(conn: Connection, period: Period) -> int:
    from anju.compliance.dormant import summary

    return summary(conn, period.last_day).amount
