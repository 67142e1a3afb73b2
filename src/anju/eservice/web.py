"""Pages of the digital-services area: the public verification page of certificates (亮码核验), the register of
certificates with revocation, the notification outbox, evaluations (好差评) and their follow-ups."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request

from anju.auth.actor import Actor, Channel, can
from anju.core.errors import AnjuError, NotFound, Problem, ValidationFailed
from anju.core.money import format_yuan, parse_yuan
from anju.eservice import certs, evaluation, gateways, notify, online, sender, signing
from anju.eservice.codes import REASONS, NoticeChannel, NoticeEvent, NoticeStatus
from anju.eservice.errors import EserviceError
from anju.eservice.permissions import P
from anju.loan.permissions import P as LoanP
from anju.loanapp.permissions import P as LoanappP
from anju.web.kit import (
    MenuEntry,
    business_date,
    ctx,
    form_errors,
    optional_actor,
    public,
    redirect,
    render,
    requires,
    stash_confirmation,
    take_confirmation,
    unit_of_work,
)

router = APIRouter()
MENU = [
    MenuEntry("柜面业务", "电子证明", "/eservice/certificates", P.CERT_READ, order=80),
    MenuEntry("柜面业务", "短信和邮件通知", "/eservice/notices", P.NOTIFY_READ, order=81),
    MenuEntry("柜面业务", "服务评价", "/eservice/evaluations", P.EVALUATION_READ, order=82),
    MenuEntry("柜面业务", "评价器（好差评）", "/eservice/rate", P.RATE, order=83),
    MenuEntry("个人网厅", "通知设置", "/eservice/prefs", P.NOTIFY_PREFS, channel=Channel.MEMBER_PORTAL, order=60),
    MenuEntry("个人网厅", "服务评价", "/eservice/rate", P.RATE, channel=Channel.MEMBER_PORTAL, order=61),
    MenuEntry("个人网厅", "网上申请贷款", "/eservice/online/loan", LoanappP.APPLY_ONLINE, channel=Channel.MEMBER_PORTAL,
              order=31),
    MenuEntry("个人网厅", "网上提前还款", "/eservice/online/prepay", LoanP.PREPAY_ONLINE, channel=Channel.MEMBER_PORTAL,
              order=32),
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


# ------------------------------------------------------------------------------------------- notifications


def _labels() -> dict:
    from anju.auth.actor import CHANNEL_LABELS

    def channel_label(c: str) -> str:
        if c in tuple(NoticeChannel):
            return NoticeChannel(c).label
        return CHANNEL_LABELS.get(Channel(c), c) if c in tuple(Channel) else c

    return {"event_label": lambda e: NoticeEvent(e).label, "status_label": lambda s: NoticeStatus(s).label,
            "channel_label": channel_label}


def _notices_page(request: Request, actor: Actor, *, errors=None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        counts = sorted(sender.status_counts(uow.conn).items())
        rows = sender.recent(uow.conn)
    return render(request, "eservice/notices.html", counts=counts, rows=rows, errors=errors or form_errors(),
                  may_run=can(actor, P.NOTIFY_RUN), status_code=status_code, **_labels())


@router.get("/eservice/notices")
def notices(request: Request, actor: Actor = Depends(requires(P.NOTIFY_READ))):
    return _notices_page(request, actor)


@router.post("/eservice/notices/queue")
def notices_queue(request: Request, actor: Actor = Depends(requires(P.NOTIFY_RUN))):
    made = notify.queue(ctx(request).engine, actor, as_of=business_date(request), clock=ctx(request).settings.clock)
    return redirect(request, "/eservice/notices", flash=f"已生成通知{sum(made.values())}条")


@router.post("/eservice/notices/send")
def notices_send(request: Request, actor: Actor = Depends(requires(P.NOTIFY_RUN))):
    result = sender.send(ctx(request).engine, actor, gateways.from_environment(), clock=ctx(request).settings.clock)
    return redirect(request, "/eservice/notices", flash=f"已发送{result['sent']}条，待重试{result['retry']}条")


def _prefs_page(request: Request, actor: Actor, *, errors=None, values=None, status_code: int = 200):
    from anju.registry import queries as registry

    with unit_of_work(request, read_only=True) as uow:
        email, optouts = notify.preferences(uow.conn, actor.person_id)
        person = registry.person_row(uow.conn, actor.person_id)
    phone = person.phone if person is not None else ""
    return render(request, "eservice/prefs.html", email=(values or {}).get("email", email), optouts=optouts,
                  phone=phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else phone, events=list(NoticeEvent),
                  channels=list(NoticeChannel), errors=errors or form_errors(), status_code=status_code)


@router.get("/eservice/prefs")
def prefs(request: Request, actor: Actor = Depends(requires(P.NOTIFY_PREFS))):
    if actor.person_id is None:
        raise NotFound(EserviceError.PERSON_NOT_FOUND, key=actor.username)
    return _prefs_page(request, actor)


@router.post("/eservice/prefs")
async def prefs_save(request: Request, actor: Actor = Depends(requires(P.NOTIFY_PREFS))):
    if actor.person_id is None:
        raise NotFound(EserviceError.PERSON_NOT_FOUND, key=actor.username)
    form = await request.form()
    email = str(form.get("email", ""))
    pairs = [tuple(str(x).split(":", 1)) for x in form.getlist("optout") if ":" in str(x)]
    try:
        with unit_of_work(request) as uow:
            notify.set_preferences(uow, actor, person_id=actor.person_id, email=email, optouts=pairs)
            uow.commit()
    except AnjuError as exc:
        if exc.status in (401, 403):
            raise
        return _prefs_page(request, actor, errors=form_errors([Problem.from_error(exc, field="电子邮件地址")]),
                           values={"email": email}, status_code=422)
    return redirect(request, "/eservice/prefs", flash="已保存通知设置")


# ------------------------------------------------------------------------------------------- evaluations


def _rate_page(request: Request, actor: Actor, *, errors=None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        acts = evaluation.to_rate(uow.conn, actor, as_of=business_date(request))
    return render(request, "eservice/rate.html", acts=acts, reasons=REASONS, errors=errors or form_errors(),
                  status_code=status_code, **_labels())


@router.get("/eservice/rate")
def rate_page(request: Request, actor: Actor = Depends(requires(P.RATE))):
    return _rate_page(request, actor)


@router.post("/eservice/rate")
async def rate_submit(request: Request, actor: Actor = Depends(requires(P.RATE))):
    form = await request.form()
    try:
        ref, score = int(str(form.get("ref", "0"))), int(str(form.get("score", "0")))
    except ValueError:
        ref, score = 0, 0
    if not 0 < ref < 2**31:  # an audit sequence number (INTEGER)
        ref = 0
    try:
        with unit_of_work(request) as uow:
            evaluation.rate(uow, actor, ref=ref, score=score, reasons=[str(x) for x in form.getlist("reasons")],
                            comment=str(form.get("comment", "")), as_of=business_date(request))
            uow.commit()
    except ValidationFailed as exc:
        return _rate_page(request, actor, errors=form_errors(exc.problems), status_code=422)
    except AnjuError as exc:
        if exc.status in (401, 403):
            raise
        return _rate_page(request, actor, errors=form_errors([Problem.from_error(exc, field="评价")]),
                          status_code=422)
    return redirect(request, "/eservice/rate", flash="感谢您的评价")


def _evaluations_page(request: Request, actor: Actor, *, open_only: bool = False, errors=None,
                      status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        rows = evaluation.recent(uow.conn, open_only=open_only, as_of=business_date(request))
    return render(request, "eservice/evaluations.html", rows=rows, may_close=can(actor, P.FOLLOWUP),
                  errors=errors or form_errors(), status_code=status_code)


@router.get("/eservice/evaluations")
def evaluations(request: Request, open: str = "", actor: Actor = Depends(requires(P.EVALUATION_READ))):
    return _evaluations_page(request, actor, open_only=open == "1")


@router.post("/eservice/followups/{followup_id}/close")
def followup_close(followup_id: int, request: Request, resolution: str = Form(""),
                   actor: Actor = Depends(requires(P.FOLLOWUP))):
    try:
        with unit_of_work(request) as uow:
            evaluation.close_followup(uow, actor, followup_id=followup_id, resolution=resolution,
                                      as_of=business_date(request))
            uow.commit()
    except AnjuError as exc:
        if exc.status in (401, 403):
            raise
        return _evaluations_page(request, actor, errors=form_errors([Problem.from_error(exc, field="整改情况")]),
                                 status_code=422)
    return redirect(request, "/eservice/evaluations", flash="差评整改已办结")


# ------------------------------------------------------------------------------ the member's loan online


ONLINE_DEFAULTS = {"months": "240", "method": "等额本息", "purpose": "purchase", "house_type": "new", "repay_day": "20",
                   "bank_code": "01", "security": "01"}


def _online_loan_page(request: Request, *, values: dict, trial=None, errors=None, status_code: int = 200):
    return render(request, "eservice/online_loan.html", values=values, trial=trial, applied=None,
                  errors=errors or form_errors(), status_code=status_code)


@router.get("/eservice/online/loan")
def online_loan(request: Request, actor: Actor = Depends(requires(LoanappP.APPLY_ONLINE))):
    return _online_loan_page(request, values=dict(ONLINE_DEFAULTS))


@router.post("/eservice/online/loan")
async def online_loan_submit(request: Request, actor: Actor = Depends(requires(LoanappP.APPLY_ONLINE))):
    form = await request.form()
    raw = {k: str(v) for k, v in form.items() if k in online.MEMBER_FIELDS}
    values = ONLINE_DEFAULTS | raw
    day = business_date(request)
    if form.get("action") != "apply":
        with unit_of_work(request, read_only=True) as uow:
            t = online.loan_trial(uow.conn, actor, raw, as_of=day)
        return _online_loan_page(request, values=values, trial=t, errors=form_errors(t.problems),
                                 status_code=200 if t.ok else 422)
    try:
        with unit_of_work(request) as uow:
            applied = online.loan_apply(uow, actor, raw, as_of=day)
            uow.commit()
    except ValidationFailed as exc:
        return _online_loan_page(request, values=values, errors=form_errors(exc.problems), status_code=422)
    return redirect(request, "/eservice/online/loan",
                    flash=f"贷款申请已提交，编号{applied.no}，申请金额{format_yuan(applied.amount)}元，"
                          f"办结期限{applied.deadline:%Y年%m月%d日}")


def _online_prepay_page(request: Request, actor: Actor, *, values=None, quote=None, token=None, errors=None,
                        status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        loans = [r for r in online.my_loans(uow.conn, actor) if r.status in ("01", "02")]
    return render(request, "eservice/online_prepay.html", loans=loans, values=values or {}, quote=quote, token=token,
                  errors=errors or form_errors(), status_code=status_code)


@router.get("/eservice/online/prepay")
def online_prepay(request: Request, actor: Actor = Depends(requires(LoanP.PREPAY_ONLINE))):
    return _online_prepay_page(request, actor)


@router.post("/eservice/online/prepay")
def online_prepay_submit(request: Request, loan_no: str = Form(""), amount: str = Form(""), shorten: str = Form(""),
                         action: str = Form("quote"), token: str = Form(""),
                         actor: Actor = Depends(requires(LoanP.PREPAY_ONLINE))):
    day = business_date(request)
    values = {"amount": amount, "shorten": shorten == "1"}
    if action == "confirm":
        try:
            with unit_of_work(request) as uow:
                payload = take_confirmation(uow, request, action="eservice.prepay", token=token)
                done = online.prepay(uow, actor, loan_no=payload["loan_no"], principal=payload["principal"],
                                     day=day, shorten=payload["shorten"], key=f"eservice:prepay:{token}")
                uow.commit()
        except ValidationFailed as exc:
            return _online_prepay_page(request, actor, values=values, errors=form_errors(exc.problems),
                                       status_code=422)
        except AnjuError as exc:
            if exc.status in (401, 403):
                raise
            return _online_prepay_page(request, actor, values=values, errors=form_errors([Problem.from_error(exc)]),
                                       status_code=422)
        return redirect(request, "/eservice/online/prepay", flash=f"已提前还款，剩余{done.months}期")
    try:
        principal = parse_yuan(amount)
    except AnjuError as exc:
        return _online_prepay_page(request, actor, values=values,
                                   errors=form_errors([Problem.from_error(exc, field="提前还款本金")]), status_code=422)
    with unit_of_work(request, read_only=True) as uow:
        quote = online.prepay_quote(uow.conn, actor, loan_no=loan_no, principal=principal, day=day,
                                    shorten=shorten == "1")
    if quote.problems:
        return _online_prepay_page(request, actor, values=values, errors=form_errors(quote.problems),
                                   status_code=422)
    token = stash_confirmation(request, action="eservice.prepay",
                               payload={"loan_no": loan_no, "principal": principal, "shorten": shorten == "1"})
    return _online_prepay_page(request, actor, values=values, quote=quote, token=token)
