"""Pages of withdrawals: the application form (counter and member portal) with its 试算, the queue of 复核 and
审批 with ageing, an application's page with its actions, the printable form and receipt, payment files and
bank results for finance, the register of homes and the reasons in force."""

from __future__ import annotations

import base64
import json
from datetime import date

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from anju.auth.actor import Actor, Channel, Role, can
from anju.bank import queries as bank_queries
from anju.bank.codes import FileKind
from anju.bank.queries import banks as bank_list
from anju.core.dates import parse_date
from anju.core.errors import AnjuError, ErrorCode, NotFound, Problem, ValidationFailed
from anju.core.ids import mask_id
from anju.core.money import format_yuan, parse_yuan
from anju.core.sheets import cap_problems
from anju.policy.store import policy_at
from anju.registry import queries as registry_queries
from anju.registry.codes import AccountStatus
from anju.registry.tables import account, person
from anju.web.kit import (
    MenuEntry,
    business_date,
    certificate_stamp,
    date_param,
    form_errors,
    redirect,
    render,
    requires,
    stash_confirmation,
    take_confirmation,
    unit_of_work,
)
from anju.web.uploads import read_upload, upload_limits
from anju.withdrawal import payout, queries, rules
from anju.withdrawal import service as wd
from anju.withdrawal.codes import (
    ACTION_LABELS,
    FACTS,
    KINDS,
    RELATION_LABELS,
    Route,
    Status,
    kind_label,
    status_label,
)
from anju.withdrawal.errors import WithdrawalError
from anju.withdrawal.permissions import P
from anju.workcal.service import load_calendar

router = APIRouter(prefix="/withdrawal")
MENU = [
    MenuEntry("柜面业务", "提取受理", "/withdrawal/apply", P.APPLY, order=40, accesskey="w"),
    MenuEntry("柜面业务", "提取业务查询", "/withdrawal/list", P.READ, order=41),
    MenuEntry("柜面业务", "住房登记", "/withdrawal/homes", P.PROPERTY, order=42),
    MenuEntry("柜面业务", "提取情形与政策", "/withdrawal/reasons", P.READ, order=43),
    MenuEntry("审批", "提取复核", "/withdrawal/queue?stage=review", P.REVIEW, order=10),
    MenuEntry("审批", "提取审批", "/withdrawal/queue?stage=approve", P.APPROVE, order=11),
    MenuEntry("财务", "提取付款与回盘", "/withdrawal/payouts", P.PAYOUT, order=40),
    MenuEntry("个人网厅", "我的提取", "/withdrawal/mine", P.READ, channel=Channel.MEMBER_PORTAL, order=20),
    MenuEntry("个人网厅", "申请提取", "/withdrawal/apply", P.APPLY, channel=Channel.MEMBER_PORTAL, order=21),
]

CHANNEL_NAMES = {"counter": "柜面", "member_portal": "个人网厅", "employer_portal": "单位网厅", "api": "接口",
                 "batch": "批量", "cli": "命令行"}
PAYEE_FIELDS = ("card_no", "card_bank", "payout_bank", "payee_name", "payee_id_number")
STAGES = {"review": (Status.SUBMITTED,), "approve": (Status.REVIEWED,)}


def _labels() -> dict:
    return {"kind_label": kind_label, "status_label": status_label, "channel_names": CHANNEL_NAMES,
            "action_labels": ACTION_LABELS,
            "account_status_label": lambda c: AccountStatus(c).label if c else "", "Status": Status}


# ----------------------------------------------------------------------------------------- the application form


def _find_account(conn, actor: Actor, q: str):
    """The member's own account in the portal; at the counter, by account number or identity number."""
    if actor.has(Role.MEMBER) and actor.person_id is not None:
        return conn.execute(select(account).where(account.c.person_id == actor.person_id)).first()
    q = (q or "").strip()
    if not q:
        return None
    return registry_queries.account_by_no(conn, q) or registry_queries.account_of_person(conn, q)


