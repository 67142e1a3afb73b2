"""Pages of the maintenance fund under /repair: the fund's figures and the identity check, an area (households,
projects, the yearly publication), a project through its flow (plan, 公示, votes, 审核, stages, 决算分摊), a
household's statement (page and PDF), and the read-only portal of an owner or an owners' committee. Every page
calls the same services as `anju repair …`."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from sqlalchemy import select

from anju.auth.actor import Actor, can
from anju.core.errors import AnjuError, ErrorCode, Forbidden, NotFound
from anju.maintfund import calc, projects, reports, service
from anju.maintfund.codes import (
    ChangeKind,
    ChangeStatus,
    Choice,
    Decision,
    HouseholdStatus,
    ProjectKind,
    ProjectStatus,
    TxnKind,
)
from anju.maintfund.errors import MaintfundError as E
from anju.maintfund.flows import PROJECT
from anju.maintfund.permissions import P
from anju.maintfund.tables import (
    mf_area,
    mf_building,
    mf_change,
    mf_household,
    mf_portal,
    mf_project,
    mf_project_event,
)
from anju.web.kit import (
    FormReader,
    MenuEntry,
    business_date,
    redirect,
    render,
    render_pdf,
    requires,
    unit_of_work,
)

router = APIRouter(prefix="/repair")
MENU = [
    MenuEntry("维修资金", "维修资金总览", "/repair", P.READ, order=10),
    MenuEntry("维修资金", "我的维修资金", "/repair/my", P.PORTAL, order=90),
]


@router.get("")
def overview(request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        conn = uow.conn
        year = business_date(request).year
        areas = []
        for a in conn.execute(select(mf_area).order_by(mf_area.c.code)):
            areas.append((a, reports.fund_totals(conn, area_id=a.id)))
        totals = reports.fund_totals(conn)
        flows = reports.year_flows(conn, year)
        arrears = service.arrears(conn, year=year)
    return render(request, "maintfund/overview.html", areas=areas, totals=totals, flows=flows, year=year,
                  arrears=arrears, may_register=can(actor, P.REGISTER))


@router.get("/areas/{area_id}")
def area_page(area_id: int, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return _area(request, uow.conn, area_id, actor)


def _area(request: Request, conn, area_id: int, actor: Actor, *, portal: bool = False):
    a = service.get_area(conn, area_id)
    year = business_date(request).year
    pub = reports.publication(conn, area_id, year)
    blds = conn.execute(select(mf_building).where(mf_building.c.area_id == area_id).order_by(mf_building.c.name)).all()
    households = conn.execute(select(mf_household).where(mf_household.c.area_id == area_id)
                              .order_by(mf_household.c.account_no)).all()
    prjs = conn.execute(select(mf_project).where(mf_project.c.area_id == area_id).order_by(mf_project.c.no)).all()
    return render(request, "maintfund/area.html", a=a, pub=pub, buildings=blds, households=households,
                  projects=prjs, kinds=ProjectKind, statuses=ProjectStatus, hstatus=HouseholdStatus, portal=portal,
                  may_apply=not portal and can(actor, P.PROJECT), m2=calc.m2)


@router.post("/areas/{area_id}/projects")
def apply_project(area_id: int, request: Request, title: str = Form(""), kind: str = Form("general"),
                  contractor: str = Form(""), documents: str = Form(""), actor: Actor = Depends(requires(P.PROJECT))):
    try:
        with unit_of_work(request) as uow:
            pid = projects.apply(uow, actor, area_id=area_id, kind=ProjectKind(kind), title=title,
                                 contractor=contractor or None, documents=documents or None,
                                 as_of=business_date(request))
            uow.commit()
    except (AnjuError, ValueError) as exc:
        return redirect(request, f"/repair/areas/{area_id}", kind="error", flash=getattr(exc, "message", str(exc)))
    return redirect(request, f"/repair/projects/{pid}", flash="已受理维修项目申请")


@router.get("/projects/{project_id}")
def project_page(project_id: int, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return _project(request, uow.conn, project_id, actor)


def _project(request: Request, conn, project_id: int, actor: Actor, *, portal: bool = False):
    p = projects.get_project(conn, project_id)
    units = projects.units_of(conn, project_id)
    events = conn.execute(select(mf_project_event).where(mf_project_event.c.project_id == project_id)
                          .order_by(mf_project_event.c.id)).all()
    tally = projects.tally(conn, project_id) if units else None
    steps = [] if portal else [s for s in PROJECT.allowed(p.status) if can(actor, PROJECT.steps[s].permission)]
    return render(request, "maintfund/project.html", p=p, units=units, events=events, tally=tally, steps=steps,
                  kinds=ProjectKind, statuses=ProjectStatus, choices=Choice, m2=calc.m2, portal=portal,
                  shortfalls=projects.shortfalls(conn, project_id) if units else [], today=business_date(request),
                  area=service.get_area(conn, p.area_id),
                  step_names={"apply": "申请", **{k: v.doing for k, v in PROJECT.steps.items()}})


@router.post("/projects/{project_id}/{step}")
async def project_step(project_id: int, step: str, request: Request, actor: Actor = Depends(requires(P.READ))):
    form = await request.form()
    f = FormReader()
    day = business_date(request)
    done = {"plan": "已确定维修方案", "publicize": "已公示", "open_vote": "已开始表决", "vote": "已登记表决",
            "close_vote": "已统计表决结果", "review": "已审核", "pay": "已拨付", "accept": "已验收",
            "settle": "已决算并分摊到户", "publish": "已公示结果", "release": "已支付质量保证金"}
    try:
        with unit_of_work(request) as uow:
            conn = uow.conn
            if step == "plan":
                budget = f.money(form.get("budget"), "budget", "预算金额")
                f.check()
                p = projects.get_project(conn, project_id)
                ids = [int(x) for x in form.getlist("household")] or list(conn.execute(
                    select(mf_household.c.id).where(mf_household.c.area_id == p.area_id,
                                                    mf_household.c.status == HouseholdStatus.NORMAL)).scalars())
                projects.plan(uow, actor, project_id=project_id, budget=budget, household_ids=ids, as_of=day)
            elif step == "publicize":
                start = f.date(form.get("publicity_from"), "publicity_from", "公示开始日期", required=False)
                f.check()
                projects.publicize(uow, actor, project_id=project_id, as_of=start or day)
            elif step == "open_vote":
                projects.open_vote(uow, actor, project_id=project_id, as_of=day)
            elif step == "vote":
                for key, value in form.items():
                    if key.startswith("vote-") and value:
                        projects.record_vote(uow, actor, project_id=project_id, household_id=int(key[5:]),
                                             choice=Choice(value), as_of=day)
            elif step == "close_vote":
                result = projects.close_vote(uow, actor, project_id=project_id, as_of=day,
                                             decision=Decision(form.get("decision") or "use"))
                done["close_vote"] = "表决通过" if result.passed else "表决未通过"
            elif step == "review":
                projects.review(uow, actor, project_id=project_id, as_of=day, note=str(form.get("note") or ""))
            elif step == "pay":
                amount = f.money(form.get("amount"), "amount", "拨付金额")
                f.check()
                projects.pay_stage(uow, actor, project_id=project_id, amount=amount, as_of=day)
            elif step == "accept":
                projects.accept(uow, actor, project_id=project_id, as_of=day)
            elif step == "settle":
                cost = f.money(form.get("cost"), "cost", "决算金额")
                f.check()
                projects.settle(uow, actor, project_id=project_id, cost=cost, as_of=day)
            elif step == "publish":
                projects.publish(uow, actor, project_id=project_id, as_of=day)
            elif step == "release":
                projects.release_retention(uow, actor, project_id=project_id, as_of=day)
            elif step == "cancel":
                projects.cancel(uow, actor, project_id=project_id, as_of=day, reason=str(form.get("reason") or ""))
            else:
                raise Forbidden(ErrorCode.FORBIDDEN, action=step)
            uow.commit()
    except AnjuError as exc:
        return redirect(request, f"/repair/projects/{project_id}", kind="error", flash=exc.message)
    return redirect(request, f"/repair/projects/{project_id}", flash=done.get(step, "已办理"))


@router.get("/households/{household_id}")
def household_page(household_id: int, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return _statement(request, uow.conn, household_id, actor=actor)


@router.get("/households/{household_id}/statement.pdf")
def household_pdf(household_id: int, request: Request, actor: Actor = Depends(requires(None))):
    with unit_of_work(request, read_only=True) as uow:
        _may_read_household(uow.conn, actor, household_id)
        h, ctx = _statement_context(uow.conn, household_id, request)
    return render_pdf(request, "maintfund/statement.html", filename=f"维修资金分户账-{h.account_no}.pdf", **ctx)


def _statement_context(conn, household_id: int, request: Request):
    h = conn.execute(select(mf_household).where(mf_household.c.id == household_id)).first()
    if h is None:
        raise NotFound(E.HOUSEHOLD_NOT_FOUND, key=household_id)
    a = service.get_area(conn, h.area_id)
    return h, {"h": h, "a": a, "rows": reports.statement(conn, household_id), "m2": calc.m2,
               "status": HouseholdStatus(h.status).label, "day": business_date(request), "kinds": TxnKind,
               "projects": [], "statuses": ProjectStatus}


def _statement(request: Request, conn, household_id: int, *, portal: bool = False, actor: Actor | None = None):
    _h, c = _statement_context(conn, household_id, request)
    changes = conn.execute(select(mf_change).where(mf_change.c.household_id == household_id)
                           .order_by(mf_change.c.id)).all()
    return render(request, "maintfund/statement.html", base="layout.html", pdf=False, portal=portal, changes=changes,
                  may_change=actor is not None and can(actor, P.CHANGE),
                  may_review=actor is not None and can(actor, P.REVIEW), change_kinds=ChangeKind,
                  change_status=ChangeStatus, **c)


@router.post("/households/{household_id}/change")
def apply_change(household_id: int, request: Request, kind: str = Form(""), name: str = Form(""),
                 id_number: str = Form(""), reason: str = Form(""), actor: Actor = Depends(requires(P.CHANGE))):
    try:
        with unit_of_work(request) as uow:
            service.apply_change(uow, actor, household_id=household_id, kind=ChangeKind(kind),
                                 as_of=business_date(request), new_owner_name=name, new_owner_id_no=id_number,
                                 reason=reason)
            uow.commit()
    except (AnjuError, ValueError) as exc:
        return redirect(request, f"/repair/households/{household_id}", kind="error",
                        flash=getattr(exc, "message", str(exc)))
    return redirect(request, f"/repair/households/{household_id}", flash="已受理，待另一人审核")


@router.post("/changes/{change_id}/decide")
def decide_change(change_id: int, request: Request, decision: str = Form(""), reason: str = Form(""),
                  actor: Actor = Depends(requires(P.REVIEW))):
    with unit_of_work(request, read_only=True) as uow:
        hid = uow.conn.execute(select(mf_change.c.household_id).where(mf_change.c.id == change_id)).scalar()
    back = f"/repair/households/{hid}" if hid else "/repair"
    try:
        with unit_of_work(request) as uow:
            if decision == "approve":
                service.approve_change(uow, actor, change_id=change_id, as_of=business_date(request), note=reason)
            else:
                service.reject_change(uow, actor, change_id=change_id, as_of=business_date(request), reason=reason)
            uow.commit()
    except AnjuError as exc:
        return redirect(request, back, kind="error", flash=exc.message)
    return redirect(request, back, flash="已批准并记账" if decision == "approve" else "已驳回")


def _may_read_household(conn, actor: Actor, household_id: int) -> None:
    if can(actor, P.READ):
        return
    link = conn.execute(select(mf_portal).where(mf_portal.c.username == actor.username)).first()
    if link is not None:
        if link.household_id == household_id:
            return
        area = conn.execute(select(mf_household.c.area_id).where(mf_household.c.id == household_id)).scalar()
        if link.area_id is not None and link.area_id == area:
            return
    raise Forbidden(ErrorCode.FORBIDDEN, action="查看该分户账")


# ---------------------------------------------------------------- the read-only portal


def _link(conn, actor: Actor):
    link = conn.execute(select(mf_portal).where(mf_portal.c.username == actor.username)).first()
    if link is None:
        raise Forbidden(ErrorCode.FORBIDDEN, action="查看维修资金（尚未关联分户或区域）")
    return link


@router.get("/my")
def my_fund(request: Request, actor: Actor = Depends(requires(P.PORTAL))):
    with unit_of_work(request, read_only=True) as uow:
        link = uow.conn.execute(select(mf_portal).where(mf_portal.c.username == actor.username)).first()
        if link is None:
            return render(request, "maintfund/unlinked.html")
        if link.household_id is not None:
            h, c = _statement_context(uow.conn, link.household_id, request)
            charged = uow.conn.execute(select(mf_project).where(mf_project.c.id.in_(
                select(projects.mf_project_unit.c.project_id).where(
                    projects.mf_project_unit.c.household_id == h.id))).order_by(mf_project.c.no)).all()
            return render(request, "maintfund/statement.html", base="layout.html", pdf=False, portal=True,
                          changes=[], may_change=False, may_review=False, **{**c, "projects": charged})
        return _area(request, uow.conn, link.area_id, actor, portal=True)


@router.get("/my/projects/{project_id}")
def my_project(project_id: int, request: Request, actor: Actor = Depends(requires(P.PORTAL))):
    with unit_of_work(request, read_only=True) as uow:
        link = _link(uow.conn, actor)
        p = projects.get_project(uow.conn, project_id)
        mine = link.area_id == p.area_id or uow.conn.execute(select(projects.mf_project_unit.c.id).where(
            projects.mf_project_unit.c.project_id == project_id,
            projects.mf_project_unit.c.household_id == link.household_id)).first() is not None
        if not mine:
            raise Forbidden(ErrorCode.FORBIDDEN, action="查看该维修项目")
        return _project(request, uow.conn, project_id, actor, portal=True)
