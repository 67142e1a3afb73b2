"""The e-audit scan finds every planted case on both databases — two runners at once scan once, a second scan
duplicates no open hit, and nothing is flagged on the clean employer and couple."""

from __future__ import annotations

from sqlalchemy import func, select

from anju.auth.actor import Actor, Channel, Role
from anju.compliance import catalogue, scan, service
from anju.compliance.tables import audit_hit, audit_hit_evidence, audit_scan_row
from anju.sim.plant_audit import plant
from anju.verify import run_all
from tests.support.threads import race
from tests.withdrawal.helpers import other

AUDITOR = Actor("auditor_a", frozenset({Role.AUDITOR}), Channel.COUNTER)


def test_two_runners_scan_once_and_find_every_planted_case(engine):
    planted = plant(engine)
    results, busy, errors = race(2, lambda i: scan.scan(engine, AUDITOR, as_of=planted.as_of))
    assert errors == [] and len(results) + len(busy) == 2 and results
    with engine.connect() as conn:
        hits = conn.execute(select(audit_hit)).all()
        found = {(h.rule_code, h.subject_key) for h in hits}
        assert len(found) == len(hits) == sum(r.new_hits for r in results)  # one hit per (rule, subject)
        assert [c for c in planted.cases if (c[0], c[1]) not in found] == []  # every planted case found
        assert {c[0] for c in planted.cases} == {r.code for r in catalogue.RULES}  # a planted case per rule
        assert {h.person_id for h in hits}.isdisjoint(planted.clean_persons)  # no false positive on the clean
        without_evidence = conn.execute(select(func.count()).select_from(audit_hit).where(
            ~audit_hit.c.id.in_(select(audit_hit_evidence.c.hit_id)))).scalar_one()
        assert without_evidence == 0
        assert conn.execute(select(func.count()).select_from(audit_scan_row)).scalar_one() == 0
        rates = {r.code: r for r in service.rates(conn)}
        assert rates["same_home"].found == 1 and rates["same_home"].checked >= 3
        assert [r.check.name for r in run_all(conn) if not r.ok] == []
    again = scan.scan(engine, AUDITOR, as_of=planted.as_of)
    assert again.new_hits == 0 and again.found == results[-1].found
    # the open hits appear in the reviewer's pre-checks of the person's next withdrawal
    remote = next(int(c[1].split(":")[1]) for c in planted.cases if c[0] == "remote_dup")
    with engine.connect() as conn:
        from anju.registry.queries import account_by_person

        acct = account_by_person(conn, remote).id
    applied = other(engine, acct, 10_000, day=planted.as_of)
    assert [s.text for s in applied.assessment.signals if s.code == "audit_hit"] == [
        "电子稽查疑点：异地重复缴存（2026年10月31日发现，待核查）"]
