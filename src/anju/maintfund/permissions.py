"""The maintenance fund's permissions: its own staff (经办, 复核, 财务), read-only for the centre's auditors."""

from __future__ import annotations

from anju.auth.actor import Role, grant


class P:
    REGISTER = "maintfund.register"  # areas, buildings, household accounts, import
    BILL = "maintfund.bill"  # first deposits, top-ups, developers' arrears
    RECEIVE = "maintfund.receive"  # money received (receipt, bank statement)
    PROJECT = "maintfund.project"  # use: apply, plan, publicity, votes, acceptance, publication
    REVIEW = "maintfund.review"  # 审核: project review, transfers and refunds
    PAY = "maintfund.pay"  # stage payments, the final split, interest allocation
    CHANGE = "maintfund.change"  # apply for a transfer or a refund
    READ = "maintfund.read"
    PORTAL = "maintfund.portal"  # an owner's household, an owners' committee's area (read only)


grant(P.REGISTER, Role.MF_CLERK)
grant(P.BILL, Role.MF_CLERK)
grant(P.RECEIVE, Role.MF_CLERK, Role.MF_FINANCE)
grant(P.PROJECT, Role.MF_CLERK)
grant(P.REVIEW, Role.MF_REVIEWER)
grant(P.PAY, Role.MF_FINANCE)
grant(P.CHANGE, Role.MF_CLERK)
grant(P.READ, Role.MF_CLERK, Role.MF_REVIEWER, Role.MF_FINANCE, Role.AUDITOR)
grant(P.PORTAL, Role.MF_OWNER, Role.MF_COMMITTEE)
