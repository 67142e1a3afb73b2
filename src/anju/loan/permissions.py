"""Loan permissions. Servicing (贷后): disburse, repayment runs, prepayment, overdue and collection, write-off.
Origination adds its own below its heading."""

from __future__ import annotations

from anju.auth.actor import Role, grant


class P:
    # ---------------------------------------------------------------- servicing
    READ = "loan.read"  # loans, plans, history (members: only their own)
    DISBURSE = "loan.disburse"  # open the loan account and post the disbursement (called by the workflow)
    RUN = "loan.run"  # monthly repayment runs: deduction files and bank results
    REPAY = "loan.repay"  # prepayment and settlement at the counter
    OVERDUE = "loan.overdue"  # overdue marking, collection list
    WRITE_OFF = "loan.write_off"  # ask for a write-off
    WRITE_OFF_APPROVE = "loan.write_off_approve"  # approve it (maker-checker)
    REPRICE = "loan.reprice"  # move existing loans to the rate in force on January 1
    # ---------------------------------------------------------------- origination
    APPLY = "loan.apply"  # accept an application at the counter (受理), withdraw it on the applicant's word
    APP_READ = "loan.application.read"  # applications, queues, contracts
    REVIEW = "loan.review"  # 初审: pass to 审批 or reject
    APPROVE = "loan.approve"  # 审批 (maker-checker through anju.auth.approval)
    CONTRACT = "loan.contract"  # sign the 借款合同
    SECURITY = "loan.security"  # mortgage registration / guarantee: record its progress
    INSTRUCT = "loan.instruct"  # 放款通知 to the entrusted bank
    TERMINATE = "loan.terminate"  # end an approved application before disbursement (incl. 骗贷)


grant(P.READ, Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.FINANCE, Role.AUDITOR, Role.LOAN_OFFICER, Role.MEMBER)
grant(P.DISBURSE, Role.LOAN_OFFICER, Role.FINANCE)
grant(P.RUN, Role.LOAN_OFFICER, Role.FINANCE)
grant(P.REPAY, Role.LOAN_OFFICER, Role.CLERK)
grant(P.OVERDUE, Role.LOAN_OFFICER)
grant(P.WRITE_OFF, Role.LOAN_OFFICER)
grant(P.WRITE_OFF_APPROVE, Role.APPROVER)
grant(P.REPRICE, Role.LOAN_OFFICER, Role.FINANCE)

grant(P.APPLY, Role.CLERK, Role.LOAN_OFFICER)
grant(P.APP_READ, Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.FINANCE, Role.AUDITOR, Role.LOAN_OFFICER)
grant(P.REVIEW, Role.REVIEWER)
grant(P.APPROVE, Role.APPROVER)
grant(P.CONTRACT, Role.LOAN_OFFICER)
grant(P.SECURITY, Role.LOAN_OFFICER)
grant(P.INSTRUCT, Role.LOAN_OFFICER)
grant(P.TERMINATE, Role.LOAN_OFFICER, Role.APPROVER)
