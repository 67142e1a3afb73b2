"""API of the bank register (bankcore's block, under /api/v1/bank): banks with their agreements and 专户, a month's
fee statement, a year's assessment sheets. Money as yuan strings (as the statements print them)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from anju.auth.actor import Actor
from anju.bank import queries as bank_queries
from anju.core.dates import parse_month
from anju.settle import assess, fees
from anju.settle.permissions import PB
from anju.web.kit import requires, unit_of_work

router = APIRouter(tags=["受托银行"])


@router.get("/banks", summary="受托银行、委托协议与专户")
def banks(request: Request, actor: Actor = Depends(requires(PB.READ))) -> list[dict]:
    with unit_of_work(request, read_only=True) as uow:
        conn = uow.conn
        return [{"code": b.code, "name": b.name, "short_name": b.short_name, "active": b.active,
                 "agreements": [{"no": g.no, "title": g.title, "services": g.services.split(","),
                                 "valid_from": g.valid_from.isoformat(),
                                 "valid_to": g.valid_to.isoformat() if g.valid_to else None, "status": g.status,
                                 "fee_terms": g.fee_terms} for g in bank_queries.agreements(conn, bank=b.code)],
                 "accounts": [{"id": a.id, "account_no": a.account_no, "account_name": a.account_name,
                               "purpose": a.purpose, "ledger_code": a.ledger_code, "status": a.status,
                               "opened_on": a.opened_on.isoformat(),
                               "closed_on": a.closed_on.isoformat() if a.closed_on else None}
                              for a in bank_queries.accounts(conn, bank=b.code)]}
                for b in bank_queries.banks(conn)]


@router.get("/fees/{month}", summary="受托银行手续费结算单（月）")
def fee_statement(month: str, request: Request, actor: Actor = Depends(requires(PB.READ))) -> list[dict]:
    with unit_of_work(request, read_only=True) as uow:
        rows = fees.statement(uow.conn, month=parse_month(month))
    return [{k: v for k, v in r.items() if k.isascii()} | {"amount_yuan": r["计提金额"], "bank_figure": r["银行金额"],
                                                          "difference": r["差额"]} for r in rows]


@router.get("/assessments/{year}", summary="受托银行年度考核")
def assessments(year: int, request: Request, actor: Actor = Depends(requires(PB.READ))) -> list[dict]:
    with unit_of_work(request, read_only=True) as uow:
        return assess.stored(uow.conn, year)
