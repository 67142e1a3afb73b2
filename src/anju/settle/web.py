"""Finance pages of bank reconciliation: statement upload, the 调节表 of a 专户 and day (A4 / PDF / Excel) with
the 未达账项 to explain and 日结, the unmatched worklist with ageing, manual matches and their check."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile

from anju.auth.actor import Actor, can
from anju.core.dates import parse_date
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.registry.web import PASS_THROUGH
from anju.settle import ledgerside, recon
from anju.settle import statements as stmts
from anju.settle.codes import ItemKind, MatchRequestStatus, Side
from anju.settle.permissions import P
from anju.settle.tables import bank_match_request
from anju.web.kit import (
    MenuEntry,
    business_date,
    date_param,
    download,
    form_errors,
    redirect,
    render,
    render_pdf,
    requires,
    unit_of_work,
)
from anju.web.security import ctx
from anju.web.uploads import read_upload, upload_limits

# ---- settle: statements, matching, reconciliation
router = APIRouter(prefix="/settle")
MENU = [
    MenuEntry("财务", "银行对账", "/settle/reconcile", P.READ, order=60),
    MenuEntry("财务", "未达与未匹配", "/settle/unmatched", P.READ, order=61),
    MenuEntry("财务", "导入对账单", "/settle/statements", P.STMT_IMPORT, order=62),
]


def _problems(exc: AnjuError) -> list[Problem]:
    return exc.problems if isinstance(exc, ValidationFailed) else [Problem.from_error(exc)]


def _day(request: Request, value: str | None) -> date:
    return date_param(request, value)


def _accounts(conn) -> list[ledgerside.Account]:
    return ledgerside.accounts(conn)


# ----------------------------------------------------------------------------------------- the 调节表


def _reconcile_context(request: Request, account: str | None, day: date, actor: Actor):
    with unit_of_work(request, read_only=True) as uow:
        accs = _accounts(uow.conn)
        code = account or (accs[0].code if accs else None)
        r = recon.reconcile(uow.conn, code, day) if code else None
        unmatched = recon.unmatched(uow.conn, as_of=day, account_code=code) if code else []
    return dict(accounts=accs, r=r, day=day, account=code, kinds=list(ItemKind), unmatched=len(unmatched),
                preparer=actor.display_name)


@router.get("/reconcile")
def reconcile_page(request: Request, account: str | None = None, on: str | None = None,
                   actor: Actor = Depends(requires(P.READ))):
    page = _reconcile_context(request, account, _day(request, on), actor)
    return render(request, "settle/reconcile.html", base="layout.html", errors=form_errors(),
                  may_close=can(actor, P.RECON_CLOSE), may_note=can(actor, P.MATCH_REQUEST),
                  may_match=can(actor, P.STMT_IMPORT), **page)


@router.get("/reconcile.pdf")
def reconcile_pdf(request: Request, account: str, on: str, actor: Actor = Depends(requires(P.READ))):
    page = _reconcile_context(request, account, parse_date(on), actor)
    return render_pdf(request, "settle/reconcile.html", filename=f"银行存款余额调节表_{account}_{on}.pdf",
                      errors=form_errors(), may_close=False, may_note=False, may_match=False, **page)


@router.get("/reconcile.xlsx")
def reconcile_xlsx(request: Request, account: str, on: str, actor: Actor = Depends(requires(P.READ))):
    from anju.core.sheets import write_table

    with unit_of_work(request, read_only=True) as uow:
        r = recon.reconcile(uow.conn, account, parse_date(on))
    t = r.table

    def y(fen: int) -> Decimal:
        return Decimal(fen) / 100

    rows = [["日记账余额", y(t.book_balance), "对账单余额", y(t.bank_balance)],
            ["加：银行已收中心未收", y(t.total(ItemKind.BANK_IN)), "加：中心已收银行未收", y(t.total(ItemKind.BOOK_IN))],
            ["减：银行已付中心未付", y(t.total(ItemKind.BANK_OUT)), "减：中心已付银行未付", y(t.total(ItemKind.BOOK_OUT))],
            ["调节后余额", y(t.adjusted_book), "调节后余额", y(t.adjusted_bank)], [], ["未达账项", "日期", "金额（元）", "摘要", "原因"]]
    rows += [[i.kind.label, i.day.isoformat(), y(abs(i.amount)), i.text, i.reason or "须说明"] for i in t.items]
    notes = [f"银行存款余额调节表　专户 {r.account.code}（{r.account.bank_name}，{r.account.name}）　调节日期 {r.on.isoformat()}",
             f"调节后余额{'相等' if not t.difference else '不等，差额' + str(y(t.difference)) + '元'}"
             + (f"；说明：{r.explanation}" if r.explanation else ""),
             "制表人：" + actor.display_name]
    data = write_table(["中心日记账", "金额（元）", "银行对账单", "金额（元）", "原因"], rows, sheet="调节表", notes=notes)
    return download(data, f"银行存款余额调节表_{account}_{on}.xlsx")


@router.post("/match")
def match_submit(request: Request, account: str = Form(""), on: str = Form(""),
                 actor: Actor = Depends(requires(P.STMT_IMPORT))):
    day = parse_date(on)
    out = recon.run_match(ctx(request).engine, actor, on=day)
    made = sum(sum(r.matched.values()) for r in out.values())
    suspects = sum(r.suspects for r in out.values())
    return redirect(request, f"/settle/reconcile?account={account}&on={day.isoformat()}",
                    flash=f"自动匹配完成：新匹配{made}笔，金额不符{suspects}笔")


@router.post("/items/note")
def note_submit(request: Request, account: str = Form(""), on: str = Form(""), side: str = Form(""),
                ref: int = Form(0), note: str = Form(""), actor: Actor = Depends(requires(P.MATCH_REQUEST))):
    day = parse_date(on)
    try:
        with unit_of_work(request) as uow:
            recon.note_item(uow, actor, account_code=account, side=Side(side), ref_id=ref, note=note)
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        page = _reconcile_context(request, account, day, actor)
        return render(request, "settle/reconcile.html", base="layout.html", status_code=422,
                      errors=form_errors(_problems(exc)), may_close=True, may_note=True, may_match=True, **page)
    return redirect(request, f"/settle/reconcile?account={account}&on={day.isoformat()}", flash="已记录未达账项说明")


@router.post("/close-day")
def close_day_submit(request: Request, account: str = Form(""), on: str = Form(""), explanation: str = Form(""),
                     actor: Actor = Depends(requires(P.RECON_CLOSE))):
    day = parse_date(on)
    try:
        with unit_of_work(request) as uow:
            closed = recon.close_day(uow, actor, on=day, explanations={account: explanation} if explanation else {})
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        page = _reconcile_context(request, account, day, actor)
        return render(request, "settle/reconcile.html", base="layout.html", status_code=422,
                      errors=form_errors(_problems(exc)), may_close=True, may_note=can(actor, P.MATCH_REQUEST),
                      may_match=can(actor, P.STMT_IMPORT), **page)
    return redirect(request, f"/settle/reconcile?account={account}&on={day.isoformat()}",
                    flash=f"{day.isoformat()}已日结（{len(closed)}个专户）")


# ----------------------------------------------------------------------------------------- worklist, manual match


@router.get("/unmatched")
def unmatched_page(request: Request, account: str | None = None, on: str | None = None,
                   actor: Actor = Depends(requires(P.READ))):
    day = _day(request, on)
    with unit_of_work(request, read_only=True) as uow:
        rows = recon.unmatched(uow.conn, as_of=day, account_code=account or None)
        pending = uow.conn.execute(bank_match_request.select().where(
            bank_match_request.c.status == MatchRequestStatus.SUBMITTED.value).order_by(bank_match_request.c.id)).all()
        accs = _accounts(uow.conn)
    return render(request, "settle/unmatched.html", rows=rows, pending=pending, day=day, account=account or "",
                  accounts=accs, band=recon.age_band, errors=form_errors(), may_request=can(actor, P.MATCH_REQUEST),
                  may_approve=can(actor, P.MATCH_APPROVE))


@router.post("/match-requests")
def match_request_submit(request: Request, account: str = Form(""), on: str = Form(""), reason: str = Form(""),
                         pick: list[str] = Form([]), actor: Actor = Depends(requires(P.MATCH_REQUEST))):
    day = parse_date(on)
    bank_ids = [int(p.split(":")[1]) for p in pick if p.startswith("bank:")]
    book_ids = [int(p.split(":")[1]) for p in pick if p.startswith("book:")]
    try:
        with unit_of_work(request) as uow:
            rid = recon.request_match(uow, actor, account_code=account, bank_ids=bank_ids, book_ids=book_ids,
                                      reason=reason, on=day)
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return redirect(request, f"/settle/unmatched?on={day.isoformat()}",
                        flash="；".join(p.message for p in _problems(exc)), kind="error")
    return redirect(request, f"/settle/unmatched?on={day.isoformat()}", flash=f"人工匹配申请{rid}已提交，待他人复核")


@router.post("/match-requests/{request_id}/{decision}")
def match_request_decide(request_id: int, decision: str, request: Request, note: str = Form(""),
                         actor: Actor = Depends(requires(P.MATCH_APPROVE))):
    day = business_date(request)
    try:
        with unit_of_work(request) as uow:
            if decision == "approve":
                recon.approve_request(uow, actor, request_id=request_id, note=note, on=day)
            else:
                recon.reject_request(uow, actor, request_id=request_id, reason=note, on=day)
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return redirect(request, "/settle/unmatched", flash="；".join(p.message for p in _problems(exc)), kind="error")
    return redirect(request, "/settle/unmatched", flash="已复核" if decision == "approve" else "已驳回")


# ----------------------------------------------------------------------------------------- statements


@router.get("/statements")
def statements_page(request: Request, actor: Actor = Depends(requires(P.STMT_IMPORT))):
    with unit_of_work(request, read_only=True) as uow:
        accs = _accounts(uow.conn)
    return render(request, "settle/statements.html", accounts=accs, errors=form_errors(), values={})


@router.post("/statements")
def statements_submit(request: Request, account: str = Form(""), file: UploadFile | None = File(None),
                      actor: Actor = Depends(requires(P.STMT_IMPORT))):
    try:
        data, name = read_upload(file, upload_limits(request))
        with unit_of_work(request) as uow:
            rows = stmts.read_file(uow.conn, account, data, filename=name)
            out = stmts.import_statement(uow, actor, account_code=account, day=None, rows=rows, file_name=name,
                                         content=data)
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        with unit_of_work(request, read_only=True) as uow:
            accs = _accounts(uow.conn)
        return render(request, "settle/statements.html", status_code=422, accounts=accs,
                      errors=form_errors(_problems(exc)), values={"account": account})
    return redirect(request, f"/settle/reconcile?account={account}",
                    flash=f"对账单已导入：共{out.lines}笔，新增{out.new}笔，已有{out.already}笔")



# ---- bankcore: banks, 专户, agreements, fees, assessment (anju/settle/web_banks.py, under /settle/banks)
from anju.settle import web_banks  # noqa: E402

router.include_router(web_banks.router)
MENU += web_banks.MENU
