"""What the audit chain vouches for a voucher: a digest of the whole stored voucher (header and lines).

The content hash (``rules.content_hash``) identifies a posting for idempotency; the record digest also
covers the number, the key, the references, who posted it and when, and the lines' summaries, so that
any edit of a stored voucher shows in ``anju verify``.

``scan`` reads every voucher once, in id order a page at a time, recomputing both: the content hashes
that do not match are listed, the record digests kept in a byte array indexed by voucher id (16 bytes
each — 8 MB for half a million vouchers). Both voucher checks of one ``anju verify`` run share the scan.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Connection, func, select

from anju.auth.witness import digest
from anju.ledger.chart import voucher_label
from anju.ledger.tables import DEFAULT_BOOK, voucher, voucher_line
from anju.verify import run_memo

PAGE = 2000  # vouchers per read

# canon.dumps of JSON-native values, with one encoder made once (dates are turned into text before).
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def record_digest(vid: int, period: int, number: int, voucher_date: date, kind: str, summary: str, key: str,
                  content_hash: str, reverses_id: int | None, ref_type: str | None, ref_id: str | None,
                  created_at: datetime, created_by: str,
                  lines: Sequence[tuple[int, str, int, int, str | None, str | None, str | None]],
                  book: str = DEFAULT_BOOK) -> str:
    """Lines are (line_no, account, debit, credit, summary, subledger, subledger_ref) in line order.

    A voucher of another book than the provident fund's also covers its book (appended, so the digests of the
    vouchers written before books existed are unchanged)."""
    extra = () if book == DEFAULT_BOOK else (book,)
    return digest(int(vid), period, number, voucher_date, kind, summary, key, content_hash,
                  None if reverses_id is None else int(reverses_id), ref_type, ref_id,
                  created_at.isoformat(timespec="microseconds"), created_by,
                  [[n, a, int(d), int(c), s, sl, sr] for n, a, d, c, s, sl, sr in lines], *extra)


def _fast_digest(*values) -> bytes:
    """``witness.digest`` of JSON-native values, as 16 bytes."""
    return hashlib.sha256((_ENCODER.encode(list(values)) + "\x1f").encode("utf-8")).digest()[:16]


def _fast_content_hash(voucher_date: str, kind: str, summary: str, reverses_id, lines: list) -> str:
    """``rules.content_hash`` with the date already text (the same JSON, without the encoder's hook)."""
    body = {"date": voucher_date, "kind": kind, "summary": summary[:200], "lines": lines, "reverses": reverses_id}
    return hashlib.sha256((_ENCODER.encode(body) + "\x1f").encode("utf-8")).hexdigest()


_HEAD = [voucher.c.id, voucher.c.period, voucher.c.number, voucher.c.voucher_date, voucher.c.kind, voucher.c.summary,
         voucher.c.idempotency_key, voucher.c.content_hash, voucher.c.reverses_id, voucher.c.ref_type,
         voucher.c.ref_id, voucher.c.created_at, voucher.c.created_by, voucher.c.book]
_LINE = [voucher_line.c.voucher_id, voucher_line.c.line_no, voucher_line.c.account_code, voucher_line.c.debit,
         voucher_line.c.credit, voucher_line.c.summary, voucher_line.c.subledger, voucher_line.c.subledger_ref]


@dataclass
class Scan:
    size: int  # 1 + the largest voucher id
    digests: bytearray  # 16 bytes per id: the record digest of the voucher as stored
    present: bytearray  # 1 per id that exists
    bad_content: list[tuple[int, int, int]] = field(default_factory=list)  # (id, period, number)

    def digest_of(self, vid: int) -> bytes:
        return bytes(self.digests[16 * vid:16 * vid + 16])


def _compute(conn: Connection) -> Scan:
    size = int(conn.execute(select(func.coalesce(func.max(voucher.c.id), 0))).scalar_one()) + 1
    scan = Scan(size, bytearray(16 * size), bytearray(size))
    last = 0
    while True:
        heads = conn.execute(select(*_HEAD).where(voucher.c.id > last).order_by(voucher.c.id).limit(PAGE)).all()
        if not heads:
            return scan
        lo, hi = heads[0][0], heads[-1][0]
        lines: dict[int, list] = {h[0]: [] for h in heads}
        for vid, n, a, d, c, s, sl, sr in conn.execute(
                select(*_LINE).where(voucher_line.c.voucher_id.between(lo, hi))
                .order_by(voucher_line.c.voucher_id, voucher_line.c.line_no)):
            own = lines.get(vid)
            if own is not None:  # a line of a deleted voucher shows in the balance checks
                own.append((n, a, int(d), int(c), s, sl, sr))
        for vid, period, number, vdate, kind, summary, key, chash, rev, rtype, rid, at, by, book in heads:
            own = lines[vid]
            day = vdate.isoformat()
            rev = None if rev is None else int(rev)
            if _fast_content_hash(day, kind, summary, rev, [[a, d, c, sl, sr] for _n, a, d, c, _s, sl, sr in own]) \
                    != chash:
                scan.bad_content.append((vid, period, number))
            if vid < size:
                scan.digests[16 * vid:16 * vid + 16] = _fast_digest(
                    int(vid), period, number, day, kind, summary, key, chash, rev, rtype, rid,
                    at.isoformat(timespec="microseconds"), by, [list(ln) for ln in own],
                    *(() if book == DEFAULT_BOOK else (book,)))
                scan.present[vid] = 1
        last = hi


def scan(conn: Connection) -> Scan:
    """The scan of this ``anju verify`` run (computed by the first check that asks)."""
    return run_memo(conn, "ledger.voucher_scan", lambda: _compute(conn))


def label(conn: Connection, vid: int) -> str:
    row = conn.execute(select(voucher.c.period, voucher.c.number, voucher.c.book).where(voucher.c.id == vid)).first()
    if row is None:
        return f"（ID {vid}）"
    return f"{row.period}-{row.number:05d}" if row.book == DEFAULT_BOOK else voucher_label(row.book, row.period,
                                                                                            row.number)


def row_digest(v, lines) -> str:
    """The record digest of a voucher row and its line rows (tests, one voucher at a time)."""
    return record_digest(v.id, v.period, v.number, v.voucher_date, v.kind, v.summary, v.idempotency_key,
                         v.content_hash, v.reverses_id, v.ref_type, v.ref_id, v.created_at, v.created_by,
                         [(ln.line_no, ln.account_code, ln.debit, ln.credit, ln.summary, ln.subledger,
                           ln.subledger_ref) for ln in lines], book=v.book)


def digests(conn: Connection) -> Iterator[tuple[int, str]]:
    """(id, record digest) of every voucher (the baseline when a database is keyed)."""
    s = _compute(conn)
    for vid in range(s.size):
        if s.present[vid]:
            yield vid, s.digest_of(vid).hex()
