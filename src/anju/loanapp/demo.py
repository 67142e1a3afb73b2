"""One loan through the whole origination workflow at once, for tests and the synthetic centre:
受理 → 初审 → 审批 → 合同 → 担保 → 放款通知 → 放款, each step by a different member of a ``Crew`` (so maker-checker
holds), all inside the caller's unit of work. The application is filled in from the registry (income = the
registered monthly income, else the contribution base; the registered spouse as co-borrower; the employer's
entrusted bank), with a home priced so the loan-to-value rule leaves room."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from anju.auth.actor import Actor, Channel, Role
from anju.core.errors import AnjuError, ErrorCode
from anju.core.ids import luhn_check_digit
from anju.core.money import Rounding, round_to, yuan_str
from anju.db.uow import UnitOfWork
from anju.loanapp import service as lo
from anju.registry import queries as registry
from anju.workcal.service import load_calendar


@dataclass(frozen=True)
class Crew:
    clerk: Actor
    reviewer: Actor
    approvers: tuple[Actor, Actor]
    officer: Actor
    finance: Actor


def crew(prefix: str = "sim") -> Crew:
    def a(name: str, role: Role) -> Actor:
        return Actor(f"{prefix}_{name}", frozenset({role}), Channel.BATCH)

    return Crew(a("clerk", Role.CLERK), a("reviewer", Role.REVIEWER),
                (a("approver1", Role.APPROVER), a("approver2", Role.APPROVER)), a("loan", Role.LOAN_OFFICER),
                a("finance", Role.FINANCE))


DEFAULT_CREW = crew()


@dataclass(frozen=True)
class Originated:
    application_id: int
    no: str
    contract_no: str
    loan_no: str
    amount: int
    months: int
    disbursed_on: date


def _card(person_id: int) -> str:
    body = f"6222{person_id:012d}"[-15:]
    return body + luhn_check_digit(body)


def form_for(conn, person_id: int, amount: int, months: int, *, method: str = "01", purpose: str = "purchase",
             house_type: str = "new", price: int | None = None, repay_day: int = 20, bank_code: str | None = None,
             co_person_id: int | None = None, building_year: int | None = None) -> dict:
    """An application form for a registered member, filled in from the registry."""
    who = registry.person_with_account(conn, person_id)
    if who is None:
        raise AnjuError(ErrorCode.NOT_FOUND, what="人员", key=person_id)
    if bank_code is None:
        bank_code = registry.employer_bank_code(conn, who.employer_id) if who.employer_id else None
    income = who.monthly_income or who.base or 0
    value = price if price is not None else round_to(amount * 10 // 7, Rounding.CEILING, 100_000)
    raw = {"person": who.account_no or who.id_number, "income": yuan_str(income), "purpose": purpose,
           "house_type": "" if purpose in ("build", "repair") else house_type,
           "property_address": f"示例市安居路{person_id}号{person_id % 30 + 1}栋{person_id % 6 + 1}01室",
           "property_area": "89.00", "price": yuan_str(value), "purchase_contract_no": f"WQ-SIM-{person_id:08d}",
           "amount": yuan_str(amount), "months": str(months), "method": method, "repay_day": str(repay_day),
           "bank_code": bank_code or "01", "repay_card_no": _card(person_id), "repay_card_bank": "受托银行",
           "security": "01"}
    if house_type == "used" or purpose in ("build", "repair", "refinance"):
        raw["certificate_no"] = f"不动产权第{person_id:08d}号"
    if house_type == "used":
        raw["building_year"] = str(building_year or 2010)
    co_id = co_person_id or lo.spouse_of(conn, person_id)
    if co_id:
        co = registry.person_with_account(conn, co_id)
        raw.update(co_person=co.account_no or co.id_number, co_relation="spouse",
                   co_income=yuan_str(co.monthly_income or co.base or 0))
    return raw


def originate(uow: UnitOfWork, person_id: int, amount: int, months: int, *, as_of: date, team: Crew = DEFAULT_CREW,
              fit: bool = False, disburse_on: date | None = None, extra: dict | None = None,
              until: lo.Status = lo.Status.DISBURSED, **form_options) -> Originated:
    """Take one loan from application to disbursement on ``as_of`` (disbursed on the first working day from then,
    or ``disburse_on``). With ``fit`` an amount or term above the limits is cut down to them first; without,
    an application that would be refused raises ``ValidationFailed`` like the counter would. ``extra`` adds
    raw form fields (组合贷款, 商转公, 异地缴存 …) to the one made from the registry."""
    conn = uow.conn
    raw = {**form_for(conn, person_id, amount, months, **form_options), **(extra or {})}
    order = [lo.Status.SUBMITTED, lo.Status.REVIEWED, lo.Status.APPROVED, lo.Status.CONTRACTED, lo.Status.SECURED,
             lo.Status.INSTRUCTED, lo.Status.DISBURSED]
    stop = order.index(until)  # ``until`` leaves the application waiting at that stage (the demo's queues)

    def stopped(app_id, no, contract_no=""):
        row = conn.execute(select(lo.loan_application.c.amount, lo.loan_application.c.months)
                           .where(lo.loan_application.c.id == app_id)).one()
        return Originated(app_id, no, contract_no, "", row.amount, row.months, as_of)

    if fit:
        t = lo.trial(conn, team.clerk, raw, as_of=as_of)
        a = t.assessment
        if a is not None and a.allowed:
            raw["months"] = str(min(months, a.max_months))
            t = lo.trial(conn, team.clerk, raw, as_of=as_of)
            a = t.assessment
            if a is not None and a.allowed and amount > a.max_amount:
                raw["amount"] = yuan_str(a.max_amount)
    applied = lo.apply(uow, team.clerk, raw, as_of=as_of)
    app_id = applied.id
    if stop == 0:
        return stopped(app_id, applied.no)
    lo.review(uow, team.reviewer, application_id=app_id, as_of=as_of)
    if stop == 1:
        return stopped(app_id, applied.no)
    for approver in team.approvers[:applied.approvals_needed]:
        lo.approve(uow, approver, application_id=app_id, as_of=as_of)
    if stop == 2:
        return stopped(app_id, applied.no)
    contract_no = lo.sign_contract(uow, team.officer, application_id=app_id, as_of=as_of)
    if stop == 3:
        return stopped(app_id, applied.no, contract_no)
    lo.record_security(uow, team.officer, application_id=app_id, step="done", on=as_of, as_of=as_of,
                       ref=f"不动产登记证明第{app_id:08d}号", office="不动产登记中心")
    if stop == 4:
        return stopped(app_id, applied.no, contract_no)
    day = disburse_on or load_calendar(conn).next_workday(as_of, include_self=True)
    lo.instruct(uow, team.officer, application_id=app_id, disburse_on=day, as_of=as_of)
    if stop == 5:
        return stopped(app_id, applied.no, contract_no)
    loan_no = lo.disburse(uow, team.finance, application_id=app_id, on=day, as_of=max(day, as_of))
    row = conn.execute(select(lo.loan_application.c.amount, lo.loan_application.c.months)
                       .where(lo.loan_application.c.id == app_id)).one()
    return Originated(app_id, applied.no, contract_no, loan_no, row.amount, row.months, day)
