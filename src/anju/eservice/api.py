"""API of the digital-services area (mounted under /api/v1): verifying a certificate's code (public),
reading and revoking certificates, the notification outbox, evaluations (好差评)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from anju.auth.actor import Actor
from anju.eservice import certs
from anju.eservice.permissions import P
from anju.web.kit import business_date, public, requires, unit_of_work

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
