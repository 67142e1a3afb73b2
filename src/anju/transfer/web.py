"""Pages of transfers between centres (异地转移接续): the worklist of both sides with their deadlines, the letter
form (转入受理), a letter's page with its checks, steps and messages (review, approve, refuse; credit, cancel), the
register of other centres, and the member portal's start of a transfer in. Every page calls the same service as
`anju transfer …`."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request

from anju.auth.actor import Actor, Channel, can
from anju.core.errors import ValidationFailed
from anju.registry import queries as registry_queries
from anju.transfer import service as svc
from anju.transfer.flow import IN_FLOW, OUT_FLOW
from anju.transfer.permissions import P
from anju.web.kit import (
    FormReader,
    MenuEntry,
    business_date,
    form_errors,
    redirect,
    render,
    requires,
    unit_of_work,
)

router = APIRouter(prefix="/transfer")
MENU = [
    MenuEntry("柜面业务", "异地转移接续", "/transfer", P.READ, order=80),
    MenuEntry("柜面业务", "异地转入受理", "/transfer/in/new", P.LETTER, order=81),
    MenuEntry("柜面业务", "账户合并", "/transfer/merges", P.MERGE_APPLY, order=82),
    MenuEntry("审批", "账户合并审批", "/transfer/merges", P.MERGE_DECIDE, order=60),
    MenuEntry("柜面业务", "异地贷款缴存使用证明", "/transfer/certificates", P.CERTIFICATE, order=83),
    MenuEntry("系统管理", "异地中心", "/transfer/centres", P.CENTRES, order=80),
    MenuEntry("个人网厅", "异地转入申请", "/transfer/portal", P.APPLY_ONLINE, channel=Channel.MEMBER_PORTAL, order=40),
]
LETTER_FIELDS = {"证件号码": "id_number", "转出中心": "from_centre", "原住房公积金账号": "from_account_no"}


@router.get("")
def worklist(request: Request, actor: Actor = Depends(requires(P.READ))):
    as_of = business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        rows_in = svc.letters_in(uow.conn)
        rows_out = svc.letters_out(uow.conn)
        names = {c.code: c.name for c in svc.centres(uow.conn)}
    return render(request, "transfer/worklist.html", rows_in=rows_in, rows_out=rows_out, names=names, as_of=as_of,
                  in_label=IN_FLOW.label, out_label=OUT_FLOW.label, may_letter=can(actor, P.LETTER))


@router.get("/in/new")
def letter_form(request: Request, actor: Actor = Depends(requires(P.LETTER))):
    with unit_of_work(request, read_only=True) as uow:
        centres = svc.centres(uow.conn)
    return render(request, "transfer/letter_form.html", centres=centres, values={}, errors=form_errors())


@router.post("/in/new")
def letter_submit(request: Request, id_number: str = Form(""), from_centre: str = Form(""),
                  from_account_no: str = Form(""), from_employer_name: str = Form(""),
                  actor: Actor = Depends(requires(P.LETTER))):
    values = {"id_number": id_number, "from_centre": from_centre, "from_account_no": from_account_no,
              "from_employer_name": from_employer_name}
    try:
        with unit_of_work(request) as uow:
            letter = svc.write_letter(uow, actor, as_of=business_date(request), **values)
            uow.commit()
    except ValidationFailed as exc:
        with unit_of_work(request, read_only=True) as uow:
            centres = svc.centres(uow.conn)
        return render(request, "transfer/letter_form.html", status_code=422, centres=centres, values=values,
                      errors=form_errors(exc.problems, fields=LETTER_FIELDS))
    return redirect(request, f"/transfer/in/{letter.id}", flash=f"联系函{letter.no}已生成，随报文发往转出中心")


@router.get("/in/{letter_id}")
def letter_in(letter_id: int, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        row = svc.letter_in(uow.conn, letter_id)
        other = svc.centre(uow.conn, row.from_centre)
        acct = registry_queries.account_row(uow.conn, row.account_id)
        events = svc.events(uow.conn, IN_FLOW, letter_id)
        sent = svc.messages_of(uow.conn, row.no)
    return render(request, "transfer/letter_in.html", row=row, other=other, acct=acct, events=events, sent=sent,
                  label=IN_FLOW.label, allowed=IN_FLOW.allowed(row.status), may_credit=can(actor, P.CREDIT),
                  may_letter=can(actor, P.LETTER), errors=form_errors())


@router.post("/in/{letter_id}/send")
def letter_send(letter_id: int, request: Request, actor: Actor = Depends(requires(P.LETTER))):
    with unit_of_work(request) as uow:
        svc.send_letter(uow, actor, transfer_in_id=letter_id, as_of=business_date(request))
        uow.commit()
    return redirect(request, f"/transfer/in/{letter_id}", flash="联系函已发出")


@router.post("/in/{letter_id}/cancel")
def letter_cancel(letter_id: int, request: Request, reason: str = Form(""),
                  actor: Actor = Depends(requires(P.LETTER))):
    with unit_of_work(request) as uow:
        svc.cancel_letter(uow, actor, transfer_in_id=letter_id, reason=reason, as_of=business_date(request))
        uow.commit()
    return redirect(request, f"/transfer/in/{letter_id}", flash="联系函已撤销")


@router.post("/in/{letter_id}/credit")
def letter_credit(letter_id: int, request: Request, amount: str = Form(""),
                  actor: Actor = Depends(requires(P.CREDIT))):
    form = FormReader()
    fen = form.money(amount, "amount", "到账金额")
    if form.problems:
        raise ValidationFailed(form.problems)
    with unit_of_work(request) as uow:
        svc.credit(uow, actor, transfer_in_id=letter_id, amount=fen, as_of=business_date(request))
        uow.commit()
    return redirect(request, f"/transfer/in/{letter_id}", flash="已入账，到账确认随报文发往转出中心")


@router.get("/out/{letter_id}")
def letter_out(letter_id: int, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        row = svc.letter_out(uow.conn, letter_id)
        other = svc.centre(uow.conn, row.to_centre)
        acct = registry_queries.account_row(uow.conn, row.account_id) if row.account_id else None
        problems = svc.out_problems(uow.conn, row) if row.status in ("received", "reviewed") else []
        events = svc.events(uow.conn, OUT_FLOW, letter_id)
        sent = svc.messages_of(uow.conn, row.no)
    return render(request, "transfer/letter_out.html", row=row, other=other, acct=acct, problems=problems,
                  events=events, sent=sent, label=OUT_FLOW.label, allowed=OUT_FLOW.allowed(row.status),
                  may_review=can(actor, P.OUT_REVIEW), may_approve=can(actor, P.OUT_APPROVE))


@router.post("/out/{letter_id}/review")
def out_review(letter_id: int, request: Request, actor: Actor = Depends(requires(P.OUT_REVIEW))):
    with unit_of_work(request) as uow:
        svc.review_out(uow, actor, transfer_out_id=letter_id, as_of=business_date(request))
        uow.commit()
    return redirect(request, f"/transfer/out/{letter_id}", flash="审核通过，待审批")


@router.post("/out/{letter_id}/approve")
def out_approve(letter_id: int, request: Request, actor: Actor = Depends(requires(P.OUT_APPROVE))):
    with unit_of_work(request) as uow:
        svc.approve_out(uow, actor, transfer_out_id=letter_id, as_of=business_date(request))
        uow.commit()
    return redirect(request, f"/transfer/out/{letter_id}", flash="已结息、划款并销户，转移信息随报文发往转入中心")


@router.post("/out/{letter_id}/refuse")
def out_refuse(letter_id: int, request: Request, reason: str = Form(""), actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request) as uow:
        svc.refuse_out(uow, actor, transfer_out_id=letter_id, reason=reason, as_of=business_date(request))
        uow.commit()
    return redirect(request, f"/transfer/out/{letter_id}", flash="已退回转入中心")


@router.get("/centres")
def centres(request: Request, actor: Actor = Depends(requires(P.CENTRES))):
    with unit_of_work(request, read_only=True) as uow:
        rows = svc.centres(uow.conn)
    return render(request, "transfer/centres.html", rows=rows, values={}, errors=form_errors())


@router.post("/centres")
def centre_add(request: Request, code: str = Form(""), name: str = Form(""), account_no: str = Form(""),
               account_name: str = Form(""), bank_name: str = Form(""), phone: str = Form(""),
               actor: Actor = Depends(requires(P.CENTRES))):
    values = {"code": code, "name": name, "account_no": account_no, "account_name": account_name,
              "bank_name": bank_name, "phone": phone}
    try:
        with unit_of_work(request) as uow:
            svc.register_centre(uow, actor, **values)
            uow.commit()
    except ValidationFailed as exc:
        with unit_of_work(request, read_only=True) as uow:
            rows = svc.centres(uow.conn)
        return render(request, "transfer/centres.html", status_code=422, rows=rows, values=values,
                      errors=form_errors(exc.problems))
    return redirect(request, "/transfer/centres", flash=f"已登记异地中心{code}")


# ---------------------------------------------------------------- the member portal


@router.get("/portal")
def portal(request: Request, actor: Actor = Depends(requires(P.APPLY_ONLINE))):
    with unit_of_work(request, read_only=True) as uow:
        mine = svc.letters_in(uow.conn, person_id=actor.person_id)
        centres = svc.centres(uow.conn)
    return render(request, "transfer/portal.html", mine=mine, centres=centres, label=IN_FLOW.label, values={},
                  errors=form_errors())


@router.post("/portal")
def portal_apply(request: Request, from_centre: str = Form(""), from_account_no: str = Form(""),
                 from_employer_name: str = Form(""), actor: Actor = Depends(requires(P.APPLY_ONLINE))):
    values = {"from_centre": from_centre, "from_account_no": from_account_no, "from_employer_name": from_employer_name}
    try:
        with unit_of_work(request) as uow:
            person = registry_queries.person_row(uow.conn, actor.person_id)
            svc.write_letter(uow, actor, id_number=person.id_number if person else "", as_of=business_date(request),
                             **values)
            uow.commit()
    except ValidationFailed as exc:
        with unit_of_work(request, read_only=True) as uow:
            mine = svc.letters_in(uow.conn, person_id=actor.person_id)
            centres = svc.centres(uow.conn)
        return render(request, "transfer/portal.html", status_code=422, mine=mine, centres=centres,
                      label=IN_FLOW.label, values=values, errors=form_errors(exc.problems, fields=LETTER_FIELDS))
    return redirect(request, "/transfer/portal", flash="申请已提交，柜面核对后发出联系函")


# ---------------------------------------------------------------- merges and loan certificates


@router.get("/merges")
def merges(request: Request, actor: Actor = Depends(requires(P.READ))):
    from anju.transfer import merge as merging

    with unit_of_work(request, read_only=True) as uow:
        rows = merging.merges(uow.conn)
        numbers = {r.id: r.account_no for r in uow.conn.execute(_account_numbers(rows))}
    return render(request, "transfer/merges.html", rows=rows, numbers=numbers, values={}, errors=form_errors(),
                  may_apply=can(actor, P.MERGE_APPLY), may_decide=can(actor, P.MERGE_DECIDE))


def _account_numbers(rows):
    from sqlalchemy import select

    from anju.registry.queries import member_accounts

    a = member_accounts()
    ids = {r.keep_account_id for r in rows} | {r.merge_account_id for r in rows}
    return select(a.c.id, a.c.account_no).where(a.c.id.in_(ids or {0}))


@router.post("/merges")
def merge_apply(request: Request, keep_account_no: str = Form(""), merge_account_no: str = Form(""),
                reason: str = Form(""), actor: Actor = Depends(requires(P.MERGE_APPLY))):
    from anju.transfer import merge as merging

    values = {"keep_account_no": keep_account_no, "merge_account_no": merge_account_no, "reason": reason}
    try:
        with unit_of_work(request) as uow:
            m = merging.apply(uow, actor, as_of=business_date(request), **values)
            uow.commit()
    except ValidationFailed as exc:
        with unit_of_work(request, read_only=True) as uow:
            rows = merging.merges(uow.conn)
            numbers = {r.id: r.account_no for r in uow.conn.execute(_account_numbers(rows))}
        return render(request, "transfer/merges.html", status_code=422, rows=rows, numbers=numbers, values=values,
                      errors=form_errors(exc.problems, fields={"保留账号": "keep_account_no", "并入账号": "merge_account_no",
                                                               "合并原因": "reason"}),
                      may_apply=True, may_decide=can(actor, P.MERGE_DECIDE))
    return redirect(request, "/transfer/merges", flash=f"合并申请{m.no}已提交，待审批")


@router.post("/merges/{merge_id}/decide")
def merge_decide(merge_id: int, request: Request, decision: str = Form(""), note: str = Form(""),
                 actor: Actor = Depends(requires(P.MERGE_DECIDE))):
    from anju.transfer import merge as merging

    with unit_of_work(request) as uow:
        merging.decide(uow, actor, merge_id=merge_id, approve=decision == "approve", note=note,
                       as_of=business_date(request))
        uow.commit()
    return redirect(request, "/transfer/merges", flash="已合并" if decision == "approve" else "已驳回")


@router.get("/certificates")
def certificates(request: Request, actor: Actor = Depends(requires(P.READ))):
    from anju.transfer import certificates as certs

    with unit_of_work(request, read_only=True) as uow:
        rows = certs.certificates(uow.conn)
    return render(request, "transfer/certificates.html", rows=rows, values={}, errors=form_errors(),
                  may_issue=can(actor, P.CERTIFICATE))


@router.post("/certificates")
def certificate_issue(request: Request, id_number: str = Form(""), lending_centre: str = Form(""),
                      actor: Actor = Depends(requires(P.CERTIFICATE))):
    from anju.transfer import certificates as certs

    try:
        with unit_of_work(request) as uow:
            cert = certs.issue(uow, actor, id_number=id_number, lending_centre=lending_centre,
                               as_of=business_date(request))
            uow.commit()
    except ValidationFailed as exc:
        with unit_of_work(request, read_only=True) as uow:
            rows = certs.certificates(uow.conn)
        return render(request, "transfer/certificates.html", status_code=422, rows=rows,
                      values={"id_number": id_number, "lending_centre": lending_centre},
                      errors=form_errors(exc.problems, fields={"证件号码": "id_number",
                                                               "贷款城市公积金中心": "lending_centre"}),
                      may_issue=True)
    return redirect(request, f"/transfer/certificates/{cert.id}", flash=f"已出具证明{cert.no}")


@router.get("/certificates/{certificate_id}")
def certificate(certificate_id: int, request: Request, actor: Actor = Depends(requires(P.READ))):
    import json

    from anju.transfer import certificates as certs

    with unit_of_work(request, read_only=True) as uow:
        row = next((r for r in certs.certificates(uow.conn, limit=100_000) if r.id == certificate_id), None)
    if row is None:
        from anju.core.errors import NotFound
        from anju.transfer.errors import TransferError

        raise NotFound(TransferError.CERT_UNKNOWN, no=str(certificate_id))
    return render(request, "transfer/certificate.html", row=row, data=json.loads(row.data_json), fields=certs.FIELDS,
                  may_issue=can(actor, P.CERTIFICATE))


@router.post("/certificates/{certificate_id}/close")
def certificate_close(certificate_id: int, request: Request, action: str = Form(""), note: str = Form(""),
                      actor: Actor = Depends(requires(P.CERTIFICATE))):
    from anju.transfer import certificates as certs

    with unit_of_work(request) as uow:
        certs.close(uow, actor, certificate_id=certificate_id, receipt=action == "receipt", note=note)
        uow.commit()
    return redirect(request, f"/transfer/certificates/{certificate_id}",
                    flash="已登记回执" if action == "receipt" else "已作废")
