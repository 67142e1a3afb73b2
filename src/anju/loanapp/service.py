"""Loan origination use cases (贷款申请到放款): 试算, 受理, 初审, 审批 (maker-checker, a second approver above
``approval.loan_second_above``), 借款合同, 担保 (mortgage registration or guarantee), 放款通知 and 放款 (through the
servicing side's ``accounts.disburse``); 驳回, 撤回 and 终止 with reasons. Every step writes an event the
applicant sees and an audit record.

The statutory time limit (``approval.loan_decision_workdays`` working days) runs from acceptance to the
approval decision; the queues show how much of it is left.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, and_, func, insert, or_, select, update

from anju.auth import audit
from anju.auth.actor import Actor, Role, require, scope_person
from anju.bank import queries as bank_queries
from anju.core.canon import dumps
from anju.core.errors import ErrorCode, NotFound, Problem, ValidationFailed
from anju.core.ids import luhn_check_digit
from anju.core.money import format_yuan
from anju.core.workdays import WorkCalendar
from anju.db.uow import UnitOfWork
from anju.loan import queries as loans
from anju.loan import service as servicing
from anju.loan.codes import Purpose as LoanPurpose
from anju.loanapp import limits
from anju.loanapp.codes import OPEN, HouseType, Purpose, Relation, Security, SecurityStatus, Status
from anju.loanapp.errors import LoanappError
from anju.loanapp.flow import FLOW
from anju.loanapp.form import Form, parse_form
from anju.loanapp.permissions import P
from anju.loanapp.tables import loan_application, loan_application_event
from anju.policy.store import policy_at
from anju.registry import auditport, household
from anju.registry import queries as registry_queries
from anju.registry.codes import AccountKind
from anju.registry.service import lock_persons
from anju.workcal.service import load_calendar

APPROVAL_KIND = FLOW.approval.kind
THRESHOLD_KEY = FLOW.approval.threshold_key

# ----------------------------------------------------------------------------------------- borrowers


def find_person(conn: Connection, key: str):
    """A person by 个人账号 or 身份证号 (with the account, when there is one)."""
    return registry_queries.person_by_key(conn, key)


def spouse_of(conn: Connection, person_id: int) -> int | None:
    return household.spouse_of(conn, person_id)


def _accepted_certificate(conn: Connection, who, form: Form, as_of: date) -> dict:
    """Figures of the 异地贷款缴存使用证明 another centre issued (registered in the transfer area), for the remote
    fields the form leaves empty: balance and monthly amount in fen, continuous months."""
    if None not in (form.remote_balance, form.remote_monthly, form.remote_months):
        return {}
    from anju.core.money import parse_yuan
    from anju.transfer.certificates import accepted_for

    data = accepted_for(conn, who.id_number, as_of) or {}
    return {k: parse_yuan(data[k]) if k in ("balance", "monthly") else data[k]
            for k in ("balance", "monthly", "continuous_months") if k in data}


def _party(conn: Connection, who, *, main: bool, income: int, spouse: bool = False, form: Form | None = None,
           as_of: date) -> limits.Party:
    acct = registry_queries.account_by_person(conn, who.id)
    if main and form is not None and form.remote:
        cert = _accepted_certificate(conn, who, form, as_of)
        return limits.Party(
            person_id=who.id, name=who.name, sex=who.sex, birth_date=who.birth_date, monthly_income=income,
            main=True, has_account=acct is not None, account_status=None if acct is None else acct.status,
            balance=form.remote_balance if form.remote_balance is not None else cert.get("balance", 0),
            monthly_contribution=form.remote_monthly if form.remote_monthly is not None else cert.get("monthly", 0),
            remote=True,
            continuous_months=form.remote_months if form.remote_months is not None else cert.get("continuous_months"))
    if acct is None:
        return limits.Party(person_id=who.id, name=who.name, sex=who.sex, birth_date=who.birth_date,
                            monthly_income=income, main=main, has_account=False, account_status=None, spouse=spouse)
    return limits.Party(
        person_id=who.id, name=who.name, sex=who.sex, birth_date=who.birth_date, monthly_income=income, main=main,
        has_account=True, account_status=acct.status, frozen=bool(acct.frozen),
        flexible=acct.kind == AccountKind.FLEXIBLE.value, balance=acct.balance,
        monthly_contribution=acct.employer_amount + acct.member_amount,
        paid_months=household.paid_months(conn, acct.id), spouse=spouse)


def family_of(conn: Connection, person_ids: list[int], *, as_of: date, form: Form | None = None,
              exclude_application: int | None = None) -> limits.Family:
    """Homes owned, fund loans taken and outstanding, bans and loan frauds of the borrowers and their spouses."""
    from anju.withdrawal import queries as wq

    ids = sorted({p for p in person_ids if p})
    homes = {h.property_id for h in household.holdings(conn, ids) if h.owned_on(as_of)}
    if form is not None and form.purpose is not Purpose.PURCHASE:
        # building on, repairing or refinancing a home already owned: that home is not another one
        subject = {h.id for h in household.match_properties(conn, address=form.property_address,
                                                             certificate_no=form.certificate_no,
                                                             contract_no=form.purchase_contract_no)}
        homes -= subject
    taken = loans.family_loans(conn, ids)
    outstanding = tuple(contract_no for contract_no, _status, live in taken if live)
    bans = tuple(limits.Ban(b.person_id, b.from_day, b.until_day, b.reason or "骗提") for pid in ids
                 for b in wq.bans(conn, pid))
    frauds = conn.execute(select(loan_application.c.fraud_on).where(
        loan_application.c.fraud_on.is_not(None),
        or_(loan_application.c.person_id.in_(ids), loan_application.c.co_person_id.in_(ids)))).scalars().all()
    return limits.Family(homes_owned=len(homes), fund_loans_ever=len(taken), outstanding_loans=outstanding,
                         bans=bans, loan_frauds=tuple(frauds))


# ----------------------------------------------------------------------------------------- 试算


@dataclass(frozen=True)
class Trial:
    """试算: the form as parsed, the borrowers as found, the limit and every problem (empty: may be accepted)."""

    form: Form | None
    problems: list[Problem]
    assessment: limits.Assessment | None = None
    borrower: object = None
    co_borrower: object = None
    parties: tuple[limits.Party, ...] = ()
    signals: tuple[str, ...] = ()  # 疑点 for 初审 to check (not refusals)

    @property
    def ok(self) -> bool:
        return not self.problems


def _request(form: Form, as_of: date) -> limits.Request:
    return limits.Request(
        purpose=form.purpose, house_type=form.house_type, value=form.price, months=form.months, method=form.method,
        amount=form.amount, building_age=form.building_age(as_of),
        commercial_amount=form.commercial_amount or 0 if form.combined else 0,
        other_monthly_debt=form.commercial_monthly or 0 if form.combined else 0,
        refinance_balance=form.original_balance if form.purpose is Purpose.REFINANCE else None,
        children=form.children, talent=form.talent)


def trial(conn: Connection, actor: Actor, raw: Mapping[str, object], *, as_of: date,
          exclude_application: int | None = None, permission: str = P.APPLY) -> Trial:
    """Everything checked at once: the form, the borrowers in the registry, the limit and eligibility.
    (初审 re-runs it on the stored form with its own permission.)"""
    require(actor, permission)
    policy = policy_at(conn, as_of)
    form, problems = parse_form(raw, as_of=as_of, max_repay_day=policy["loan.repayment_day_max"],
                                max_term_months=policy["loan.max_term_months"])
    # who: reported even when other fields are wrong, so the clerk fixes everything in one go
    who = find_person(conn, str(raw.get("person") or ""))
    if raw.get("person") and who is None:
        problems.append(Problem.of(LoanappError.BORROWER_NOT_FOUND, field="person", key=raw.get("person")))
    co = None
    if raw.get("co_person"):
        co = find_person(conn, str(raw.get("co_person")))
        if co is None:
            problems.append(Problem.of(LoanappError.CO_BORROWER_NOT_FOUND, field="co_person",
                                       key=raw.get("co_person")))
    if form is None and who is not None:
        # the limit still tells what it can: fill the fields that do not bear on it with stand-ins and try again
        form = _form_for_limit(raw, problems, as_of=as_of, policy=policy)
        if form is not None:
            t = trial_of_form(conn, form, who, co, raw, problems, as_of=as_of, policy=policy,
                              exclude_application=exclude_application)
            return Trial(None, t.problems, t.assessment, who, co, t.parties, t.signals)
    if form is None or who is None or (form.co_person and co is None):
        return Trial(form, problems, borrower=who, co_borrower=co)
    return trial_of_form(conn, form, who, co, raw, problems, as_of=as_of, policy=policy,
                         exclude_application=exclude_application)


_STAND_IN_CARD = "622202020000000" + luhn_check_digit("622202020000000")
# Fields that do not change the limit, and a valid stand-in for each (used only to explain the limit while the
# form still has problems in them; the application itself is never accepted with a stand-in).
_STAND_INS = {"property_address": "（待填）", "property_area": "1", "purchase_contract_no": "（待填）",
              "certificate_no": "（待填）", "repay_day": "1", "bank_code": "01", "repay_card_no": _STAND_IN_CARD,
              "repay_card_bank": "（待填）", "security": "01", "guarantor_name": "", "guarantor_id_number": "",
              "commercial_bank": "（待填）", "original_bank": "（待填）", "original_contract_no": "（待填）",
              "remote_centre": "（待填）", "fund_offset": ""}


def _form_for_limit(raw: Mapping[str, object], problems: list[Problem], *, as_of: date, policy) -> Form | None:
    bad = {p.input for p in problems}
    if not bad or not bad <= set(_STAND_INS):
        return None
    patched = dict(raw)
    patched.update({k: v for k, v in _STAND_INS.items() if k in bad})
    if "security" in bad:
        patched.update(guarantor_name="", guarantor_id_number="")
    form, again = parse_form(patched, as_of=as_of, max_repay_day=policy["loan.repayment_day_max"],
                             max_term_months=policy["loan.max_term_months"])
    return form if not again else None


def trial_of_form(conn: Connection, form: Form, who, co, raw: Mapping[str, object], problems: list[Problem], *,
                  as_of: date, policy, exclude_application: int | None = None) -> Trial:
    if form.bank_code and not bank_queries.bank_code_exists(conn, form.bank_code, active_only=True):
        problems.append(Problem.of(LoanappError.BANK_UNAVAILABLE, field="bank_code", bank_code=form.bank_code))
    spouse_id = spouse_of(conn, who.id)
    if co is not None:
        if co.id == who.id:
            problems.append(Problem.of(LoanappError.CO_BORROWER_SELF, field="co_person"))
        if form.co_relation is Relation.SPOUSE and spouse_id is not None and spouse_id != co.id:
            problems.append(Problem.of(LoanappError.SPOUSE_NOT_CO_BORROWER, field="co_relation"))
    if form.fund_offset and who.account_id is None:
        problems.append(Problem.of(LoanappError.FUND_OFFSET_NO_ACCOUNT, field="fund_offset"))
    if form.remote and who.account_id is not None:
        problems.append(Problem.of(LoanappError.REMOTE_HAS_ACCOUNT, field="remote"))
    parties = [_party(conn, who, main=True, income=form.income, form=form, as_of=as_of)]
    if co is not None:
        parties.append(_party(conn, co, main=False, income=form.co_income or 0,
                              spouse=form.co_relation is Relation.SPOUSE, as_of=as_of))
    fam_ids = [who.id, spouse_id, co.id if co is not None else None]
    family = family_of(conn, [p for p in fam_ids if p], as_of=as_of, form=form)
    in_progress = conn.execute(select(loan_application.c.no).where(
        loan_application.c.status.in_([s.value for s in OPEN]),
        or_(loan_application.c.person_id.in_([p for p in fam_ids if p]),
            loan_application.c.co_person_id.in_([p for p in fam_ids if p])),
        *([loan_application.c.id != exclude_application] if exclude_application else []))).scalars().all()
    if in_progress:
        problems.append(Problem.of(LoanappError.FAMILY_APPLICATION_OPEN, numbers="、".join(in_progress)))
    assessment = limits.assess(_request(form, as_of), parties, family, limits.Rules.of(policy), as_of=as_of)
    problems += [Problem.of(LoanappError.NOT_ELIGIBLE, reason=text) for text in assessment.problems]
    signals = _home_signals(conn, form, {p for p in fam_ids if p}, exclude_application)
    signals += tuple(auditport.port().open_hits(conn, [who.id, co.id if co is not None else None]))
    return Trial(form, problems, assessment, who, co, tuple(parties), signals)


def _home_signals(conn: Connection, form: Form, family: set[int], exclude_application: int | None) -> tuple[str, ...]:
    """The same home used by someone outside the family (a withdrawal or a loan), or by another application."""
    out = []
    for u in household.property_uses(conn, address=form.property_address, certificate_no=form.certificate_no,
                              contract_no=form.purchase_contract_no):
        if u.active and u.person_id not in family:
            what = "贷款" if u.use == "loan" else "提取"
            out.append(f"该房屋已被{u.person_name}用于{what}（{u.ref_label}，{u.on_day.isoformat()}），请核实权属")
    people = registry_queries.people()
    others = conn.execute(select(loan_application.c.no, people.c.name)
                          .join(people, people.c.id == loan_application.c.person_id)
                          .where(loan_application.c.status.in_([s.value for s in OPEN]),
                                 loan_application.c.property_address == form.property_address,
                                 *([loan_application.c.id != exclude_application] if exclude_application else []),
                                 loan_application.c.person_id.not_in(family or {0}))).all()
    out += [f"{r.name}的贷款申请{r.no}也以该房屋申请贷款" for r in others]
    return tuple(out)


def limit_for(conn: Connection, actor: Actor, *, person_key: str, as_of: date, months: int = 240,
              method: str = "01", purpose: str = "purchase", house_type: str = "new", price: int | None = None,
              building_year: int | None = None, amount: int | None = None, income: int | None = None,
              co_key: str | None = None, co_income: int | None = None, children: int = 0,
              talent: bool = False) -> tuple[limits.Assessment, object]:
    """额度测算 for a member before any form is filled in (CLI, counter enquiries): incomes default to the
    registry's; without a price the loan-to-value limit is left out. Returns (assessment, person row)."""
    from anju.loan.schedule import Method

    require(actor, P.APP_READ)
    who = find_person(conn, person_key)
    if who is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="职工（个人账号或证件号码）", key=person_key)
    spouse_id = spouse_of(conn, who.id)
    co = find_person(conn, co_key) if co_key else None
    if co_key and co is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="共同借款人（个人账号或证件号码）", key=co_key)
    if co is None and spouse_id:
        co = registry_queries.person_row(conn, spouse_id)
    parties = [_party(conn, who, main=True, income=income if income is not None else who.monthly_income or 0,
                      as_of=as_of)]
    if co is not None:
        parties.append(_party(conn, co, main=False, spouse=co.id == spouse_id, as_of=as_of,
                              income=co_income if co_income is not None else co.monthly_income or 0))
    family = family_of(conn, [who.id, spouse_id, co.id if co is not None else None], as_of=as_of)
    p, h = Purpose(purpose), HouseType(house_type)
    request = limits.Request(purpose=p, house_type=h, value=price, months=months, method=Method.parse(method),
                             amount=amount, building_age=None if building_year is None else as_of.year - building_year,
                             children=children, talent=talent)
    return limits.assess(request, parties, family, limits.Rules.of(policy_at(conn, as_of)), as_of=as_of), who


