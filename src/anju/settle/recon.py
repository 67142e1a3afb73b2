"""Matching, 未达账项, the 调节表 and 日清月结 of the 专户.

* ``run_match`` — the matching job for a day (job lock ``settle.match``): per 专户, the statement lines and the
  sub-account's voucher lines dated up to the day and not matched yet go through ``rules.match`` (read in two
  statements, matched in memory by hash joins, written back with one executemany each).
* manual match / unmatch — proposed with a reason, checked by a second person (``flow.MATCH``), audited.
* ``reconcile`` — the 银行存款余额调节表 of a 专户 on a day (``calc.table``).
* ``close_day`` / ``close_month`` — 日清月结: a day closes when every 专户 reconciles (adjusted balances equal, or
  the difference explained) and every 未达账项 has a reason; the table and its items are kept as closed. A month
  closes when all its days are closed.

Reconciliation of a 专户 starts on its start day (``statements.start_reconciliation``, else its first
statement's day): the books before it are its opening balance (the bank's balance before the first line).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, Engine, bindparam, delete, func, insert, or_, select, update

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.core.dates import first_day, last_day
from anju.core.errors import Conflict, NotFound, Problem, ValidationFailed
from anju.core.money import format_yuan
from anju.db import UnitOfWork
from anju.db.joblock import job_lock
from anju.policy.store import policy_at
from anju.settle import calc, ledgerside, rules, statements
from anju.settle.codes import ItemKind, MatchRequestKind, MatchRule, Side
from anju.settle.errors import SettleError
from anju.settle.flow import MATCH
from anju.settle.permissions import P
from anju.settle.statements import account_or_fail
from anju.settle.tables import (
    bank_day_close,
    bank_day_item,
    bank_item_note,
    bank_match,
    bank_match_book,
    bank_match_request,
    bank_month_close,
    bank_statement_line,
)

S = bank_statement_line.c
M = bank_match.c


def _ids(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x]


def _join(ids) -> str:
    return ",".join(str(i) for i in ids)


# ----------------------------------------------------------------------------------------- reads


def start_of(conn: Connection, account_code: str) -> date | None:
    """The day a 专户's reconciliation starts (``statements.start_reconciliation``: its first statement's day
    unless set earlier), or None."""
    return statements.start_of(conn, account_code)


def last_closed(conn: Connection, account_code: str) -> date | None:
    c = bank_day_close.c
    return conn.execute(select(func.max(c.close_date)).where(c.account_code == account_code)).scalar_one()


def bank_balance(conn: Connection, account_code: str, on: date, *, opening: int | None = None) -> int | None:
    """The bank's balance at the end of ``on``: the 余额 of its last line up to then that states one, plus the
    lines after it that state none (a pushed line may not); without a stated balance, ``opening`` plus the lines
    (None when no opening is given)."""
    r = conn.execute(select(S.balance, S.txn_date, S.seq).where(S.account_code == account_code, S.txn_date <= on,
                                                                 S.balance.is_not(None))
                     .order_by(S.txn_date.desc(), S.seq.desc()).limit(1)).first()
    after = select(func.coalesce(func.sum(S.amount), 0)).where(S.account_code == account_code, S.txn_date <= on,
                                                               S.balance.is_(None))
    if r is not None:
        after = after.where((S.txn_date > r.txn_date) | ((S.txn_date == r.txn_date) & (S.seq > r.seq)))
    rest = int(conn.execute(after).scalar_one())
    if r is None:
        return None if opening is None else opening + rest
    return int(r.balance) + rest


@dataclass(frozen=True)
class BookRow:
    id: int
    voucher_id: int
    voucher_date: date
    amount: int
    idempotency_key: str
    ref_type: str | None
    ref_id: str | None
    reverses_id: int | None
    summary: str | None
    receipt_no: str | None
    matched_on: date | None


def _book_rows(conn: Connection, acc: ledgerside.Account, *, start: date, end: date, unmatched_as_of: date | None,
               only_unmatched: bool) -> list[BookRow]:
    lines = ledgerside.book_lines(acc, start=start, end=end).subquery("lines")
    mb = bank_match_book.c
    q = (select(lines, M.matched_on).select_from(
        lines.outerjoin(bank_match_book, mb.voucher_line_id == lines.c.id).outerjoin(bank_match, M.id == mb.match_id)))
    if only_unmatched:
        q = q.where(mb.match_id.is_(None))
    elif unmatched_as_of is not None:
        q = q.where(or_(mb.match_id.is_(None), M.matched_on > unmatched_as_of))
    rows = conn.execute(q.order_by(lines.c.id)).all()
    serials = ledgerside.receipts(conn, rows)
    return [BookRow(r.id, r.voucher_id, r.voucher_date, int(r.amount), r.idempotency_key, r.ref_type, r.ref_id,
                    r.reverses_id, r.summary, serials.get(r.ref_id) if r.ref_type == "remittance" else None,
                    r.matched_on) for r in rows]


def book_rows(conn: Connection, acc: ledgerside.Account, *, start: date, end: date) -> list[BookRow]:
    """Every book line of the 专户's sub-account in [start, end], with the bank serial its business recorded."""
    return _book_rows(conn, acc, start=start, end=end, unmatched_as_of=None, only_unmatched=False)


