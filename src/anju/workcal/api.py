"""API of the working-day calendar: the deadline N working days after acceptance."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from anju.auth.actor import Actor, Permission
from anju.web.kit import requires, unit_of_work
from anju.web.params import Day
from anju.workcal import service as workcal

router = APIRouter(prefix="/calendar", tags=["工作日历"])


class Deadline(BaseModel):
    accepted: date
    workdays: int
    deadline: date


@router.get("/deadline", response_model=Deadline, summary="受理日起N个工作日的办结期限")
def deadline(request: Request, accepted: Day, workdays: int = Query(..., ge=0, le=365),
             actor: Actor = Depends(requires(Permission.CALENDAR_READ))):
    with unit_of_work(request, read_only=True) as uow:
        due = workcal.load_calendar(uow.conn).deadline(accepted, workdays)
    return Deadline(accepted=accepted, workdays=workdays, deadline=due)
