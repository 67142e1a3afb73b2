"""Treasury API (tag 资金管理): the register, placements and their decisions, accrual, liquidity, the ladder,
资金调度, the statements. Money as yuan strings, rates as decimal strings."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated

from annotated_types import Ge, Le
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from anju.auth.actor import Actor
from anju.core.dates import parse_month
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.core.money import parse_yuan, yuan_str
from anju.treasury import queries, service
from anju.treasury.errors import TreasuryError
from anju.treasury.permissions import P
from anju.treasury.statements import build
from anju.web.kit import business_date, requires, unit_of_work
from anju.web.params import Day, Id, Year
from anju.web.security import ctx

router = APIRouter(prefix="/treasury", tags=["资金管理"])


def _y(fen: int | None) -> str | None:
    return None if fen is None else yuan_str(fen)


def _rate(text: str | None, field: str) -> Decimal | None:
    """A rate sent as a decimal string ("0.0165"); anything else is a problem on that member."""
    if text is None or text == "":
        return None
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValidationFailed([Problem.of(TreasuryError.RATE_RANGE, field=field)])
    return value


def _investment(r) -> dict:
    return {"id": r.id, "no": r.no, "kind": r.kind, "status": r.status, "bank_code": r.bank_code, "name": r.name,
            "from_account_no": r.from_account_no, "hold_account_no": r.hold_account_no, "principal": _y(r.principal),
            "face_value": _y(r.face_value), "rate": str(r.rate), "start_date": r.start_date.isoformat(),
            "maturity_date": r.maturity_date.isoformat() if r.maturity_date else None, "term_months": r.term_months,
            "rollover": r.rollover, "accrued": _y(r.accrued), "interest_received": _y(r.interest_received),
            "voucher_id": r.voucher_id, "close_voucher_id": r.close_voucher_id, "parent_id": r.parent_id}


class PlacementIn(BaseModel):
    kind: str
    from_account_no: str
    amount: str
    rate: str  # "0.0165"
    start: Day
    bank_code: str | None = None
    term_months: Annotated[int, Ge(1), Le(600)] | None = None
    face_value: str | None = None
    name: str = ""
    issuer: str = ""
    base_amount: str | None = None
    base_rate: str | None = None
    notice_days: Annotated[int, Ge(0), Le(366)] | None = None
    rollover: str = "none"
    note: str = ""


class Decision(BaseModel):
    note: str = ""


class Closing(BaseModel):
    on: Day
    to_account_no: str | None = None


class Renewal(BaseModel):
    on: Day
    rate: str
    term_months: Annotated[int, Ge(1), Le(600)] | None = None
    rollover: str | None = None


class FundTransferIn(BaseModel):
    from_account_no: str
    to_account_no: str
    amount: str
    on: Day
    note: str = ""


@router.get("/investments", summary="投资登记簿")
def list_investments(request: Request, status: str | None = None, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return [_investment(r) for r in queries.register(uow.conn, status=status)]


@router.get("/investments/{investment_id}", summary="一笔投资")
def get_investment(investment_id: Id, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        row = queries.get(uow.conn, investment_id)
        if row is None:
            raise AnjuError(TreasuryError.NOT_FOUND, no=investment_id)
        return _investment(row)


@router.post("/investments", summary="提交资金存放（待审批）")
def place(body: PlacementIn, request: Request, actor: Actor = Depends(requires(P.PLACE))):
    p = service.Placement(
        kind=body.kind, from_account_no=body.from_account_no, amount=parse_yuan(body.amount), rate=_rate(body.rate, "rate"),
        start=body.start, bank_code=body.bank_code, term_months=body.term_months,
        face_value=parse_yuan(body.face_value) if body.face_value else None, name=body.name, issuer=body.issuer,
        base_amount=parse_yuan(body.base_amount) if body.base_amount else None,
        base_rate=_rate(body.base_rate, "base_rate"), notice_days=body.notice_days,
        rollover=body.rollover, note=body.note)
    with unit_of_work(request) as uow:
        iid = service.place(uow, actor, p, as_of=business_date(request))
        uow.commit()
        return _investment(queries.get(uow.conn, iid))


def _act(request: Request, investment_id: Id, fn) -> dict:
    with unit_of_work(request) as uow:
        extra = fn(uow)
        uow.commit()
        return {**_investment(queries.get(uow.conn, investment_id)), **(extra or {})}


@router.post("/investments/{investment_id}/approve", summary="审批资金存放（最后一名审批人同意后记账）")
def approve(investment_id: Id, body: Decision, request: Request, actor: Actor = Depends(requires(P.APPROVE))):
    return _act(request, investment_id, lambda uow: {"placed": service.approve(
        uow, actor, investment_id=investment_id, note=body.note, as_of=business_date(request))})


@router.post("/investments/{investment_id}/reject", summary="驳回资金存放")
def reject(investment_id: Id, body: Decision, request: Request, actor: Actor = Depends(requires(P.APPROVE))):
    return _act(request, investment_id, lambda uow: service.reject(
        uow, actor, investment_id=investment_id, reason=body.note, as_of=business_date(request)))


@router.post("/investments/{investment_id}/mature", summary="到期收回")
def mature(investment_id: Id, body: Closing, request: Request, actor: Actor = Depends(requires(P.PLACE))):
    return _act(request, investment_id, lambda uow: {"interest": yuan_str(service.mature(
        uow, actor, investment_id=investment_id, on=body.on, to_account_no=body.to_account_no))})


@router.post("/investments/{investment_id}/withdraw", summary="提前支取（按活期利率计息）")
def withdraw(investment_id: Id, body: Closing, request: Request, actor: Actor = Depends(requires(P.PLACE))):
    return _act(request, investment_id, lambda uow: {"interest": yuan_str(service.withdraw_early(
        uow, actor, investment_id=investment_id, on=body.on, to_account_no=body.to_account_no))})


@router.post("/investments/{investment_id}/renew", summary="到期转存（返回新存单）")
def renew(investment_id: Id, body: Renewal, request: Request, actor: Actor = Depends(requires(P.PLACE))):
    with unit_of_work(request) as uow:
        new_id = service.renew(uow, actor, investment_id=investment_id, on=body.on, rate=_rate(body.rate, "rate"),
                               term_months=body.term_months, rollover=body.rollover)
        uow.commit()
        return _investment(queries.get(uow.conn, new_id))


@router.post("/accruals/{month}", summary="月度计提投资应收利息（同月再次执行不重复记账）")
def accrue(month: str, request: Request, actor: Actor = Depends(requires(P.ACCRUE))):
    result = service.accrue_month(ctx(request).engine, actor, month=parse_month(month), as_of=business_date(request))
    return {"month": result.month, "amount": yuan_str(result.amount), "investments": result.count,
            "created": result.created}


@router.get("/liquidity", summary="流动性：各银行可用资金、预计支出、备付")
def liquidity(request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        liq = queries.liquidity(uow.conn, business_date(request))
    return {"as_of": liq.as_of.isoformat(), "demand": yuan_str(liq.demand), "deposits": yuan_str(liq.deposits),
            "bonds": yuan_str(liq.bonds), "fund_balance": yuan_str(liq.fund_balance),
            "withdrawals_unpaid": yuan_str(liq.withdrawals_unpaid), "loans_undisbursed": yuan_str(liq.loans_undisbursed),
            "usual_withdrawals": yuan_str(liq.usual_withdrawals), "outflows": yuan_str(liq.outflows),
            "maturing_30": yuan_str(liq.maturing_30), "cover": None if liq.cover is None else f"{liq.cover:.6f}",
            "banks": [{"bank_code": b.bank_code, "bank_name": b.bank_name, "balance": yuan_str(b.balance),
                       "deposits": yuan_str(b.deposits), "demand": yuan_str(b.demand),
                       "share": None if b.share is None else f"{b.share:.6f}"} for b in liq.banks]}


@router.get("/ladder", summary="到期阶梯")
def ladder(request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        rungs, overdue = queries.ladder(uow.conn, business_date(request))
    return {"rungs": [{"label": r.label, "count": r.count, "principal": yuan_str(r.principal),
                       "by_kind": {k: yuan_str(v) for k, v in r.by_kind.items()}} for r in rungs],
            "overdue": yuan_str(overdue)}


@router.get("/transfers", summary="资金调度")
def transfers(request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return [{"id": t.id, "no": t.no, "status": t.status, "from_account_no": t.from_account_no,
                 "to_account_no": t.to_account_no, "amount": yuan_str(t.amount),
                 "transfer_date": t.transfer_date.isoformat(), "voucher_id": t.voucher_id}
                for t in queries.transfers(uow.conn)]


@router.post("/transfers", summary="提交资金调度（待审批）")
def propose(body: FundTransferIn, request: Request, actor: Actor = Depends(requires(P.PLACE))):
    with unit_of_work(request) as uow:
        tid = service.propose_transfer(uow, actor, from_account_no=body.from_account_no,
                                       to_account_no=body.to_account_no, amount=parse_yuan(body.amount), on=body.on,
                                       note=body.note)
        uow.commit()
    return {"id": tid, "status": "submitted"}


@router.post("/transfers/{transfer_id}/approve", summary="审批资金调度（最后一名审批人同意后记账）")
def approve_transfer(transfer_id: Id, body: Decision, request: Request, actor: Actor = Depends(requires(P.APPROVE))):
    with unit_of_work(request) as uow:
        done = service.approve_transfer(uow, actor, transfer_id=transfer_id, note=body.note,
                                        as_of=business_date(request))
        uow.commit()
    return {"id": transfer_id, "done": done}


@router.get("/statements/{year}", summary="资产负债表、增值收益表、增值收益分配表（含勾稽检查）")
def statements(year: Year, request: Request, month: Annotated[int, Ge(1), Le(12)] | None = None, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        s = build(uow.conn, year=year, month=month)
    return {"year": s.year, "month": s.month, "period": s.period_label, "ok": s.ok,
            "checks": [{"name": c.name, "label": c.label, "ok": c.ok, "detail": c.detail} for c in s.checks],
            "statements": [{"code": st.code, "title": st.title, "columns": list(st.columns),
                            "rows": [{"row": r.row, "label": r.label, "values": [_y(v) for v in r.values]}
                                     for r in (*st.left, *st.right)]} for st in s.statements]}
