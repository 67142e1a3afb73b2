"""The share of business done away from the counter (离柜率), from the audit trail's channels."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Connection, func, or_, select

from anju.auth.actor import Channel
from anju.auth.tables import audit_log
from anju.core import clock
from anju.indicators.catalogue import Breakdown, Period, Unit, breakdown_of, divide, indicator

# Business use cases (not sign-ins, administration or batch jobs) — what a member or employer comes to do. Matched as
# prefixes: "transfer.out" is the direct transfer out (the sending side's steps are "transfer.send.*", the centre's).
BUSINESS_PREFIXES = ("registry.", "deposit.list.", "deposit.deferral.apply", "deposit.base_adjust", "withdrawal.apply",
                     "loan.application.apply", "transfer.out", "transfer.in.apply", "transfer.merge.apply",
                     "transfer.certificate.issue")
ONLINE = (Channel.EMPLOYER_PORTAL.value, Channel.MEMBER_PORTAL.value, Channel.API.value, Channel.KIOSK.value)
BY_CHANNEL = Breakdown("channel", "办理渠道")
CHANNEL_LABELS = {"counter": "柜面", "employer_portal": "单位网厅", "member_portal": "个人网厅", "api": "接口",
                  "kiosk": "自助终端",
                  "cli": "命令行", "batch": "批处理"}


def _business(period: Period):
    # the audit trail keeps naive UTC instants; the period is in business dates (the centre's time zone)
    return (audit_log.c.at >= clock.day_start(period.start), audit_log.c.at < clock.day_start(period.end), audit_log.c.channel != Channel.BATCH.value,
            or_(*[audit_log.c.action.like(f"{p}%") for p in BUSINESS_PREFIXES]))


@indicator("service.offline_rate", "离柜率", Unit.PERCENT, "经单位网厅、个人网厅、接口和自助终端办理的业务笔数 ÷ 业务总笔数",
           area="auth", section="服务", order=10)
def offline_rate(conn: Connection, period: Period) -> Decimal | None:
    total, online = conn.execute(select(func.count(), func.count().filter(audit_log.c.channel.in_(ONLINE)))
                                 .where(*_business(period))).one()
    return divide(int(online or 0), int(total or 0))


@indicator("service.business_count", "业务笔数", Unit.COUNT, "期间内办理的业务笔数（不含登录、系统管理和批处理）",
           area="auth", section="服务", order=20, breakdowns=(BY_CHANNEL,))
def business_count(conn: Connection, period: Period) -> int:
    return int(conn.execute(select(func.count()).where(*_business(period))).scalar_one())


@breakdown_of("service.business_count")
def _by_channel(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    rows = conn.execute(select(audit_log.c.channel, func.count()).where(*_business(period))
                        .group_by(audit_log.c.channel)).all()
    return {CHANNEL_LABELS.get(c, c): int(n) for c, n in rows}
