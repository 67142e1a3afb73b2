"""Permissions of transfers between centres, merges and loan certificates."""

from __future__ import annotations

from anju.auth.actor import Role, grant


class P:
    LETTER = "transfer.letter"  # 转入受理: write and send a 联系函, cancel it (receiving centre)
    CREDIT = "transfer.credit"  # 转入入账: credit the money that arrived (a person other than the letter's maker)
    OUT_REVIEW = "transfer.out.review"  # 转出审核 (sending centre, 经办)
    OUT_APPROVE = "transfer.out.approve"  # 转出审批: settle interest, pay, close (a second person)
    EXCHANGE = "transfer.exchange"  # another centre's system posting messages (machine API key)
    CENTRES = "transfer.centres"  # the register of other centres
    MERGE_APPLY = "transfer.merge.apply"
    MERGE_DECIDE = "transfer.merge.decide"
    CERTIFICATE = "transfer.certificate"  # 异地贷款缴存使用证明: issue, accept, receipt, cancel
    APPLY_ONLINE = "transfer.apply_online"  # a member starts a transfer in from the portal
    READ = "transfer.read"


grant(P.LETTER, Role.CLERK)
grant(P.CREDIT, Role.CLERK, Role.APPROVER, Role.FINANCE)
grant(P.OUT_REVIEW, Role.CLERK)
grant(P.OUT_APPROVE, Role.APPROVER)
grant(P.EXCHANGE, Role.CLERK, Role.ADMIN)
grant(P.CENTRES, Role.ADMIN)
grant(P.MERGE_APPLY, Role.CLERK)
grant(P.MERGE_DECIDE, Role.APPROVER)
grant(P.CERTIFICATE, Role.CLERK, Role.LOAN_OFFICER)
grant(P.APPLY_ONLINE, Role.MEMBER)
grant(P.READ, Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.FINANCE, Role.AUDITOR, Role.LOAN_OFFICER, Role.ADMIN)
