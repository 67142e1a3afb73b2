"""Finance pages of fund management: the investments register (place, approve, mature, renew, withdraw early,
accrue), liquidity with the maturity ladder and 资金调度, the fund's statements (checks first, then Excel/PDF), and
资金收支 (moved here from the interest area)."""

from __future__ import annotations

from decimal import Decimal

from fastapi import APIRouter, Depends, Form, Request

from anju.auth.actor import Actor
from anju.core.dates import add_months, format_month, month_of, parse_month
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.core.money import format_yuan
from anju.interest.permissions import P as INTEREST
from anju.treasury import accounts, queries, service, workbook
from anju.treasury.codes import TERMS, Kind, Rollover, Status, TransferStatus
from anju.treasury.errors import TreasuryError
from anju.treasury.flow import FLOW
from anju.treasury.labels import EVENT_LABELS
from anju.treasury.permissions import P
from anju.treasury.statements import build
from anju.web.kit import (
    XLSX,
    FormReader,
    MenuEntry,
    business_date,
    download,
    form_errors,
    redirect,
    render,
    render_pdf,
    requires,
    unit_of_work,
)
from anju.web.params import Id, Year
from anju.web.security import ctx

router = APIRouter(prefix="/treasury")
MENU = [
    MenuEntry("财务", "资金收支", "/treasury/fund", P.READ, order=50),
    MenuEntry("财务", "资金存放与国债", "/treasury/investments", P.READ, order=52),
    MenuEntry("财务", "资金流动性与调度", "/treasury/liquidity", P.READ, order=54),
    MenuEntry("财务", "住房公积金财务报表", "/treasury/statements", P.READ, order=56),
]
KINDS = [(k.value, k.label) for k in Kind]
ROLLOVERS = [(r.value, r.label) for r in Rollover]
PLACE_FIELDS = ("kind", "bank_code", "from_account_no", "amount", "rate", "start", "term_months", "rollover",
                "notice_days", "base_amount", "base_rate", "face_value", "name", "issuer", "note")
TRANSFER_FIELDS = ("from_account_no", "to_account_no", "amount", "on", "note")
LABELS = {"kind_labels": dict(KINDS), "status_labels": {s.value: s.label for s in Status},
          "rollover_labels": dict(ROLLOVERS)}


def pct(x) -> str:
    return "—" if x is None else f"{Decimal(x) * 100:.2f}%"


# ------------------------------------------------------------------------------------------------ register


@router.get("/investments")
def investments_page(request: Request, status: str = "", actor: Actor = Depends(requires(P.READ))):
    today = business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        rows = queries.register(uow.conn, status=status or None)
        accounts_ = accounts.open_accounts(uow.conn, today, demand_only=True)
        from anju.bank.queries import banks

        bank_list = [(b.code, b.short_name) for b in banks(uow.conn, active_only=True)]
    return render(request, "treasury/investments.html", rows=rows, status=status, statuses=list(Status),
                  kinds=KINDS, rollovers=ROLLOVERS, terms=TERMS, banks=bank_list, accounts=accounts_,
                  values=dict.fromkeys(PLACE_FIELDS, "") | {"start": today.isoformat(), "kind": "time",
                                                             "term_months": "12", "rollover": "none"},
                  errors=form_errors(), accrue_month=format_month(add_months(month_of(today), -1)), pct=pct, **LABELS)


def _placement_form(form) -> tuple[service.Placement | None, list[Problem]]:
    r = FormReader()
    kind = r.text(form.get("kind"), "kind", "品种")
    amount = r.money(form.get("amount"), "amount", "金额")
    rate = r.ratio(form.get("rate"), "rate", "利率")
    start = r.date(form.get("start"), "start", "起息日")
    term = r.integer(form.get("term_months"), "term_months", "存期（月）", required=kind != Kind.NOTICE)
    notice = r.integer(form.get("notice_days"), "notice_days", "通知期（天）", required=kind == Kind.NOTICE)
    face = r.money(form.get("face_value"), "face_value", "面值", required=kind == Kind.BOND)
    base = r.money(form.get("base_amount"), "base_amount", "基本存款额度", required=kind == Kind.AGREEMENT)
    base_rate = r.ratio(form.get("base_rate"), "base_rate", "基本额度利率", required=kind == Kind.AGREEMENT)
    if r.problems:
        return None, r.problems
    return service.Placement(kind=kind, from_account_no=form.get("from_account_no", ""), amount=amount, rate=rate,
                             start=start, bank_code=form.get("bank_code") or None, term_months=term,
                             face_value=face, name=form.get("name", ""), issuer=form.get("issuer", ""),
                             base_amount=base, base_rate=base_rate, notice_days=notice,
                             rollover=form.get("rollover") or Rollover.NONE, note=form.get("note", "")), []


