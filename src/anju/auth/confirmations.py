"""One-time confirmations of money movements, kept server-side and bound to the session that saw them."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

from sqlalchemy import insert, select, update

from anju.auth.tables import confirmation
from anju.core.canon import dumps, sha256_hex
from anju.core.errors import Conflict, ErrorCode
from anju.db.locks import for_update
from anju.db.uow import UnitOfWork


def _hash(token: str) -> str:
    return sha256_hex("confirmation", token)


def stash(uow: UnitOfWork, *, session_id: int, action: str, payload: dict, valid_for: timedelta) -> str:
    """Keep what the confirmation screen shows; the returned token is the only thing the form carries."""
    token = secrets.token_urlsafe(24)
    now = uow.now()
    uow.conn.execute(insert(confirmation).values(
        token_hash=_hash(token), session_id=session_id, action=action, payload_json=dumps(payload),
        created_at=now, expires_at=now + valid_for))
    return token


def take(uow: UnitOfWork, *, session_id: int, action: str, token: str) -> dict:
    """Use a confirmation once, in the caller's transaction (a failed use case leaves it usable)."""
    row = uow.conn.execute(for_update(uow.conn, select(confirmation).where(
        confirmation.c.token_hash == _hash(token or "")))).first()
    now = uow.now()
    if (row is None or row.used_at is not None or row.expires_at <= now or row.session_id != session_id
            or row.action != action):
        raise Conflict(ErrorCode.CONFIRMATION_INVALID)
    done = uow.conn.execute(update(confirmation).where(confirmation.c.id == row.id, confirmation.c.used_at.is_(None))
                            .values(used_at=now))
    if done.rowcount != 1:
        raise Conflict(ErrorCode.CONFIRMATION_INVALID)
    return json.loads(row.payload_json)


def peek(conn, *, session_id: int, action: str, token: str, now) -> dict:
    """Read a stash without using it up (a file offered for download may be fetched again)."""
    row = conn.execute(select(confirmation).where(confirmation.c.token_hash == _hash(token or ""))).first()
    if row is None or row.expires_at <= now or row.session_id != session_id or row.action != action:
        raise Conflict(ErrorCode.CONFIRMATION_INVALID)
    return json.loads(row.payload_json)
