"""What the audit chain vouches for a voucher: a digest of the whole stored voucher (header and lines).

The content hash (``rules.content_hash``) identifies a posting for idempotency; the record digest also
covers the number, the key, the references, who posted it and when, and the lines' summaries, so that
any edit of a stored voucher shows in ``anju verify``. Vouchers are read in id order, a page at a time,
so a check runs in constant memory at millions of lines.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime

from sqlalchemy import Connection, select

from anju.auth.witness import digest
from anju.ledger.tables import voucher, voucher_line

PAGE = 2000  # vouchers per read


def record_digest(vid: int, period: int, number: int, voucher_date: date, kind: str, summary: str, key: str,
                  content_hash: str, reverses_id: int | None, ref_type: str | None, ref_id: str | None,
                  created_at: datetime, created_by: str,
                  lines: Sequence[tuple[int, str, int, int, str | None, str | None, str | None]]) -> str:
    """Lines are (line_no, account, debit, credit, summary, subledger, subledger_ref) in line order."""
    return digest(int(vid), period, number, voucher_date, kind, summary, key, content_hash,
                  None if reverses_id is None else int(reverses_id), ref_type, ref_id,
                  created_at.isoformat(timespec="microseconds"), created_by,
                  [[n, a, int(d), int(c), s, sl, sr] for n, a, d, c, s, sl, sr in lines])


def row_digest(v, lines) -> str:
    return record_digest(v.id, v.period, v.number, v.voucher_date, v.kind, v.summary, v.idempotency_key,
                         v.content_hash, v.reverses_id, v.ref_type, v.ref_id, v.created_at, v.created_by,
                         [(ln.line_no, ln.account_code, ln.debit, ln.credit, ln.summary, ln.subledger,
                           ln.subledger_ref) for ln in lines])


def pages(conn: Connection, *, size: int = PAGE) -> Iterator[list[tuple[object, list]]]:
    """Every voucher with its lines (in line order), a page of vouchers at a time, in id order."""
    last = 0
    while True:
        heads = conn.execute(select(voucher).where(voucher.c.id > last).order_by(voucher.c.id).limit(size)).all()
        if not heads:
            return
        lo, hi = heads[0].id, heads[-1].id
        by_voucher: dict[int, list] = {v.id: [] for v in heads}
        for ln in conn.execute(select(voucher_line).where(voucher_line.c.voucher_id.between(lo, hi))
                               .order_by(voucher_line.c.voucher_id, voucher_line.c.line_no)):
            if ln.voucher_id in by_voucher:  # a line of a deleted voucher shows in the balance checks
                by_voucher[ln.voucher_id].append(ln)
        yield [(v, by_voucher[v.id]) for v in heads]
        last = hi