@router.post("/investments")
async def place_submit(request: Request, actor: Actor = Depends(requires(P.PLACE))):
    form = dict(await request.form())
    placement, problems = _placement_form(form)
    if placement is not None:
        try:
            with unit_of_work(request) as uow:
                iid = service.place(uow, actor, placement, as_of=business_date(request))
                uow.commit()
            return redirect(request, f"/treasury/investments/{iid}", flash="已提交，待审批")
        except ValidationFailed as exc:
            problems = exc.problems
    today = business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        rows = queries.register(uow.conn)
        accounts_ = accounts.open_accounts(uow.conn, today, demand_only=True)
        from anju.bank.queries import banks

        bank_list = [(b.code, b.short_name) for b in banks(uow.conn, active_only=True)]
    return render(request, "treasury/investments.html", status_code=422, rows=rows, status="", statuses=list(Status),
                  kinds=KINDS, rollovers=ROLLOVERS, terms=TERMS, banks=bank_list, accounts=accounts_,
                  values=dict.fromkeys(PLACE_FIELDS, "") | form,
                  errors=form_errors(problems), accrue_month=format_month(add_months(month_of(today), -1)), pct=pct,
                  **LABELS)


@router.get("/investments/{investment_id}")
def investment_page(investment_id: Id, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        row = queries.get(uow.conn, investment_id)
        if row is None:
            raise AnjuError(TreasuryError.NOT_FOUND, no=investment_id)
        steps = queries.events(uow.conn, investment_id)
        request_state = FLOW.request(uow.conn, row)
    return render(request, "treasury/investment.html", row=row, steps=steps, allowed=FLOW.allowed(row.status),
                  event_labels=EVENT_LABELS, request_state=request_state, kind_label=Kind(row.kind).label,
                  status_label=Status(row.status).label, rollovers=ROLLOVERS, terms=TERMS, pct=pct,
                  today=business_date(request).isoformat(), **LABELS)


@router.post("/investments/{investment_id}/{action}")
def investment_action(investment_id: Id, action: str, request: Request, note: str = Form(""), on: str = Form(""),
                      rate: str = Form(""), term_months: str = Form(""), rollover: str = Form(""),
                      to_account_no: str = Form(""), actor: Actor = Depends(requires(P.READ))):
    today = business_date(request)
    back = f"/treasury/investments/{investment_id}"
    try:
        r = FormReader()
        day = r.date(on, "on", "办理日期", required=False) or today
        new_rate = r.ratio(rate, "rate", "利率", required=action == "renew")
        months = r.integer(term_months, "term_months", "存期（月）", required=False)
        r.check()
        with unit_of_work(request) as uow:
            if action == "approve":
                done = service.approve(uow, actor, investment_id=investment_id, note=note, as_of=today)
                flash = "已审批，存放已记账" if done else "已同意，须另一名审批人审批"
            elif action == "reject":
                service.reject(uow, actor, investment_id=investment_id, reason=note, as_of=today)
                flash = "已驳回"
            elif action == "mature":
                interest = service.mature(uow, actor, investment_id=investment_id, on=day,
                                          to_account_no=to_account_no or None)
                flash = f"已到期收回，利息{format_yuan(interest)}元"
            elif action == "withdraw":
                interest = service.withdraw_early(uow, actor, investment_id=investment_id, on=day,
                                                  to_account_no=to_account_no or None)
                flash = f"已提前支取，按活期计息{format_yuan(interest)}元"
            elif action == "renew":
                new_id = service.renew(uow, actor, investment_id=investment_id, on=day, rate=new_rate,
                                       term_months=months, rollover=rollover or None)
                uow.commit()
                return redirect(request, f"/treasury/investments/{new_id}", flash="已到期转存")
            else:
                return redirect(request, back, kind="error", flash="不认识的操作")
            uow.commit()
    except ValidationFailed as exc:
        return redirect(request, back, kind="error", flash="；".join(str(p) for p in exc.problems))
    except AnjuError as exc:
        return redirect(request, back, kind="error", flash=exc.message)
    return redirect(request, back, flash=flash)


@router.post("/accruals")
def accrue_submit(request: Request, month: str = Form(""), actor: Actor = Depends(requires(P.ACCRUE))):
    try:
        result = service.accrue_month(ctx(request).engine, actor, month=parse_month(month),
                                      as_of=business_date(request))
    except AnjuError as exc:
        return redirect(request, "/treasury/investments", kind="error", flash=exc.message)
    shown = format_month(result.month)
    flash = (f"{shown}已计提，未重复记账" if not result.created
             else f"{shown}计提投资应收利息{format_yuan(result.amount)}元（{result.count}笔）")
    return redirect(request, "/treasury/investments", flash=flash)


# ------------------------------------------------------------------------------------------------ liquidity


def _liquidity_context(request: Request):
    today = business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        liq = queries.liquidity(uow.conn, today)
        rungs, overdue = queries.ladder(uow.conn, today)
        due = queries.maturing(uow.conn, today)
        transfers = queries.transfers(uow.conn, limit=50)
        accounts_ = accounts.open_accounts(uow.conn, today)
    return dict(liq=liq, rungs=rungs, overdue=overdue, due=due, transfers=transfers, accounts=accounts_,
                transfer_states={s.value: s.label for s in TransferStatus}, pct=pct, today=today.isoformat(),
                kind_labels={k.value: k.label for k in Kind})


@router.get("/liquidity")
def liquidity_page(request: Request, actor: Actor = Depends(requires(P.READ))):
    return render(request, "treasury/liquidity.html", values=dict.fromkeys(TRANSFER_FIELDS, ""), errors=form_errors(),
                  **_liquidity_context(request))


@router.post("/transfers")
def transfer_submit(request: Request, from_account_no: str = Form(""), to_account_no: str = Form(""),
                    amount: str = Form(""), on: str = Form(""), note: str = Form(""),
                    actor: Actor = Depends(requires(P.PLACE))):
    values = {"from_account_no": from_account_no, "to_account_no": to_account_no, "amount": amount, "on": on,
              "note": note}
    r = FormReader()
    money = r.money(amount, "amount", "金额")
    day = r.date(on, "on", "划转日期", required=False) or business_date(request)
    problems = r.problems
    if not problems:
        try:
            with unit_of_work(request) as uow:
                service.propose_transfer(uow, actor, from_account_no=from_account_no, to_account_no=to_account_no,
                                         amount=money, on=day, note=note)
                uow.commit()
            return redirect(request, "/treasury/liquidity", flash="资金调度已提交，待审批")
        except ValidationFailed as exc:
            problems = exc.problems
    return render(request, "treasury/liquidity.html", status_code=422, values=values, errors=form_errors(problems),
                  **_liquidity_context(request))


@router.post("/transfers/{transfer_id}/{action}")
def transfer_action(transfer_id: Id, action: str, request: Request, note: str = Form(""),
                    actor: Actor = Depends(requires(P.APPROVE))):
    try:
        with unit_of_work(request) as uow:
            if action == "approve":
                done = service.approve_transfer(uow, actor, transfer_id=transfer_id, note=note,
                                                as_of=business_date(request))
                flash = "已审批，资金调度已记账" if done else "已同意，须另一名审批人审批"
            else:
                service.reject_transfer(uow, actor, transfer_id=transfer_id, reason=note,
                                        as_of=business_date(request))
                flash = "已驳回"
            uow.commit()
    except ValidationFailed as exc:
        return redirect(request, "/treasury/liquidity", kind="error", flash="；".join(str(p) for p in exc.problems))
    except AnjuError as exc:
        return redirect(request, "/treasury/liquidity", kind="error", flash=exc.message)
    return redirect(request, "/treasury/liquidity", flash=flash)


# ------------------------------------------------------------------------------------------------ statements


def _period(request: Request, year: int | None, month: int | None) -> tuple[int, int | None]:
    today = business_date(request)
    if year is None:
        year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, None)
    return year, (month or None)


