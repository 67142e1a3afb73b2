"""Errors at the edge: RFC 9457 problem+json for the API, a Chinese page (or a redirect) for pages."""

from __future__ import annotations

import logging
import re
import secrets
from contextlib import suppress

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from anju.core.errors import AnjuError, ErrorCode, Problem, ValidationFailed, message
from anju.web.security import LoginRequired, PasswordChangeRequired, is_api

log = logging.getLogger("anju.web")

TITLES = {400: "请求有误", 401: "未登录或凭证无效", 403: "无权访问", 404: "不存在", 405: "不支持的请求方法",
          409: "与当前状态冲突", 422: "数据校验未通过", 429: "请求过于频繁", 500: "系统内部错误"}
PROBLEM_JSON = "application/problem+json"

_PYDANTIC_MESSAGES = {
    "missing": "此项必填", "int_parsing": "应为整数", "int_type": "应为整数", "int_from_float": "应为整数",
    "int_parsing_size": "整数过大", "float_parsing": "应为数字", "float_type": "应为数字",
    "date_parsing": "日期格式不正确", "date_from_datetime_parsing": "日期格式不正确", "date_type": "日期格式不正确",
    "date_from_datetime_inexact": "日期格式不正确", "datetime_parsing": "时间格式不正确",
    "datetime_type": "时间格式不正确", "json_invalid": "JSON格式不正确", "json_type": "JSON格式不正确",
    "string_type": "应为文本", "string_too_long": "内容过长", "string_too_short": "内容过短",
    "string_unicode": "应为文本", "list_type": "应为列表", "tuple_type": "应为列表", "too_long": "项数过多",
    "too_short": "项数过少", "bool_parsing": "应为是或否", "bool_type": "应为是或否",
    "model_attributes_type": "格式不正确", "model_type": "格式不正确", "dict_type": "格式不正确",
    "enum": "不是允许的取值", "literal_error": "不是允许的取值", "extra_forbidden": "不允许的字段",
    "greater_than_equal": "不能小于{ge}", "less_than_equal": "不能大于{le}", "greater_than": "应大于{gt}",
    "less_than": "应小于{lt}", "none_required": "应为空", "decimal_parsing": "应为数字",
    "decimal_type": "应为数字", "url_parsing": "网址格式不正确", "uuid_parsing": "格式不正确",
}
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _pydantic_message(error: dict) -> str:
    """A Chinese message for one pydantic error: the table above (bounds filled in), a validator's own Chinese
    message, or a generic one — never pydantic's English."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "value_error" and _HAN.search(str(ctx.get("error", ""))):
        return str(ctx["error"])
    template = _PYDANTIC_MESSAGES.get(kind, "格式不正确")
    try:
        return template.format(**{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in ctx.items()})
    except (KeyError, IndexError, ValueError):
        return "超出允许范围"


def problems_of(exc: RequestValidationError) -> list[Problem]:
    out = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path", "header", "cookie")]
        out.append(Problem(_pydantic_message(e), field=".".join(loc) or None, code=f"request.{e.get('type') or 'invalid'}"))
    return out


def problem_response(status: int, *, code: str, detail: str, problems: list[Problem] | None = None,
                     instance: str | None = None, headers: dict | None = None) -> JSONResponse:
    body = {"type": f"urn:anju:problem:{code}", "title": TITLES.get(status, "错误"), "status": status,
            "detail": detail, "code": code}
    if instance:
        body["instance"] = instance
    if problems is not None:
        # ``field`` is the label a person reads; ``input`` the request member it belongs to, for programs
        body["problems"] = [{"message": p.message, "field": p.field, "input": p.input, "row": p.row,
                             "code": p.code} for p in problems]
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
    code = {400: "bad_request", 404: ErrorCode.NOT_FOUND.value, 405: "method_not_allowed"}.get(exc.status_code, "http")
    detail = {400: "请求内容无法解析（应为UTF-8编码的JSON或表单）", 404: "请求的地址不存在",
              405: "不支持此请求方法"}.get(exc.status_code, str(exc.detail))
    if not _HAN.search(detail):  # Starlette's and FastAPI's own messages are English
        detail = TITLES.get(exc.status_code, "请求未能处理")
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    if is_api(request):
        return problem_response(exc.status_code, code=code, detail=detail, instance=request.url.path,
                                headers=headers or None)
    response = _page(request, exc.status_code, detail)
    response.headers.update(headers)
    return response


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette names only those of the first route that matched).
    Each method is tried against the routes' own matching, so nested routers need no special care."""
    from starlette.routing import Match

    routes = request.app.router.routes
    return [method for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
            if any(route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes)]


async def on_data_error(request: Request, exc: Exception):
    """A value the database cannot hold (a number beyond its column, NUL in text) that no bound caught at the
    edge: the caller's input, so a 422 — logged, since a bound belongs on that input."""
    text = str(getattr(exc, "orig", None) or exc)
    if "NUL" in text or "0x00" in text:
        what, code = "text", ErrorCode.REQUEST_NUL
    else:
        what, code = "a number", ErrorCode.REQUEST_RANGE
    detail = message(code)
    log.warning("the database refused %s on %s %s: %s", what, request.method, request.url.path,
                text.splitlines()[0] if text else type(exc).__name__)
    problems = [Problem.of(code)]
    if is_api(request):
        return problem_response(422, code=ErrorCode.INVALID.value, detail=detail, problems=problems,
                                instance=request.url.path)
    return _page(request, 422, detail, problems)


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


PROBLEM_SCHEMA = {
    "title": "Problem", "type": "object", "required": ["type", "title", "status", "detail", "code"],
    "description": "错误（RFC 9457 problem+json）：code 为错误代码，detail 为中文说明；输入有误时 problems 列出每一处",
    "properties": {
        "type": {"type": "string", "description": "urn:anju:problem:<code>"},
        "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"},
        "code": {"type": "string", "description": "错误代码，如 invalid、not_found、auth.required"},
        "instance": {"type": "string"},
        "problems": {"type": "array", "items": {"$ref": "#/components/schemas/ProblemItem"}},
    },
}
PROBLEM_ITEM_SCHEMA = {
    "title": "ProblemItem", "type": "object", "required": ["message", "code"],
    "properties": {"message": {"type": "string"},
                   "field": {"type": ["string", "null"], "description": "字段名称（中文）"},
                   "input": {"type": ["string", "null"], "description": "对应的请求参数名（供程序使用）"},
                   "row": {"type": ["integer", "null"]}, "code": {"type": "string"}},
}
DOCUMENTED = {400: "请求有误", 401: TITLES[401], 403: TITLES[403], 404: TITLES[404], 409: TITLES[409],
              422: TITLES[422]}


def document(schema: dict) -> dict:
    """Every API operation's error answers in the OpenAPI document: 400, 401, 403, 404, 409 and 422 as
    ``application/problem+json`` (FastAPI's own 422 ``HTTPValidationError`` is replaced: it is never sent)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    components["ProblemItem"] = PROBLEM_ITEM_SCHEMA
    body = {"content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status, title in DOCUMENTED.items():
                operation["responses"][str(status)] = {"description": title, **body}
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema


def install(app) -> None:
    app.add_exception_handler(AnjuError, on_anju_error)
    app.add_exception_handler(PasswordChangeRequired, on_password_change)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(DataError, on_data_error)
    app.add_exception_handler(OverflowError, on_data_error)
    app.add_exception_handler(Exception, on_unexpected)
