"""Origination invariants for `anju verify`: every disbursed application has its loan (same contract, borrower and
amount), every loan opened from an application points at a disbursed one, and no family has two applications in
progress."""

from __future__ import annotations

from sqlalchemy import Connection, func, or_, select

from anju.core.money import format_yuan
from anju.loan.queries import loan_keys
from anju.loanapp.codes import OPEN, Status
from anju.loanapp.tables import loan_application
from anju.verify import Violation, check

loan = loan_keys()  # the loan area's loans as it lets others join them
a, ln = loan_application.c, loan.c


@check("loan.application_has_loan", "每笔已放款的贷款申请都有贷款账户，合同号、借款人、金额一致")
def application_has_loan(conn: Connection):
    q = (select(a.id, a.no, a.contract_no, a.amount, a.person_id, ln.loan_no, ln.amount.label("loan_amount"),
                ln.borrower_person_id)
         .select_from(loan_application.outerjoin(loan, ln.contract_no == a.contract_no))
         .where(a.status == Status.DISBURSED.value,
                or_(ln.id.is_(None), ln.amount != a.amount, ln.borrower_person_id != a.person_id,
                    ln.loan_no != a.loan_no)))
    for r in conn.execute(q.limit(1000)):
        what = "没有贷款账户" if r.loan_no is None else (
            f"贷款{r.loan_no}金额{format_yuan(r.loan_amount)}、借款人{r.borrower_person_id}与申请不一致")
        yield Violation("loan.application_has_loan", f"贷款申请{r.no}（合同{r.contract_no}，{format_yuan(r.amount)}元）"
                        + what, (f"loan_application:{r.id}",))


@check("loan.loan_has_application", "由贷款申请开立的贷款，其申请状态为已放款")
def loan_has_application(conn: Connection):
    q = (select(ln.id, ln.loan_no, a.no, a.status)
         .select_from(loan.outerjoin(loan_application, a.id == ln.application_id))
         .where(ln.application_id.is_not(None), or_(a.id.is_(None), a.status != Status.DISBURSED.value)))
    for r in conn.execute(q.limit(1000)):
        yield Violation("loan.loan_has_application", f"贷款{r.loan_no}的申请"
                        + ("不存在" if r.no is None else f"{r.no}状态为“{Status(r.status).label}”"), (f"loan:{r.id}",))


@check("loan.one_application_in_progress", "同一借款人同时在办的贷款申请不超过一笔")
def one_in_progress(conn: Connection):
    q = (select(a.person_id, func.count().label("n")).where(a.status.in_([s.value for s in OPEN]))
         .group_by(a.person_id).having(func.count() > 1))
    for r in conn.execute(q.limit(1000)):
        yield Violation("loan.one_application_in_progress", f"借款人{r.person_id}同时有{r.n}笔在办的贷款申请",
                        (f"person:{r.person_id}",))


