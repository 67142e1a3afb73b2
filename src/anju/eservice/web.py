"""Pages of the digital-services area: the public verification page of certificates (亮码核验), the register of
certificates with revocation, the notification outbox, evaluations (好差评) and their follow-ups."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request

from anju.auth.actor import Actor, can
from anju.core.errors import AnjuError, Problem
from anju.eservice import certs, signing
from anju.eservice.permissions import P
from anju.web.kit import (
    MenuEntry,
    business_date,
    form_errors,
    optional_actor,
    public,
    redirect,
    render,
    requires,
    unit_of_work,
)

router = APIRouter()
MENU = [
    MenuEntry("柜面业务", "电子证明", "/eservice/certificates", P.CERT_READ, order=80),
]


# ------------------------------------------------------------------------------------ verification (public)


def _verify_page(request: Request, code: str | None):
    optional_actor(request)  # a signed-in visitor keeps the menu
    v = None
    if code and code.strip():
        with unit_of_work(request, read_only=True) as uow:
            v = certs.verify(uow.conn, code, as_of=business_date(request))
    return render(request, "eservice/verify.html", v=v, code=code,
                  status_code=200 if v is None or v.ok else 422)


@router.get("/verify", dependencies=[Depends(public)])
def verify_form(request: Request, code: str | None = None):
    return _verify_page(request, code)


@router.get("/verify/{token}", dependencies=[Depends(public)])
def verify_token(token: str, request: Request):
    """The page a certificate's QR code opens."""
    return _verify_page(request, token)


# ----------------------------------------------------------------------------------- the register (staff)


def _certificates_page(request: Request, actor: Actor, q: str = "", *, errors=None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        rows = certs.recent(uow.conn, text=q)
        keys = signing.public_keys(uow.conn)
    return render(request, "eservice/certificates.html", rows=rows, keys=keys, q=q, errors=errors or form_errors(),
                  may_revoke=can(actor, P.CERT_REVOKE), status_code=status_code)


@router.get("/eservice/certificates")
def certificates(request: Request, q: str = "", actor: Actor = Depends(requires(P.CERT_READ))):
    return _certificates_page(request, actor, q)


@router.post("/eservice/certificates/{no}/revoke")
def revoke(no: str, request: Request, reason: str = Form(""), actor: Actor = Depends(requires(P.CERT_REVOKE))):
    try:
        with unit_of_work(request) as uow:
            certs.revoke(uow, actor, no=no, reason=reason)
            uow.commit()
    except AnjuError as exc:
        if exc.status in (401, 403):
            raise
        return _certificates_page(request, actor, errors=form_errors([Problem.from_error(exc, field="撤销原因")]),
                                  status_code=422)
    return redirect(request, "/eservice/certificates", flash=f"已撤销证明{no}")
