"""Pages of the working-day calendar: a year's holidays and make-up days, deadlines, and the admin's edits."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request

from anju.auth.actor import Actor, Permission, can
from anju.core.dates import parse_date
from anju.core.errors import AnjuError, Problem
from anju.web.kit import (
    MenuEntry,
    business_date,
    date_param,
    form_errors,
    redirect,
    render,
    requires,
    unit_of_work,
)
from anju.web.params import Year
from anju.workcal import service as workcal
from anju.workcal.errors import WorkcalError

router = APIRouter(prefix="/calendar")
MENU = [MenuEntry("政策与日历", "工作日历", "/calendar", Permission.CALENDAR_READ, order=20, accesskey="c")]

KINDS = {"off": "休息日（节假日）", "work": "上班日（调休）", "default": "恢复周一至周五规则"}


def _page(request: Request, actor: Actor, *, year: Year, values: dict | None = None, errors=None,
          deadline=None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        days = workcal.year_days(uow.conn, year)
        first, last = workcal.known_range(uow.conn)
    return render(request, "workcal/year.html", status_code=status_code, year=year, days=days, first=first,
                  last=last, may_edit=can(actor, Permission.CALENDAR_MANAGE), kinds=KINDS,
                  values=values or {"day": "", "kind": "off", "note": ""}, errors=errors or form_errors(),
                  deadline=deadline)


@router.get("")
def year_page(request: Request, year: Year | None = None, actor: Actor = Depends(requires(Permission.CALENDAR_READ))):
    return _page(request, actor, year=year or business_date(request).year)


@router.get("/deadline")
def deadline_page(request: Request, accepted: str | None = None, workdays: int = 3,
                  actor: Actor = Depends(requires(Permission.CALENDAR_READ))):
    day = date_param(request, accepted)
    workdays = min(max(workdays, 0), 365)
    with unit_of_work(request, read_only=True) as uow:
        due = workcal.load_calendar(uow.conn).deadline(day, workdays)
    result = {"accepted": day, "workdays": workdays, "due": due}
    return _page(request, actor, year=day.year, deadline=result)


@router.post("/day")
def set_day(request: Request, day: str = Form(""), kind: str = Form("off"), note: str = Form(""),
            actor: Actor = Depends(requires(Permission.CALENDAR_MANAGE))):
    problems = []
    parsed = None
    try:
        parsed = parse_date(day)
    except AnjuError as exc:
        problems.append(Problem.from_error(exc, field="day"))
    if kind not in KINDS:
        problems.append(Problem.of(WorkcalError.KIND_REQUIRED, field="kind"))
    if kind != "default" and not note.strip():
        problems.append(Problem.of(WorkcalError.BASIS_REQUIRED, field="note"))
    if problems:
        year = parsed.year if parsed else business_date(request).year
        return _page(request, actor, year=year, values={"day": day, "kind": kind, "note": note},
                     errors=form_errors(problems), status_code=422)
    with unit_of_work(request) as uow:
        workcal.set_day(uow, actor, day=parsed, is_workday=None if kind == "default" else kind == "work",
                        note=note.strip())
        uow.commit()
    return redirect(request, f"/calendar?year={parsed.year}", flash=f"已保存：{parsed.isoformat()} {KINDS[kind]}")
