"""The bank register's business (hpf-reference-2 §1.1–1.2): asking to open or close a 专户 and to sign or end an
entrustment agreement, each approved by a second person (``accounts_flow.CHANGE``) before ``anju.bank.service``
writes it. Opening a 专户 checks its sub-account (101xx / 102xx) is in the centre's chart."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import Connection, func, insert, select

from anju.auth.actor import Actor, require
from anju.bank import queries as bank_queries
from anju.bank import service as bank_service
from anju.bank.errors import BankError
from anju.core.errors import NotFound, Problem, ValidationFailed
from anju.db.uow import UnitOfWork
from anju.ledger import queries as ledger_queries
from anju.settle.accounts_flow import CHANGE
from anju.settle.bank_tables import bank_change
from anju.settle.codes import ChangeKind, ChangeStatus
from anju.settle.errors import SettleError
from anju.settle.permissions import PB


def _next_no(conn: Connection, on: date) -> str:
    prefix = f"YHBG{on:%Y%m%d}"
    n = conn.execute(select(func.count()).select_from(bank_change).where(bank_change.c.no.like(f"{prefix}%"))).scalar()
    return f"{prefix}{n + 1:03d}"


def _pending_for_account(conn: Connection, account_no: str):
    rows = conn.execute(select(bank_change.c.no, bank_change.c.payload_json).where(
        bank_change.c.status == ChangeStatus.SUBMITTED,
        bank_change.c.kind.in_([ChangeKind.OPEN_ACCOUNT, ChangeKind.CLOSE_ACCOUNT]))).all()
    return next((r.no for r in rows if json.loads(r.payload_json).get("account_no") == account_no), None)


def _open(uow: UnitOfWork, actor: Actor, *, kind: ChangeKind, bank_code: str, payload: dict, reason: str,
          as_of: date, summary: str) -> int:
    conn = uow.conn
    cid = conn.execute(insert(bank_change).values(
        no=_next_no(conn, as_of), kind=kind, bank_code=bank_code, payload_json=json.dumps(payload, ensure_ascii=False,
                                                                                       sort_keys=True, default=str),
        reason=reason or "", status=CHANGE.initial, created_at=uow.now(), created_by=actor.username,
    ).returning(bank_change.c.id)).scalar_one()
    CHANGE.open(uow, actor, CHANGE.lock(conn, cid), on=as_of, note=summary, audit_after={"kind": kind, **payload})
    return cid


def ledger_problems(conn: Connection, ledger_code: str) -> list[Problem]:
    """The sub-account must be in the chart (the higher layer checks what ``anju.bank`` cannot)."""
    if ledger_code and ledger_code not in ledger_queries.account_names(conn, [ledger_code]):
        return [Problem.of(SettleError.CHANGE_LEDGER_MISSING, field="会计科目", input="ledger_code", code=ledger_code)]
    return []


def request_open_account(uow: UnitOfWork, actor: Actor, *, bank_code: str, purpose: str, account_no: str,
                         account_name: str, ledger_code: str, opened_on: date, as_of: date,
                         branch_name: str | None = None, customer_no: str | None = None,
                         agreement_no: str | None = None, note: str = "") -> int:
    """Ask to enter a 专户 opened at a bank (every problem at once); returns the request's id."""
    require(actor, PB.BANK_REQUEST)
    conn = uow.conn
    account_no = (account_no or "").strip()
    agreement = bank_queries.agreement(conn, agreement_no) if agreement_no else None
    problems = bank_service.account_problems(conn, bank_code=bank_code, purpose=purpose, account_no=account_no,
                                             account_name=account_name, ledger_code=ledger_code, opened_on=opened_on)
    if agreement_no and agreement is None:
        problems.append(Problem.of(BankError.AGREEMENT_UNKNOWN, field="委托协议", input="agreement_no", ref=agreement_no))
    problems += ledger_problems(conn, ledger_code)
    if pending := _pending_for_account(conn, account_no):
        problems.append(Problem.of(SettleError.CHANGE_ACCOUNT_PENDING, field="账号", account_no=account_no, no=pending))
    if problems:
        raise ValidationFailed(problems, summary="专户开户申请有误")
    payload = {"purpose": str(purpose), "account_no": account_no, "account_name": account_name.strip(),
               "ledger_code": ledger_code, "opened_on": opened_on.isoformat(), "branch_name": branch_name,
               "customer_no": customer_no, "agreement_id": agreement.id if agreement else None, "note": note or None}
    return _open(uow, actor, kind=ChangeKind.OPEN_ACCOUNT, bank_code=bank_code, payload=payload, reason=note,
                 as_of=as_of, summary=f"专户开户 {account_no}")


