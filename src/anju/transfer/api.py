"""API of transfers between centres (tag 异地转移接续): the other centre's system posts its messages (a machine API
key with 接收异地中心报文) and takes ours; counter systems write letters, review, approve, refuse and credit.

Messages are the JSON documents of ``anju.transfer.messages`` (schemas at ``GET /transfer/schemas``)."""

from __future__ import annotations

import json
from datetime import date

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from anju.auth.actor import Actor
from anju.core.money import yuan_str
from anju.registry.api import _Typed
from anju.transfer import messages
from anju.transfer import service as svc
from anju.transfer.flow import IN_FLOW, OUT_FLOW
from anju.transfer.permissions import P
from anju.web.kit import business_date, requires, unit_of_work
from anju.web.params import Id

router = APIRouter(prefix="/transfer", tags=["异地转移接续"])


class Ack(BaseModel):
    type: str = Field(description="报文类型")
    letter_no: str
    duplicate: bool = Field(description="此前已接收过同一报文（未再处理）")


@router.post("/messages", response_model=Ack, summary="接收对方中心的报文（联系函、审核结果、转移信息、到账确认）")
async def post_message(request: Request, actor: Actor = Depends(requires(P.EXCHANGE))):
    raw = await request.body()
    return _receive(request, actor, raw)


def _receive(request: Request, actor: Actor, raw: bytes) -> Ack:
    with unit_of_work(request) as uow:
        got = svc.receive(uow, actor, raw, as_of=business_date(request))
        uow.commit()
    return Ack(type=got.type, letter_no=got.letter_no, duplicate=got.duplicate)


class OutMessage(BaseModel):
    id: int
    centre: str = Field(description="收件中心代码")
    type: str
    letter_no: str
    message: dict = Field(description="报文（JSON）")


@router.post("/outbox/take", response_model=list[OutMessage], summary="取走待发报文（取走即视为已送达）")
def take_outbox(request: Request, centre: str | None = None, actor: Actor = Depends(requires(P.EXCHANGE))):
    with unit_of_work(request) as uow:
        out = svc.take_outbox(uow, centre_code=centre)
        uow.commit()
    return [OutMessage(id=m.id, centre=m.centre, type=m.type, letter_no=m.letter_no, message=json.loads(m.body))
            for m in out]


@router.get("/schemas", summary="四种报文的 JSON Schema")
def schemas(actor: Actor = Depends(requires(P.READ))) -> dict:
    return messages.schemas()


class LetterOut(BaseModel):
    id: int
    no: str = Field(description="联系函编号")
    side: str = Field(description="in 转入、out 转出")
    status: str
    status_label: str
    centre: str = Field(description="对方中心代码")
    name: str
    deadline: date | None
    amount: str | None
    principal: str | None
    interest: str | None


def _letter(r, side: str) -> LetterOut:
    flow = IN_FLOW if side == "in" else OUT_FLOW
    money = {k: None if getattr(r, k) is None else yuan_str(getattr(r, k)) for k in ("amount", "principal", "interest")}
    return LetterOut(id=r.id, no=r.no, side=side, status=r.status, status_label=flow.label(r.status),
                     centre=r.from_centre if side == "in" else r.to_centre, name=r.name, deadline=r.deadline, **money)


@router.get("/letters-in", response_model=list[LetterOut], summary="转入联系函")
def letters_in(request: Request, status: str | None = None, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return [_letter(r, "in") for r in svc.letters_in(uow.conn, status=status)]


@router.get("/letters-out", response_model=list[LetterOut], summary="转出联系函")
def letters_out(request: Request, status: str | None = None, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return [_letter(r, "out") for r in svc.letters_out(uow.conn, status=status)]


class LetterIn(BaseModel):
    id_number: str = Field(description="证件号码（本中心已开户）")
    from_centre: str = Field(description="转出中心代码")
    from_account_no: str = Field(description="原住房公积金账号")
    from_employer_name: str = ""


@router.post("/letters-in", response_model=LetterOut, status_code=201, summary="转入受理：生成并发出联系函")
def write_letter(body: LetterIn, request: Request, actor: Actor = Depends(requires(P.LETTER))):
    with unit_of_work(request) as uow:
        letter = svc.write_letter(uow, actor, id_number=body.id_number, from_centre=body.from_centre,
                                  from_account_no=body.from_account_no, from_employer_name=body.from_employer_name,
                                  as_of=business_date(request))
        uow.commit()
        row = svc.letter_in(uow.conn, letter.id)
    return _letter(row, "in")


class CreditIn(BaseModel):
    amount: str = Field(description="银行到账金额（元）")


@router.post("/letters-in/{letter_id}/credit", response_model=LetterOut, summary="转入资金到账入账")
def credit(letter_id: Id, body: CreditIn, request: Request, actor: Actor = Depends(requires(P.CREDIT))):
    t = _Typed()
    amount = t.money(body.amount, "amount")
    t.check()
    with unit_of_work(request) as uow:
        svc.credit(uow, actor, transfer_in_id=letter_id, amount=amount, as_of=business_date(request))
        uow.commit()
        row = svc.letter_in(uow.conn, letter_id)
    return _letter(row, "in")


@router.post("/letters-out/{letter_id}/review", response_model=LetterOut, summary="转出审核（经办）")
def review(letter_id: Id, request: Request, actor: Actor = Depends(requires(P.OUT_REVIEW))):
    with unit_of_work(request) as uow:
        svc.review_out(uow, actor, transfer_out_id=letter_id, as_of=business_date(request))
        uow.commit()
        row = svc.letter_out(uow.conn, letter_id)
    return _letter(row, "out")


@router.post("/letters-out/{letter_id}/approve", response_model=LetterOut, summary="转出审批：结息、划款、销户")
def approve(letter_id: Id, request: Request, actor: Actor = Depends(requires(P.OUT_APPROVE))):
    with unit_of_work(request) as uow:
        svc.approve_out(uow, actor, transfer_out_id=letter_id, as_of=business_date(request))
        uow.commit()
        row = svc.letter_out(uow.conn, letter_id)
    return _letter(row, "out")


class RefuseIn(BaseModel):
    reason: str = Field(description="不通过的原因（转入地可见）")


@router.post("/letters-out/{letter_id}/refuse", response_model=LetterOut, summary="转出审核不通过")
def refuse(letter_id: Id, body: RefuseIn, request: Request,
           actor: Actor = Depends(requires(P.READ))):  # 经办 before review, 审批 after: the flow checks which
    with unit_of_work(request) as uow:
        svc.refuse_out(uow, actor, transfer_out_id=letter_id, reason=body.reason, as_of=business_date(request))
        uow.commit()
        row = svc.letter_out(uow.conn, letter_id)
    return _letter(row, "out")