def _kinds_at(conn, actor: Actor, day: date) -> list[tuple[str, str, bool, str]]:
    """(code, label, allowed, basis) of every kind at a date; members see the kinds they may apply for online."""
    policy = policy_at(conn, day)
    out = []
    for code, kind in KINDS.items():
        r = rules.rules_at(policy, code)
        if actor.has(Role.MEMBER) and not (r.online and r.allowed):
            continue
        out.append((code, kind.label, r.allowed, r.basis))
    return out


def _form_page(request: Request, actor: Actor, *, q: str = "", kind: str = "", values: dict | None = None,
               assessment: wd.Assessment | None = None, errors=None, status_code: int = 200):
    day = business_date(request)
    values = values or {}
    with unit_of_work(request, read_only=True) as uow:
        conn = uow.conn
        acct = _find_account(conn, actor, q)
        who = conn.execute(select(person).where(person.c.id == acct.person_id)).first() if acct is not None else None
        if acct is not None and not can(actor, P.APPLY):
            acct = None
        kinds = _kinds_at(conn, actor, day)
        chosen = KINDS.get(kind)
        reason_rules = rules.rules_at(policy_at(conn, day), kind) if chosen else None
        banks = [(b.code, b.short_name) for b in bank_list(conn, active_only=True)]
        held = queries.held(conn, acct.id).amount if acct is not None else 0
    not_found = bool(q.strip()) and acct is None and not actor.has(Role.MEMBER)
    return render(request, "withdrawal/apply.html", status_code=status_code, q=q, kind=kind, chosen=chosen,
                  acct=acct, who=who, kinds=kinds, rules=reason_rules, facts_spec=FACTS, values=values,
                  assessment=assessment, errors=errors or form_errors(), banks=banks, held=held, not_found=not_found,
                  relation_labels=RELATION_LABELS, Route=Route, **_labels())


@router.get("/apply")
def apply_page(request: Request, q: str = "", kind: str = "", actor: Actor = Depends(requires(P.APPLY))):
    return _form_page(request, actor, q=q, kind=kind)


def _parse_form(form) -> tuple[dict, list[Problem]]:
    problems: list[Problem] = []
    requested = None
    text = (form.get("requested") or "").strip()
    if text:
        try:
            requested = parse_yuan(text)
        except AnjuError as exc:
            problems.append(Problem.from_error(exc, field="requested"))
    account_id = form.get("account_id") or ""
    values = {
        "account_id": int(account_id) if account_id.isdigit() else 0,
        "kind": form.get("kind") or "",
        "facts": {name: form.get(f"fact_{name}", "") for name in FACTS if f"fact_{name}" in form},
        "documents": form.getlist("doc"),
        "requested": requested, "requested_text": text,
        "payee": {k: (form.get(k) or "").strip() for k in ("card_no", "card_bank", "payout_bank")},
    }
    return values, problems


def _payee(values: dict) -> wd.Payee:
    p = values["payee"]
    return wd.Payee(card_no=p["card_no"], card_bank=p["card_bank"], payout_bank=p["payout_bank"])


def _assess_form(request: Request, actor: Actor, values: dict) -> wd.Assessment:
    with unit_of_work(request, read_only=True) as uow:
        return wd.assess(uow.conn, actor, account_id=values["account_id"], kind=values["kind"], facts=values["facts"],
                         documents=values["documents"], requested=values["requested"], payee=_payee(values),
                         as_of=business_date(request))


@router.post("/apply")
async def apply_submit(request: Request, actor: Actor = Depends(requires(P.APPLY))):
    """试算 (action=check) shows what may be withdrawn and why; 提交 checks everything and asks to confirm."""
    form = await request.form()
    values, problems = _parse_form(form)
    q = form.get("q") or ""
    return await run_in_threadpool(_apply_submit, request, actor, values, problems, q, form.get("action") or "check")


