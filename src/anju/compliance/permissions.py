"""Compliance permissions."""

from __future__ import annotations

from anju.auth.actor import Role, grant


class P:
    READ = "compliance.read"  # the queue, hits, cases, indicators
    SCAN = "compliance.scan"  # run the scan, import other centres' lists
    CHECK = "compliance.check"  # dispose of a hit (核实无误 / 排除 / 提出认定)
    CONFIRM = "compliance.confirm"  # approve a 认定骗提骗贷 (the checker)
    CASE = "compliance.case"  # fraud cases and enforcement: records and documents
    COMPLAINT = "compliance.complaint"  # intake, assignment, reply, follow-up
    DORMANT = "compliance.dormant"  # dormant notices and batches (maker)
    DORMANT_DECIDE = "compliance.dormant.decide"  # approve a batch (checker)


grant(P.READ, Role.AUDITOR, Role.APPROVER, Role.REVIEWER, Role.CLERK)
grant(P.SCAN, Role.AUDITOR)
grant(P.CHECK, Role.AUDITOR, Role.REVIEWER)
grant(P.CONFIRM, Role.APPROVER)
grant(P.CASE, Role.AUDITOR, Role.APPROVER, Role.REVIEWER)  # the reviewer recovers (marks the withdrawal fraud)
grant(P.COMPLAINT, Role.CLERK, Role.AUDITOR)
grant(P.DORMANT, Role.CLERK)
grant(P.DORMANT_DECIDE, Role.APPROVER)