def assessment_record(a: limits.Assessment) -> dict:
    return {"summary": a.summary, "lines": a.explanation(), "max_amount": a.max_amount, "max_months": a.max_months,
            "second_home": a.second_home, "home_order": a.home_order, "rate": str(a.rate), "payment": a.payment,
            "income": a.household_income, "binding": a.binding.code if a.binding else None,
            "factors": [{"code": f.code, "label": f.label, "amount": f.amount, "text": f.text} for f in a.factors],
            "refusals": list(a.refusals), "problems": a.problems}


def trial_record(t: Trial) -> dict:
    return {**assessment_record(t.assessment), "signals": list(t.signals),
            "parties": [party_record(p, t.assessment.as_of) for p in t.parties]}


def party_record(p: limits.Party, as_of: date) -> dict:
    """A borrower's contributions as the counter shows them: status, balance, monthly amount, months paid."""
    from anju.registry.codes import AccountStatus
    from anju.withdrawal.rules import continuous_months

    run, latest = continuous_months(p.paid_months, as_of) if not p.remote else (p.continuous_months or 0, None)
    status = "异地缴存" if p.remote else (AccountStatus(p.account_status).label if p.account_status else "无本市账户")
    return {"name": p.name, "main": p.main, "status": status + ("（冻结）" if p.frozen else ""),
            "kind": "灵活就业人员" if p.flexible else "单位职工", "balance": p.balance,
            "monthly": p.monthly_contribution, "income": p.monthly_income, "continuous": run,
            "months": len(set(p.paid_months)), "latest": latest}


