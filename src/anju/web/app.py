"""The application factory: shell pages, every area's pages and API, static files, errors, headers."""

from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment
from sqlalchemy import Engine
from starlette.datastructures import MutableHeaders

from anju import compose
from anju.areas import area_modules
from anju.auth.throttle import LoginThrottle
from anju.core import errors
from anju.web import problems, shell, tools_api
from anju.web.kit import MenuEntry
from anju.web.security import CookiePolicy, csrf_protect, public
from anju.web.settings import WebSettings
from anju.web.templating import build_env

STATIC = Path(__file__).with_name("static")
API_PREFIX = "/api/v1"

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
# Swagger UI starts itself with an inline script.
CSP_DOCS = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; frame-ancestors 'none'; object-src 'none'")


@dataclass
class AppContext:
    engine: Engine
    settings: WebSettings
    env: Environment
    menu: list[MenuEntry]
    cookies: CookiePolicy
    throttle: LoginThrottle


class SecurityHeaders:
    """Headers on every response: CSP, no sniffing, no framing, no referrer leaks."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        csp = CSP_DOCS if scope["path"] == "/api/docs" else CSP

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", csp)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "same-origin")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def mount_pages(app: FastAPI, router: APIRouter) -> None:
    """Pages: CSRF-checked on every state-changing request, and kept out of the API documentation."""
    app.include_router(router, dependencies=[Depends(csrf_protect)], include_in_schema=False)


def _document_errors(app: FastAPI) -> None:
    """The OpenAPI document, built once, with every operation's problem+json error answers."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = problems.document(get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes))
        return app.openapi_schema

    app.openapi = openapi
def _set_time_zone(engine: Engine) -> None:
    """The business date is the date in the centre's time zone (``[centre] time_zone`` of the loaded centre)."""
    from anju.policy.service import apply_time_zone

    with engine.connect() as conn:
        apply_time_zone(conn)


def create_app(engine: Engine, *, settings: WebSettings | None = None) -> FastAPI:
    settings = settings or WebSettings()
    compose.wire()  # ports, permissions, declarations and labels, connected once at start-up
    errors.install_areas()  # the areas' error codes and their Chinese messages

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        _set_time_zone(engine)  # at start-up (uvicorn, or a TestClient used as a context manager)
        yield

    app = FastAPI(title="安居 住房公积金管理信息系统 API", version=version("anju"),
                  description="金额以“元”为单位的两位小数字符串；错误为 application/problem+json（RFC 9457），"
                              "含错误代码 code。认证：Authorization: Bearer anju_<前缀>_<密钥>。",
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json", lifespan=lifespan)
    menu: list[MenuEntry] = list(shell.MENU)
    mount_pages(app, shell.router)
    for module in area_modules("web"):
        mount_pages(app, module.router)
        menu.extend(getattr(module, "MENU", []))
    api = APIRouter(prefix=API_PREFIX)
    api.include_router(tools_api.router)
    for module in area_modules("api"):
        api.include_router(module.router)
    app.include_router(api)

    @app.get("/api/docs", include_in_schema=False, dependencies=[Depends(public)])
    def api_docs():
        return get_swagger_ui_html(openapi_url=app.openapi_url, title="安居 API 文档",
                                   swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.state.anju = AppContext(engine=engine, settings=settings, env=build_env(), menu=menu,
                                cookies=CookiePolicy(secure=settings.cookie_secure), throttle=LoginThrottle())
    problems.install(app)
    _document_errors(app)
    app.add_middleware(SecurityHeaders)
    return app
