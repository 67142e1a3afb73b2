"""API of the digital-services area (mounted under /api/v1): verifying a certificate's code (public),
reading and revoking certificates, the notification outbox, evaluations (好差评)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from anju.auth.actor import Actor, scope_person
from anju.eservice import certs, evaluation, gateways, notify, sender
from anju.eservice.codes import NoticeEvent, NoticeStatus
from anju.eservice.permissions import P
from anju.web.kit import business_date, ctx, public, requires, unit_of_work
from anju.web.params import Count, Id

router = APIRouter(prefix="/eservice", tags=["电子服务"])


class CertificateFactOut(BaseModel):
    label: str
    value: str


class CertificateVerificationOut(BaseModel):
    verdict: str = Field(description="valid 有效、malformed 格式错误、bad_signature 签名无效（篡改）、unknown_key 密钥未知、"
                                     "unknown 无此证明、revoked 已撤销、expired 已过期")
    ok: bool
    reason: str = Field(description="核验结论（中文）")
    no: str | None = None
    kind: str | None = None
    kind_label: str | None = None
    title: str | None = None
    issued_on: date | None = None
    valid_until: date | None = None
    revoked_on: date | None = None
    revoke_reason: str | None = None
    facts: list[CertificateFactOut] = Field(default_factory=list, description="证明内容（身份证号码已脱敏）")


class CertificateRevokeIn(BaseModel):
    reason: str = Field(min_length=1, max_length=200)


def _verification_out(v: certs.Verification) -> CertificateVerificationOut:
    return CertificateVerificationOut(
        verdict=v.verdict.value, ok=v.ok, reason=v.reason, no=v.no, kind=v.kind, kind_label=v.kind_label,
        title=v.title, issued_on=v.issued_on, valid_until=v.valid_until, revoked_on=v.revoked_on,
        revoke_reason=v.revoke_reason, facts=[CertificateFactOut(label=k, value=x) for k, x in v.facts])


@router.get("/certificates/verify", response_model=CertificateVerificationOut, summary="核验电子证明（公开）",
            dependencies=[Depends(public)])
def verify(request: Request, code: str = Query(min_length=1, max_length=2000, description="核验码或二维码中的网址")):
    with unit_of_work(request, read_only=True) as uow:
        return _verification_out(certs.verify(uow.conn, code, as_of=business_date(request)))


@router.get("/certificates/{no}", response_model=CertificateVerificationOut, summary="电子证明登记内容")
def certificate(no: str, request: Request, actor: Actor = Depends(requires(P.CERT_READ))):
    with unit_of_work(request, read_only=True) as uow:
        row = certs.get(uow.conn, no[:32])
        return _verification_out(certs.verify(uow.conn, certs.token_of(uow.conn, row), as_of=business_date(request)))


@router.post("/certificates/{no}/revoke", response_model=CertificateVerificationOut, summary="撤销电子证明")
def revoke(no: str, body: CertificateRevokeIn, request: Request, actor: Actor = Depends(requires(P.CERT_REVOKE))):
    with unit_of_work(request) as uow:
        certs.revoke(uow, actor, no=no[:32], reason=body.reason)
        row = certs.get(uow.conn, no[:32])
        out = _verification_out(certs.verify(uow.conn, certs.token_of(uow.conn, row), as_of=business_date(request)))
        uow.commit()
    return out


# ------------------------------------------------------------------------------------------- notifications


class NoticeCountOut(BaseModel):
    event: str
    event_label: str
    channel: str
    status: str
    status_label: str
    count: int


class NoticeRunOut(BaseModel):
    counts: dict[str, int] = Field(description="生成：各事项新增条数；发送：sent、retry、failed、suppressed、quiet")


class NoticePrefsIn(BaseModel):
    email: str | None = Field(default=None, max_length=200, description="电子邮件地址；空字符串为删除")
    optouts: list[str] | None = Field(default=None, max_length=20, description="退订：渠道:事项，如 sms:deposit_posted")


class NoticePrefsOut(BaseModel):
    person_id: int
    email: str
    optouts: list[str]


@router.get("/notices/status", response_model=list[NoticeCountOut], summary="通知发送状态")
def notice_status(request: Request, actor: Actor = Depends(requires(P.NOTIFY_READ))):
    with unit_of_work(request, read_only=True) as uow:
        counts = sender.status_counts(uow.conn)
    return [NoticeCountOut(event=e, event_label=NoticeEvent(e).label, channel=c, status=s,
                           status_label=NoticeStatus(s).label, count=n) for (e, c, s), n in sorted(counts.items())]


@router.post("/notices/queue", response_model=NoticeRunOut, summary="生成当日通知")
def notice_queue(request: Request, actor: Actor = Depends(requires(P.NOTIFY_RUN))):
    return NoticeRunOut(counts=notify.queue(ctx(request).engine, actor, as_of=business_date(request),
                                            clock=ctx(request).settings.clock))


@router.post("/notices/send", response_model=NoticeRunOut, summary="发送到期通知")
def notice_send(request: Request, actor: Actor = Depends(requires(P.NOTIFY_RUN))):
    return NoticeRunOut(counts=sender.send(ctx(request).engine, actor, gateways.from_environment(),
                                           clock=ctx(request).settings.clock))


def _prefs_out(conn, person_id: int) -> NoticePrefsOut:
    email, optouts = notify.preferences(conn, person_id)
    return NoticePrefsOut(person_id=person_id, email=email, optouts=sorted(f"{c}:{e}" for c, e in optouts))


@router.get("/notices/prefs/{person_id}", response_model=NoticePrefsOut, summary="缴存职工的通知方式")
def notice_prefs(person_id: Id, request: Request, actor: Actor = Depends(requires(P.NOTIFY_PREFS))):
    scope_person(actor, person_id)
    with unit_of_work(request, read_only=True) as uow:
        return _prefs_out(uow.conn, person_id)


@router.put("/notices/prefs/{person_id}", response_model=NoticePrefsOut, summary="设置通知方式和退订")
def notice_prefs_set(person_id: Id, body: NoticePrefsIn, request: Request,
                     actor: Actor = Depends(requires(P.NOTIFY_PREFS))):
    pairs = None if body.optouts is None else [tuple((x.split(":", 1) + ["all"])[:2]) for x in body.optouts]
    with unit_of_work(request) as uow:
        notify.set_preferences(uow, actor, person_id=person_id, email=body.email, optouts=pairs)
        out = _prefs_out(uow.conn, person_id)
        uow.commit()
    return out


# ------------------------------------------------------------------------------------------- evaluations


class EvaluationIn(BaseModel):
    ref: int = Field(ge=1, le=2**31 - 1, description="所评价业务的审计记录序号（待评价业务列表给出）")
    score: int = Field(ge=1, le=5, description="1 非常不满意 … 5 非常满意")
    reasons: list[str] = Field(default_factory=list, max_length=10)
    comment: str = Field(default="", max_length=500)


class EvaluationOut(BaseModel):
    id: int
    business: str
    business_label: str
    ref: str
    score: int
    reasons: str
    reasons_text: str
    comment: str
    channel: str
    channel_label: str
    rated_on: date
    followup_id: int | None
    followup_status: str | None
    due_on: date | None


class FollowupCloseIn(BaseModel):
    resolution: str = Field(min_length=1, max_length=500)


def _evaluation_out(r: evaluation.Row) -> EvaluationOut:
    return EvaluationOut(**{k: getattr(r, k) for k in EvaluationOut.model_fields})


@router.post("/evaluations", response_model=EvaluationOut, summary="评价一笔业务（好差评）")
def rate(body: EvaluationIn, request: Request, actor: Actor = Depends(requires(P.RATE))):
    with unit_of_work(request) as uow:
        eid = evaluation.rate(uow, actor, ref=body.ref, score=body.score, reasons=body.reasons, comment=body.comment,
                              as_of=business_date(request))
        out = next(r for r in evaluation.recent(uow.conn, limit=50) if r.id == eid)
        uow.commit()
    return _evaluation_out(out)


@router.get("/evaluations", response_model=list[EvaluationOut], summary="最近的服务评价")
def evaluations(request: Request, open_only: bool = False, limit: Count = 100,
                actor: Actor = Depends(requires(P.EVALUATION_READ))):
    with unit_of_work(request, read_only=True) as uow:
        return [_evaluation_out(r) for r in evaluation.recent(uow.conn, open_only=open_only, limit=min(limit, 1000),
                                                              as_of=business_date(request))]


@router.post("/followups/{followup_id}/close", response_model=list[EvaluationOut], summary="办结差评整改")
def followup_close(followup_id: Id, body: FollowupCloseIn, request: Request,
                   actor: Actor = Depends(requires(P.FOLLOWUP))):
    with unit_of_work(request) as uow:
        evaluation.close_followup(uow, actor, followup_id=followup_id, resolution=body.resolution,
                                  as_of=business_date(request))
        uow.commit()
    with unit_of_work(request, read_only=True) as uow:
        return [_evaluation_out(r) for r in evaluation.recent(uow.conn, limit=20)]
