"""API of bank settlement: a bank's gateway pushes transactions (账户变动通知, idempotent by serial, the API key
registered for the bank); statement files; matching; the 调节表 (``adjusted_bank`` and ``adjusted_ledger``);
日结; the unmatched worklist. Money as yuan strings."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from anju.auth.actor import Actor
from anju.core.money import yuan_str
from anju.settle import recon
from anju.settle import statements as stmts
from anju.settle.permissions import P
from anju.web.kit import business_date, requires, unit_of_work
from anju.web.security import ctx
from anju.web.uploads import read_upload, upload_limits

# ---- settle: statements, matching, reconciliation
router = APIRouter(prefix="/bank", tags=["资金结算"])


class PushIn(BaseModel):
    serial: str = Field(description="银行主机流水号")
    txn_date: date = Field(description="交易日期")
    amount: str = Field(description="金额（元，负数为支出）")
    balance: str | None = Field(None, description="余额（元）")
    txn_time: str | None = None
    txn_code: str | None = None
    counterparty_account: str | None = None
    counterparty_name: str | None = None
    remark: str | None = Field(None, description="备注（中心的业务流水号）")
    summary: str | None = Field(None, description="摘要")
    reversal: bool = Field(False, description="冲正标识")


class PushOut(BaseModel):
    line_id: int
    created: bool = Field(description="false：同一流水号已收到过，未重复记录")


@router.post("/accounts/{account}/transactions", response_model=PushOut, summary="银行推送一笔交易（账户变动通知）")
def push(account: str, body: PushIn, request: Request, actor: Actor = Depends(requires(P.STMT_PUSH))):
    fields = body.model_dump()
    fields["txn_date"] = body.txn_date.isoformat()
    fields["reversal"] = "1" if body.reversal else None
    with unit_of_work(request) as uow:
        lid, created = stmts.push_line(uow, actor, account_code=account, fields=fields)
        uow.commit()
    return JSONResponse({"line_id": lid, "created": created}, status_code=201 if created else 200)


class ImportOut(BaseModel):
    file_id: int | None
    lines: int
    new: int
    already: int


@router.post("/accounts/{account}/statements", response_model=ImportOut, status_code=201, summary="导入对账单文件", operation_id="import_statement_file")
def import_file(account: str, request: Request, file: UploadFile = File(..., description="对账单文件"),
                actor: Actor = Depends(requires(P.STMT_IMPORT))):
    data, name = read_upload(file, upload_limits(request))
    with unit_of_work(request) as uow:
        rows = stmts.read_file(uow.conn, account, data, filename=name)
        out = stmts.import_statement(uow, actor, account_code=account, day=None, rows=rows, file_name=name,
                                     content=data)
        uow.commit()
    return ImportOut(file_id=out.file_id, lines=out.lines, new=out.new, already=out.already)


@router.post("/match", summary="自动匹配某日及以前的明细")
def match(request: Request, on: date | None = None, actor: Actor = Depends(requires(P.STMT_IMPORT))) -> dict:
    out = recon.run_match(ctx(request).engine, actor, on=on or business_date(request))
    return {code: {"matched": r.matched, "suspects": r.suspects, "left_bank": r.left_bank, "left_book": r.left_book}
            for code, r in out.items()}


def reconciliation_out(r) -> dict:
    t = r.table
    return {"account": r.account.code, "bank": r.account.bank_name, "date": r.on.isoformat(), "closed": r.closed,
            "book_balance": yuan_str(t.book_balance), "bank_balance": yuan_str(t.bank_balance),
            "adjusted_ledger": yuan_str(t.adjusted_book), "adjusted_bank": yuan_str(t.adjusted_bank),
            "difference": yuan_str(t.difference), "explanation": r.explanation,
            "items": [{"kind": i.kind.value, "kind_label": i.kind.label, "side": i.side.value, "ref": i.ref,
                       "date": i.day.isoformat(), "amount": yuan_str(abs(i.amount)), "reason": i.reason,
                       "text": i.text} for i in t.items]}


@router.get("/accounts/{account}/reconciliation", summary="银行存款余额调节表")
def reconciliation(account: str, request: Request, on: date | None = None,
                   actor: Actor = Depends(requires(P.READ))) -> dict:
    with unit_of_work(request, read_only=True) as uow:
        return reconciliation_out(recon.reconcile(uow.conn, account, on or business_date(request)))


class CloseIn(BaseModel):
    date: date
    explanations: dict[str, str] = Field(default_factory=dict, description="专户账号 → 调节后余额差额的说明")


@router.post("/close-day", summary="日结")
def close_day(body: CloseIn, request: Request, actor: Actor = Depends(requires(P.RECON_CLOSE))) -> list[dict]:
    with unit_of_work(request) as uow:
        out = recon.close_day(uow, actor, on=body.date, explanations=body.explanations)
        uow.commit()
    return [reconciliation_out(r) for r in out]


@router.get("/unmatched", summary="未匹配明细（含账龄）")
def unmatched(request: Request, on: date | None = None, account: str | None = None,
              actor: Actor = Depends(requires(P.READ))) -> list[dict]:
    with unit_of_work(request, read_only=True) as uow:
        rows = recon.unmatched(uow.conn, as_of=on or business_date(request), account_code=account)
    return [{"account": o.account_code, "side": o.side.value, "ref": o.ref, "date": o.day.isoformat(),
             "amount": yuan_str(o.amount), "text": o.text, "suspect": o.suspect, "age": o.age} for o in rows]


# ---- bankcore: banks, fees, assessment (anju/settle/api_banks.py)
from anju.settle import api_banks  # noqa: E402

router.include_router(api_banks.router)
