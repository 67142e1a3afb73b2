"""What an area needs to add pages and API routes to the shell.

An area adds ``anju/<area>/web.py`` with ``router`` (an APIRouter of pages) and ``MENU`` (a list of
:class:`MenuEntry`), templates in ``anju/<area>/templates/<area>/*.html`` extending ``layout.html``, and
``anju/<area>/api.py`` with ``router`` (mounted under ``/api/v1``). Every route declares who may reach it
with ``Depends(requires(...))`` or ``Depends(public)``; page routes get CSRF checking from the shell.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from urllib.parse import quote, unquote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from anju.auth import confirmations
from anju.auth.actor import Actor, Channel, can
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.web.errors import WebError
from anju.web.security import (  # noqa: F401  (re-exported for areas)
    FLASH_COOKIE,
    PRE_COOKIE,
    business_date,
    client_ip,
    csrf_token,
    ctx,
    now,
    optional_actor,
    public,
    requires,
    unit_of_work,
)


@dataclass(frozen=True)
class MenuEntry:
    section: str  # 菜单分组，如“总账”
    label: str
    path: str
    permission: str | None  # None: every signed-in user of the channel
    channel: Channel = Channel.COUNTER  # the menu of counter staff, of employer agents or of members
    order: int = 100
    accesskey: str | None = None


# Sections appear in this order; an area's new section goes after them.
SECTION_ORDER = ("首页", "单位网厅", "个人网厅", "柜面业务", "审批", "财务", "政策与日历", "稽核", "系统管理", "我的")


def menu_for(actor: Actor, entries: Iterable[MenuEntry]) -> list[tuple[str, list[MenuEntry]]]:
    visible = [e for e in entries if e.channel == actor.channel and (e.permission is None or can(actor, e.permission))]
    sections: dict[str, list[MenuEntry]] = {}
    for e in sorted(visible, key=lambda e: (_section_rank(e.section), e.order, e.label)):
        sections.setdefault(e.section, []).append(e)
    return list(sections.items())


def _section_rank(section: str) -> int:
    return SECTION_ORDER.index(section) if section in SECTION_ORDER else len(SECTION_ORDER)


# ---------------------------------------------------------------- forms


class FormErrors:
    """Problems of a submitted form, by field, for ``field_error`` and ``errors_summary`` in _forms.html."""

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        self.problems = list(problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def for_field(self, name: str, row: int | None = None) -> list[str]:
        return [p.message for p in self.problems
                if (p.input == name or p.field == name) and (row is None or p.row == row)]

    def for_row(self, row: int) -> list[str]:
        return [p.message for p in self.problems if p.row == row]

    @property
    def general(self) -> list[str]:
        """Problems not tied to one field of the form (shown above it)."""
        return [str(p) for p in self.problems if p.field is None and p.row is None]


def form_errors(problems: Iterable[Problem] = (), *, fields: dict[str, str] | None = None) -> FormErrors:
    """``fields`` ties the services' Chinese field labels (“缴存基数”) to the form's field names (``base``); the
    label stays what the error summary shows."""
    if fields:
        problems = [Problem(p.message, field=p.field, row=p.row, code=p.code,
                            input=fields.get(p.field, p.input) if p.field else p.input) for p in problems]
    return FormErrors(problems)


class FormReader:
    """Typed values out of a submitted form; every unreadable field becomes a problem beside that field.

    Only parsing lives here (text → fen, Decimal ratio, YYYYMM month, date); business checks stay in services.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def _fail(self, field: str, label: str, code: StrEnum | AnjuError, /, **params: object) -> None:
        """A problem shown under the field's Chinese label, placed beside the input named ``field``: a code with its
        message's values, or an error (a parse that failed) whose code and message it keeps."""
        if isinstance(code, AnjuError):
            self.problems.append(Problem.from_error(code, field=label, input=field))
        else:
            self.problems.append(Problem.of(code, field=label, input=field, **params))

    def _required(self, text: str | None, field: str, label: str, required: bool) -> str | None:
        text = (text or "").strip()
        if not text:
            if required:
                self._fail(field, label, WebError.FIELD_REQUIRED, label=label)
            return None
        return text

    def text(self, text: str | None, field: str, label: str, *, required: bool = True) -> str:
        return self._required(text, field, label, required) or ""

    def money(self, text: str | None, field: str, label: str, *, required: bool = True) -> int | None:
        from anju.core.money import parse_yuan

        value = self._required(text, field, label, required)
        if value is None:
            return None
        try:
            return parse_yuan(value)
        except AnjuError as exc:
            self._fail(field, label, exc)
            return None

    def ratio(self, text: str | None, field: str, label: str, *, required: bool = True):
        from anju.policy.kinds import KindError, parse_ratio

        value = self._required(text, field, label, required)
        if value is None:
            return None
        try:
            raw = value if "%" in value or "." in value else f"{value}%"
            return parse_ratio(raw)
        except KindError:  # a form's text fails only as a malformed ratio
            self._fail(field, label, WebError.FIELD_RATIO, value=raw)
            return None

    def month(self, text: str | None, field: str, label: str, *, required: bool = True) -> int | None:
        from anju.core.dates import parse_month

        value = self._required(text, field, label, required)
        if value is None:
            return None
        try:
            return parse_month(value)
        except AnjuError as exc:
            self._fail(field, label, exc)
            return None

    def date(self, text: str | None, field: str, label: str, *, required: bool = True):
        from anju.core.dates import parse_date

        value = self._required(text, field, label, required)
        if value is None:
            return None
        try:
            return parse_date(value)
        except AnjuError as exc:
            self._fail(field, label, exc)
            return None

    def integer(self, text: str | None, field: str, label: str, *, required: bool = True) -> int | None:
        value = self._required(text, field, label, required)
        if value is None:
            return None
        if not value.isdigit():
            self._fail(field, label, WebError.FIELD_INTEGER, label=label)
            return None
        return int(value)

    def check(self) -> None:
        """Refuse the form when anything could not be read (raised before calling the service)."""
        if self.problems:
            raise ValidationFailed(self.problems)