def _apply_submit(request: Request, actor: Actor, values: dict, problems: list[Problem], q: str, action: str):
    if not values["account_id"] or values["kind"] not in KINDS:
        return _form_page(request, actor, q=q, kind=values["kind"], values=values, status_code=422,
                          errors=form_errors([Problem.of(WithdrawalError.KIND_REQUIRED)]))
    found = _assess_form(request, actor, values)
    if action != "submit":
        return _form_page(request, actor, q=q, kind=values["kind"], values=values, assessment=found,
                          errors=form_errors(problems + [p for p in found.problems if p.input not in PAYEE_FIELDS]))
    problems = problems + found.all_problems()
    if actor.has(Role.MEMBER) and not found.rules.online:
        problems.insert(0, Problem.of(WithdrawalError.COUNTER_ONLY, label=KINDS[values['kind']].label))
    if problems:
        return _form_page(request, actor, q=q, kind=values["kind"], values=values, assessment=found, status_code=422,
                          errors=form_errors(problems))
    payload = {k: values[k] for k in ("account_id", "kind", "facts", "documents", "requested", "payee")}
    token = stash_confirmation(request, action="withdrawal.apply", payload=payload)
    kind = KINDS[values["kind"]]
    e = found.eligibility
    rows = [("申请人", f"{found.person_name}（个人账号 {found.member.account_no}）"), ("提取情形", kind.label),
            ("提取原因代码", f"{kind.reason.value} {kind.reason.label}"), ("试算结果", e.summary)]
    if kind.route is Route.BANK:
        rows.append(("收款银行卡", f"{values['payee']['card_no']}（{values['payee']['card_bank']}）"))
    amount = e.max_amount if e.closes else e.amount
    return render(request, "withdrawal/apply_confirm.html", facts=wd.facts_for_display(found.facts), signals=found.signals,
                  confirm={"title": "确认提交提取申请", "amount": amount, "action": "/withdrawal/apply/confirm",
                           "token": token, "back": f"/withdrawal/apply?q={q}&kind={kind.code}",
                           "note": "提交后金额即被占用，经复核、审批后由受托银行支付；销户类提取另加结息至支付日。",
                           "rows": rows})


@router.post("/apply/confirm")
def apply_confirm(request: Request, token: str = Form(""), actor: Actor = Depends(requires(P.APPLY))):
    with unit_of_work(request) as uow:
        p = take_confirmation(uow, request, action="withdrawal.apply", token=token)
        applied = wd.apply(uow, actor, account_id=p["account_id"], kind=p["kind"], facts=p["facts"],
                           documents=p["documents"], requested=p["requested"],
                           payee=wd.Payee(**p["payee"]), as_of=business_date(request))
        uow.commit()
    return redirect(request, f"/withdrawal/{applied.id}", flash=f"已受理提取申请{applied.no}，待复核")


# ----------------------------------------------------------------------------------------- lists and queue


@router.get("/queue")
def queue_page(request: Request, stage: str = "review", actor: Actor = Depends(requires(P.READ))):
    day = business_date(request)
    statuses = STAGES.get(stage, STAGES["review"]) if stage != "all" else (Status.SUBMITTED, Status.REVIEWED)
    with unit_of_work(request, read_only=True) as uow:
        if actor.has(Role.MEMBER) and not (actor.roles - {Role.MEMBER}):
            return redirect(request, "/withdrawal/mine")
        items = queries.queue(uow.conn, as_of=day, calendar=load_calendar(uow.conn), statuses=statuses)
        limit = policy_at(uow.conn, day)["approval.withdrawal_decision_workdays"]
    return render(request, "withdrawal/queue.html", items=items, stage=stage, day=day, limit=limit, **_labels())


