"""API of the policy area: the parameters in force on a date and a parameter's history."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from anju.auth.actor import Actor, Permission
from anju.core.errors import ErrorCode, NotFound
from anju.core.money import yuan_str
from anju.policy import catalogue
from anju.policy.queries import history, in_force
from anju.web.kit import business_date, requires, unit_of_work
from anju.web.params import Day

router = APIRouter(prefix="/policy", tags=["政策参数"])


def _api_value(kind: str, value: Any) -> Any:
    # Money as a yuan string like every amount of the API; other kinds as stored (ratios are strings).
    return yuan_str(value) if kind == "money" else value


class ParamValue(BaseModel):
    key: str
    label: str
    kind: str
    value: Any
    shown: str
    effective_from: date | None


class PolicyInForce(BaseModel):
    as_of: date
    values: list[ParamValue]


@router.get("", response_model=PolicyInForce, summary="某日生效的全部政策参数")
def policy_in_force(request: Request, as_of: Day | None = None,
                    actor: Actor = Depends(requires(Permission.POLICY_READ))):
    day = as_of or business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        rows = in_force(uow.conn, day)
    return PolicyInForce(as_of=day, values=[ParamValue(key=r.key, label=r.label, kind=r.kind,
                                                       value=_api_value(r.kind, r.value), shown=r.shown,
                                                       effective_from=r.effective_from) for r in rows])


class ParamVersionOut(BaseModel):
    effective_from: date
    version: int
    value: Any
    shown: str
    note: str
    source: str
    recorded_by: str


@router.get("/{key}/history", response_model=list[ParamVersionOut], summary="一个参数的全部版本")
def policy_history(key: str, request: Request, actor: Actor = Depends(requires(Permission.POLICY_READ))):
    spec = catalogue.lookup(key)
    if spec is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="政策参数", key=key)
    with unit_of_work(request, read_only=True) as uow:
        versions = history(uow.conn, key)
    return [ParamVersionOut(effective_from=v.effective_from, version=v.version,
                            value=_api_value(spec.kind.name, v.value), shown=v.shown, note=v.note, source=v.source,
                            recorded_by=v.recorded_by) for v in versions]
