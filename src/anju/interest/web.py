"""Pages of interest and the fund's year-end: settlement runs (start, monitor), one account's interest
explained, fund income and expenses, the year-end steps with their vouchers."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from anju.auth.actor import Actor
from anju.core.dates import format_month, interest_year
from anju.core.errors import AnjuError, Problem
from anju.core.money import format_yuan, parse_yuan
from anju.db.joblock import JobBusy
from anju.interest import monthly, queries
from anju.interest import service as interest
from anju.interest.errors import InterestError
from anju.interest.permissions import P
from anju.interest.yearend import (
    STEP_LABELS,
    STEPS,
    plan_step,
    run_step,
    year_lock,
)
from anju.ledger.queries import account_names
from anju.web import jobs
from anju.web.kit import (
    MenuEntry,
    business_date,
    form_errors,
    redirect,
    render,
    requires,
    stash_confirmation,
    take_confirmation,
    unit_of_work,
)
from anju.web.params import Year
from anju.web.security import ctx

router = APIRouter(prefix="/interest")
MENU = [
    MenuEntry("财务", "结息与利息计提", "/interest/runs", P.READ, order=40),
    MenuEntry("财务", "利息查询", "/interest/explain", P.READ, order=45),
    MenuEntry("财务", "年终结转与分配", "/interest/year-end", P.READ, order=60),
]


def _job_name(year: Year) -> str:
    return f"interest-settle-{year}"


@router.get("/runs")
def runs_page(request: Request, actor: Actor = Depends(requires(P.READ))):
    today = business_date(request)
    year = today.year if today >= date(today.year, 6, 30) else today.year - 1
    with unit_of_work(request, read_only=True) as uow:
        rows = queries.runs(uow.conn)
        accrued = monthly.accruals(uow.conn)
    return render(request, "interest/runs.html", rows=rows, suggested=year, job=jobs.get(_job_name(year)),
                  accruals=accrued, accrue_month=format_month(monthly.suggested_month(today)))


@router.post("/accruals")
def accrue_submit(request: Request, month: str = Form(""), actor: Actor = Depends(requires(P.SETTLE))):
    """月度利息计提 (one voucher for the difference; a second press for the same month posts nothing)."""
    from anju.core.dates import parse_month

    try:
        result = monthly.accrue_month(ctx(request).engine, actor, month=parse_month(month),
                                      as_of=business_date(request))
    except JobBusy:  # another runner has the month: 409, as every job
        raise
    except AnjuError as exc:
        return redirect(request, "/interest/runs", kind="error", flash=exc.message)
    shown = format_month(result.month)
    if not result.created:
        flash = f"{shown}已计提，未重复记账"
    elif result.amount >= 0:
        flash = f"{shown}利息计提完成：截至月末应计{format_yuan(result.total)}元，本月计提{format_yuan(result.amount)}元"
    else:
        flash = f"{shown}利息计提完成：截至月末应计{format_yuan(result.total)}元，本月冲回{format_yuan(-result.amount)}元"
    return redirect(request, "/interest/runs", flash=flash)


@router.post("/runs")
def run_submit(request: Request, year: Year = Form(...), actor: Actor = Depends(requires(P.SETTLE))):
    """First step: what the run will credit (the same SQL, summed), on a confirmation screen."""
    span = interest_year(year)
    with unit_of_work(request, read_only=True) as uow:
        count, total = queries.estimate(uow.conn, year)
    token = stash_confirmation(request, action="interest.settle", payload={"year": year})
    return render(request, "interest/run_confirm.html", confirm={
        "title": f"确认{year}年度结息", "amount": total, "action": "/interest/runs/confirm", "token": token,
        "back": "/interest/runs",
        "note": "确认后在后台执行：计算并记账（借41101/贷211，借211/贷201），分批记入个人账户，当年归集转入上年结转。"
                "中断后可再次执行，已记入的账户不会重复。",
        "rows": [("结息年度", f"{span.start}至{span.end}前"), ("结息日", f"{year}-06-30"), ("计息账户", f"{count}户")]})


@router.post("/runs/confirm")
def run_confirm(request: Request, token: str = Form(""), actor: Actor = Depends(requires(P.SETTLE))):
    with unit_of_work(request) as uow:
        p = take_confirmation(uow, request, action="interest.settle", token=token)
        uow.commit()
    year = int(p["year"])
    engine, today = ctx(request).engine, business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        total_accounts = queries.estimate(uow.conn, year)[0]

    def work(job) -> str:
        run = interest.settle_year(engine, actor, year=year, as_of=today, progress=job.advance)
        return f"{year}年度结息完成：{run.accounts}户，利息合计{format_yuan(run.total)}元"

    jobs.start(_job_name(year), f"{year}年度结息", actor.username, work, total=total_accounts)
    return redirect(request, f"/interest/runs/{year}", flash=f"{year}年度结息已开始")


@router.get("/runs/{year}")
def run_page(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        run = next((r for r in queries.runs(uow.conn) if r.year == year), None)
        done, total = queries.run_progress(uow.conn, year)
    return render(request, "interest/run.html", year=year, run=run, done=done, total=total,
                  job=jobs.get(_job_name(year)))


@router.get("/explain")
def explain_page(request: Request, key: str = "", year: Year | None = None, actor: Actor = Depends(requires(P.READ))):
    from anju.registry.queries import account_by_no, account_of_person

    result, problems, acct = None, [], None
    year = year or business_date(request).year
    if key.strip():
        with unit_of_work(request, read_only=True) as uow:
            acct = account_by_no(uow.conn, key.strip()) or account_of_person(uow.conn, key.strip())
            if acct is None:
                problems.append(Problem.of(InterestError.ACCOUNT_NOT_FOUND, field="个人账号或身份证号码", input="key"))
            else:
                try:
                    result = queries.explain(uow.conn, acct.id, year)
                except AnjuError as exc:
                    problems.append(Problem.from_error(exc, field="year"))
    return render(request, "interest/explain.html", key=key, year=year, result=result, acct=acct,
                  errors=form_errors(problems))


@router.get("/fund")
def fund_page(request: Request, actor: Actor = Depends(requires(P.READ))):
    """资金收支 moved to the treasury's pages (issue 20); the old address still leads there."""
    return RedirectResponse("/treasury/fund", status_code=301)


