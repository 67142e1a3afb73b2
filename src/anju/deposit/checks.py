"""Contribution invariants for `anju verify`."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from anju.core.money import format_yuan
from anju.deposit.tables import remittance, remittance_line
from anju.ledger.queries import account_by_voucher, voucher_heads
from anju.registry.queries import employer_heads
from anju.verify import Violation, check


@check("deposit.remittance_voucher", "每份已入账清册都有金额相符的凭证，清册合计等于明细合计")
def remittance_vouchers(conn: Connection):
    gl, voucher = account_by_voucher("201"), voucher_heads()
    q = (select(remittance.c.id, remittance.c.no, remittance.c.total, remittance.c.voucher_id, voucher.c.idempotency_key,
                gl.c.amount.label("s"))
         .select_from(remittance.outerjoin(voucher, voucher.c.id == remittance.c.voucher_id)
                      .outerjoin(gl, gl.c.voucher_id == remittance.c.voucher_id))
         .where(remittance.c.status == "posted"))
    for r in conn.execute(q):
        if r.voucher_id is None or r.idempotency_key != f"remit:{r.id}":
            yield Violation("deposit.remittance_voucher", f"清册{r.no}已入账但没有对应凭证", (f"remittance:{r.id}",))
        elif int(r.s or 0) != r.total:
            yield Violation("deposit.remittance_voucher",
                            f"清册{r.no}金额{format_yuan(r.total)}，凭证贷记201{format_yuan(int(r.s or 0))}",
                            (f"remittance:{r.id}", f"voucher:{r.voucher_id}"))
    sums = (select(remittance_line.c.remittance_id, func.sum(remittance_line.c.amount).label("s"),
                   func.count().label("n")).group_by(remittance_line.c.remittance_id).subquery())
    q = (select(remittance.c.id, remittance.c.no, remittance.c.total, remittance.c.line_count, sums.c.s, sums.c.n)
         .select_from(remittance.outerjoin(sums, sums.c.remittance_id == remittance.c.id))
         .where((func.coalesce(sums.c.s, 0) != remittance.c.total) | (func.coalesce(sums.c.n, 0) != remittance.c.line_count)))
    for r in conn.execute(q):
        yield Violation("deposit.remittance_voucher", f"清册{r.no}合计{format_yuan(r.total)}（{r.line_count}行），"
                        f"明细合计{format_yuan(int(r.s or 0))}（{r.n or 0}行）", (f"remittance:{r.id}",))
    q = select(remittance.c.id, remittance.c.no).where(remittance.c.status != "posted", remittance.c.voucher_id.is_not(None))
    for r in conn.execute(q):
        yield Violation("deposit.remittance_voucher", f"清册{r.no}未入账却已有凭证", (f"remittance:{r.id}",))


@check("deposit.employer_paid_through", "单位缴至年月等于最后一份已入账汇缴清册的月份")
def employer_paid_through(conn: Connection):
    live = select(remittance_line.c.id).where(remittance_line.c.remittance_id == remittance.c.id,
                                              remittance_line.c.refund_id.is_(None)).exists()
    last = (select(remittance.c.employer_id, func.max(remittance.c.period_to).label("m"))
            .where(remittance.c.kind == "01", remittance.c.status == "posted", remittance.c.employer_id.is_not(None), live)
            .group_by(remittance.c.employer_id).subquery())
    employer = employer_heads()
    q = (select(employer.c.id, employer.c.account_no, employer.c.paid_through, last.c.m)
         .select_from(employer.outerjoin(last, last.c.employer_id == employer.c.id))
         .where(func.coalesce(employer.c.paid_through, 0) != func.coalesce(last.c.m, 0)))
    for r in conn.execute(q):
        yield Violation("deposit.employer_paid_through",
                        f"单位{r.account_no}缴至年月{r.paid_through}，已入账汇缴显示{r.m}", (f"employer:{r.id}",))
