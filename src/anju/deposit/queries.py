"""Read side of contributions: arrears (欠缴) per employer, an employer's lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, func, select

from anju.core.dates import add_months, month_of, month_range
from anju.deposit.rules import arrears_months
from anju.deposit.tables import deferral, remittance, remittance_line
from anju.registry.queries import employers_due


@dataclass(frozen=True)
class Arrears:
    employer_id: int
    account_no: str
    name: str
    status: str
    paid_through: int | None
    monthly_due: int
    unpaid_months: list[int]
    deferred_months: list[int]

    @property
    def unpaid_amount(self) -> int:
        return self.monthly_due * len(self.unpaid_months)

    @property
    def deferred_amount(self) -> int:
        return self.monthly_due * len(self.deferred_months)


def due_through(as_of: date, pay_day: int, grace_days: int = 5) -> int:
    """The last month whose 汇缴 is due by ``as_of``: a month is due five days after its pay day (Art. 19)."""
    deadline_day = min(pay_day + grace_days, 28)
    this = month_of(as_of)
    return this if as_of.day > deadline_day else add_months(this, -1)


def arrears(conn: Connection, *, as_of: date, employer_id: int | None = None, only_owing: bool = True,
            as_then: bool = False) -> list[Arrears]:
    """Months due and not paid, per employer; months of an approved deferral are shown apart, not as unpaid.
    ``as_then``: paid-through as it stood on ``as_of`` (the last month of the 汇缴 lists paid by then that
    still have a line not refunded) instead of today's — for statistics of a past period."""
    employer = employers_due()
    source = employer
    paid_through = employer.c.paid_through
    if as_then:
        live = select(remittance_line.c.id).where(remittance_line.c.remittance_id == remittance.c.id,
                                                  remittance_line.c.refund_id.is_(None)).exists()
        then = (select(remittance.c.employer_id, func.max(remittance.c.period_to).label("pt"))
                .where(remittance.c.kind == "01", remittance.c.status == "posted", remittance.c.paid_on <= as_of,
                       remittance.c.employer_id.is_not(None), live)
                .group_by(remittance.c.employer_id).subquery())
        source = source.outerjoin(then, then.c.employer_id == employer.c.id)
        paid_through = then.c.pt
    q = (select(employer.c.id, employer.c.account_no, employer.c.name, employer.c.status,
                paid_through.label("paid_through"), employer.c.first_month, employer.c.pay_day, employer.c.monthly)
         .select_from(source).order_by(employer.c.id))
    if employer_id is not None:
        q = q.where(employer.c.id == employer_id)
    deferred: dict[int, set[int]] = {}
    dq = select(deferral.c.employer_id, deferral.c.period_from, deferral.c.period_to).where(
        deferral.c.kind == "defer", deferral.c.status.in_(("approved", "ended")))
    for eid, a, b in conn.execute(dq):
        deferred.setdefault(eid, set()).update(month_range(a, b))
    out = []
    for r in conn.execute(q):
        through = due_through(as_of, r.pay_day)
        unpaid, held = arrears_months(first_month=r.first_month, paid_through=r.paid_through, through=through,
                                      deferred=frozenset(deferred.get(r.id, ())))
        item = Arrears(r.id, r.account_no, r.name, r.status, r.paid_through, int(r.monthly), unpaid, held)
        if not only_owing or ((unpaid or held) and r.monthly > 0):
            out.append(item)
    return out


# ------------------------------------------------------------------ for bank reconciliation (anju.settle)


def receipt_numbers(conn: Connection, remittance_ids) -> dict[int, str]:
    """Remittance id → the bank receipt number it was confirmed with (for those that have one): the bank
    transaction a deposit voucher (ref ``remittance``:id) answers, for matching statement lines."""
    ids = sorted({int(i) for i in remittance_ids})
    out: dict[int, str] = {}
    r = remittance.c
    for k in range(0, len(ids), 5000):
        for row in conn.execute(select(r.id, r.receipt_no).where(r.id.in_(ids[k:k + 5000]), r.receipt_no.is_not(None))):
            out[row.id] = row.receipt_no
    return out
