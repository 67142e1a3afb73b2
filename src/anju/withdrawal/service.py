"""Withdrawal use cases: assess, apply, review (复核), approve (审批, maker-checker), reject, cancel, pay out through
the entrusted banks' payment files, post the results, mark fraud, monthly loan offset, and the register of homes.

When the money moves: an application *reserves* its amount from acceptance (the account row is locked while
the reservation is checked against the balance less what other applications in progress hold), so concurrent
applications can never promise more than the account has. The balance itself, account 201 and the member
sub-ledger move only when the money really leaves: when the bank's result marks a payment paid (one voucher
per payment file, Dr 201 / Cr 101xx), when the loan area applies a fund-loan repayment, or when an heirless
balance becomes value-added income. A rejected, cancelled or failed-then-cancelled application releases its
reservation by changing status; nothing is posted, so nothing needs reversing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import Connection, func, insert, select, update

from anju.auth import audit
from anju.auth.actor import Actor, Role, can, require, scope_person
from anju.bank import queries as bank_queries
from anju.bank.codes import FileKind
from anju.core.canon import dumps, sha256_hex
from anju.core.errors import AnjuError, Conflict, ErrorCode, NotFound, Problem, ValidationFailed
from anju.core.ids import parse_resident_id, validate_bank_card
from anju.core.money import format_yuan
from anju.core.sheets import SheetRows, UploadLimits, cap_problems
from anju.db.locks import for_update
from anju.db.uow import UnitOfWork
from anju.interest.service import settle_to_day
from anju.ledger import service as ledger
from anju.ledger.chart import bank_subaccount
from anju.ledger.rules import Line, Posting
from anju.policy.store import policy_at
from anju.registry import auditport, household, movements
from anju.registry import queries as registry_queries
from anju.registry.codes import AccountStatus, TxnType
from anju.registry.service import add_event, get_account, get_employer, next_numbers
from anju.withdrawal import loanport, payout, queries, rules
from anju.withdrawal.codes import FACTS, KINDS, RESERVING, Kind, Method, Route, Status
from anju.withdrawal.errors import WithdrawalError
from anju.withdrawal.flow import FLOW
from anju.withdrawal.permissions import P
from anju.withdrawal.tables import (
    payout_batch,
    payout_line,
    withdrawal,
    withdrawal_ban,
)

APPROVAL_KIND = FLOW.approval.kind
THRESHOLD_KEY = FLOW.approval.threshold_key
# Kinds whose application names a home the member (or a relative) owns: recorded in the register of homes.
HOME_REASONS = frozenset({"01", "02", "21", "22", "23", "24"})


def _kind(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise ValidationFailed([Problem.of(WithdrawalError.KIND_UNKNOWN, field="kind", code=code)]) from None


def uses_home(kind: Kind) -> bool:
    return kind.reason.value in HOME_REASONS or kind.method is Method.COMMERCIAL_LOAN


# ----------------------------------------------------------------------------------------- assessment


@dataclass(frozen=True)
class Payee:
    """Who is paid: the member's card (or the heir's), through which entrusted bank."""

    name: str = ""
    id_number: str = ""
    card_no: str = ""
    card_bank: str = ""
    payout_bank: str = ""


@dataclass
class Assessment:
    eligibility: rules.Eligibility
    facts: dict
    problems: list[Problem]
    signals: list[rules.Signal]
    rules: rules.Rules
    member: rules.Member
    person_name: str
    id_number: str
    property_ids: list[int] = field(default_factory=list)
    loan: rules.FundLoan | None = None
    payee: Payee | None = None  # checked, with the default paying bank, when a payee was given

    @property
    def ok(self) -> bool:
        return self.eligibility.allowed and not self.problems

    def all_problems(self) -> list[Problem]:
        return [*self.problems, *(Problem.of(WithdrawalError.NOT_ELIGIBLE, refusal=text)
                                 for text in self.eligibility.refusals)]


def _relatives(conn: Connection, facts: Mapping) -> frozenset[int]:
    number = facts.get("owner_id_number")
    if not number:
        return frozenset()
    pid = registry_queries.person_id_by_number(conn, number)
    return frozenset({pid}) if pid else frozenset()


def _assess(conn: Connection, *, acct, kind: Kind, raw_facts: Mapping[str, object], documents: Sequence[str],
            requested: int | None, as_of: date, exclude_id: int | None = None,
            payee: Payee | None = None) -> Assessment:
    policy = policy_at(conn, as_of)
    reason_rules = rules.rules_at(policy, kind.code)
    general = rules.General.of(policy)
    acct, who, member = queries.member_snapshot(conn, acct.id, exclude_id=exclude_id, acct=acct)
    facts, problems = rules.parse_facts(kind.code, reason_rules, raw_facts, as_of=as_of)
    missing = [p.input or p.field for p in problems if p.code == rules.MISSING]
    problems = [p for p in problems if p.code != rules.MISSING]
    matched = queries.match_properties(conn, address=facts.get("property_address"),
                                       certificate_no=facts.get("certificate_no"),
                                       contract_no=facts.get("contract_no")) if uses_home(kind) else []
    property_ids = [r.id for r in matched]
    loan = None
    if kind.method is Method.FUND_LOAN and facts.get("loan_contract_no"):
        loan = loanport.port().find(conn, loan_ref=facts["loan_contract_no"], as_of=as_of)
    case = rules.Case(kind=kind.code, as_of=as_of, facts=facts, documents=frozenset(documents), requested=requested,
                      property_id=property_ids[0] if property_ids else None, loan=loan,
                      loan_ratio=queries.loan_ratio(conn, as_of) if reason_rules.max_loan_ratio is not None else None)
    family = member.family
    history = queries.history(conn, family, exclude_id=exclude_id)
    bans = queries.bans(conn, member.person_id)
    homes = queries.homes(conn, family)
    result = rules.assess(case, member, reason_rules, general, history=history,
                          property_history=queries.property_history(conn, property_ids, exclude_id=exclude_id),
                          homes=homes, bans=bans, missing_facts=missing)
    uses = [u for u in queries.property_uses(conn, property_ids=property_ids)
            if u.active and not (u.ref_type == "withdrawal" and exclude_id is not None and u.ref_id == str(exclude_id))]
    cancelled = next((r.cancelled_on for r in matched if r.cancelled_on is not None), None)
    ctx = rules.FraudContext(
        kind=kind.code, as_of=as_of, member=member, amount=result.amount or result.max_amount,
        relatives=_relatives(conn, facts),
        property_uses=[rules.PropertyUse(u.person_id, u.person_name, u.use, u.ref_label, u.on_day, u.amount)
                       for u in uses],
        contract_cancelled_on=cancelled, cancelled_purchases=queries.cancelled_purchases(conn, family,
                                                                                         exclude_id=exclude_id),
        terms=queries.terms(conn, acct.id), first_paid=acct.first_paid, homes=homes, bans=bans)
    signals = rules.fraud_signals(ctx, general)
    signals += [rules.Signal("audit_hit", text, True) for text in auditport.port().open_hits(conn, [acct.person_id])]
    checked = None
    if payee is not None and kind.route is Route.BANK:
        checked, payee_problems = _check_payee(conn, kind, payee, facts, name=who.name, id_number=who.id_number,
                                               as_of=as_of)
        problems += payee_problems
        if not checked.payout_bank:
            checked = Payee(checked.name, checked.id_number, checked.card_no, checked.card_bank,
                            _default_bank(conn, acct))
    return Assessment(result, facts, problems, signals, reason_rules, member, who.name, who.id_number, property_ids,
                      loan, checked)


def assess(conn: Connection, actor: Actor, *, account_id: int, kind: str, facts: Mapping[str, object],
           documents: Sequence[str] = (), requested: int | None = None, payee: Payee | None = None,
           as_of: date) -> Assessment:
    """试算: what the member may withdraw today and why (and, given a payee, whether the card will do), without
    recording anything."""
    if not (can(actor, P.APPLY) or can(actor, P.READ)):
        require(actor, P.APPLY)
    acct = get_account(conn, account_id)
    scope_person(actor, acct.person_id)
    return _assess(conn, acct=acct, kind=_kind(kind), raw_facts=facts, documents=documents, requested=requested,
                   as_of=as_of, payee=payee)


# ----------------------------------------------------------------------------------------- helpers


def lock_withdrawal(conn: Connection, withdrawal_id: int):
    """The withdrawal's row, locked until the transaction ends (the withdrawal's one lock; ``anju.db.locks``)."""
    return FLOW.lock(conn, withdrawal_id)


def get(conn: Connection, actor: Actor, withdrawal_id: int):
    """One application for someone who may read it (a member only their own)."""
    require(actor, P.READ)
    row = queries.get(conn, withdrawal_id)
    if row is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="提取申请", key=withdrawal_id)
    scope_person(actor, row.person_id)
    return row


def _release_home(uow: UnitOfWork, row) -> None:
    household.release_uses(uow, ref_type="withdrawal", ref_id=str(row.id))


def _default_bank(conn: Connection, acct) -> str:
    if acct.employer_id is not None:
        return get_employer(conn, acct.employer_id).bank_code
    return bank_queries.first_active_bank_code(conn)


def _check_payee(conn: Connection, kind: Kind, payee: Payee, facts: Mapping, *, name: str, id_number: str,
                 as_of: date) -> tuple[Payee, list[Problem]]:
    """The payee of a bank payment: the member (or, on death, the heir named in the facts) and a valid card."""
    problems: list[Problem] = []
    if kind.code == "death_heir":
        name, id_number = str(facts.get("heir_name", "")), str(facts.get("heir_id_number", ""))
    given_name = payee.name.strip() or name
    given_id = payee.id_number.strip().upper() or id_number
    if given_name != name:
        problems.append(Problem.of(WithdrawalError.PAYEE_NAME, field="payee_name",
                                   who="继承人" if kind.code == "death_heir" else "申请人本人", name=name))
    if given_id and given_id != id_number:
        problems.append(Problem.of(WithdrawalError.PAYEE_ID_DIFFERS, field="payee_id_number"))
    card = ""
    try:
        card = validate_bank_card(payee.card_no)
    except AnjuError as exc:
        problems.append(Problem.from_error(exc, field="card_no"))
    if not payee.card_bank.strip():
        problems.append(Problem.of(WithdrawalError.PAYEE_BANK_REQUIRED, field="card_bank"))
    bank = payee.payout_bank.strip()
    if bank and not bank_queries.bank_code_exists(conn, bank):
        problems.append(Problem.of(WithdrawalError.BANK_UNKNOWN, field="payout_bank", bank=bank))
    if id_number:
        try:
            parse_resident_id(id_number, as_of=as_of)
        except AnjuError as exc:
            problems.append(Problem.of(WithdrawalError.PAYEE_ID_INVALID, field="payee_id_number",
                                       message=exc.message))
    return Payee(name, id_number, card, payee.card_bank.strip()[:100], bank), problems


def find_or_create_home(uow: UnitOfWork, actor: Actor, *, address: str, certificate_no: str | None = None,
                        contract_no: str | None = None, contract_date: date | None = None,
                        price: int | None = None) -> int:
    """The home with any of these keys, or a new one (the register of homes is the registry's)."""
    return household.find_or_create_home(uow, actor, address=address, certificate_no=certificate_no,
                                         contract_no=contract_no, contract_date=contract_date, price=price)


# ----------------------------------------------------------------------------------------- apply


@dataclass(frozen=True)
class Applied:
    id: int
    no: str
    amount: int
    status: str
    approvals_needed: int
    assessment: Assessment


def apply(uow: UnitOfWork, actor: Actor, *, account_id: int, kind: str, facts: Mapping[str, object],
          documents: Sequence[str] = (), requested: int | None = None, payee: Payee | None = None,
          as_of: date) -> Applied:
    """受理 (counter) or 申请 (member portal): checks everything at once; an eligible application reserves its
    amount and waits for 复核. A refused one is not recorded: the refusal lists every reason."""
    require(actor, P.APPLY)
    conn = uow.conn
    k = _kind(kind)
    acct = get_account(conn, account_id, lock=True)  # applications on one account queue here
    scope_person(actor, acct.person_id)
    found = _assess(conn, acct=acct, kind=k, raw_facts=facts, documents=documents, requested=requested, as_of=as_of,
                    payee=payee or Payee())
    problems = found.all_problems()
    if actor.has(Role.MEMBER) and not found.rules.online:
        problems.insert(0, Problem.of(WithdrawalError.COUNTER_ONLY, label=k.label))
    paid_to = found.payee or Payee()
    if problems:
        raise ValidationFailed(problems, summary=f"不能受理“{k.label}”提取申请（{len(problems)}项原因）")
    elig = found.eligibility
    amount = 0 if k.route is Route.AGREEMENT else (acct.balance if k.method is Method.CLOSE else elig.amount)
    deadline = FLOW.deadline(conn, as_of)
    (seq,) = next_numbers(conn, "withdrawal")
    no = f"TQ{seq:010d}"
    now = uow.now()
    wid = conn.execute(insert(withdrawal).values(
        no=no, account_id=acct.id, person_id=acct.person_id, kind=k.code, reason=k.reason.value,
        closes=elig.closes, route=k.route.value, status=Status.SUBMITTED.value, amount=amount, requested=requested,
        channel=actor.channel.value, accepted_on=as_of, deadline=deadline, facts_json=dumps(found.facts),
        documents_json=dumps(_in_checklist_order(documents, found.rules.documents)), assessment_json=dumps(_assessment_record(found)),
        signals_json=dumps([s.__dict__ for s in found.signals]),
        payee_name=paid_to.name or None, payee_id_number=paid_to.id_number or None, card_no=paid_to.card_no or None,
        card_bank=paid_to.card_bank or None, payout_bank=paid_to.payout_bank or None,
        loan_ref=found.facts.get("loan_contract_no"), created_by=actor.username, created_at=now, interest=0,
        updated_at=now).returning(withdrawal.c.id)).scalar_one()
    property_id = None
    if uses_home(k) and found.facts.get("property_address"):
        property_id = find_or_create_home(uow, actor, address=found.facts["property_address"],
                                          certificate_no=found.facts.get("certificate_no"),
                                          contract_no=found.facts.get("contract_no"),
                                          contract_date=found.facts.get("contract_date"), price=found.facts.get("price"))
        conn.execute(update(withdrawal).where(withdrawal.c.id == wid).values(property_id=property_id))
        household.record_use(uow, property_id=property_id, person_id=acct.person_id, use="withdrawal",
                             ref_type="withdrawal", ref_id=str(wid), ref_label=no, on_day=as_of, amount=amount)
    summary = f"{k.label} {found.person_name} {format_yuan(amount)}元"
    row = queries.get(conn, wid)
    req = FLOW.open(uow, actor, row, on=as_of, note=elig.summary, summary=summary, amount=amount,
                    audit_after={"no": no, "account_id": acct.id, "kind": k.code, "reason": k.reason.value,
                                 "amount": amount, "channel": actor.channel.value,
                                 "signals": [s.code for s in found.signals], "property_id": property_id})
    return Applied(wid, no, amount, row.status, req.approvals_needed, found)


def _in_checklist_order(given: Sequence[str], checklist: Sequence[str]) -> list[str]:
    return [d for d in checklist if d in given] + sorted(set(given) - set(checklist))


def _assessment_record(found: Assessment) -> dict:
    e = found.eligibility
    return {"summary": e.summary, "lines": e.explanation(), "max_amount": e.max_amount, "amount": e.amount,
            "basis": e.basis, "documents": list(e.documents),
            "loan": None if found.loan is None else {"ref": found.loan.ref, "outstanding": found.loan.outstanding,
                                                     "instalment": found.loan.instalment}}


# ----------------------------------------------------------------------------------------- review and approval


def _refresh_signals(uow: UnitOfWork, row, as_of: date) -> list[rules.Signal]:
    conn = uow.conn
    acct = get_account(conn, row.account_id)
    facts = json.loads(row.facts_json)
    found = _assess(conn, acct=acct, kind=KINDS[row.kind], raw_facts=facts, documents=json.loads(row.documents_json),
                    requested=row.requested, as_of=row.accepted_on, exclude_id=row.id)
    conn.execute(update(withdrawal).where(withdrawal.c.id == row.id).values(
        signals_json=dumps([s.__dict__ for s in found.signals])))
    return found.signals


def review(uow: UnitOfWork, actor: Actor, *, withdrawal_id: int, note: str = "", as_of: date) -> None:
    """复核通过: a reviewer other than the one who accepted it passes the application on to 审批."""
    case = FLOW.take(uow, actor, withdrawal_id, "review")
    signals = _refresh_signals(uow, case.row, as_of)
    case.move(on=as_of, note=note, audit_after={"signals": [s.code for s in signals]}, reviewed_by=actor.username,
              reviewed_at=uow.now())


def approve(uow: UnitOfWork, actor: Actor, *, withdrawal_id: int, note: str = "", as_of: date) -> str:
    """审批同意. Neither the maker nor the reviewer may approve; above the policy threshold two different
    approvers must agree. The last approval carries the withdrawal out where no bank is involved (loan
    repayment, heirless balance, offset agreement); bank payments wait for the next payment file."""
    conn = uow.conn
    case = FLOW.take(uow, actor, withdrawal_id, "approve")
    if not case.approve(note=note, on=as_of):
        return case.row.status
    kind = KINDS[case.row.kind]
    case.move(on=as_of, note=note, decided_on=as_of)
    row = queries.get(conn, withdrawal_id)
    if kind.route is Route.INCOME:
        _to_income(uow, actor, row, as_of)
    elif kind.route is Route.LOAN:
        _to_loan(uow, actor, row, as_of)
    elif kind.route is Route.AGREEMENT:
        FLOW.move(uow, actor, row, action="agree", on=as_of, note="按月对冲还贷协议生效")
    return queries.get(conn, withdrawal_id).status


def reject(uow: UnitOfWork, actor: Actor, *, withdrawal_id: int, reason: str, as_of: date) -> None:
    """驳回 with a reason the member sees: by the reviewer before 复核, by an approver before 审批."""
    case = FLOW.take(uow, actor, withdrawal_id, "reject", reason=reason)
    case.reject(note=reason)
    case.move(on=as_of, note=reason, status_note=reason[:500], decided_on=as_of)
    _release_home(uow, case.row)


def cancel(uow: UnitOfWork, actor: Actor, *, withdrawal_id: int, reason: str, as_of: date) -> None:
    """撤销 before payout, by the member or at the counter; the reserved amount is released."""
    case = FLOW.take(uow, actor, withdrawal_id, "cancel", reason=reason)
    case.close_request(reason=reason)
    case.move(on=as_of, note=reason, status_note=reason[:500])
    _release_home(uow, case.row)


def resend(uow: UnitOfWork, actor: Actor, *, withdrawal_id: int, as_of: date, card_no: str | None = None,
           card_bank: str | None = None) -> None:
    """A failed payment goes back to the payment queue, with a corrected card where the member gave one."""
    case = FLOW.take(uow, actor, withdrawal_id, "resend")
    values = {}
    if card_no:
        try:
            values["card_no"] = validate_bank_card(card_no)
        except AnjuError as exc:
            raise ValidationFailed([Problem.from_error(exc, field="card_no")]) from None
    if card_bank:
        values["card_bank"] = card_bank.strip()[:100]
    note = "重新支付" + (f"（收款卡改为{values['card_no'][-4:]}尾号）" if "card_no" in values else "")
    case.move(on=as_of, note=note, **values)


# ----------------------------------------------------------------------------------------- non-bank routes


def _close_after(uow: UnitOfWork, row, day: date) -> str:
    return movements.close_account(uow, account_id=row.account_id, status=AccountStatus.CLOSED_WITHDRAWN, day=day)


def _to_income(uow: UnitOfWork, actor: Actor, row, day: date) -> None:
    """No heir and no legatee: interest to the day, then the whole balance to value-added income (Dr 201 /
    Cr 40105 其他收入), which the year-end closes into 增值收益 (311) with the year's other income; the money
    itself stays in the fund's bank accounts, so no 101 line moves (the year-end moves the gain to 102)."""
    conn = uow.conn
    settled = settle_to_day(uow, actor, account_id=row.account_id, day=day, reason="死亡销户")
    acct = get_account(conn, row.account_id, lock=True)
    amount = acct.balance
    voucher_id = txn_id = None
    if amount:
        voucher_id = ledger.post(uow, actor, Posting(
            key=f"withdrawal:income:{row.id}", voucher_date=day, kind="withdrawal.income",
            summary=f"职工死亡无继承人，余额纳入增值收益 {acct.account_no}", ref_type="withdrawal", ref_id=str(row.id),
            lines=[Line.dr("201", amount, summary="死亡销户提取", subledger="member", subledger_ref=acct.account_no),
                   Line.cr("40105", amount, summary="无继承人余额纳入增值收益")]), check_permission=False).id
        txn_id = movements.move(uow, account_id=row.account_id, amount=-amount, day=day,
                                type_=TxnType.CLOSING_WITHDRAWAL, voucher_id=voucher_id, ref_type="withdrawal",
                                ref_id=row.id, reason=row.reason, note=f"{row.no} 无继承人，纳入增值收益").txn_id
    else:  # nothing left to take in, but the closing is still the account's last status event
        txn_id = add_event(uow, acct, type_=TxnType.CLOSING_WITHDRAWAL, on=day, note=f"{row.no} 无继承人，余额为零")
    before = _close_after(uow, row, day)
    FLOW.move(uow, actor, row, action="income", on=day, note="余额纳入增值收益，账户销户",
              audit_after={"amount": amount, "interest": settled.interest, "voucher_id": voucher_id},
              amount=amount, interest=settled.interest, paid_on=day, voucher_id=voucher_id, txn_id=txn_id,
              account_status_before=before)


def _repayment(row, acct, amount: int, day: date) -> loanport.LoanRepayment:
    return loanport.LoanRepayment(withdrawal_id=row.id, key=f"withdrawal:loan:{row.id}", person_id=row.person_id,
                                  account_no=acct.account_no, loan_ref=row.loan_ref or "",
                                  mode=KINDS[row.kind].loan_mode or "", amount=amount, day=day,
                                  summary=f"提取住房公积金偿还公积金贷款 {row.no}")


def _to_loan(uow: UnitOfWork, actor: Actor, row, day: date) -> None:
    """The loan area applies the amount to the member's fund loan and posts the voucher; the member row follows."""
    conn = uow.conn
    acct = get_account(conn, row.account_id, lock=True)
    voucher_id = loanport.port().apply(uow, actor, _repayment(row, acct, row.amount, day))
    txn_id = movements.move(uow, account_id=row.account_id, amount=-row.amount, day=day,
                            type_=TxnType.PARTIAL_WITHDRAWAL, voucher_id=voucher_id, ref_type="withdrawal",
                            ref_id=row.id, reason=row.reason, note=f"{row.no} 偿还公积金贷款{row.loan_ref}").txn_id
    FLOW.move(uow, actor, row, action="loan", on=day, note=f"已冲还公积金贷款{row.loan_ref}",
              audit_after={"voucher_id": voucher_id}, paid_on=day, voucher_id=voucher_id, txn_id=txn_id)


def offset_instalment(uow: UnitOfWork, actor: Actor, *, agreement_id: int, amount: int, day: date) -> int:
    """按月对冲: the loan area's monthly run takes up to ``amount`` (the instalment due) from the account under an
    agreement; returns what was taken (the rest is collected from the borrower's card). Each offset is a
    withdrawal of its own (type 11, reason 06) with the agreement as parent; a second call for the same agreement
    and day returns the first result."""
    conn = uow.conn
    agreement = FLOW.take(uow, actor, agreement_id, "offset").row
    existing = conn.execute(select(withdrawal).where(withdrawal.c.parent_id == agreement_id,
                                                     withdrawal.c.accepted_on == day)).first()
    if existing is not None:
        return existing.amount
    acct = get_account(conn, agreement.account_id, lock=True)
    if acct.frozen or AccountStatus(acct.status).closed:
        return 0
    take = min(amount, acct.balance - queries.held(conn, acct.id).amount)
    if take <= 0:
        return 0
    (seq,) = next_numbers(conn, "withdrawal")
    now = uow.now()
    wid = conn.execute(insert(withdrawal).values(
        no=f"TQ{seq:010d}", account_id=acct.id, person_id=acct.person_id, kind=agreement.kind,
        reason=agreement.reason, closes=False, route=Route.LOAN.value, status=Status.APPROVED.value, amount=take,
        requested=amount, channel=actor.channel.value, accepted_on=day, deadline=day, facts_json=agreement.facts_json,
        documents_json="[]", assessment_json=dumps({"summary": f"按月对冲（协议{agreement.no}）"}), signals_json="[]",
        loan_ref=agreement.loan_ref, parent_id=agreement_id, created_by=actor.username, created_at=now,
        decided_on=day, interest=0, updated_at=now).returning(withdrawal.c.id)).scalar_one()
    _to_loan(uow, actor, queries.get(conn, wid), day)
    return take


def stop_agreement(uow: UnitOfWork, actor: Actor, *, withdrawal_id: int, reason: str, as_of: date) -> None:
    """终止按月对冲 (the member asks, or the loan is settled)."""
    case = FLOW.take(uow, actor, withdrawal_id, "stop")
    case.move(on=as_of, note=reason or "终止按月对冲", status_note=(reason or "终止按月对冲")[:500])


# ----------------------------------------------------------------------------------------- bank payments


@dataclass(frozen=True)
class Batch:
    id: int
    bank_code: str
    pay_day: date
    seq: int
    count: int
    total: int


def lock_payout_batch(conn: Connection, batch_id: int):
    """A payment file's row (or None), locked until the transaction ends (the file's one lock)."""
    return conn.execute(for_update(conn, select(payout_batch).where(payout_batch.c.id == batch_id))).first()


def create_payout_batch(uow: UnitOfWork, actor: Actor, *, bank_code: str, pay_day: date) -> Batch:
    """付款文件: every approved bank payment of one entrusted bank, for one pay day. Closing withdrawals settle
    interest to the pay day here, so the file carries the final amount."""
    require(actor, P.PAYOUT)
    conn = uow.conn
    if not (bank_code or "").strip():
        raise ValidationFailed([Problem.of(WithdrawalError.BANK_REQUIRED, field="bank_code")])
    if not bank_queries.bank_code_exists(conn, bank_code):
        raise ValidationFailed([Problem.of(WithdrawalError.BANK_UNKNOWN, field="bank_code", bank=bank_code)])
    stmt = (select(withdrawal).where(withdrawal.c.status == Status.APPROVED.value, withdrawal.c.route == "bank",
                                     withdrawal.c.payout_bank == bank_code).order_by(withdrawal.c.id))
    # the claim: a concurrent maker waits on the first row, then finds the rows no longer approved (not SKIP
    # LOCKED, which could split one bank's day into two files racing for the same file number); each status
    # then moves only from 'approved' (FLOW.move checks the row count)
    rows = conn.execute(for_update(conn, stmt)).all()
    if not rows:
        raise AnjuError(WithdrawalError.NOTHING_TO_PAY, bank_code=bank_code)
    seq = (conn.execute(select(func.max(payout_batch.c.seq)).where(payout_batch.c.bank_code == bank_code,
                                                                   payout_batch.c.pay_day == pay_day)).scalar() or 0) + 1
    now = uow.now()
    batch_id = conn.execute(insert(payout_batch).values(
        bank_code=bank_code, pay_day=pay_day, seq=seq, status="sent", count=0, total=0, created_by=actor.username,
        created_at=now, paid_count=0, paid_total=0).returning(payout_batch.c.id)).scalar_one()
    total = 0
    for line_no, row in enumerate(rows, start=1):
        amount, interest = row.amount, row.interest
        if row.closes:
            settled = settle_to_day(uow, actor, account_id=row.account_id, day=pay_day, reason="销户提取")
            amount = get_account(conn, row.account_id).balance
            interest += settled.interest
        conn.execute(insert(payout_line).values(
            batch_id=batch_id, withdrawal_id=row.id, line_no=line_no,
            payment_no=payout.payment_no(bank_code, pay_day, seq, line_no), amount=amount,
            payee_name=row.payee_name or "", payee_id_number=row.payee_id_number or "", card_no=row.card_no or "",
            card_bank=row.card_bank or "", status="sent"))
        FLOW.move(uow, actor, row, action="send", on=pay_day,
                  note=f"付款文件{payout.file_name(bank_code, pay_day, seq, 'csv')}第{line_no}笔",
                  amount=amount, interest=interest)
        total += amount
    conn.execute(update(payout_batch).where(payout_batch.c.id == batch_id).values(count=len(rows), total=total))
    audit.record(uow, actor, action="withdrawal.payout.create", entity_type="payout_batch", entity_id=batch_id,
                 after={"bank": bank_code, "pay_day": pay_day, "seq": seq, "count": len(rows), "total": total})
    return Batch(batch_id, bank_code, pay_day, seq, len(rows), total)


def payment_rows(conn: Connection, batch_id: int) -> list[payout.PaymentRow]:
    from anju.withdrawal.codes import kind_label

    return [payout.PaymentRow(r.line_no, r.payment_no, r.payee_name, r.payee_id_number, r.card_no, r.card_bank,
                              r.amount, f"住房公积金提取-{kind_label(r.kind)}", r.account_no, r.no)
            for r in queries.batch_lines(conn, batch_id)]


def payout_file(conn: Connection, actor: Actor, *, batch_id: int, fmt: str = "csv") -> tuple[str, bytes, str]:
    """(file name, content, media type) of a payment file in the bank's layout (``anju.bank.files``)."""
    require(actor, P.PAYOUT)
    b = queries.batch(conn, batch_id)
    if b is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="付款文件", key=batch_id)
    rows = payment_rows(conn, batch_id)
    layout = bank_queries.file_layout(conn, b.bank_code, FileKind.PAYOUT)
    name = payout.file_name(b.bank_code, b.pay_day, b.seq, fmt)
    if fmt == "xlsx":
        from anju.org.queries import centre_display_name

        bank = bank_queries.bank_full_name(conn, b.bank_code)
        centre = centre_display_name(conn)
        return name, payout.payment_xlsx(rows, bank_name=bank, pay_day=b.pay_day, centre=centre, layout=layout), \
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if fmt != "csv":
        raise ValidationFailed([Problem.of(WithdrawalError.FILE_FORMAT, field="fmt", fmt=fmt)])
    return name, payout.payment_csv(rows, layout), replace(layout, format="csv").media_type


