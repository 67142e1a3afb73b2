"""Digital-services permissions."""

from __future__ import annotations

from anju.auth.actor import Role, grant


class P:
    CERT_ISSUE = "eservice.cert.issue"  # issue a certificate (the business areas' pages do it through the port)
    CERT_REVOKE = "eservice.cert.revoke"
    CERT_READ = "eservice.cert.read"
    KEY_ROTATE = "eservice.key.rotate"
    NOTIFY_RUN = "eservice.notify.run"  # queue and send notifications
    NOTIFY_READ = "eservice.notify.read"
    NOTIFY_PREFS = "eservice.notify.prefs"  # a member's e-mail address and opt-outs
    RATE = "eservice.rate"  # give a rating (好差评)
    EVALUATION_READ = "eservice.evaluation.read"
    FOLLOWUP = "eservice.followup"  # close a 差评整改 item


grant(P.CERT_ISSUE, Role.CLERK, Role.LOAN_OFFICER, Role.REVIEWER, Role.APPROVER, Role.MEMBER, Role.SYSTEM)
grant(P.CERT_REVOKE, Role.APPROVER, Role.ADMIN)
grant(P.CERT_READ, Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.AUDITOR, Role.ADMIN)
grant(P.KEY_ROTATE, Role.ADMIN, Role.SYSTEM)
grant(P.NOTIFY_RUN, Role.ADMIN, Role.SYSTEM)
grant(P.NOTIFY_READ, Role.CLERK, Role.ADMIN, Role.AUDITOR, Role.SYSTEM)
grant(P.NOTIFY_PREFS, Role.CLERK, Role.MEMBER)
grant(P.RATE, Role.MEMBER, Role.EMPLOYER_AGENT, Role.CLERK)
grant(P.EVALUATION_READ, Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.AUDITOR, Role.ADMIN)
grant(P.FOLLOWUP, Role.APPROVER, Role.ADMIN)
