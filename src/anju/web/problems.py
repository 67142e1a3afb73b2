"""Errors at the edge: RFC 9457 problem+json for the API, a Chinese page (or a redirect) for pages."""

from __future__ import annotations

import logging
import secrets
from contextlib import suppress

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from anju.core.errors import AnjuError, ErrorCode, Problem, ValidationFailed
from anju.web.security import LoginRequired, PasswordChangeRequired, is_api

log = logging.getLogger("anju.web")

TITLES = {400: "请求有误", 401: "未登录或凭证无效", 403: "无权访问", 404: "不存在", 405: "不支持的请求方法",
          409: "与当前状态冲突", 422: "数据校验未通过", 429: "请求过于频繁", 500: "系统内部错误"}
PROBLEM_JSON = "application/problem+json"

_PYDANTIC_MESSAGES = {
    "missing": "此项必填", "int_parsing": "应为整数", "int_type": "应为整数", "date_parsing": "日期格式不正确",
    "date_from_datetime_parsing": "日期格式不正确", "json_invalid": "JSON格式不正确", "string_type": "应为文本",
    "string_too_long": "内容过长", "list_type": "应为列表", "bool_parsing": "应为是或否",
    "model_attributes_type": "格式不正确", "dict_type": "格式不正确", "enum": "不是允许的取值",
}


def problems_of(exc: RequestValidationError) -> list[Problem]:
    out = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path", "header", "cookie")]
        out.append(Problem(_PYDANTIC_MESSAGES.get(e.get("type", ""), e.get("msg", "格式不正确")),
                           field=".".join(loc) or None, code=ErrorCode.INVALID.value))
    return out


def problem_response(status: int, *, code: str, detail: str, problems: list[Problem] | None = None,
                     instance: str | None = None, headers: dict | None = None) -> JSONResponse:
    body = {"type": f"urn:anju:problem:{code}", "title": TITLES.get(status, "错误"), "status": status,
            "detail": detail, "code": code}
    if instance:
        body["instance"] = instance
    if problems is not None:
        body["problems"] = [{"message": p.message, "field": p.field, "row": p.row, "code": p.code}
                            for p in problems]
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _page(request: Request, status: int, message: str, problems: list[Problem] | None = None):
    from anju.web.kit import render
    from anju.web.security import optional_actor

    if getattr(request.state, "actor", None) is None and not is_api(request):
        with suppress(AnjuError):
            optional_actor(request)  # so the error page shows the menu of a signed-in user
    return render(request, "error.html", status_code=status, title=TITLES.get(status, "错误"), message=message,
                  problem_list=[str(p) for p in problems or []])


def _login_redirect(request: Request):
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    from urllib.parse import quote

    url = f"/login?next={quote(target)}" if request.method == "GET" else "/login"
    response = RedirectResponse(url, status_code=303)
    if request.headers.get("hx-request") == "true":
        response.headers["HX-Redirect"] = url
    return response


async def on_anju_error(request: Request, exc: AnjuError):
    problems = exc.problems if isinstance(exc, ValidationFailed) else None
    if is_api(request):
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return problem_response(exc.status, code=exc.code.value, detail=exc.message, problems=problems,
                                instance=request.url.path, headers=headers)
    if isinstance(exc, LoginRequired):
        return _login_redirect(request)
    return _page(request, exc.status, exc.message, problems)


async def on_password_change(request: Request, exc: PasswordChangeRequired):
    from anju.web.kit import redirect

    return redirect(request, "/account/password", flash="请先修改初始密码", kind="warning")


async def on_validation_error(request: Request, exc: RequestValidationError):
    problems = problems_of(exc)
    if is_api(request):
        return problem_response(422, code=ErrorCode.INVALID.value, detail=f"共{len(problems)}处错误",
                                problems=problems, instance=request.url.path)
    return _page(request, 422, "提交的内容不完整或格式不正确", problems)


async def on_http_error(request: Request, exc: StarletteHTTPException):
    code = {404: ErrorCode.NOT_FOUND.value, 405: "method_not_allowed"}.get(exc.status_code, "http")
    detail = {404: "请求的地址不存在", 405: "不支持此请求方法"}.get(exc.status_code, str(exc.detail))
    if is_api(request):
        return problem_response(exc.status_code, code=code, detail=detail, instance=request.url.path)
    return _page(request, exc.status_code, detail)


async def on_unexpected(request: Request, exc: Exception):
    incident = secrets.token_hex(4)
    log.exception("unexpected error %s on %s %s", incident, request.method, request.url.path)
    detail = f"系统内部错误，请联系系统管理员（事件编号 {incident}）"
    if is_api(request):
        return problem_response(500, code="internal", detail=detail, instance=request.url.path)
    try:
        return _page(request, 500, detail)
    except Exception:  # the error page itself failed (e.g. the database is down)
        from fastapi.responses import PlainTextResponse

        return PlainTextResponse(detail, status_code=500)


def install(app) -> None:
    app.add_exception_handler(AnjuError, on_anju_error)
    app.add_exception_handler(PasswordChangeRequired, on_password_change)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
