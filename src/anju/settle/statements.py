"""Bank statements (对账单): a day's file per 专户, imported idempotently by (专户, date, bank serial), and lines a
bank's gateway pushes one at a time (结算数据应用系统 style), idempotent by serial."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, func, insert, select

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.bank import files
from anju.bank import queries as bank_queries
from anju.bank.codes import FileKind
from anju.core.errors import Conflict, Forbidden, NotFound, Problem, ValidationFailed
from anju.core.money import format_yuan
from anju.db import UnitOfWork
from anju.db.locks import insert_on_conflict
from anju.settle import ledgerside
from anju.settle.codes import LineSource
from anju.settle.errors import SettleError
from anju.settle.permissions import P
from anju.settle.rules import FIELDS, ParsedLine, parse_lines
from anju.settle.tables import bank_push_key, bank_recon_start, bank_statement_file, bank_statement_line


@dataclass(frozen=True)
class Imported:
    file_id: int | None
    lines: int
    new: int  # lines stored by this import
    already: int  # lines the store held already (same serial, same content)


def account_or_fail(conn: Connection, code: str) -> ledgerside.Account:
    acc = ledgerside.account(conn, code)
    if acc is None:
        raise NotFound(SettleError.ACCOUNT_UNKNOWN, account=code)
    return acc


def _existing(conn: Connection, account: str, serials: Sequence[tuple[date, str]]) -> dict[tuple[date, str], tuple]:
    if not serials:
        return {}
    days = sorted({d for d, _ in serials})
    s = bank_statement_line.c
    out = {}
    for d in days:
        for r in conn.execute(select(s.txn_date, s.serial, s.amount, s.balance)
                              .where(s.account_code == account, s.txn_date == d)):
            out[(r.txn_date, r.serial)] = (r.amount, r.balance)
    return out


def _split(conn: Connection, account: str, lines: Sequence[ParsedLine]) -> tuple[list[ParsedLine], list[Problem]]:
    """The lines not stored yet; a serial stored with another amount or balance is a problem."""
    have = _existing(conn, account, [(x.txn_date, x.serial) for x in lines])
    problems, new = [], []
    for x in lines:
        old = have.get((x.txn_date, x.serial))
        if old is None:
            new.append(x)
        elif old != (x.amount, x.balance) and not (x.balance is None and old[0] == x.amount):
            problems.append(Problem.of(SettleError.LINE_CHANGED, field=FIELDS["serial"], row=x.row, serial=x.serial))
    return new, problems


def _insert(uow: UnitOfWork, account: str, new: Sequence[ParsedLine], *, source: LineSource,
            file_id: int | None) -> None:
    conn = uow.conn
    s = bank_statement_line.c
    seq0 = {}
    for d in {x.txn_date for x in new}:
        seq0[d] = int(conn.execute(select(func.coalesce(func.max(s.seq), 0))
                                   .where(s.account_code == account, s.txn_date == d)).scalar_one())
    now = uow.now()
    rows = []
    for x in new:
        seq0[x.txn_date] += 1
        rows.append(dict(account_code=account, txn_date=x.txn_date, serial=x.serial, seq=seq0[x.txn_date],
                         amount=x.amount, balance=x.balance, txn_time=x.txn_time, txn_code=x.txn_code,
                         counterparty_account=x.counterparty_account, counterparty_name=x.counterparty_name,
                         remark=x.remark, summary=x.summary, reversal=x.reversal, source=source.value,
                         file_id=file_id, received_at=now, match_id=None, suspect=None))
    stmt = insert_on_conflict(conn, bank_statement_line).on_conflict_do_nothing(
        index_elements=["account_code", "txn_date", "serial"])
    conn.execute(stmt, rows)


def start_of(conn: Connection, account_code: str) -> date | None:
    c = bank_recon_start.c
    return conn.execute(select(c.start_date).where(c.account_code == account_code)).scalar_one_or_none()


def start_reconciliation(uow: UnitOfWork, actor: Actor, *, account_code: str, start: date) -> date:
    """Reconciliation of a 专户 starts on ``start`` (the books before it are the opening balance); set once: a
    later call returns the day already set. The first statement imported sets it to its day."""
    require(actor, P.STMT_IMPORT)
    account_or_fail(uow.conn, account_code)
    return _set_start(uow, actor, account_code, start)


def _set_start(uow: UnitOfWork, actor: Actor, account_code: str, start: date) -> date:
    conn = uow.conn
    conn.execute(insert_on_conflict(conn, bank_recon_start).values(
        account_code=account_code, start_date=start, created_at=uow.now(), created_by=actor.username
    ).on_conflict_do_nothing(index_elements=["account_code"]))
    return start_of(conn, account_code)


def read_file(conn: Connection, account_code: str, data: bytes, *, filename: str) -> list[tuple[int, dict]]:
    """A statement file read through the one bank-file reader (``anju.bank.files``) in the bank's statement
    layout; every bad line at once."""
    acc = account_or_fail(conn, account_code)
    table = files.read(data, bank_queries.file_layout(conn, acc.bank_code, FileKind.STATEMENT), filename=filename)
    rows = list(table.rows())
    if table.problems:
        raise ValidationFailed(table.problems)
    return rows


def import_statement(uow: UnitOfWork, actor: Actor, *, account_code: str, day: date | None, rows: Sequence[tuple[int, dict]],
                     file_name: str, content: bytes) -> Imported:
    """Import a statement of a 专户 from the rows the bank-file reader gave ((line number, fields)); ``day``: the
    statement's date when the file is one day's (every line must carry it), else the file's last date.
    Every bad line is reported at once with its line number and nothing is stored; the same file again, or a
    file whose lines are stored already, changes nothing."""
    require(actor, P.STMT_IMPORT)
    conn = uow.conn
    acc = account_or_fail(conn, account_code)
    if not rows:
        raise ValidationFailed([Problem.of(SettleError.STATEMENT_EMPTY, field="文件")])
    sha = hashlib.sha256(content).hexdigest()
    f = bank_statement_file.c
    known = conn.execute(select(f.id, f.line_count).where(f.account_code == account_code, f.sha256 == sha)
                         .order_by(f.id).limit(1)).first()
    if known is not None:  # the same file again
        return Imported(known.id, known.line_count, 0, known.line_count)
    lines, problems = parse_lines(rows, day=day, account_no=acc.account_no)
    if problems:
        raise ValidationFailed(problems)
    day = day or max(x.txn_date for x in lines)
    new, problems = _split(conn, account_code, lines)
    if problems:
        raise ValidationFailed(problems)
    if not new:
        return Imported(None, len(lines), 0, len(lines))
    fid = conn.execute(insert(bank_statement_file).values(
        account_code=account_code, stmt_date=day, file_name=file_name[:200], sha256=sha, line_count=len(lines),
        new_count=len(new), imported_at=uow.now(), imported_by=actor.username).returning(f.id)).scalar_one()
    _insert(uow, account_code, new, source=LineSource.FILE, file_id=fid)
    _set_start(uow, actor, account_code, min(x.txn_date for x in lines))
    audit.record(uow, actor, action="settle.statement.import", entity_type="bank_statement_file", entity_id=fid,
                 after={"account": account_code, "day": day.isoformat(), "lines": len(lines), "new": len(new),
                        "file": file_name, "sha256": sha})
    return Imported(fid, len(lines), len(new), len(lines) - len(new))


def push_line(uow: UnitOfWork, actor: Actor, *, account_code: str, fields: dict) -> tuple[int, bool]:
    """A bank's gateway pushes one transaction (账户变动通知). The API key must be registered for the 专户's bank;
    the same serial again returns the stored line (False), another content under it is refused."""
    require(actor, P.STMT_PUSH)
    conn = uow.conn
    acc = account_or_fail(conn, account_code)
    key_id = actor.extra.get("api_key_id")
    allowed = key_id is not None and conn.execute(
        select(bank_push_key.c.api_key_id).where(bank_push_key.c.api_key_id == key_id,
                                                 bank_push_key.c.bank_code == acc.bank_code)).first() is not None
    if not allowed:
        raise Forbidden(SettleError.PUSH_NOT_ALLOWED, bank=acc.bank_name)
    lines, problems = parse_lines([(1, fields)], day=None, account_no=acc.account_no)
    if problems:
        raise ValidationFailed(problems)
    x = lines[0]
    new, problems = _split(conn, account_code, lines)
    if problems:
        raise Conflict(SettleError.LINE_CHANGED, serial=x.serial)
    if new:
        _insert(uow, account_code, new, source=LineSource.PUSH, file_id=None)
        _set_start(uow, actor, account_code, x.txn_date)
    s = bank_statement_line.c
    lid = conn.execute(select(s.id).where(s.account_code == account_code, s.txn_date == x.txn_date,
                                          s.serial == x.serial)).scalar_one()
    if new:
        audit.record(uow, actor, action="settle.statement.push", entity_type="bank_statement_line", entity_id=lid,
                     after={"account": account_code, "serial": x.serial, "amount": format_yuan(x.amount)})
    return lid, bool(new)


def register_push_key(uow: UnitOfWork, actor: Actor, *, api_key_id: int, bank_code: str) -> None:
    """Allow an API key (a bank's gateway) to push lines for that bank's 专户."""
    require(actor, P.PUSH_KEY)
    conn = uow.conn
    stmt = insert_on_conflict(conn, bank_push_key).values(
        api_key_id=api_key_id, bank_code=bank_code, created_at=uow.now(), created_by=actor.username
    ).on_conflict_do_nothing(index_elements=["api_key_id"])
    conn.execute(stmt)
    audit.record(uow, actor, action="settle.push_key", entity_type="api_key", entity_id=api_key_id,
                 after={"bank": bank_code})
