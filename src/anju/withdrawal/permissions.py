"""Withdrawal permissions: who applies, reviews (复核), approves (审批), pays out and marks fraud."""

from __future__ import annotations

from anju.auth.actor import Role, grant


class P:
    APPLY = "withdrawal.apply"  # accept an application (counter) or apply (member portal); cancel one's own
    READ = "withdrawal.read"  # applications (members: only their own), the reasons in force
    REVIEW = "withdrawal.review"  # 复核: pass to approval or reject
    APPROVE = "withdrawal.approve"  # 审批 (maker-checker through anju.auth.approval)
    DECIDE = "withdrawal.decide"  # reject: the reviewer before 复核, an approver before 审批
    FRAUD = "withdrawal.fraud"  # mark a case as fraud: reverse it and start the ban
    PAYOUT = "withdrawal.payout"  # payment files to the entrusted banks and their results
    RESEND = "withdrawal.resend"  # a failed payment back to the queue (with a corrected card)
    PROPERTY = "withdrawal.property"  # the register of homes: declared ownership, cancelled contracts
    OFFSET = "withdrawal.offset"  # monthly offset of a fund-loan instalment (the loan area's run)


grant(P.APPLY, Role.CLERK, Role.MEMBER)
grant(P.READ, Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.FINANCE, Role.AUDITOR, Role.LOAN_OFFICER, Role.MEMBER)
grant(P.REVIEW, Role.REVIEWER)
grant(P.APPROVE, Role.APPROVER)
grant(P.DECIDE, Role.REVIEWER, Role.APPROVER)
grant(P.FRAUD, Role.REVIEWER)
grant(P.PAYOUT, Role.FINANCE)
grant(P.RESEND, Role.CLERK, Role.FINANCE)
grant(P.PROPERTY, Role.CLERK, Role.LOAN_OFFICER)
grant(P.OFFSET, Role.LOAN_OFFICER)
