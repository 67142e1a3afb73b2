"""API of housing loans under /api/v1/loans. Servicing: a loan with its balances, plan and history (members: only
their own), the collection list, the repayment runs. Origination adds its endpoints in its own section."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from anju.auth.actor import Actor, is_staff, require
from anju.core.errors import ErrorCode, Forbidden, NotFound
from anju.core.money import yuan_str
from anju.loan import queries, runs, service
from anju.loan.permissions import P
from anju.web.kit import business_date, requires, unit_of_work
from anju.web.params import Day, Month

router = APIRouter(prefix="/loans", tags=["贷款"])


# =========================================================================================== servicing


class NextDue(BaseModel):
    period: int
    due_date: date
    payment: str


class LoanOut(BaseModel):
    loan_no: str = Field(..., description="贷款账号 DKZH")
    contract_no: str = Field(..., description="借款合同编号")
    borrower: str
    status: str = Field(..., description="01 正常 02 逾期 03 结清 04 核销")
    amount: str
    months: int
    method: str = Field(..., description="还款方式 01 等额本息 02 等额本金")
    rate: str
    disbursed_on: date
    maturity: date
    balance: str
    principal: str
    overdue_principal: str
    overdue_interest: str
    penalty_today: str | None
    owed_today: str | None
    overdue_since: date | None
    overdue_days: int
    bucket: str
    risk_class: str = Field(..., description="风险等级 01–05")
    next_due: NextDue | None
    settled_on: date | None


class LoanInstalmentOut(BaseModel):
    period: int
    due_date: date
    payment: str
    principal: str
    interest: str
    balance: str
    paid: str
    status: str


class TxnOut(BaseModel):
    date: date
    type: str = Field(..., description="个人贷款业务明细类型 DKYWMXLX")
    amount: str
    principal: str
    overdue_principal: str
    interest: str
    penalty: str
    balance_after: str
    note: str | None


def _view(request: Request, actor: Actor, loan_no: str):
    day = business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        service.read(uow.conn, actor, loan_no)
        return queries.view(uow.conn, loan_no, day)


def _out(v) -> LoanOut:
    r = v.row
    nxt = v.next_due
    return LoanOut(
        loan_no=r.loan_no, contract_no=r.contract_no, borrower=v.borrower, status=r.status, amount=yuan_str(r.amount),
        months=r.months, method=r.method, rate=str(r.rate), disbursed_on=r.disbursed_on, maturity=r.maturity,
        balance=yuan_str(v.balance), principal=yuan_str(r.principal), overdue_principal=yuan_str(r.overdue_principal),
        overdue_interest=yuan_str(r.overdue_interest),
        penalty_today=None if v.owed_today is None else yuan_str(v.owed_today.penalty),
        owed_today=None if v.owed_today is None else yuan_str(v.owed_today.total), overdue_since=r.overdue_since,
        overdue_days=v.overdue_days, bucket=v.bucket, risk_class=r.risk_class,
        next_due=None if nxt is None else NextDue(period=nxt.period, due_date=nxt.due_date,
                                                  payment=yuan_str(nxt.principal + nxt.interest)),
        settled_on=r.settled_on)


@router.get("/mine", response_model=list[LoanOut], summary="本人（借款人或共同借款人）的贷款")
def mine(request: Request, actor: Actor = Depends(requires(P.READ))):
    if actor.person_id is None:
        raise Forbidden(ErrorCode.FORBIDDEN, action="查看本人贷款（非缴存职工账户）")
    with unit_of_work(request, read_only=True) as uow:
        nos = [r.loan_no for r in queries.loans_of(uow.conn, actor.person_id)]
    return [_out(_view(request, actor, no)) for no in nos]


@router.get("/collection", summary="催收清单：逾期贷款，罚息计至当日")
def collection(request: Request, as_of: Day | None = None, bucket: str | None = None, risk: str | None = None,
               actor: Actor = Depends(requires(P.OVERDUE))):
    day = as_of or business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        rows = queries.collection(uow.conn, day, bucket=bucket, risk=risk)
    money = ("overdue_principal", "overdue_interest", "penalty", "balance")
    return [{**r.__dict__, **{k: yuan_str(getattr(r, k)) for k in money}} for r in rows]


@router.get("/runs/{month}", summary="月度扣款的状态：各受托银行的扣款、回盘与记账")
def run_status(month: Month, request: Request, actor: Actor = Depends(requires(P.RUN))):
    with unit_of_work(request, read_only=True) as uow:
        s = runs.summary(uow.conn, month)
    if s is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="月度扣款", key=month)
    return {"month": s.month, "status": s.status, "count": s.count, "total": yuan_str(s.total),
            "offset_count": s.offset_count, "offset_total": yuan_str(s.offset_total),
            "banks": [{"bank": b.bank_code, "status": b.status, "count": b.count, "total": yuan_str(b.total),
                       "paid_count": b.paid_count, "paid_total": yuan_str(b.paid_total),
                       "voucher_id": b.voucher_id} for b in s.banks]}


@router.get("/{loan_no}", response_model=LoanOut, summary="贷款账户：余额、下期应还、逾期")
def get_loan(loan_no: str, request: Request, actor: Actor = Depends(requires(P.READ))):
    return _out(_view(request, actor, loan_no))


@router.get("/{loan_no}/plan", response_model=list[LoanInstalmentOut], summary="现行还款计划")
def get_plan(loan_no: str, request: Request, actor: Actor = Depends(requires(P.READ))):
    v = _view(request, actor, loan_no)
    return [LoanInstalmentOut(period=i.period, due_date=i.due_date, payment=yuan_str(i.principal + i.interest),
                          principal=yuan_str(i.principal), interest=yuan_str(i.interest), balance=yuan_str(i.balance),
                          paid=yuan_str(i.paid_principal + i.paid_interest), status=i.status) for i in v.plan]


@router.get("/{loan_no}/history", response_model=list[TxnOut], summary="贷款明细（个人贷款业务明细）")
def get_history(loan_no: str, request: Request, actor: Actor = Depends(requires(P.READ))):
    v = _view(request, actor, loan_no)
    return [TxnOut(date=t.txn_date, type=t.type, amount=yuan_str(t.amount), principal=yuan_str(t.principal),
                   overdue_principal=yuan_str(t.overdue_principal), interest=yuan_str(t.interest + t.overdue_interest),
                   penalty=yuan_str(t.penalty), balance_after=yuan_str(t.balance_after), note=t.note)
            for t in v.history]


_ = (is_staff, require)
