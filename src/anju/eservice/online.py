"""The member's loan online (个人网厅): apply for a loan and prepay it with the same 试算 and rules as the counter.

Nothing here decides anything: the trial, the limit, the rules and the workflow are origination's
(``loanapp.service.trial`` / ``apply`` with ``permission=loanapp P.APPLY_ONLINE``), the quote, the limits and the
posting of a prepayment are servicing's (``loan.service.prepay_quote`` / ``prepay`` with ``P.PREPAY_ONLINE``).
This module only fixes who the borrower is (the member signed in, never a number typed in) and checks the loan is
theirs; the services check it again (``scope_person``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from anju.auth.actor import Actor, scope_person
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.db.uow import UnitOfWork
from anju.eservice.errors import EserviceError
from anju.loan import accounts as loan_accounts
from anju.loan import queries as loan_queries
from anju.loan import rules as loan_rules
from anju.loan import service as loan_service
from anju.loan.permissions import P as LoanP
from anju.loanapp import service as loanapp_service
from anju.loanapp.permissions import P as LoanappP
from anju.policy.store import policy_at
from anju.registry import queries as registry

# What the member's form may set: everything of the counter's form except who the borrower is.
MEMBER_FIELDS = ("income", "purpose", "house_type", "property_address", "property_area", "price",
                 "purchase_contract_no", "certificate_no", "building_year", "amount", "months", "method", "repay_day",
                 "bank_code", "repay_card_no", "repay_card_bank", "security", "co_person", "co_relation", "co_income",
                 "children", "fund_offset")


def _own(conn: Connection, actor: Actor, raw: Mapping[str, object]) -> dict:
    from anju.core.errors import NotFound

    acct = registry.account_by_person(conn, actor.person_id) if actor.person_id else None
    if acct is None:
        raise NotFound(EserviceError.PERSON_NOT_FOUND, key=actor.username)
    return {k: raw[k] for k in MEMBER_FIELDS if k in raw} | {"person": acct.account_no}


def loan_trial(conn: Connection, actor: Actor, raw: Mapping[str, object], *, as_of: date):
    """试算 online: origination's trial (limit, eligibility, every problem) for the member themself."""
    return loanapp_service.trial(conn, actor, _own(conn, actor, raw), as_of=as_of, permission=LoanappP.APPLY_ONLINE)


def loan_apply(uow: UnitOfWork, actor: Actor, raw: Mapping[str, object], *, as_of: date):
    """申请 online: origination's 受理 with the member as the applicant (channel 个人网厅); 初审 and the rest follow
    at the centre as for any application."""
    return loanapp_service.apply(uow, actor, _own(uow.conn, actor, raw), as_of=as_of,
                                 permission=LoanappP.APPLY_ONLINE)


def my_loans(conn: Connection, actor: Actor) -> list:
    return [r for r in loan_queries.loans_of(conn, actor.person_id or -1) if r.borrower_person_id == actor.person_id]


@dataclass(frozen=True)
class PrepayQuote:
    loan_no: str
    principal: int
    owed: int  # arrears and instalments due, paid first
    interest: int  # on the prepaid principal since the last due date
    total: int
    months_after: int | None
    instalment_after: int | None
    problems: list[Problem]


def prepay_quote(conn: Connection, actor: Actor, *, loan_no: str, principal: int, day: date,
                 shorten: bool) -> PrepayQuote:
    """What prepaying ``principal`` costs today and the plan after it: servicing's quote and rules."""
    row = loan_accounts.get(conn, loan_no)
    scope_person(actor, row.borrower_person_id)
    problems: list[Problem] = []
    months = instalment = None
    try:
        _s, owed, balance, interest, plan = loan_service.prepay_quote(conn, row, principal=principal, day=day,
                                                                      shorten=shorten)
    except ValidationFailed as exc:  # a refusal of the quote (amount not below the balance …) shown as problems
        return PrepayQuote(loan_no, principal, 0, 0, principal, None, None, list(exc.problems))
    except AnjuError as exc:
        return PrepayQuote(loan_no, principal, 0, 0, principal, None, None, [Problem.from_error(exc)])
    problems += loan_rules.prepay_problems(policy_at(conn, day), amount=principal, balance=balance,
                                           done_this_year=0)
    if plan is not None:
        months, instalment = plan.months, plan.instalments[0].payment
    return PrepayQuote(loan_no, principal, owed.total, interest, owed.total + principal + interest, months,
                       instalment, problems)


def prepay(uow: UnitOfWork, actor: Actor, *, loan_no: str, principal: int, day: date, shorten: bool, key: str):
    """部分提前还款 online: servicing's prepayment (its rules, its voucher, its idempotency key)."""
    return loan_service.prepay(uow, actor, loan_no=loan_no, principal=principal, day=day, shorten=shorten, key=key,
                               permission=LoanP.PREPAY_ONLINE)