# ----------------------------------------------------------------------------------------- steps


def lock_application(conn: Connection, application_id: int):
    """The application's row, locked until the transaction ends (the application's one lock; ``anju.db.locks``)."""
    return FLOW.lock(conn, application_id)


def get(conn: Connection, actor: Actor, application_id: int):
    require(actor, P.APP_READ)
    row = conn.execute(select(loan_application).where(loan_application.c.id == application_id)).first()
    if row is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="贷款申请", key=application_id)
    return row


def by_no(conn: Connection, no: str):
    return conn.execute(select(loan_application).where(loan_application.c.no == no.strip())).first()


def _lock_family(conn: Connection, person_key: str) -> None:
    """Applications of one family queue here (the borrower's and the spouse's person rows, locked in id order),
    so two clerks cannot accept two loans for the same family at once."""
    who = find_person(conn, person_key)
    if who is None:
        return
    lock_persons(conn, {who.id, spouse_of(conn, who.id) or who.id})


@dataclass(frozen=True)
class Applied:
    id: int
    no: str
    amount: int
    max_amount: int
    deadline: date
    approvals_needed: int
    trial: Trial


def apply(uow: UnitOfWork, actor: Actor, raw: Mapping[str, object], *, as_of: date,
          permission: str = P.APPLY) -> Applied:
    """受理: every check at once; an application that passes waits for 初审. A refused one is not recorded.
    Online (``permission=P.APPLY_ONLINE``, the member portal through ``anju.eservice.online``) a member applies
    for themself only: the same trial, the same rules, the same workflow from 初审 on."""
    require(actor, permission)
    conn = uow.conn
    if Role.MEMBER in actor.roles:
        who = find_person(conn, str(raw.get("person") or ""))
        scope_person(actor, who.id if who is not None else -1)
    _lock_family(conn, str(raw.get("person") or ""))
    t = trial(conn, actor, raw, as_of=as_of, permission=permission)
    if not t.ok:
        raise ValidationFailed(t.problems, summary=f"不能受理贷款申请（{len(t.problems)}项原因）")
    f, a, who = t.form, t.assessment, t.borrower
    deadline = FLOW.deadline(conn, as_of)
    from anju.registry.service import next_numbers

    (seq,) = next_numbers(conn, "loan_application")
    no = f"DKSQ{seq:010d}"
    now = uow.now()
    repay_account = who.account_no if f.fund_offset else None
    app_id = conn.execute(insert(loan_application).values(
        no=no, status=Status.SUBMITTED.value, channel=actor.channel.value, accepted_on=as_of, deadline=deadline,
        person_id=who.id, account_id=who.account_id, co_person_id=t.co_borrower.id if t.co_borrower else None,
        co_relation=f.co_relation.value if f.co_relation else None, income=f.income, co_income=f.co_income,
        children=f.children, talent=f.talent, remote=f.remote, remote_centre=f.remote_centre,
        purpose=f.purpose.value, house_type=f.house_type.value, second_home=a.second_home, home_order=a.home_order,
        property_address=f.property_address, property_area=f.property_area, price=f.price,
        purchase_contract_no=f.purchase_contract_no, certificate_no=f.certificate_no, building_year=f.building_year,
        combined=f.combined, commercial_amount=f.commercial_amount, commercial_bank=f.commercial_bank,
        commercial_monthly=f.commercial_monthly, original_bank=f.original_bank,
        original_contract_no=f.original_contract_no, original_balance=f.original_balance, amount=f.amount,
        months=f.months, method=f.method.value, repay_day=f.repay_day, bank_code=f.bank_code,
        repay_card_no=f.repay_card_no, repay_card_bank=f.repay_card_bank, repay_account_no=repay_account,
        rate=a.rate, max_amount=a.max_amount, form_json=dumps(f.record()), assessment_json=dumps(trial_record(t)),
        created_by=actor.username, created_at=now, security=f.security.value,
        security_status=SecurityStatus.PENDING.value, guarantor_name=f.guarantor_name,
        guarantor_id_number=f.guarantor_id_number, updated_at=now).returning(loan_application.c.id)).scalar_one()
    summary = f"个人住房贷款 {who.name} {format_yuan(f.amount)}元 {f.months}期"
    req = FLOW.open(uow, actor, FLOW.lock(conn, app_id), on=as_of, note=a.summary, summary=summary, amount=f.amount,
                    audit_after={"no": no, "person_id": who.id, "amount": f.amount, "months": f.months,
                                 "max_amount": a.max_amount, "purpose": f.purpose.value})
    return Applied(app_id, no, f.amount, a.max_amount, deadline, req.approvals_needed, t)