@router.get("/list")
def list_page(request: Request, q: str = "", status: str = "", actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        person_id = actor.person_id if actor.has(Role.MEMBER) else None
        rows = queries.search(uow.conn, text=q, status=status or None, person_id=person_id, limit=200)
    return render(request, "withdrawal/list.html", rows=rows, q=q, status=status, statuses=list(Status), **_labels())


@router.get("/mine")
def mine_page(request: Request, actor: Actor = Depends(requires(P.READ))):
    if actor.person_id is None:
        return redirect(request, "/withdrawal/list")
    with unit_of_work(request, read_only=True) as uow:
        rows = queries.search(uow.conn, person_id=actor.person_id, limit=200)
        acct = uow.conn.execute(select(account).where(account.c.person_id == actor.person_id)).first()
        held = queries.held(uow.conn, acct.id).amount if acct is not None else 0
    return render(request, "withdrawal/mine.html", rows=rows, acct=acct, held=held, **_labels())


# ----------------------------------------------------------------------------------------- payments (finance)


def _payouts_page(request: Request, *, errors=None, values=None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        waiting = queries.awaiting_payment(uow.conn)
        batches = queries.batches(uow.conn)
        banks = [(b.code, b.short_name) for b in bank_list(uow.conn)]
    return render(request, "withdrawal/payouts.html", status_code=status_code, waiting=waiting, batches=batches,
                  banks=banks, errors=errors or form_errors(),
                  values=values or {"pay_day": business_date(request).isoformat()})


@router.get("/payouts")
def payouts_page(request: Request, actor: Actor = Depends(requires(P.PAYOUT))):
    return _payouts_page(request)


@router.post("/payouts")
def payouts_create(request: Request, bank_code: str = Form(""), pay_day: str = Form(""),
                   actor: Actor = Depends(requires(P.PAYOUT))):
    values = {"bank_code": bank_code, "pay_day": pay_day}
    try:
        day = parse_date(pay_day) if pay_day.strip() else business_date(request)
        with unit_of_work(request) as uow:
            batch = wd.create_payout_batch(uow, actor, bank_code=bank_code, pay_day=day)
            uow.commit()
    except ValidationFailed as exc:
        return _payouts_page(request, errors=form_errors(exc.problems), values=values, status_code=422)
    except AnjuError as exc:
        if exc.status >= 403:
            raise
        return _payouts_page(request, errors=form_errors([Problem.from_error(exc)]), values=values, status_code=422)
    return redirect(request, f"/withdrawal/payouts/{batch.id}",
                    flash=f"已生成付款文件：{batch.count}笔，请下载后报送受托银行")


@router.get("/payouts/{batch_id}")
def payout_page(batch_id: int, request: Request, actor: Actor = Depends(requires(P.PAYOUT))):
    with unit_of_work(request, read_only=True) as uow:
        b = queries.batch(uow.conn, batch_id)
        if b is None:
            raise NotFound(ErrorCode.NOT_FOUND, what="付款文件", key=batch_id)
        lines = queries.batch_lines(uow.conn, batch_id)
    return render(request, "withdrawal/payout.html", b=b, lines=lines, errors=form_errors(),
                  file_name=payout.file_name(b.bank_code, b.pay_day, b.seq, "csv"), **_labels())


@router.get("/payouts/{batch_id}/file")
def payout_download(batch_id: int, request: Request, fmt: str = "csv", actor: Actor = Depends(requires(P.PAYOUT))):
    with unit_of_work(request, read_only=True) as uow:
        name, data, media = wd.payout_file(uow.conn, actor, batch_id=batch_id, fmt=fmt)
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"',
                                                      "Cache-Control": "no-store"})


@router.post("/payouts/{batch_id}/result")
def payout_result(batch_id: int, request: Request, file: UploadFile | None = File(None),
                  actor: Actor = Depends(requires(P.PAYOUT))):
    """First step of 回盘: read the bank's result, show what will be posted; nothing is written yet.

    A plain def route: FastAPI runs it in its thread pool, so reading and parsing never block the event loop."""
    limits = upload_limits(request)
    data, name = read_upload(file, limits)  # over the byte limit: 413, shown by the error page
    name = name or "result.csv"
    with unit_of_work(request, read_only=True) as uow:
        b = queries.batch(uow.conn, batch_id)
        lines = queries.batch_lines(uow.conn, batch_id) if b is not None else []
        layout = bank_queries.file_layout(uow.conn, b.bank_code, FileKind.PAYOUT_RESULT) if b is not None else None
    if b is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="付款文件", key=batch_id)
    results, problems = payout.parse_result(payout.read_result(data, name, limits=limits, layout=layout),
                                            expected={ln.payment_no: ln.amount for ln in lines})
    problems = cap_problems(problems, limits.max_problems)
    if b.status != "sent":
        problems = [Problem.of(WithdrawalError.RESULT_ALREADY_HANDLED)]
    if problems:
        return render(request, "withdrawal/payout.html", status_code=422, b=b, lines=lines,
                      errors=form_errors(problems), file_name=payout.file_name(b.bank_code, b.pay_day, b.seq, "csv"),
                      **_labels())
    amounts = {ln.payment_no: ln.amount for ln in lines}
    paid = [r for r in results if r.paid]
    failed = [r for r in results if not r.paid]
    token = stash_confirmation(request, action="withdrawal.payout_result", payload={
        "batch_id": batch_id, "name": name, "data": base64.b64encode(data).decode()})
    return render(request, "withdrawal/payout_confirm.html", failed=failed, amounts=amounts, confirm={
        "title": "确认银行回盘入账", "amount": sum(amounts[r.payment_no] for r in paid),
        "action": "/withdrawal/payouts/result/confirm", "token": token, "back": f"/withdrawal/payouts/{batch_id}",
        "note": "确认后：支付成功的逐笔记入个人明细并生成一张凭证（借201 贷101），支付失败的退回待重发或撤销。",
        "rows": [("付款文件", payout.file_name(b.bank_code, b.pay_day, b.seq, "csv")), ("结果文件", name),
                 ("支付成功", f"{len(paid)}笔"), ("支付失败", f"{len(failed)}笔")]})