def _book_line(r) -> rules.BookLine:
    return rules.BookLine(id=r.id, day=r.voucher_date, amount=int(r.amount), key=r.idempotency_key,
                          batch=f"{r.ref_type}:{r.ref_id}" if r.ref_type and r.ref_id else None,
                          serial=r.receipt_no, voucher_id=r.voucher_id, reverses=r.reverses_id)


def _bank_line(r) -> rules.BankLine:
    return rules.BankLine(id=r.id, day=r.txn_date, amount=int(r.amount), serial=r.serial, remark=r.remark,
                          counterparty=r.counterparty_account, summary=r.summary, reversal=bool(r.reversal))


# ----------------------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class MatchRun:
    matched: dict[str, int]  # rule → matches made
    suspects: int
    left_bank: int
    left_book: int


def _first_open(conn: Connection, account_code: str) -> date | None:
    d = last_closed(conn, account_code)
    return None if d is None else d + timedelta(days=1)


def _write_matches(uow: UnitOfWork, actor: Actor, account_code: str, found: Sequence[rules.Found], *,
                   note: str | None = None) -> list[int]:
    if not found:
        return []
    conn = uow.conn
    first_open = _first_open(conn, account_code)
    now = uow.now()
    tag = uuid.uuid4().hex
    rows = [dict(account_code=account_code, rule=f.rule.value,
                 matched_on=max(f.day, first_open) if first_open else f.day, amount=f.amount, note=note,
                 book_lines=_join(f.book), bank_lines=_join(f.bank), status="active", created_at=now,
                 created_by=actor.username, run_tag=tag, run_seq=i) for i, f in enumerate(found)]
    conn.execute(insert(bank_match), rows)  # no RETURNING: SQLite would insert row by row
    by_seq = dict(conn.execute(select(M.run_seq, M.id).where(M.run_tag == tag)).all())
    ids = [by_seq[i] for i in range(len(found))]
    bank_rows = [dict(b_id=b, m_id=mid) for f, mid in zip(found, ids, strict=True) for b in f.bank]
    if bank_rows:
        res = conn.execute(update(bank_statement_line).where(S.id == bindparam("b_id"), S.match_id.is_(None))
                           .values(match_id=bindparam("m_id"), suspect=None)
                           .execution_options(synchronize_session=False), bank_rows)
        if res.rowcount not in (-1, len(bank_rows)):
            raise Conflict(SettleError.LINE_MATCHED, what="对账单明细", id="")
    book_rows = [dict(voucher_line_id=k, match_id=mid, account_code=account_code)
                 for f, mid in zip(found, ids, strict=True) for k in f.book]
    if book_rows:
        conn.execute(insert(bank_match_book), book_rows)  # the primary key refuses a line matched twice
    return ids


