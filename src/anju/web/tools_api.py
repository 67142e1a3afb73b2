"""API of the clerk's tools and of the caller itself: who am I, identity and USCC checks, 大写."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from anju.auth.actor import ROLE_LABELS, Actor
from anju.core.ids import parse_resident_id, validate_uscc
from anju.core.money import capitals, parse_yuan, yuan_str
from anju.web.params import Day
from anju.web.security import business_date, requires

router = APIRouter(tags=["工具"])


class Me(BaseModel):
    username: str
    roles: list[str]
    role_labels: list[str]
    channel: str
    employer_id: int | None


@router.get("/me", response_model=Me, summary="当前调用者（API密钥）")
def me(actor: Actor = Depends(requires(None))):
    return Me(username=actor.username, roles=sorted(r.value for r in actor.roles),
              role_labels=[ROLE_LABELS[r] for r in sorted(actor.roles)], channel=actor.channel.value,
              employer_id=actor.employer_id)


class ResidentIdCheck(BaseModel):
    number: str
    birth_date: date
    sex: str
    sex_name: str
    region: str


@router.get("/tools/resident-id/{number}", response_model=ResidentIdCheck, summary="校验居民身份证号码（GB 11643）")
def check_resident_id(number: str, request: Request, as_of: Day | None = None,
                      actor: Actor = Depends(requires(None))):
    rid = parse_resident_id(number, as_of=as_of or business_date(request))
    return ResidentIdCheck(number=rid.number, birth_date=rid.birth_date, sex=rid.sex, sex_name=rid.sex_name,
                           region=rid.region)


class UsccCheck(BaseModel):
    code: str


@router.get("/tools/uscc/{code}", response_model=UsccCheck, summary="校验统一社会信用代码（GB 32100）")
def check_uscc(code: str, actor: Actor = Depends(requires(None))):
    return UsccCheck(code=validate_uscc(code))


class Capitals(BaseModel):
    amount: str
    capitals: str


@router.get("/tools/capitals", response_model=Capitals, summary="金额转人民币大写")
def to_capitals(amount: str, actor: Actor = Depends(requires(None))):
    fen = parse_yuan(amount)
    return Capitals(amount=yuan_str(fen), capitals=capitals(fen))
