"""Contribution permissions."""

from __future__ import annotations

from anju.auth.actor import Role, grant


class P:
    LIST_SUBMIT = "deposit.list.submit"  # generate or upload a 汇缴/补缴 list
    PAYMENT_CONFIRM = "deposit.payment.confirm"  # enter or import bank receipts; posting follows
    REFUND_APPLY = "deposit.refund.apply"
    REFUND_DECIDE = "deposit.refund.decide"
    DEFERRAL_APPLY = "deposit.deferral.apply"
    DEFERRAL_DECIDE = "deposit.deferral.decide"
    BASE_ADJUST = "deposit.base_adjust"
    FLEXIBLE_PAY = "deposit.flexible.pay"
    READ = "deposit.read"


grant(P.LIST_SUBMIT, Role.CLERK, Role.EMPLOYER_AGENT)
grant(P.PAYMENT_CONFIRM, Role.CLERK, Role.FINANCE)
grant(P.REFUND_APPLY, Role.CLERK)
grant(P.REFUND_DECIDE, Role.APPROVER)
grant(P.DEFERRAL_APPLY, Role.CLERK, Role.EMPLOYER_AGENT)
grant(P.DEFERRAL_DECIDE, Role.APPROVER)
grant(P.BASE_ADJUST, Role.CLERK, Role.EMPLOYER_AGENT)
grant(P.FLEXIBLE_PAY, Role.CLERK)
grant(P.READ, Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.FINANCE, Role.AUDITOR, Role.LOAN_OFFICER,
      Role.EMPLOYER_AGENT)