@dataclass(frozen=True)
class Settled:
    batch_id: int
    paid: int
    paid_total: int
    failed: int
    voucher_id: int | None


def load_payout_result(uow: UnitOfWork, actor: Actor, *, batch_id: int, data: bytes, filename: str,
                       as_of: date, table: SheetRows | None = None) -> Settled:
    """银行回盘: paid payments are posted (one voucher for the file: Dr 201 / Cr 101xx; a member row each, type
    11 or 12 with the reason code; closing ones close the account); failed ones wait to be re-sent or cancelled,
    their reservation intact. The whole file is taken or, with any problem, none of it."""
    require(actor, P.PAYOUT)
    conn = uow.conn
    b = lock_payout_batch(conn, batch_id)
    if b is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="付款文件", key=batch_id)
    if b.status != "sent":
        raise Conflict(WithdrawalError.RESULT_ALREADY_SETTLED, batch_id=batch_id, settled_at=b.settled_at)
    lines = {r.payment_no: r for r in queries.batch_lines(conn, batch_id)}
    limits = UploadLimits.from_policy(policy_at(conn, as_of))
    if table is None:
        table = payout.read_result(data, filename, limits=limits,
                                   layout=bank_queries.file_layout(conn, b.bank_code, FileKind.PAYOUT_RESULT))
    results, problems = payout.parse_result(table, expected={no: r.amount for no, r in lines.items()})
    if problems:
        raise ValidationFailed(cap_problems(problems, limits.max_problems),
                               summary=f"银行结果文件有{len(problems)}处错误，未作处理")
    paid = sorted((lines[r.payment_no] for r in results if r.paid), key=lambda ln: (ln.account_id, ln.id))
    by_no = {r.payment_no: r for r in results}
    paid_total = sum(ln.amount for ln in paid)
    voucher_id = None
    if paid_total:
        posted = ledger.post(uow, actor, Posting(
            key=f"withdrawal:payout:{batch_id}", voucher_date=b.pay_day, kind="withdrawal.payout",
            summary=f"住房公积金提取支付 {payout.file_name(b.bank_code, b.pay_day, b.seq, 'csv')}（{len(paid)}笔）",
            ref_type="payout_batch", ref_id=str(batch_id),
            lines=[Line.dr("201", paid_total, summary="职工住房公积金提取", subledger="member",
                           subledger_ref=f"payout_batch:{batch_id}"),
                   Line.cr(bank_subaccount("101", b.bank_code), paid_total, summary="受托银行支付提取款")]),
            check_permission=False)
        if not posted.created:  # the file's voucher exists: its members were debited with it
            raise Conflict(WithdrawalError.RESULT_POSTED_ELSEWHERE, batch_id=batch_id)
        voucher_id = posted.id
    for ln in paid:
        row = FLOW.lock(conn, ln.withdrawal_id)
        kind = KINDS[row.kind]
        moved = movements.move(
            uow, account_id=row.account_id, amount=-ln.amount, day=b.pay_day,
            type_=TxnType.CLOSING_WITHDRAWAL if row.closes else TxnType.PARTIAL_WITHDRAWAL, voucher_id=voucher_id,
            ref_type="withdrawal", ref_id=row.id, reason=row.reason, note=f"{row.no} {kind.label}")
        before = None
        if row.closes and moved.balance_after == 0:
            before = _close_after(uow, row, b.pay_day)
        elif row.closes:  # money arrived after the file was made: the account stays open for it
            FLOW.event(uow, actor, row, action="residue", on=as_of,
                       note=f"支付后账户尚有余额{format_yuan(moved.balance_after)}元（付款文件生成后入账），未销户，请另行办理")
        if kind.reason.value in ("01",) and row.property_id is not None:
            facts = json.loads(row.facts_json)
            since = date.fromisoformat(facts["contract_date"]) if facts.get("contract_date") else b.pay_day
            household.hold(uow, actor, property_id=row.property_id, person_id=row.person_id, from_day=since,
                           source="withdrawal", ref=row.no, note=kind.label)
        conn.execute(update(payout_line).where(payout_line.c.id == ln.id).values(
            status="paid", bank_ref=by_no[ln.payment_no].bank_ref[:60] or None))
        FLOW.move(uow, actor, row, action="paid", on=as_of,
                  note=f"银行已支付（{by_no[ln.payment_no].bank_ref or '无流水号'}）", paid_on=b.pay_day,
                  voucher_id=voucher_id, txn_id=moved.txn_id, account_status_before=before)
    failed = [lines[r.payment_no] for r in results if not r.paid]
    for ln in failed:
        row = FLOW.lock(conn, ln.withdrawal_id)
        reason = by_no[ln.payment_no].reason
        conn.execute(update(payout_line).where(payout_line.c.id == ln.id).values(status="failed",
                                                                                fail_reason=reason[:200]))
        FLOW.move(uow, actor, row, action="failed", on=as_of, note=f"银行支付失败：{reason}",
                  status_note=f"银行支付失败：{reason}"[:500])
    settled = conn.execute(update(payout_batch).where(payout_batch.c.id == batch_id, payout_batch.c.status == "sent")
                           .values(status="settled", settled_by=actor.username, settled_at=uow.now(),
                                   paid_count=len(paid), paid_total=paid_total, voucher_id=voucher_id,
                                   result_hash=sha256_hex(filename, data.hex()))).rowcount
    if settled != 1:
        raise Conflict(WithdrawalError.RESULT_HANDLED_ELSEWHERE, batch_id=batch_id)
    audit.record(uow, actor, action="withdrawal.payout.result", entity_type="payout_batch", entity_id=batch_id,
                 after={"paid": len(paid), "paid_total": paid_total, "failed": len(failed), "voucher_id": voucher_id,
                        "file": filename})
    return Settled(batch_id, len(paid), paid_total, len(failed), voucher_id)