def match_account(uow: UnitOfWork, actor: Actor, acc: ledgerside.Account, *, on: date, window: int) -> MatchRun:
    conn = uow.conn
    start = start_of(conn, acc.code)
    if start is None or start > on:
        return MatchRun({}, 0, 0, 0)
    bank = [_bank_line(r) for r in conn.execute(
        select(S.id, S.txn_date, S.amount, S.serial, S.remark, S.counterparty_account, S.summary, S.reversal)
        .where(S.account_code == acc.code, S.txn_date <= on, S.match_id.is_(None)).order_by(S.id))]
    book = [_book_line(r) for r in _book_rows(conn, acc, start=start, end=on, unmatched_as_of=None,
                                              only_unmatched=True)]
    out = rules.match(bank, book, window=window)
    _write_matches(uow, actor, acc.code, out.found)
    if out.suspects:
        conn.execute(update(bank_statement_line).where(S.id == bindparam("b_id"))
                     .values(suspect=bindparam("text")).execution_options(synchronize_session=False),
                     [dict(b_id=s.bank, text=f"金额不符：{s.rule.label}对应日记账{format_yuan(s.book_amount)}元，"
                                             f"银行{format_yuan(s.bank_amount)}元") for s in out.suspects])
    counts: dict[str, int] = {}
    for f in out.found:
        counts[f.rule.value] = counts.get(f.rule.value, 0) + 1
    used_bank = sum(len(f.bank) for f in out.found)
    used_book = sum(len(f.book) for f in out.found)
    return MatchRun(counts, len(out.suspects), len(bank) - used_bank, len(book) - used_book)


def run_match(engine: Engine, actor: Actor, *, on: date, account_code: str | None = None) -> dict[str, MatchRun]:
    """The matching job for ``on`` (every 专户, or one): one runner at a time (job lock), one transaction."""
    require(actor, P.STMT_IMPORT)
    with job_lock(engine, "settle.match", label="银行对账匹配作业"), UnitOfWork(engine) as uow:
        conn = uow.conn
        window = int(policy_at(conn, on)["settle.match_window_days"])
        accs = [account_or_fail(conn, account_code)] if account_code else ledgerside.accounts(conn)
        out = {a.code: match_account(uow, actor, a, on=on, window=window) for a in accs}
        audit.record(uow, actor, action="settle.match.run", entity_type="bank_match", entity_id=on.isoformat(),
                     after={code: {"matched": r.matched, "suspects": r.suspects, "left_bank": r.left_bank,
                                   "left_book": r.left_book} for code, r in out.items()})
        uow.commit()
    return out


# ----------------------------------------------------------------------------------------- manual match


def _lines_for(conn: Connection, acc: ledgerside.Account, bank_ids: Sequence[int], book_ids: Sequence[int]):
    """The chosen lines, checked: they exist on the 专户 and are not matched. Returns (bank rows, book rows)."""
    problems = []
    bank = {r.id: r for r in conn.execute(
        select(S.id, S.txn_date, S.amount, S.match_id).where(S.id.in_(list(bank_ids)), S.account_code == acc.code))}
    for i in bank_ids:
        if i not in bank:
            problems.append(Problem.of(SettleError.LINE_UNKNOWN, field="对账单明细", id=i))
        elif bank[i].match_id is not None:
            problems.append(Problem.of(SettleError.LINE_MATCHED, field="对账单明细", what="对账单明细", id=i))
    book = {}
    if book_ids:
        lines = ledgerside.book_lines(acc, start=None, end=None).subquery("lines")
        mb = bank_match_book.c
        for r in conn.execute(select(lines.c.id, lines.c.voucher_date, lines.c.amount, mb.match_id)
                              .select_from(lines.outerjoin(bank_match_book, mb.voucher_line_id == lines.c.id))
                              .where(lines.c.id.in_(list(book_ids)))):
            book[r.id] = r
    for i in book_ids:
        if i not in book:
            problems.append(Problem.of(SettleError.BOOK_LINE_UNKNOWN, field="日记账分录", id=i))
        elif book[i].match_id is not None:
            problems.append(Problem.of(SettleError.LINE_MATCHED, field="日记账分录", what="日记账分录", id=i))
    if not bank_ids and not book_ids:
        problems.append(Problem.of(SettleError.MATCH_EMPTY, field="明细"))
    if problems:
        raise ValidationFailed(problems)
    b_total = sum(int(r.amount) for r in bank.values())
    k_total = sum(int(r.amount) for r in book.values())
    one_sided_ok = (not bank or not book) and b_total == 0 and k_total == 0
    if not one_sided_ok and (b_total != k_total or not bank or not book):
        raise ValidationFailed([Problem.of(SettleError.MATCH_AMOUNTS, field="金额", bank=format_yuan(b_total),
                                           book=format_yuan(k_total))])
    return list(bank.values()), list(book.values())


