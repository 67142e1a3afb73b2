"""API of the registry: employers and members, their changes, statements and certificates (JSON and PDF).

Amounts are yuan strings with two decimals, ratios percentage strings ("12%"), months YYYYMM integers.
Members are addressed by ``person_id`` (one account per person), as in the pages.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from anju.auth.actor import Actor
from anju.core.errors import AnjuError, ErrorCode, Problem, ValidationFailed
from anju.core.money import parse_yuan, yuan_str
from anju.policy.kinds import KindError, format_ratio, parse_ratio
from anju.registry import queries, reads
from anju.registry import service as svc
from anju.registry.codes import EmployerStatus
from anju.registry.errors import RegistryError
from anju.registry.permissions import P
from anju.web.kit import business_date, certificate_stamp, render_pdf, requires, unit_of_work
from anju.web.params import Count, Day, DayOfMonth, Id, Month, Patch

router = APIRouter(prefix="/registry", tags=["登记"])


class _Typed:
    """Typed values of a JSON body; every unreadable one is a problem named by its JSON field."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def money(self, text: str | None, name: str) -> int | None:
        if text is None:
            return None
        try:
            return parse_yuan(text)
        except AnjuError as exc:
            self.problems.append(Problem.from_error(exc, field=name))
            return None

    def ratio(self, text: str | None, name: str):
        if text is None:
            return None
        try:
            return parse_ratio(text)
        except KindError as exc:
            self.problems.append(Problem(str(exc), field=name, code=ErrorCode.RATIO_FORMAT))
            return None

    def check(self) -> None:
        if self.problems:
            raise ValidationFailed(self.problems)


def ratio_str(value) -> str:
    return format_ratio(value)


# ---------------------------------------------------------------- employers


class EmployerOut(BaseModel):
    id: int
    account_no: str = Field(description="单位账号")
    uscc: str
    name: str
    kind: str
    industry: str | None
    address: str
    legal_rep: str
    agent_name: str
    agent_phone: str
    bank_code: str
    branch_code: str
    pay_day: int
    employer_ratio: str
    member_ratio: str
    status: str
    status_label: str
    opened_on: date
    first_month: int
    paid_through: int | None = Field(description="缴至年月 YYYYMM")


class EmployerDetail(EmployerOut):
    members_normal: int
    members_sealed: int
    monthly_due: str = Field(description="月应缴额（元）")


def _employer_out(e) -> dict:
    return dict(id=e.id, account_no=e.account_no, uscc=e.uscc, name=e.name, kind=e.kind, industry=e.industry,
                address=e.address, legal_rep=e.legal_rep, agent_name=e.agent_name, agent_phone=e.agent_phone,
                bank_code=e.bank_code, branch_code=e.branch_code, pay_day=e.pay_day,
                employer_ratio=ratio_str(e.employer_ratio), member_ratio=ratio_str(e.member_ratio), status=e.status,
                status_label=EmployerStatus(e.status).label, opened_on=e.opened_on, first_month=e.first_month,
                paid_through=e.paid_through)


def _employer_detail(conn, actor: Actor, employer_id: int) -> EmployerDetail:
    info = reads.employer_detail(conn, actor, employer_id)
    return EmployerDetail(**_employer_out(info["employer"]), members_normal=info["members_normal"],
                          members_sealed=info["members_sealed"], monthly_due=yuan_str(info["monthly_due"]))