# ----------------------------------------------------------------------------------------- fraud


def mark_fraud(uow: UnitOfWork, actor: Actor, *, withdrawal_id: int, note: str, as_of: date) -> date:
    """认定骗提: an application in progress is stopped; a paid one is reversed (the money is recovered into the
    account: a voucher Dr 101xx / Cr 201, a member row with 冲账标识 02, a closed account reopened); either way
    the member is banned from withdrawals (and loans) for the policy's years. Returns the ban's end."""
    require(actor, P.FRAUD)
    conn = uow.conn
    if not note.strip():
        raise ValidationFailed([Problem.of(WithdrawalError.FRAUD_FACTS_REQUIRED, field="note")])
    case = FLOW.take(uow, actor, withdrawal_id, "fraud")
    row = case.row
    status = Status(row.status)
    kind = KINDS[row.kind]
    voucher_id = None
    if status in RESERVING:
        case.close_request(reason=note)  # rejected where this person may decide it (the step ``stop``s it)
    elif status is Status.PAID:
        if kind.route is Route.INCOME:
            raise AnjuError(WithdrawalError.FRAUD_NO_APPLICANT)
        voucher_id = _recover(uow, actor, row, as_of, note)
    policy = policy_at(conn, as_of)
    until = rules.ban_until(as_of, rules.General.of(policy))
    conn.execute(insert(withdrawal_ban).values(
        person_id=row.person_id, from_day=as_of, until_day=until, reason=f"{row.no}：{note}"[:200], withdrawal_id=row.id,
        created_by=actor.username, created_at=uow.now()))
    case.move(on=as_of, note=note, status_note=f"认定骗提：{note}"[:500],
              audit_after={"ban_until": until, "voucher_id": voucher_id}, fraud_on=as_of, fraud_voucher_id=voucher_id)
    _release_home(uow, row)
    return until


