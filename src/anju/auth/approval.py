"""Maker-checker (经办—审批) for any area: an approval request that its maker cannot decide, and that needs
a second, different approver when the amount is above a policy threshold.

An area's service creates the request in the same transaction as the business record it guards::

    req = approval.submit(uow, actor, kind="withdrawal", ref_type="withdrawal", ref_id=wid, amount=fen,
                          threshold_key="approval.withdrawal_second_above", as_of=as_of, summary="提取…")

and its approve / reject use cases call ``approval.decide(..., permission=Permission.WITHDRAWAL_APPROVE)``;
when the returned state is ``approved`` the area carries the business out (posts the voucher, pays out).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, insert, select, update

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.auth.errors import AuthError
from anju.auth.settings import policy_at
from anju.auth.tables import approval_decision, approval_request
from anju.core.errors import AnjuError, Conflict, ErrorCode, Forbidden, NotFound
from anju.core.money import format_yuan
from anju.db.locks import for_update
from anju.db.uow import UnitOfWork

STATUS_LABELS = {"pending": "待审批", "approved": "已审批通过", "rejected": "已驳回", "cancelled": "已撤销"}


# ---------------------------------------------------------------- pure rules


def approvals_needed(amount: int | None, threshold: int | None) -> int:
    """One approval; two (by different people) when the amount is strictly above the threshold."""
    if amount is not None and threshold is not None and amount > threshold:
        return 2
    return 1


@dataclass(frozen=True)
class Decision:
    username: str
    approve: bool
    note: str
    at: datetime | None = None


@dataclass(frozen=True)
class ApprovalState:
    id: int
    kind: str
    ref_type: str
    ref_id: str
    amount: int | None
    approvals_needed: int
    status: str
    summary: str
    created_by: str
    created_at: datetime
    decisions: tuple[Decision, ...] = ()

    @property
    def approvals(self) -> int:
        return sum(1 for d in self.decisions if d.approve)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def refusal(state: ApprovalState, username: str) -> AnjuError | None:
    """Why this person may not decide this request now, or None."""
    if state.status != "pending":
        return Conflict(ErrorCode.APPROVAL_CLOSED, request=state.id, status=state.status_label)
    if username == state.created_by:
        return Forbidden(ErrorCode.APPROVAL_SELF, request=state.id)
    if any(d.username == username for d in state.decisions):
        return Forbidden(ErrorCode.APPROVAL_TWICE, request=state.id)
    return None


def status_after(state: ApprovalState, approve: bool) -> str:
    if not approve:
        return "rejected"
    return "approved" if state.approvals + 1 >= state.approvals_needed else "pending"


# ---------------------------------------------------------------- storage


def get(conn: Connection, request_id: int, *, lock: bool = False) -> ApprovalState:
    stmt = select(approval_request).where(approval_request.c.id == request_id)
    r = conn.execute(for_update(conn, stmt) if lock else stmt).first()
    if r is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="审批单", key=request_id)
    decisions = tuple(Decision(d.username, bool(d.approve), d.note, d.at) for d in conn.execute(
        select(approval_decision).where(approval_decision.c.request_id == request_id)
        .order_by(approval_decision.c.id)))
    return ApprovalState(r.id, r.kind, r.ref_type, r.ref_id, r.amount, r.approvals_needed, r.status, r.summary,
                         r.created_by, r.created_at, decisions)


def lock_approval(conn: Connection, request_id: int) -> ApprovalState:
    """The approval request with its decisions, its row locked until the transaction ends (its one lock)."""
    return get(conn, request_id, lock=True)


def pending_for(conn: Connection, *, kind: str, ref_type: str, ref_id: object) -> ApprovalState | None:
    """The latest pending request of ``kind`` about one record, if any (an area asks this, not the table)."""
    rid = conn.execute(select(approval_request.c.id).where(
        approval_request.c.kind == kind, approval_request.c.ref_type == ref_type,
        approval_request.c.ref_id == str(ref_id), approval_request.c.status == "pending")
        .order_by(approval_request.c.id.desc()).limit(1)).scalar()
    return get(conn, rid) if rid is not None else None


def pending(conn: Connection, *, kind: str | None = None, limit: int = 200) -> list[ApprovalState]:
    q = select(approval_request.c.id).where(approval_request.c.status == "pending")
    if kind:
        q = q.where(approval_request.c.kind == kind)
    return [get(conn, rid) for rid in conn.execute(q.order_by(approval_request.c.id).limit(limit)).scalars()]


def submit(uow: UnitOfWork, actor: Actor, *, kind: str, ref_type: str, ref_id: object, summary: str,
           amount: int | None = None, threshold_key: str | None = None, as_of: date) -> ApprovalState:
    """Open a request; the caller (an area's service) has already checked that the actor may make it."""
    threshold = policy_at(uow.conn, as_of)[threshold_key] if threshold_key else None
    needed = approvals_needed(amount, threshold)
    rid = uow.conn.execute(insert(approval_request).values(
        kind=kind, ref_type=ref_type, ref_id=str(ref_id), amount=amount, approvals_needed=needed,
        status="pending", summary=summary[:200], created_by=actor.username, created_at=uow.now(),
    ).returning(approval_request.c.id)).scalar_one()
    audit.record(uow, actor, action="approval.submit", entity_type=ref_type, entity_id=ref_id,
                 after={"request": rid, "kind": kind, "amount": None if amount is None else format_yuan(amount),
                        "approvals_needed": needed, "threshold_key": threshold_key})
    return get(uow.conn, rid)


def decide(uow: UnitOfWork, actor: Actor, *, request_id: int, approve: bool, note: str,
           permission: str) -> ApprovalState:
    """Approve or reject. The maker may not decide, nobody decides twice, a rejection needs a reason."""
    require(actor, permission)
    conn = uow.conn
    state = get(conn, request_id, lock=True)
    problem = refusal(state, actor.username)
    if problem is not None:
        raise problem
    if not approve and not note.strip():
        raise AnjuError(AuthError.REJECT_REASON_REQUIRED)
    now = uow.now()
    conn.execute(insert(approval_decision).values(request_id=request_id, username=actor.username,
                                                  roles=actor.role_names, approve=approve, note=note[:500], at=now))
    status = status_after(state, approve)
    if status != state.status:
        conn.execute(update(approval_request).where(approval_request.c.id == request_id)
                     .values(status=status, decided_at=now))
    audit.record(uow, actor, action="approval.approve" if approve else "approval.reject",
                 entity_type=state.ref_type, entity_id=state.ref_id,
                 before={"request": request_id, "status": state.status, "approvals": state.approvals},
                 after={"request": request_id, "status": status, "note": note})
    return get(conn, request_id)


def cancel(uow: UnitOfWork, actor: Actor, *, request_id: int, reason: str) -> ApprovalState:
    """Only the maker withdraws a pending request."""
    conn = uow.conn
    state = lock_approval(conn, request_id)
    if state.status != "pending":
        raise Conflict(ErrorCode.APPROVAL_CLOSED, request=request_id, status=state.status_label)
    if actor.username != state.created_by:
        raise AnjuError(AuthError.CANCEL_NOT_MAKER)
    conn.execute(update(approval_request).where(approval_request.c.id == request_id)
                 .values(status="cancelled", decided_at=uow.now()))
    audit.record(uow, actor, action="approval.cancel", entity_type=state.ref_type, entity_id=state.ref_id,
                 before={"request": request_id, "status": "pending"},
                 after={"request": request_id, "status": "cancelled", "reason": reason})
    return get(conn, request_id)


def ensure_different_person(*, maker: str, checker: str) -> None:
    """The simplest maker-checker rule, for use cases that keep the maker on their own record."""
    if maker == checker:
        raise Forbidden(ErrorCode.APPROVAL_SELF, request="本业务")
