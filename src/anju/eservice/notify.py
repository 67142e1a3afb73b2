"""Notifications, the queue side: turn what happened in the business areas into messages in the outbox.

Pulled, never pushed: the business areas do not know this area; the job reads their ``queries`` (the member
sub-ledger for 到账提醒 and 提取到账, the instalments due for 还款提醒, loans in arrears for 逾期提醒, the
decisions of withdrawals and loan applications for 审批结果) and inserts one ``notice`` per person and channel.
Each event has a key (``deposit:<row id>``, ``repay:<loan>:<period>`` …) unique with the channel, so a re-run or a
second runner inserts nothing twice. Sources are read in chunks of ``CHUNK`` rows, each chunk rendered and inserted
in one statement and committed on its own (short write transactions; a month of a million members is a few hundred
statements); cursors over the sub-ledger and the events move in the chunk's transaction.
A person who opted out of a channel or an event still gets a row, as ``suppressed``, so the history shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, Engine, func, select, update

from anju.auth import audit
from anju.auth.actor import Actor, require, scope_person
from anju.core.clock import utcnow
from anju.core.dates import format_month
from anju.core.errors import AnjuError
from anju.core.money import format_yuan
from anju.db.joblock import job_lock
from anju.db.locks import insert_on_conflict
from anju.db.uow import UnitOfWork
from anju.eservice import wording
from anju.eservice.codes import NoticeChannel, NoticeEvent, NoticeStatus
from anju.eservice.errors import EserviceError
from anju.eservice.permissions import P
from anju.eservice.tables import notice, notice_contact, notice_cursor, notice_optout
from anju.loan import queries as loan_queries
from anju.loanapp import queries as loanapp_queries
from anju.policy import service as policy_service
from anju.policy.store import policy_at
from anju.registry import queries as registry
from anju.registry.codes import TxnType
from anju.withdrawal import queries as withdrawal_queries

CHUNK = 5000
DEPOSIT_TYPES = (TxnType.REMIT.value, TxnType.BACK_PAY.value)
WITHDRAWAL_TYPES = (TxnType.PARTIAL_WITHDRAWAL.value, TxnType.CLOSING_WITHDRAWAL.value)


@dataclass(frozen=True)
class Source:
    """One thing to tell one person: the event, its key and the template's values (name and centre added)."""

    event: NoticeEvent
    key: str
    person_id: int
    values: dict


@dataclass
class Context:
    as_of: date
    centre: str
    limits: dict[NoticeChannel, int]
    lookback: int


def _tail(text: str) -> str:
    return str(text)[-4:]


def _yuan(fen: int) -> str:
    return format_yuan(abs(int(fen)))


# ------------------------------------------------------------------------------------------- the collectors


def _member_rows(conn: Connection, ctx: Context, after: int) -> list[Source]:
    """到账提醒 and 提取到账 from the member sub-ledger's rows after the cursor."""
    t = registry.member_txn_rows(types=DEPOSIT_TYPES + WITHDRAWAL_TYPES)
    a = registry.member_accounts()
    rows = conn.execute(
        select(t.c.id, t.c.type, t.c.amount, t.c.month, t.c.txn_date, a.c.account_no, a.c.person_id, a.c.balance)
        .select_from(t.join(a, a.c.id == t.c.account_id))
        .where(t.c.id > after, t.c.txn_date <= ctx.as_of, t.c.txn_date >= ctx.as_of - timedelta(days=ctx.lookback))
        .order_by(t.c.id).limit(CHUNK)).all()
    out = []
    for r in rows:
        common = {"account_no": r.account_no, "account_tail": _tail(r.account_no), "day": r.txn_date.isoformat(),
                  "amount": _yuan(r.amount), "balance": _yuan(r.balance), "_id": r.id}
        if r.type in DEPOSIT_TYPES and r.amount > 0:
            out.append(Source(NoticeEvent.DEPOSIT_POSTED, f"deposit:{r.id}", r.person_id,
                              common | {"month": f"{format_month(r.month)}缴存" if r.month else "缴存"}))
        elif r.type in WITHDRAWAL_TYPES and r.amount < 0:
            out.append(Source(NoticeEvent.WITHDRAWAL_PAID, f"withdrawal:{r.id}", r.person_id, common))
        else:
            out.append(Source(NoticeEvent.DEPOSIT_POSTED, "", r.person_id, {"_id": r.id}))  # moves the cursor only
    return out


