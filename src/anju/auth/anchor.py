"""Anchors: the chain's head written outside the database, signed, to catch truncation later.

``anju audit anchor --out FILE`` writes the head (sequence number and hash), the row count, the business
date and an HMAC under the audit key; the operator keeps the file somewhere the database's editors
cannot reach (another machine, write-once storage, print). ``anju verify --anchor FILE…`` checks that
the chain still holds that hash at that position: the chain check proves the rows before it intact,
so deleting the last records and rewinding ``audit_head`` no longer passes.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, func, select

from anju.auth import audit, auditkey
from anju.auth.tables import audit_log
from anju.core.canon import dumps

FORMAT = "anju-audit-anchor/1"


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    count: int
    on: date
    key_id: str

    def body(self) -> dict:
        return {"format": FORMAT, "seq": self.seq, "hash": self.hash, "count": self.count,
                "date": self.on.isoformat(), "key_id": self.key_id}


def _mac(key: bytes, body: dict) -> str:
    return audit.keyed_hash(key, "anchor", dumps(body))


def make(conn: Connection, *, on: date) -> dict:
    """The signed anchor of the chain as it is now (a JSON-ready dict)."""
    key = auditkey.load(conn)
    seq, head_hash = audit.chain_head(conn)
    body = Anchor(seq, head_hash, audit.row_count(conn), on, auditkey.key_id(key)).body()
    return {**body, "mac": _mac(key, body)}


def write(conn: Connection, path: Path, *, on: date) -> dict:
    signed = make(conn, on=on)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(signed, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return signed


def check(conn: Connection, path: Path) -> list[str]:
    """Every problem with one anchor file against the chain (Chinese messages; empty when it holds)."""
    name = path.name
    try:
        signed = json.loads(path.read_text(encoding="utf-8"))
        body = {k: signed[k] for k in ("format", "seq", "hash", "count", "date", "key_id")}
        mac = str(signed["mac"])
        seq, count = int(body["seq"]), int(body["count"])
    except (OSError, ValueError, KeyError, TypeError):
        return [f"锚定文件{name}无法读取或格式不对"]
    if body["format"] != FORMAT:
        return [f"锚定文件{name}的格式{body['format']}不认识"]
    key = auditkey.try_load(conn)
    if key is None:
        return [f"找不到审计密钥文件{auditkey.path_for(conn)}，不能核验锚定文件{name}"]
    if not hmac.compare_digest(_mac(key, body), mac):
        if body["key_id"] != auditkey.key_id(key):
            return [f"锚定文件{name}不是用本库的审计密钥签名的"]
        return [f"锚定文件{name}的签名不符（文件被改动）"]
    when = body["date"]
    row = conn.execute(select(audit_log.c.hash).where(audit_log.c.seq == seq)).first() if seq else None
    head_seq, _ = audit.chain_head(conn)
    problems = []
    if seq and row is None:
        problems.append(f"锚定文件{name}（{when}）记载审计链到第{seq}条，现在只到第{head_seq}条：末尾记录被删除（审计链被截断）")
    elif seq and row.hash != body["hash"]:
        problems.append(f"锚定文件{name}（{when}）记载的第{seq}条记录哈希与现在的不同：该条及以前的记录被改写")
    elif head_seq < seq:
        problems.append(f"锚定文件{name}（{when}）记载审计链到第{seq}条，审计链尾部却在第{head_seq}条（被回拨）")
    held = conn.execute(select(func.count()).select_from(audit_log).where(audit_log.c.seq <= seq)).scalar_one()
    if not problems and held != count:
        problems.append(f"锚定文件{name}（{when}）时审计链有{count}条记录，现在第{seq}条及以前有{held}条：记录被删除或插入")
    return problems


def violations(paths: list[Path]):
    """The `anju verify --anchor` check over the given files."""
    from anju.verify import Check, Violation

    def run(conn: Connection):
        for path in paths:
            for message in check(conn, path):
                yield Violation("audit.anchor", message, (f"anchor:{path.name}",))

    return Check("audit.anchor", "审计链仍包含各锚定文件记载的链头（未被截断或改写）", run)
