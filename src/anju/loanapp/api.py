"""API of loan origination under /api/v1/loan-applications: 试算, 受理, the steps of the workflow, queues, the
contract's schedule; and the loan calculator. Same services as the pages. Money in yuan strings."""

from __future__ import annotations

import json
from datetime import date

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from anju.auth.actor import Actor
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.core.money import parse_yuan, yuan_str
from anju.loan.schedule import Method, build_schedule, rate_for_term
from anju.loanapp import limits
from anju.loanapp import service as lo
from anju.loanapp.codes import STAGES, Status
from anju.loanapp.errors import LoanappError
from anju.loanapp.form import LABELS
from anju.loanapp.permissions import P
from anju.policy.store import policy_at
from anju.web.kit import business_date, requires, unit_of_work
from anju.web.params import Day, Id
from anju.workcal.service import load_calendar

router = APIRouter(prefix="/loan-applications", tags=["贷款申请"])
calculator_router = APIRouter(tags=["贷款申请"])


class LoanApplicationIn(BaseModel):
    """The application's fields (see the counter form); money as yuan strings, flags as booleans."""

    person: str = Field(..., description="借款人个人账号或身份证号")
    income: str = Field(..., description="借款人月收入（元）")
    purpose: str = Field(..., description="purchase 购买 / build 建造翻建 / repair 大修 / refinance 商转公")
    house_type: str = Field("", description="new 新建商品住房 / used 二手住房（建造、大修不填）")
    property_address: str
    property_area: str = Field(..., description="建筑面积（平方米）")
    price: str = Field(..., description="房屋价格或工程造价（元）")
    amount: str = Field(..., description="申请金额（元）")
    months: int
    method: str = Field(..., description="01 等额本息 / 02 等额本金")
    repay_day: int
    bank_code: str = Field(..., description="受托银行代码")
    repay_card_no: str
    repay_card_bank: str
    security: str = Field(..., description="01 抵押 / 02 质押 / 03 保证")
    co_person: str | None = None
    co_relation: str | None = Field(None, description="spouse 配偶 / parent 父母 / child 子女")
    co_income: str | None = None
    children: int = 0
    talent: bool = False
    remote: bool = False
    remote_centre: str | None = None
    remote_balance: str | None = None
    remote_months: int | None = None
    remote_monthly: str | None = None
    purchase_contract_no: str | None = None
    certificate_no: str | None = None
    building_year: int | None = None
    combined: bool = False
    commercial_amount: str | None = None
    commercial_bank: str | None = None
    commercial_monthly: str | None = None
    original_bank: str | None = None
    original_contract_no: str | None = None
    original_balance: str | None = None
    fund_offset: bool = False
    guarantor_name: str | None = None
    guarantor_id_number: str | None = None

    def raw(self) -> dict:
        out = {}
        for k in LABELS:
            v = getattr(self, k, None)
            if isinstance(v, bool):
                out[k] = "1" if v else ""
            elif v is not None:
                out[k] = str(v)
        return out


class FactorOut(BaseModel):
    code: str
    label: str
    amount: str
    text: str


class TrialOut(BaseModel):
    ok: bool
    problems: list[dict]
    allowed: bool | None = None
    max_amount: str | None = None
    max_months: int | None = None
    second_home: bool | None = None
    rate: str | None = None
    payment: str | None = None
    factors: list[FactorOut] = []
    explanation: list[str] = []


def _problems(ps: list[Problem]) -> list[dict]:
    return [{"field": p.field, "message": p.message} for p in ps]


def _trial_out(t: lo.Trial) -> TrialOut:
    a: limits.Assessment | None = t.assessment
    if a is None:
        return TrialOut(ok=False, problems=_problems(t.problems))
    return TrialOut(ok=t.ok, problems=_problems(t.problems), allowed=a.allowed, max_amount=yuan_str(a.max_amount),
                    max_months=a.max_months, second_home=a.second_home, rate=str(a.rate), payment=yuan_str(a.payment),
                    factors=[FactorOut(code=f.code, label=f.label, amount=yuan_str(f.amount), text=f.text)
                             for f in a.factors], explanation=a.explanation())


@router.post("/trial", response_model=TrialOut, summary="试算：可贷额度、每项限额和全部问题（不受理）")
def trial(body: LoanApplicationIn, request: Request, actor: Actor = Depends(requires(P.APPLY))):
    with unit_of_work(request, read_only=True) as uow:
        return _trial_out(lo.trial(uow.conn, actor, body.raw(), as_of=business_date(request)))