def _form_of(row) -> dict:
    return json.loads(row.form_json)


def review(uow: UnitOfWork, actor: Actor, *, application_id: int, note: str = "", as_of: date) -> dict:
    """初审通过: a reviewer other than the one who accepted it re-runs the limit (balances may have moved) and
    passes it to 审批. When the application no longer passes, it says why and nothing changes."""
    conn = uow.conn
    case = FLOW.take(uow, actor, application_id, "review")
    row = case.row
    t = trial(conn, actor, _form_of(row), as_of=as_of, exclude_application=row.id, permission=P.REVIEW)
    if not t.ok:
        raise ValidationFailed(t.problems, summary=f"贷款申请{row.no}复算后不符合条件，请驳回或由申请人调整")
    record = trial_record(t)
    case.move(on=as_of, note=note, reviewed_by=actor.username, reviewed_at=uow.now(), assessment_json=dumps(record),
              max_amount=t.assessment.max_amount, audit_after={"max_amount": t.assessment.max_amount})
    return record


def approve(uow: UnitOfWork, actor: Actor, *, application_id: int, note: str = "", as_of: date) -> str:
    """审批同意: neither the maker nor the 初审 reviewer; above the policy threshold two approvers must agree."""
    case = FLOW.take(uow, actor, application_id, "approve")
    if not case.approve(note=note, on=as_of):
        return case.row.status
    case.move(on=as_of, note=note, decided_on=as_of)
    return Status.APPROVED.value


