"""Rows the audit chain vouches for: vouchers, policy versions, users, API keys.

A service that writes such a row attests its digest in the chain (``audit.attest``); each area
registers here how to compute the digest of every current row, so that ``anju verify`` can compare
the tables with the chain and the database can be keyed (``key_database``) with a baseline of what
it already holds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from anju.auth import audit, auditkey
from anju.auth.actor import Actor
from anju.auth.errors import AuthError
from anju.core.canon import _default as canon_default
from anju.core.declare import declare
from anju.core.errors import AnjuError
from anju.db.uow import UnitOfWork

# canon.dumps with one encoder made once (verify computes a digest per row, millions of times).
_ENCODER = json.JSONEncoder(default=canon_default, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(*values: object) -> str:
    """The digest attested for one row: 128 bits of SHA-256 over its canonical JSON (``canon.dumps``)."""
    return hashlib.sha256((_ENCODER.encode(list(values)) + "\x1f").encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Witness:
    kind: str  # audit entity type of its attestations
    title: str  # Chinese noun for messages: "凭证", "政策参数版本", "用户"
    current: Callable[[Connection], Iterator[tuple[object, str]]]  # (key, digest) of every row
    label: Callable[[object], str] = str


_WITNESSES: dict[str, Witness] = {}


def register(kind: str, title: str, *, label: Callable[[object], str] = str):
    """Decorator: ``fn(conn)`` yields ``(key, digest)`` for every current row of the kind."""

    def wrap(fn):
        declare(lambda: _WITNESSES.__setitem__(kind, Witness(kind, title, fn, label)), module=fn.__module__)
        return fn

    return wrap


def registered() -> list[Witness]:
    """The witnesses the areas' ``checks`` modules declare (installed at start-up by ``anju.compose.wire``)."""
    return list(_WITNESSES.values())


@dataclass(frozen=True)
class Difference:
    key: object
    message: str


def compare(conn: Connection, w: Witness) -> Iterator[Difference]:
    """Current rows against the chain's latest attestation of each key (fine for thousands of rows)."""
    expected: dict[str, str] = {}
    for _seq, key, dg in audit.attested(conn, w.kind):
        expected[str(key)] = dg
    for key, dg in w.current(conn):
        want = expected.pop(str(key), None)
        name = f"{w.title}{w.label(key)}"
        if want is None:
            yield Difference(key, f"{name}不见于审计链（绕过业务程序直接写入数据库）")
        elif want != dg:
            yield Difference(key, f"{name}与审计链记载的内容不符（被直接改动）")
    for key in expected:
        yield Difference(key, f"审计链记载的{w.title}{w.label(key)}已不存在（被删除）")


def baseline(uow: UnitOfWork, actor: Actor) -> dict[str, int]:
    """Attest every row that exists now (once, when the database is keyed)."""
    counts = {}
    for w in registered():
        n = 0

        def items(w=w):
            nonlocal n
            for key, dg in w.current(uow.conn):
                n += 1
                yield key, dg

        audit.attest(uow, actor, w.kind, items())
        counts[w.kind] = n
    return counts


def key_database(engine: Engine, actor: Actor) -> dict[str, int] | None:
    """Create the audit key when it does not exist yet, and seal what the database holds.

    The chain written so far (unkeyed) is closed by a keyed record, and every voucher, policy version,
    user and API key present is attested as the baseline. Refused when keyed records already exist:
    the key was lost, and a fresh one must not pass for it. Returns the baseline counts, or None
    when the database was already keyed.
    """
    if auditkey.exists(engine):
        return None
    path = auditkey.path_for(engine)
    with engine.connect() as conn:
        if audit.keyed_rows_exist(conn):
            raise AnjuError(AuthError.AUDIT_KEY_LOST, path=path, env=auditkey.ENV)
    key = auditkey.create(path)
    with UnitOfWork(engine) as uow:
        counts = baseline(uow, actor)
        audit.record(uow, actor, action="audit.keyed", entity_type="audit", entity_id=auditkey.key_id(key),
                     after={"key_id": auditkey.key_id(key), "baseline": counts})
        uow.commit()
    return counts
