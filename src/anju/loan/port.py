"""The loan area's side of ``anju.withdrawal.loanport``: a withdrawal that repays the member's fund loan
(公积金提取还款, DKYWMXLX 05) — one-off, yearly, or the monthly offset the repayment run draws on.

``apply`` splits the amount like any payment (arrears in the policy order, then what is due); what is left
repays principal not yet due, the remaining plan keeping its term with a lower instalment (or the loan is
settled when nothing is left). The voucher: Dr 201 (member) / Cr 121, 122, 40103. ``reverse`` undoes exactly
what ``apply`` did (the plan included) with the mirror voucher.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import Connection, func, select, update

from anju.auth.actor import Actor
from anju.core.errors import AnjuError, ErrorCode, NotFound
from anju.db.uow import UnitOfWork
from anju.ledger import service as ledger
from anju.ledger.rules import Line, Posting
from anju.loan import rules, service
from anju.loan.accounts import by_contract
from anju.loan.codes import InstalmentStatus, LoanStatus, TxnType
from anju.loan.errors import LoanError
from anju.loan.tables import loan, loan_instalment, loan_txn
from anju.withdrawal import loanport
from anju.withdrawal.rules import FundLoan

REPAYMENTS = (TxnType.REPAY.value, TxnType.PREPAY.value, TxnType.OVERDUE_REPAY.value, TxnType.FUND_REPAY.value,
              TxnType.SETTLE.value)


class LoanAreaPort:
    connected = True

    def find(self, conn: Connection, *, loan_ref: str, as_of: date) -> FundLoan | None:
        row = by_contract(conn, loan_ref)
        if row is None:
            return None
        nxt = conn.execute(select(loan_instalment.c.principal + loan_instalment.c.interest).where(
            loan_instalment.c.loan_id == row.id, loan_instalment.c.status == InstalmentStatus.DUE.value)
            .order_by(loan_instalment.c.period).limit(1)).scalar()
        repaid = conn.execute(select(func.coalesce(func.sum(loan_txn.c.amount), 0)).where(
            loan_txn.c.loan_id == row.id, loan_txn.c.type.in_(REPAYMENTS),
            loan_txn.c.txn_date > as_of - timedelta(days=365), loan_txn.c.txn_date <= as_of)).scalar_one()
        borrowers = {row.borrower_person_id} | ({row.co_borrower_person_id} if row.co_borrower_person_id else set())
        return FundLoan(row.contract_no, frozenset(borrowers), outstanding=row.principal + row.overdue_principal,
                        instalment=int(nxt or 0), repaid_12m=int(repaid),
                        settled=row.status in (LoanStatus.SETTLED.value, LoanStatus.WRITTEN_OFF.value))

    def apply(self, uow: UnitOfWork, actor: Actor, repayment: loanport.LoanRepayment) -> int:
        conn = uow.conn
        row = by_contract(conn, repayment.loan_ref, lock=True)
        if row is None:
            raise NotFound(ErrorCode.NOT_FOUND, what="公积金贷款", key=repayment.loan_ref)
        existing = ledger.find_by_key(conn, repayment.key)
        if existing is not None:
            return existing.id
        if row.status in (LoanStatus.SETTLED.value, LoanStatus.WRITTEN_OFF.value):
            raise AnjuError(LoanError.LOAN_NOT_ACTIVE, contract_no=row.contract_no,
                            status=LoanStatus(row.status).label)
        s = service.state(conn, row, repayment.day)
        split = rules.split(repayment.amount, s.owed, rules.parse_order(s.policy["loan.repayment_order"]))
        left = row.principal - split.principal
        extra = min(split.rest, left)
        if split.rest > extra:
            raise AnjuError(LoanError.REPAYMENT_ABOVE_DUE, contract_no=row.contract_no)
        lines = [Line.dr("201", repayment.amount, summary="提取住房公积金偿还贷款", subledger="member",
                         subledger_ref=repayment.account_no),
                 *service.credit_lines(rules.Split(split.penalty, split.overdue_interest, split.overdue_principal,
                                                   split.interest, split.principal + extra), row.loan_no)]
        posted = ledger.post(uow, actor, Posting(
            key=repayment.key, voucher_date=repayment.day, kind="loan.fund_repay", summary=repayment.summary,
            ref_type="withdrawal", ref_id=str(repayment.withdrawal_id), lines=lines), check_permission=False)
        parts = {}
        if extra:
            superseded, added = service.replan(uow, row, s.future, left - extra)
            parts = {"superseded": superseded, "added": added}
        service.write_payment(uow, s, split, txn_type=TxnType.FUND_REPAY, voucher_id=posted.id, source="fund",
                              ref_type="withdrawal", ref_id=str(repayment.withdrawal_id),
                              note=f"{repayment.summary}（{repayment.mode}）", extra_principal=extra, parts=parts)
        return posted.id

    def reverse(self, uow: UnitOfWork, actor: Actor, repayment: loanport.LoanRepayment, *, voucher_id: int,
                day: date, reason: str) -> int:
        conn = uow.conn
        row = by_contract(conn, repayment.loan_ref, lock=True)
        txn = conn.execute(select(loan_txn).where(loan_txn.c.voucher_id == voucher_id,
                                                  loan_txn.c.type == TxnType.FUND_REPAY.value)).first()
        posted = ledger.reverse(uow, actor, voucher_id=voucher_id, key=f"{repayment.key}:reverse", voucher_date=day,
                                reason=reason, check_permission=False)
        if not posted.created or txn is None:
            return posted.id
        parts = json.loads(txn.parts or "{}")
        i = loan_instalment.c
        for inst_id, dp, di, before in parts.get("paid", []):
            conn.execute(update(loan_instalment).where(i.id == inst_id).values(
                paid_principal=i.paid_principal - dp, paid_interest=i.paid_interest - di, status=before,
                paid_on=None))
        if parts.get("added"):
            conn.execute(update(loan_instalment).where(i.id.in_(parts["added"]))
                         .values(status=InstalmentStatus.SUPERSEDED.value))
        if parts.get("superseded"):
            conn.execute(update(loan_instalment).where(i.id.in_(parts["superseded"]))
                         .values(status=InstalmentStatus.DUE.value))
        principal = row.principal - txn.principal
        overdue_principal = row.overdue_principal - txn.overdue_principal
        in_arrears = overdue_principal > 0 or row.overdue_interest + txn.overdue_interest > 0 \
            or row.penalty + txn.penalty > 0
        overdue_rows = conn.execute(select(i.due_date).where(i.loan_id == row.id,
                                                             i.status == InstalmentStatus.OVERDUE.value)).scalars()
        overdue_dates = list(overdue_rows)
        conn.execute(update(loan).where(loan.c.id == row.id).values(
            principal=principal, overdue_principal=overdue_principal,
            overdue_interest=row.overdue_interest + txn.overdue_interest, penalty=row.penalty + txn.penalty,
            penalty_to=day if in_arrears else None, overdue_periods=len(overdue_dates),
            overdue_since=min(overdue_dates, default=None),
            status=LoanStatus.OVERDUE.value if in_arrears else LoanStatus.NORMAL.value, settled_on=None,
            repaid_principal=row.repaid_principal + txn.principal + txn.overdue_principal,
            repaid_interest=row.repaid_interest - txn.interest - txn.overdue_interest - txn.penalty,
            updated_at=uow.now()))
        conn.execute(loan_txn.insert().values(
            loan_id=row.id, txn_date=day, type=TxnType.REVERSE.value, period=txn.period, amount=-txn.amount,
            principal=-txn.principal, overdue_principal=-txn.overdue_principal, interest=-txn.interest,
            overdue_interest=-txn.overdue_interest, penalty=-txn.penalty, balance_after=principal + overdue_principal,
            off_plan=-txn.off_plan, voucher_id=posted.id, source="fund", ref_type="loan_txn", ref_id=str(txn.id),
            note=f"冲正公积金提取还款：{reason}"[:200], created_at=uow.now()))
        return posted.id


PORT = LoanAreaPort()


def connect() -> None:
    """Plug the loan area into the withdrawal area (``anju.compose.wire`` does it at start-up; tests again)."""
    loanport.register(PORT)
