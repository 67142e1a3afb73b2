"""Audit-trail invariants for `anju verify`: the chain is intact, and users and API keys are what it says."""

from __future__ import annotations

from sqlalchemy import Connection, select

from anju.auth import witness
from anju.auth.audit import verify_chain
from anju.auth.service import api_key_digest, user_digest
from anju.auth.tables import api_key, users
from anju.verify import Violation, check


@check("audit.chain", "审计记录哈希链完整，未被篡改、删除或插入")
def audit_chain(conn: Connection):
    for brk in verify_chain(conn):
        yield Violation("audit.chain", f"审计记录第{brk.seq}条：{brk.reason}", (f"audit_log:{brk.seq}",))


@witness.register("user", "用户", label=lambda key: str(key))
def user_digests(conn: Connection):
    for r in conn.execute(select(users).order_by(users.c.username)):
        yield r.username, user_digest(r)


@witness.register("api_key", "API密钥", label=lambda key: str(key))
def api_key_digests(conn: Connection):
    for r in conn.execute(select(api_key).order_by(api_key.c.prefix)):
        yield r.prefix, api_key_digest(r)


@check("auth.audit", "用户（角色、权限范围、密码）与API密钥同审计链记载的一致（无直接授权或改动）")
def users_audit(conn: Connection):
    for w in witness.registered():
        if w.kind in ("user", "api_key"):
            for diff in witness.compare(conn, w):
                yield Violation("auth.audit", diff.message, (f"{w.kind}:{diff.key}",))
