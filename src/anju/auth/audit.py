"""The audit trail: every state change as who / role / channel / what / before / after, chained by hash.

Each record's hash covers the previous record's hash. Records written since the chain was keyed
(``hash_v`` 2) are chained with HMAC-SHA256 under a key kept outside the database (``auditkey``), so
someone who can edit the tables but not read the key cannot recompute the chain. Older records
(``hash_v`` 1, plain SHA-256) still verify; once a keyed record exists an unkeyed one after it is a break.

``attest`` writes what a service stored (a digest per row) into the chain, so that ``anju verify`` can
compare vouchers, policy values and users with what was written through the services.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select, update

from anju.auth import auditkey
from anju.auth.actor import Actor
from anju.auth.tables import audit_head, audit_log
from anju.core.canon import dumps, sha256_hex
from anju.db.locks import for_update
from anju.db.uow import UnitOfWork

GENESIS = "0" * 64
UNKEYED, KEYED = 1, 2
ATTEST = "audit.attest"
ATTEST_CHUNK = 5000  # items per attestation record


def _parts(prev_hash: str, seq: int, at: datetime, username: str, roles: str, channel: str, action: str,
           entity_type: str, entity_id: str | None, before: str | None, after: str | None) -> tuple[str, ...]:
    return (prev_hash, str(seq), at.isoformat(timespec="microseconds"), username, roles, channel,
            action, entity_type, entity_id or "", before or "", after or "")


def _record_hash(prev_hash: str, seq: int, at: datetime, username: str, roles: str, channel: str,
                 action: str, entity_type: str, entity_id: str | None, before: str | None,
                 after: str | None) -> str:
    """The unkeyed hash of records written before the chain was keyed (hash_v 1)."""
    return sha256_hex(*_parts(prev_hash, seq, at, username, roles, channel, action, entity_type, entity_id,
                              before, after))


def keyed_hash(key: bytes, *parts: str) -> str:
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for part in parts:
        mac.update(part.encode("utf-8"))
        mac.update(b"\x1f")
    return mac.hexdigest()


def record(uow: UnitOfWork, actor: Actor, *, action: str, entity_type: str, entity_id: object = None,
           before: object = None, after: object = None) -> int:
    """Append one audit record in the caller's transaction; returns its sequence number."""
    conn = uow.conn
    key = auditkey.load(conn)
    head = _lock_head(conn)
    seq = head.last_seq + 1
    at = uow.now()
    before_s = None if before is None else dumps(before)
    after_s = None if after is None else dumps(after)
    eid = None if entity_id is None else str(entity_id)
    digest = keyed_hash(key, *_parts(head.last_hash, seq, at, actor.username, actor.role_names,
                                     actor.channel.value, action, entity_type, eid, before_s, after_s))
    conn.execute(audit_log.insert().values(
        seq=seq, at=at, username=actor.username, roles=actor.role_names, channel=actor.channel.value,
        action=action, entity_type=entity_type, entity_id=eid, before_json=before_s, after_json=after_s,
        prev_hash=head.last_hash, hash=digest, hash_v=KEYED))
    conn.execute(update(audit_head).where(audit_head.c.id == 1).values(last_seq=seq, last_hash=digest))
    return seq


def _lock_head(conn: Connection):
    stmt = for_update(conn, select(audit_head.c.last_seq, audit_head.c.last_hash).where(audit_head.c.id == 1))
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
    key = auditkey.try_load(conn)
    prev_hash, expected_seq, last = GENESIS, 1, 0
    keyed_seen, no_key_reported = False, False
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
            parts = _parts(r.prev_hash, r.seq, r.at, r.username, r.roles, r.channel, r.action, r.entity_type,
                           r.entity_id, r.before_json, r.after_json)
            if r.hash_v == KEYED:
                keyed_seen = True
                if key is None:
                    if not no_key_reported:
                        no_key_reported = True
                        yield ChainBreak(r.seq, f"找不到审计密钥文件{auditkey.path_for(conn)}，"
                                                "加密钥的记录无法核验")
                elif not hmac.compare_digest(keyed_hash(key, *parts), r.hash):
                    yield ChainBreak(r.seq, "记录内容与密钥签名不符（记录被篡改，或密钥文件不是本库的）")
            elif r.hash_v == UNKEYED:
                if keyed_seen:
                    yield ChainBreak(r.seq, "启用密钥后出现未加密钥的记录（记录被伪造）")
                elif sha256_hex(*parts) != r.hash:
                    yield ChainBreak(r.seq, "记录内容与哈希不符（记录被篡改）")
            else:
                yield ChainBreak(r.seq, f"未知的哈希版本{r.hash_v}（记录被篡改）")
            prev_hash, expected_seq, last = r.hash, r.seq + 1, r.seq
    head = conn.execute(select(audit_head).where(audit_head.c.id == 1)).first()
    if head is not None and (head.last_seq != last or head.last_hash != prev_hash):
        yield ChainBreak(last, "审计链尾部与最后一条记录不符（末尾记录被删除）")


def keyed_rows_exist(conn: Connection) -> bool:
    return conn.execute(select(audit_log.c.seq).where(audit_log.c.hash_v == KEYED).limit(1)).first() is not None


def chain_head(conn: Connection) -> tuple[int, str]:
    """(last sequence number, last hash) as the chain's head row says."""
    row = conn.execute(select(audit_head.c.last_seq, audit_head.c.last_hash).where(audit_head.c.id == 1)).first()
    return (0, GENESIS) if row is None else (row.last_seq, row.last_hash)


def row_count(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(audit_log)).scalar_one()


# ---------------------------------------------------------------- attestations


def attest(uow: UnitOfWork, actor: Actor, kind: str, items: Iterable[tuple[object, str]]) -> int:
    """Write into the chain the digest of each row a service just stored: ``[(key, digest), …]``.

    One record per ``ATTEST_CHUNK`` items (action ``audit.attest``, entity type = the kind); a later
    attestation of the same key supersedes an earlier one (a user whose roles changed). Returns the
    number of records written.
    """
    chunk: list[list] = []
    written = 0
    for k, digest in items:
        chunk.append([k, digest])
        if len(chunk) >= ATTEST_CHUNK:
            written += _attest_chunk(uow, actor, kind, chunk)
            chunk = []
    if chunk:
        written += _attest_chunk(uow, actor, kind, chunk)
    return written


def _attest_chunk(uow: UnitOfWork, actor: Actor, kind: str, chunk: list[list]) -> int:
    record(uow, actor, action=ATTEST, entity_type=kind, entity_id=len(chunk), after={"items": chunk})
    return 1


def attested(conn: Connection, kind: str, *, batch: int = 200) -> Iterator[tuple[int, object, str]]:
    """Every attestation of a kind in chain order: (audit seq, key, digest)."""
    last = 0
    while True:
        rows = conn.execute(select(audit_log.c.seq, audit_log.c.after_json)
                            .where(audit_log.c.entity_type == kind, audit_log.c.action == ATTEST,
                                   audit_log.c.seq > last)
                            .order_by(audit_log.c.seq).limit(batch)).all()
        if not rows:
            return
        for seq, after in rows:
            try:
                items = json.loads(after or "{}").get("items") or []
            except (ValueError, AttributeError):
                items = []
            for item in items:
                if isinstance(item, list) and len(item) == 2:
                    yield seq, item[0], item[1]
            last = seq
