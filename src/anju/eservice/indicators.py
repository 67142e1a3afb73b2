"""Indicators of the digital services: 离柜率 by kind of business (from the audit trail's channels), 满意度 and
差评 (好差评), 差评整改, notifications sent and electronic certificates issued."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Connection, case, func, select

from anju.auth import queries as auth_queries
from anju.auth.indicators import ONLINE
from anju.core import clock
from anju.eservice.codes import CERT_KIND_LABELS, EVENT_LABELS, Business, CertKind, NoticeEvent, NoticeStatus
from anju.eservice.evaluation import KIND_PREFIXES
from anju.eservice.tables import certificate, evaluation, followup, notice
from anju.indicators.catalogue import Breakdown, Period, Unit, breakdown_of, divide, indicator

BY_BUSINESS = Breakdown("business", "业务类别")
BY_EVENT = Breakdown("event", "通知事项")
BY_CERT = Breakdown("cert_kind", "证明种类")
SECTION = "服务"


def _kind_column(action):
    """The business kind of an audit action as SQL (``evaluation.KIND_PREFIXES``)."""
    return case(*[(action.like(f"{p}%"), k.value) for p, k in KIND_PREFIXES], else_="other")


def _acts(period: Period):
    a = auth_queries.business_acts()
    return a, (a.c.at >= clock.day_start(period.start), a.c.at < clock.day_start(period.end))


def _offline_by_kind(conn: Connection, period: Period) -> dict[str, tuple[int, int]]:
    a, when = _acts(period)
    kind = _kind_column(a.c.action).label("kind")
    rows = conn.execute(select(kind, func.count(), func.count().filter(a.c.channel.in_(ONLINE)))
                        .where(*when).group_by(kind)).all()
    return {k: (int(n), int(m or 0)) for k, n, m in rows}


@indicator("eservice.deposit_offline_rate", "缴存业务离柜率", Unit.PERCENT,
           "经单位网厅、个人网厅、接口和自助终端办理的缴存业务笔数 ÷ 缴存业务总笔数", area="eservice", section=SECTION, order=11)
def deposit_offline_rate(conn: Connection, period: Period) -> Decimal | None:
    n, m = _offline_by_kind(conn, period).get(Business.DEPOSIT.value, (0, 0))
    return divide(m, n)


@indicator("eservice.offline_rate", "分业务离柜率", Unit.PERCENT,
           "各类业务中不在柜面办理的笔数 ÷ 该类业务总笔数（按业务类别分列；合计同离柜率）", area="eservice",
           section=SECTION, order=12, breakdowns=(BY_BUSINESS,))
def offline_rate(conn: Connection, period: Period) -> Decimal | None:
    pairs = _offline_by_kind(conn, period).values()
    return divide(sum(m for _, m in pairs), sum(n for n, _ in pairs))


@breakdown_of("eservice.offline_rate")
def _offline_rate_by(conn: Connection, period: Period, dim: str) -> dict[str, Decimal | None]:
    found = _offline_by_kind(conn, period)
    return {k.label: divide(found[k.value][1], found[k.value][0]) for k in Business if k.value in found}


def _ratings(period: Period):
    return (evaluation.c.rated_on >= period.start, evaluation.c.rated_on < period.end)


@indicator("eservice.evaluations", "服务评价笔数", Unit.COUNT, "期间内办事群众和单位对业务作出的评价（好差评）笔数",
           area="eservice", section=SECTION, order=20, breakdowns=(BY_BUSINESS,))
def evaluations(conn: Connection, period: Period) -> int:
    return int(conn.execute(select(func.count()).select_from(evaluation).where(*_ratings(period))).scalar_one())


@breakdown_of("eservice.evaluations")
def _evaluations_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    rows = conn.execute(select(evaluation.c.business, func.count()).where(*_ratings(period))
                        .group_by(evaluation.c.business)).all()
    return {Business(b).label: int(n) for b, n in rows}


def _satisfaction(conn: Connection, period: Period, group: bool):
    good = func.count().filter(evaluation.c.score >= 4)
    q = select(evaluation.c.business, func.count(), good) if group else select(func.count(), good)
    q = q.where(*_ratings(period))
    return conn.execute(q.group_by(evaluation.c.business) if group else q).all()


@indicator("eservice.satisfaction", "满意度", Unit.PERCENT, "评分4分及以上（满意、非常满意）的评价笔数 ÷ 评价总笔数",
           area="eservice", section=SECTION, order=21, breakdowns=(BY_BUSINESS,))
def satisfaction(conn: Connection, period: Period) -> Decimal | None:
    (n, g), = _satisfaction(conn, period, False)
    return divide(int(g or 0), int(n or 0))


@breakdown_of("eservice.satisfaction")
def _satisfaction_by(conn: Connection, period: Period, dim: str) -> dict[str, Decimal | None]:
    return {Business(b).label: divide(int(g or 0), int(n)) for b, n, g in _satisfaction(conn, period, True)}


@indicator("eservice.bad_ratings", "差评笔数", Unit.COUNT, "期间内评分不高于差评分数上限的评价笔数（每笔开立差评整改）",
           area="eservice", section=SECTION, order=22)
def bad_ratings(conn: Connection, period: Period) -> int:
    return int(conn.execute(select(func.count()).select_from(followup).where(
        followup.c.opened_on >= period.start, followup.c.opened_on < period.end)).scalar_one())


@indicator("eservice.followup_rate", "差评整改率", Unit.PERCENT, "期间内开立的差评整改已按期办结的件数 ÷ 开立件数",
           area="eservice", section=SECTION, order=23)
def followup_rate(conn: Connection, period: Period) -> Decimal | None:
    n, done = conn.execute(select(func.count(), func.count().filter(
        followup.c.closed_on.is_not(None), followup.c.closed_on <= followup.c.due_on)).where(
        followup.c.opened_on >= period.start, followup.c.opened_on < period.end)).one()
    return divide(int(done or 0), int(n or 0))


@indicator("eservice.notices_sent", "短信和邮件通知条数", Unit.COUNT, "期间内经短信和电子邮件网关发出的通知条数",
           area="eservice", section=SECTION, order=30, breakdowns=(BY_EVENT,))
def notices_sent(conn: Connection, period: Period) -> int:
    return int(conn.execute(select(func.count()).select_from(notice).where(*_sent(period))).scalar_one())


def _sent(period: Period):
    return (notice.c.status == NoticeStatus.SENT.value, notice.c.sent_at >= clock.day_start(period.start),
            notice.c.sent_at < clock.day_start(period.end))


@breakdown_of("eservice.notices_sent")
def _notices_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    rows = conn.execute(select(notice.c.event, func.count()).where(*_sent(period)).group_by(notice.c.event)).all()
    return {EVENT_LABELS[NoticeEvent(e)]: int(n) for e, n in rows}


@indicator("eservice.certificates", "电子证明开具件数", Unit.COUNT, "期间内开具的带签名二维码的电子证明件数",
           area="eservice", section=SECTION, order=40, breakdowns=(BY_CERT,))
def certificates(conn: Connection, period: Period) -> int:
    return int(conn.execute(select(func.count()).select_from(certificate).where(
        certificate.c.issued_on >= period.start, certificate.c.issued_on < period.end)).scalar_one())


@breakdown_of("eservice.certificates")
def _certificates_by(conn: Connection, period: Period, dim: str) -> dict[str, int]:
    rows = conn.execute(select(certificate.c.kind, func.count()).where(
        certificate.c.issued_on >= period.start, certificate.c.issued_on < period.end)
        .group_by(certificate.c.kind)).all()
    return {CERT_KIND_LABELS[CertKind(k)]: int(n) for k, n in rows}
