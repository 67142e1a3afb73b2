"""The audit trail: every state change as who / role / channel / what / before / after, chained by hash."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select, update

from anju.auth.actor import Actor
from anju.auth.tables import audit_head, audit_log
from anju.core.canon import dumps, sha256_hex
from anju.db.uow import UnitOfWork

GENESIS = "0" * 64


def _record_hash(prev_hash: str, seq: int, at: datetime, username: str, roles: str, channel: str,
                 action: str, entity_type: str, entity_id: str | None, before: str | None,
                 after: str | None) -> str:
    return sha256_hex(prev_hash, str(seq), at.isoformat(timespec="microseconds"), username, roles, channel,
                      action, entity_type, entity_id or "", before or "", after or "")


def record(uow: UnitOfWork, actor: Actor, *, action: str, entity_type: str, entity_id: object = None,
           before: object = None, after: object = None) -> int:
    """Append one audit record in the caller's transaction; returns its sequence number."""
    conn = uow.conn
    head = _lock_head(conn)
    seq = head.last_seq + 1
    at = uow.now()
    before_s = None if before is None else dumps(before)
    after_s = None if after is None else dumps(after)
    eid = None if entity_id is None else str(entity_id)
    digest = _record_hash(head.last_hash, seq, at, actor.username, actor.role_names, actor.channel.value,
                          action, entity_type, eid, before_s, after_s)
    conn.execute(audit_log.insert().values(
        seq=seq, at=at, username=actor.username, roles=actor.role_names, channel=actor.channel.value,
        action=action, entity_type=entity_type, entity_id=eid, before_json=before_s, after_json=after_s,
        prev_hash=head.last_hash, hash=digest))
    conn.execute(update(audit_head).where(audit_head.c.id == 1).values(last_seq=seq, last_hash=digest))
    return seq


def _lock_head(conn: Connection):
    stmt = select(audit_head.c.last_seq, audit_head.c.last_hash).where(audit_head.c.id == 1)
    if conn.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    row = conn.execute(stmt).first()
    if row is None:
        conn.execute(audit_head.insert().values(id=1, last_seq=0, last_hash=GENESIS))
        row = conn.execute(stmt).first()
    return row


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify_chain(conn: Connection, *, batch: int = 5000) -> Iterator[ChainBreak]:
    """Recompute every hash in order; yield each place where the chain does not hold."""
    prev_hash, expected_seq, last = GENESIS, 1, 0
    while True:
        rows = conn.execute(select(audit_log).where(audit_log.c.seq > last)
                            .order_by(audit_log.c.seq).limit(batch)).all()
        if not rows:
            break
        for r in rows:
            if r.seq != expected_seq:
                yield ChainBreak(r.seq, f"序号不连续：应为{expected_seq}")
            if r.prev_hash != prev_hash:
                yield ChainBreak(r.seq, "前一条记录的哈希不符（记录被删除或插入）")
            digest = _record_hash(r.prev_hash, r.seq, r.at, r.username, r.roles, r.channel, r.action,
                                  r.entity_type, r.entity_id, r.before_json, r.after_json)
            if digest != r.hash:
                yield ChainBreak(r.seq, "记录内容与哈希不符（记录被篡改）")
            prev_hash, expected_seq, last = r.hash, r.seq + 1, r.seq
    head = conn.execute(select(audit_head).where(audit_head.c.id == 1)).first()
    if head is not None and (head.last_seq != last or head.last_hash != prev_hash):
        yield ChainBreak(last, "审计链尾部与最后一条记录不符（末尾记录被删除）")
