"""Who is asking: session cookies for pages, API keys for /api, CSRF tokens, and the permission marker.

Every route declares who may reach it with exactly one of
``Depends(requires(permission))`` (a permission, or ``None`` for any signed-in user) or
``Depends(public)`` (anonymous allowed: sign-in page, static help). The permission matrix test finds
these markers on every route, so a state-changing route without one fails the build.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from fastapi import Request

from anju.auth import service as auth_service
from anju.auth.actor import Actor, require
from anju.core import clock
from anju.core.canon import sha256_hex
from anju.core.errors import ErrorCode, Forbidden, Unauthorized
from anju.db.uow import UnitOfWork

SESSION_COOKIE = "anju_session"
PRE_COOKIE = "anju_pre"  # anonymous visitors: the base of the sign-in form's CSRF token
FLASH_COOKIE = "anju_flash"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class LoginRequired(Unauthorized):
    def __init__(self) -> None:
        super().__init__(ErrorCode.AUTH_REQUIRED)


class PasswordChangeRequired(Exception):
    """A user with a temporary password may only change it (or sign out)."""


def ctx(request: Request):
    return request.app.state.anju


def now(request: Request) -> datetime:
    return ctx(request).settings.clock()


def business_date(request: Request) -> date:
    """The centre's business date by the application's clock: the date passed to every service."""
    return clock.business_date(now(request))


def unit_of_work(request: Request, *, read_only: bool = False) -> UnitOfWork:
    c = ctx(request)
    return UnitOfWork(c.engine, read_only=read_only, clock=c.settings.clock)


def client_ip(request: Request) -> str:
    if ctx(request).settings.trust_forwarded_for:
        fwd = request.headers.get("x-forwarded-for")
        if fwd:
            return fwd.split(",")[0].strip()[:45]
    return request.client.host if request.client else "-"


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


# ---------------------------------------------------------------- who is asking


def session_actor(request: Request) -> Actor:
    """The signed-in person of a page request, from the session cookie (cached on the request)."""
    actor = getattr(request.state, "actor", None)
    if actor is not None:
        return actor
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise LoginRequired()
    c = ctx(request)
    moment = now(request)
    with c.engine.connect() as conn:
        info = auth_service.resolve_session(conn, token=token, now=moment, as_of=business_date(request))
    if info is None:
        raise LoginRequired()
    if info.needs_touch(moment):
        with unit_of_work(request) as uow:
            auth_service.touch_session(uow, session_id=info.id)
            uow.commit()
    request.state.session = info
    request.state.actor = info.user.actor()
    return request.state.actor


def api_actor(request: Request) -> Actor:
    """The calling system of an API request, from ``Authorization: Bearer anju_…`` (or ``X-API-Key``)."""
    actor = getattr(request.state, "actor", None)
    if actor is not None:
        return actor
    raw = request.headers.get("x-api-key")
    auth = request.headers.get("authorization", "")
    if not raw and auth[:7].lower() == "bearer ":
        raw = auth[7:].strip()
    if not raw:
        raise LoginRequired()
    c = ctx(request)
    moment = now(request)
    with c.engine.connect() as conn:
        key = auth_service.authenticate_api_key(conn, raw=raw, now=moment)
    if key is None:
        raise Unauthorized(ErrorCode.AUTH_API_KEY)
    if key.last_used_at is None or moment - key.last_used_at >= auth_service.SESSION_TOUCH_EVERY:
        with unit_of_work(request) as uow:
            auth_service.touch_api_key(uow, key_id=key.id)
            uow.commit()
    request.state.actor = key.actor()
    return request.state.actor


def current_actor(request: Request) -> Actor:
    return api_actor(request) if is_api(request) else session_actor(request)


def optional_actor(request: Request) -> Actor | None:
    try:
        return session_actor(request)
    except LoginRequired:
        return None


# ---------------------------------------------------------------- the markers


def requires(permission: str | None, *, password_gate: bool = True):
    """Dependency: the signed-in actor, who must hold ``permission`` (``None``: any signed-in user).

    Only a marker for the route; the service called by the route checks the permission again, since the
    service layer is the authority.
    """

    def dependency(request: Request) -> Actor:
        actor = current_actor(request)
        session = getattr(request.state, "session", None)
        if password_gate and session is not None and session.user.must_change_password:
            raise PasswordChangeRequired()
        if permission is not None:
            require(actor, permission)
        return actor

    dependency.anju_permission = None if permission is None else str(permission)
    dependency.__name__ = f"requires_{permission or 'signed_in'}".replace(".", "_")
    return dependency


def public() -> None:
    """Marker: anonymous visitors may reach this route."""


public.anju_public = True


# ---------------------------------------------------------------- CSRF


def _csrf_for(base: str) -> str:
    return sha256_hex("csrf", base)[:40]


def csrf_token(request: Request) -> str:
    """The token forms and htmx send back; derived from the session (or pre-session) cookie secret."""
    base = getattr(request.state, "csrf_base", None) or request.cookies.get(SESSION_COOKIE) \
        or request.cookies.get(PRE_COOKIE)
    if not base:
        base = secrets.token_urlsafe(24)
        request.state.new_pre_cookie = base
    request.state.csrf_base = base
    return _csrf_for(base)


async def csrf_protect(request: Request) -> None:
    """Router dependency of every page route: a state-changing request must carry the token."""
    if request.method in SAFE_METHODS:
        return
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise Forbidden(ErrorCode.AUTH_CSRF)
    base = request.cookies.get(SESSION_COOKIE) or request.cookies.get(PRE_COOKIE)
    sent = request.headers.get(CSRF_HEADER)
    if not sent:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            sent = (await request.form()).get(CSRF_FIELD)
    if not base or not isinstance(sent, str) or not hmac.compare_digest(sent, _csrf_for(base)):
        raise Forbidden(ErrorCode.AUTH_CSRF)


csrf_protect.anju_csrf = True


@dataclass(frozen=True)
class CookiePolicy:
    secure: bool

    def set(self, response, name: str, value: str, *, max_age: int | None = None) -> None:
        # SameSite=Lax: sent on top-level navigation from elsewhere (a link in the centre's portal or a
        # bookmark keeps the session) but never on cross-site POSTs, images or frames; GET never changes
        # state and every POST also needs the CSRF token, so Strict would only add friction.
        response.set_cookie(name, value, max_age=max_age, path="/", secure=self.secure, httponly=True,
                            samesite="lax")

    def clear(self, response, name: str) -> None:
        response.delete_cookie(name, path="/", secure=self.secure, httponly=True, samesite="lax")