def reject(uow: UnitOfWork, actor: Actor, *, application_id: int, reason: str, as_of: date) -> None:
    """驳回: by the reviewer at 初审 or by an approver at 审批, with a reason the applicant sees."""
    case = FLOW.take(uow, actor, application_id, "reject", reason=reason)
    case.reject(note=reason)
    case.move(on=as_of, note=reason, status_note=reason[:500], decided_on=as_of)


def withdraw(uow: UnitOfWork, actor: Actor, *, application_id: int, reason: str, as_of: date) -> None:
    """撤回 on the applicant's word, any time before the bank is told to pay."""
    case = FLOW.take(uow, actor, application_id, "withdraw", reason=reason)
    case.close_request(reason=reason)
    case.move(on=as_of, note=reason, status_note=reason[:500])


def terminate(uow: UnitOfWork, actor: Actor, *, application_id: int, reason: str, as_of: date,
              fraud: bool = False) -> None:
    """终止 an approved application before disbursement (contract rescinded, security failed, or 骗贷: a fraud
    starts the policy's ban on fund loans for the family)."""
    case = FLOW.take(uow, actor, application_id, "terminate", reason=reason)
    note = ("骗贷：" if fraud else "") + reason
    case.move(on=as_of, note=note, status_note=note[:500], fraud_on=as_of if fraud else None,
              audit_after={"fraud": fraud})


