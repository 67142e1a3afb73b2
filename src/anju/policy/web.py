"""Pages of the policy area: the parameters in force on a date, and a parameter's history."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from anju.auth.actor import Actor, Permission
from anju.core.errors import ErrorCode, NotFound
from anju.policy import catalogue
from anju.policy.queries import history, in_force
from anju.web.kit import MenuEntry, date_param, render, requires, unit_of_work

router = APIRouter(prefix="/policy")
MENU = [MenuEntry("政策与日历", "政策参数", "/policy", Permission.POLICY_READ, order=10, accesskey="p")]


@router.get("")
def policy_page(request: Request, as_of: str | None = None, actor: Actor = Depends(requires(Permission.POLICY_READ))):
    day = date_param(request, as_of)
    with unit_of_work(request, read_only=True) as uow:
        rows = in_force(uow.conn, day)
    sections: dict[str, list] = {}
    for r in rows:
        sections.setdefault(r.key.split(".")[0], []).append(r)
    return render(request, "policy/in_force.html", day=day, sections=sections, count=len(rows))


@router.get("/history/{key}")
def history_page(key: str, request: Request, actor: Actor = Depends(requires(Permission.POLICY_READ))):
    spec = catalogue.lookup(key)
    if spec is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="政策参数", key=key)
    with unit_of_work(request, read_only=True) as uow:
        versions = history(uow.conn, key)
    return render(request, "policy/history.html", key=key, spec=spec, versions=versions)
