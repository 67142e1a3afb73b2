"""Scoped reads of contributions for pages and the API: lists and their lines, arrears, refunds, deferrals.

An employer agent reads only its own employer's lists, arrears and applications; staff read everything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, and_, select

from anju.auth.actor import Actor, require
from anju.auth.scope import is_staff, scope_employer
from anju.core.errors import ErrorCode, Forbidden, NotFound
from anju.deposit import queries
from anju.deposit.codes import DeferralKind
from anju.deposit.flows import DEFERRAL, REFUND
from anju.deposit.permissions import P
from anju.deposit.service import DEFERRAL_DOCUMENTS, STATUS_LABELS, lists_of
from anju.deposit.tables import deferral, refund, remittance, remittance_line
from anju.registry.queries import employer_heads, holders

KIND_LABELS = {"01": "汇缴", "02": "补缴"}
REASON_LABELS = {"regular": "正常汇缴", "prepay": "预缴", "missed": "漏缴补缴", "deferred": "缓缴期满补缴",
                 "base_diff": "基数差额补缴", "flexible": "灵活就业缴存"}
REFUND_STATUS = REFUND.states  # the labels of deposit.codes' enums, as the flows read them (one source)
DEFERRAL_STATUS = DEFERRAL.states
DEFERRAL_KINDS = {k.value: k.label for k in DeferralKind}


def _staff_only(actor: Actor, what: str) -> None:
    if not is_staff(actor):
        raise Forbidden(ErrorCode.FORBIDDEN, action=what)


def arrears_of(conn: Connection, actor: Actor, employer_id: int, *, as_of: date) -> queries.Arrears | None:
    """One employer's months due and unpaid (deferred months apart)."""
    require(actor, P.READ)
    scope_employer(actor, employer_id)
    rows = queries.arrears(conn, as_of=as_of, employer_id=employer_id, only_owing=False)
    return rows[0] if rows else None


def all_arrears(conn: Connection, actor: Actor, *, as_of: date) -> list[queries.Arrears]:
    """欠缴报表 of the centre (staff)."""
    require(actor, P.READ)
    _staff_only(actor, "查看全部欠缴单位")
    return queries.arrears(conn, as_of=as_of)


def next_month_due(conn: Connection, actor: Actor, employer_id: int) -> int:
    """The month the employer's next 汇缴 list must cover (the upload form's default)."""
    from anju.deposit.service import expected_remit_month
    from anju.registry.service import get_employer

    require(actor, P.READ)
    scope_employer(actor, employer_id)
    return expected_remit_month(conn, get_employer(conn, employer_id))


def lists_of_employer(conn: Connection, actor: Actor, employer_id: int, *, limit: int = 100):
    require(actor, P.READ)
    scope_employer(actor, employer_id)
    return lists_of(conn, employer_id=employer_id, limit=limit)


def lists_by_status(conn: Connection, actor: Actor, *, status: str | None, limit: int = 200):
    """The centre's lists by status: the payment desk's queue of lists awaiting payment (staff)."""
    require(actor, P.READ)
    _staff_only(actor, "查看全部清册")
    employer = employer_heads()
    rows = conn.execute(select(remittance, employer.c.name.label("employer_name"),
                               employer.c.account_no.label("employer_no"))
                        .select_from(remittance.outerjoin(employer, employer.c.id == remittance.c.employer_id))
                        .where(remittance.c.status == status if status else remittance.c.id > 0)
                        .order_by(remittance.c.id.desc()).limit(limit)).all()
    return rows


@dataclass(frozen=True)
class ListLineView:
    line_no: int
    account_id: int
    person_id: int
    account_no: str
    name: str
    id_number: str
    month: int
    base: int
    employer_amount: int
    member_amount: int
    amount: int
    refunded: bool


def remittance_detail(conn: Connection, actor: Actor, remittance_id: int, *, with_lines: bool = True,
                      line_limit: int = 2000):
    """A list (汇缴/补缴清册) and its lines. The agent of another employer gets 403."""
    require(actor, P.READ)
    employer = employer_heads()
    head = conn.execute(select(remittance, employer.c.name.label("employer_name"),
                               employer.c.account_no.label("employer_no"))
                        .select_from(remittance.outerjoin(employer, employer.c.id == remittance.c.employer_id))
                        .where(remittance.c.id == remittance_id)).first()
    if head is None:
        if not is_staff(actor):
            raise Forbidden(ErrorCode.FORBIDDEN, action="访问其他单位的数据")
        raise NotFound(ErrorCode.NOT_FOUND, what="清册", key=remittance_id)
    scope_employer(actor, head.employer_id)
    lines = []
    if with_lines:
        rl, held = remittance_line.c, holders()
        for r in conn.execute(select(rl.line_no, rl.account_id, rl.month, rl.base, rl.employer_amount,
                                     rl.member_amount, rl.amount, rl.refund_id, held.c.account_no,
                                     held.c.person_id, held.c.name, held.c.id_number)
                              .join(held, held.c.account_id == rl.account_id)
                              .where(rl.remittance_id == remittance_id).order_by(rl.line_no, rl.id)
                              .limit(line_limit)):
            lines.append(ListLineView(r.line_no, r.account_id, r.person_id, r.account_no, r.name, r.id_number,
                                      r.month, r.base, r.employer_amount, r.member_amount, r.amount,
                                      r.refund_id is not None))
    return head, lines


def remittance_id_by_no(conn: Connection, actor: Actor, no: str) -> int:
    require(actor, P.READ)
    rid = conn.execute(select(remittance.c.id).where(remittance.c.no == no.strip())).scalar()
    if rid is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="清册", key=no)
    remittance_detail(conn, actor, rid, with_lines=False)
    return rid


def refunds(conn: Connection, actor: Actor, *, status: str | None = None, limit: int = 200):
    """退缴申请 with their list (staff)."""
    require(actor, P.READ)
    _staff_only(actor, "查看退缴申请")
    employer = employer_heads()
    q = (select(refund, remittance.c.no.label("remittance_no"), employer.c.name.label("employer_name"))
         .join(remittance, remittance.c.id == refund.c.remittance_id)
         .outerjoin(employer, employer.c.id == remittance.c.employer_id)
         .order_by(refund.c.id.desc()).limit(limit))
    if status:
        q = q.where(refund.c.status == status)
    return [(r, len(json.loads(r.line_ids_json))) for r in conn.execute(q)]


def deferrals(conn: Connection, actor: Actor, *, employer_id: int | None = None, status: str | None = None,
              limit: int = 200):
    """缓缴 / 降低比例 applications: an employer's own, or the centre's queue (staff)."""
    require(actor, P.READ)
    if employer_id is None:
        _staff_only(actor, "查看全部缓缴申请")
    else:
        scope_employer(actor, employer_id)
    conds = []
    if employer_id is not None:
        conds.append(deferral.c.employer_id == employer_id)
    if status:
        conds.append(deferral.c.status == status)
    employer = employer_heads()
    q = (select(deferral, employer.c.name.label("employer_name"), employer.c.account_no.label("employer_no"))
         .join(employer, employer.c.id == deferral.c.employer_id).order_by(deferral.c.id.desc()).limit(limit))
    if conds:
        q = q.where(and_(*conds))
    return [(r, json.loads(r.documents_json)) for r in conn.execute(q)]


__all__ = ["DEFERRAL_DOCUMENTS", "STATUS_LABELS", "KIND_LABELS", "REASON_LABELS", "REFUND_STATUS",
           "DEFERRAL_STATUS", "DEFERRAL_KINDS"]