def _repay_due(conn: Connection, ctx: Context, after: tuple | None, days: int) -> list[Source]:
    i = loan_queries.instalments_due()
    q = (select(i).where(i.c.due_date > ctx.as_of, i.c.due_date <= ctx.as_of + timedelta(days=days))
         .order_by(i.c.loan_no, i.c.period).limit(CHUNK))
    if after is not None:
        q = q.where((i.c.loan_no > after[0]) | ((i.c.loan_no == after[0]) & (i.c.period > after[1])))
    return [Source(NoticeEvent.REPAY_DUE, f"repay:{r.loan_no}:{r.period}", r.person_id,
                   {"loan_no": r.loan_no, "loan_tail": _tail(r.loan_no), "period": r.period,
                    "amount": _yuan(r.amount), "due": r.due_date.isoformat(), "_after": (r.loan_no, r.period)})
            for r in conn.execute(q).all()]


def _overdue(conn: Connection, ctx: Context, after: str | None, every: int) -> list[Source]:
    o = loan_queries.overdue_loans()
    q = select(o).where(o.c.overdue_since < ctx.as_of).order_by(o.c.loan_no).limit(CHUNK)
    if after is not None:
        q = q.where(o.c.loan_no > after)
    out = []
    for r in conn.execute(q).all():
        # one reminder per window of ``every`` days since the loan fell overdue
        window = r.overdue_since + timedelta(days=((ctx.as_of - r.overdue_since).days // max(every, 1)) * every)
        out.append(Source(NoticeEvent.OVERDUE, f"overdue:{r.loan_no}:{window.isoformat()}", r.person_id,
                          {"loan_no": r.loan_no, "loan_tail": _tail(r.loan_no), "periods": r.overdue_periods,
                           "arrears": _yuan(r.arrears), "since": r.overdue_since.isoformat(), "_after": r.loan_no}))
    return out


_DECISION_TEXT = {"approved": "已审批通过", "agreed": "已审批通过", "rejected": "未获批准"}


def _decisions(select_events: Callable, business: str, prefix: str):
    def collect(conn: Connection, ctx: Context, after: int) -> list[Source]:
        e = select_events()
        rows = conn.execute(select(e).where(e.c.id > after, e.c.on_day <= ctx.as_of,
                                            e.c.on_day >= ctx.as_of - timedelta(days=ctx.lookback))
                            .order_by(e.c.id).limit(CHUNK)).all()
        return [Source(NoticeEvent.DECISION, f"{prefix}:{r.id}", r.person_id,
                       {"business": business, "no": r.no, "amount": _yuan(r.amount), "day": r.on_day.isoformat(),
                        "result": _DECISION_TEXT.get(r.to_status, "已办结"), "_id": r.id}) for r in rows]
    return collect


# ------------------------------------------------------------------------------------------------ queueing


def _contacts(conn: Connection, person_ids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
    """person id → (name, phone, e-mail)."""
    ids = sorted(set(person_ids))
    p = registry.people()
    found = {r.id: [r.name, r.phone or "", ""] for r in
             conn.execute(select(p.c.id, p.c.name, p.c.phone).where(p.c.id.in_(ids))).all()}
    for pid, email in conn.execute(select(notice_contact.c.person_id, notice_contact.c.email)
                                   .where(notice_contact.c.person_id.in_(ids))).all():
        if pid in found:
            found[pid][2] = email or ""
    return {k: tuple(v) for k, v in found.items()}


def _optouts(conn: Connection, person_ids: Iterable[int]) -> set[tuple[int, str, str]]:
    return {(r.person_id, r.channel, r.event) for r in conn.execute(
        select(notice_optout).where(notice_optout.c.person_id.in_(sorted(set(person_ids))))).all()}


def opted_out(optouts: set, person_id: int, channel: str, event: str) -> bool:
    return any((person_id, c, e) in optouts for c in (channel, "all") for e in (event, "all"))


def _insert(uow: UnitOfWork, ctx: Context, sources: list[Source]) -> None:
    sources = [s for s in sources if s.key]
    if not sources:
        return
    conn = uow.conn
    contacts = _contacts(conn, (s.person_id for s in sources))
    optouts = _optouts(conn, (s.person_id for s in sources))
    now = uow.now()
    rows = []
    for s in sources:
        name, phone, email = contacts.get(s.person_id, ("", "", ""))
        values = {k: v for k, v in s.values.items() if not k.startswith("_")} | {"name": name, "centre": ctx.centre}
        for channel, address in ((NoticeChannel.SMS, phone), (NoticeChannel.EMAIL, email)):
            if not address:
                continue
            subject, body = wording.render(s.event, channel, values, max_chars=ctx.limits[channel])
            status = NoticeStatus.SUPPRESSED if opted_out(optouts, s.person_id, channel.value, s.event.value) \
                else NoticeStatus.QUEUED
            rows.append({"event": s.event.value, "event_key": s.key, "channel": channel.value,
                         "person_id": s.person_id, "address": address, "subject": subject, "body": body,
                         "status": status.value, "attempts": 0, "next_at": now, "queued_on": ctx.as_of,
                         "created_at": now})
    if rows:
        conn.execute(insert_on_conflict(conn, notice).on_conflict_do_nothing(index_elements=["event_key", "channel"]),
                     rows)


def _cursor(conn: Connection, name: str) -> int:
    return conn.execute(select(notice_cursor.c.last_id).where(notice_cursor.c.name == name)).scalar() or 0


def _move_cursor(uow: UnitOfWork, name: str, old: int, new: int) -> None:
    conn = uow.conn
    if old == 0 and conn.execute(select(func.count()).select_from(notice_cursor)
                                 .where(notice_cursor.c.name == name)).scalar_one() == 0:
        conn.execute(insert_on_conflict(conn, notice_cursor).on_conflict_do_nothing(index_elements=["name"]),
                     [{"name": name, "last_id": new, "updated_at": uow.now()}])
    else:
        conn.execute(update(notice_cursor).where(notice_cursor.c.name == name, notice_cursor.c.last_id == old)
                     .values(last_id=new, updated_at=uow.now()))


def _by_cursor(engine: Engine, ctx: Context, name: str, collect: Callable, clock) -> None:
    while True:
        with UnitOfWork(engine, clock=clock) as uow:
            after = _cursor(uow.conn, name)
            sources = collect(uow.conn, ctx, after)
            if not sources:
                return
            _insert(uow, ctx, sources)
            _move_cursor(uow, name, after, max(s.values["_id"] for s in sources))
            uow.commit()


def _by_key(engine: Engine, ctx: Context, collect: Callable, clock) -> None:
    after = None
    while True:
        with UnitOfWork(engine, clock=clock) as uow:
            sources = collect(uow.conn, ctx, after)
            if not sources:
                return
            _insert(uow, ctx, sources)
            uow.commit()
        after = sources[-1].values["_after"]


def queue(engine: Engine, actor: Actor, *, as_of: date, events: Iterable[NoticeEvent] | None = None,
          clock=None) -> dict[str, int]:
    """Queue the notifications of ``as_of`` (a daily job; re-running it queues nothing twice). Returns the number
    of notices created per event."""
    require(actor, P.NOTIFY_RUN)
    clock = clock or utcnow
    wanted = set(events or NoticeEvent)
    with job_lock(engine, "eservice.notify.queue", label="通知生成作业"):
        with engine.connect() as conn:
            policy = policy_at(conn, as_of)
            ctx = Context(as_of=as_of, centre=policy_service.centre_name(conn) or "住房公积金管理中心",
                          limits={NoticeChannel.SMS: int(policy.get("notify.sms_max_chars")),
                                  NoticeChannel.EMAIL: int(policy.get("notify.email_max_chars"))},
                          lookback=int(policy.get("notify.lookback_days")))
            before = _counts(conn)
            repay_days, every = int(policy.get("notify.repay_days_before")), int(policy.get("notify.overdue_every_days"))
        if wanted & {NoticeEvent.DEPOSIT_POSTED, NoticeEvent.WITHDRAWAL_PAID}:
            _by_cursor(engine, ctx, "member_txn", _member_rows, clock)
        if NoticeEvent.REPAY_DUE in wanted:
            _by_key(engine, ctx, lambda c, x, a: _repay_due(c, x, a, repay_days), clock)
        if NoticeEvent.OVERDUE in wanted:
            _by_key(engine, ctx, lambda c, x, a: _overdue(c, x, a, every), clock)
        if NoticeEvent.DECISION in wanted:
            _by_cursor(engine, ctx, "withdrawal_decision",
                       _decisions(withdrawal_queries.decision_events, "住房公积金提取申请", "wd"), clock)
            _by_cursor(engine, ctx, "loan_decision",
                       _decisions(loanapp_queries.decision_events, "住房公积金贷款申请", "la"), clock)
        with UnitOfWork(engine, clock=clock) as uow:
            after = _counts(uow.conn)
            made = {e.value: after.get(e.value, 0) - before.get(e.value, 0) for e in NoticeEvent}
            audit.record(uow, actor, action="eservice.notify.queue", entity_type="notice", entity_id=as_of.isoformat(),
                         after=made)
            uow.commit()
    return made


def _counts(conn: Connection) -> dict[str, int]:
    return dict(conn.execute(select(notice.c.event, func.count()).group_by(notice.c.event)).all())


# ------------------------------------------------------------------------------------------- preferences


def set_preferences(uow: UnitOfWork, actor: Actor, *, person_id: int, email: str | None = None,
                    optouts: Iterable[tuple[str, str]] | None = None) -> None:
    """A member's e-mail address and the (channel, event) pairs they do not want ('all' for every one)."""
    require(actor, P.NOTIFY_PREFS)
    scope_person(actor, person_id)
    conn, now = uow.conn, uow.now()
    if email is not None:
        email = email.strip()
        if email and ("@" not in email or " " in email or len(email) > 200 or email.startswith("@")):
            raise AnjuError(EserviceError.EMAIL_INVALID)
        conn.execute(notice_contact.delete().where(notice_contact.c.person_id == person_id))
        conn.execute(notice_contact.insert().values(person_id=person_id, email=email, updated_at=now))
    if optouts is not None:
        pairs = set()
        for channel, event in optouts:
            if channel not in ("all", *NoticeChannel):
                raise AnjuError(EserviceError.CHANNEL_UNKNOWN, value=channel)
            if event not in ("all", *NoticeEvent):
                raise AnjuError(EserviceError.EVENT_UNKNOWN, value=event)
            pairs.add((channel, event))
        conn.execute(notice_optout.delete().where(notice_optout.c.person_id == person_id))
        if pairs:
            conn.execute(notice_optout.insert(), [{"person_id": person_id, "channel": c, "event": e,
                                                   "created_at": now} for c, e in sorted(pairs)])
    audit.record(uow, actor, action="eservice.notify.prefs", entity_type="notice_contact", entity_id=person_id,
                 after={"email": email, "optouts": sorted(optouts) if optouts is not None else None})


def preferences(conn: Connection, person_id: int) -> tuple[str, set[tuple[str, str]]]:
    email = conn.execute(select(notice_contact.c.email).where(notice_contact.c.person_id == person_id)).scalar()
    return email or "", {(r.channel, r.event) for r in conn.execute(
        select(notice_optout).where(notice_optout.c.person_id == person_id)).all()}
