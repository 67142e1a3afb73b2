"""The auditor's queue of hits (疑点): reading, assignment, disposition (核实无误 / 排除 / 认定骗提骗贷 with a second
person's approval), 疑点率 and 整改率, and the import of other centres' lists (异地重复缴存)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, and_, func, insert, select

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.compliance import catalogue
from anju.compliance.codes import OPEN_HITS, HitStatus
from anju.compliance.errors import ComplianceError
from anju.compliance.flow import HIT
from anju.compliance.permissions import P
from anju.compliance.tables import (
    audit_hit,
    audit_hit_event,
    audit_hit_evidence,
    audit_scan,
    audit_scan_rule,
    remote_list,
    remote_member,
)
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.core.sheets import UploadLimits, cell_month, cell_text, read_table
from anju.db.uow import UnitOfWork
from anju.registry import queries as registry_queries

DISPOSITIONS = {"verify": "核实无误", "exclude": "排除", "propose": "认定骗提骗贷"}


@dataclass(frozen=True)
class QueueItem:
    id: int
    rule_code: str
    rule_name: str
    family: str
    severity: str
    subject_key: str
    person_id: int | None
    person_name: str
    found_on: date
    deadline: date
    status: str
    assigned_to: str | None
    evidence: int
    as_of: date

    @property
    def overdue(self) -> bool:
        return self.status in OPEN_HITS and self.deadline < self.as_of

    @property
    def status_label(self) -> str:
        return HitStatus(self.status).label


def queue(conn: Connection, *, as_of: date, status: str | None = "open", rule: str | None = None,
          person_id: int | None = None, limit: int = 100, offset: int = 0) -> list[QueueItem]:
    """Hits by deadline (open and proposed ones by default: ``status="open"``; ``None`` for all)."""
    h = audit_hit.c
    n = (select(func.count()).where(audit_hit_evidence.c.hit_id == h.id).scalar_subquery())
    q = select(audit_hit, n.label("evidence")).order_by(h.deadline, h.id).limit(limit).offset(offset)
    if status == "open":
        q = q.where(h.status.in_(OPEN_HITS))
    elif status:
        q = q.where(h.status == status)
    if rule:
        q = q.where(h.rule_code == rule)
    if person_id is not None:
        q = q.where(h.person_id == person_id)
    rows = conn.execute(q).all()
    names = registry_queries.person_names(conn, {r.person_id for r in rows if r.person_id})
    out = []
    for r in rows:
        rl = catalogue.BY_CODE.get(r.rule_code)
        out.append(QueueItem(r.id, r.rule_code, rl.name if rl else r.rule_code, rl.family.label if rl else "",
                             rl.severity.label if rl else "", r.subject_key, r.person_id,
                             names.get(r.person_id, "") if r.person_id else "", r.found_on, r.deadline, r.status,
                             r.assigned_to, r.evidence, as_of))
    return out


@dataclass(frozen=True)
class HitDetail:
    row: object
    rule: catalogue.Rule
    person_name: str
    evidence: list
    events: list
    allowed: list[str]


def detail(conn: Connection, hit_id: int) -> HitDetail:
    row = conn.execute(select(audit_hit).where(audit_hit.c.id == hit_id)).first()
    if row is None:
        raise AnjuError(ComplianceError.HIT_NOT_FOUND, no=hit_id)
    ev = conn.execute(select(audit_hit_evidence).where(audit_hit_evidence.c.hit_id == hit_id)
                      .order_by(audit_hit_evidence.c.id)).all()
    events = conn.execute(select(audit_hit_event).where(audit_hit_event.c.hit_id == hit_id)
                          .order_by(audit_hit_event.c.id)).all()
    name = registry_queries.person_names(conn, {row.person_id}).get(row.person_id, "") if row.person_id else ""
    return HitDetail(row, catalogue.BY_CODE[row.rule_code], name, ev, events, HIT.allowed(row.status))


def assign(uow: UnitOfWork, actor: Actor, *, hit_id: int, to: str, as_of: date) -> None:
    case = HIT.take(uow, actor, hit_id, "assign")
    case.stay(on=as_of, note=f"分派给{to}", assigned_to=to, audit_after={"assigned_to": to})


def dispose(uow: UnitOfWork, actor: Actor, *, hit_id: int, disposition: str, note: str, as_of: date) -> None:
    """The auditor's conclusion: ``verify`` (核实无误, closed), ``exclude`` (排除, closed) or ``propose`` (认定骗提骗贷,
    waiting for an approver other than the auditor)."""
    if disposition not in DISPOSITIONS:
        raise ValidationFailed([Problem.of(ComplianceError.DISPOSITION_UNKNOWN, field="核查结论",
                                           input="disposition")])
    case = HIT.take(uow, actor, hit_id, disposition, reason=note)
    closes = disposition != "propose"
    values = {"conclusion": note[:500], "disposed_by": actor.username, "disposed_on": as_of}
    if closes:
        values["open_key"] = None
    case.move(on=as_of, note=note, **values)


def decide(uow: UnitOfWork, actor: Actor, *, hit_id: int, approve: bool, note: str, as_of: date) -> int | None:
    """An approver decides a proposed 认定: approved → the hit is closed as fraud and a fraud case opens (its id is
    returned); sent back → open again."""
    from anju.compliance import cases

    if not approve:
        case = HIT.take(uow, actor, hit_id, "send_back", reason=note)
        case.move(on=as_of, note=note, disposed_by=None, disposed_on=None)
        return None
    case = HIT.take(uow, actor, hit_id, "confirm")
    case_id = cases.open_case(uow, actor, hit=case.row, as_of=as_of, note=note or case.row.conclusion or "")
    case.move(on=as_of, note=note or "认定骗提骗贷", open_key=None, case_id=case_id,
              audit_after={"case_id": case_id})
    return case_id


def open_hits_of_person(conn: Connection, person_id: int) -> list[tuple[str, str, date]]:
    """(rule name, status label, found on) of the person's open hits: what a reviewer's pre-check shows."""
    rows = conn.execute(select(audit_hit.c.rule_code, audit_hit.c.status, audit_hit.c.found_on)
                        .where(audit_hit.c.person_id == person_id, audit_hit.c.status.in_(OPEN_HITS))
                        .order_by(audit_hit.c.id)).all()
    return [(catalogue.BY_CODE[r.rule_code].name if r.rule_code in catalogue.BY_CODE else r.rule_code,
             HitStatus(r.status).label, r.found_on) for r in rows]


# -------------------------------------------------------------------------------------- 疑点率, 整改率

@dataclass(frozen=True)
class RuleRate:
    code: str
    name: str
    checked: int
    found: int

    @property
    def rate(self):
        from decimal import Decimal

        return None if not self.checked else Decimal(self.found) / Decimal(self.checked)


def latest_scan(conn: Connection, *, start: date | None = None, end: date | None = None):
    q = select(audit_scan).where(audit_scan.c.finished_at.is_not(None)).order_by(audit_scan.c.id.desc()).limit(1)
    if start is not None:
        q = q.where(audit_scan.c.as_of >= start)
    if end is not None:
        q = q.where(audit_scan.c.as_of < end)
    return conn.execute(q).first()


def rates(conn: Connection, *, start: date | None = None, end: date | None = None) -> list[RuleRate]:
    """疑点率 per rule of the latest scan in the period (MOHURD: 疑点记录数 ÷ 被检查记录数)."""
    s = latest_scan(conn, start=start, end=end)
    if s is None:
        return []
    rows = conn.execute(select(audit_scan_rule).where(audit_scan_rule.c.scan_id == s.id)
                        .order_by(audit_scan_rule.c.rule_code)).all()
    return [RuleRate(r.rule_code, catalogue.BY_CODE[r.rule_code].name if r.rule_code in catalogue.BY_CODE
                     else r.rule_code, int(r.checked), int(r.found)) for r in rows]


def disposal_counts(conn: Connection, *, start: date, end: date) -> tuple[int, int]:
    """(hits found in the period, of which closed — 核查销号) for 整改率."""
    h = audit_hit.c
    found = and_(h.found_on >= start, h.found_on < end)
    total = conn.execute(select(func.count()).where(found)).scalar_one()
    closed = conn.execute(select(func.count()).where(found, h.status.not_in(OPEN_HITS))).scalar_one()
    return int(total), int(closed)


# -------------------------------------------------------------------------------------- other centres' lists

REMOTE_REQUIRED = ("证件号码", "姓名", "个人账户状态", "缴至年月")


def import_remote_list(uow: UnitOfWork, actor: Actor, *, centre: str, data: bytes, filename: str, as_of: date,
                       limits: UploadLimits) -> int:
    """Import another centre's list of its contributing members (证件号码, 姓名, 个人账户状态, 缴至年月): every
    problem at once, nothing written unless all rows are good. Returns the list's id."""
    require(actor, P.SCAN)
    problems: list[Problem] = []
    if not centre.strip():
        problems.append(Problem.of(ComplianceError.CENTRE_REQUIRED, field="来源中心", input="centre"))
    table = read_table(data, filename, required=REMOTE_REQUIRED, limits=limits).load()
    problems.extend(table.problems)
    rows = []
    for number, cells in table.rows():
        idn = cell_text(cells.get("证件号码")).upper()
        name = cell_text(cells.get("姓名"))
        status = cell_text(cells.get("个人账户状态")).zfill(2)
        try:
            month = cell_month(cells.get("缴至年月"))
        except AnjuError:
            month = None
        for ok, label in ((len(idn) in (15, 18), "证件号码"), (bool(name), "姓名"), (status.isdigit(), "个人账户状态"),
                          (month is not None, "缴至年月")):
            if not ok:
                problems.append(Problem.of(ComplianceError.LIST_ROW, field=label, row=number, what=label))
        rows.append(dict(id_number=idn, name=name, status=status, month=month))
    if not rows and not problems:
        problems.append(Problem.of(ComplianceError.LIST_EMPTY, field="名单"))
    if problems:
        raise ValidationFailed(problems, summary="外地缴存名单有误，未导入")
    conn = uow.conn
    list_id = conn.execute(insert(remote_list).values(centre=centre.strip(), as_of=as_of, rows=len(rows),
                                                      filename=filename[:200], created_by=actor.username,
                                                      created_at=uow.now()).returning(remote_list.c.id)).scalar_one()
    conn.execute(insert(remote_member), [dict(r, list_id=list_id) for r in rows])
    audit.record(uow, actor, action="compliance.remote_list", entity_type="remote_list", entity_id=list_id,
                 after={"centre": centre.strip(), "rows": len(rows), "filename": filename})
    return list_id
