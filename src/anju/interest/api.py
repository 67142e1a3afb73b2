"""API of interest: settlement runs, one account's interest explained, fund income and expenses, year-end."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from anju.auth.actor import Actor
from anju.core.errors import ErrorCode, NotFound
from anju.core.money import parse_yuan, yuan_str
from anju.interest import monthly, queries
from anju.interest import service as interest
from anju.interest.permissions import P
from anju.interest.yearend import plan_step, record_fund_entry, run_step, year_lock
from anju.web.kit import business_date, requires, unit_of_work
from anju.web.params import Day, Id, Month, Year
from anju.web.security import ctx

router = APIRouter(prefix="/interest", tags=["结息与增值收益"])


class Run(BaseModel):
    year: int
    status: str
    accounts: int
    total: str
    credited_accounts: int
    voucher_id: int | None


def _run(conn, row) -> Run:
    done, _ = queries.run_progress(conn, row.year)
    return Run(year=row.year, status=row.status, accounts=row.accounts, total=yuan_str(row.total),
               credited_accounts=done, voucher_id=row.voucher_id)


@router.get("/runs", response_model=list[Run], summary="结息批次列表")
def list_runs(request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return [_run(uow.conn, r) for r in queries.runs(uow.conn)]


@router.get("/runs/{year}", response_model=Run, summary="一个结息批次")
def get_run(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        row = next((r for r in queries.runs(uow.conn) if r.year == year), None)
        if row is None:
            raise NotFound(ErrorCode.NOT_FOUND, what="结息批次", key=year)
        return _run(uow.conn, row)


class SettleRequest(BaseModel):
    year: Year
    chunk: Id = 50_000


@router.post("/runs", response_model=Run, summary="执行年终结息（同步执行至完成；中断后再次调用继续）")
def settle(body: SettleRequest, request: Request, actor: Actor = Depends(requires(P.SETTLE))):
    interest.settle_year(ctx(request).engine, actor, year=body.year, as_of=business_date(request), chunk=body.chunk)
    return get_run(body.year, request, actor)


class Accrual(BaseModel):
    month: int
    year: int
    total: str
    amount: str
    voucher_id: int | None
    created: bool


class AccrueRequest(BaseModel):
    month: Month


@router.post("/accruals", response_model=Accrual,
             summary="月度利息计提（借41101/贷211，按月幂等：同一月份再次调用不重复记账，created为false）")
def accrue(body: AccrueRequest, request: Request, actor: Actor = Depends(requires(P.SETTLE))):
    r = monthly.accrue_month(ctx(request).engine, actor, month=body.month, as_of=business_date(request))
    return Accrual(month=r.month, year=r.year, total=yuan_str(r.total), amount=yuan_str(r.amount),
                   voucher_id=r.voucher_id, created=r.created)


class Segment(BaseModel):
    start: date
    end_exclusive: date
    balance: str
    days: int
    jishu: str
    rate: str
    basis: int


class Explained(BaseModel):
    account_no: str
    year: int
    opening: str
    jishu_total: str
    interest: str
    segments: list[Segment]


@router.get("/accounts/{account_no}/explain", response_model=Explained, summary="解释一个账户某年度的利息")
def explain(account_no: str, year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    from anju.registry.queries import account_by_no

    with unit_of_work(request, read_only=True) as uow:
        acct = account_by_no(uow.conn, account_no)
        if acct is None:
            raise NotFound(ErrorCode.NOT_FOUND, what="个人账户", key=account_no)
        r = queries.explain(uow.conn, acct.id, year)
    return Explained(account_no=account_no, year=year, opening=yuan_str(r.opening), jishu_total=yuan_str(r.jishu_total),
                     interest=yuan_str(r.interest),
                     segments=[Segment(start=s.start, end_exclusive=s.end_exclusive, balance=yuan_str(s.balance),
                                       days=s.days, jishu=yuan_str(s.jishu), rate=str(s.rate), basis=s.basis)
                               for s in r.segments])


class FundEntry(BaseModel):
    kind: str
    bank_code: str | None = None
    period: Month
    entry_date: Day
    amount: str
    reference: str
    note: str = ""


@router.post("/fund-entries", summary="登记资金收支（按凭据号幂等）")
def add_fund_entry(body: FundEntry, request: Request, actor: Actor = Depends(requires(P.FUND_ENTRY))):
    with unit_of_work(request) as uow:
        fid = record_fund_entry(uow, actor, kind=body.kind, bank_code=body.bank_code, period=body.period,
                                entry_date=body.entry_date, amount=parse_yuan(body.amount), reference=body.reference,
                                note=body.note)
        uow.commit()
    return {"id": fid}


class YearEndLine(BaseModel):
    account: str
    debit: str
    credit: str


class YearEndPlan(BaseModel):
    year: int
    step: str
    detail: dict
    lines: list[YearEndLine]
    posted: bool


def _plan(plan, posted: bool) -> YearEndPlan:
    detail = {k: (yuan_str(v) if isinstance(v, int) else v) for k, v in plan.detail.items()}
    lines = [] if plan.posting is None else [YearEndLine(account=ln.account, debit=yuan_str(ln.debit),
                                                         credit=yuan_str(ln.credit)) for ln in plan.posting.lines]
    return YearEndPlan(year=plan.year, step=plan.step, detail=detail, lines=lines, posted=posted)


@router.get("/year-end/{year}/{step}", response_model=YearEndPlan, summary="年终步骤试算（不记账）")
def year_end_plan(year: Year, step: str, request: Request, management_fee: str = "0",
                  actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        plan = plan_step(uow.conn, year=year, step=step, as_of=business_date(request),
                         management_fee=parse_yuan(management_fee))
    return _plan(plan, False)


@router.post("/year-end/{year}/{step}", response_model=YearEndPlan, summary="办理年终步骤（记账）")
def year_end_run(year: Year, step: str, request: Request, management_fee: str = "0",
                 actor: Actor = Depends(requires(P.YEAREND))):
    with year_lock(request.app.state.anju.engine, year), unit_of_work(request) as uow:
        plan = run_step(uow, actor, year=year, step=step, as_of=business_date(request),
                        management_fee=parse_yuan(management_fee))
        uow.commit()
    return _plan(plan, True)
