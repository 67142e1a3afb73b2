"""API of contributions: lists (generate, upload as multipart, read with lines, confirm payment, cancel),
arrears, refunds (apply, decide) and deferrals (apply, decide).

A rejected upload is a 422 problem whose ``problems`` carry every row error (row, field = column, message).
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from pydantic import BaseModel, Field

from anju.auth.actor import Actor
from anju.core.errors import Problem, ValidationFailed
from anju.core.ids import mask_id
from anju.core.money import yuan_str
from anju.deposit import reads
from anju.deposit import service as svc
from anju.deposit.errors import DepositError
from anju.deposit.permissions import P
from anju.deposit.rules import BackPayReason, ListKind
from anju.registry.api import _Typed, ratio_str
from anju.web.kit import business_date, requires, unit_of_work
from anju.web.params import Count, Day, Id, Month, Timestamp
from anju.web.uploads import read_upload, upload_limits

router = APIRouter(prefix="/deposit", tags=["归集"])


class ListOut(BaseModel):
    id: int
    no: str = Field(description="汇缴单号（银行缴款时的附言）")
    employer_id: int | None
    kind: str = Field(description="01 汇缴、02 补缴")
    reason: str
    period_from: int
    period_to: int
    status: str = Field(description="pending 待缴款、confirmed 已到账、posted 已入账、cancelled 已撤销")
    status_label: str
    source: str
    total: str
    employer_total: str
    member_total: str
    line_count: int
    created_at: Timestamp
    created_by: str
    paid_on: date | None
    receipt_no: str | None


class LineOut(BaseModel):
    line_no: int
    person_id: int
    account_no: str
    name: str
    id_masked: str
    month: int
    base: str
    employer_amount: str
    member_amount: str
    amount: str
    refunded: bool


class ListDetail(ListOut):
    lines: list[LineOut]


def _list_out(r) -> dict:
    return dict(id=r.id, no=r.no, employer_id=r.employer_id, kind=r.kind, reason=r.reason, period_from=r.period_from,
                period_to=r.period_to, status=r.status, status_label=svc.STATUS_LABELS[r.status], source=r.source,
                total=yuan_str(r.total), employer_total=yuan_str(r.employer_total),
                member_total=yuan_str(r.member_total), line_count=r.line_count, created_at=r.created_at,
                created_by=r.created_by, paid_on=r.paid_on, receipt_no=r.receipt_no)


def _detail(request: Request, actor: Actor, remittance_id: int) -> ListDetail:
    with unit_of_work(request, read_only=True) as uow:
        head, lines = reads.remittance_detail(uow.conn, actor, remittance_id, line_limit=100_000)
    return ListDetail(**_list_out(head), lines=[
        LineOut(line_no=ln.line_no, person_id=ln.person_id, account_no=ln.account_no, name=ln.name,
                id_masked=mask_id(ln.id_number), month=ln.month, base=yuan_str(ln.base),
                employer_amount=yuan_str(ln.employer_amount), member_amount=yuan_str(ln.member_amount),
                amount=yuan_str(ln.amount), refunded=ln.refunded) for ln in lines])


@router.get("/employers/{employer_id}/lists", response_model=list[ListOut], summary="单位的汇缴、补缴清册")
def lists(employer_id: Id, request: Request, limit: Count = 100, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        rows = reads.lists_of_employer(uow.conn, actor, employer_id, limit=min(max(limit, 1), 1000))
    return [ListOut(**_list_out(r)) for r in rows]


class GenerateIn(BaseModel):
    period: Month = Field(description="汇缴年月 YYYYMM（应为单位下一个应缴月份）")


@router.post("/employers/{employer_id}/lists/generate", response_model=ListDetail, status_code=201,
             summary="按登记信息生成当月汇缴清册")
def generate(employer_id: Id, body: GenerateIn, request: Request, actor: Actor = Depends(requires(P.LIST_SUBMIT))):
    with unit_of_work(request) as uow:
        sub = svc.generate_month(uow, actor, employer_id=employer_id, period=body.period, as_of=business_date(request))
        uow.commit()
    return _detail(request, actor, sub.remittance_id)


@router.post("/employers/{employer_id}/lists", response_model=ListDetail, status_code=201,
             operation_id="upload_deposit_list",  # names the form's schema: Body_upload_deposit_list
             summary="上传清册（multipart：file、kind、period_from、period_to、reason）；有错误时整份退回（422，逐行列出）")
def upload(employer_id: Id, request: Request, file: UploadFile = File(..., description=".xlsx/.xls/.csv"),
           kind: str = Form("01", description="01 汇缴、02 补缴"), period_from: Month = Form(...),
           period_to: Month | None = Form(None), reason: str | None = Form(None, description="补缴原因"),
           actor: Actor = Depends(requires(P.LIST_SUBMIT))):
    try:
        list_kind = ListKind(kind)
        why = BackPayReason(reason) if reason else None
    except ValueError:
        raise ValidationFailed([Problem.of(DepositError.LIST_KIND_REASON, field="kind")]) from None
    limits = upload_limits(request)
    data, name = read_upload(file, limits)
    name = name or "list.xlsx"
    table = svc.read_list(data, name, limits=limits)  # parsed before the writing transaction opens
    with unit_of_work(request) as uow:
        sub = svc.import_list(uow, actor, employer_id=employer_id, data=data, filename=name,
                              kind=list_kind, period_from=period_from, period_to=period_to,
                              as_of=business_date(request), reason=why, table=table)
        uow.commit()
    return _detail(request, actor, sub.remittance_id)


@router.get("/lists/{remittance_id}", response_model=ListDetail, summary="清册及明细")
def get_list(remittance_id: Id, request: Request, actor: Actor = Depends(requires(P.READ))):
    return _detail(request, actor, remittance_id)


class PaymentIn(BaseModel):
    paid_on: Day
    receipt_no: str
    amount: str = Field(description="到账金额（元），须等于清册金额")


@router.post("/lists/{remittance_id}/payment", response_model=ListDetail, summary="到账确认并入账")
def confirm_payment(remittance_id: Id, body: PaymentIn, request: Request,
                    actor: Actor = Depends(requires(P.PAYMENT_CONFIRM))):
    t = _Typed()
    amount = t.money(body.amount, "amount")
    t.check()
    with unit_of_work(request) as uow:
        svc.confirm_payment(uow, actor, remittance_id=remittance_id, paid_on=body.paid_on, receipt_no=body.receipt_no,
                            amount=amount)
        uow.commit()
    return _detail(request, actor, remittance_id)


class SecondIn(BaseModel):
    receipt_no: str
    amount: str = Field(description="元，按银行回单录入（盲录）")


@router.post("/lists/{remittance_id}/payment/second", response_model=ListDetail,
             summary="到账复核（超过复核限额时由另一人盲录回单号和金额）")
def confirm_second(remittance_id: int, body: SecondIn, request: Request,
                   actor: Actor = Depends(requires(P.PAYMENT_CONFIRM))):
    t = _Typed()
    amount = t.money(body.amount, "amount")
    t.check()
    with unit_of_work(request) as uow:
        svc.confirm_second(uow, actor, remittance_id=remittance_id, receipt_no=body.receipt_no, amount=amount)
        uow.commit()
    return _detail(request, actor, remittance_id)


class CancelIn(BaseModel):
    reason: str


@router.post("/lists/{remittance_id}/cancel", response_model=ListDetail, summary="撤销待缴款的清册")
def cancel(remittance_id: Id, body: CancelIn, request: Request, actor: Actor = Depends(requires(P.LIST_SUBMIT))):
    with unit_of_work(request) as uow:
        svc.cancel_list(uow, actor, remittance_id=remittance_id, reason=body.reason)
        uow.commit()
    return _detail(request, actor, remittance_id)


class ArrearsOut(BaseModel):
    employer_id: int
    account_no: str
    name: str
    paid_through: int | None
    monthly_due: str
    unpaid_months: list[int]
    unpaid_amount: str
    deferred_months: list[int]
    deferred_amount: str


def _arrears_out(a) -> ArrearsOut:
    return ArrearsOut(employer_id=a.employer_id, account_no=a.account_no, name=a.name, paid_through=a.paid_through,
                      monthly_due=yuan_str(a.monthly_due), unpaid_months=a.unpaid_months,
                      unpaid_amount=yuan_str(a.unpaid_amount), deferred_months=a.deferred_months,
                      deferred_amount=yuan_str(a.deferred_amount))


@router.get("/arrears", response_model=list[ArrearsOut], summary="欠缴报表（中心）")
def arrears(request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return [_arrears_out(a) for a in reads.all_arrears(uow.conn, actor, as_of=business_date(request))]


@router.get("/employers/{employer_id}/arrears", response_model=ArrearsOut | None, summary="单位欠缴")
def employer_arrears(employer_id: Id, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        a = reads.arrears_of(uow.conn, actor, employer_id, as_of=business_date(request))
    return None if a is None else _arrears_out(a)


# ---------------------------------------------------------------- refunds


class RefundIn(BaseModel):
    reason: str
    person_ids: list[Id] | None = Field(None, description="只退这些职工；空：整份清册")


class RefundOut(BaseModel):
    id: int
    remittance_id: int
    remittance_no: str
    status: str
    reason: str
    amount: str
    lines: int
    applied_by: str
    decided_by: str | None
    refund_on: date | None


def _refund(request: Request, actor: Actor, refund_id: int) -> RefundOut:
    with unit_of_work(request, read_only=True) as uow:
        for r, n in reads.refunds(uow.conn, actor):
            if r.id == refund_id:
                return RefundOut(id=r.id, remittance_id=r.remittance_id, remittance_no=r.remittance_no,
                                 status=r.status, reason=r.reason, amount=yuan_str(r.amount), lines=n,
                                 applied_by=r.applied_by, decided_by=r.decided_by, refund_on=r.refund_on)
    from anju.core.errors import ErrorCode, NotFound

    raise NotFound(ErrorCode.NOT_FOUND, what="退缴申请", key=refund_id)


@router.get("/refunds", response_model=list[RefundOut], summary="退缴申请")
def refunds(request: Request, status: str | None = None, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        rows = reads.refunds(uow.conn, actor, status=status)
    return [RefundOut(id=r.id, remittance_id=r.remittance_id, remittance_no=r.remittance_no, status=r.status,
                      reason=r.reason, amount=yuan_str(r.amount), lines=n, applied_by=r.applied_by,
                      decided_by=r.decided_by, refund_on=r.refund_on) for r, n in rows]


@router.post("/lists/{remittance_id}/refunds", response_model=RefundOut, status_code=201, summary="退缴申请")
def apply_refund(remittance_id: Id, body: RefundIn, request: Request,
                 actor: Actor = Depends(requires(P.REFUND_APPLY))):
    with unit_of_work(request) as uow:
        account_ids = None
        if body.person_ids:
            from anju.registry import reads as registry_reads

            account_ids = [registry_reads.member(uow.conn, actor, p).account_id for p in body.person_ids]
        fid = svc.apply_refund(uow, actor, remittance_id=remittance_id, reason=body.reason, account_ids=account_ids)
        uow.commit()
    return _refund(request, actor, fid)


class DecisionIn(BaseModel):
    approve: bool
    note: str = ""
    approval_no: str = Field("", description="缓缴审批：管委会批复文号")


@router.post("/refunds/{refund_id}/decision", response_model=RefundOut, summary="审批退缴（申请人不能审批）")
def decide_refund(refund_id: Id, body: DecisionIn, request: Request,
                  actor: Actor = Depends(requires(P.REFUND_DECIDE))):
    with unit_of_work(request) as uow:
        svc.decide_refund(uow, actor, refund_id=refund_id, approve=body.approve, note=body.note,
                          refund_on=business_date(request))
        uow.commit()
    return _refund(request, actor, refund_id)


# ---------------------------------------------------------------- deferrals


class DeferralIn(BaseModel):
    kind: str = Field("defer", description="defer 缓缴、reduce 降低比例")
    period_from: Month
    period_to: Month
    reason: str
    documents: list[str] = Field(description="已提交的材料：" + "；".join(svc.DEFERRAL_DOCUMENTS))
    reduced_employer_ratio: str | None = None
    reduced_member_ratio: str | None = None


class DeferralOut(BaseModel):
    id: int
    employer_id: int
    kind: str
    period_from: int
    period_to: int
    reduced_employer_ratio: str | None
    reduced_member_ratio: str | None
    documents: list[str]
    reason: str
    status: str
    applied_by: str
    decided_by: str | None
    approval_no: str | None


def _deferral_out(d, docs) -> DeferralOut:
    return DeferralOut(id=d.id, employer_id=d.employer_id, kind=d.kind, period_from=d.period_from,
                       period_to=d.period_to,
                       reduced_employer_ratio=None if d.reduced_employer_ratio is None else ratio_str(d.reduced_employer_ratio),
                       reduced_member_ratio=None if d.reduced_member_ratio is None else ratio_str(d.reduced_member_ratio),
                       documents=docs, reason=d.reason, status=d.status, applied_by=d.applied_by,
                       decided_by=d.decided_by, approval_no=d.approval_no)


@router.get("/deferrals", response_model=list[DeferralOut], summary="缓缴与降低比例申请（中心）")
def deferrals(request: Request, status: str | None = None, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return [_deferral_out(d, docs) for d, docs in reads.deferrals(uow.conn, actor, status=status)]


@router.get("/employers/{employer_id}/deferrals", response_model=list[DeferralOut], summary="单位的缓缴与降低比例申请")
def employer_deferrals(employer_id: Id, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return [_deferral_out(d, docs) for d, docs in reads.deferrals(uow.conn, actor, employer_id=employer_id)]


def _one_deferral(request: Request, actor: Actor, deferral_id: int) -> DeferralOut:
    with unit_of_work(request, read_only=True) as uow:
        rows = reads.deferrals(uow.conn, actor) if _staff(actor) else []
    for d, docs in rows:
        if d.id == deferral_id:
            return _deferral_out(d, docs)
    from anju.core.errors import ErrorCode, NotFound

    raise NotFound(ErrorCode.NOT_FOUND, what="缓缴申请", key=deferral_id)


def _staff(actor: Actor) -> bool:
    from anju.auth.scope import is_staff

    return is_staff(actor)


@router.post("/employers/{employer_id}/deferrals", response_model=list[DeferralOut], status_code=201,
             summary="缓缴或降低比例申请（附材料清单）")
def apply_deferral(employer_id: Id, body: DeferralIn, request: Request,
                   actor: Actor = Depends(requires(P.DEFERRAL_APPLY))):
    t = _Typed()
    er, mr = t.ratio(body.reduced_employer_ratio, "reduced_employer_ratio"), t.ratio(body.reduced_member_ratio,
                                                                                     "reduced_member_ratio")
    t.check()
    with unit_of_work(request) as uow:
        svc.apply_deferral(uow, actor, employer_id=employer_id, kind=body.kind, period_from=body.period_from,
                           period_to=body.period_to, reason=body.reason, documents=body.documents,
                           reduced_employer_ratio=er, reduced_member_ratio=mr, as_of=business_date(request))
        uow.commit()
    return employer_deferrals(employer_id, request, actor)


@router.post("/deferrals/{deferral_id}/decision", response_model=DeferralOut, summary="审批缓缴或降低比例")
def decide_deferral(deferral_id: Id, body: DecisionIn, request: Request,
                    actor: Actor = Depends(requires(P.DEFERRAL_DECIDE))):
    with unit_of_work(request) as uow:
        svc.decide_deferral(uow, actor, deferral_id=deferral_id, approve=body.approve, approval_no=body.approval_no,
                            note=body.note, as_of=business_date(request))
        uow.commit()
    return _one_deferral(request, actor, deferral_id)
