"""账户合并: two accounts of one person (found under two employers, or after a transfer in under a mistyped
identity) become one, with maker-checker (``flow.MERGE_FLOW``): a clerk applies, an approver other than the
clerk approves. Approving settles the merged account's interest to the day, moves its balance to the kept
account (Dr 201 / Cr 201 between the two members' sub-ledger rows), closes it (03 合并销户) and carries its
months over (``registry.household.move_carried``), so the kept account's history counts them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select

from anju.auth.actor import Actor, require
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.core.ids import upgrade_15_to_18
from anju.core.money import format_yuan
from anju.db.uow import UnitOfWork
from anju.interest.service import settle_to_day
from anju.ledger import service as ledger
from anju.ledger.rules import Line, Posting
from anju.registry import household, reservations
from anju.registry import queries as registry_queries
from anju.registry.codes import AccountStatus, TxnType
from anju.registry.movements import close_account, move
from anju.registry.service import add_event, get_account, next_numbers
from anju.transfer.codes import MergeStatus
from anju.transfer.errors import TransferError
from anju.transfer.flow import MERGE_FLOW
from anju.transfer.permissions import P
from anju.transfer.tables import account_merge


@dataclass(frozen=True)
class Merge:
    id: int
    no: str


def _id18(number: str) -> str:
    n = (number or "").strip().upper()
    return upgrade_15_to_18(n) if len(n) == 15 else n


def apply(uow: UnitOfWork, actor: Actor, *, keep_account_no: str, merge_account_no: str, reason: str,
          as_of: date) -> Merge:
    """申请合并: ``merge_account_no`` goes into ``keep_account_no``; every problem at once."""
    require(actor, P.MERGE_APPLY)
    conn = uow.conn
    keep = registry_queries.account_by_no(conn, keep_account_no.strip())
    gone = registry_queries.account_by_no(conn, merge_account_no.strip())
    problems: list[Problem] = []
    for row, no, field in ((keep, keep_account_no, "保留账号"), (gone, merge_account_no, "并入账号")):
        if row is None:
            problems.append(Problem.of(TransferError.ACCOUNT_UNKNOWN, field=field, account_no=no.strip()))
        elif AccountStatus(row.status).closed:
            problems.append(Problem.of(TransferError.MERGE_CLOSED, field=field, account_no=row.account_no))
    if not reason.strip():
        problems.append(Problem.of(TransferError.FIELD_REQUIRED, field="合并原因", label="合并原因"))
    if keep is not None and gone is not None:
        if keep.id == gone.id:
            problems.append(Problem.of(TransferError.MERGE_SAME, field="并入账号"))
        else:
            a = registry_queries.person_row(conn, keep.person_id)
            b = registry_queries.person_row(conn, gone.person_id)
            if a.name != b.name:
                problems.append(Problem.of(TransferError.MERGE_PERSON, field="并入账号", detail=f"{a.name}/{b.name}"))
            elif _id18(a.id_number)[:14] != _id18(b.id_number)[:14]:  # region, birth date: one person mistyped once
                problems.append(Problem.of(TransferError.MERGE_PERSON, field="并入账号", detail="出生日期或地区码不同"))
            if gone.status == AccountStatus.NORMAL.value and gone.employer_id is not None:
                problems.append(Problem.of(TransferError.ACCOUNT_ACTIVE, field="并入账号"))
            if reservations.held(conn, gone.id).count:
                problems.append(Problem.of(TransferError.MERGE_PENDING, field="并入账号", account_no=gone.account_no))
    if problems:
        raise ValidationFailed(problems, summary="账户合并申请有误")
    (seq,) = next_numbers(conn, f"transfer.merge:{as_of.year}")
    no = f"HB{as_of.year}{seq:06d}"
    now = uow.now()
    mid = conn.execute(insert(account_merge).values(
        no=no, status=MergeStatus.APPLIED.value, keep_account_id=keep.id, merge_account_id=gone.id,
        reason=reason.strip()[:200], applied_on=as_of, created_by=actor.username, created_at=now, updated_at=now,
    ).returning(account_merge.c.id)).scalar_one()
    MERGE_FLOW.open(uow, actor, MERGE_FLOW.lock(conn, mid), on=as_of,
                    audit_after={"no": no, "keep": keep.account_no, "merge": gone.account_no})
    return Merge(mid, no)


def decide(uow: UnitOfWork, actor: Actor, *, merge_id: int, approve: bool, note: str, as_of: date) -> int:
    """审批: approved, the money and the history move and the merged account closes (returns the amount moved)."""
    if not approve:
        case = MERGE_FLOW.take(uow, actor, merge_id, "reject", reason=note)
        case.move(on=as_of, note=note, decision_note=note[:200], decided_by=actor.username, decided_on=as_of)
        return 0
    case = MERGE_FLOW.take(uow, actor, merge_id, "approve")
    row, conn = case.row, uow.conn
    gone = get_account(conn, row.merge_account_id, lock=True)
    keep = get_account(conn, row.keep_account_id, lock=True)
    if AccountStatus(gone.status).closed or AccountStatus(keep.status).closed:
        raise AnjuError(TransferError.MERGE_CLOSED, account_no=gone.account_no)
    if gone.frozen:
        raise AnjuError(TransferError.ACCOUNT_FROZEN)
    held = reservations.held(conn, gone.id)
    if held.count:
        raise AnjuError(TransferError.MERGE_PENDING, account_no=gone.account_no)
    settled = settle_to_day(uow, actor, account_id=gone.id, day=as_of, reason="合并")
    amount = get_account(conn, gone.id).balance
    voucher_id = None
    if amount:
        voucher_id = ledger.post(uow, actor, Posting(
            key=f"transfer:merge:{row.no}", voucher_date=as_of, kind="transfer.merge",
            summary=f"账户合并 {gone.account_no} 并入 {keep.account_no}", ref_type="account_merge", ref_id=str(row.id),
            lines=[Line.dr("201", amount, summary="合并转出", subledger="member", subledger_ref=gone.account_no),
                   Line.cr("201", amount, summary="合并转入", subledger="member", subledger_ref=keep.account_no)]),
            check_permission=False).id
        move(uow, account_id=gone.id, amount=-amount, day=as_of, type_=TxnType.MERGE_OUT, voucher_id=voucher_id,
             ref_type="account_merge", ref_id=row.id, note=f"账户合并：并入{keep.account_no}")
        move(uow, account_id=keep.id, amount=amount, day=as_of, type_=TxnType.OTHER, voucher_id=voucher_id,
             ref_type="account_merge", ref_id=row.id, note=f"账户合并：{gone.account_no}并入")
    else:
        add_event(uow, gone, type_=TxnType.MERGE_OUT, on=as_of, note=f"账户合并：并入{keep.account_no}，余额为零")
    close_account(uow, account_id=gone.id, status=AccountStatus.CLOSED_MERGED, day=as_of)
    household.move_carried(uow, from_account_id=gone.id, to_account_id=keep.id, ref=row.no)
    case.move(on=as_of, note=note or f"并入{format_yuan(amount)}元", amount=amount, interest=settled.interest,
              voucher_id=voucher_id, decision_note=note[:200] or None, decided_by=actor.username, decided_on=as_of,
              audit_after={"amount": amount, "interest": settled.interest})
    return amount


def merges(conn, *, status: str | None = None, limit: int = 200) -> list:
    q = select(account_merge).order_by(account_merge.c.id.desc()).limit(limit)
    if status:
        q = q.where(account_merge.c.status == status)
    return conn.execute(q).all()
