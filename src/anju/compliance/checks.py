"""Compliance invariants for `anju verify`."""

from __future__ import annotations

from sqlalchemy import Connection, or_, select

from anju.compliance.codes import OPEN_HITS, HitStatus
from anju.compliance.tables import audit_hit, fraud_case
from anju.core.money import format_yuan
from anju.verify import Violation, check


@check("compliance.hits", "疑点：未结的有唯一键、已结的没有；认定骗提骗贷的都有案件")
def hits(conn: Connection):
    h = audit_hit.c
    q = select(h.id, h.status, h.open_key, h.case_id).where(or_(
        (h.status.in_(OPEN_HITS)) & (h.open_key.is_(None)),
        (h.status.not_in(OPEN_HITS)) & (h.open_key.is_not(None)),
        (h.status == HitStatus.FRAUD.value) & (h.case_id.is_(None))))
    for r in conn.execute(q):
        yield Violation("compliance.hits", f"疑点{r.id}（{HitStatus(r.status).label}）的状态与其唯一键或案件不符",
                        (f"audit_hit:{r.id}",))


@check("compliance.cases", "骗提骗贷案件：追回金额不超过骗取金额，已追回的有追回日期")
def cases(conn: Connection):
    c = fraud_case.c
    q = select(c.id, c.no, c.amount, c.recovered, c.recovered_on).where(or_(
        c.recovered > c.amount, (c.recovered > 0) & (c.recovered_on.is_(None))))
    for r in conn.execute(q):
        yield Violation("compliance.cases", f"案件{r.no}骗取{format_yuan(r.amount)}元，追回{format_yuan(r.recovered)}元",
                        (f"fraud_case:{r.id}",))
