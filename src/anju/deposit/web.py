"""Pages of contributions: the month's list (download template, generate, upload with every row error and the
error workbook, cancel), payment confirmation on a confirmation screen, bank receipt files and posting, back
payment, refunds (maker-checker), deferral and ratio reduction, annual base adjustment, flexible workers'
payments and the arrears report. Every page calls the same service as `anju deposit …`."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile

from anju.auth.actor import Actor, can
from anju.core.dates import month_of
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.core.money import format_yuan
from anju.core.sheets import UploadTooLarge
from anju.db.joblock import JobBusy
from anju.deposit import reads
from anju.deposit import service as svc
from anju.deposit.codes import RemittanceStatus
from anju.deposit.errors import DepositError
from anju.deposit.permissions import P
from anju.deposit.rules import BackPayReason, ListKind
from anju.registry import reads as registry_reads
from anju.registry.web import PASS_THROUGH
from anju.web.kit import (
    FormReader,
    MenuEntry,
    business_date,
    ctx,
    download,
    fetch_download,
    form_errors,
    redirect,
    render,
    requires,
    stash_confirmation,
    stash_download,
    take_confirmation,
    unit_of_work,
)
from anju.web.uploads import read_upload, upload_limits

router = APIRouter(prefix="/deposit")
MENU = [
    MenuEntry("柜面业务", "到账确认与入账", "/deposit/payments", P.PAYMENT_CONFIRM, order=40, accesskey="p"),
    MenuEntry("柜面业务", "欠缴报表", "/deposit/arrears", P.READ, order=50),
    MenuEntry("柜面业务", "退缴申请", "/deposit/refunds?mine=1", P.REFUND_APPLY, order=60),
    MenuEntry("柜面业务", "清册模板下载", "/deposit/template.xlsx", P.LIST_SUBMIT, order=70),
    MenuEntry("审批", "退缴审批", "/deposit/refunds", P.REFUND_DECIDE, order=10),
    MenuEntry("审批", "缓缴与降低比例审批", "/deposit/deferrals", P.DEFERRAL_DECIDE, order=20),
]

LIST_FIELDS = {"缴存年月": "period_from", "补缴原因": "reason", "单位": "period_from"}
PAYMENT_FIELDS = {"到账金额": "amount", "银行回单号": "receipt_no", "到账日期": "paid_on"}
DEFERRAL_FIELDS = {"类型": "kind", "申请材料": "documents", "期间": "period_from", "理由": "reason",
                   "比例": "reduced_employer_ratio"}
REASONS = [(r.value, r.label) for r in BackPayReason]


def _problems(exc: AnjuError, field: str | None = None) -> list[Problem]:
    return exc.problems if isinstance(exc, ValidationFailed) else [Problem.from_error(exc, field=field)]


def _status(exc: AnjuError) -> int:
    """An upload over the byte limit keeps its 413; every other refused input is a 422."""
    return exc.status if isinstance(exc, UploadTooLarge) else 422


@router.get("/template.xlsx")
def template(kind: str = "01", actor: Actor = Depends(requires(P.LIST_SUBMIT))):
    back = kind == ListKind.BACK_PAY.value
    data = svc.template(ListKind.BACK_PAY if back else ListKind.REMIT)
    return download(data, "补缴清册模板.xlsx" if back else "汇缴清册模板.xlsx")


# ---------------------------------------------------------------- the month's list: generate or upload


def _upload_page(request: Request, actor: Actor, employer_id: int, *, kind: str = "01", errors=None,
                 rejected=None, error_file: str | None = None, values: dict | None = None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        e = registry_reads.employer_detail(uow.conn, actor, employer_id)["employer"]
        due = reads.next_month_due(uow.conn, actor, employer_id)
        lists = reads.lists_of_employer(uow.conn, actor, employer_id, limit=12)
    kind = ListKind.BACK_PAY.value if kind == ListKind.BACK_PAY.value else ListKind.REMIT.value
    defaults = {"period_from": str(due), "period_to": "", "reason": "missed", "period": str(due)}
    return render(request, "deposit/upload.html", status_code=status_code, e=e, due=due, kind=kind, lists=lists,
                  errors=errors or form_errors(), rejected=rejected or [], error_file=error_file,
                  values={**defaults, **(values or {})}, reasons=REASONS, list_status=reads.STATUS_LABELS,
                  kind_labels=reads.KIND_LABELS, this_month=month_of(business_date(request)))


@router.get("/employers/{employer_id}/upload")
def upload_page(employer_id: int, request: Request, kind: str = "01", actor: Actor = Depends(requires(P.LIST_SUBMIT))):
    return _upload_page(request, actor, employer_id, kind=kind)


@router.post("/employers/{employer_id}/generate")
def generate(employer_id: int, request: Request, period: str = Form(""), actor: Actor = Depends(requires(P.LIST_SUBMIT))):
    f = FormReader()
    month = f.month(period, "period", "汇缴年月")
    try:
        f.check()
        with unit_of_work(request) as uow:
            sub = svc.generate_month(uow, actor, employer_id=employer_id, period=month, as_of=business_date(request))
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _upload_page(request, actor, employer_id, status_code=422, values={"period": period},
                            errors=form_errors(_problems(exc, "period"), fields={"缴存年月": "period", "单位": "period"}))
    return redirect(request, f"/deposit/lists/{sub.remittance_id}",
                    flash=f"已生成清册{sub.no}：{sub.line_count}人，合计{format_yuan(sub.total)}元，待缴款")


@router.post("/employers/{employer_id}/upload")
def upload(employer_id: int, request: Request, file: UploadFile = File(None), kind: str = Form("01"),
                 period_from: str = Form(""), period_to: str = Form(""), reason: str = Form(""),
                 actor: Actor = Depends(requires(P.LIST_SUBMIT))):
    values = {"period_from": period_from, "period_to": period_to, "reason": reason}
    f = FormReader()
    start = f.month(period_from, "period_from", "缴存年月")
    end = f.month(period_to, "period_to", "结束年月", required=False)
    back = kind == ListKind.BACK_PAY.value
    why = None
    if back:
        try:
            why = BackPayReason(reason)
        except ValueError:
            f.problems.append(Problem.of(DepositError.BACKPAY_REASON_REQUIRED, field="reason"))
    try:
        limits = upload_limits(request)
        data, name = read_upload(file, limits)
        if not data:
            f.problems.append(Problem.of(DepositError.LIST_FILE_REQUIRED, field="file"))
        f.check()
        name = name or "清册.xlsx"
        table = svc.read_list(data, name, limits=limits)  # parsed before the writing transaction opens
        with unit_of_work(request) as uow:
            sub = svc.import_list(uow, actor, employer_id=employer_id, data=data, filename=name,
                                  kind=ListKind.BACK_PAY if back else ListKind.REMIT, period_from=start,
                                  period_to=end, as_of=business_date(request), reason=why, table=table)
            uow.commit()
    except svc.ListRejected as exc:
        token = stash_download(request, action="deposit.error_workbook", data=svc.error_workbook(exc.validated))
        return _upload_page(request, actor, employer_id, kind=kind, status_code=422, values=values,
                            errors=form_errors([p for p in exc.problems if p.row is None], fields=LIST_FIELDS),
                            rejected=exc.problems, error_file=token)
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _upload_page(request, actor, employer_id, kind=kind, status_code=_status(exc), values=values,
                            errors=form_errors(_problems(exc, "file"), fields=LIST_FIELDS))
    warn = "；".join(sub.warnings)
    return redirect(request, f"/deposit/lists/{sub.remittance_id}",
                    flash=f"清册已受理：{sub.no}，{sub.line_count}人，合计{format_yuan(sub.total)}元，待缴款"
                          + (f"。提示：{warn}" if warn else ""))


@router.get("/errors/{token}")
def error_file(token: str, request: Request, actor: Actor = Depends(requires(P.LIST_SUBMIT))):
    return download(fetch_download(request, action="deposit.error_workbook", token=token), "清册错误清单.xlsx")


# ---------------------------------------------------------------- one list: lines, cancel, payment, refund


def _list_page(request: Request, actor: Actor, remittance_id: int, *, errors=None, values: dict | None = None,
               open_action: str | None = None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        head, lines = reads.remittance_detail(uow.conn, actor, remittance_id)
        awaiting = svc.awaiting_confirmation(uow.conn, remittance_id) if head.status == RemittanceStatus.PENDING else None
    defaults = {"paid_on": business_date(request).isoformat(), "receipt_no": "", "amount": "", "reason": ""}
    return render(request, "deposit/list.html", status_code=status_code, r=head, lines=lines, awaiting=awaiting,
                  errors=errors or form_errors(), values={**defaults, **(values or {})}, open_action=open_action,
                  list_status=reads.STATUS_LABELS, kind_labels=reads.KIND_LABELS, reason_labels=reads.REASON_LABELS,
                  P=P, can=lambda p: can(actor, p))


@router.get("/lists/{remittance_id}")
def list_page(remittance_id: int, request: Request, actor: Actor = Depends(requires(P.READ))):
    return _list_page(request, actor, remittance_id)


@router.post("/lists/{remittance_id}/cancel")
def cancel(remittance_id: int, request: Request, reason: str = Form(""), actor: Actor = Depends(requires(P.LIST_SUBMIT))):
    try:
        if not reason.strip():
            raise ValidationFailed([Problem.of(DepositError.CANCEL_REASON_REQUIRED, field="cancel_reason")])
        with unit_of_work(request) as uow:
            svc.cancel_list(uow, actor, remittance_id=remittance_id, reason=reason.strip())
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _list_page(request, actor, remittance_id, status_code=422, open_action="cancel",
                          errors=form_errors(_problems(exc, "cancel_reason")))
    return redirect(request, f"/deposit/lists/{remittance_id}", flash="清册已撤销")


@router.post("/lists/{remittance_id}/payment")
def payment_check(remittance_id: int, request: Request, paid_on: str = Form(""), receipt_no: str = Form(""),
                  amount: str = Form(""), actor: Actor = Depends(requires(P.PAYMENT_CONFIRM))):
    """First step of 到账确认: the service checks everything (in a transaction that is rolled back), then the
    confirmation screen shows the amount in figures and in 大写; nothing is posted yet."""
    values = {"paid_on": paid_on, "receipt_no": receipt_no, "amount": amount}
    f = FormReader()
    day = f.date(paid_on, "paid_on", "到账日期")
    fen = f.money(amount, "amount", "到账金额")
    f.text(receipt_no, "receipt_no", "银行回单号")
    try:
        f.check()
        with unit_of_work(request) as uow:  # never committed: a dry run of the same use case
            svc.confirm_payment(uow, actor, remittance_id=remittance_id, paid_on=day, receipt_no=receipt_no,
                                amount=fen, post_now=False)
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _list_page(request, actor, remittance_id, status_code=422, values=values, open_action="payment",
                          errors=form_errors(_problems(exc, "amount"), fields=PAYMENT_FIELDS))
    with unit_of_work(request, read_only=True) as uow:
        head, _ = reads.remittance_detail(uow.conn, actor, remittance_id, with_lines=False)
    token = stash_confirmation(request, action="deposit.confirm_payment", payload={
        "remittance_id": remittance_id, "paid_on": day.isoformat(), "receipt_no": receipt_no.strip(), "amount": fen})
    period = head.period_from if head.period_from == head.period_to else f"{head.period_from}-{head.period_to}"
    return render(request, "_confirm.html", confirm={
        "title": "确认到账并入账", "amount": fen, "action": "/deposit/payments/confirm", "token": token,
        "back": f"/deposit/lists/{remittance_id}",
        "note": "确认后生成记账凭证（借 受托银行存款 / 贷 住房公积金），每名职工记一笔明细，缴至年月随之推进。",
        "rows": [("清册号", head.no), ("缴存单位", head.employer_name or "灵活就业"), ("所属年月", str(period)),
                 ("人数", f"{head.line_count}人"), ("到账日期", day.isoformat()), ("银行回单号", receipt_no.strip())]})


@router.post("/payments/confirm")
def payment_confirm(request: Request, token: str = Form(""), actor: Actor = Depends(requires(P.PAYMENT_CONFIRM))):
    with unit_of_work(request) as uow:
        p = take_confirmation(uow, request, action="deposit.confirm_payment", token=token)
        written = svc.confirm_payment(uow, actor, remittance_id=p["remittance_id"],
                                      paid_on=date.fromisoformat(p["paid_on"]), receipt_no=p["receipt_no"],
                                      amount=p["amount"])
        uow.commit()
    if written is None:
        return redirect(request, f"/deposit/lists/{p['remittance_id']}",
                        flash="到账金额超过复核限额，已录入，须由另一人凭银行回单复核确认后入账")
    return redirect(request, f"/deposit/lists/{p['remittance_id']}", flash=f"已到账入账：{written}名职工")


@router.post("/lists/{remittance_id}/payment/second")
def payment_second(remittance_id: int, request: Request, receipt_no: str = Form(""), amount: str = Form(""),
                   actor: Actor = Depends(requires(P.PAYMENT_CONFIRM))):
    """到账复核: a second person enters the receipt number and the amount blind."""
    f = FormReader()
    fen = f.money(amount, "amount", "到账金额")
    f.text(receipt_no, "receipt_no", "银行回单号")
    try:
        f.check()
        with unit_of_work(request) as uow:
            written = svc.confirm_second(uow, actor, remittance_id=remittance_id, receipt_no=receipt_no, amount=fen)
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _list_page(request, actor, remittance_id, status_code=422, open_action="second",
                          errors=form_errors(_problems(exc, "amount"), fields=PAYMENT_FIELDS))
    return redirect(request, f"/deposit/lists/{remittance_id}", flash=f"复核一致，已到账入账：{written or 0}名职工")


@router.post("/lists/{remittance_id}/payment/reject")
def payment_reject(remittance_id: int, request: Request, reject_reason: str = Form(""),
                   actor: Actor = Depends(requires(P.PAYMENT_CONFIRM))):
    try:
        if not reject_reason.strip():
            raise ValidationFailed([Problem.of(DepositError.RETURN_REASON_REQUIRED, field="reject_reason")])
        with unit_of_work(request) as uow:
            svc.reject_confirmation(uow, actor, remittance_id=remittance_id, reason=reject_reason.strip())
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _list_page(request, actor, remittance_id, status_code=422, open_action="second",
                          errors=form_errors(_problems(exc, "reject_reason")))
    return redirect(request, f"/deposit/lists/{remittance_id}", flash="已退回，到账确认须重新录入")


@router.post("/lists/{remittance_id}/refunds")
def refund_apply(remittance_id: int, request: Request, reason: str = Form(""), account_id: list[int] = Form([]),
                 actor: Actor = Depends(requires(P.REFUND_APPLY))):
    try:
        with unit_of_work(request) as uow:
            fid = svc.apply_refund(uow, actor, remittance_id=remittance_id, reason=reason,
                                   account_ids=account_id or None)
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _list_page(request, actor, remittance_id, status_code=422, open_action="refund",
                          values={"reason": reason}, errors=form_errors(_problems(exc), fields={"原因": "reason"}))
    return redirect(request, "/deposit/refunds?mine=1", flash=f"退缴申请已提交（编号{fid}），待审批")


# ---------------------------------------------------------------- the payment desk: queue, receipt files, posting


def _payments_page(request: Request, actor: Actor, *, errors=None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        pending = reads.lists_by_status(uow.conn, actor, status=RemittanceStatus.PENDING.value)
        confirmed = reads.lists_by_status(uow.conn, actor, status=RemittanceStatus.CONFIRMED.value)
    return render(request, "deposit/payments.html", status_code=status_code, pending=pending, confirmed=confirmed,
                  errors=errors or form_errors(), kind_labels=reads.KIND_LABELS)


@router.get("/payments")
def payments(request: Request, actor: Actor = Depends(requires(P.PAYMENT_CONFIRM))):
    return _payments_page(request, actor)


@router.post("/receipts")
def receipts(request: Request, file: UploadFile = File(None), actor: Actor = Depends(requires(P.PAYMENT_CONFIRM))):
    try:
        limits = upload_limits(request)
        data, name = read_upload(file, limits)
        if not data:
            raise ValidationFailed([Problem.of(DepositError.BANK_FILE_REQUIRED, field="file")])
        name = name or "到账.xlsx"
        table = svc.read_receipts(data, name, limits=limits)  # parsed before the writing transaction opens
        with unit_of_work(request) as uow:
            n = svc.import_receipts(uow, actor, data=data, filename=name, table=table)
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _payments_page(request, actor, status_code=_status(exc), errors=form_errors(_problems(exc, "file")))
    try:
        run = svc.post_confirmed(ctx(request).engine, actor)
    except JobBusy as exc:  # the receipts stand; the lists wait for the next posting job
        return redirect(request, "/deposit/payments", kind="warning",
                        flash=f"已确认到账{n}份清册，尚未入账：{exc.message}")
    return redirect(request, "/deposit/payments",
                    flash=f"已确认到账{n}份清册；入账{run.remittances}份，{run.member_rows}条个人明细")


@router.post("/post")
def post(request: Request, actor: Actor = Depends(requires(P.PAYMENT_CONFIRM))):
    run = svc.post_confirmed(ctx(request).engine, actor)
    return redirect(request, "/deposit/payments", flash=f"入账完成：{run.remittances}份清册，{run.member_rows}条个人明细")


@router.get("/arrears")
def arrears(request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        rows = reads.all_arrears(uow.conn, actor, as_of=business_date(request))
    return render(request, "deposit/arrears.html", rows=rows)


# ---------------------------------------------------------------- refunds (退缴): maker-checker


@router.get("/refunds")
def refunds(request: Request, mine: int = 0, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        rows = reads.refunds(uow.conn, actor)
    if mine:
        rows = [(r, n) for r, n in rows if r.applied_by == actor.username]
    return render(request, "deposit/refunds.html", rows=rows, status=reads.REFUND_STATUS, mine=bool(mine),
                  may_decide=can(actor, P.REFUND_DECIDE))


@router.post("/refunds/{refund_id}/decide")
def refund_decide(refund_id: int, request: Request, decision: str = Form(""), note: str = Form(""),
                  actor: Actor = Depends(requires(P.REFUND_DECIDE))):
    approve = decision == "approve"
    with unit_of_work(request) as uow:
        svc.decide_refund(uow, actor, refund_id=refund_id, approve=approve, note=note,
                          refund_on=business_date(request))
        uow.commit()
    return redirect(request, "/deposit/refunds", flash="已批准并退缴入账" if approve else "已驳回")


# ---------------------------------------------------------------- deferral and ratio reduction


def _deferral_form(request: Request, actor: Actor, employer_id: int, *, values: dict | None = None, errors=None,
                   status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        e = registry_reads.employer_detail(uow.conn, actor, employer_id)["employer"]
    defaults = {"kind": "defer", "period_from": "", "period_to": "", "reason": "", "documents": [],
                "reduced_employer_ratio": "", "reduced_member_ratio": ""}
    return render(request, "deposit/deferral_form.html", status_code=status_code, e=e,
                  values={**defaults, **(values or {})}, errors=errors or form_errors(),
                  documents=svc.DEFERRAL_DOCUMENTS, kinds=reads.DEFERRAL_KINDS)


@router.get("/employers/{employer_id}/deferrals/new")
def deferral_new(employer_id: int, request: Request, actor: Actor = Depends(requires(P.DEFERRAL_APPLY))):
    return _deferral_form(request, actor, employer_id)


@router.post("/employers/{employer_id}/deferrals/new")
def deferral_apply(employer_id: int, request: Request, kind: str = Form("defer"), period_from: str = Form(""),
                   period_to: str = Form(""), reason: str = Form(""), documents: list[str] = Form([]),
                   reduced_employer_ratio: str = Form(""), reduced_member_ratio: str = Form(""),
                   actor: Actor = Depends(requires(P.DEFERRAL_APPLY))):
    values = {"kind": kind, "period_from": period_from, "period_to": period_to, "reason": reason,
              "documents": documents, "reduced_employer_ratio": reduced_employer_ratio,
              "reduced_member_ratio": reduced_member_ratio}
    f = FormReader()
    start = f.month(period_from, "period_from", "开始年月")
    end = f.month(period_to, "period_to", "结束年月")
    er = f.ratio(reduced_employer_ratio, "reduced_employer_ratio", "降低后的单位比例", required=False)
    mr = f.ratio(reduced_member_ratio, "reduced_member_ratio", "降低后的个人比例", required=False)
    try:
        f.check()
        with unit_of_work(request) as uow:
            did = svc.apply_deferral(uow, actor, employer_id=employer_id, kind=kind, period_from=start, period_to=end,
                                     reason=reason, documents=documents, reduced_employer_ratio=er,
                                     reduced_member_ratio=mr, as_of=business_date(request))
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _deferral_form(request, actor, employer_id, values=values, status_code=422,
                              errors=form_errors(_problems(exc), fields=DEFERRAL_FIELDS))
    return redirect(request, f"/registry/employers/{employer_id}", flash=f"申请已提交（编号{did}），待中心审批")


@router.get("/deferrals")
def deferrals(request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        rows = reads.deferrals(uow.conn, actor)
    return render(request, "deposit/deferrals.html", rows=rows, status=reads.DEFERRAL_STATUS,
                  kinds=reads.DEFERRAL_KINDS, documents=svc.DEFERRAL_DOCUMENTS,
                  may_decide=can(actor, P.DEFERRAL_DECIDE))


@router.post("/deferrals/{deferral_id}/decide")
def deferral_decide(deferral_id: int, request: Request, decision: str = Form(""), approval_no: str = Form(""),
                    note: str = Form(""), actor: Actor = Depends(requires(P.DEFERRAL_DECIDE))):
    approve = decision == "approve"
    try:
        with unit_of_work(request) as uow:
            svc.decide_deferral(uow, actor, deferral_id=deferral_id, approve=approve, approval_no=approval_no,
                                note=note, as_of=business_date(request))
            uow.commit()
    except ValidationFailed as exc:
        with unit_of_work(request, read_only=True) as uow:
            rows = reads.deferrals(uow.conn, actor)
        return render(request, "deposit/deferrals.html", status_code=422, rows=rows, status=reads.DEFERRAL_STATUS,
                      kinds=reads.DEFERRAL_KINDS, documents=svc.DEFERRAL_DOCUMENTS, may_decide=True,
                      errors=form_errors(exc.problems))
    return redirect(request, "/deposit/deferrals", flash="已批准" if approve else "已驳回")


# ---------------------------------------------------------------- annual base adjustment (July)


def _base_page(request: Request, actor: Actor, employer_id: int, *, errors=None, values=None, status_code=200):
    with unit_of_work(request, read_only=True) as uow:
        e = registry_reads.employer_detail(uow.conn, actor, employer_id)["employer"]
    day = business_date(request)
    year = day.year if day.month >= 6 else day.year - 1
    return render(request, "deposit/base_adjust.html", status_code=status_code, e=e, errors=errors or form_errors(),
                  values={"year": str(year), **(values or {})}, columns=svc.BASE_COLUMNS)


@router.get("/employers/{employer_id}/base-adjust")
def base_adjust_page(employer_id: int, request: Request, actor: Actor = Depends(requires(P.BASE_ADJUST))):
    return _base_page(request, actor, employer_id)


@router.post("/employers/{employer_id}/base-adjust")
def base_adjust(employer_id: int, request: Request, year: str = Form(""), file: UploadFile = File(None),
                actor: Actor = Depends(requires(P.BASE_ADJUST))):
    f = FormReader()
    y = f.integer(year, "year", "调整年度")
    try:
        limits = upload_limits(request)
        data, name = read_upload(file, limits)
        if not data:
            f.problems.append(Problem.of(DepositError.BASE_FILE_REQUIRED, field="file"))
        f.check()
        name = name or "基数调整.xlsx"
        table = svc.read_base_adjustment(data, name, limits=limits)  # parsed before the writing transaction opens
        with unit_of_work(request) as uow:
            n = svc.import_base_adjustment(uow, actor, employer_id=employer_id, year=y, data=data, filename=name,
                                           as_of=business_date(request), table=table)
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _base_page(request, actor, employer_id, status_code=_status(exc), values={"year": year},
                          errors=form_errors(_problems(exc, "file")))
    return redirect(request, f"/registry/employers/{employer_id}", flash=f"已调整{n}名职工的缴存基数，自{y}年7月起执行")


# ---------------------------------------------------------------- flexible workers' payments (confirmed)


def _flexible_page(request: Request, actor: Actor, person_id: int, *, errors=None, values=None, status_code=200):
    with unit_of_work(request, read_only=True) as uow:
        m = registry_reads.member(uow.conn, actor, person_id)
    defaults = {"months": "1", "receipt_no": "", "paid_on": business_date(request).isoformat(), "bank_code": "01"}
    return render(request, "deposit/flexible_pay.html", status_code=status_code, m=m, errors=errors or form_errors(),
                  values={**defaults, **(values or {})})


@router.get("/members/{person_id}/flexible-pay")
def flexible_page(person_id: int, request: Request, actor: Actor = Depends(requires(P.FLEXIBLE_PAY))):
    return _flexible_page(request, actor, person_id)


@router.post("/members/{person_id}/flexible-pay")
def flexible_check(person_id: int, request: Request, months: str = Form("1"), receipt_no: str = Form(""),
                   paid_on: str = Form(""), bank_code: str = Form("01"),
                   actor: Actor = Depends(requires(P.FLEXIBLE_PAY))):
    values = {"months": months, "receipt_no": receipt_no, "paid_on": paid_on, "bank_code": bank_code}
    f = FormReader()
    n = f.integer(months, "months", "缴存月数")
    day = f.date(paid_on, "paid_on", "到账日期")
    f.text(receipt_no, "receipt_no", "银行回单号")
    try:
        f.check()
        with unit_of_work(request, read_only=True) as uow:
            m = registry_reads.member(uow.conn, actor, person_id)
            lines = svc.quote_flexible(uow.conn, actor, account_id=m.account_id, months=n, as_of=day)
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _flexible_page(request, actor, person_id, status_code=422, values=values,
                              errors=form_errors(_problems(exc, "months"), fields={"月数": "months"}))
    total = sum(ln.amount for ln in lines)
    token = stash_confirmation(request, action="deposit.flexible_pay", payload={
        "person_id": person_id, "months": n, "paid_on": day.isoformat(), "receipt_no": receipt_no.strip(),
        "bank_code": bank_code})
    return render(request, "_confirm.html", confirm={
        "title": "确认灵活就业缴存", "amount": total, "action": "/deposit/flexible/confirm", "token": token,
        "back": f"/deposit/members/{person_id}/flexible-pay", "note": "确认后立即入账。",
        "rows": [("姓名", m.name), ("个人账号", m.account_no),
                 ("缴存月份", f"{lines[0].month}至{lines[-1].month}（{len(lines)}个月）"),
                 ("到账日期", day.isoformat()), ("银行回单号", receipt_no.strip())]})


@router.post("/flexible/confirm")
def flexible_confirm(request: Request, token: str = Form(""), actor: Actor = Depends(requires(P.FLEXIBLE_PAY))):
    with unit_of_work(request) as uow:
        p = take_confirmation(uow, request, action="deposit.flexible_pay", token=token)
        m = registry_reads.member(uow.conn, actor, p["person_id"])
        sub = svc.pay_flexible(uow, actor, account_id=m.account_id, months=p["months"],
                               paid_on=date.fromisoformat(p["paid_on"]), receipt_no=p["receipt_no"],
                               bank_code=p["bank_code"], as_of=date.fromisoformat(p["paid_on"]))
        uow.commit()
    return redirect(request, f"/registry/members/{p['person_id']}",
                    flash=f"已缴存{sub.line_count}个月，合计{format_yuan(sub.total)}元（{sub.no}）")

