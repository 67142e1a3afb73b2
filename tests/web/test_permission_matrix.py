"""The permission matrix, built from the application's own routes.

Every route must say who may reach it (``Depends(requires(...))`` or ``Depends(public)``); every page route
must check CSRF; and for every route with a permission, every role without it is refused (403), while an
anonymous caller is sent to sign in (pages) or gets 401 (API). A new area's routes are covered the day
they are mounted, without editing this file.
"""

from __future__ import annotations

import re

import pytest
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.routing import APIRoute, iter_route_contexts

from anju.auth.actor import Actor, Channel, Role, can, scope_employer, scope_person
from anju.db import make_engine
from anju.web.app import create_app, mount_pages
from anju.web.kit import render, requires
from anju.web.security import csrf_protect

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
ROLES = [r for r in Role if r is not Role.SYSTEM]
# Routes that are not FastAPI routes: static files and the OpenAPI document (public by nature).
NON_API_ROUTES = {"/static", "/api/openapi.json"}


def _deps(dependant):
    for d in dependant.dependencies:
        yield d.call
        yield from _deps(d)


def marker(route) -> tuple[str, str | None]:
    """("public", None), ("permission", name-or-None) or ("missing", None)."""
    found = []
    for call in _deps(route.dependant):
        if getattr(call, "anju_public", False):
            found.append(("public", None))
        elif hasattr(call, "anju_permission"):
            found.append(("permission", call.anju_permission))
    if len(found) != 1:
        return ("missing" if not found else "ambiguous", None)
    return found[0]


def routes_of(app: FastAPI) -> list:
    """(method, route) for every FastAPI route as mounted: full path, router-level dependencies included."""
    return sorted(((m, r) for r in iter_route_contexts(app.routes) if isinstance(r.original_route, APIRoute)
                   for m in r.methods if m != "HEAD"), key=lambda mr: (mr[1].path, mr[0]))


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


# Enumerated once at collection, on an engine that is never connected to.
APP = create_app(make_engine("sqlite://"))
GUARDED = [(m, r) for m, r in routes_of(APP) if marker(r)[0] == "permission"]


class TestEveryRouteIsDeclared:
    def test_every_route_declares_who_may_reach_it(self):
        undeclared = [f"{m} {r.path}: {marker(r)[0]}" for m, r in routes_of(APP) if marker(r)[0] not in
                      ("public", "permission")]
        assert undeclared == []

    def test_only_known_routes_are_outside_fastapi(self):
        others = {r.path for r in iter_route_contexts(APP.routes) if not isinstance(r.original_route, APIRoute)}
        assert others <= NON_API_ROUTES

    def test_state_changing_public_routes_are_only_the_sign_in(self):
        public_unsafe = [f"{m} {r.path}" for m, r in routes_of(APP) if m in UNSAFE and marker(r)[0] == "public"]
        assert public_unsafe == ["POST /login"]

    def test_every_page_route_checks_csrf_and_api_routes_use_keys_instead(self):
        for _, r in routes_of(APP):
            has_csrf = csrf_protect in list(_deps(r.dependant))
            assert has_csrf == (not r.path.startswith("/api/")), r.path

    def test_the_matrix_covers_the_state_changing_routes(self):
        assert len([1 for m, _ in GUARDED if m in UNSAFE]) >= 15


def _request(client, method: str, path: str, *, api: bool):
    if method == "GET":
        return client.get(path)
    if api:
        return client.request(method, path, json={})
    return client.request(method, path, data={"csrf_token": client.csrf or ""})


def _clients(web, api: bool):
    """A signed-in client per role (an API key per role for the API; members have no API keys)."""
    out = {}
    for role in ROLES:
        if api:
            if role is Role.MEMBER:
                continue
            out[role] = web.api(web.api_key(role, employer_id=1 if role is Role.EMPLOYER_AGENT else None))
        else:
            out[role] = web.as_role(role)
    return out


def refusals_missing(web, *, api: bool) -> list[str]:
    """Every (caller, route) that should be refused but was not; empty when the matrix holds."""
    clients = _clients(web, api)
    wrong = []
    for method, route in GUARDED:
        path = concrete(route.path)
        if path.startswith("/api/") != api:
            continue
        permission = marker(route)[1]
        anonymous = _request(web.client(), method, path, api=api)
        expected = (401,) if api else ((303,) if method == "GET" else (303, 403))  # 403: no CSRF base yet
        if anonymous.status_code not in expected or (anonymous.status_code == 303 and
                                                     not anonymous.headers["location"].startswith("/login")):
            wrong.append(f"anonymous {method} {path} → {anonymous.status_code}")
        if permission is None:
            continue
        for role, client in clients.items():
            if can(Actor("x", frozenset({role})), permission):
                continue
            r = _request(client, method, path, api=api)
            if r.status_code != 403:
                wrong.append(f"{role.value} {method} {path} → {r.status_code}")
    return wrong


