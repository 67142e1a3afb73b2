"""Finance pages of the bank register (bankcore's block of the settle pages): the banks with their agreements,
专户 and file layouts; requests to open or close a 专户 or sign or end an agreement, approved by another person;
the month's bank fees (accrue, pay, the bank's figure, Excel); the yearly assessment (compute, manual items,
finalise, Word and Excel). Included in ``anju.settle.web``'s router under /settle/banks."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request

from anju.auth.actor import Actor, can
from anju.bank import queries as bank_queries
from anju.bank.labels import CODE_LABELS, label
from anju.core.dates import format_month, month_of, parse_date, parse_month
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.core.money import parse_yuan
from anju.registry.web import PASS_THROUGH
from anju.settle import accounts, assess, fees
from anju.settle.codes import ChangeKind, ChangeStatus
from anju.settle.permissions import PB
from anju.web.kit import (
    DOCX,
    MenuEntry,
    business_date,
    download,
    form_errors,
    redirect,
    render,
    requires,
    unit_of_work,
)
from anju.web.security import ctx

router = APIRouter(prefix="/banks")
MENU = [
    MenuEntry("财务", "受托银行与专户", "/settle/banks", PB.READ, order=63),
    MenuEntry("财务", "银行手续费", "/settle/banks/fees", PB.READ, order=64),
    MenuEntry("财务", "受托银行考核", "/settle/banks/assess", PB.READ, order=65),
]


def _problems(exc: AnjuError) -> list[Problem]:
    return exc.problems if isinstance(exc, ValidationFailed) else [Problem.from_error(exc)]


# ----------------------------------------------------------------------------------------- the register


def _register_page(request: Request, actor: Actor, *, errors=None, values=None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        conn = uow.conn
        banks = [{"bank": b, "agreements": bank_queries.agreements(conn, bank=b.code),
                  "accounts": bank_queries.accounts(conn, bank=b.code),
                  "layouts": bank_queries.file_layouts(conn, b.code)} for b in bank_queries.banks(conn)]
        changes = accounts.changes(conn, limit=50)
    return render(request, "settle/banks.html", status_code=status_code, banks=banks, changes=changes,
                  label=label, ChangeKind=ChangeKind, ChangeStatus=ChangeStatus, errors=errors or form_errors(),
                  values=values or {}, may_request=can(actor, PB.BANK_REQUEST),
                  may_approve=can(actor, PB.BANK_APPROVE), purposes=CODE_LABELS["bank_account_purpose"])


@router.get("")
def register_page(request: Request, actor: Actor = Depends(requires(PB.READ))):
    return _register_page(request, actor)


@router.post("/accounts")
def account_request(request: Request, bank_code: str = Form(""), purpose: str = Form(""), account_no: str = Form(""),
                    account_name: str = Form(""), ledger_code: str = Form(""), opened_on: str = Form(""),
                    agreement_no: str = Form(""), actor: Actor = Depends(requires(PB.BANK_REQUEST))):
    values = dict(bank_code=bank_code, purpose=purpose, account_no=account_no, account_name=account_name,
                  ledger_code=ledger_code, opened_on=opened_on, agreement_no=agreement_no)
    try:
        day = parse_date(opened_on)
        with unit_of_work(request) as uow:
            cid = accounts.request_open_account(uow, actor, bank_code=bank_code, purpose=purpose,
                                                account_no=account_no, account_name=account_name,
                                                ledger_code=ledger_code, opened_on=day, as_of=business_date(request),
                                                agreement_no=agreement_no or None)
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _register_page(request, actor, errors=form_errors(_problems(exc)), values=values, status_code=422)
    return redirect(request, "/settle/banks", flash=f"专户开户申请{cid}已提交，待他人审批")


@router.post("/accounts/{account_id}/close")
def account_close(account_id: int, request: Request, closed_on: str = Form(""), reason: str = Form(""),
                  actor: Actor = Depends(requires(PB.BANK_REQUEST))):
    try:
        with unit_of_work(request) as uow:
            acc = bank_queries.account(uow.conn, account_id)
            cid = accounts.request_close_account(uow, actor, account_no=acc.account_no if acc else str(account_id),
                                                 closed_on=parse_date(closed_on), reason=reason,
                                                 as_of=business_date(request))
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _register_page(request, actor, errors=form_errors(_problems(exc)), status_code=422)
    return redirect(request, "/settle/banks", flash=f"专户销户申请{cid}已提交，待他人审批")


@router.post("/changes/{change_id}/{decision}")
def change_decide(change_id: int, decision: str, request: Request, note: str = Form(""),
                  actor: Actor = Depends(requires(PB.BANK_APPROVE))):
    try:
        with unit_of_work(request) as uow:
            if decision == "approve":
                accounts.approve(uow, actor, change_id=change_id, as_of=business_date(request), note=note)
            else:
                accounts.reject(uow, actor, change_id=change_id, reason=note, as_of=business_date(request))
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _register_page(request, actor, errors=form_errors(_problems(exc)), status_code=422)
    return redirect(request, "/settle/banks", flash="已审批通过" if decision == "approve" else "已驳回")


# ----------------------------------------------------------------------------------------- fees


def _month(request: Request, value: str | None) -> int:
    return parse_month(value) if value else month_of(business_date(request))


@router.get("/fees")
def fees_page(request: Request, month: str | None = None, actor: Actor = Depends(requires(PB.READ))):
    m = _month(request, month)
    with unit_of_work(request, read_only=True) as uow:
        rows = fees.statement(uow.conn, month=m)
    return render(request, "settle/bank_fees.html", rows=rows, month=m, month_text=format_month(m),
                  headers=fees.HEADERS, errors=form_errors(), may_run=can(actor, PB.FEE_RUN),
                  banks=sorted({r["bank_code"] for r in rows if r["status"] == "accrued"}))


@router.get("/fees.xlsx")
def fees_xlsx(request: Request, month: str, actor: Actor = Depends(requires(PB.READ))):
    m = parse_month(month)
    with unit_of_work(request, read_only=True) as uow:
        data = fees.statement_xlsx(uow.conn, month=m)
    return download(data, f"手续费结算单_{m}.xlsx")


@router.post("/fees/accrue")
def fees_accrue(request: Request, month: str = Form(""), actor: Actor = Depends(requires(PB.FEE_RUN))):
    m = parse_month(month)
    out = fees.accrue_month(ctx(request).engine, actor, month=m, as_of=business_date(request))
    return redirect(request, f"/settle/banks/fees?month={m}", flash=f"本次计提{out.rows}项")


@router.post("/fees/pay")
def fees_pay(request: Request, month: str = Form(""), bank_code: str = Form(""),
             actor: Actor = Depends(requires(PB.FEE_RUN))):
    m = parse_month(month)
    try:
        with unit_of_work(request) as uow:
            fees.pay(uow, actor, month=m, bank_code=bank_code, paid_on=business_date(request))
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return redirect(request, f"/settle/banks/fees?month={m}", flash="；".join(p.message for p in _problems(exc)),
                        kind="error")
    return redirect(request, f"/settle/banks/fees?month={m}", flash="已支付")


@router.post("/fees/figure")
def fees_figure(request: Request, month: str = Form(""), bank_code: str = Form(""), fee_type: str = Form(""),
                amount: str = Form(""), actor: Actor = Depends(requires(PB.FEE_RUN))):
    m = parse_month(month)
    try:
        with unit_of_work(request) as uow:
            fees.enter_bank_figure(uow, actor, month=m, bank_code=bank_code, fee_type=fee_type,
                                   amount=parse_yuan(amount))
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return redirect(request, f"/settle/banks/fees?month={m}", flash="；".join(p.message for p in _problems(exc)),
                        kind="error")
    return redirect(request, f"/settle/banks/fees?month={m}", flash="已登记银行金额")


# ----------------------------------------------------------------------------------------- assessment


def _year(request: Request, value: str | None) -> int:
    return int(value) if value and value.isdigit() else business_date(request).year - 1


@router.get("/assess")
def assess_page(request: Request, year: str | None = None, actor: Actor = Depends(requires(PB.READ))):
    y = _year(request, year)
    with unit_of_work(request, read_only=True) as uow:
        sheets = assess.stored(uow.conn, y)
    return render(request, "settle/bank_assess.html", sheets=sheets, year=y, show=assess.show_value,
                  errors=form_errors(), may_run=can(actor, PB.ASSESS))


@router.post("/assess/compute")
def assess_compute(request: Request, year: int = Form(...), actor: Actor = Depends(requires(PB.ASSESS))):
    with unit_of_work(request) as uow:
        assess.compute(uow, actor, year=year)
        uow.commit()
    return redirect(request, f"/settle/banks/assess?year={year}", flash=f"{year}年度考核已计算")


@router.post("/assess/enter")
def assess_enter(request: Request, year: int = Form(...), bank_code: str = Form(""), item: str = Form(""),
                 value: str = Form(""), deduct_reason: str = Form(""), deduct_points: str = Form(""),
                 actor: Actor = Depends(requires(PB.ASSESS))):
    try:
        with unit_of_work(request) as uow:
            assess.enter(uow, actor, year=year, bank_code=bank_code, actuals={item: value} if item else None,
                         deductions=[(deduct_reason, deduct_points)] if deduct_reason else None)
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return redirect(request, f"/settle/banks/assess?year={year}",
                        flash="；".join(p.message for p in _problems(exc)), kind="error")
    return redirect(request, f"/settle/banks/assess?year={year}", flash="已登记并重新计分")


@router.post("/assess/final")
def assess_final(request: Request, year: int = Form(...), bank_code: str = Form(""),
                 actor: Actor = Depends(requires(PB.ASSESS))):
    try:
        with unit_of_work(request) as uow:
            assess.finalise(uow, actor, year=year, bank_code=bank_code)
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return redirect(request, f"/settle/banks/assess?year={year}",
                        flash="；".join(p.message for p in _problems(exc)), kind="error")
    return redirect(request, f"/settle/banks/assess?year={year}", flash="已定稿")


@router.get("/assess.xlsx")
def assess_xlsx(request: Request, year: int, actor: Actor = Depends(requires(PB.READ))):
    with unit_of_work(request, read_only=True) as uow:
        data = assess.xlsx(uow.conn, year)
    return download(data, f"受托银行考核_{year}.xlsx")


@router.get("/assess.docx")
def assess_docx(request: Request, year: int, actor: Actor = Depends(requires(PB.READ))):
    from anju.org.queries import centre_display_name

    with unit_of_work(request, read_only=True) as uow:
        data = assess.docx(uow.conn, year, centre=centre_display_name(uow.conn) or "")
    return download(data, f"受托银行考核_{year}.docx", DOCX)