def request_match(uow: UnitOfWork, actor: Actor, *, account_code: str, bank_ids: Sequence[int],
                  book_ids: Sequence[int], reason: str, on: date) -> int:
    """Propose a manual match of statement lines with book lines (equal sums; or a pair on one side summing to
    zero) with a reason; a second person approves it (``approve_request``)."""
    require(actor, P.MATCH_REQUEST)
    if not reason.strip():
        raise ValidationFailed([Problem.of(SettleError.REASON_REQUIRED, field="reason")])
    conn = uow.conn
    acc = account_or_fail(conn, account_code)
    bank, book = _lines_for(conn, acc, bank_ids, book_ids)
    amount = sum(abs(int(r.amount)) for r in bank) or sum(abs(int(r.amount)) for r in book)
    rid = conn.execute(insert(bank_match_request).values(
        kind=MatchRequestKind.MATCH.value, account_code=acc.code, status=MATCH.initial, bank_lines=_join(bank_ids),
        book_lines=_join(book_ids), amount=amount, reason=reason.strip()[:500], on_day=on, created_at=uow.now(),
        created_by=actor.username, updated_at=uow.now()).returning(bank_match_request.c.id)).scalar_one()
    MATCH.open(uow, actor, MATCH.lock(conn, rid), on=on, note=reason.strip(),
               audit_after={"kind": "match", "account": acc.code, "bank": list(bank_ids), "book": list(book_ids)})
    return rid


def request_unmatch(uow: UnitOfWork, actor: Actor, *, match_id: int, reason: str, on: date) -> int:
    """Propose undoing a match, with a reason; a second person approves it."""
    require(actor, P.MATCH_REQUEST)
    if not reason.strip():
        raise ValidationFailed([Problem.of(SettleError.REASON_REQUIRED, field="reason")])
    conn = uow.conn
    m = conn.execute(select(bank_match).where(M.id == match_id)).first()
    if m is None:
        raise NotFound(SettleError.MATCH_UNKNOWN, id=match_id)
    if m.status != "active":
        raise Conflict(SettleError.MATCH_UNDONE, id=match_id)
    rid = conn.execute(insert(bank_match_request).values(
        kind=MatchRequestKind.UNMATCH.value, account_code=m.account_code, status=MATCH.initial,
        bank_lines=m.bank_lines, book_lines=m.book_lines, match_id=match_id, amount=m.amount,
        reason=reason.strip()[:500], on_day=on, created_at=uow.now(), created_by=actor.username,
        updated_at=uow.now()).returning(bank_match_request.c.id)).scalar_one()
    MATCH.open(uow, actor, MATCH.lock(conn, rid), on=on, note=reason.strip(),
               audit_after={"kind": "unmatch", "match": match_id})
    return rid


def _undo(uow: UnitOfWork, actor: Actor, match_id: int, note: str) -> None:
    conn = uow.conn
    res = conn.execute(update(bank_match).where(M.id == match_id, M.status == "active")
                       .values(status="undone", undone_at=uow.now(), undone_by=actor.username, undo_note=note[:500]))
    if res.rowcount != 1:
        raise Conflict(SettleError.MATCH_UNDONE, id=match_id)
    conn.execute(update(bank_statement_line).where(S.match_id == match_id).values(match_id=None))
    conn.execute(delete(bank_match_book).where(bank_match_book.c.match_id == match_id))


