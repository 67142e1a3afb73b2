"""Ledger use cases: open accounts, post a voucher idempotently, reverse it, close a period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import Connection, insert, select, update

from anju.auth import audit
from anju.auth.actor import Actor, Permission, require
from anju.core.dates import month_of
from anju.core.errors import AnjuError, Conflict, ErrorCode, NotFound, Problem, ValidationFailed
from anju.db.locks import for_update, insert_on_conflict
from anju.db.uow import UnitOfWork
from anju.ledger.chart import BOOKS, NATIONAL_CHART, bank_subaccount, voucher_label
from anju.ledger.errors import LedgerError
from anju.ledger.integrity import record_digest
from anju.ledger.rules import SUMMARY_MAX, Line, Posting, book_of, check_posting
from anju.ledger.tables import (
    DEFAULT_BOOK,
    accounting_period,
    gl_account,
    ledger_book,
    voucher,
    voucher_line,
    voucher_seq,
)


@dataclass(frozen=True)
class PostedVoucher:
    id: int
    period: int
    number: int
    voucher_date: date
    created: bool  # False when the idempotency key had already been posted
    book: str = DEFAULT_BOOK

    @property
    def label(self) -> str:
        return voucher_label(self.book, self.period, self.number)


def install_chart(conn: Connection) -> int:
    """Create the national chart of accounts if missing; returns how many accounts were added.

    The other books' charts (the maintenance fund's) are installed with it but not counted."""
    added = _install_book(conn, BOOKS[DEFAULT_BOOK], NATIONAL_CHART)
    for code, book in BOOKS.items():
        if code != DEFAULT_BOOK:
            _install_book(conn, book, book.chart)
    return added


def _install_book(conn: Connection, book, chart) -> int:
    if conn.execute(select(ledger_book.c.code).where(ledger_book.c.code == book.code)).first() is None:
        conn.execute(insert(ledger_book).values(code=book.code, name=book.name, prefix=book.prefix))
    existing = set(conn.execute(select(gl_account.c.code)).scalars())
    added = 0
    parents = {a.parent for a in chart if a.parent}
    for acc in chart:
        if acc.code in existing:
            continue
        conn.execute(insert(gl_account).values(code=acc.code, book=book.code, name=acc.name, cls=acc.cls.value,
                                               parent_code=acc.parent, is_leaf=acc.code not in parents))
        added += 1
    return added


def open_bank_subaccounts(conn: Connection, *, bank_code: str, bank_name: str) -> list[str]:
    """Open 101xx and 102xx for an entrusted bank (idempotent); the parents stop being leaves."""
    opened = []
    for parent in ("101", "102"):
        code = bank_subaccount(parent, bank_code)
        parent_name = conn.execute(select(gl_account.c.name).where(gl_account.c.code == parent)).scalar_one()
        if conn.execute(select(gl_account.c.code).where(gl_account.c.code == code)).first() is None:
            conn.execute(insert(gl_account).values(code=code, name=f"{parent_name}-{bank_name}", cls="asset",
                                                   parent_code=parent, is_leaf=True, bank_code=bank_code))
            opened.append(code)
        conn.execute(update(gl_account).where(gl_account.c.code == parent).values(is_leaf=False))
    return opened


def _leaf_map(conn: Connection, codes: set[str]) -> dict[str, bool]:
    return {code: leaf for code, (leaf, _book) in _accounts(conn, codes).items()}


def _accounts(conn: Connection, codes: set[str]) -> dict[str, tuple[bool, str]]:
    """Each known account of ``codes``: (is leaf, book)."""
    rows = conn.execute(select(gl_account.c.code, gl_account.c.is_leaf, gl_account.c.book)
                        .where(gl_account.c.code.in_(codes)))
    return {code: (bool(leaf), book) for code, leaf, book in rows}


def _check(conn: Connection, posting: Posting) -> tuple[list[Problem], str]:
    """The posting's problems and its book."""
    acc = _accounts(conn, {ln.account for ln in posting.lines})
    books = {code: book for code, (_leaf, book) in acc.items()}
    problems = check_posting(posting, {code: leaf for code, (leaf, _b) in acc.items()}, books)
    return problems, book_of(posting, books)


def _lock_period(conn: Connection, period: int, book: str = DEFAULT_BOOK) -> int:
    """Lock the book's period voucher counter row (creating it if needed) and return the last number used."""
    stmt = for_update(conn, select(voucher_seq.c.last_no).where(voucher_seq.c.book == book,
                                                                 voucher_seq.c.period == period))
    last = conn.execute(stmt).scalar()
    if last is None:
        conn.execute(insert_on_conflict(conn, voucher_seq).values(book=book, period=period, last_no=0)
                     .on_conflict_do_nothing())
        last = conn.execute(stmt).scalar_one()
    return last


