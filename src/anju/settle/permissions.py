"""Settlement permissions."""

from __future__ import annotations

from anju.auth.actor import Role, grant

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