@router.get("/year-end")
def yearend_page(request: Request, year: Year | None = None, management_fee: str = "0",
                 actor: Actor = Depends(requires(P.READ))):
    today = business_date(request)
    year = year or (today.year if today.month == 12 and today.day == 31 else today.year - 1)
    plans, blocked = [], None
    fee = 0
    try:
        fee = parse_yuan(management_fee or "0")
    except AnjuError:
        fee = 0
    with unit_of_work(request, read_only=True) as uow:
        from sqlalchemy import select

        from anju.interest.tables import yearend_step

        done = {r.step: r for r in uow.conn.execute(select(yearend_step).where(yearend_step.c.year == year))}
        for step in STEPS:
            if step in done:
                plans.append((step, "done", done[step], None))
                continue
            if blocked is None:
                try:
                    plans.append((step, "next", None, plan_step(uow.conn, year=year, step=step, as_of=today,
                                                                management_fee=fee)))
                except AnjuError as exc:
                    blocked = exc.message
                    plans.append((step, "blocked", None, exc.message))
            else:
                plans.append((step, "later", None, None))
        names = account_names(uow.conn, [ln.account for _s, state, _d, plan in plans if state == "next"
                                         and plan.posting for ln in plan.posting.lines])
    return render(request, "interest/yearend.html", year=year, plans=plans, labels=STEP_LABELS,
                  management_fee=management_fee, account_names=names)


@router.post("/year-end")
def yearend_submit(request: Request, year: Year = Form(...), step: str = Form(...), management_fee: str = Form("0"),
                   actor: Actor = Depends(requires(P.YEAREND))):
    fee = parse_yuan(management_fee or "0")
    with unit_of_work(request, read_only=True) as uow:
        plan = plan_step(uow.conn, year=year, step=step, as_of=business_date(request), management_fee=fee)
        names = account_names(uow.conn, [ln.account for ln in plan.posting.lines] if plan.posting else [])
    token = stash_confirmation(request, action="interest.yearend", payload={"year": year, "step": step, "fee": fee})
    amount = sum(ln.debit for ln in plan.posting.lines) if plan.posting else 0
    return render(request, "interest/yearend_confirm.html", plan=plan, account_names=names, confirm={
        "title": f"确认{year}年度{STEP_LABELS[step]}", "amount": amount, "action": "/interest/year-end/confirm",
        "token": token, "back": f"/interest/year-end?year={year}",
        "note": "确认后记账；年终各步骤须依次办理。",
        "rows": [(k, format_yuan(v) + "元" if isinstance(v, int) else str(v)) for k, v in plan.detail.items()]})


@router.post("/year-end/confirm")
def yearend_confirm(request: Request, token: str = Form(""), actor: Actor = Depends(requires(P.YEAREND))):
    with unit_of_work(request) as uow:
        p = take_confirmation(uow, request, action="interest.yearend", token=token)
        with year_lock(ctx(request).engine, p["year"]):  # held until the step is committed
            run_step(uow, actor, year=p["year"], step=p["step"], as_of=business_date(request),
                     management_fee=p["fee"])
            uow.commit()
    return redirect(request, f"/interest/year-end?year={p['year']}", flash=f"{STEP_LABELS[p['step']]}已完成")