def test_every_page_refuses_every_role_without_its_permission(web):
    assert refusals_missing(web, api=False) == []


def test_every_api_route_refuses_every_key_without_its_permission(web):
    assert refusals_missing(web, api=True) == []


# ---------------------------------------------------------------- scoping of portal users


def assert_portal_users_are_scoped(web, app: FastAPI) -> list[str]:
    """For each GET route with an employer_id / person_id in its path: the agent of employer 1 and the
    member who is person 1 may not read employer 2 / person 2. Returns the routes that leaked."""
    agent = web.login(web.role_user(Role.EMPLOYER_AGENT).username, client=web.client_for(app))
    member = web.login(web.role_user(Role.MEMBER).username, client=web.client_for(app))
    # The API takes no cookies: an employer's own system calls it with a key bound to employer 1 (members
    # have no keys; person 2 belongs to employer 2, so the key is refused that person too).
    agent_key = web.client_for(app, headers={"Authorization": "Bearer " + web.api_key(Role.EMPLOYER_AGENT,
                                                                                     employer_id=1)})
    leaks = []
    for method, r in routes_of(app):
        if method != "GET":
            continue
        api = r.path.startswith("/api/")
        for param, who in (("employer_id", agent_key if api else agent), ("person_id", agent_key if api else member)):
            if "{" + param + "}" in r.path:
                other = re.sub(r"\{[^}]+\}", "1", r.path.replace("{" + param + "}", "2"))
                if who.get(other).status_code not in (403, 404):
                    leaks.append(other)
    return leaks


def test_portal_users_never_see_another_employer_or_person(web):
    assert assert_portal_users_are_scoped(web, web.app) == []


def test_the_scope_probe_reaches_the_registry_and_deposit_routes():
    probed = [r.path for m, r in routes_of(APP) if m == "GET" and ("{employer_id}" in r.path or "{person_id}" in r.path)]
    assert len([p for p in probed if p.startswith("/api/")]) >= 8 and len(probed) >= 20


def test_portal_users_see_their_own_records(web):
    agent = web.as_role(Role.EMPLOYER_AGENT)
    member = web.as_role(Role.MEMBER)
    assert agent.get("/registry/employers/1").status_code == 200
    assert member.get("/registry/members/1").status_code == 200
    assert member.get("/registry/members/1/certificate").status_code == 200


def test_the_scope_check_catches_a_route_that_forgets_scoping(web):
    """The same check on an app with one scoped and one leaky route (what a later area might write)."""
    router = APIRouter()

    @router.get("/demo/employers/{employer_id}")
    def scoped(employer_id: int, request: Request,
               actor: Actor = Depends(requires(None))):
        scope_employer(actor, employer_id)
        return render(request, "error.html", title="单位", message=str(employer_id), problem_list=[])

    @router.get("/demo/persons/{person_id}")
    def leaky(person_id: int, request: Request, actor: Actor = Depends(requires(None))):
        return render(request, "error.html", title="职工", message=str(person_id), problem_list=[])

    app = create_app(web.engine, settings=web.settings)
    mount_pages(app, router)
    assert assert_portal_users_are_scoped(web, app) == ["/demo/persons/2"]


class TestScopeHelpers:
    agent = Actor("a", frozenset({Role.EMPLOYER_AGENT}), Channel.EMPLOYER_PORTAL, employer_id=5)
    member = Actor("m", frozenset({Role.MEMBER}), Channel.MEMBER_PORTAL, person_id=9)
    clerk = Actor("c", frozenset({Role.CLERK}), Channel.COUNTER)

    def test_staff_are_not_scoped(self):
        scope_employer(self.clerk, 1)
        scope_person(self.clerk, 1)

    def test_an_agent_sees_only_its_employer(self):
        from anju.core.errors import Forbidden

        scope_employer(self.agent, 5)
        with pytest.raises(Forbidden):
            scope_employer(self.agent, 6)
        with pytest.raises(Forbidden):
            scope_person(self.agent, 9)
        scope_person(self.agent, 9, employer_ids=frozenset({5}))
        with pytest.raises(Forbidden):
            scope_person(self.agent, 9, employer_ids=frozenset({6}))

    def test_a_member_sees_only_themself(self):
        from anju.core.errors import Forbidden

        scope_person(self.member, 9)
        with pytest.raises(Forbidden):
            scope_person(self.member, 10)
        with pytest.raises(Forbidden):
            scope_employer(self.member, 5)

    def test_an_agent_without_an_employer_sees_nothing(self):
        from anju.core.errors import Forbidden

        with pytest.raises(Forbidden):
            scope_employer(Actor("a", frozenset({Role.EMPLOYER_AGENT}), Channel.EMPLOYER_PORTAL), 1)