class LoanApplicationOut(BaseModel):
    id: int
    no: str
    status: str
    status_label: str
    person_id: int
    co_person_id: int | None
    purpose: str
    house_type: str
    second_home: bool
    combined: bool
    remote: bool
    amount: str
    max_amount: str
    months: int
    method: str
    rate: str
    accepted_on: date
    deadline: date
    contract_no: str | None
    security_status: str
    loan_no: str | None
    disbursed_on: date | None
    status_note: str | None
    assessment: list[str]
    events: list[dict] = []


def _out(row, events=()) -> LoanApplicationOut:
    return LoanApplicationOut(
        id=row.id, no=row.no, status=row.status, status_label=Status(row.status).label, person_id=row.person_id,
        co_person_id=row.co_person_id, purpose=row.purpose, house_type=row.house_type,
        second_home=bool(row.second_home), combined=bool(row.combined), remote=bool(row.remote),
        amount=yuan_str(row.amount), max_amount=yuan_str(row.max_amount), months=row.months, method=row.method,
        rate=str(row.rate), accepted_on=row.accepted_on, deadline=row.deadline, contract_no=row.contract_no,
        security_status=row.security_status, loan_no=row.loan_no, disbursed_on=row.disbursed_on,
        status_note=row.status_note, assessment=json.loads(row.assessment_json).get("lines", []),
        events=[{"at": e.at.isoformat(), "on_day": e.on_day.isoformat(), "username": e.username, "action": e.action,
                 "to_status": e.to_status, "note": e.note} for e in events])


def _reload(request: Request, actor: Actor, application_id: int) -> LoanApplicationOut:
    with unit_of_work(request, read_only=True) as uow:
        return _out(lo.get(uow.conn, actor, application_id), lo.events(uow.conn, application_id))


@router.post("", response_model=LoanApplicationOut, status_code=201, summary="受理贷款申请")
def create(body: LoanApplicationIn, request: Request, actor: Actor = Depends(requires(P.APPLY))):
    with unit_of_work(request) as uow:
        applied = lo.apply(uow, actor, body.raw(), as_of=business_date(request))
        uow.commit()
    return _reload(request, actor, applied.id)


@router.get("", response_model=list[LoanApplicationOut], summary="贷款申请：按状态或环节查询")
def listing(request: Request, status: str | None = None, stage: str | None = None, q: str = "",
            actor: Actor = Depends(requires(P.APP_READ))):
    with unit_of_work(request, read_only=True) as uow:
        if stage:
            if stage not in STAGES:
                raise ValidationFailed([Problem.of(LoanappError.STAGE_UNKNOWN, field="stage", stage=stage,
                                                        choices="、".join(STAGES))])
            ids = [i.id for i in lo.queue(uow.conn, statuses=STAGES[stage], as_of=business_date(request),
                                          calendar=load_calendar(uow.conn))]
        else:
            ids = [r.id for r in lo.search(uow.conn, text=q, status=status, limit=500)]
        return [_out(lo.get(uow.conn, actor, i)) for i in ids]


@router.get("/{application_id}", response_model=LoanApplicationOut, summary="一笔贷款申请及其办理过程")
def detail(application_id: Id, request: Request, actor: Actor = Depends(requires(P.APP_READ))):
    return _reload(request, actor, application_id)


class NoteIn(BaseModel):
    note: str = ""


class ReasonIn(BaseModel):
    reason: str


class TerminateIn(BaseModel):
    reason: str
    fraud: bool = False


class SecurityIn(BaseModel):
    step: str = Field(..., description="filed 已申请登记 / done 已落实 / failed 不能落实")
    on: Day
    ref: str = ""
    office: str = ""
    note: str = ""


class InstructIn(BaseModel):
    disburse_on: Day


class DisburseIn(BaseModel):
    on: Day | None = Field(None, description="放款日期；默认今天")


def _step(request: Request, actor: Actor, application_id: int, fn, **kw) -> LoanApplicationOut:
    with unit_of_work(request) as uow:
        fn(uow, actor, application_id=application_id, as_of=business_date(request), **kw)
        uow.commit()
    return _reload(request, actor, application_id)


@router.post("/{application_id}/review", response_model=LoanApplicationOut, summary="初审通过")
def review(application_id: Id, body: NoteIn, request: Request, actor: Actor = Depends(requires(P.REVIEW))):
    return _step(request, actor, application_id, lo.review, note=body.note)


@router.post("/{application_id}/approve", response_model=LoanApplicationOut, summary="审批同意（超过限额须两人）")
def approve(application_id: Id, body: NoteIn, request: Request, actor: Actor = Depends(requires(P.APPROVE))):
    return _step(request, actor, application_id, lo.approve, note=body.note)


