"""Notifications, the sending side: claim due messages, hand them to the channel's gateway, record the outcome.

Safe with several senders at once: a sender claims a batch in a short transaction (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so two senders take different rows; SQLite serialises the claims) by moving it ``queued → sending``
under its own claim token, commits, and only then talks to the gateway — no write lock is held while a message is
on its way. The outcome is written ``WHERE claim = <token>``: sent, or queued again after a back-off of
``notify.retry_base_seconds`` × 2^(attempts−1), or failed after ``notify.max_attempts``. A claim older than
``STALE`` (a sender that died) is released to the queue. Limits (policy): at most ``notify.per_run`` messages per
channel and run (the gateway's rate), ``notify.per_person_daily`` per person and day (the rest suppressed), and no
SMS between ``notify.quiet_start_hour`` and ``notify.quiet_end_hour`` (centre time; they wait for the next run).
"""

from __future__ import annotations

import secrets
from collections import Counter
from datetime import timedelta

from sqlalchemy import Engine, func, select, update

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.core import clock as clocks
from anju.db.locks import for_update
from anju.db.uow import UnitOfWork
from anju.eservice.codes import NoticeChannel, NoticeStatus
from anju.eservice.gateways import Gateway, GatewayError, Message
from anju.eservice.permissions import P
from anju.eservice.tables import notice
from anju.policy.store import policy_at

STALE = timedelta(minutes=10)  # a claim older than this belongs to a sender that died
BATCH = 200


def quiet(hour: int, start: int, end: int) -> bool:
    """Whether ``hour`` falls in the quiet hours [start, end) (which may wrap midnight: 22 → 8)."""
    if start == end:
        return False
    return start <= hour < end if start < end else hour >= start or hour < end


def _claim(engine: Engine, clock, channel: str, n: int, token: str) -> list:
    with UnitOfWork(engine, clock=clock) as uow:
        conn, now = uow.conn, uow.now()
        ids = conn.execute(for_update(conn, select(notice.c.id).where(
            notice.c.status == NoticeStatus.QUEUED.value, notice.c.channel == channel, notice.c.next_at <= now)
            .order_by(notice.c.id).limit(n), skip_locked=True)).scalars().all()
        if not ids:
            return []
        conn.execute(update(notice).where(notice.c.id.in_(ids), notice.c.status == NoticeStatus.QUEUED.value)
                     .values(status=NoticeStatus.SENDING.value, claim=token, claimed_at=now))
        rows = conn.execute(select(notice).where(notice.c.claim == token, notice.c.id.in_(ids),
                                                 notice.c.status == NoticeStatus.SENDING.value)
                            .order_by(notice.c.id)).all()
        uow.commit()
    return rows


def _finish(engine: Engine, clock, row, token: str, **values) -> None:
    with UnitOfWork(engine, clock=clock) as uow:
        uow.conn.execute(update(notice).where(notice.c.id == row.id, notice.c.claim == token,
                                              notice.c.status == NoticeStatus.SENDING.value)
                         .values(claim=None, **values))
        uow.commit()


def _sent_today(engine: Engine, person_id: int, since) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(notice).where(
            notice.c.person_id == person_id, notice.c.status == NoticeStatus.SENT.value,
            notice.c.sent_at >= since)).scalar_one()


def send(engine: Engine, actor: Actor, gateways: dict[str, Gateway], *, clock=None,
         channels: tuple[str, ...] | None = None) -> dict[str, int]:
    """One sending run: returns counts of sent / retry / failed / suppressed / quiet (SMS held by quiet hours)."""
    require(actor, P.NOTIFY_RUN)
    clock = clock or clocks.utcnow
    token = secrets.token_hex(16)
    now = clock()
    local = clocks.local(now)
    with engine.connect() as conn:
        policy = policy_at(conn, local.date())
    per_run, per_person = int(policy.get("notify.per_run")), int(policy.get("notify.per_person_daily"))
    attempts_max, base = int(policy.get("notify.max_attempts")), int(policy.get("notify.retry_base_seconds"))
    q_start, q_end = int(policy.get("notify.quiet_start_hour")), int(policy.get("notify.quiet_end_hour"))
    since = clocks.day_start(local.date())
    counts: Counter = Counter()
    with UnitOfWork(engine, clock=clock) as uow:  # release the claims of senders that died
        uow.conn.execute(update(notice).where(notice.c.status == NoticeStatus.SENDING.value,
                                              notice.c.claimed_at < now - STALE)
                         .values(status=NoticeStatus.QUEUED.value, claim=None))
        uow.commit()
    for channel in channels or tuple(gateways):
        gateway = gateways[channel]
        if channel == NoticeChannel.SMS.value and quiet(local.hour, q_start, q_end):
            counts["quiet"] += 1
            continue
        budget = per_run
        while budget > 0:
            rows = _claim(engine, clock, channel, min(BATCH, budget), token)
            if not rows:
                break
            budget -= len(rows)
            for row in rows:
                if _sent_today(engine, row.person_id, since) >= per_person:
                    _finish(engine, clock, row, token, status=NoticeStatus.SUPPRESSED.value,
                            last_error="超过每人每日通知条数上限")
                    counts["suppressed"] += 1
                    continue
                try:
                    ref = gateway.send(Message(row.id, row.channel, row.address, row.subject, row.body,
                                               row.event_key))
                except GatewayError as exc:
                    tries = row.attempts + 1
                    if tries >= attempts_max:
                        _finish(engine, clock, row, token, status=NoticeStatus.FAILED.value, attempts=tries,
                                last_error=str(exc)[:300])
                        counts["failed"] += 1
                    else:
                        _finish(engine, clock, row, token, status=NoticeStatus.QUEUED.value, attempts=tries,
                                last_error=str(exc)[:300],
                                next_at=clock() + timedelta(seconds=base * 2 ** (tries - 1)))
                        counts["retry"] += 1
                    continue
                _finish(engine, clock, row, token, status=NoticeStatus.SENT.value, attempts=row.attempts + 1,
                        sent_at=clock(), gateway_ref=(ref or "")[:100], last_error=None)
                counts["sent"] += 1
    result = {k: counts.get(k, 0) for k in ("sent", "retry", "failed", "suppressed", "quiet")}
    if any(result.values()):
        with UnitOfWork(engine, clock=clock) as uow:
            audit.record(uow, actor, action="eservice.notify.send", entity_type="notice", entity_id=token,
                         after=result)
            uow.commit()
    return result


def status_counts(conn, *, since=None) -> dict[tuple[str, str, str], int]:
    """(event, channel, status) → count, for the outbox page."""
    q = select(notice.c.event, notice.c.channel, notice.c.status, func.count()).group_by(
        notice.c.event, notice.c.channel, notice.c.status)
    if since is not None:
        q = q.where(notice.c.queued_on >= since)
    return {(e, c, s): n for e, c, s, n in conn.execute(q).all()}


def recent(conn, *, person_id: int | None = None, status: str | None = None, limit: int = 100) -> list:
    q = select(notice).order_by(notice.c.id.desc()).limit(limit)
    if person_id is not None:
        q = q.where(notice.c.person_id == person_id)
    if status:
        q = q.where(notice.c.status == status)
    return conn.execute(q).all()