def approve_request(uow: UnitOfWork, actor: Actor, *, request_id: int, note: str, on: date) -> int | None:
    """The second person approves: the match is made (its id returned) or undone."""
    case = MATCH.take(uow, actor, request_id, "approve")
    row = case.row
    conn = uow.conn
    if row.kind == MatchRequestKind.UNMATCH.value:
        _undo(uow, actor, row.match_id, row.reason)
        case.move(on=on, note=note)
        return None
    acc = account_or_fail(conn, row.account_code)
    bank_ids, book_ids = _ids(row.bank_lines), _ids(row.book_lines)
    bank, book = _lines_for(conn, acc, bank_ids, book_ids)
    day = max([r.txn_date for r in bank] + [r.voucher_date for r in book])
    found = rules.Found(MatchRule.MANUAL, tuple(bank_ids), tuple(book_ids), day, row.amount)
    (mid,) = _write_matches(uow, actor, acc.code, [found], note=row.reason)
    case.move(on=on, note=note, match_id=mid)
    return mid


def reject_request(uow: UnitOfWork, actor: Actor, *, request_id: int, reason: str, on: date) -> None:
    case = MATCH.take(uow, actor, request_id, "reject", reason=reason)
    case.move(on=on, note=reason)


def note_item(uow: UnitOfWork, actor: Actor, *, account_code: str, side: Side, ref_id: int, note: str) -> None:
    """Explain a 未达账项 (a statement line or book line left over): the reason the 调节表 shows."""
    require(actor, P.MATCH_REQUEST)
    if not note.strip():
        raise ValidationFailed([Problem.of(SettleError.NOTE_REQUIRED, field="note")])
    conn = uow.conn
    acc = account_or_fail(conn, account_code)
    if side is Side.BANK:
        ok = conn.execute(select(S.id).where(S.id == ref_id, S.account_code == acc.code)).first() is not None
        missing = SettleError.LINE_UNKNOWN
    else:
        lines = ledgerside.book_lines(acc, start=None, end=None).subquery("lines")
        ok = conn.execute(select(lines.c.id).where(lines.c.id == ref_id)).first() is not None
        missing = SettleError.BOOK_LINE_UNKNOWN
    if not ok:
        raise NotFound(missing, id=ref_id)
    n = bank_item_note.c
    before = conn.execute(select(n.note).where(n.side == side.value, n.ref_id == ref_id)).scalar_one_or_none()
    conn.execute(delete(bank_item_note).where(n.side == side.value, n.ref_id == ref_id))
    conn.execute(insert(bank_item_note).values(account_code=acc.code, side=side.value, ref_id=ref_id,
                                               note=note.strip()[:500], created_at=uow.now(),
                                               created_by=actor.username))
    audit.record(uow, actor, action="settle.item.note", entity_type="bank_statement_line" if side is Side.BANK else "bank_book_line", entity_id=ref_id,
                 before={"note": before} if before else None, after={"note": note.strip()})


# ----------------------------------------------------------------------------------------- the 调节表


@dataclass(frozen=True)
class Reconciliation:
    account: ledgerside.Account
    on: date
    table: calc.Table
    closed: bool
    explanation: str | None = None


def reconcile(conn: Connection, account_code: str, on: date) -> Reconciliation:
    """The 银行存款余额调节表 of a 专户 on a day; a closed day reads as it was closed."""
    acc = account_or_fail(conn, account_code)
    c = bank_day_close.c
    closed = conn.execute(select(bank_day_close).where(c.account_code == acc.code, c.close_date == on)).first()
    if closed is not None:
        i = bank_day_item.c
        items = tuple(calc.Item(Side(r.side), r.ref_id, r.item_date,
                                r.amount if r.kind in (ItemKind.BANK_IN, ItemKind.BOOK_IN) else -r.amount,
                                ItemKind(r.kind), r.reason, text=r.text or "")
                      for r in conn.execute(select(bank_day_item).where(i.close_id == closed.id).order_by(i.id)))
        return Reconciliation(acc, on, calc.Table(closed.bank_balance, closed.book_balance, items), True,
                              closed.explanation)
    return Reconciliation(acc, on, _table(conn, acc, on), False)


