"""API of the ledger: trial balance, vouchers, and a manual journal entry for finance systems."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from anju.auth.actor import Actor, Permission
from anju.core import labels
from anju.core.errors import AnjuError, ErrorCode, NotFound, Problem, ValidationFailed
from anju.core.money import parse_yuan, yuan_str
from anju.ledger import queries
from anju.ledger import service as ledger
from anju.ledger.rules import Line
from anju.web.kit import business_date, requires, unit_of_work
from anju.web.params import Count, Day, Id

router = APIRouter(prefix="/ledger", tags=["总账"])


class AccountRow(BaseModel):
    code: str
    name: str
    debit: str
    credit: str
    side: str
    balance: str


class TrialBalance(BaseModel):
    as_of: date
    balanced: bool
    debit_total: str
    credit_total: str
    accounts: list[AccountRow]


@router.get("/trial-balance", response_model=TrialBalance, summary="试算平衡表")
def trial_balance(request: Request, as_of: Day | None = None, book: Literal["hpf", "mf"] = "hpf",
                  actor: Actor = Depends(requires(Permission.LEDGER_READ))):
    day = as_of or business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        rows = queries.trial_balance(uow.conn, as_of=day, book=book)
    d = sum(r.debit for r in rows if r.is_leaf)
    c = sum(r.credit for r in rows if r.is_leaf)
    return TrialBalance(as_of=day, balanced=d == c, debit_total=yuan_str(d), credit_total=yuan_str(c),
                        accounts=[AccountRow(code=r.code, name=r.name, debit=yuan_str(r.debit),
                                             credit=yuan_str(r.credit), side=r.side, balance=yuan_str(r.balance))
                                  for r in rows])


class VoucherHead(BaseModel):
    id: int
    label: str
    voucher_date: date
    kind: str
    kind_label: str  # 凭证类型 in Chinese
    summary: str
    amount: str
    idempotency_key: str
    reverses_id: int | None
    created_by: str


class VoucherLineOut(BaseModel):
    line_no: int
    account: str
    account_name: str
    debit: str
    credit: str
    summary: str | None


class VoucherOut(VoucherHead):
    lines: list[VoucherLineOut]


def _head(v, amount: int) -> dict:
    return dict(id=v.id, label=f"记-{v.period}-{v.number:05d}", voucher_date=v.voucher_date, kind=v.kind,
                kind_label=labels.voucher_kind(v.kind),
                summary=v.summary, amount=yuan_str(amount), idempotency_key=v.idempotency_key,
                reverses_id=v.reverses_id, created_by=v.created_by)


@router.get("/vouchers", response_model=list[VoucherHead], summary="凭证列表（新的在前）")
def vouchers(request: Request, start: Day | None = None, end: Day | None = Query(None, description="截止日期（不含）"),
             kind: str | None = None, limit: Count = 100, offset: Count = 0,
             actor: Actor = Depends(requires(Permission.LEDGER_READ))):
    limit = min(max(limit, 1), 1000)
    with unit_of_work(request, read_only=True) as uow:
        rows = queries.list_vouchers(uow.conn, start=start, end=end, kind=kind, limit=limit, offset=max(offset, 0))
        totals = queries.voucher_totals(uow.conn, [r.id for r in rows])
    return [VoucherHead(**_head(r, totals.get(r.id, 0))) for r in rows]


def _voucher_out(conn, voucher_id: int) -> VoucherOut:
    head, lines = queries.voucher_with_lines(conn, voucher_id)
    if head is None:
        raise NotFound(ErrorCode.VOUCHER_NOT_FOUND, voucher=voucher_id)
    return VoucherOut(**_head(head, sum(ln.debit for ln in lines)), lines=[
        VoucherLineOut(line_no=ln.line_no, account=ln.account_code, account_name=ln.account_name,
                       debit=yuan_str(ln.debit), credit=yuan_str(ln.credit), summary=ln.summary) for ln in lines])


@router.get("/vouchers/{voucher_id}", response_model=VoucherOut, summary="一张凭证及其分录")
def voucher(voucher_id: Id, request: Request, actor: Actor = Depends(requires(Permission.LEDGER_READ))):
    with unit_of_work(request, read_only=True) as uow:
        return _voucher_out(uow.conn, voucher_id)


class LineIn(BaseModel):
    account: str
    debit: str = Field("0", description="元，两位小数的字符串")
    credit: str = Field("0", description="元，两位小数的字符串")


class ManualEntry(BaseModel):
    key: str = Field(..., description="业务键：同一业务键重复提交返回原凭证（幂等）", max_length=180)
    voucher_date: Day
    summary: str
    lines: list[LineIn]


@router.post("/vouchers", response_model=VoucherOut, status_code=201, summary="手工记账（财务）")
def post_manual(entry: ManualEntry, request: Request, actor: Actor = Depends(requires(Permission.LEDGER_POST))):
    problems, lines = [], []
    for i, ln in enumerate(entry.lines, start=1):
        try:
            lines.append(Line(ln.account, debit=parse_yuan(ln.debit), credit=parse_yuan(ln.credit)))
        except AnjuError as exc:
            problems.append(Problem.from_error(exc, field=f"lines.{i}", row=i))
    if problems:
        raise ValidationFailed(problems, summary="凭证有误")
    with unit_of_work(request) as uow:
        posted = ledger.post_manual(uow, actor, key=f"api:{entry.key}", voucher_date=entry.voucher_date,
                                    summary=entry.summary, lines=lines)
        uow.commit()
    with unit_of_work(request, read_only=True) as uow:
        return _voucher_out(uow.conn, posted.id)
