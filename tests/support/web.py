"""Driving the web application in tests: a movable clock, users per role, signed-in clients."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fastapi.testclient import TestClient

from anju.auth import service as auth
from anju.auth.actor import Role, cli_actor
from anju.db import UnitOfWork
from anju.web.app import create_app
from anju.web.settings import WebSettings

PASSWORD = "Correct-horse-9"
# 09:00 in Beijing on Monday 2 March 2026, as naive UTC.
START = datetime(2026, 3, 2, 1, 0, 0)
BUSINESS_DATE = START.date()

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Clock:
    """Naive-UTC time that only moves when a test moves it (no test ever sleeps for a timeout)."""

    def __init__(self, start: datetime = START) -> None:
        self.at = start

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **kw) -> None:
        self.at += timedelta(**kw)


class Client(TestClient):
    """A browser-like client: remembers cookies and the CSRF token of the last page it saw."""

    csrf: str | None = None

    def request(self, method, url, *args, **kwargs):
        response = super().request(method, url, *args, **kwargs)
        m = _CSRF.search(response.text) if "text/html" in response.headers.get("content-type", "") else None
        if m:
            self.csrf = m.group(1)
        return response

    def submit(self, url: str, data: dict | None = None, **kwargs):
        """POST a form the way the page would, CSRF token included."""
        if self.csrf is None:
            self.get("/login")
        return self.post(url, data={"csrf_token": self.csrf, **(data or {})}, **kwargs)


@dataclass
class Web:
    engine: object
    clock: Clock
    settings: WebSettings
    app: object = None
    users: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.app = create_app(self.engine, settings=self.settings)

    def client(self, **kw) -> Client:
        return self.client_for(self.app, **kw)

    def client_for(self, app, **kw) -> Client:
        kw.setdefault("follow_redirects", False)
        return Client(app, **kw)

    def user(self, username: str, *roles: Role, employer_id: int | None = None, person_id: int | None = None,
             password: str = PASSWORD, must_change: bool = False):
        with UnitOfWork(self.engine, clock=self.clock) as uow:
            user, _ = auth.create_user(uow, cli_actor("test"), username=username, display_name=f"测试{username}",
                                       roles=frozenset(roles), employer_id=employer_id, person_id=person_id,
                                       password=password, must_change_password=must_change, as_of=BUSINESS_DATE)
            uow.commit()
        self.users[username] = user
        return user

    def portal_world(self) -> None:
        """Employers 1 and 2, each with one member (persons 1 and 2), so portal users have real records and
        another employer / person to be refused. Made once per test, through the services."""
        from sqlalchemy import func, select

        from anju.registry.tables import employer
        from tests.support import factory

        with self.engine.connect() as conn:
            if conn.execute(select(func.count()).select_from(employer)).scalar_one():
                return
        for n in (1, 2):
            eid = factory.open_employer(self.engine, name=f"测试单位{n}")
            factory.open_members(self.engine, eid, 1, start=900 + n)

    def role_user(self, role: Role):
        """One user per role (portal users scoped to employer 1 / person 1), made on first use."""
        name = f"u_{role.value}"
        if role in (Role.EMPLOYER_AGENT, Role.MEMBER):
            self.portal_world()
        if name not in self.users:
            self.user(name, role, employer_id=1 if role is Role.EMPLOYER_AGENT else None,
                      person_id=1 if role is Role.MEMBER else None)
        return self.users[name]

    def login(self, username: str, password: str = PASSWORD, client: Client | None = None) -> Client:
        c = client or self.client()
        c.get("/login")
        r = c.submit("/login", {"username": username, "password": password, "next": "/"})
        assert r.status_code == 303, r.text
        c.get("/")
        return c

    def as_role(self, role: Role) -> Client:
        return self.login(self.role_user(role).username)

    def api_key(self, *roles: Role, employer_id: int | None = None, expires_at=None) -> str:
        with UnitOfWork(self.engine, clock=self.clock) as uow:
            _, secret = auth.create_api_key(uow, cli_actor("test"), name="测试系统", roles=frozenset(roles),
                                            employer_id=employer_id, expires_at=expires_at)
            uow.commit()
        return secret

    def api(self, key: str | None) -> Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return self.client(headers=headers)