def _table(conn: Connection, acc: ledgerside.Account, on: date) -> calc.Table:
    start = start_of(conn, acc.code)
    book_balance = ledgerside.book_balance(conn, acc, on)
    if start is None or start > on:
        return calc.Table(book_balance, book_balance, ())
    bank = bank_balance(conn, acc.code, on, opening=ledgerside.book_balance(conn, acc, start - timedelta(days=1)))
    timing = int(policy_at(conn, on)["settle.timing_days"])
    q = (select(S.id, S.txn_date, S.amount, S.summary, S.remark, S.reversal, S.suspect)
         .select_from(bank_statement_line.outerjoin(bank_match, M.id == S.match_id))
         .where(S.account_code == acc.code, S.txn_date <= on, or_(S.match_id.is_(None), M.matched_on > on)))
    leftovers, suspects = [], set()
    for r in conn.execute(q):
        leftovers.append(calc.Leftover(Side.BANK, r.id, r.txn_date, int(r.amount),
                                       text=" ".join(x for x in (r.summary, r.remark) if x), summary=r.summary,
                                       remark=r.remark, reversal=bool(r.reversal)))
        if r.suspect:
            suspects.add(r.id)
    for r in _book_rows(conn, acc, start=start, end=on, unmatched_as_of=on, only_unmatched=False):
        leftovers.append(calc.Leftover(Side.BOOK, r.id, r.voucher_date, int(r.amount), text=r.summary or ""))
    n = bank_item_note.c
    notes = {(r.side, r.ref_id): r.note for r in conn.execute(select(n.side, n.ref_id, n.note)
                                                              .where(n.account_code == acc.code))}
    return calc.table(on=on, bank_balance=bank, book_balance=book_balance,
                      leftovers=leftovers, notes=notes, suspects=suspects, timing_days=timing)


# ----------------------------------------------------------------------------------------- 日清月结


def _problems(acc: ledgerside.Account, t: calc.Table, on: date, explanation: str | None) -> list[Problem]:
    out = []
    for i in t.unexplained:
        out.append(Problem.of(SettleError.DAY_UNEXPLAINED_ITEM, field=acc.name, account=acc.code, what=i.kind.label,
                              amount=format_yuan(abs(i.amount)), day=i.day.isoformat()))
    if t.difference != 0 and not (explanation or "").strip():
        out.append(Problem.of(SettleError.DAY_DIFFERENCE, field=acc.name, account=acc.code,
                              bank=format_yuan(t.adjusted_bank), book=format_yuan(t.adjusted_book),
                              diff=format_yuan(t.difference)))
    return out


def close_day(uow: UnitOfWork, actor: Actor, *, on: date, explanations: Mapping[str, str] | None = None
              ) -> list[Reconciliation]:
    """日结 of ``on``: every 专户 whose reconciliation has started must reconcile (or have its difference
    explained in ``explanations``) with a reason for every 未达账项; all problems of all 专户 at once, nothing
    closed unless all close."""
    require(actor, P.RECON_CLOSE)
    conn = uow.conn
    explanations = explanations or {}
    tables, problems = [], []
    c = bank_day_close.c
    for acc in ledgerside.accounts(conn):
        start = start_of(conn, acc.code)
        if start is None or start > on:
            continue
        if conn.execute(select(c.id).where(c.account_code == acc.code, c.close_date == on)).first() is not None:
            problems.append(Problem.of(SettleError.DAY_CLOSED, field=acc.name, account=acc.code, day=on.isoformat()))
            continue
        t = _table(conn, acc, on)
        problems += _problems(acc, t, on, explanations.get(acc.code))
        tables.append((acc, t))
    if problems:
        raise ValidationFailed(problems)
    out = []
    for acc, t in tables:
        expl = (explanations.get(acc.code) or "").strip() or None if t.difference else None
        cid = conn.execute(insert(bank_day_close).values(
            account_code=acc.code, close_date=on, bank_balance=t.bank_balance, book_balance=t.book_balance,
            adjusted_bank=t.adjusted_bank, adjusted_book=t.adjusted_book, explanation=expl, closed_at=uow.now(),
            closed_by=actor.username).returning(c.id)).scalar_one()
        if t.items:
            conn.execute(insert(bank_day_item), [dict(close_id=cid, side=i.side.value, ref_id=i.ref, kind=i.kind.value,
                                                      item_date=i.day, amount=abs(i.amount), reason=i.reason,
                                                      text=(i.text or "")[:200])
                                                 for i in t.items])
        audit.record(uow, actor, action="settle.day.close", entity_type="bank_day_close", entity_id=cid,
                     after={"account": acc.code, "day": on.isoformat(), "adjusted_bank": t.adjusted_bank,
                            "adjusted_book": t.adjusted_book, "items": len(t.items), "explanation": expl})
        out.append(Reconciliation(acc, on, t, True, expl))
    return out