def _recover(uow: UnitOfWork, actor: Actor, row, day: date, note: str) -> int:
    conn = uow.conn
    acct = get_account(conn, row.account_id, lock=True)
    reopened = None
    if row.closes and AccountStatus(acct.status).closed:
        reopened = AccountStatus(row.account_status_before or AccountStatus.SEALED.value)
        movements.reopen_account(uow, account_id=row.account_id, status=reopened, day=day)
    if row.route == Route.LOAN.value:
        voucher_id = loanport.port().reverse(uow, actor, _repayment(row, acct, row.amount, row.paid_on),
                                             voucher_id=row.voucher_id, day=day, reason=note)
    else:
        bank = conn.execute(select(payout_batch.c.bank_code).join(payout_line, payout_line.c.batch_id == payout_batch.c.id)
                            .where(payout_line.c.withdrawal_id == row.id, payout_line.c.status == "paid")).scalar()
        voucher_id = ledger.post(uow, actor, Posting(
            key=f"withdrawal:fraud:{row.id}", voucher_date=day, kind="withdrawal.fraud",
            summary=f"认定骗提，追回提取款 {row.no}", ref_type="withdrawal", ref_id=str(row.id),
            lines=[Line.dr(bank_subaccount("101", bank or row.payout_bank), row.amount, summary="追回骗提款"),
                   Line.cr("201", row.amount, summary="冲回职工个人账户", subledger="member",
                           subledger_ref=acct.account_no)]), check_permission=False).id
    movements.move(uow, account_id=row.account_id, amount=row.amount, day=day,
                   type_=TxnType.CLOSING_WITHDRAWAL if row.closes else TxnType.PARTIAL_WITHDRAWAL,
                   voucher_id=voucher_id, ref_type="withdrawal", ref_id=row.id, reason=row.reason, reversal=True,
                   note=f"冲销{row.no}：认定骗提")
    if reopened is not None:
        # The status event after the reversal row, so the sub-ledger tells the account's status as the account
        # table does (statistics rebuild statuses at a past date from these events; `anju verify` compares).
        add_event(uow, get_account(conn, row.account_id), on=day, note=f"认定骗提，恢复账户（{row.no}）",
                  type_=TxnType.REOPEN if reopened is AccountStatus.NORMAL else TxnType.SEAL)
    return voucher_id