@router.get("/statements")
def statements_page(request: Request, year: Year | None = None, month: int | None = None,
                    actor: Actor = Depends(requires(P.READ))):
    year, month = _period(request, year, month)
    with unit_of_work(request, read_only=True) as uow:
        sset = build(uow.conn, year=year, month=month)
    return render(request, "treasury/statements.html", s=sset, year=year, month=month or "",
                  query=f"?month={month}" if month else "")


@router.get("/statements/{year}.xlsx")
def statements_xlsx(year: Year, request: Request, month: int | None = None, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        sset = build(uow.conn, year=year, month=month)
    name = f"住房公积金财务报表-{year}{f'-{month:02d}' if month else ''}.xlsx"
    return download(workbook.to_xlsx(sset), name, XLSX)


@router.get("/statements/{year}.pdf")
def statements_pdf(year: Year, request: Request, month: int | None = None, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        sset = build(uow.conn, year=year, month=month)
    name = f"住房公积金财务报表-{year}{f'-{month:02d}' if month else ''}.pdf"
    return render_pdf(request, "treasury/statements.html", filename=name, s=sset, year=year, month=month or "",
                      query="")


# ------------------------------------------------------------------------------------------------ 资金收支

FUND_FIELDS = ("kind", "bank_code", "period", "entry_date", "amount", "reference", "note")


@router.get("/fund")
def fund_page(request: Request, actor: Actor = Depends(requires(P.READ))):
    values = dict.fromkeys(FUND_FIELDS, "") | {"entry_date": business_date(request).isoformat()}
    return _fund_form(request, values=values)


def _fund_form(request: Request, *, values: dict, errors=None, status_code: int = 200):
    from anju.bank.queries import banks as bank_list
    from anju.interest.queries import fund_entries
    from anju.interest.yearend import FUND_KINDS

    with unit_of_work(request, read_only=True) as uow:
        rows = fund_entries(uow.conn)
        banks = [(b.code, b.short_name) for b in bank_list(uow.conn)]
    return render(request, "treasury/fund.html", status_code=status_code, rows=rows, kinds=FUND_KINDS, banks=banks,
                  values=values, errors=errors or form_errors())


@router.post("/fund")
def fund_submit(request: Request, kind: str = Form(""), bank_code: str = Form(""), period: str = Form(""),
                entry_date: str = Form(""), amount: str = Form(""), reference: str = Form(""), note: str = Form(""),
                actor: Actor = Depends(requires(INTEREST.FUND_ENTRY))):
    from anju.interest.yearend import record_fund_entry

    values = {"kind": kind, "bank_code": bank_code, "period": period, "entry_date": entry_date, "amount": amount,
              "reference": reference, "note": note}
    r = FormReader()
    month = r.month(period, "period", "所属年月")
    day = r.date(entry_date, "entry_date", "日期")
    money = r.money(amount, "amount", "金额")
    if r.problems:
        return _fund_form(request, values=values, errors=form_errors(r.problems), status_code=422)
    try:
        with unit_of_work(request) as uow:
            record_fund_entry(uow, actor, kind=kind, bank_code=bank_code or None, period=month, entry_date=day,
                              amount=money, reference=reference, note=note)
            uow.commit()
    except AnjuError as exc:
        problems = getattr(exc, "problems", None) or [Problem.from_error(exc)]
        return _fund_form(request, values=values, errors=form_errors(problems), status_code=422)
    return redirect(request, "/treasury/fund", flash="已登记并记账")
