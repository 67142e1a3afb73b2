"""API of the maintenance fund (read side, /api/v1/repair): the fund's figures and the identity check, areas with
their yearly publication, a household account with its movements, a project with its units, votes and split.
Changes go through the pages and `anju repair …` (the same services)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy import select

from anju.auth.actor import Actor
from anju.core.errors import NotFound
from anju.core.money import yuan_str
from anju.maintfund import projects, reports, service
from anju.maintfund.codes import HouseholdStatus, ProjectKind, ProjectStatus
from anju.maintfund.errors import MaintfundError as E
from anju.maintfund.permissions import P
from anju.maintfund.tables import mf_area, mf_household
from anju.web.kit import business_date, requires, unit_of_work
from anju.web.params import Id, Year

router = APIRouter(prefix="/repair", tags=["住宅专项维修资金"])


class Figures(BaseModel):
    deposited: str = Field(description="累计归集（元）")
    interest: str = Field(description="累计增值收益（元）")
    used: str = Field(description="累计使用（元）")
    refunded: str = Field(description="累计退还（元）")
    balance: str = Field(description="余额（元，分户账与公共账合计）")
    households: int
    identity_holds: bool = Field(description="累计归集 + 增值收益 − 使用 − 退还 = 余额")


def _figures(t: reports.Totals) -> Figures:
    return Figures(deposited=yuan_str(t.deposited), interest=yuan_str(t.interest), used=yuan_str(t.used),
                   refunded=yuan_str(t.refunded), balance=yuan_str(t.balance), households=t.households,
                   identity_holds=t.identity_holds)


class AreaOut(BaseModel):
    id: int
    code: str
    name: str
    developer: str
    manager: str
    common_balance: str
    figures: Figures


class YearOut(BaseModel):
    year: int
    deposited: str
    interest: str
    used: str
    refunded: str


class HouseholdOut(BaseModel):
    account_no: str
    unit_no: str
    owner_name: str
    floor_area: str = Field(description="建筑面积（㎡）")
    standard: str
    first_due: str
    first_paid: str
    balance: str
    interest: str
    used: str
    status: str
    status_label: str


class PublicationOut(BaseModel):
    area: AreaOut
    year: YearOut
    households: list[HouseholdOut]


class HouseholdTxnOut(BaseModel):
    day: date
    kind: str
    amount: str
    balance: str
    ref: str | None


class StatementOut(BaseModel):
    household: HouseholdOut
    rows: list[HouseholdTxnOut]


class UnitOut(BaseModel):
    account_no: str
    unit_no: str
    floor_area: str
    planned: str
    vote: str | None
    final: str | None
    charged: str | None
    owed: str | None


class ProjectOut(BaseModel):
    id: int
    no: str
    title: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    budget: str
    paid: str
    cost: str | None
    vote_result: str | None
    units: list[UnitOut]


def _household(h) -> HouseholdOut:
    return HouseholdOut(account_no=h.account_no, unit_no=h.unit_no, owner_name=h.owner_name,
                        floor_area=f"{h.floor_area / 100:.2f}", standard=h.standard, first_due=yuan_str(h.first_due),
                        first_paid=yuan_str(h.first_paid), balance=yuan_str(h.balance), interest=yuan_str(h.interest),
                        used=yuan_str(h.used), status=h.status, status_label=HouseholdStatus(h.status).label)


def _opt(v: int | None) -> str | None:
    return None if v is None else yuan_str(v)


@router.get("/figures", response_model=Figures)
def figures(request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return _figures(reports.fund_totals(uow.conn))


def _area(conn, a) -> AreaOut:
    return AreaOut(id=a.id, code=a.code, name=a.name, developer=a.developer, manager=a.manager,
                   common_balance=yuan_str(a.common_balance), figures=_figures(reports.fund_totals(conn, area_id=a.id)))


@router.get("/areas", response_model=list[AreaOut])
def areas(request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return [_area(uow.conn, a) for a in uow.conn.execute(select(mf_area).order_by(mf_area.c.code))]


@router.get("/areas/{area_id}/publication", response_model=PublicationOut)
def publication(area_id: Id, request: Request, year: Year | None = None, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        conn = uow.conn
        a = service.get_area(conn, area_id)
        y = year or business_date(request).year
        f = reports.year_flows(conn, y, area_id=area_id)
        hs = conn.execute(select(mf_household).where(mf_household.c.area_id == area_id)
                          .order_by(mf_household.c.account_no)).all()
        return PublicationOut(area=_area(conn, a), year=YearOut(year=y, **{k: yuan_str(v) for k, v in f.items()}),
                              households=[_household(h) for h in hs])


@router.get("/households/{account_no}", response_model=StatementOut)
def household(account_no: str, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        h = service.household_by_no(uow.conn, account_no[:24])
        rows = reports.statement(uow.conn, h.id)
        return StatementOut(household=_household(h), rows=[
            HouseholdTxnOut(day=d, kind=k, amount=yuan_str(a), balance=yuan_str(b), ref=r) for d, k, a, b, r in rows])


@router.get("/projects/{project_id}", response_model=ProjectOut)
def project(project_id: Id, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        p = projects.get_project(uow.conn, project_id)
        units = projects.units_of(uow.conn, project_id)
        if p is None:
            raise NotFound(E.PROJECT_NOT_FOUND, key=project_id)
        return ProjectOut(id=p.id, no=p.no, title=p.title, kind=p.kind, kind_label=ProjectKind(p.kind).label,
                          status=p.status, status_label=ProjectStatus(p.status).label, budget=yuan_str(p.budget),
                          paid=yuan_str(p.paid), cost=_opt(p.cost), vote_result=p.vote_result,
                          units=[UnitOut(account_no=u.account_no, unit_no=u.unit_no, floor_area=f"{u.floor_area / 100:.2f}",
                                         planned=yuan_str(u.planned), vote=u.choice, final=_opt(u.final),
                                         charged=_opt(u.charged), owed=_opt(u.owed)) for u in units])