@router.post("/{application_id}/reject", response_model=LoanApplicationOut, summary="驳回（初审或审批）")
def reject(application_id: Id, body: ReasonIn, request: Request, actor: Actor = Depends(requires(P.APP_READ))):
    return _step(request, actor, application_id, lo.reject, reason=body.reason)


@router.post("/{application_id}/withdraw", response_model=LoanApplicationOut, summary="撤回申请")
def withdraw(application_id: Id, body: ReasonIn, request: Request, actor: Actor = Depends(requires(P.APPLY))):
    return _step(request, actor, application_id, lo.withdraw, reason=body.reason)


@router.post("/{application_id}/terminate", response_model=LoanApplicationOut, summary="放款前终止（可认定骗贷）")
def terminate(application_id: Id, body: TerminateIn, request: Request,
              actor: Actor = Depends(requires(P.TERMINATE))):
    return _step(request, actor, application_id, lo.terminate, reason=body.reason, fraud=body.fraud)


@router.post("/{application_id}/contract", response_model=LoanApplicationOut, summary="签订借款合同")
def contract(application_id: Id, request: Request, actor: Actor = Depends(requires(P.CONTRACT))):
    return _step(request, actor, application_id, lo.sign_contract)


@router.post("/{application_id}/security", response_model=LoanApplicationOut, summary="登记担保进度")
def security(application_id: Id, body: SecurityIn, request: Request, actor: Actor = Depends(requires(P.SECURITY))):
    return _step(request, actor, application_id, lo.record_security, step=body.step, on=body.on, ref=body.ref,
                 office=body.office, note=body.note)


@router.post("/{application_id}/instruct", response_model=LoanApplicationOut, summary="通知受托银行放款")
def instruct(application_id: Id, body: InstructIn, request: Request, actor: Actor = Depends(requires(P.INSTRUCT))):
    return _step(request, actor, application_id, lo.instruct, disburse_on=body.disburse_on)


@router.post("/{application_id}/disburse", response_model=LoanApplicationOut, summary="放款确认：开立贷款账户并记账")
def disburse(application_id: Id, body: DisburseIn, request: Request, actor: Actor = Depends(requires(P.DISBURSE))):
    day = business_date(request)
    return _step(request, actor, application_id, lo.disburse, on=body.on or day)


class ScheduleInstalmentOut(BaseModel):
    period: int
    due_date: date | None
    payment: str
    principal: str
    interest: str
    balance: str


class ScheduleOut(BaseModel):
    principal: str
    months: int
    method: str
    annual_rate: str
    start: date | None = None
    total_payment: str
    total_interest: str
    instalments: list[ScheduleInstalmentOut]


def _schedule_out(s, start: date | None = None) -> ScheduleOut:
    return ScheduleOut(principal=yuan_str(s.principal), months=s.months, method=s.method.value,
                       annual_rate=str(s.annual_rate), start=start, total_payment=yuan_str(s.total_payment),
                       total_interest=yuan_str(s.total_interest),
                       instalments=[ScheduleInstalmentOut(period=i.period, due_date=i.due_date, payment=yuan_str(i.payment),
                                                  principal=yuan_str(i.principal), interest=yuan_str(i.interest),
                                                  balance=yuan_str(i.balance)) for i in s.instalments])


@router.get("/{application_id}/schedule", response_model=ScheduleOut, summary="借款合同所附还款计划")
def schedule(application_id: Id, request: Request, start: Day | None = None,
             actor: Actor = Depends(requires(P.APP_READ))):
    with unit_of_work(request, read_only=True) as uow:
        row = lo.get(uow.conn, actor, application_id)
        plan, _, day = lo.contract_schedule(uow.conn, row, start=start)
    return _schedule_out(plan, day)


@calculator_router.get("/loan-calculator", response_model=ScheduleOut, summary="贷款计算器：金额、期限、还款方式 → 还款计划")
def calculator(request: Request, amount: str, months: int, method: str = "01", second_home: bool = False,
               actor: Actor = Depends(requires(None))):
    problems = []
    try:
        principal = parse_yuan(amount)
    except AnjuError as exc:
        problems.append(Problem.from_error(exc, field="amount"))
    try:
        how = Method.parse(method)
    except AnjuError as exc:
        problems.append(Problem.from_error(exc, field="method"))
    if problems:
        raise ValidationFailed(problems)
    with unit_of_work(request, read_only=True) as uow:
        rate = rate_for_term(policy_at(uow.conn, business_date(request)), months, second_home)
    return _schedule_out(build_schedule(principal, rate, months, how))


# The area's router (mounted under /api/v1 by anju.web.app, after the loan area's /loans): /loan-applications and
# /loan-calculator.
applications_router, router = router, APIRouter()
router.include_router(applications_router)
router.include_router(calculator_router)
