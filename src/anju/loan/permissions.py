"""Loan servicing permissions (贷后): disburse, repayment runs, prepayment, overdue and collection, write-off.
Origination's are in ``anju.loanapp.permissions``."""

from __future__ import annotations

from anju.auth.actor import Role, grant


class P:
    READ = "loan.read"  # loans, plans, history (members: only their own)
    DISBURSE = "loan.disburse"  # open the loan account and post the disbursement (called by the workflow)
    RUN = "loan.run"  # monthly repayment runs: deduction files and bank results
    REPAY = "loan.repay"  # prepayment and settlement at the counter
    PREPAY_ONLINE = "loan.prepay.online"  # a member prepays their own loan online (个人网厅), same rules
    OVERDUE = "loan.overdue"  # overdue marking, collection list
    WRITE_OFF = "loan.write_off"  # ask for a write-off
    WRITE_OFF_APPROVE = "loan.write_off_approve"  # approve it (maker-checker)
    REPRICE = "loan.reprice"  # move existing loans to the rate in force on January 1


grant(P.READ, Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.FINANCE, Role.AUDITOR, Role.LOAN_OFFICER, Role.MEMBER)
grant(P.PREPAY_ONLINE, Role.MEMBER)
grant(P.DISBURSE, Role.LOAN_OFFICER, Role.FINANCE)
grant(P.RUN, Role.LOAN_OFFICER, Role.FINANCE)
grant(P.REPAY, Role.LOAN_OFFICER, Role.CLERK)
grant(P.OVERDUE, Role.LOAN_OFFICER)
grant(P.WRITE_OFF, Role.LOAN_OFFICER)
grant(P.WRITE_OFF_APPROVE, Role.APPROVER)
grant(P.REPRICE, Role.LOAN_OFFICER, Role.FINANCE)