def open_days(conn: Connection, account_code: str, start: date, end: date) -> list[date]:
    """The days in [start, end] (from the 专户's first statement day) not closed."""
    first = start_of(conn, account_code)
    if first is None:
        return []
    c = bank_day_close.c
    closed = set(conn.execute(select(c.close_date).where(c.account_code == account_code, c.close_date >= start,
                                                         c.close_date <= end)).scalars())
    d, out = max(start, first), []
    while d <= end:
        if d not in closed:
            out.append(d)
        d += timedelta(days=1)
    return out


def close_month(uow: UnitOfWork, actor: Actor, *, month: int) -> None:
    """月结: only when every day of the month is closed for every 专户 reconciled by then."""
    require(actor, P.RECON_CLOSE)
    conn = uow.conn
    if conn.execute(select(bank_month_close.c.month).where(bank_month_close.c.month == month)).first():
        raise Conflict(SettleError.MONTH_CLOSED, month=month)
    start, end = first_day(month), last_day(month)
    problems = []
    for acc in ledgerside.accounts(conn):
        days = open_days(conn, acc.code, start, end)
        if days:
            problems.append(Problem.of(SettleError.MONTH_DAYS_OPEN, field=acc.name, account=acc.code,
                                       count=len(days), day=days[0].isoformat()))
    if problems:
        raise ValidationFailed(problems)
    conn.execute(insert(bank_month_close).values(month=month, closed_at=uow.now(), closed_by=actor.username))
    audit.record(uow, actor, action="settle.month.close", entity_type="bank_month_close", entity_id=month, after={})


# ----------------------------------------------------------------------------------------- worklist


@dataclass(frozen=True)
class Open:
    account_code: str
    side: Side
    ref: int
    day: date
    amount: int
    text: str
    suspect: str | None
    age: int  # days from the line's date to ``as_of``


def unmatched(conn: Connection, *, as_of: date, account_code: str | None = None, limit: int = 500) -> list[Open]:
    """The lines not matched, oldest first, with their age (the finance worklist)."""
    out = []
    accs = [account_or_fail(conn, account_code)] if account_code else ledgerside.accounts(conn)
    for acc in accs:
        start = start_of(conn, acc.code)
        if start is None:
            continue
        for r in conn.execute(select(S.id, S.txn_date, S.amount, S.summary, S.remark, S.suspect)
                              .where(S.account_code == acc.code, S.match_id.is_(None), S.txn_date <= as_of)
                              .order_by(S.txn_date, S.id).limit(limit)):
            out.append(Open(acc.code, Side.BANK, r.id, r.txn_date, int(r.amount),
                            " ".join(x for x in (r.summary, r.remark) if x), r.suspect, (as_of - r.txn_date).days))
        for r in _book_rows(conn, acc, start=start, end=as_of, unmatched_as_of=None, only_unmatched=True)[:limit]:
            out.append(Open(acc.code, Side.BOOK, r.id, r.voucher_date, int(r.amount), r.summary or "", None,
                            (as_of - r.voucher_date).days))
    return sorted(out, key=lambda o: (o.day, o.account_code, o.side.value, o.ref))


AGE_BANDS = ((0, 1, "1天内"), (2, 7, "2至7天"), (8, 30, "8至30天"), (31, None, "30天以上"))


def age_band(age: int) -> str:
    return next(label for lo, hi, label in AGE_BANDS if age >= lo and (hi is None or age <= hi))

