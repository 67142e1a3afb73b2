"""Policy invariant for `anju verify`: every stored version is one the audit chain says was written."""

from __future__ import annotations

from sqlalchemy import Connection, select

from anju.auth import witness
from anju.policy.service import value_digest
from anju.policy.tables import policy_value
from anju.verify import Violation, check


def _versions(conn: Connection):
    rows = conn.execute(select(policy_value).order_by(policy_value.c.id))
    for r in rows:
        yield r, value_digest(r.id, r.key, r.effective_from, r.version, r.value_json, r.recorded_at, r.recorded_by,
                              r.source, r.note)


@witness.register("policy_value", "政策参数版本", label=lambda key: f"（ID {key}）")
def version_digests(conn: Connection):
    for r, dg in _versions(conn):
        yield r.id, dg


@check("policy.audit", "政策参数的每个版本与审计链记载的写入内容一致（无直接改动、伪造或删除）")
def policy_audit(conn: Connection):
    names = {r.id: f"{r.key}（{r.effective_from}起第{r.version}版）" for r, _ in _versions(conn)}
    w = next(x for x in witness.registered() if x.kind == "policy_value")
    for diff in witness.compare(conn, w):
        name = names.get(int(diff.key)) if str(diff.key).isdigit() else None
        message = diff.message if name is None else f"{diff.message}：{name}"
        yield Violation("policy.audit", message, (f"policy_value:{diff.key}",))