def sign_contract(uow: UnitOfWork, actor: Actor, *, application_id: int, as_of: date) -> str:
    """签订借款合同: numbers the contract (JK + year + sequence); the printed contract carries the schedule."""
    conn = uow.conn
    case = FLOW.take(uow, actor, application_id, "contract")
    from anju.registry.service import next_numbers

    (seq,) = next_numbers(conn, f"loan_contract_{as_of.year}")
    contract_no = f"JK{as_of.year}{seq:06d}"
    case.move(on=as_of, note=f"借款合同编号{contract_no}", contract_no=contract_no, contract_on=as_of,
              contract_by=actor.username, audit_after={"contract_no": contract_no})
    return contract_no


def record_security(uow: UnitOfWork, actor: Actor, *, application_id: int, step: str, on: date, as_of: date,
                    ref: str = "", office: str = "", note: str = "") -> str:
    """担保落实: ``filed`` (抵押登记已申请 / 保证合同已签), ``done`` (不动产登记证明取得 / 保证生效: ready for
    放款通知) or ``failed`` (cannot be secured: the application waits for 终止)."""
    conn = uow.conn
    case = FLOW.take(uow, actor, application_id, "security")
    row = case.row
    problems = []
    if on > as_of:
        problems.append(Problem.of(LoanappError.SECURITY_DATE_FUTURE, field="on"))
    if row.contract_on and on < row.contract_on:
        problems.append(Problem.of(LoanappError.SECURITY_BEFORE_CONTRACT, field="on"))
    try:
        s = SecurityStatus(step)
    except ValueError:
        problems.append(Problem.of(LoanappError.SECURITY_STEP_UNKNOWN, field="step", step=step))
        s = None
    if s is SecurityStatus.DONE and not ref.strip():
        problems.append(Problem.of(LoanappError.SECURITY_MORTGAGE_REF_REQUIRED if row.security == Security.MORTGAGE.value
                                   else LoanappError.SECURITY_GUARANTEE_REF_REQUIRED, field="ref"))
    if s is SecurityStatus.FAILED and not note.strip():
        problems.append(Problem.of(LoanappError.SECURITY_FAILURE_NOTE_REQUIRED, field="note"))
    if s is SecurityStatus.PENDING:
        problems.append(Problem.of(LoanappError.SECURITY_STEP_PENDING, field="step"))
    if problems:
        raise ValidationFailed(problems, summary="担保登记信息有误")
    text = {"filed": "担保已申请登记", "done": "担保已落实", "failed": "担保不能落实"}[s.value]
    detail = "，".join(x for x in (text, ref.strip(), office.strip(), note.strip()) if x)
    values = {"security_status": s.value}
    if s is SecurityStatus.FILED:
        values.update(security_filed_on=on, security_office=office.strip()[:100] or None)
    if s is SecurityStatus.DONE:
        values.update(security_done_on=on, security_ref=ref.strip()[:80],
                      security_office=office.strip()[:100] or row.security_office,
                      security_filed_on=row.security_filed_on or on)
    if s is SecurityStatus.DONE:
        case.move(action="security_done", on=as_of, note=detail, audit_after=values, **values)
        return Status.SECURED.value
    conn.execute(update(loan_application).where(loan_application.c.id == row.id)
                 .values(updated_at=uow.now(), **values))
    case.event(action=f"security_{s.value}", on=as_of, note=detail)
    audit.record(uow, actor, action=f"loan.application.security_{s.value}", entity_type="loan_application",
                 entity_id=row.id, before={"security_status": row.security_status}, after=values)
    return row.status


