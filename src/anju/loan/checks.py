"""Loan invariants for `anju verify`: loan balances agree with 121 + 122 (the "loan" sub-ledger), each loan's
balances with its sub-ledger rows, and each plan's principal with the loan amount."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from anju.core.money import format_yuan
from anju.ledger import subledgers
from anju.loan import runs  # noqa: F401 - registers the run's in-flight principal
from anju.loan.accounts import SUBLEDGER
from anju.loan.codes import InstalmentStatus
from anju.loan.tables import loan, loan_instalment, loan_txn
from anju.verify import Violation, check


def _loan_total(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.sum(loan.c.principal + loan.c.overdue_principal), 0)))
               .scalar_one())


subledgers.register(subledgers.SubLedger(SUBLEDGER, "个人住房贷款余额", ("121", "122"), _loan_total))


@check("loan.detail_matches_balance", "每笔贷款的正常本金、逾期本金等于其贷款明细发生额合计")
def detail_matches(conn: Connection):
    t = loan_txn.c
    sums = (select(t.loan_id, func.sum(t.principal).label("p"), func.sum(t.overdue_principal).label("o"))
            .group_by(t.loan_id).subquery())
    q = (select(loan.c.id, loan.c.loan_no, loan.c.principal, loan.c.overdue_principal,
                func.coalesce(sums.c.p, 0).label("p"), func.coalesce(sums.c.o, 0).label("o"))
         .select_from(loan.outerjoin(sums, sums.c.loan_id == loan.c.id))
         .where((loan.c.principal != func.coalesce(sums.c.p, 0))
                | (loan.c.overdue_principal != func.coalesce(sums.c.o, 0))))
    in_flight = runs.pending_principal(conn)
    if in_flight:
        return  # a repayment run is posting: loans are caught up chunk by chunk
    for r in conn.execute(q.limit(1000)):
        yield Violation("loan.detail_matches_balance",
                        f"贷款{r.loan_no}正常本金{format_yuan(r.principal)}、逾期本金{format_yuan(r.overdue_principal)}，"
                        f"明细合计{format_yuan(int(r.p))}、{format_yuan(int(r.o))}", (f"loan:{r.id}",))


@check("loan.plan_principal", "每笔贷款还款计划的本金合计（含计划外提前归还的本金）等于贷款金额")
def plan_principal(conn: Connection):
    i, t = loan_instalment.c, loan_txn.c
    plan = (select(i.loan_id, func.sum(i.principal).label("s")).where(i.status != InstalmentStatus.SUPERSEDED.value)
            .group_by(i.loan_id).subquery())
    off = select(t.loan_id, func.sum(t.off_plan).label("s")).group_by(t.loan_id).subquery()
    total = func.coalesce(plan.c.s, 0) + func.coalesce(off.c.s, 0)
    q = (select(loan.c.id, loan.c.loan_no, loan.c.amount, total.label("s"))
         .select_from(loan.outerjoin(plan, plan.c.loan_id == loan.c.id).outerjoin(off, off.c.loan_id == loan.c.id))
         .where(total != loan.c.amount))
    for r in conn.execute(q.limit(1000)):
        yield Violation("loan.plan_principal", f"贷款{r.loan_no}金额{format_yuan(r.amount)}，还款计划本金合计"
                        f"{format_yuan(int(r.s))}", (f"loan:{r.id}",))
