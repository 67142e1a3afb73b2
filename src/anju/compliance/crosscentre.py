"""Import of the provincial supervision job's 疑点 file (``疑点_<中心代码>.csv``, docs/supervision.md) into the
auditor's queue: each row becomes evidence of an open hit of the catalogue's supervision rule with the row's
规则代码, on the person with the row's 证件号码 (subject ``person:<id>``), so it is assigned and disposed of like
any other hit. The evidence row is (ref_type ``supervision``, ref_id 疑点编号, 金额, 发现日期, 说明 with 关联中心 and
批次号): a 疑点编号 already imported is skipped, so importing the same file again changes nothing. A row for a
person of the same rule with an open hit adds evidence to it. Rows whose person is not registered here are
reported, not imported. Every bad row is reported at once and then nothing is written. Under the job lock
``compliance.supervision_import`` (a second runner gets JobBusy)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine, insert, select

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.compliance import catalogue
from anju.compliance.codes import HitStatus
from anju.compliance.errors import ComplianceError
from anju.compliance.permissions import P
from anju.compliance.tables import audit_hit, audit_hit_evidence
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.core.sheets import UploadLimits, cell_money, cell_text, read_table
from anju.db.joblock import job_lock
from anju.db.uow import UnitOfWork
from anju.policy.store import policy_at
from anju.registry import queries as registry_queries

JOB = "compliance.supervision_import"
LABEL = "省级疑点文件导入"
REF_TYPE = "supervision"
# the columns of the file, in its order (anju.supervision.run.HIT_HEADERS)
HEADERS = ("疑点编号", "规则代码", "规则名称", "证件号码", "本中心业务号", "关联中心", "说明", "金额", "发现日期", "批次号")
REQUIRED = ("疑点编号", "规则代码", "证件号码", "说明", "发现日期", "批次号")
OPTIONAL = ("规则名称", "本中心业务号", "关联中心", "金额")
SUPERVISION_CODES = {r.code for r in catalogue.SUPERVISION}
_CHUNK = 500


@dataclass
class Imported:
    rows: int = 0
    new_hits: int = 0
    added: int = 0  # evidence added to a hit already open (the same rule and person)
    already: int = 0  # 疑点编号 imported before: skipped
    unregistered: list[tuple[int, str]] = field(default_factory=list)  # (row, 疑点编号) of persons not here


@dataclass(frozen=True)
class _Row:
    number: int
    no: str
    rule: str
    id_number: str
    amount: int | None
    found: date
    note: str


def import_hits(engine: Engine, actor: Actor, *, data: bytes, filename: str, as_of: date,
                limits: UploadLimits) -> Imported:
    """Read the file (every problem at once), then import it in one transaction under the job lock."""
    require(actor, P.SCAN)
    rows = read_rows(data, filename, limits)
    with job_lock(engine, JOB, label=LABEL), UnitOfWork(engine) as uow:
        out = run(uow, actor, rows, filename=filename, as_of=as_of)
        uow.commit()
    return out


def read_rows(data: bytes, filename: str, limits: UploadLimits) -> list[_Row]:
    table = read_table(data, filename, required=REQUIRED, optional=OPTIONAL, limits=limits).load()
    problems: list[Problem] = list(table.problems)
    rows: list[_Row] = []
    seen: set[str] = set()

    def bad(number: int, label: str, error: ComplianceError = ComplianceError.LIST_ROW, **kw) -> None:
        problems.append(Problem.of(error, field=label, row=number, **{"what": label, **kw}))

    for number, cells in table.rows():
        text = {h: cell_text(cells.get(h)) for h in HEADERS}
        no, rule, idn = text["疑点编号"], text["规则代码"], text["证件号码"].upper()
        for label in REQUIRED:
            if not text[label]:
                bad(number, label, ComplianceError.SV_MISSING)
        if len(no) > 40:
            bad(number, "疑点编号", what="疑点编号（不超过40个字符）")
        elif no and no in seen:
            bad(number, "疑点编号", ComplianceError.SV_DUPLICATE, no=no)
        seen.add(no)
        if rule and rule not in SUPERVISION_CODES:
            bad(number, "规则代码", ComplianceError.SV_RULE, code=rule)
        if idn and len(idn) not in (15, 18):
            bad(number, "证件号码")
        amount = None
        if text["金额"]:
            try:
                amount = cell_money(cells.get("金额"))
            except AnjuError as exc:
                problems.append(Problem.from_error(exc, field="金额", row=number))
        found = None
        if text["发现日期"]:
            try:
                found = date.fromisoformat(text["发现日期"])
            except ValueError:
                bad(number, "发现日期", what="发现日期（应为YYYY-MM-DD）")
        parts = [f"关联中心{text['关联中心']}" if text["关联中心"] else "",
                 f"本中心业务号{text['本中心业务号']}" if text["本中心业务号"] else "", f"批次号{text['批次号']}"]
        note = f"{text['说明']}（{'；'.join(p for p in parts if p)}）"
        if found is not None and no and rule in SUPERVISION_CODES:
            rows.append(_Row(number, no, rule, idn, amount, found, note[:200]))
    if not rows and not problems:
        problems.append(Problem.of(ComplianceError.LIST_EMPTY, field="疑点文件"))
    if problems:
        raise ValidationFailed(problems, summary="省级疑点文件有误，未导入")
    return rows


def run(uow: UnitOfWork, actor: Actor, rows: list[_Row], *, filename: str, as_of: date) -> Imported:
    from anju.workcal.service import load_calendar

    conn = uow.conn
    out = Imported(rows=len(rows))
    ev, h = audit_hit_evidence.c, audit_hit.c
    numbers = [r.no for r in rows]
    done: set[str] = set()
    for i in range(0, len(numbers), _CHUNK):
        done.update(conn.execute(select(ev.ref_id).where(ev.ref_type == REF_TYPE,
                                                         ev.ref_id.in_(numbers[i:i + _CHUNK]))).scalars())
    people = registry_queries.people()
    ids = sorted({r.id_number for r in rows})
    person_of: dict[str, int] = {}
    for i in range(0, len(ids), _CHUNK):
        person_of.update((n, pid) for pid, n in conn.execute(
            select(people.c.id, people.c.id_number).where(people.c.id_number.in_(ids[i:i + _CHUNK]))))
    deadline = load_calendar(conn).deadline(as_of, int(policy_at(conn, as_of)["compliance.hit_check_workdays"]))
    now = uow.now()
    hit_of: dict[str, tuple[int, bool]] = {}  # open_key -> (hit id, open before this import)
    evidence = []
    for r in rows:
        if r.no in done:
            out.already += 1
            continue
        pid = person_of.get(r.id_number)
        if pid is None:
            out.unregistered.append((r.number, r.no))
            continue
        subject = f"person:{pid}"
        open_key = f"{r.rule}:{subject}"
        if open_key not in hit_of:
            hit_id = conn.execute(select(h.id).where(h.open_key == open_key)).scalar()
            before = hit_id is not None
            if not before:
                hit_id = conn.execute(insert(audit_hit).values(
                    rule_code=r.rule, subject_key=subject, open_key=open_key, person_id=pid, found_on=as_of,
                    deadline=deadline, status=HitStatus.OPEN.value, created_by=actor.username, created_at=now,
                    updated_at=now).returning(h.id)).scalar_one()
                out.new_hits += 1
            hit_of[open_key] = (hit_id, before)
        hit_id, before = hit_of[open_key]
        out.added += int(before)
        evidence.append(dict(hit_id=hit_id, ref_type=REF_TYPE, ref_id=r.no, amount=r.amount, on_day=r.found,
                             note=r.note))
    if evidence:
        conn.execute(insert(audit_hit_evidence), evidence)
    audit.record(uow, actor, action="compliance.supervision_import", entity_type="audit_hit",
                 after={"filename": filename, "rows": out.rows, "new_hits": out.new_hits, "added": out.added,
                        "already": out.already, "unregistered": len(out.unregistered)})
    return out
