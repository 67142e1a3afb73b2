"""Interest invariants for `anju verify`."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from anju.core.money import format_yuan
from anju.interest.monthly import unsettled_accrued
from anju.interest.service import pending_interest
from anju.interest.tables import interest_run, interest_settlement, yearend_step
from anju.ledger import subledgers
from anju.ledger.queries import account_balance, account_by_voucher
from anju.registry.queries import txn_totals_by_ref
from anju.verify import Violation, check

subledgers.register_pending("member", pending_interest)


@check("interest.settlement", "每次结息：记入个人账户的利息合计等于结息凭证；211应付利息等于已计提未结息的利息")
def settlement_totals(conn: Connection):
    credited = txn_totals_by_ref("interest_run")
    staged = (select(interest_settlement.c.year, func.sum(interest_settlement.c.interest).label("s"))
              .group_by(interest_settlement.c.year).subquery())
    gl = account_by_voucher("201")
    q = (select(interest_run, credited.c.amount.label("credited"), staged.c.s.label("staged"), gl.c.amount.label("voucher"))
         .select_from(interest_run.outerjoin(credited, credited.c.ref_id == interest_run.c.year)
                      .outerjoin(staged, staged.c.year == interest_run.c.year)
                      .outerjoin(gl, gl.c.voucher_id == interest_run.c.voucher_id)))
    for r in conn.execute(q):
        voucher_total = int(r.voucher or 0)
        if voucher_total != r.total or int(r.staged or 0) != r.total:
            yield Violation("interest.settlement", f"{r.year}年度结息：合计{format_yuan(r.total)}，明细"
                            f"{format_yuan(int(r.staged or 0))}，凭证{format_yuan(voucher_total)}", (f"interest_run:{r.year}",))
        if r.status == "done" and int(r.credited or 0) != r.total:
            yield Violation("interest.settlement", f"{r.year}年度结息已完成，但记入个人账户{format_yuan(int(r.credited or 0))}，"
                            f"应为{format_yuan(r.total)}", (f"interest_run:{r.year}",))
    payable, accrued = account_balance(conn, "211"), unsettled_accrued(conn)
    if payable != accrued:
        yield Violation("interest.settlement", f"应付利息（211）余额{format_yuan(payable)}，应等于已计提未结息的利息"
                                               f"{format_yuan(accrued)}")


@check("interest.yearend", "年终结转后收入、支出科目结平，增值收益分配完毕")
def yearend(conn: Connection):
    from datetime import date

    for year, step in conn.execute(select(yearend_step.c.year, yearend_step.c.step)):
        as_of = date(year, 12, 31)
        if step == "close_income":
            for code in ("401", "411"):
                bal = account_balance(conn, code, as_of=as_of)
                if bal:
                    yield Violation("interest.yearend", f"{year}年末{code}科目余额{format_yuan(bal)}，结转后应为零")
        if step == "distribute":
            for code in ("311", "321"):
                bal = account_balance(conn, code, as_of=as_of)
                if bal:
                    yield Violation("interest.yearend", f"{year}年末{code}科目余额{format_yuan(bal)}，分配后应为零")
