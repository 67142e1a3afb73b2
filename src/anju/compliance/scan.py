"""The nightly e-audit scan (``anju audit scan``): every enabled rule of the catalogue, set-based, in one
transaction under the job lock ``compliance.scan`` (a second runner gets JobBusy). For each rule the detector's
rows go into ``audit_scan_row`` with one INSERT … SELECT; then one INSERT … SELECT creates a hit per new
(rule, subject) — a subject with an open hit of the same rule gets none (and the unique ``open_key`` would
refuse a second one even past the lock) — one more copies the evidence of the new hits, one marks the open hits
found again, and the working rows are deleted. Nothing is read into Python but counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, and_, delete, exists, func, insert, literal, select, update

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.compliance import catalogue
from anju.compliance.codes import HitStatus
from anju.compliance.permissions import P
from anju.compliance.tables import audit_hit, audit_hit_evidence, audit_scan, audit_scan_row, audit_scan_rule
from anju.db.joblock import job_lock
from anju.db.uow import UnitOfWork
from anju.policy.store import policy_at

JOB = "compliance.scan"
LABEL = "电子稽查扫描作业"
ROW_COLUMNS = ["subject_key", "person_id", "employer_id", "account_id", "ref_type", "ref_id", "amount", "on_day",
               "note"]


@dataclass(frozen=True)
class RuleResult:
    code: str
    checked: int
    found: int
    new_hits: int


@dataclass(frozen=True)
class Scanned:
    scan_id: int
    as_of: date
    rules: tuple[RuleResult, ...]

    @property
    def checked(self) -> int:
        return sum(r.checked for r in self.rules)

    @property
    def found(self) -> int:
        return sum(r.found for r in self.rules)

    @property
    def new_hits(self) -> int:
        return sum(r.new_hits for r in self.rules)


def scan(engine: Engine, actor: Actor, *, as_of: date, only: tuple[str, ...] = ()) -> Scanned:
    """Run the scan for business date ``as_of`` (every enabled rule, or the ``only`` ones)."""
    require(actor, P.SCAN)
    with job_lock(engine, JOB, label=LABEL), UnitOfWork(engine) as uow:
        out = run(uow, actor, as_of=as_of, only=only)
        uow.commit()
    return out


def run(uow: UnitOfWork, actor: Actor, *, as_of: date, only: tuple[str, ...] = ()) -> Scanned:
    from anju.workcal.service import load_calendar

    conn = uow.conn
    policy = policy_at(conn, as_of)
    ctx = catalogue.Ctx(as_of, policy)
    rules = [catalogue.rule(c) for c in only] if only else catalogue.enabled(policy)
    now = uow.now()
    scan_id = conn.execute(insert(audit_scan).values(as_of=as_of, started_at=now, created_by=actor.username)
                           .returning(audit_scan.c.id)).scalar_one()
    deadline = load_calendar(conn).deadline(as_of, int(policy["compliance.hit_check_workdays"]))
    s, h = audit_scan_row.c, audit_hit.c
    results = []
    for r in rules:
        detected = r.detect(ctx).subquery("detected")
        conn.execute(insert(audit_scan_row).from_select(
            ["scan_id", "rule_code", *ROW_COLUMNS],
            select(literal(scan_id), literal(r.code), *[detected.c[c] for c in ROW_COLUMNS])))
        checked = conn.execute(r.population(ctx)).scalar_one() or 0
        found = conn.execute(select(func.count(func.distinct(s.subject_key)))
                             .where(s.scan_id == scan_id, s.rule_code == r.code)).scalar_one()
        open_key = literal(r.code + ":") + s.subject_key
        already = exists().where(h.open_key == open_key)
        conn.execute(insert(audit_hit).from_select(
            ["rule_code", "subject_key", "open_key", "person_id", "employer_id", "account_id", "scan_id",
             "last_scan_id", "found_on", "deadline", "status", "created_by", "created_at", "updated_at"],
            select(literal(r.code), s.subject_key, open_key, func.min(s.person_id), func.min(s.employer_id),
                   func.min(s.account_id), literal(scan_id), literal(scan_id), literal(as_of), literal(deadline),
                   literal(HitStatus.OPEN.value), literal(actor.username), literal(now), literal(now))
            .where(s.scan_id == scan_id, s.rule_code == r.code, ~already)
            .group_by(s.subject_key)))
        new = conn.execute(select(func.count()).where(h.scan_id == scan_id, h.rule_code == r.code)).scalar_one()
        conn.execute(update(audit_hit).where(
            h.rule_code == r.code, h.open_key.is_not(None), h.scan_id != scan_id,
            h.subject_key.in_(select(s.subject_key).where(s.scan_id == scan_id, s.rule_code == r.code)))
            .values(last_scan_id=scan_id))
        results.append(RuleResult(r.code, int(checked), int(found), int(new)))
        conn.execute(insert(audit_scan_rule).values(scan_id=scan_id, rule_code=r.code, checked=checked,
                                                    found=found, new_hits=new))
    conn.execute(insert(audit_hit_evidence).from_select(
        ["hit_id", "ref_type", "ref_id", "amount", "on_day", "note"],
        select(h.id, s.ref_type, s.ref_id, s.amount, s.on_day, s.note)
        .select_from(audit_scan_row.join(audit_hit, and_(h.scan_id == s.scan_id, h.rule_code == s.rule_code,
                                                         h.subject_key == s.subject_key)))
        .where(s.scan_id == scan_id).order_by(s.id)))
    conn.execute(delete(audit_scan_row).where(s.scan_id == scan_id))
    out = Scanned(scan_id, as_of, tuple(results))
    conn.execute(update(audit_scan).where(audit_scan.c.id == scan_id).values(
        checked=out.checked, found=out.found, new_hits=out.new_hits, finished_at=uow.now()))
    audit.record(uow, actor, action="compliance.scan", entity_type="audit_scan", entity_id=scan_id,
                 after={"as_of": as_of.isoformat(), "rules": len(results), "checked": out.checked,
                        "found": out.found, "new_hits": out.new_hits})
    return out