# ---------------------------------------------------------------- responses


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


_CENTRE_NAME: dict[int, tuple[float, str]] = {}


def _centre_name(request: Request) -> str:
    """The centre's name for the page header, read at most once a minute per application (every page shows it)."""
    import time

    from anju.org.tables import centre_info

    key = id(request.app)
    cached = _CENTRE_NAME.get(key)
    if cached is not None and time.monotonic() - cached[0] < 60:
        return cached[1]
    with ctx(request).engine.connect() as conn:
        name = conn.execute(select(centre_info.c.value).where(centre_info.c.key == "name")).scalar()
    name = name or "住房公积金管理中心"
    _CENTRE_NAME[key] = (time.monotonic(), name)
    return name


def _take_flashes(request: Request) -> list[tuple[str, str]]:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return []
    try:
        return [(str(k), str(m)) for k, m in json.loads(unquote(raw))][:5]
    except (ValueError, TypeError):
        return []


def _page_context(request: Request, flashes: list[tuple[str, str]], context: dict) -> dict:
    c = ctx(request)
    actor = getattr(request.state, "actor", None)
    base = {
        "request": request, "actor": actor, "session": getattr(request.state, "session", None),
        "menu": menu_for(actor, c.menu) if actor is not None else [],
        "csrf_token": csrf_token(request), "flashes": flashes, "centre_name": _centre_name(request),
        "business_date": business_date(request), "path": request.url.path, "htmx": is_htmx(request),
        "errors": FormErrors(), "values": {}, "base": "layout.html", "pdf": False,
        # ``permitted("ledger.read")``: whether this user may open what a link would lead to (no link to a refusal)
        "permitted": lambda permission: actor is not None and can(actor, permission),
    }
    base.update(context)
    return base


def render(request: Request, template: str, *, status_code: int = 200, **context) -> HTMLResponse:
    """A page (or, for htmx, a fragment) with the shell's context: actor, menu, CSRF token, flashes."""
    c = ctx(request)
    flashes = _take_flashes(request)
    html = c.env.get_template(template).render(_page_context(request, flashes, context))
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    _finish(request, response, clear_flash=bool(flashes))
    return response