def _period_closed(conn: Connection, period: int, book: str = DEFAULT_BOOK) -> bool:
    status = conn.execute(select(accounting_period.c.status)
                          .where(accounting_period.c.book == book, accounting_period.c.period == period)).scalar()
    return status == "closed"


def _known_book(conn: Connection, book: str) -> None:
    if conn.execute(select(ledger_book.c.code).where(ledger_book.c.code == book)).first() is None:
        raise NotFound(LedgerError.BOOK_UNKNOWN, book=book)


def find_by_key(conn: Connection, key: str):
    return conn.execute(select(voucher).where(voucher.c.idempotency_key == key)).first()


def post(uow: UnitOfWork, actor: Actor, posting: Posting, *, check_permission: bool = True) -> PostedVoucher:
    """Post one balanced voucher, or return the voucher already posted under the same key.

    Areas post business events through their own services (which check their own permissions) and
    pass ``check_permission=False``; a manual journal entry goes through the finance permission.
    """
    conn = uow.conn
    problems, book = _check(conn, posting)
    if check_permission:
        require(actor, Permission.LEDGER_POST)
        problems += _controlled_lines(posting)
    if problems:
        raise ValidationFailed(problems, summary="凭证有误")
    digest = posting.content_hash()
    period = month_of(posting.voucher_date)
    last = _lock_period(conn, period, book)
    existing = find_by_key(conn, posting.key)
    if existing is not None:
        if existing.content_hash != digest:
            raise Conflict(ErrorCode.IDEMPOTENCY_CONFLICT, key=posting.key)
        return PostedVoucher(existing.id, existing.period, existing.number, existing.voucher_date, False,
                             existing.book)
    if _period_closed(conn, period, book):
        raise AnjuError(ErrorCode.PERIOD_CLOSED, period=period)
    number = last + 1
    conn.execute(update(voucher_seq).where(voucher_seq.c.book == book, voucher_seq.c.period == period)
                 .values(last_no=number))
    header = {"book": book, "period": period, "number": number, "voucher_date": posting.voucher_date, "kind": posting.kind,
              "summary": posting.summary[:SUMMARY_MAX], "idempotency_key": posting.key, "content_hash": digest,
              "reverses_id": posting.reverses_id, "ref_type": posting.ref_type, "ref_id": posting.ref_id,
              "created_at": uow.now(), "created_by": actor.username}
    vid = conn.execute(insert(voucher).values(**header).returning(voucher.c.id)).scalar_one()
    conn.execute(insert(voucher_line), [
        {"voucher_id": vid, "line_no": i, "account_code": ln.account, "debit": ln.debit, "credit": ln.credit,
         "summary": ln.summary, "subledger": ln.subledger, "subledger_ref": ln.subledger_ref}
        for i, ln in enumerate(posting.lines, start=1)
    ])
    audit.attest(uow, actor, "voucher", [(vid, _attested_digest(vid, header, posting))])
    return PostedVoucher(vid, period, number, posting.voucher_date, True, book)


def _attested_digest(vid: int, h: dict, posting: Posting) -> str:
    """The digest of the voucher as stored, written into the audit chain (checked by `anju verify`)."""
    return record_digest(vid, h["period"], h["number"], h["voucher_date"], h["kind"], h["summary"],
                         h["idempotency_key"], h["content_hash"], h["reverses_id"], h["ref_type"], h["ref_id"],
                         h["created_at"], h["created_by"],
                         [(i, ln.account, ln.debit, ln.credit, ln.summary, ln.subledger, ln.subledger_ref)
                          for i, ln in enumerate(posting.lines, start=1)], book=h.get("book", DEFAULT_BOOK))


