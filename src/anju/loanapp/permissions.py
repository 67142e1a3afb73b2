"""Loan origination permissions (贷前). The permission codes keep the ``loan.`` prefix they had before origination
became its own area (they are stored in roles' grants and audit records). 放款 is servicing's ``loan.disburse``:
the step opens the loan account."""

from __future__ import annotations

from anju.auth.actor import Role, grant
from anju.loan.permissions import P as Servicing


class P:
    APPLY = "loan.apply"  # accept an application at the counter (受理), withdraw it on the applicant's word
    APP_READ = "loan.application.read"  # applications, queues, contracts
    REVIEW = "loan.review"  # 初审: pass to 审批 or reject
    APPROVE = "loan.approve"  # 审批 (maker-checker through anju.auth.approval)
    CONTRACT = "loan.contract"  # sign the 借款合同
    SECURITY = "loan.security"  # mortgage registration / guarantee: record its progress
    INSTRUCT = "loan.instruct"  # 放款通知 to the entrusted bank
    APPLY_ONLINE = "loan.apply.online"  # a member applies for their own loan online (个人网厅), same 试算 and rules
    TERMINATE = "loan.terminate"  # end an approved application before disbursement (incl. 骗贷)
    DISBURSE = Servicing.DISBURSE  # 放款: confirm the bank has paid (granted by the loan area)


grant(P.APPLY, Role.CLERK, Role.LOAN_OFFICER)
grant(P.APPLY_ONLINE, Role.MEMBER)
grant(P.APP_READ, Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.FINANCE, Role.AUDITOR, Role.LOAN_OFFICER)
grant(P.REVIEW, Role.REVIEWER)
grant(P.APPROVE, Role.APPROVER)
grant(P.CONTRACT, Role.LOAN_OFFICER)
grant(P.SECURITY, Role.LOAN_OFFICER)
grant(P.INSTRUCT, Role.LOAN_OFFICER)
grant(P.TERMINATE, Role.LOAN_OFFICER, Role.APPROVER)