def instruct(uow: UnitOfWork, actor: Actor, *, application_id: int, disburse_on: date, as_of: date) -> str:
    """放款通知: tell the entrusted bank to pay on ``disburse_on`` (a working day, not in the past)."""
    conn = uow.conn
    case = FLOW.take(uow, actor, application_id, "instruct")
    row = case.row
    cal = load_calendar(conn)
    problems = []
    if disburse_on < as_of:
        problems.append(Problem.of(LoanappError.DISBURSE_DATE_PAST, field="disburse_on"))
    if not cal.is_workday(disburse_on):
        problems.append(Problem.of(LoanappError.DISBURSE_DATE_NOT_WORKDAY, field="disburse_on",
                                   day=disburse_on.isoformat()))
    if problems:
        raise ValidationFailed(problems, summary="放款通知信息有误")
    number = f"FKTZ{row.no[4:]}"
    case.move(on=as_of, note=f"通知{row.bank_code}号受托银行于{disburse_on.isoformat()}放款（通知书{number}）",
              instructed_on=as_of, instruction_no=number, disburse_on=disburse_on)
    return number


PURPOSE_CODES = {Purpose.BUILD: LoanPurpose.BUILD, Purpose.REPAIR: LoanPurpose.REPAIR,
                 Purpose.REFINANCE: LoanPurpose.COMMERCIAL_TRANSFER}


def loan_purpose(purpose: str, house_type: str) -> LoanPurpose:
    p = Purpose(purpose)
    if p is Purpose.PURCHASE:
        return LoanPurpose.PURCHASE_USED if house_type == HouseType.USED.value else LoanPurpose.PURCHASE_NEW
    return PURPOSE_CODES[p]


def opening(row, disbursed_on: date):
    """The servicing side's LoanOpening for an application (what the annual report needs goes across)."""
    from anju.loan.schedule import Method

    return servicing.LoanOpening(
        contract_no=row.contract_no, application_id=row.id, borrower_person_id=row.person_id,
        co_borrower_person_id=row.co_person_id, repay_account_no=row.repay_account_no, bank_code=row.bank_code,
        amount=row.amount, months=row.months, method=Method(row.method), second_home=bool(row.second_home),
        purpose=loan_purpose(row.purpose, row.house_type).value, combined=bool(row.combined),
        commercial_amount=row.commercial_amount if row.combined else None,
        commercial_bank=row.commercial_bank if row.combined else None, remote=bool(row.remote),
        repay_day=row.repay_day, disbursed_on=disbursed_on)


def disburse(uow: UnitOfWork, actor: Actor, *, application_id: int, on: date, as_of: date) -> str:
    """放款: the bank has paid. Opens the loan account through ``loan.service.open_loan`` (Dr 121 / Cr 101xx, at the
    rate in force that day), records the home in the register (the borrower owns it from now for a purchase).
    Whoever sent the 放款通知 cannot confirm it (maker-checker on money). Returns the loan number."""
    case = FLOW.take(uow, actor, application_id, "disburse")
    row = case.row
    if on > as_of:
        raise ValidationFailed([Problem.of(LoanappError.DISBURSE_DATE_FUTURE, field="on")], summary="放款信息有误")
    loan_no = servicing.open_loan(uow, actor, opening(row, on), key=f"loan:disburse:{row.contract_no}")
    home = household.record_property_use(uow, actor, person_id=row.person_id, address=row.property_address,
                                         use="loan", ref_type="loan", ref_id=loan_no, ref_label=row.contract_no,
                                         on_day=on, amount=row.amount, certificate_no=row.certificate_no,
                                         contract_no=row.purchase_contract_no,
                                         owner=row.purpose == Purpose.PURCHASE.value)
    case.move(on=as_of, note=f"已放款{format_yuan(row.amount)}元，贷款账号{loan_no}", disbursed_on=on,
              loan_no=loan_no, property_id=home, audit_after={"loan_no": loan_no})
    return loan_no


