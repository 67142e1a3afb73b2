"""Pages of compliance: the rule catalogue with 疑点率 and the scan, the auditor's queue and a hit's page (evidence,
disposition, the approver's 认定), fraud cases with their steps and documents (Word/PDF), enforcement cases by stage
(from the arrears report), complaints, dormant accounts. Every page calls the same service as `anju compliance …`."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request

from anju.auth.actor import Actor, can
from anju.compliance import cases, catalogue, complaints, dormant, enforcement, scan, service
from anju.compliance.codes import (
    CaseStage,
    Channel,
    ComplaintKind,
    ComplaintStatus,
    DocKind,
    DormantKind,
    EnforcementStage,
    HitStatus,
    Satisfaction,
)
from anju.compliance.documents import Document, to_docx
from anju.compliance.flow import COMPLAINT, HIT
from anju.compliance.permissions import P
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.core.money import parse_yuan
from anju.db.joblock import JobBusy
from anju.registry.web import PASS_THROUGH
from anju.web.kit import (
    MenuEntry,
    business_date,
    ctx,
    download,
    form_errors,
    redirect,
    render,
    requires,
    unit_of_work,
)

router = APIRouter(prefix="/compliance")
MENU = [
    MenuEntry("稽查与执法", "疑点核查", "/compliance/hits", P.READ, order=10),
    MenuEntry("稽查与执法", "稽查规则与疑点率", "/compliance/rules", P.READ, order=20),
    MenuEntry("稽查与执法", "骗提骗贷案件", "/compliance/cases", P.READ, order=30),
    MenuEntry("稽查与执法", "归集执法", "/compliance/enforcement", P.READ, order=40),
    MenuEntry("稽查与执法", "投诉办理", "/compliance/complaints", P.READ, order=50),
    MenuEntry("稽查与执法", "睡眠户", "/compliance/dormant", P.READ, order=60),
]


EVIDENCE_LABELS = {"account": "个人账户", "remote_member": "外地中心名单", "withdrawal": "提取申请", "loan": "贷款",
                   "supervision": "省级疑点文件", "home": "住房", "person": "职工", "member_txn": "个人明细", "terms": "缴存基数"}


def _problems(exc: AnjuError) -> list[Problem]:
    return exc.problems if isinstance(exc, ValidationFailed) else [Problem.from_error(exc)]


# ---------------------------------------------------------------- rules, scan, the queue and a hit


@router.get("/rules")
def rules_page(request: Request, actor: Actor = Depends(requires(P.READ))):
    from anju.policy.store import policy_at

    with unit_of_work(request, read_only=True) as uow:
        policy = policy_at(uow.conn, business_date(request))
        rates = {r.code: r for r in service.rates(uow.conn)}
        last = service.latest_scan(uow.conn)
    on = {r.code for r in catalogue.enabled(policy)}
    from anju.policy.catalogue import params

    labels = {k: p.label for k, p in params().items()}
    return render(request, "compliance/rules.html", rules=catalogue.RULES, on=on, rates=rates, last=last,
                  param_labels=labels,
                  policy=policy, may_scan=can(actor, P.SCAN))


@router.post("/scan")
def scan_now(request: Request, actor: Actor = Depends(requires(P.SCAN))):
    try:
        done = scan.scan(ctx(request).engine, actor, as_of=business_date(request))
    except JobBusy as exc:
        return redirect(request, "/compliance/rules", flash=exc.message, kind="error")
    return redirect(request, "/compliance/hits", flash=f"扫描完成：检查{done.checked:,}条记录，疑点{done.found:,}条，"
                                                     f"新增{done.new_hits:,}条")


@router.get("/hits")
def hits_page(request: Request, status: str = "open", rule: str = "", actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        items = service.queue(uow.conn, as_of=business_date(request), status=None if status == "all" else status,
                              rule=rule or None, limit=500)
    return render(request, "compliance/hits.html", items=items, status=status, rule=rule, rules=catalogue.ALL_RULES,
                  statuses=[("open", "待核查"), *[(s.value, s.label) for s in HitStatus if s.value != "open"],
                            ("all", "全部")])


def _hit_page(request: Request, actor: Actor, hit_id: int, *, errors=None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        d = service.detail(uow.conn, hit_id)
    return render(request, "compliance/hit.html", status_code=status_code, d=d, errors=errors or form_errors(),
                  evidence_labels=EVIDENCE_LABELS,
                  label=HitStatus, may_check=can(actor, P.CHECK), may_confirm=can(actor, P.CONFIRM),
                  steps=HIT.steps)


@router.get("/hits/{hit_id}")
def hit_page(hit_id: int, request: Request, actor: Actor = Depends(requires(P.READ))):
    return _hit_page(request, actor, hit_id)


@router.post("/hits/{hit_id}/dispose")
def hit_dispose(hit_id: int, request: Request, disposition: str = Form(""), note: str = Form(""),
                actor: Actor = Depends(requires(P.CHECK))):
    try:
        with unit_of_work(request) as uow:
            service.dispose(uow, actor, hit_id=hit_id, disposition=disposition, note=note,
                            as_of=business_date(request))
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _hit_page(request, actor, hit_id, errors=form_errors(_problems(exc)), status_code=422)
    return redirect(request, f"/compliance/hits/{hit_id}", flash=f"已登记核查结论：{service.DISPOSITIONS[disposition]}")


@router.post("/hits/{hit_id}/decide")
def hit_decide(hit_id: int, request: Request, decision: str = Form(""), note: str = Form(""),
               actor: Actor = Depends(requires(P.CONFIRM))):
    try:
        with unit_of_work(request) as uow:
            case_id = service.decide(uow, actor, hit_id=hit_id, approve=decision == "approve", note=note,
                                     as_of=business_date(request))
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _hit_page(request, actor, hit_id, errors=form_errors(_problems(exc)), status_code=422)
    if case_id:
        return redirect(request, f"/compliance/cases/{case_id}", flash="已认定骗提骗贷，立案")
    return redirect(request, f"/compliance/hits/{hit_id}", flash="已退回，疑点回到待核查")


# ---------------------------------------------------------------- fraud cases and documents


@router.get("/cases")
def cases_page(request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        rows = cases.cases(uow.conn)
    return render(request, "compliance/cases.html", rows=rows, stage=CaseStage)


def _case_page(request: Request, actor: Actor, case_id: int, *, errors=None, status_code: int = 200):
    from anju.registry.queries import person_names

    with unit_of_work(request, read_only=True) as uow:
        row = cases.get(uow.conn, case_id)
        docs = cases.documents(uow.conn, "fraud", case_id)
        name = person_names(uow.conn, {row.person_id}).get(row.person_id, "") if row.person_id else ""
    return render(request, "compliance/case.html", status_code=status_code, c=row, docs=docs, name=name,
                  stage=CaseStage, kind=DocKind, allowed=cases.CASE.allowed(row.status), errors=errors or form_errors(),
                  may=can(actor, P.CASE))


@router.get("/cases/{case_id}")
def case_page(case_id: int, request: Request, actor: Actor = Depends(requires(P.READ))):
    return _case_page(request, actor, case_id)


@router.post("/cases/{case_id}/{step}")
def case_step(case_id: int, step: str, request: Request, note: str = Form(""), amount: str = Form(""),
              actor: Actor = Depends(requires(P.CASE))):
    day = business_date(request)
    try:
        with unit_of_work(request) as uow:
            if step == "recover":
                cases.recover(uow, actor, case_id=case_id, note=note, as_of=day)
            elif step == "penalise":
                cases.penalise(uow, actor, case_id=case_id, amount=parse_yuan(amount or "0"), basis=note, as_of=day)
            elif step == "refer":
                cases.refer(uow, actor, case_id=case_id, to=note, as_of=day)
            elif step == "ban":
                cases.ban(uow, actor, case_id=case_id, as_of=day)
            else:
                cases.close(uow, actor, case_id=case_id, as_of=day, note=note)
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _case_page(request, actor, case_id, errors=form_errors(_problems(exc)), status_code=422)
    return redirect(request, f"/compliance/cases/{case_id}", flash=f"已办理：{cases.CASE.steps[step].doing}")


@router.get("/documents/{doc_id}.{fmt}")
def document(doc_id: int, fmt: str, request: Request, actor: Actor = Depends(requires(P.READ))):
    from sqlalchemy import select

    from anju.compliance.documents import to_html
    from anju.compliance.errors import ComplianceError
    from anju.compliance.tables import case_document

    if fmt not in ("docx", "pdf"):
        raise AnjuError(ComplianceError.FORMAT_UNKNOWN)
    with unit_of_work(request, read_only=True) as uow:
        row = uow.conn.execute(select(case_document).where(case_document.c.id == doc_id)).one()
    doc = Document.from_body(row.body)
    name = f"{doc.title}{row.no}.{fmt}"
    if fmt == "pdf":
        from anju.web.pdf import html_to_pdf

        return download(html_to_pdf(to_html(doc)), name, media_type="application/pdf")
    return download(to_docx(doc), name,
                    media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


# ---------------------------------------------------------------- enforcement


def _enforcement_page(request: Request, actor: Actor, *, employer: str = "", stage: str = "", errors=None,
                      status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        rows = enforcement.cases(uow.conn, status=stage or None)
        counts = enforcement.by_stage(uow.conn)
    if employer:
        rows = [r for r in rows if r.employer_no == employer]
    return render(request, "compliance/enforcement.html", status_code=status_code, rows=rows, counts=counts,
                  stages=EnforcementStage, employer=employer, stage=stage, errors=errors or form_errors(),
                  may=can(actor, P.CASE))


@router.get("/enforcement")
def enforcement_page(request: Request, employer: str = "", stage: str = "",
                     actor: Actor = Depends(requires(P.READ))):
    return _enforcement_page(request, actor, employer=employer, stage=stage)


@router.post("/enforcement")
def enforcement_open(request: Request, employer: str = Form(""), reason: str = Form("unpaid"),
                     actor: Actor = Depends(requires(P.CASE))):
    try:
        with unit_of_work(request) as uow:
            cid = enforcement.open_case(uow, actor, employer_no=employer, reason=reason, as_of=business_date(request))
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _enforcement_page(request, actor, employer=employer, errors=form_errors(_problems(exc)),
                                 status_code=422)
    return redirect(request, f"/compliance/enforcement/{cid}", flash="已立案")


def _enforcement_case_page(request: Request, actor: Actor, case_id: int, *, errors=None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        (row,) = [r for r in enforcement.cases(uow.conn, limit=100000) if r.id == case_id] or [None]
        if row is None:
            from anju.compliance.errors import ComplianceError

            raise AnjuError(ComplianceError.HIT_NOT_FOUND, no=case_id)
        docs = cases.documents(uow.conn, "enforcement", case_id)
    return render(request, "compliance/enforcement_case.html", status_code=status_code, c=row, docs=docs,
                  stages=EnforcementStage, kind=DocKind, allowed=enforcement.FLOW.allowed(row.status),
                  steps=enforcement.FLOW.steps, errors=errors or form_errors(), may=can(actor, P.CASE))


@router.get("/enforcement/{case_id}")
def enforcement_case_page(case_id: int, request: Request, actor: Actor = Depends(requires(P.READ))):
    return _enforcement_case_page(request, actor, case_id)


@router.post("/enforcement/{case_id}/{step}")
def enforcement_step(case_id: int, step: str, request: Request, amount: str = Form(""), basis: str = Form(""),
                     how: str = Form(""), to: str = Form(""), actor: Actor = Depends(requires(P.CASE))):
    day = business_date(request)
    try:
        with unit_of_work(request) as uow:
            if step == "serve":
                enforcement.serve(uow, actor, case_id=case_id, served_on=day, how=how, to=to)
            elif step == "close":
                enforcement.close(uow, actor, case_id=case_id, note=basis, as_of=day)
            else:
                enforcement.advance(uow, actor, case_id=case_id, step=step, as_of=day,
                                    amount=parse_yuan(amount) if amount else None, basis=basis)
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _enforcement_case_page(request, actor, case_id, errors=form_errors(_problems(exc)), status_code=422)
    return redirect(request, f"/compliance/enforcement/{case_id}", flash=f"已办理：{enforcement.FLOW.steps[step].doing}")


# ---------------------------------------------------------------- complaints


def _complaints_page(request: Request, actor: Actor, *, errors=None, values=None, status_code: int = 200):
    from datetime import date as _date

    day = business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        rows = complaints.listing(uow.conn)
        r = complaints.rates(uow.conn, start=_date(day.year, 1, 1), end=_date(day.year + 1, 1, 1))
    return render(request, "compliance/complaints.html", status_code=status_code, rows=rows, rates=r,
                  channels=Channel, kinds=ComplaintKind, statuses=ComplaintStatus, satisfaction=Satisfaction,
                  errors=errors or form_errors(), values=values or {}, may=can(actor, P.COMPLAINT), flow=COMPLAINT,
                  today=day)


@router.get("/complaints")
def complaints_page(request: Request, actor: Actor = Depends(requires(P.READ))):
    return _complaints_page(request, actor)


@router.post("/complaints")
def complaint_receive(request: Request, channel: str = Form(""), kind: str = Form(""), subject: str = Form(""),
                      content: str = Form(""), complainant: str = Form(""), phone: str = Form(""),
                      employer_no: str = Form(""), actor: Actor = Depends(requires(P.COMPLAINT))):
    intake = complaints.Intake(channel=channel, kind=kind, subject=subject, content=content,
                               complainant=complainant, phone=phone, employer_no=employer_no)
    try:
        with unit_of_work(request) as uow:
            complaints.receive(uow, actor, intake=intake, as_of=business_date(request))
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _complaints_page(request, actor, errors=form_errors(_problems(exc)), values=intake.__dict__,
                                status_code=422)
    return redirect(request, "/compliance/complaints", flash="已受理")


@router.post("/complaints/{complaint_id}/{step}")
def complaint_step(complaint_id: int, step: str, request: Request, text: str = Form(""),
                   satisfaction: str = Form(""), actor: Actor = Depends(requires(P.COMPLAINT))):
    day = business_date(request)
    try:
        with unit_of_work(request) as uow:
            if step == "assign":
                complaints.assign(uow, actor, complaint_id=complaint_id, to=text, as_of=day)
            elif step == "reply":
                complaints.reply(uow, actor, complaint_id=complaint_id, text=text, as_of=day)
            else:
                complaints.follow_up(uow, actor, complaint_id=complaint_id, satisfaction=satisfaction, as_of=day)
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _complaints_page(request, actor, errors=form_errors(_problems(exc)), status_code=422)
    return redirect(request, "/compliance/complaints", flash=f"已办理：{COMPLAINT.steps[step].doing}")


# ---------------------------------------------------------------- dormant accounts


def _dormant_page(request: Request, actor: Actor, *, errors=None, status_code: int = 200):
    day = business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        s = dormant.summary(uow.conn, day)
        rows = dormant.listing(uow.conn, day, limit=200)
        batches = dormant.batches(uow.conn)
    return render(request, "compliance/dormant.html", status_code=status_code, s=s, rows=rows, batches=batches,
                  kinds=DormantKind, errors=errors or form_errors(), may=can(actor, P.DORMANT),
                  may_decide=can(actor, P.DORMANT_DECIDE))


@router.get("/dormant")
def dormant_page(request: Request, actor: Actor = Depends(requires(P.READ))):
    return _dormant_page(request, actor)


@router.post("/dormant/notify")
def dormant_notify(request: Request, channel: str = Form("sms"), actor: Actor = Depends(requires(P.DORMANT))):
    with unit_of_work(request) as uow:
        n = dormant.notify(uow, actor, as_of=business_date(request), channel=channel)
        uow.commit()
    return redirect(request, "/compliance/dormant", flash=f"已通知{n}户")


@router.post("/dormant/batches")
def dormant_batch(request: Request, action: str = Form("close"), account_id: list[int] = Form([]),
                  actor: Actor = Depends(requires(P.DORMANT))):
    try:
        with unit_of_work(request) as uow:
            dormant.apply_batch(uow, actor, action=action, account_ids=account_id, as_of=business_date(request))
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _dormant_page(request, actor, errors=form_errors(_problems(exc)), status_code=422)
    return redirect(request, "/compliance/dormant", flash="已提交处理批次，待审批")


@router.post("/dormant/batches/{batch_id}/decide")
def dormant_decide(batch_id: int, request: Request, decision: str = Form(""), note: str = Form(""),
                   actor: Actor = Depends(requires(P.DORMANT_DECIDE))):
    try:
        with unit_of_work(request) as uow:
            dormant.decide(uow, actor, batch_id=batch_id, approve=decision == "approve", note=note,
                           as_of=business_date(request))
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _dormant_page(request, actor, errors=form_errors(_problems(exc)), status_code=422)
    return redirect(request, "/compliance/dormant", flash="已审批")