def reverse(uow: UnitOfWork, actor: Actor, *, voucher_id: int, key: str, voucher_date: date, reason: str,
            check_permission: bool = True) -> PostedVoucher:
    """冲账: post the mirror voucher linked to the original; a voucher is reversed at most once."""
    if check_permission:
        require(actor, Permission.LEDGER_REVERSE)
    conn = uow.conn
    original = conn.execute(select(voucher).where(voucher.c.id == voucher_id)).first()
    if original is None:
        raise NotFound(ErrorCode.VOUCHER_NOT_FOUND, voucher=voucher_id)
    if original.reverses_id is not None:
        raise AnjuError(LedgerError.REVERSAL_OF_REVERSAL, voucher_id=voucher_id)
    already = conn.execute(select(voucher.c.id, voucher.c.idempotency_key)
                           .where(voucher.c.reverses_id == voucher_id)).first()
    if already is not None and already.idempotency_key != key:
        raise Conflict(ErrorCode.ALREADY_REVERSED, voucher=voucher_id)
    lines = conn.execute(select(voucher_line).where(voucher_line.c.voucher_id == voucher_id)
                         .order_by(voucher_line.c.line_no)).all()
    mirrored = [Line(r.account_code, debit=r.credit, credit=r.debit, summary=r.summary,
                     subledger=r.subledger, subledger_ref=r.subledger_ref) for r in lines]
    posted = post(uow, actor, Posting(
        key=key, voucher_date=voucher_date, kind=original.kind,
        summary=f"冲销{original.period}-{original.number:05d}：{reason}", lines=mirrored,
        ref_type=original.ref_type, ref_id=original.ref_id, reverses_id=voucher_id,
    ), check_permission=False)
    if posted.created:
        audit.record(uow, actor, action="ledger.reverse", entity_type="voucher", entity_id=voucher_id,
                     after={"reversal_id": posted.id, "reason": reason})
    return posted


def close_period(uow: UnitOfWork, actor: Actor, *, period: int, book: str = DEFAULT_BOOK) -> None:
    """结账: after this, posting into the book's period is refused (each book closes its own periods)."""
    require(actor, Permission.LEDGER_CLOSE_PERIOD)
    conn = uow.conn
    _known_book(conn, book)
    _lock_period(conn, period, book)
    this = (accounting_period.c.book == book) & (accounting_period.c.period == period)
    row = conn.execute(select(accounting_period).where(this)).first()
    if row is not None and row.status == "closed":
        raise AnjuError(LedgerError.PERIOD_ALREADY_CLOSED, period=period)
    now = uow.now()
    if row is None:
        conn.execute(insert(accounting_period).values(book=book, period=period, status="closed", closed_at=now,
                                                      closed_by=actor.username))
    else:
        conn.execute(update(accounting_period).where(this)
                     .values(status="closed", closed_at=now, closed_by=actor.username))
    after = {"status": "closed"} if book == DEFAULT_BOOK else {"status": "closed", "book": book}
    audit.record(uow, actor, action="ledger.close_period", entity_type="accounting_period", entity_id=period,
                 before={"status": "open"}, after=after)


