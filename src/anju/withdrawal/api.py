"""API of withdrawals: the reasons in force, 试算, applications and their decisions, the queue, payment files and
bank results for the entrusted banks' systems, and the register of homes (for the loan area and auditors)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from anju.auth.actor import Actor
from anju.bank import queries as bank_queries
from anju.bank.codes import FileKind
from anju.core.errors import AnjuError, ErrorCode, NotFound, Problem, ValidationFailed
from anju.core.money import parse_yuan, yuan_str
from anju.policy.store import policy_at
from anju.registry import queries as registry_queries
from anju.web.kit import XLSX, business_date, file_responses, requires, unit_of_work
from anju.web.params import Day, Id, Timestamp
from anju.withdrawal import payout, queries, rules
from anju.withdrawal import service as wd
from anju.withdrawal.codes import KINDS, status_label
from anju.withdrawal.errors import WithdrawalError
from anju.withdrawal.permissions import P
from anju.workcal.service import load_calendar

router = APIRouter(prefix="/withdrawal", tags=["提取"])


class ReasonOut(BaseModel):
    kind: str
    label: str
    reason: str = Field(..., description="提取原因代码 TQYY")
    reason_label: str
    allowed: bool
    closes: bool
    online: bool
    basis: str
    period: str | None
    max_times: int | None
    cap_person: str | None
    cap_family: str | None
    facts: list[str]
    documents: list[str]


def _money(fen: int | None) -> str | None:
    return None if fen is None else yuan_str(fen)


@router.get("/reasons", response_model=list[ReasonOut], summary="某日适用的提取情形及其规则")
def reasons(request: Request, as_of: Day | None = None, actor: Actor = Depends(requires(P.READ))):
    day = as_of or business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        policy = policy_at(uow.conn, day)
    out = []
    for code, kind in KINDS.items():
        r = rules.rules_at(policy, code)
        out.append(ReasonOut(kind=code, label=kind.label, reason=kind.reason.value, reason_label=kind.reason.label,
                             allowed=r.allowed, closes=r.closes, online=r.online, basis=r.basis, period=r.period,
                             max_times=r.max_times, cap_person=_money(r.cap_person), cap_family=_money(r.cap_family),
                             facts=list(r.facts), documents=list(r.documents)))
    return out


class PayeeIn(BaseModel):
    card_no: str = ""
    card_bank: str = ""
    payout_bank: str = Field("", description="付款受托银行代码；空则按缴存银行")


class WithdrawalApplicationIn(BaseModel):
    account_no: str = Field(..., description="个人账号")
    kind: str = Field(..., description="提取情形代码，见 /withdrawal/reasons")
    facts: dict[str, str] = Field(default_factory=dict, description="申请要素：要素代码 → 文本（金额为元）")
    documents: list[str] = Field(default_factory=list, description="已提交的申请材料名称")
    amount: str | None = Field(None, description="申请金额（元）；空则为本次最多可提取金额")
    payee: PayeeIn = Field(default_factory=PayeeIn)


class Limit(BaseModel):
    name: str
    amount: str
    text: str


class SignalOut(BaseModel):
    code: str
    text: str
    serious: bool


class EligibilityOut(BaseModel):
    kind: str
    reason: str
    as_of: date
    allowed: bool
    max_amount: str
    amount: str
    closes: bool
    refusals: list[str]
    notes: list[str]
    limits: list[Limit]
    summary: str
    explanation: list[str]
    problems: list[str]
    signals: list[SignalOut]


def _resolve(conn, application: WithdrawalApplicationIn) -> tuple[int, int | None]:
    acct = registry_queries.account_by_no(conn, application.account_no.strip())
    if acct is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="个人账户", key=application.account_no)
    requested = None
    if application.amount not in (None, ""):
        try:
            requested = parse_yuan(application.amount)
        except AnjuError as exc:
            raise ValidationFailed([Problem.from_error(exc, field="amount")]) from None
    return acct.id, requested


def _eligibility(found: wd.Assessment) -> EligibilityOut:
    e = found.eligibility
    return EligibilityOut(kind=e.kind, reason=e.reason, as_of=e.as_of, allowed=found.ok, max_amount=yuan_str(e.max_amount),
                          amount=yuan_str(e.amount), closes=e.closes, refusals=list(e.refusals), notes=list(e.notes),
                          limits=[Limit(name=lim.name, amount=yuan_str(lim.amount), text=lim.text) for lim in e.limits],
                          summary=e.summary, explanation=e.explanation(), problems=[str(p) for p in found.problems],
                          signals=[SignalOut(code=s.code, text=s.text, serious=s.serious) for s in found.signals])


@router.post("/eligibility", response_model=EligibilityOut, summary="试算：今天可提取多少，以及每一条限制或不能提取的原因")
def eligibility(application: WithdrawalApplicationIn, request: Request, actor: Actor = Depends(requires(P.APPLY))):
    with unit_of_work(request, read_only=True) as uow:
        account_id, requested = _resolve(uow.conn, application)
        found = wd.assess(uow.conn, actor, account_id=account_id, kind=application.kind, facts=application.facts,
                          documents=application.documents, requested=requested, as_of=business_date(request))
    return _eligibility(found)


class EventOut(BaseModel):
    at: Timestamp
    on_day: date
    username: str
    action: str
    status: str
    note: str | None


class WithdrawalApplicationOut(BaseModel):
    id: int
    no: str
    account_no: str
    name: str
    kind: str
    reason: str
    closes: bool
    status: str
    status_label: str
    status_note: str | None
    amount: str
    interest: str
    channel: str
    accepted_on: date
    deadline: date
    paid_on: date | None
    voucher_id: int | None
    summary: str
    signals: list[SignalOut]
    events: list[EventOut]


def _out(conn, withdrawal_id: int, *, staff: bool) -> WithdrawalApplicationOut:
    d = queries.detail(conn, withdrawal_id)
    w = d.row
    return WithdrawalApplicationOut(
        id=w.id, no=w.no, account_no=d.account_no, name=d.person_name, kind=w.kind, reason=w.reason, closes=w.closes,
        status=w.status, status_label=status_label(w.status), status_note=w.status_note, amount=yuan_str(w.amount),
        interest=yuan_str(w.interest), channel=w.channel, accepted_on=w.accepted_on, deadline=w.deadline,
        paid_on=w.paid_on, voucher_id=w.voucher_id, summary=d.assessment.get("summary", ""),
        signals=[SignalOut(**s) for s in d.signals] if staff else [],
        events=[EventOut(at=e.at, on_day=e.on_day, username=e.username, action=e.action,
                         status=e.to_status, note=e.note) for e in d.events])


@router.post("/applications", response_model=WithdrawalApplicationOut, status_code=201, summary="受理提取申请（金额即被占用）")
def create(application: WithdrawalApplicationIn, request: Request, actor: Actor = Depends(requires(P.APPLY))):
    with unit_of_work(request) as uow:
        account_id, requested = _resolve(uow.conn, application)
        applied = wd.apply(uow, actor, account_id=account_id, kind=application.kind, facts=application.facts,
                           documents=application.documents, requested=requested,
                           payee=wd.Payee(**application.payee.model_dump()), as_of=business_date(request))
        uow.commit()
    with unit_of_work(request, read_only=True) as uow:
        return _out(uow.conn, applied.id, staff=True)


@router.get("/applications/{withdrawal_id}", response_model=WithdrawalApplicationOut, summary="一笔提取申请及其办理过程")
def read(withdrawal_id: Id, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        wd.get(uow.conn, actor, withdrawal_id)
        return _out(uow.conn, withdrawal_id, staff=True)


class Decision(BaseModel):
    note: str = ""


class Reason(BaseModel):
    reason: str = ""


def _decide(request: Request, actor: Actor, withdrawal_id: int, fn, **kw) -> WithdrawalApplicationOut:
    with unit_of_work(request) as uow:
        fn(uow, actor, withdrawal_id=withdrawal_id, as_of=business_date(request), **kw)
        uow.commit()
    with unit_of_work(request, read_only=True) as uow:
        return _out(uow.conn, withdrawal_id, staff=True)


@router.post("/applications/{withdrawal_id}/review", response_model=WithdrawalApplicationOut, summary="复核通过")
def review(withdrawal_id: Id, body: Decision, request: Request, actor: Actor = Depends(requires(P.REVIEW))):
    return _decide(request, actor, withdrawal_id, wd.review, note=body.note)


@router.post("/applications/{withdrawal_id}/approve", response_model=WithdrawalApplicationOut, summary="审批同意")
def approve(withdrawal_id: Id, body: Decision, request: Request, actor: Actor = Depends(requires(P.APPROVE))):
    return _decide(request, actor, withdrawal_id, wd.approve, note=body.note)


@router.post("/applications/{withdrawal_id}/reject", response_model=WithdrawalApplicationOut, summary="驳回（须填理由）")
def reject(withdrawal_id: Id, body: Reason, request: Request, actor: Actor = Depends(requires(P.DECIDE))):
    return _decide(request, actor, withdrawal_id, wd.reject, reason=body.reason)


@router.post("/applications/{withdrawal_id}/cancel", response_model=WithdrawalApplicationOut, summary="撤销（支付前）")
def cancel(withdrawal_id: Id, body: Reason, request: Request, actor: Actor = Depends(requires(P.APPLY))):
    return _decide(request, actor, withdrawal_id, wd.cancel, reason=body.reason)


@router.post("/applications/{withdrawal_id}/fraud", response_model=WithdrawalApplicationOut, summary="认定骗提：冲回并禁止")
def fraud(withdrawal_id: Id, body: Decision, request: Request, actor: Actor = Depends(requires(P.FRAUD))):
    return _decide(request, actor, withdrawal_id, wd.mark_fraud, note=body.note)


class QueueOut(BaseModel):
    id: int
    no: str
    name: str
    kind: str
    amount: str
    status: str
    channel: str
    accepted_on: date
    deadline: date
    workdays_elapsed: int
    workdays_left: int
    overdue: bool
    signals: int


@router.get("/queue", response_model=list[QueueOut], summary="待复核、待审批的申请及其办结时限（工作日）")
def queue(request: Request, actor: Actor = Depends(requires(P.DECIDE))):
    day = business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        items = queries.queue(uow.conn, as_of=day, calendar=load_calendar(uow.conn))
    return [QueueOut(id=i.id, no=i.no, name=i.name, kind=i.kind, amount=yuan_str(i.amount), status=i.status,
                     channel=i.channel, accepted_on=i.accepted_on, deadline=i.deadline, workdays_elapsed=i.elapsed,
                     workdays_left=i.left, overdue=i.overdue, signals=i.signals) for i in items]


class BatchIn(BaseModel):
    bank_code: str
    pay_day: Day


class BatchOut(BaseModel):
    id: int
    bank_code: str
    pay_day: date
    seq: int
    count: int
    total: str
    file_name: str


@router.post("/payouts", response_model=BatchOut, status_code=201, summary="生成一家受托银行一个支付日的付款文件")
def create_batch(body: BatchIn, request: Request, actor: Actor = Depends(requires(P.PAYOUT))):
    with unit_of_work(request) as uow:
        b = wd.create_payout_batch(uow, actor, bank_code=body.bank_code, pay_day=body.pay_day)
        uow.commit()
    return BatchOut(id=b.id, bank_code=b.bank_code, pay_day=b.pay_day, seq=b.seq, count=b.count, total=yuan_str(b.total),
                    file_name=payout.file_name(b.bank_code, b.pay_day, b.seq, "csv"))


@router.get("/payouts/{batch_id}/file", summary="下载付款文件（csv 或 xlsx，版式见说明）",
            responses=file_responses("text/csv", XLSX))
def batch_file(batch_id: Id, request: Request, fmt: str = "csv", actor: Actor = Depends(requires(P.PAYOUT))):
    with unit_of_work(request, read_only=True) as uow:
        name, data, media = wd.payout_file(uow.conn, actor, batch_id=batch_id, fmt=fmt)
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


class ResultLine(BaseModel):
    payment_no: str = Field(..., description="付款流水号")
    result: str = Field(..., description="成功 或 失败")
    reason: str = Field("", description="失败原因")
    bank_ref: str = Field("", description="银行流水号")


class ResultIn(BaseModel):
    results: list[ResultLine]


class SettledOut(BaseModel):
    batch_id: int
    paid: int
    paid_total: str
    failed: int
    voucher_id: int | None


@router.post("/payouts/{batch_id}/result", response_model=SettledOut, summary="银行回盘：逐笔成功或失败，整批入账")
def batch_result(batch_id: Id, body: ResultIn, request: Request, actor: Actor = Depends(requires(P.PAYOUT))):
    results = [payout.Result(r.payment_no.strip(), r.result.strip().upper() in payout.PAID_WORDS, r.reason, r.bank_ref)
               for r in body.results]
    unknown = [Problem.of(WithdrawalError.RESULT_INVALID, field="result", row=i, result=r.result)
               for i, r in enumerate(body.results, start=1)
               if r.result.strip().upper() not in payout.PAID_WORDS | payout.FAILED_WORDS]
    if unknown:
        raise ValidationFailed(unknown, summary="银行结果有误，未作处理")
    with unit_of_work(request) as uow:
        b = queries.batch(uow.conn, batch_id)
        layout = bank_queries.file_layout(uow.conn, b.bank_code if b else None, FileKind.PAYOUT_RESULT)
        s = wd.load_payout_result(uow, actor, batch_id=batch_id, data=payout.result_csv(results, layout),
                                  filename=f"api-{batch_id}.csv", as_of=business_date(request))
        uow.commit()
    return SettledOut(batch_id=s.batch_id, paid=s.paid, paid_total=yuan_str(s.paid_total), failed=s.failed,
                      voucher_id=s.voucher_id)


class UseOut(BaseModel):
    property_id: int
    address: str
    person_id: int
    person_name: str
    use: str
    ref_type: str
    ref_id: str
    ref_label: str
    on_day: date
    amount: str
    active: bool


@router.get("/homes/uses", response_model=list[UseOut], summary="同一房屋（证号、合同号或规范化地址）的全部提取与贷款")
def home_uses(request: Request, address: str = "", certificate_no: str = "", contract_no: str = "",
              actor: Actor = Depends(requires(P.PROPERTY))):
    with unit_of_work(request, read_only=True) as uow:
        uses = queries.property_uses(uow.conn, address=address or None, certificate_no=certificate_no or None,
                                     contract_no=contract_no or None)
    return [UseOut(property_id=u.property_id, address=u.address, person_id=u.person_id, person_name=u.person_name,
                   use=u.use, ref_type=u.ref_type, ref_id=u.ref_id, ref_label=u.ref_label, on_day=u.on_day,
                   amount=yuan_str(u.amount), active=u.active) for u in uses]