# ----------------------------------------------------------------------------------------- register of homes


def declare_home(uow: UnitOfWork, actor: Actor, *, person_id: int, address: str, certificate_no: str = "",
                 from_day: date, until_day: date | None = None, note: str = "", as_of: date) -> int:
    """登记住房: a home the person owns (from a property search, or the member's own declaration)."""
    require(actor, P.PROPERTY)
    return household.declare_home(uow, actor, person_id=person_id, address=address, certificate_no=certificate_no,
                                  from_day=from_day, until_day=until_day, note=note, as_of=as_of)


def record_contract_cancelled(uow: UnitOfWork, actor: Actor, *, property_id: int, on: date, note: str) -> None:
    """购房合同撤销 (网签注销): a fraud signal for every withdrawal that used this home."""
    require(actor, P.PROPERTY)
    household.record_contract_cancelled(uow, actor, property_id=property_id, on=on, note=note)


def facts_for_display(facts_json: str | dict) -> list[tuple[str, str]]:
    facts = json.loads(facts_json) if isinstance(facts_json, str) else facts_json
    out = []
    for name, value in facts.items():
        spec = FACTS.get(name)
        if spec is None:
            continue
        out.append((spec.label, rules.fact_shown(name, value) if spec.type != "date" else str(value)))
    return out