def post_many(uow: UnitOfWork, actor: Actor, postings: list[Posting], *,
              existing: Literal["return", "refuse"] = "return") -> list[PostedVoucher]:
    """Post many vouchers in one go (batch jobs): the same checks and idempotency as ``post``.

    ``existing`` says what a key that already has a voucher means:

    - ``"return"`` (the default, as ``post``): the voucher already posted is returned with ``created=False``
      and nothing is written for it — for callers whose side effects are themselves idempotent.
    - ``"refuse"``: raise :class:`Conflict` (code ``conflict``, naming the key and the voucher) before anything
      is written. A batch that writes member rows, balances or statuses after its vouchers passes this: an
      existing voucher means another runner (or an earlier run) has already done that work, and carrying on
      would do it twice. The caller's transaction is then rolled back as a whole.

    Period counters are locked in ascending order, so concurrent batches cannot deadlock.
    """
    if not postings:
        return []
    conn = uow.conn
    acc = _accounts(conn, {ln.account for p in postings for ln in p.lines})
    leaf = {code: lf for code, (lf, _b) in acc.items()}
    books = {code: b for code, (_lf, b) in acc.items()}
    problems = []
    for p in postings:
        problems += [type(x)(f"{p.key}：{x.message}", field=x.field, input=x.input, code=x.code)
                     for x in check_posting(p, leaf, books)]
    if problems:
        raise ValidationFailed(problems, summary="凭证有误")
    if existing not in ("return", "refuse"):
        raise ValueError(f"post_many: existing must be 'return' or 'refuse', not {existing!r}")
    keys = [p.key for p in postings]
    if len(set(keys)) != len(keys):
        raise AnjuError(LedgerError.BATCH_KEY_TWICE)
    book_of_key = {p.key: book_of(p, books) for p in postings}
    periods = sorted({(book_of_key[p.key], month_of(p.voucher_date)) for p in postings})
    last_no = {bp: _lock_period(conn, bp[1], bp[0]) for bp in periods}
    found = {}
    for i in range(0, len(keys), 1000):
        for row in conn.execute(select(voucher).where(voucher.c.idempotency_key.in_(keys[i:i + 1000]))):
            found[row.idempotency_key] = row
    if found and existing == "refuse":
        key = next(k for k in keys if k in found)
        old = found[key]
        raise Conflict(LedgerError.KEY_ALREADY_POSTED, key=key, period=old.period, number=old.number)
    for book, period in periods:
        if _period_closed(conn, period, book) and any(
                (book_of_key[p.key], month_of(p.voucher_date)) == (book, period) and p.key not in found
                for p in postings):
            raise AnjuError(ErrorCode.PERIOD_CLOSED, period=period)
    now = uow.now()
    results: dict[str, PostedVoucher] = {}
    fresh, params = [], []
    for p in postings:
        digest = p.content_hash()
        old = found.get(p.key)
        if old is not None:
            if old.content_hash != digest:
                raise Conflict(ErrorCode.IDEMPOTENCY_CONFLICT, key=p.key)
            results[p.key] = PostedVoucher(old.id, old.period, old.number, old.voucher_date, False, old.book)
            continue
        period = month_of(p.voucher_date)
        bp = (book_of_key[p.key], period)
        last_no[bp] += 1
        fresh.append(p)
        params.append({"book": bp[0], "period": period, "number": last_no[bp], "voucher_date": p.voucher_date, "kind": p.kind,
                       "summary": p.summary[:SUMMARY_MAX], "idempotency_key": p.key, "content_hash": digest,
                       "reverses_id": p.reverses_id, "ref_type": p.ref_type, "ref_id": p.ref_id,
                       "created_at": now, "created_by": actor.username})
    if fresh:
        for (book, period), number in last_no.items():
            conn.execute(update(voucher_seq).where(voucher_seq.c.book == book, voucher_seq.c.period == period)
                         .values(last_no=number))
        # Ids are matched by key: asking for them in parameter order would make SQLite insert row by row.
        id_of = dict(conn.execute(insert(voucher).returning(voucher.c.idempotency_key, voucher.c.id), params).all())
        rows = [id_of[p.key] for p in fresh]
        lines = []
        for p, prm, vid in zip(fresh, params, rows, strict=True):
            results[p.key] = PostedVoucher(vid, prm["period"], prm["number"], p.voucher_date, True, prm["book"])
            lines += [{"voucher_id": vid, "line_no": i, "account_code": ln.account, "debit": ln.debit,
                       "credit": ln.credit, "summary": ln.summary, "subledger": ln.subledger,
                       "subledger_ref": ln.subledger_ref} for i, ln in enumerate(p.lines, start=1)]
        conn.execute(insert(voucher_line), lines)
        audit.attest(uow, actor, "voucher", ((vid, _attested_digest(vid, prm, p))
                                             for p, prm, vid in zip(fresh, params, rows, strict=True)))
    return [results[p.key] for p in postings]


def post_manual(uow: UnitOfWork, actor: Actor, *, key: str, voucher_date: date, summary: str,
                lines: list[Line]) -> PostedVoucher:
    """手工记账 by finance: a balanced voucher of kind ``manual``, audited; the same key returns the same voucher."""
    require(actor, Permission.LEDGER_POST)
    if not summary.strip():
        raise ValidationFailed([Problem.of(LedgerError.SUMMARY_REQUIRED, field="summary")], summary="凭证有误")
    controlled = _controlled_lines(Posting(key=key, voucher_date=voucher_date, kind="manual", summary=summary,
                                           lines=lines))
    if controlled:
        raise ValidationFailed(controlled, summary="凭证有误")
    posted = post(uow, actor, Posting(key=key, voucher_date=voucher_date, kind="manual", summary=summary.strip(),
                                      lines=lines), check_permission=False)
    if posted.created:
        audit.record(uow, actor, action="ledger.post_manual", entity_type="voucher", entity_id=posted.id,
                     after={"label": posted.label, "date": voucher_date, "summary": summary,
                            "lines": [[ln.account, ln.debit, ln.credit] for ln in lines]})
    return posted


def _controlled_lines(posting: Posting) -> list[Problem]:
    """A manual entry may not touch an account whose balance is a sub-ledger's (201, loans …)."""
    from anju.ledger.subledgers import controlled_accounts

    controlled = controlled_accounts()
    return [Problem.of(LedgerError.ACCOUNT_CONTROLLED, field="会计科目", input="account", account=ln.account)
            for ln in posting.lines if ln.account in controlled]


def check_manual(conn: Connection, posting: Posting) -> list[Problem]:
    """Every problem a manual entry would meet when posted (for the form, before the confirmation screen)."""
    problems, book = _check(conn, posting)
    problems += _controlled_lines(posting)
    period = month_of(posting.voucher_date)
    if _period_closed(conn, period, book):
        problems.append(Problem.of(LedgerError.MANUAL_PERIOD_CLOSED, field="voucher_date", period=period))
    return problems
