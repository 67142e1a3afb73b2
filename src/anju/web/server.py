"""Running the application under uvicorn: in the foreground (`anju serve`) or in a thread (tests, benches)."""

from __future__ import annotations

import os
import socket
import threading
import time

import uvicorn
from sqlalchemy import Engine

from anju.web import logs
from anju.web.app import create_app
from anju.web.settings import WebSettings

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")


def uvicorn_config(engine: Engine, *, host: str, port: int, settings: WebSettings,
                   log_level: str = "info") -> uvicorn.Config:
    app = create_app(engine, settings=settings)
    return uvicorn.Config(app, host=host, port=port, log_level=log_level, proxy_headers=settings.trust_forwarded_for,
                          server_header=False, date_header=True, access_log=True)


def serve(engine: Engine, *, host: str, port: int, settings: WebSettings, workers: int = 1) -> None:
    """One process, or ``workers`` processes sharing the port (each builds its app with :func:`app_from_env`)."""
    logs.install()
    if workers <= 1:
        uvicorn.Server(uvicorn_config(engine, host=host, port=port, settings=settings)).run()
        return
    os.environ["ANJU_DATABASE_URL"] = engine.url.render_as_string(hide_password=False)
    os.environ["ANJU_COOKIE_SECURE"] = "1" if settings.cookie_secure else "0"
    os.environ["ANJU_TRUST_PROXY"] = "1" if settings.trust_forwarded_for else "0"
    uvicorn.run("anju.web.server:app_from_env", factory=True, host=host, port=port, workers=workers,
                proxy_headers=settings.trust_forwarded_for, server_header=False, access_log=True)


def app_from_env():
    """The application of one worker process, configured from the environment set by :func:`serve`."""
    from anju.bootstrap import engine_from_settings

    logs.install()
    settings = WebSettings(cookie_secure=os.environ.get("ANJU_COOKIE_SECURE", "1") != "0",
                           trust_forwarded_for=os.environ.get("ANJU_TRUST_PROXY", "0") == "1")
    return create_app(engine_from_settings(), settings=settings)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class ServerThread:
    """uvicorn in a background thread on a free loopback port; ``with ServerThread(...) as url: ...``."""

    def __init__(self, engine: Engine, *, settings: WebSettings, host: str = "127.0.0.1", port: int | None = None):
        self.host = host
        self.port = port or free_port(host)
        config = uvicorn_config(engine, host=host, port=self.port, settings=settings, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="anju-web", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> str:
        logs.install()
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the web server did not start")
            time.sleep(0.02)  # waiting for a thread to come up, not for a timeout under test
        return self.url

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
