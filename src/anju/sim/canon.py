"""A canonical dump of the books and the registry, to compare two databases built from the same plan.

Surrogate ids of tables whose insertion order differs between the executors (member rows, audit) are left
out; ``created_at``-style stamps are left out everywhere. Everything else must be equal.
"""

from __future__ import annotations

from sqlalchemy import Connection, DateTime, select

from anju.db.schema import full_metadata

COMPARED = ("employer", "employer_status_history", "person", "account", "account_terms", "member_txn",
            "remittance", "remittance_line", "deferral", "voucher", "voucher_line", "voucher_seq", "interest_run",
            "interest_settlement", "interest_state", "number_seq", "withdrawal", "payout_batch", "payout_line",
            "withdrawal_event")
# Tables whose ids are not the same under both executors (rows are written in a different order).
NO_ID = {"member_txn", "employer_status_history", "account_terms", "remittance_line", "voucher_line",
         "withdrawal_event"}


def dump(conn: Connection, tables: tuple[str, ...] = COMPARED) -> dict[str, list[tuple]]:
    meta = full_metadata()
    out: dict[str, list[tuple]] = {}
    for name in tables:
        if name not in meta.tables:
            continue
        table = meta.tables[name]
        cols = [c for c in table.columns if not isinstance(c.type, DateTime) and not (c.name == "id" and name in NO_ID)]
        if name == "member_txn":
            from anju.registry.tables import member_txn, member_txn_detail

            q = (select(*cols, member_txn_detail.c.detail_json)
                 .select_from(member_txn.outerjoin(member_txn_detail, member_txn_detail.c.txn_id == member_txn.c.id)))
        else:
            q = select(*cols)
        rows = [tuple("" if v is None else str(v) for v in row) for row in conn.execute(q)]
        out[name] = sorted(rows)
    return out


def differences(a: dict[str, list[tuple]], b: dict[str, list[tuple]], limit: int = 5) -> list[str]:
    problems = []
    for name in sorted(set(a) | set(b)):
        ra, rb = a.get(name, []), b.get(name, [])
        if ra == rb:
            continue
        sa, sb = set(ra), set(rb)
        only_a, only_b = sorted(sa - sb)[:limit], sorted(sb - sa)[:limit]
        problems.append(f"{name}: {len(ra)} vs {len(rb)} rows; only in first {only_a}; only in second {only_b}")
    return problems