def request_close_account(uow: UnitOfWork, actor: Actor, *, account_no: str, closed_on: date, reason: str,
                          as_of: date) -> int:
    require(actor, PB.BANK_REQUEST)
    conn = uow.conn
    acc = bank_queries.account(conn, (account_no or "").strip())
    if acc is None:
        raise NotFound(BankError.ACCOUNT_UNKNOWN, ref=account_no)
    problems = []
    if acc.closed_on is not None:
        problems.append(Problem.of(BankError.ACCOUNT_CLOSED, field="账号", account_no=acc.account_no,
                                   closed_on=acc.closed_on))
    elif closed_on < acc.opened_on:
        problems.append(Problem.of(BankError.CLOSE_BEFORE_OPEN, field="销户日期", closed_on=closed_on,
                                   opened_on=acc.opened_on))
    if pending := _pending_for_account(conn, acc.account_no):
        problems.append(Problem.of(SettleError.CHANGE_ACCOUNT_PENDING, field="账号", account_no=acc.account_no,
                                   no=pending))
    if problems:
        raise ValidationFailed(problems, summary="专户销户申请有误")
    return _open(uow, actor, kind=ChangeKind.CLOSE_ACCOUNT, bank_code=acc.bank_code,
                 payload={"account_id": acc.id, "account_no": acc.account_no, "closed_on": closed_on.isoformat()},
                 reason=reason, as_of=as_of, summary=f"专户销户 {acc.account_no}：{reason}")


def request_sign_agreement(uow: UnitOfWork, actor: Actor, *, bank_code: str, no: str, title: str,
                           services: list[str], signed_on: date, valid_from: date, valid_to: date | None,
                           as_of: date, fee_terms: str = "", assessment_terms: str = "") -> int:
    require(actor, PB.BANK_REQUEST)
    problems = bank_service.agreement_problems(uow.conn, bank_code=bank_code, no=no, title=title, services=services,
                                               signed_on=signed_on, valid_from=valid_from, valid_to=valid_to)
    if problems:
        raise ValidationFailed(problems, summary="委托协议有误")
    payload = {"no": no.strip(), "title": title.strip(), "services": list(services),
               "signed_on": signed_on.isoformat(), "valid_from": valid_from.isoformat(),
               "valid_to": valid_to.isoformat() if valid_to else None, "fee_terms": fee_terms,
               "assessment_terms": assessment_terms}
    return _open(uow, actor, kind=ChangeKind.SIGN_AGREEMENT, bank_code=bank_code, payload=payload, reason="",
                 as_of=as_of, summary=f"签订委托协议 {no}")