# ----------------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class QueueItem:
    id: int
    no: str
    name: str
    amount: int
    months: int
    status: str
    accepted_on: date
    deadline: date
    elapsed: int  # working days since acceptance
    left: int  # working days to the decision deadline (negative: overdue)
    decided: bool  # past 审批: the statutory limit no longer runs
    approvals: int
    approvals_needed: int
    contract_no: str | None
    security_status: str

    @property
    def overdue(self) -> bool:
        return not self.decided and self.left < 0


def queue(conn: Connection, *, statuses, as_of: date, calendar: WorkCalendar, limit: int = 500) -> list[QueueItem]:
    """Applications waiting at a stage, oldest first, aged in working days against the decision deadline."""
    from anju.auth.queries import approval_progress

    progress, people = approval_progress(), registry_queries.people()
    q = (select(loan_application.c.id, loan_application.c.no, people.c.name, loan_application.c.amount,
                loan_application.c.months, loan_application.c.status, loan_application.c.accepted_on,
                loan_application.c.deadline, loan_application.c.decided_on, loan_application.c.contract_no,
                loan_application.c.security_status, func.coalesce(progress.c.approvals, 0).label("approvals"),
                func.coalesce(progress.c.needed, 1).label("needed"))
         .select_from(loan_application.join(people, people.c.id == loan_application.c.person_id)
                      .outerjoin(progress, progress.c.request_id == loan_application.c.approval_id))
         .where(loan_application.c.status.in_([Status(s).value for s in statuses]))
         .order_by(loan_application.c.accepted_on, loan_application.c.id).limit(limit))
    out = []
    for r in conn.execute(q):
        out.append(QueueItem(r.id, r.no, r.name, r.amount, r.months, r.status, r.accepted_on, r.deadline,
                             calendar.workdays_between(r.accepted_on, as_of), calendar.workdays_between(as_of, r.deadline),
                             r.decided_on is not None, int(r.approvals), int(r.needed), r.contract_no,
                             r.security_status))
    return out


def events(conn: Connection, application_id: int):
    return conn.execute(select(loan_application_event).where(
        loan_application_event.c.application_id == application_id).order_by(loan_application_event.c.id)).all()


def approved_not_disbursed(conn: Connection) -> int:
    """Amount of the loans approved and not yet disbursed (待签合同 … 待放款): what the fund has promised to lend
    (the treasury's liquidity view)."""
    return int(conn.execute(select(func.coalesce(func.sum(loan_application.c.amount), 0)).where(
        loan_application.c.status.in_([Status.APPROVED, Status.CONTRACTED, Status.SECURED, Status.INSTRUCTED])))
        .scalar_one())


def search(conn: Connection, *, text: str = "", status: str | None = None, limit: int = 100, offset: int = 0):
    people = registry_queries.people()
    q = (select(loan_application.c.id, loan_application.c.no, loan_application.c.amount, loan_application.c.months,
                loan_application.c.status, loan_application.c.accepted_on, loan_application.c.contract_no,
                loan_application.c.loan_no, loan_application.c.purpose, people.c.name)
         .select_from(loan_application.join(people, people.c.id == loan_application.c.person_id))
         .order_by(loan_application.c.id.desc()).limit(limit).offset(offset))
    conds = []
    t = text.strip()
    if t:
        conds.append(or_(loan_application.c.no == t, loan_application.c.contract_no == t,
                         people.c.name.contains(t), people.c.id_number == t.upper()))
    if status:
        conds.append(loan_application.c.status == status)
    if conds:
        q = q.where(and_(*conds))
    return conn.execute(q).all()


def contract_schedule(conn: Connection, row, *, start: date | None = None):
    """The schedule printed with the contract: the servicing side's plan for a disbursement on ``start`` (the
    loan's own day once disbursed; otherwise the planned day, or the contract date) at the rate in force then."""
    from anju.loan.schedule import rate_for_term

    day = row.disbursed_on or start or row.disburse_on or row.contract_on or row.accepted_on
    policy = policy_at(conn, day)
    rate = rate_for_term(policy, row.months, bool(row.second_home))
    return servicing.contract_plan(policy, opening(row, day), rate), rate, day
