"""Settlement permissions."""

from __future__ import annotations

from anju.auth.actor import Role, grant

# ---- bankcore: 专户, agreements, fees, assessment


class PB:
    BANK_REQUEST = "settle.bank.request"  # ask to open / close a 专户, sign / end an agreement
    BANK_APPROVE = "settle.bank.approve"  # approve or reject such a request (not one's own)
    FEE_RUN = "settle.fee.run"  # accrue a month's bank fees, pay them, enter a bank's own figure, fee rules
    ASSESS = "settle.assess"  # compute, enter and finalise the yearly bank assessment
    READ = "settle.bank.read"  # see banks, agreements, 专户, fees, assessments


grant(PB.BANK_REQUEST, Role.FINANCE)
grant(PB.BANK_APPROVE, Role.FINANCE, Role.APPROVER)
grant(PB.FEE_RUN, Role.FINANCE)
grant(PB.ASSESS, Role.FINANCE)
grant(PB.READ, Role.FINANCE, Role.AUDITOR, Role.APPROVER)
# ---- end bankcore

# ---- settle: statements, matching, reconciliation


class P:
    STMT_IMPORT = "settle.statement.import"  # import a statement file, run matching
    STMT_PUSH = "settle.statement.push"  # a bank's gateway pushing transactions (API key)
    MATCH_REQUEST = "settle.match.request"  # propose a manual match / unmatch, explain an item
    MATCH_APPROVE = "settle.match.approve"  # check someone else's manual match / unmatch
    RECON_CLOSE = "settle.recon.close"  # close a day / month
    PUSH_KEY = "settle.push_key"  # register which API key may push for which bank
    READ = "settle.read"


grant(P.STMT_IMPORT, Role.FINANCE)
grant(P.STMT_PUSH, Role.FINANCE)
grant(P.MATCH_REQUEST, Role.FINANCE)
grant(P.MATCH_APPROVE, Role.FINANCE, Role.APPROVER)
grant(P.RECON_CLOSE, Role.FINANCE)
grant(P.READ, Role.FINANCE, Role.AUDITOR, Role.APPROVER)
grant(P.PUSH_KEY, Role.ADMIN)