def request_end_agreement(uow: UnitOfWork, actor: Actor, *, no: str, ended_on: date, reason: str,
                          as_of: date) -> int:
    require(actor, PB.BANK_REQUEST)
    g = bank_queries.agreement(uow.conn, (no or "").strip())
    if g is None:
        raise NotFound(BankError.AGREEMENT_UNKNOWN, ref=no)
    return _open(uow, actor, kind=ChangeKind.END_AGREEMENT, bank_code=g.bank_code,
                 payload={"agreement_id": g.id, "no": g.no, "ended_on": ended_on.isoformat()}, reason=reason,
                 as_of=as_of, summary=f"终止委托协议 {g.no}：{reason}")


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def approve(uow: UnitOfWork, actor: Actor, *, change_id: int, as_of: date, note: str = "") -> int | None:
    """A second person approves: the account or agreement is written now (its checks run again); returns its id."""
    case = CHANGE.take(uow, actor, change_id, "approve")
    row = case.row
    p = json.loads(row.payload_json)
    conn, at, by = uow.conn, uow.now(), row.created_by
    if row.kind == ChangeKind.OPEN_ACCOUNT:
        problems = ledger_problems(conn, p["ledger_code"])
        if problems:
            raise ValidationFailed(problems, summary="专户开户申请有误")
        target = bank_service.open_account(
            conn, bank_code=row.bank_code, purpose=p["purpose"], account_no=p["account_no"],
            account_name=p["account_name"], ledger_code=p["ledger_code"], opened_on=_d(p["opened_on"]), at=at,
            by=by, branch_name=p.get("branch_name"), customer_no=p.get("customer_no"),
            agreement_id=p.get("agreement_id"), note=p.get("note"))
    elif row.kind == ChangeKind.CLOSE_ACCOUNT:
        target = p["account_id"]
        bank_service.close_account(conn, account_id=target, closed_on=_d(p["closed_on"]))
    elif row.kind == ChangeKind.SIGN_AGREEMENT:
        target = bank_service.add_agreement(
            conn, bank_code=row.bank_code, no=p["no"], title=p["title"], services=p["services"],
            signed_on=_d(p["signed_on"]), valid_from=_d(p["valid_from"]), valid_to=_d(p.get("valid_to")), at=at,
            by=by, fee_terms=p.get("fee_terms") or "", assessment_terms=p.get("assessment_terms") or "")
    else:
        target = p["agreement_id"]
        bank_service.end_agreement(conn, agreement_id=target, ended_on=_d(p["ended_on"]))
    case.move(on=as_of, note=note, target_id=target, decided_at=at, decided_by=actor.username)
    return target


def reject(uow: UnitOfWork, actor: Actor, *, change_id: int, reason: str, as_of: date) -> None:
    case = CHANGE.take(uow, actor, change_id, "reject", reason=reason)
    case.move(on=as_of, note=reason, decided_at=uow.now(), decided_by=actor.username)


def changes(conn: Connection, *, status: str | None = None, limit: int = 200):
    """Requests, newest first: (id, no, kind, bank_code, payload_json, target_id, reason, status, created_at,
    created_by, decided_at, decided_by)."""
    c = bank_change.c
    q = select(c.id, c.no, c.kind, c.bank_code, c.payload_json, c.target_id, c.reason, c.status, c.created_at,
               c.created_by, c.decided_at, c.decided_by).order_by(c.id.desc()).limit(limit)
    if status:
        q = q.where(c.status == status)
    return conn.execute(q).all()


def set_layout(uow: UnitOfWork, actor: Actor, *, bank_code: str, kind: str, format: str | None = None,
               encoding: str | None = None, delimiter: str | None = None, header: bool | None = None,
               columns: list[str] | None = None) -> None:
    """Record the layout a bank agreed for one kind of file (from the kind's default: the settings given, and
    ``columns`` as ``名称`` or ``名称=该行表头`` in the bank's order); every problem at once; audited."""
    from dataclasses import replace

    from anju.bank import files

    require(actor, PB.BANK_REQUEST)
    if kind not in files.DEFAULTS:
        raise ValidationFailed([Problem.of(BankError.FILE_KIND_UNKNOWN, field="文件类型", kind=kind)])
    base = bank_queries.file_layout(uow.conn, bank_code, kind)
    default = files.DEFAULTS[kind]
    changes: dict = {k: v for k, v in (("format", format), ("encoding", encoding), ("delimiter", delimiter),
                                      ("header", header)) if v is not None}
    if columns:
        cols = []
        for spec in columns:
            name, _, head = spec.partition("=")
            known = default.column(name.strip())
            cols.append(replace(known, header=head.strip() or None) if known else files.Column(name.strip()))
        changes["columns"] = tuple(cols)
    layout = replace(base, **changes)
    before = bank_queries.file_layout(uow.conn, bank_code, kind).to_json()
    bank_service.set_file_layout(uow.conn, bank_code=bank_code, layout=layout, at=uow.now(), by=actor.username)
    from anju.auth import audit

    audit.record(uow, actor, action="settle.bank.layout", entity_type="bank_file_layout", entity_id=f"{bank_code}:{kind}",
                 before={"layout": before}, after={"layout": layout.to_json()})
