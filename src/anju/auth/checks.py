"""Audit-trail invariant for `anju verify`: the hash chain is intact."""

from __future__ import annotations

from sqlalchemy import Connection

from anju.auth.audit import verify_chain
from anju.verify import Violation, check


@check("audit.chain", "审计记录哈希链完整，未被篡改、删除或插入")
def audit_chain(conn: Connection):
    for brk in verify_chain(conn):
        yield Violation("audit.chain", f"审计记录第{brk.seq}条：{brk.reason}", (f"audit_log:{brk.seq}",))