@router.post("/payouts/result/confirm")
def payout_result_confirm(request: Request, token: str = Form(""), actor: Actor = Depends(requires(P.PAYOUT))):
    with unit_of_work(request) as uow:
        p = take_confirmation(uow, request, action="withdrawal.payout_result", token=token)
        settled = wd.load_payout_result(uow, actor, batch_id=p["batch_id"], data=base64.b64decode(p["data"]),
                                        filename=p["name"], as_of=business_date(request))
        uow.commit()
    return redirect(request, f"/withdrawal/payouts/{settled.batch_id}",
                    flash=f"回盘已入账：成功{settled.paid}笔，失败{settled.failed}笔")


# ----------------------------------------------------------------------------------------- homes and reasons


def _homes_page(request: Request, q: str, *, errors=None, values=None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        acct = registry_queries.account_by_no(uow.conn, q.strip()) or registry_queries.account_of_person(
            uow.conn, q.strip()) if q.strip() else None
        who = uow.conn.execute(select(person).where(person.c.id == acct.person_id)).first() if acct else None
        holdings = queries.homes_of_person(uow.conn, who.id) if who else []
        uses = queries.property_uses(uow.conn, property_ids=[h.property_id for h in holdings]) if who else []
    return render(request, "withdrawal/homes.html", status_code=status_code, q=q, who=who, holdings=holdings,
                  uses=uses, errors=errors or form_errors(), values=values or {})


@router.get("/homes")
def homes_page(request: Request, q: str = "", actor: Actor = Depends(requires(P.PROPERTY))):
    return _homes_page(request, q)


@router.post("/homes")
def homes_declare(request: Request, q: str = Form(""), person_id: str = Form(""), address: str = Form(""),
                  certificate_no: str = Form(""), from_day: str = Form(""), until_day: str = Form(""),
                  note: str = Form(""), actor: Actor = Depends(requires(P.PROPERTY))):
    values = {"address": address, "certificate_no": certificate_no, "from_day": from_day, "until_day": until_day,
              "note": note}
    problems = []
    days = {}
    for name, text in (("from_day", from_day), ("until_day", until_day)):
        try:
            days[name] = parse_date(text) if text.strip() else None
        except AnjuError as exc:
            problems.append(Problem.from_error(exc, field=name))
    if days.get("from_day") is None and not problems:
        problems.append(Problem.of(WithdrawalError.HOME_ACQUIRED_REQUIRED, field="from_day"))
    try:
        if problems:
            raise ValidationFailed(problems)
        with unit_of_work(request) as uow:
            wd.declare_home(uow, actor, person_id=int(person_id or 0), address=address, certificate_no=certificate_no,
                            from_day=days["from_day"], until_day=days["until_day"], note=note,
                            as_of=business_date(request))
            uow.commit()
    except ValidationFailed as exc:
        return _homes_page(request, q, errors=form_errors(exc.problems), values=values, status_code=422)
    return redirect(request, f"/withdrawal/homes?q={q}", flash="住房已登记")


@router.post("/homes/{property_id}/cancelled")
def homes_cancelled(property_id: int, request: Request, q: str = Form(""), on: str = Form(""), note: str = Form(""),
                    actor: Actor = Depends(requires(P.PROPERTY))):
    with unit_of_work(request) as uow:
        wd.record_contract_cancelled(uow, actor, property_id=property_id, on=date_param(request, on), note=note)
        uow.commit()
    return redirect(request, f"/withdrawal/homes?q={q}", flash="已登记购房合同撤销", kind="warning")


@router.get("/reasons")
def reasons_page(request: Request, as_of: str | None = None, actor: Actor = Depends(requires(P.READ))):
    day = date_param(request, as_of)
    with unit_of_work(request, read_only=True) as uow:
        policy = policy_at(uow.conn, day)
    table = [(KINDS[code], rules.rules_at(policy, code)) for code in KINDS]
    return render(request, "withdrawal/reasons.html", day=day, table=table, facts_spec=FACTS,
                  general=rules.General.of(policy), dumps=json.dumps)


# ----------------------------------------------------------------------------------------- one application


def _detail(request: Request, actor: Actor, withdrawal_id: int):
    with unit_of_work(request, read_only=True) as uow:
        wd.get(uow.conn, actor, withdrawal_id)  # permission and scope
        d = queries.detail(uow.conn, withdrawal_id)
        cal = load_calendar(uow.conn)
    return d, cal


@router.get("/{withdrawal_id}")
def detail_page(withdrawal_id: int, request: Request, actor: Actor = Depends(requires(P.READ))):
    d, cal = _detail(request, actor, withdrawal_id)
    day = business_date(request)
    status = Status(d.row.status)
    staff_other = actor.username != d.row.created_by
    may = {
        "review": can(actor, P.REVIEW) and status is Status.SUBMITTED and staff_other,
        "approve": can(actor, P.APPROVE) and status is Status.REVIEWED and staff_other
        and actor.username != d.row.reviewed_by
        and not any(x.username == actor.username for x in (d.approval.decisions if d.approval else ())),
        "cancel": can(actor, P.APPLY) and status in (Status.SUBMITTED, Status.REVIEWED, Status.APPROVED, Status.FAILED),
        "resend": can(actor, P.RESEND) and status is Status.FAILED,
        "fraud": can(actor, P.FRAUD) and status not in (Status.REJECTED, Status.CANCELLED, Status.FRAUD, Status.SENT,
                                                        Status.STOPPED) and d.row.route != Route.INCOME.value,
        "stop": can(actor, P.APPLY) and status is Status.AGREED,
    }
    left = cal.workdays_between(day, d.row.deadline) if status in (Status.SUBMITTED, Status.REVIEWED) else None
    return render(request, "withdrawal/detail.html", d=d, w=d.row, kind=KINDS[d.row.kind], may=may, left=left,
                  facts=wd.facts_for_display(d.facts), errors=form_errors(), **_labels())


def _act(request: Request, withdrawal_id: int, fn, done: str, **kw):
    with unit_of_work(request) as uow:
        fn(uow, withdrawal_id=withdrawal_id, as_of=business_date(request), **kw)
        uow.commit()
    return redirect(request, f"/withdrawal/{withdrawal_id}", flash=done)


@router.post("/{withdrawal_id}/review")
def review_action(withdrawal_id: int, request: Request, note: str = Form(""),
                  actor: Actor = Depends(requires(P.REVIEW))):
    return _act(request, withdrawal_id, lambda uow, **k: wd.review(uow, actor, **k), "复核通过，已转审批", note=note)


@router.post("/{withdrawal_id}/approve")
def approve_action(withdrawal_id: int, request: Request, note: str = Form(""),
                   actor: Actor = Depends(requires(P.APPROVE))):
    with unit_of_work(request) as uow:
        status = wd.approve(uow, actor, withdrawal_id=withdrawal_id, note=note, as_of=business_date(request))
        uow.commit()
    message = {"reviewed": "已同意；金额超过审批限额，待另一名审批人审批", "approved": "审批通过，待受托银行支付",
               "paid": "审批通过，已办结入账", "agreed": "审批通过，按月对冲还贷协议生效"}.get(status, "已审批")
    return redirect(request, f"/withdrawal/{withdrawal_id}", flash=message)


@router.post("/{withdrawal_id}/reject")
def reject_action(withdrawal_id: int, request: Request, reason: str = Form(""),
                  actor: Actor = Depends(requires(P.DECIDE))):
    return _act(request, withdrawal_id, lambda uow, **k: wd.reject(uow, actor, **k), "已驳回", reason=reason)


@router.post("/{withdrawal_id}/cancel")
def cancel_action(withdrawal_id: int, request: Request, reason: str = Form(""),
                  actor: Actor = Depends(requires(P.APPLY))):
    return _act(request, withdrawal_id, lambda uow, **k: wd.cancel(uow, actor, **k), "已撤销，占用金额已释放",
                reason=reason)


@router.post("/{withdrawal_id}/resend")
def resend_action(withdrawal_id: int, request: Request, card_no: str = Form(""), card_bank: str = Form(""),
                  actor: Actor = Depends(requires(P.RESEND))):
    return _act(request, withdrawal_id, lambda uow, **k: wd.resend(uow, actor, **k), "已退回待支付，将随下一个付款文件发送",
                card_no=card_no or None, card_bank=card_bank or None)


@router.post("/{withdrawal_id}/fraud")
def fraud_action(withdrawal_id: int, request: Request, note: str = Form(""),
                 actor: Actor = Depends(requires(P.FRAUD))):
    with unit_of_work(request) as uow:
        until = wd.mark_fraud(uow, actor, withdrawal_id=withdrawal_id, note=note, as_of=business_date(request))
        uow.commit()
    return redirect(request, f"/withdrawal/{withdrawal_id}", kind="warning",
                    flash=f"已认定骗提：款项冲回个人账户，{until.isoformat()}前禁止提取和贷款")


@router.post("/{withdrawal_id}/stop")
def stop_action(withdrawal_id: int, request: Request, reason: str = Form(""),
                actor: Actor = Depends(requires(P.APPLY))):
    return _act(request, withdrawal_id, lambda uow, **k: wd.stop_agreement(uow, actor, **k), "已终止按月对冲还贷",
                reason=reason)


@router.get("/{withdrawal_id}/form")
def print_form(withdrawal_id: int, request: Request, actor: Actor = Depends(requires(P.READ))):
    """The printable application-and-approval form (提取申请审批表) the member signs."""
    d, _ = _detail(request, actor, withdrawal_id)
    with unit_of_work(request, read_only=True) as uow:
        ban_years = rules.General.of(policy_at(uow.conn, d.row.accepted_on)).ban_years
    return render(request, "withdrawal/print_form.html", d=d, w=d.row, kind=KINDS[d.row.kind],
                  facts=wd.facts_for_display(d.facts), ban_years=ban_years, **_labels())


@router.get("/{withdrawal_id}/receipt")
def receipt(withdrawal_id: int, request: Request, actor: Actor = Depends(requires(P.READ))):
    """提取凭证: what was paid, to which card, with the amount in figures and in capitals."""
    d, _ = _detail(request, actor, withdrawal_id)
    if d.row.paid_on is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="已办结的提取", key=d.row.no)
    w = d.row
    facts = [("姓名", d.person_name), ("身份证号码", mask_id(d.id_number)), ("个人账号", d.account_no),
             ("业务流水号", w.no), ("提取原因", KINDS[w.kind].reason.label), ("提取金额", f"{format_yuan(w.amount)}元"),
             ("记账日期", w.paid_on.isoformat())]
    stamp = certificate_stamp(request, actor, kind="withdrawal", subject_ref=w.no, person_id=w.person_id,
                              title="住房公积金提取回执", facts=facts, as_of=business_date(request))
    return render(request, "withdrawal/receipt.html", d=d, w=w, kind=KINDS[w.kind], stamp=stamp, **_labels())
