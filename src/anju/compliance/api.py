"""API of compliance (tag 稽查与执法): the rule catalogue with 疑点率, the scan, the hit queue and a hit with its
evidence, disposition and the approver's decision, fraud and enforcement cases, complaints, dormant accounts.
Money: yuan strings; ratios: six-decimal strings."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, File, Request, UploadFile
from pydantic import BaseModel, Field

from anju.auth.actor import Actor
from anju.compliance import cases, catalogue, complaints, crosscentre, dormant, enforcement, scan, service
from anju.compliance.permissions import P
from anju.core.money import yuan_str
from anju.web.kit import business_date, ctx, requires, unit_of_work
from anju.web.uploads import read_upload, upload_limits

router = APIRouter(prefix="/compliance", tags=["稽查与执法"])


class RuleOut(BaseModel):
    code: str
    name: str
    family: str
    severity: str
    params: list[str]
    checked: int | None = Field(description="最近一次扫描的被检查记录数")
    found: int | None = Field(description="最近一次扫描的疑点记录数")
    rate: str | None = Field(description="疑点率（小数，六位）")


@router.get("/rules", response_model=list[RuleOut])
def rules(request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        rates = {r.code: r for r in service.rates(uow.conn)}
    out = []
    for r in catalogue.RULES:
        x = rates.get(r.code)
        out.append(RuleOut(code=r.code, name=r.name, family=r.family.label, severity=r.severity.label,
                           params=list(r.params), checked=x.checked if x else None, found=x.found if x else None,
                           rate=None if x is None or x.rate is None else f"{x.rate:.6f}"))
    return out


class ScanOut(BaseModel):
    scan_id: int
    as_of: date
    checked: int
    found: int
    new_hits: int


@router.post("/scan", response_model=ScanOut)
def run_scan(request: Request, actor: Actor = Depends(requires(P.SCAN))):
    done = scan.scan(ctx(request).engine, actor, as_of=business_date(request))
    return ScanOut(scan_id=done.scan_id, as_of=done.as_of, checked=done.checked, found=done.found,
                   new_hits=done.new_hits)


class SupervisionImportOut(BaseModel):
    rows: int
    new_hits: int = Field(description="新增疑点数")
    added: int = Field(description="并入已有未结疑点的证据行数")
    already: int = Field(description="此前已导入（同一疑点编号）而跳过的行数")
    unregistered: list[str] = Field(description="本中心没有该证件号码的职工而未导入的疑点编号")


@router.post("/supervision-import", response_model=SupervisionImportOut,
             summary="导入省级跨中心疑点文件（疑点_<中心代码>.csv）：有任何问题时422并列出全部问题，不写入；"
                     "同一疑点编号再次导入不重复")
def supervision_import(request: Request, file: UploadFile = File(...), actor: Actor = Depends(requires(P.SCAN))):
    limits = upload_limits(request)
    content, name = read_upload(file, limits)
    done = crosscentre.import_hits(ctx(request).engine, actor, data=content, filename=name or "疑点.csv",
                                   as_of=business_date(request), limits=limits)
    return SupervisionImportOut(rows=done.rows, new_hits=done.new_hits, added=done.added, already=done.already,
                                unregistered=[no for _, no in done.unregistered])


class HitOut(BaseModel):
    id: int
    rule_code: str
    rule_name: str
    severity: str
    subject_key: str
    person_id: int | None
    found_on: date
    deadline: date
    overdue: bool
    status: str
    status_label: str
    evidence: int


@router.get("/hits", response_model=list[HitOut])
def hits(request: Request, status: str = "open", rule: str | None = None, offset: int = 0, limit: int = 100,
         actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        items = service.queue(uow.conn, as_of=business_date(request), status=None if status == "all" else status,
                              rule=rule, offset=max(offset, 0), limit=min(max(limit, 1), 1000))
    return [HitOut(id=i.id, rule_code=i.rule_code, rule_name=i.rule_name, severity=i.severity,
                   subject_key=i.subject_key, person_id=i.person_id, found_on=i.found_on, deadline=i.deadline,
                   overdue=i.overdue, status=i.status, status_label=i.status_label, evidence=i.evidence)
            for i in items]


class EvidenceOut(BaseModel):
    ref_type: str
    ref_id: str
    amount: str | None
    on_day: date | None
    note: str | None


class HitDetailOut(BaseModel):
    id: int
    rule_code: str
    status: str
    conclusion: str | None
    case_id: int | None
    evidence: list[EvidenceOut]
    allowed: list[str]


@router.get("/hits/{hit_id}", response_model=HitDetailOut)
def hit(hit_id: int, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        d = service.detail(uow.conn, hit_id)
    return HitDetailOut(id=d.row.id, rule_code=d.row.rule_code, status=d.row.status, conclusion=d.row.conclusion,
                        case_id=d.row.case_id, allowed=d.allowed,
                        evidence=[EvidenceOut(ref_type=e.ref_type, ref_id=e.ref_id,
                                              amount=None if e.amount is None else yuan_str(e.amount),
                                              on_day=e.on_day, note=e.note) for e in d.evidence])


class DisposeIn(BaseModel):
    disposition: str = Field(description="verify 核实无误、exclude 排除、propose 认定骗提骗贷（报审批）")
    note: str


@router.post("/hits/{hit_id}/dispose", response_model=HitDetailOut)
def dispose(hit_id: int, body: DisposeIn, request: Request, actor: Actor = Depends(requires(P.CHECK))):
    with unit_of_work(request) as uow:
        service.dispose(uow, actor, hit_id=hit_id, disposition=body.disposition, note=body.note,
                        as_of=business_date(request))
        uow.commit()
    return hit(hit_id, request, actor)


class DecideIn(BaseModel):
    approve: bool
    note: str = ""


@router.post("/hits/{hit_id}/decide", response_model=HitDetailOut)
def decide(hit_id: int, body: DecideIn, request: Request, actor: Actor = Depends(requires(P.CONFIRM))):
    with unit_of_work(request) as uow:
        service.decide(uow, actor, hit_id=hit_id, approve=body.approve, note=body.note, as_of=business_date(request))
        uow.commit()
    return hit(hit_id, request, actor)


class CaseOut(BaseModel):
    id: int
    no: str
    status: str
    confirmed_on: date
    amount: str
    recovered: str
    penalty: str
    referred_to: str | None
    ban_until: date | None


@router.get("/cases", response_model=list[CaseOut])
def fraud_cases(request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        rows = cases.cases(uow.conn)
    return [CaseOut(id=c.id, no=c.no, status=c.status, confirmed_on=c.confirmed_on, amount=yuan_str(c.amount),
                    recovered=yuan_str(c.recovered), penalty=yuan_str(c.penalty), referred_to=c.referred_to,
                    ban_until=c.ban_until) for c in rows]


class EnforcementOut(BaseModel):
    id: int
    no: str
    employer_no: str
    employer_name: str
    status: str
    owed: str
    deadline: date | None


@router.get("/enforcement", response_model=list[EnforcementOut])
def enforcement_cases(request: Request, stage: str | None = None, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        rows = enforcement.cases(uow.conn, status=stage)
    return [EnforcementOut(id=r.id, no=r.no, employer_no=r.employer_no, employer_name=r.employer_name,
                           status=r.status, owed=yuan_str(r.owed), deadline=r.deadline) for r in rows]


class ComplaintRatesOut(BaseModel):
    received: int
    handled: int
    handled_on_time: int
    satisfied: int
    followed_up: int


@router.get("/complaints/rates", response_model=ComplaintRatesOut)
def complaint_rates(request: Request, start: date, end: date, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        r = complaints.rates(uow.conn, start=start, end=end)
    return ComplaintRatesOut(**r.__dict__)


class DormantOut(BaseModel):
    accounts: int
    amount: str
    by_kind: dict[str, list[str]]


@router.get("/dormant", response_model=DormantOut)
def dormant_summary(request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        s = dormant.summary(uow.conn, business_date(request))
    return DormantOut(accounts=s.accounts, amount=yuan_str(s.amount),
                      by_kind={k: [str(n), yuan_str(a)] for k, (n, a) in s.by_kind.items()})
