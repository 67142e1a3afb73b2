"""The shell's own pages: sign-in and sign-out, the home page of each role, changing one's password."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse

from anju.auth import service as auth_service
from anju.auth.actor import ROLE_LABELS, Actor, Channel, Role
from anju.core.errors import ErrorCode, Problem, Throttled, ValidationFailed
from anju.policy.store import policy_at
from anju.web.errors import WebError
from anju.web.kit import (
    MenuEntry,
    business_date,
    client_ip,
    ctx,
    form_errors,
    now,
    public,
    redirect,
    render,
    requires,
    safe_next,
    unit_of_work,
)
from anju.web.security import PRE_COOKIE, SESSION_COOKIE, optional_actor

router = APIRouter()

MENU = [
    *[MenuEntry("首页", "首页", "/", None, channel=ch, order=0, accesskey="h")
      for ch in (Channel.COUNTER, Channel.EMPLOYER_PORTAL, Channel.MEMBER_PORTAL)],
    *[MenuEntry("我的", "修改密码", "/account/password", None, channel=ch, order=90)
      for ch in (Channel.COUNTER, Channel.EMPLOYER_PORTAL, Channel.MEMBER_PORTAL)],
]

HOME_TEMPLATES = {Channel.COUNTER: "home_counter.html", Channel.EMPLOYER_PORTAL: "home_employer.html",
                  Channel.MEMBER_PORTAL: "home_member.html"}


@router.get("/healthz", dependencies=[Depends(public)])
def healthz():
    return JSONResponse({"ok": True})


@router.get("/login", dependencies=[Depends(public)])
def login_page(request: Request, next: str | None = None):
    if optional_actor(request) is not None:
        return redirect(request, safe_next(next))
    return render(request, "login.html", next=safe_next(next), values={})


@router.post("/login", dependencies=[Depends(public)])
def login_submit(request: Request, username: str = Form(""), password: str = Form(""), next: str = Form("/")):
    c = ctx(request)
    ip = client_ip(request)
    moment = now(request)
    as_of = business_date(request)
    with c.engine.connect() as conn:
        policy = policy_at(conn, as_of)
    window = timedelta(minutes=policy.auth.ip_window_minutes)
    limit = policy.auth.ip_failures_limit
    # The address's failures are counted in the database, shared by every worker process.
    attempt = None
    if not c.throttle.blocked(c.engine, ip, now=moment, limit=limit, window=window):
        attempt = c.throttle.begin(c.engine, ip, now=moment, limit=limit, window=window)
    if attempt is None:
        refused = Throttled(ErrorCode.AUTH_THROTTLED, minutes=policy.auth.ip_window_minutes)
        return render(request, "login.html", status_code=429, next=safe_next(next), login_error=refused.message,
                      values={"username": username})
    with unit_of_work(request) as uow:
        outcome = auth_service.login(uow, username=username, password=password, as_of=as_of, ip=ip,
                                     user_agent=request.headers.get("user-agent"))
        uow.commit()
    if not outcome.ok:  # the attempt stays counted against the address
        return render(request, "login.html", status_code=401, next=safe_next(next), login_error=outcome.error.message,
                      values={"username": username})
    c.throttle.succeeded(c.engine, attempt)
    target = "/account/password" if outcome.user.must_change_password else safe_next(next)
    response = redirect(request, target)
    c.cookies.set(response, SESSION_COOKIE, outcome.token)
    c.cookies.clear(response, PRE_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, actor: Actor = Depends(requires(None, password_gate=False))):
    with unit_of_work(request) as uow:
        auth_service.logout(uow, actor, session_id=request.state.session.id)
        uow.commit()
    response = redirect(request, "/login", flash="已安全退出", kind="info")
    ctx(request).cookies.clear(response, SESSION_COOKIE)
    return response


def worklist(request: Request, actor: Actor) -> list:
    """What waits for this user, from every area that offers a worklist (``anju.<area>.worklist.items``)."""
    from anju.areas import area_modules
    from anju.workcal.service import load_calendar

    day = business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        calendar = load_calendar(uow.conn)
        found = [item for module in area_modules("worklist")
                 for item in module.items(uow.conn, actor, as_of=day, calendar=calendar)]
    return sorted(found, key=lambda i: i.order)


@router.get("/")
def home(request: Request, actor: Actor = Depends(requires(None))):
    session = request.state.session
    items = worklist(request, actor)
    return render(request, HOME_TEMPLATES.get(actor.channel, "home_counter.html"), user=session.user,
                  role_labels=[ROLE_LABELS[r] for r in sorted(actor.roles)], Role=Role,
                  work=[i for i in items if i.count is not None], facts=[i for i in items if i.value is not None])


@router.get("/account/password")
def password_page(request: Request, actor: Actor = Depends(requires(None, password_gate=False))):
    return render(request, "password.html")


@router.post("/account/password")
def password_submit(request: Request, old_password: str = Form(""), new_password: str = Form(""),
                    new_password2: str = Form(""), actor: Actor = Depends(requires(None, password_gate=False))):
    try:
        if new_password != new_password2:
            raise ValidationFailed([Problem.of(WebError.NEW_PASSWORDS_DIFFER, field="new_password2")])
        with unit_of_work(request) as uow:
            token = auth_service.change_password(uow, actor, old_password=old_password, new_password=new_password,
                                                 as_of=business_date(request), ip=client_ip(request),
                                                 user_agent=request.headers.get("user-agent"))
            uow.commit()
    except ValidationFailed as exc:
        return render(request, "password.html", status_code=422, errors=form_errors(exc.problems))
    response = redirect(request, "/", flash="密码已修改；其他登录会话已全部退出")
    ctx(request).cookies.set(response, SESSION_COOKIE, token)
    return response