def _finish(request: Request, response, *, clear_flash: bool = False) -> None:
    policy = ctx(request).cookies
    pre = getattr(request.state, "new_pre_cookie", None)
    if pre:
        policy.set(response, PRE_COOKIE, pre)
    if clear_flash:
        policy.clear(response, FLASH_COOKIE)


def render_pdf(request: Request, template: str, *, filename: str, **context):
    """The same template as the printable page, laid out on A4 by WeasyPrint with the CJK fonts embedded.

    A printable template starts with ``{% extends base %}``: ``layout.html`` on screen, ``document.html``
    (no menu, no top bar) here.
    """
    from anju.web.pdf import html_to_pdf

    html = ctx(request).env.get_template(template).render(
        _page_context(request, [], {**context, "base": "document.html", "pdf": True}))
    return download(html_to_pdf(html), filename, media_type="application/pdf")


def redirect(request: Request, url: str, *, flash: str | None = None, kind: str = "success") -> RedirectResponse:
    """303 See Other after a POST (so a reload never repeats it), with an optional message for the next page."""
    response = RedirectResponse(url, status_code=303)
    if is_htmx(request):
        response.headers["HX-Redirect"] = url
    if flash:
        ctx(request).cookies.set(response, FLASH_COOKIE, quote(json.dumps([[kind, flash]], ensure_ascii=False)))
    _finish(request, response)
    return response


def safe_next(url: str | None, default: str = "/") -> str:
    """Only a local path may be a redirect target (no open redirect)."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return default
    return url


# ---------------------------------------------------------------- confirmation screens


def stash_confirmation(request: Request, *, action: str, payload: dict) -> str:
    """First POST of a money movement: keep what was checked; the confirmation form carries only a token."""
    session = request.state.session
    with unit_of_work(request) as uow:
        token = confirmations.stash(uow, session_id=session.id, action=action, payload=payload,
                                    valid_for=timedelta(minutes=ctx(request).settings.confirmation_minutes))
        uow.commit()
    return token


def take_confirmation(uow, request: Request, *, action: str, token: str) -> dict:
    """Second POST: the stored payload, once, in the same transaction as the use case it confirms."""
    return confirmations.take(uow, session_id=request.state.session.id, action=action, token=token)


def stash_download(request: Request, *, action: str, data: bytes) -> str:
    """A file made for this session (an error workbook), downloadable for the confirmation lifetime."""
    import base64

    return stash_confirmation(request, action=action, payload={"b64": base64.b64encode(data).decode("ascii")})


def fetch_download(request: Request, *, action: str, token: str) -> bytes:
    import base64

    with ctx(request).engine.connect() as conn:
        payload = confirmations.peek(conn, session_id=request.state.session.id, action=action, token=token,
                                     now=now(request))
    return base64.b64decode(payload["b64"])


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_responses(*media_types: str) -> dict:
    """``responses=`` of a route answering a file, so the OpenAPI document names the file's media types."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {200: {"description": "文件", "content": dict.fromkeys(media_types, binary)}}


def download(data: bytes, filename: str, media_type: str = XLSX):
    """A file response with a Chinese file name (RFC 5987) that is never cached."""
    from fastapi.responses import Response

    return Response(data, media_type=media_type, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}", "Cache-Control": "no-store"})


def date_param(request: Request, value: str | None):
    """A date typed into a filter (``2025-07-01``, ``2025/7/1``, ``2025年7月1日``); empty means the business date."""
    from anju.core.dates import parse_date

    return parse_date(value) if value and value.strip() else business_date(request)


def certificate_stamp(request: Request, actor: Actor, *, kind: str, subject_ref: str, person_id: int | None,
                      title: str, facts, as_of=None):
    """The signed QR code (亮码) of a certificate a page prints, through the port ``anju.core.certify`` (the
    digital-services area registers it); None while nothing is connected, and the page prints no code."""
    from anju.core import certify

    return certify.port().issue(ctx(request).engine, actor, kind=kind, subject_ref=subject_ref, person_id=person_id,
                                title=title, facts=facts, as_of=as_of or business_date(request),
                                base_url=str(request.base_url))
