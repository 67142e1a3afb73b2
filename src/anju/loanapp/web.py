"""Pages of loan origination (counter): the application form with its 试算 (the limit explained beside it),
the queues 初审 / 审批 / 合同 / 担保 / 放款 with working-day ageing, an application's page with its actions,
the printable 借款合同 with its schedule, and the public loan calculator (member portal and counter)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from fastapi import APIRouter, Depends, Form, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from anju.auth import approval
from anju.auth.actor import Actor, Channel, can
from anju.bank.queries import bank as bank_of
from anju.bank.queries import banks as bank_list
from anju.core.dates import parse_date
from anju.core.errors import AnjuError, ErrorCode, NotFound, Problem, ValidationFailed
from anju.core.money import format_yuan, parse_yuan
from anju.loan.schedule import MAX_TERM_MONTHS, Method, build_schedule, rate_for_term
from anju.loanapp import service as lo
from anju.loanapp.codes import (
    ACTION_LABELS,
    STAGE_LABELS,
    STAGES,
    HouseType,
    Purpose,
    Relation,
    Security,
    SecurityStatus,
    Status,
)
from anju.loanapp.errors import LoanappError
from anju.loanapp.form import LABELS
from anju.loanapp.permissions import P
from anju.policy.kinds import format_ratio
from anju.policy.store import policy_at
from anju.registry.tables import person
from anju.web.kit import (
    MenuEntry,
    business_date,
    form_errors,
    redirect,
    render,
    render_pdf,
    requires,
    stash_confirmation,
    take_confirmation,
    unit_of_work,
)
from anju.web.security import optional_actor, public
from anju.workcal.service import load_calendar

router = APIRouter(prefix="/loan")  # mounted after the loan area's pages: the same /loan addresses
MENU = [
    MenuEntry("柜面业务", "贷款受理", "/loan/apply", P.APPLY, order=50),
    MenuEntry("柜面业务", "贷款申请查询", "/loan/applications", P.APP_READ, order=51),
    MenuEntry("柜面业务", "贷款计算器", "/loan/calculator", P.APP_READ, order=52),
    MenuEntry("审批", "贷款初审", "/loan/queue?stage=review", P.REVIEW, order=20),
    MenuEntry("审批", "贷款审批", "/loan/queue?stage=approve", P.APPROVE, order=21),
    MenuEntry("柜面业务", "贷款合同签订", "/loan/queue?stage=contract", P.CONTRACT, order=53),
    MenuEntry("柜面业务", "贷款担保落实", "/loan/queue?stage=security", P.SECURITY, order=54),
    MenuEntry("柜面业务", "贷款放款", "/loan/queue?stage=disburse", P.INSTRUCT, order=55),
    MenuEntry("财务", "贷款放款确认", "/loan/queue?stage=disburse", P.DISBURSE, order=45),
    MenuEntry("个人网厅", "贷款计算器", "/loan/calculator", None, channel=Channel.MEMBER_PORTAL, order=30),
]

FIELDS = tuple(LABELS)


def _labels() -> dict:
    return {"status_label": lambda s: Status(s).label, "purpose_label": lambda p: Purpose(p).label,
            "house_label": lambda h: HouseType(h).label, "security_label": lambda s: Security(s).label,
            "security_status_label": lambda s: SecurityStatus(s).label, "method_label": lambda m: Method(m).label,
            "relation_label": lambda r: Relation(r).label if r else "", "action_labels": ACTION_LABELS,
            "stage_labels": STAGE_LABELS, "Status": Status, "ratio": format_ratio}


def _choices() -> dict:
    return {"purposes": [(p.value, p.label) for p in Purpose], "house_types": [(h.value, h.label) for h in HouseType],
            "methods": [(m.value, m.label) for m in Method], "securities": [(s.value, s.label) for s in Security],
            "relations": [(r.value, r.label) for r in Relation]}


def _banks(conn):
    return [(b.code, b.short_name) for b in bank_list(conn, active_only=True)]  # (code, label) for the select


# ----------------------------------------------------------------------------------------- the application form


def _defaults(conn, q: str, day: date) -> dict:
    """A new form: the borrower (and the registered spouse) filled in from the registry."""
    values = {"months": "240", "method": Method.EQUAL_INSTALLMENT.value, "repay_day": "20", "security": "01",
              "purpose": Purpose.PURCHASE.value, "house_type": HouseType.NEW.value}
    who = lo.find_person(conn, q) if q.strip() else None
    if who is not None:
        values["person"] = who.account_no or who.id_number
        if who.monthly_income:
            values["income"] = format_yuan(who.monthly_income, grouping=False)
        spouse_id = lo.spouse_of(conn, who.id)
        if spouse_id:
            sp = conn.execute(select(person).where(person.c.id == spouse_id)).first()
            key = lo.find_person(conn, sp.id_number)
            values.update(co_person=(key.account_no if key and key.account_no else sp.id_number),
                          co_relation=Relation.SPOUSE.value)
            if sp.monthly_income:
                values["co_income"] = format_yuan(sp.monthly_income, grouping=False)
    return values


def _form_page(request: Request, *, values: dict, trial: lo.Trial | None = None, errors=None,
               status_code: int = 200, q: str = ""):
    with unit_of_work(request, read_only=True) as uow:
        banks = _banks(uow.conn)
        policy = policy_at(uow.conn, business_date(request))
    parties = [lo.party_record(p, business_date(request)) for p in trial.parties] if trial else []
    return render(request, "loan/application/apply.html", status_code=status_code, values=values, trial=trial,
                  parties=parties,
                  errors=errors or form_errors(), banks=banks, q=q, labels=LABELS,
                  max_day=policy["loan.repayment_day_max"], **_choices(), **_labels())


@router.get("/apply")
def apply_page(request: Request, q: str = "", actor: Actor = Depends(requires(P.APPLY))):
    with unit_of_work(request, read_only=True) as uow:
        values = _defaults(uow.conn, q, business_date(request))
    if q.strip() and "person" not in values:
        return _form_page(request, values=values, q=q, status_code=404,
                          errors=form_errors([Problem.of(LoanappError.PERSON_NOT_FOUND, field="person", q=q)]))
    return _form_page(request, values=values, q=q)


@router.post("/apply")
async def apply_submit(request: Request, actor: Actor = Depends(requires(P.APPLY))):
    """试算 (action=check) shows the limit with every factor; 提交 checks everything and asks to confirm."""
    form = await request.form()
    values = {k: (form.get(k) or "").strip() for k in FIELDS}
    for flag in ("combined", "talent", "remote", "fund_offset"):
        values[flag] = "1" if form.get(flag) else ""
    return await run_in_threadpool(_apply_submit, request, actor, values, form.get("action") or "check")


def _apply_submit(request: Request, actor: Actor, values: dict, action: str):
    day = business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        t = lo.trial(uow.conn, actor, values, as_of=day)
    if action != "submit" or not t.ok:
        return _form_page(request, values=values, trial=t, errors=form_errors(t.problems),
                          status_code=200 if action != "submit" else 422)
    token = stash_confirmation(request, action="loan.apply", payload={"values": values})
    f, a = t.form, t.assessment
    rows = [("借款人", f"{t.borrower.name}（{t.borrower.account_no or '异地缴存'}）")]
    if t.co_borrower is not None:
        rows.append(("共同借款人", f"{t.co_borrower.name}（{f.co_relation.label}）"))
    rows += [("贷款用途", f.purpose.label), ("房屋", f"{f.property_address}，{f.house_type.label}，"
                                                   f"{format_yuan(f.price)}元"),
             ("期限、还款方式", f"{f.months}个月，{f.method.label}，每月{f.repay_day}日还款"),
             ("年利率（受理日）", format_ratio(a.rate) + ("（第二套住房）" if a.second_home else "（首套住房）")),
             ("首期月供", f"{format_yuan(a.payment)}元"), ("可贷额度", a.summary)]
    return render(request, "loan/application/apply_confirm.html", lines=a.explanation(), confirm={
        "title": "确认受理贷款申请", "amount": f.amount, "action": "/loan/apply/confirm", "token": token,
        "back": "/loan/apply", "rows": rows,
        "note": "受理后转初审；审批时限自受理之日起按工作日计算。实际执行利率以放款日为准。"})


@router.post("/apply/confirm")
def apply_confirm(request: Request, token: str = Form(""), actor: Actor = Depends(requires(P.APPLY))):
    with unit_of_work(request) as uow:
        p = take_confirmation(uow, request, action="loan.apply", token=token)
        applied = lo.apply(uow, actor, p["values"], as_of=business_date(request))
        uow.commit()
    return redirect(request, f"/loan/applications/{applied.id}",
                    flash=f"已受理贷款申请{applied.no}，待初审（审批时限{applied.deadline.isoformat()}）")


# ----------------------------------------------------------------------------------------- lists and queues


@router.get("/queue")
def queue_page(request: Request, stage: str = "review", actor: Actor = Depends(requires(P.APP_READ))):
    day = business_date(request)
    stage = stage if stage in STAGES else "review"
    with unit_of_work(request, read_only=True) as uow:
        items = lo.queue(uow.conn, statuses=STAGES[stage], as_of=day, calendar=load_calendar(uow.conn))
        limit = policy_at(uow.conn, day)["approval.loan_decision_workdays"]
    return render(request, "loan/application/queue.html", items=items, stage=stage, day=day, limit=limit,
                  stages=STAGE_LABELS, **_labels())


@router.get("/applications")
def list_page(request: Request, q: str = "", status: str = "", actor: Actor = Depends(requires(P.APP_READ))):
    with unit_of_work(request, read_only=True) as uow:
        rows = lo.search(uow.conn, text=q, status=status or None, limit=200)
    return render(request, "loan/application/list.html", rows=rows, q=q, status=status, statuses=list(Status),
                  **_labels())


def _load(request: Request, actor: Actor, application_id: int):
    with unit_of_work(request, read_only=True) as uow:
        row = lo.get(uow.conn, actor, application_id)
        who = uow.conn.execute(select(person).where(person.c.id == row.person_id)).one()
        co = uow.conn.execute(select(person).where(person.c.id == row.co_person_id)).first() \
            if row.co_person_id else None
        events = lo.events(uow.conn, application_id)
        state = approval.get(uow.conn, row.approval_id) if row.approval_id else None
        bank = bank_of(uow.conn, row.bank_code)
        cal = load_calendar(uow.conn)
    return row, who, co, events, state, bank, cal


@router.get("/applications/{application_id}")
def detail_page(application_id: int, request: Request, actor: Actor = Depends(requires(P.APP_READ))):
    row, who, co, events, state, bank, cal = _load(request, actor, application_id)
    day = business_date(request)
    status = Status(row.status)
    instructor = next((e.username for e in reversed(events) if e.action == "instruct"), None)
    may = {
        "review": can(actor, P.REVIEW) and status is Status.SUBMITTED and actor.username != row.created_by,
        "approve": can(actor, P.APPROVE) and status is Status.REVIEWED and actor.username not in
        (row.created_by, row.reviewed_by) and not any(d.username == actor.username
                                                      for d in (state.decisions if state else ())),
        "withdraw": can(actor, P.APPLY) and status in (Status.SUBMITTED, Status.REVIEWED, Status.APPROVED,
                                                       Status.CONTRACTED, Status.SECURED),
        "terminate": can(actor, P.TERMINATE) and status in (Status.APPROVED, Status.CONTRACTED, Status.SECURED,
                                                            Status.INSTRUCTED),
        "contract": can(actor, P.CONTRACT) and status is Status.APPROVED,
        "security": can(actor, P.SECURITY) and status is Status.CONTRACTED,
        "instruct": can(actor, P.INSTRUCT) and status is Status.SECURED,
        "disburse": can(actor, P.DISBURSE) and status is Status.INSTRUCTED and actor.username != instructor,
    }
    may["reject"] = may["review"] or may["approve"]
    left = cal.workdays_between(day, row.deadline) if status in (Status.SUBMITTED, Status.REVIEWED) else None
    return render(request, "loan/application/detail.html", a=row, who=who, co=co, events=events, state=state,
                  bank=bank, may=may, left=left, assessment=json.loads(row.assessment_json),
                  form=json.loads(row.form_json), day=day, **_labels())


def _act(request: Request, application_id: int, fn, done: str, **kw):
    try:
        with unit_of_work(request) as uow:
            out = fn(uow, application_id=application_id, as_of=business_date(request), **kw)
            uow.commit()
    except ValidationFailed as exc:
        return redirect(request, f"/loan/applications/{application_id}", kind="error",
                        flash=exc.message + "：" + "；".join(str(p) for p in exc.problems[:5]))
    return redirect(request, f"/loan/applications/{application_id}", flash=done(out) if callable(done) else done)


@router.post("/applications/{application_id}/review")
def review_action(application_id: int, request: Request, note: str = Form(""),
                  actor: Actor = Depends(requires(P.REVIEW))):
    return _act(request, application_id, lambda uow, **k: lo.review(uow, actor, **k), "初审通过，已转审批", note=note)


@router.post("/applications/{application_id}/approve")
def approve_action(application_id: int, request: Request, note: str = Form(""),
                   actor: Actor = Depends(requires(P.APPROVE))):
    return _act(request, application_id, lambda uow, **k: lo.approve(uow, actor, **k),
                lambda s: "审批通过，待签订借款合同" if s == Status.APPROVED.value
                else "已同意；贷款金额超过审批限额，待另一名审批人审批", note=note)


@router.post("/applications/{application_id}/reject")
def reject_action(application_id: int, request: Request, reason: str = Form(""),
                  actor: Actor = Depends(requires(P.APP_READ))):
    return _act(request, application_id, lambda uow, **k: lo.reject(uow, actor, **k), "已驳回", reason=reason)


@router.post("/applications/{application_id}/withdraw")
def withdraw_action(application_id: int, request: Request, reason: str = Form(""),
                    actor: Actor = Depends(requires(P.APPLY))):
    return _act(request, application_id, lambda uow, **k: lo.withdraw(uow, actor, **k), "申请已撤回", reason=reason)


@router.post("/applications/{application_id}/terminate")
def terminate_action(application_id: int, request: Request, reason: str = Form(""), fraud: str = Form(""),
                     actor: Actor = Depends(requires(P.TERMINATE))):
    return _act(request, application_id, lambda uow, **k: lo.terminate(uow, actor, **k),
                "已终止" + ("，认定骗贷，家庭成员在禁止期内不能申请贷款" if fraud else ""), reason=reason,
                fraud=bool(fraud))


@router.post("/applications/{application_id}/contract")
def contract_action(application_id: int, request: Request, actor: Actor = Depends(requires(P.CONTRACT))):
    return _act(request, application_id, lambda uow, **k: lo.sign_contract(uow, actor, **k),
                lambda no: f"借款合同{no}已签订，请打印合同并落实担保")


@router.post("/applications/{application_id}/security")
def security_action(application_id: int, request: Request, step: str = Form(""), on: str = Form(""),
                    ref: str = Form(""), office: str = Form(""), note: str = Form(""),
                    actor: Actor = Depends(requires(P.SECURITY))):
    try:
        day = parse_date(on) if on.strip() else business_date(request)
    except AnjuError as exc:
        return redirect(request, f"/loan/applications/{application_id}", kind="error", flash=exc.message)
    return _act(request, application_id, lambda uow, **k: lo.record_security(uow, actor, **k),
                lambda s: "担保已落实，可通知放款" if s == Status.SECURED.value else "担保进度已登记",
                step=step, on=day, ref=ref, office=office, note=note)


@router.post("/applications/{application_id}/instruct")
def instruct_action(application_id: int, request: Request, disburse_on: str = Form(""),
                    actor: Actor = Depends(requires(P.INSTRUCT))):
    try:
        day = parse_date(disburse_on) if disburse_on.strip() else business_date(request)
    except AnjuError as exc:
        return redirect(request, f"/loan/applications/{application_id}", kind="error", flash=exc.message)
    return _act(request, application_id, lambda uow, **k: lo.instruct(uow, actor, **k),
                lambda no: f"已通知受托银行放款（{no}），待放款确认", disburse_on=day)


@router.post("/applications/{application_id}/disburse")
def disburse_action(application_id: int, request: Request, actor: Actor = Depends(requires(P.DISBURSE))):
    """First step of 放款: show what will be posted; nothing is written yet."""
    row, who, co, events, state, bank, cal = _load(request, actor, application_id)
    day = business_date(request)
    token = stash_confirmation(request, action="loan.disburse", payload={"id": application_id})
    with unit_of_work(request, read_only=True) as uow:
        plan, rate, _ = lo.contract_schedule(uow.conn, row, start=day)
    return render(request, "loan/application/disburse_confirm.html", confirm={
        "title": "确认放款", "amount": row.amount, "action": f"/loan/applications/{application_id}/disburse/confirm",
        "token": token, "back": f"/loan/applications/{application_id}",
        "note": "确认后：开立贷款账户，按放款日执行利率生成还款计划，记账 借121委托贷款 贷101住房公积金存款。",
        "rows": [("借款合同", row.contract_no), ("借款人", who.name), ("受托银行", bank.name if bank else row.bank_code),
                 ("放款日期", day.isoformat()), ("期限", f"{row.months}个月，{Method(row.method).label}"),
                 ("执行年利率", format_ratio(rate)), ("首期还款", f"{plan.instalments[0].due_date}，"
                                                            f"{format_yuan(plan.instalments[0].payment)}元")]})


@router.post("/applications/{application_id}/disburse/confirm")
def disburse_confirm(application_id: int, request: Request, token: str = Form(""),
                     actor: Actor = Depends(requires(P.DISBURSE))):
    day = business_date(request)
    with unit_of_work(request) as uow:
        p = take_confirmation(uow, request, action="loan.disburse", token=token)
        loan_no = lo.disburse(uow, actor, application_id=p["id"], on=day, as_of=day)
        uow.commit()
    return redirect(request, f"/loan/applications/{application_id}", flash=f"已放款，贷款账号{loan_no}")


def _contract(request: Request, actor: Actor, application_id: int) -> dict:
    row, who, co, events, state, bank, cal = _load(request, actor, application_id)
    if row.contract_no is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="借款合同", key=row.no)
    with unit_of_work(request, read_only=True) as uow:
        plan, rate, start = lo.contract_schedule(uow.conn, row)
        centre = _centre(uow.conn)
    return dict(a=row, who=who, co=co, bank=bank, plan=plan, rate=rate, start=start, centre=centre, **_labels())


@router.get("/applications/{application_id}/contract")
def contract_page(application_id: int, request: Request, actor: Actor = Depends(requires(P.APP_READ))):
    """借款合同 (printable A4) with its 还款计划表."""
    return render(request, "loan/application/contract.html", **_contract(request, actor, application_id))


@router.get("/applications/{application_id}/form")
def print_form(application_id: int, request: Request, actor: Actor = Depends(requires(P.APP_READ))):
    """个人住房公积金贷款申请审批表 (printable A4) the borrowers sign at acceptance."""
    row, who, co, events, state, bank, cal = _load(request, actor, application_id)
    return render(request, "loan/application/form.html", a=row, who=who, co=co, state=state,
                  assessment=json.loads(row.assessment_json), **_labels())


@router.get("/applications/{application_id}/contract.pdf")
def contract_pdf(application_id: int, request: Request, actor: Actor = Depends(requires(P.APP_READ))):
    """The same contract as a PDF on A4 (WeasyPrint, CJK fonts embedded)."""
    ctx = _contract(request, actor, application_id)
    return render_pdf(request, "loan/application/contract.html", filename=f"借款合同{ctx['a'].contract_no}.pdf", **ctx)


def _centre(conn) -> dict:
    from anju.org.tables import centre_info

    return {k: v for k, v in conn.execute(select(centre_info.c.key, centre_info.c.value))}


# ----------------------------------------------------------------------------------------- the calculator


@router.get("/calculator", dependencies=[Depends(public)])
def calculator(request: Request, amount: str = "", months: str = "", method: str = "", second: str = "",
               rate: str = ""):
    """贷款计算器: amount, term and method → the schedule at the rate in force today (or a rate given); public."""
    optional_actor(request)  # a signed-in visitor keeps the menu
    day = business_date(request)
    values = {"amount": amount, "months": months or "240", "method": method or Method.EQUAL_INSTALLMENT.value,
              "second": second, "rate": rate}
    problems: list[Problem] = []
    schedule = used_rate = None
    with unit_of_work(request, read_only=True) as uow:
        policy = policy_at(uow.conn, day)
    if amount.strip():
        principal = n = how = None
        try:
            principal = parse_yuan(amount)
        except AnjuError:
            principal = None
        if principal is None or principal <= 0:
            problems.append(Problem.of(LoanappError.CALCULATOR_AMOUNT_INVALID, field="贷款金额", input="amount"))
        try:
            n = int(values["months"])
            if not 1 <= n <= min(MAX_TERM_MONTHS, policy["loan.max_term_months"]):
                raise ValueError
        except ValueError:
            problems.append(Problem.of(LoanappError.CALCULATOR_TERM_INVALID, field="贷款期限", input="months",
                                       cap=policy["loan.max_term_months"]))
            n = None
        try:
            how = Method.parse(values["method"])
        except AnjuError as exc:
            problems.append(Problem.from_error(exc, field="还款方式", input="method"))
        given = None
        if rate.strip():
            try:
                given = Decimal(rate.strip().rstrip("%")) / 100
                if not 0 <= given < 1:
                    raise ValueError
            except (ArithmeticError, ValueError):
                problems.append(Problem.of(LoanappError.CALCULATOR_RATE_INVALID, field="年利率", input="rate"))
        if not problems:
            used_rate = given if given is not None else rate_for_term(policy, n, bool(second))
            try:
                schedule = build_schedule(principal, used_rate, n, how)
            except AnjuError as exc:
                problems.append(Problem.from_error(exc, field="贷款金额", input="amount"))
    rates = {"first_le5y": policy["loan.rate_first_le5y"], "first_gt5y": policy["loan.rate_first_gt5y"],
             "second_le5y": policy["loan.rate_second_le5y"], "second_gt5y": policy["loan.rate_second_gt5y"]}
    return render(request, "loan/application/calculator.html", values=values, schedule=schedule, rate=used_rate,
                  rates=rates, errors=form_errors(problems), methods=[(m.value, m.label) for m in Method],
                  day=day, status_code=422 if problems else 200, **_labels())