@router.get("/employers", response_model=list[EmployerOut], summary="查询缴存单位（名称、单位账号、信用代码）")
def employers(request: Request, q: str = "", limit: Count = 50, offset: Count = 0,
              actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        rows = reads.find_employers(uow.conn, actor, q, limit=min(max(limit, 1), 500), offset=max(offset, 0))
    return [EmployerOut(**_employer_out(r)) for r in rows]


@router.get("/employers/{employer_id}", response_model=EmployerDetail, summary="单位概况")
def employer(employer_id: Id, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return _employer_detail(uow.conn, actor, employer_id)


class EmployerIn(BaseModel):
    uscc: str = Field(description="统一社会信用代码")
    name: str
    kind: str = Field(description="单位性质代码，如 50")
    bank_code: str
    branch_code: str = "01"
    pay_day: DayOfMonth
    employer_ratio: str = Field(description="如 12%")
    member_ratio: str
    first_month: Month = Field(description="起缴年月 YYYYMM")
    industry: str | None = None
    address: str = ""
    legal_rep: str = ""
    agent_name: str = ""
    agent_phone: str = ""


@router.post("/employers", response_model=EmployerDetail, status_code=201, summary="单位开户")
def open_employer(body: EmployerIn, request: Request, actor: Actor = Depends(requires(P.EMPLOYER_MANAGE))):
    t = _Typed()
    er, mr = t.ratio(body.employer_ratio, "employer_ratio"), t.ratio(body.member_ratio, "member_ratio")
    t.check()
    data = svc.EmployerInput(uscc=body.uscc, name=body.name, kind=body.kind, bank_code=body.bank_code,
                             branch_code=body.branch_code, pay_day=body.pay_day, employer_ratio=er, member_ratio=mr,
                             first_month=body.first_month, industry=body.industry, address=body.address,
                             legal_rep=body.legal_rep, agent_name=body.agent_name, agent_phone=body.agent_phone)
    with unit_of_work(request) as uow:
        employer_id, _ = svc.open_employer(uow, actor, data=data, as_of=business_date(request))
        uow.commit()
    with unit_of_work(request, read_only=True) as uow:
        return _employer_detail(uow.conn, actor, employer_id)


class EmployerChange(Patch):
    nullable = frozenset({"industry"})

    name: str | None = None
    kind: str | None = None
    industry: str | None = None
    address: str | None = None
    legal_rep: str | None = None
    agent_name: str | None = None
    agent_phone: str | None = None
    bank_code: str | None = None
    branch_code: str | None = None
    pay_day: DayOfMonth | None = None


@router.patch("/employers/{employer_id}", response_model=EmployerDetail, summary="单位信息变更（只传要改的字段）")
def change_employer(employer_id: Id, body: EmployerChange, request: Request,
                    actor: Actor = Depends(requires(P.EMPLOYER_MANAGE))):
    changes = body.model_dump(exclude_unset=True)
    with unit_of_work(request) as uow:
        svc.change_employer(uow, actor, employer_id=employer_id, changes=changes, as_of=business_date(request))
        uow.commit()
    with unit_of_work(request, read_only=True) as uow:
        return _employer_detail(uow.conn, actor, employer_id)


class StatusIn(BaseModel):
    status: str = Field(description="01 正常、05 封存、04 销户（缓缴经审批产生）")
    reason: str


@router.post("/employers/{employer_id}/status", response_model=EmployerDetail, summary="单位状态变更")
def employer_status(employer_id: Id, body: StatusIn, request: Request,
                    actor: Actor = Depends(requires(P.EMPLOYER_MANAGE))):
    try:
        status = EmployerStatus(body.status)
    except ValueError:
        raise ValidationFailed([Problem.of(RegistryError.STATUS_CODE_INVALID, field="status")]) from None
    with unit_of_work(request) as uow:
        svc.set_employer_status(uow, actor, employer_id=employer_id, status=status, reason=body.reason,
                                as_of=business_date(request))
        uow.commit()
    with unit_of_work(request, read_only=True) as uow:
        return _employer_detail(uow.conn, actor, employer_id)


# ---------------------------------------------------------------- members


class MemberRow(BaseModel):
    person_id: int
    account_no: str
    name: str
    id_masked: str = Field(description="脱敏的身份证号码")
    employer_id: int | None
    employer_name: str | None
    status: str
    frozen: bool
    balance: str
    paid_through: int | None


class MemberOut(BaseModel):
    person_id: int
    account_no: str
    name: str
    id_masked: str
    employer_id: int | None
    employer_no: str | None
    employer_name: str | None
    kind: str
    status: str
    status_label: str
    frozen: bool
    opened_on: date
    base: str
    employer_ratio: str
    member_ratio: str
    employer_amount: str
    member_amount: str
    monthly_total: str
    terms_from: int
    balance: str = Field(description="账户余额（元）")
    prior_balance: str = Field(description="上年结转余额")
    current_balance: str = Field(description="当年归集余额")
    first_paid: int | None
    paid_through: int | None = Field(description="缴至年月")


def member_out(m: reads.MemberView) -> MemberOut:
    from anju.core.ids import mask_id

    return MemberOut(person_id=m.person_id, account_no=m.account_no, name=m.name, id_masked=mask_id(m.id_number),
                     employer_id=m.employer_id, employer_no=m.employer_no, employer_name=m.employer_name, kind=m.kind,
                     status=m.status, status_label=m.status_label, frozen=m.frozen, opened_on=m.opened_on,
                     base=yuan_str(m.base), employer_ratio=ratio_str(m.employer_ratio),
                     member_ratio=ratio_str(m.member_ratio), employer_amount=yuan_str(m.employer_amount),
                     member_amount=yuan_str(m.member_amount), monthly_total=yuan_str(m.monthly_total),
                     terms_from=m.terms_from, balance=yuan_str(m.balance), prior_balance=yuan_str(m.prior_balance),
                     current_balance=yuan_str(m.current_balance), first_paid=m.first_paid, paid_through=m.paid_through)


def _member(request: Request, actor: Actor, person_id: int) -> MemberOut:
    with unit_of_work(request, read_only=True) as uow:
        return member_out(reads.member(uow.conn, actor, person_id))


@router.get("/members", response_model=list[MemberRow], summary="查询职工（姓名、身份证号码、个人账号）")
def members(request: Request, q: str = "", employer_id: Id | None = None, limit: Count = 50, offset: Count = 0,
            actor: Actor = Depends(requires(P.READ))):
    from anju.core.ids import mask_id

    with unit_of_work(request, read_only=True) as uow:
        rows = reads.find_members(uow.conn, actor, q, employer_id=employer_id, limit=min(max(limit, 1), 500),
                                  offset=max(offset, 0))
    return [MemberRow(person_id=r.person_id, account_no=r.account_no, name=r.name, id_masked=mask_id(r.id_number),
                      employer_id=r.employer_id, employer_name=r.employer_name, status=r.status, frozen=bool(r.frozen),
                      balance=yuan_str(r.balance), paid_through=r.paid_through) for r in rows]


@router.get("/members/{person_id}", response_model=MemberOut, summary="职工账户：余额（上年结转/当年归集）、缴至年月")
def member(person_id: Id, request: Request, actor: Actor = Depends(requires(P.READ))):
    return _member(request, actor, person_id)


class OpenIn(BaseModel):
    id_number: str
    name: str
    base: str = Field(description="缴存基数（元）")
    first_month: Month
    phone: str = ""
    marital_status: str = "90"
    employer_ratio: str | None = Field(None, description="空：单位比例")
    member_ratio: str | None = None


@router.post("/employers/{employer_id}/members", response_model=MemberOut, status_code=201, summary="职工开户（新增）")
def open_member(employer_id: Id, body: OpenIn, request: Request, actor: Actor = Depends(requires(P.MEMBER_MANAGE))):
    t = _Typed()
    base = t.money(body.base, "base")
    er, mr = t.ratio(body.employer_ratio, "employer_ratio"), t.ratio(body.member_ratio, "member_ratio")
    t.check()
    who = svc.PersonInput(id_number=body.id_number, name=body.name, phone=body.phone,
                          marital_status=body.marital_status)
    with unit_of_work(request) as uow:
        opened = svc.open_account(uow, actor, employer_id=employer_id, who=who, base=base, first_month=body.first_month,
                                  as_of=business_date(request), employer_ratio=er, member_ratio=mr)
        uow.commit()
    return _member(request, actor, opened.person_id)


def _change(request: Request, actor: Actor, person_id: int, call) -> MemberOut:
    with unit_of_work(request) as uow:
        call(uow, reads.member(uow.conn, actor, person_id).account_id)
        uow.commit()
    return _member(request, actor, person_id)


class ReasonIn(BaseModel):
    reason: str


@router.post("/members/{person_id}/seal", response_model=MemberOut, summary="封存")
def seal(person_id: Id, body: ReasonIn, request: Request, actor: Actor = Depends(requires(P.MEMBER_MANAGE))):
    return _change(request, actor, person_id, lambda uow, aid: svc.seal(
        uow, actor, account_id=aid, reason=body.reason, as_of=business_date(request)))


class ReopenIn(BaseModel):
    first_month: Month
    base: str | None = None


@router.post("/members/{person_id}/reopen", response_model=MemberOut, summary="启封")
def reopen(person_id: Id, body: ReopenIn, request: Request, actor: Actor = Depends(requires(P.MEMBER_MANAGE))):
    t = _Typed()
    base = t.money(body.base, "base")
    t.check()
    return _change(request, actor, person_id, lambda uow, aid: svc.reopen(
        uow, actor, account_id=aid, first_month=body.first_month, as_of=business_date(request), base=base))


class TransferIn(BaseModel):
    to_employer_id: Id
    first_month: Month
    base: str | None = None


@router.post("/members/{person_id}/transfer", response_model=MemberOut, summary="内部转移")
def transfer(person_id: Id, body: TransferIn, request: Request, actor: Actor = Depends(requires(P.MEMBER_MANAGE))):
    t = _Typed()
    base = t.money(body.base, "base")
    t.check()
    return _change(request, actor, person_id, lambda uow, aid: svc.transfer(
        uow, actor, account_id=aid, to_employer_id=body.to_employer_id, first_month=body.first_month,
        as_of=business_date(request), base=base))


class BaseIn(BaseModel):
    base: str
    from_month: Month


@router.post("/members/{person_id}/base", response_model=MemberOut, summary="基数变更")
def change_base(person_id: Id, body: BaseIn, request: Request, actor: Actor = Depends(requires(P.MEMBER_MANAGE))):
    t = _Typed()
    base = t.money(body.base, "base")
    t.check()
    return _change(request, actor, person_id, lambda uow, aid: svc.change_base(
        uow, actor, account_id=aid, base=base, from_month=body.from_month, as_of=business_date(request)))


class RatioIn(BaseModel):
    employer_ratio: str
    member_ratio: str
    from_month: Month


@router.post("/members/{person_id}/ratio", response_model=MemberOut, summary="比例变更")
def change_ratio(person_id: Id, body: RatioIn, request: Request, actor: Actor = Depends(requires(P.MEMBER_MANAGE))):
    t = _Typed()
    er, mr = t.ratio(body.employer_ratio, "employer_ratio"), t.ratio(body.member_ratio, "member_ratio")
    t.check()
    return _change(request, actor, person_id, lambda uow, aid: svc.change_ratio(
        uow, actor, account_id=aid, employer_ratio=er, member_ratio=mr, from_month=body.from_month,
        as_of=business_date(request)))


# ---------------------------------------------------------------- statement and certificate


class StatementLineOut(BaseModel):
    date: date
    type: str
    type_label: str
    month: int | None
    amount: str
    interest: str
    balance: str
    note: str
    reversal: bool


class MemberStatementOut(BaseModel):
    account_no: str
    name: str
    id_masked: str
    start: date | None
    end: date | None
    opening: str
    closing: str
    lines: list[StatementLineOut]


@router.get("/members/{person_id}/statement", response_model=MemberStatementOut, summary="个人明细账")
def statement(person_id: Id, request: Request, start: Day | None = None, end: Day | None = None,
              actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        _, st = reads.statement(uow.conn, actor, person_id, start=start, end=end)
    return MemberStatementOut(account_no=st.account_no, name=st.name, id_masked=st.id_masked, start=st.start, end=st.end,
                        opening=yuan_str(st.opening), closing=yuan_str(st.closing), lines=[
                            StatementLineOut(date=ln.txn_date, type=ln.type, type_label=ln.type_label, month=ln.month,
                                             amount=yuan_str(ln.amount), interest=yuan_str(ln.interest),
                                             balance=yuan_str(ln.balance_after), note=ln.note, reversal=ln.reversal)
                            for ln in st.lines])


class CertificateOut(BaseModel):
    as_of: date
    name: str
    id_masked: str
    account_no: str
    employer_name: str | None
    employer_account_no: str | None
    kind: str
    opened_on: date
    status: str
    status_label: str
    frozen: bool
    base: str
    employer_ratio: str
    member_ratio: str
    monthly_total: str
    balance: str
    first_paid: int | None
    paid_through: int | None
    months_paid_last_12: int
    contributed_last_12: str


def certificate_out(c: queries.Certificate) -> CertificateOut:
    return CertificateOut(as_of=c.as_of, name=c.name, id_masked=c.id_masked, account_no=c.account_no,
                          employer_name=c.employer_name, employer_account_no=c.employer_account_no, kind=c.kind,
                          opened_on=c.opened_on, status=c.status, status_label=c.status_label, frozen=c.frozen,
                          base=yuan_str(c.base), employer_ratio=ratio_str(c.employer_ratio),
                          member_ratio=ratio_str(c.member_ratio), monthly_total=yuan_str(c.monthly_total),
                          balance=yuan_str(c.balance), first_paid=c.first_paid, paid_through=c.paid_through,
                          months_paid_last_12=c.months_paid_last_12,
                          contributed_last_12=yuan_str(c.contributed_last_12))


@router.get("/members/{person_id}/certificate", response_model=CertificateOut, summary="缴存证明（数据）")
def certificate(person_id: Id, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        _, cert = reads.certificate(uow.conn, actor, person_id, as_of=business_date(request))
    return certificate_out(cert)


@router.get("/members/{person_id}/certificate.pdf", summary="缴存证明（PDF，内嵌中文字体）",
            responses={200: {"content": {"application/pdf": {}}}})
def certificate_pdf(person_id: Id, request: Request, actor: Actor = Depends(requires(P.READ))):
    day = business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        m, cert = reads.certificate(uow.conn, actor, person_id, as_of=day)
    stamp = certificate_stamp(request, actor, kind="deposit", subject_ref=cert.account_no, person_id=m.person_id,
                              title="住房公积金缴存证明", facts=reads.certificate_facts(cert), as_of=day)
    return render_pdf(request, "registry/certificate.html", filename=f"缴存证明-{m.account_no}.pdf", m=m, cert=cert,
                      cert_no=stamp.no if stamp else f"{cert.account_no}-{day:%Y%m%d}", stamp=stamp)
