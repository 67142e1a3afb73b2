"""Loan accounts (贷款账户): disbursement opens one, with its repayment plan, its voucher (Dr 121 / Cr 101xx)
and its first sub-ledger row (个人贷款业务明细, 01 发放). The origination workflow calls :func:`disburse`.

Balances kept on the loan row (and moved only together with a voucher and a ``loan_txn`` row):

- ``principal``: normal principal outstanding — GL 121;
- ``overdue_principal``: principal of instalments past due and unpaid — GL 122;
- ``overdue_interest`` and ``penalty``: interest due and unpaid, penalty accrued and unpaid — not in the GL
  (loan interest is income when received: Dr 101 / Cr 40103).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Connection, insert, select

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.bank import queries as bank_queries
from anju.core.errors import Conflict, ErrorCode, NotFound, Problem, ValidationFailed
from anju.core.money import format_yuan
from anju.db.locks import for_update
from anju.db.uow import UnitOfWork
from anju.ledger import service as ledger
from anju.ledger.chart import bank_subaccount
from anju.ledger.rules import Line, Posting
from anju.loan.codes import InstalmentStatus, LoanStatus, Purpose, RiskClass, TxnType
from anju.loan.errors import LoanError
from anju.loan.permissions import P
from anju.loan.schedule import Method, Schedule, build_schedule, rate_for_term
from anju.loan.tables import loan, loan_instalment, loan_txn
from anju.policy.store import Policy, policy_at
from anju.registry import queries as registry
from anju.registry.service import next_numbers

SUBLEDGER = "loan"  # subledger name on 121/122 lines; subledger_ref is the loan number


@dataclass(frozen=True)
class LoanOpening:
    """Everything the servicing side needs to open a loan at disbursement (from the approved contract)."""

    contract_no: str  # 借款合同编号, unique
    application_id: int | None
    borrower_person_id: int
    co_borrower_person_id: int | None
    repay_account_no: str | None  # the borrower's fund account (monthly offset)
    bank_code: str  # the entrusted bank that disburses and collects
    amount: int  # fen
    months: int
    method: Method
    second_home: bool
    purpose: str  # codes.Purpose value
    combined: bool  # 组合贷款
    commercial_amount: int | None
    commercial_bank: str | None
    remote: bool  # 异地贷款
    repay_day: int
    disbursed_on: date


def penalty_rate(policy: Policy, rate: Decimal) -> Decimal:
    """罚息利率 = contract rate × (1 + loan.penalty_surcharge), kept to the millionth (rounded half-up)."""
    return (rate * (1 + policy["loan.penalty_surcharge"])).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def plan_for(policy: Policy, o: LoanOpening, rate: Decimal) -> Schedule:
    return build_schedule(o.amount, rate, o.months, o.method, start=o.disbursed_on, repayment_day=o.repay_day,
                          first_period_actual_days=bool(policy.get("loan.first_period_actual_days", False)),
                          day_basis=int(policy.get("loan.day_basis", 360)))


def _problems(conn: Connection, policy: Policy, o: LoanOpening) -> list[Problem]:
    problems = []
    if not o.contract_no or len(o.contract_no) > 40:
        problems.append(Problem.of(LoanError.CONTRACT_NO_INVALID, field="contract_no"))
    if not registry.person_exists(conn, o.borrower_person_id):
        problems.append(Problem.of(LoanError.BORROWER_UNKNOWN, field="borrower_person_id",
                                   person_id=o.borrower_person_id))
    if o.co_borrower_person_id is not None and not registry.person_exists(conn, o.co_borrower_person_id):
        problems.append(Problem.of(LoanError.CO_BORROWER_UNKNOWN, field="co_borrower_person_id",
                                   person_id=o.co_borrower_person_id))
    if o.repay_account_no is not None:
        repay_account = registry.account_by_no(conn, o.repay_account_no)
        owner = None if repay_account is None else repay_account.person_id
        if owner is None:
            problems.append(Problem.of(LoanError.REPAY_ACCOUNT_UNKNOWN, field="repay_account_no",
                                       account_no=o.repay_account_no))
        elif owner not in (o.borrower_person_id, o.co_borrower_person_id):
            problems.append(Problem.of(LoanError.REPAY_ACCOUNT_NOT_BORROWERS, field="repay_account_no",
                                       account_no=o.repay_account_no))
    if not (o.bank_code or "").strip():
        problems.append(Problem.of(LoanError.BANK_REQUIRED, field="bank_code"))
    elif not bank_queries.bank_code_exists(conn, o.bank_code):
        problems.append(Problem.of(LoanError.BANK_UNKNOWN, field="bank_code", bank_code=o.bank_code))
    if not isinstance(o.amount, int) or o.amount <= 0:
        problems.append(Problem.of(LoanError.AMOUNT_NOT_POSITIVE, field="amount", amount=o.amount))
    cap = policy.get("loan.max_term_months")
    if cap is not None and not 1 <= o.months <= cap:
        problems.append(Problem.of(LoanError.TERM_OUT_OF_RANGE, field="months", cap=cap, months=o.months))
    if o.purpose not in {p.value for p in Purpose}:
        problems.append(Problem.of(LoanError.PURPOSE_UNKNOWN, field="purpose", purpose=o.purpose))
    if o.combined and (not o.commercial_amount or not o.commercial_bank):
        problems.append(Problem.of(LoanError.COMBINED_INCOMPLETE, field="commercial_amount"))
    if not 1 <= o.repay_day <= 31:
        problems.append(Problem.of(LoanError.REPAY_DAY_OUT_OF_RANGE, field="repay_day", day=o.repay_day))
    return problems


def disburse(uow: UnitOfWork, actor: Actor, opening: LoanOpening, *, key: str) -> str:
    """放款: open the loan account at the rate in force on the disbursement day, store its plan, post Dr 121 /
    Cr 101xx under ``key`` and write the 发放 row. Returns the loan number; the same key returns the same loan."""
    require(actor, P.DISBURSE)
    conn = uow.conn
    o = opening
    existing = conn.execute(select(loan.c.loan_no, loan.c.contract_no).where(loan.c.disburse_key == key)).first()
    if existing is not None:
        if existing.contract_no != o.contract_no:
            raise Conflict(ErrorCode.IDEMPOTENCY_CONFLICT, key=key)
        return existing.loan_no
    if conn.execute(select(loan.c.loan_no).where(loan.c.contract_no == o.contract_no)).first() is not None:
        raise Conflict(LoanError.ALREADY_DISBURSED, contract_no=o.contract_no)
    policy = policy_at(conn, o.disbursed_on)
    problems = _problems(conn, policy, o)
    if problems:
        raise ValidationFailed(problems, summary=f"放款信息有{len(problems)}处错误，未放款")
    rate = rate_for_term(policy, o.months, o.second_home)
    plan = plan_for(policy, o, rate)
    (seq,) = next_numbers(conn, "loan")
    loan_no = f"DK{seq:010d}"
    posted = ledger.post(uow, actor, Posting(
        key=key, voucher_date=o.disbursed_on, kind="loan.disburse", summary=f"发放个人住房公积金贷款 {o.contract_no}",
        ref_type="loan", ref_id=loan_no,
        lines=[Line.dr("121", o.amount, summary="发放委托贷款", subledger=SUBLEDGER, subledger_ref=loan_no),
               Line.cr(bank_subaccount("101", o.bank_code), o.amount, summary="受托银行划付贷款")]),
        check_permission=False)
    branch = registry.branch_of_person(conn, o.borrower_person_id)
    now = uow.now()
    loan_id = conn.execute(insert(loan).values(
        loan_no=loan_no, contract_no=o.contract_no, application_id=o.application_id,
        borrower_person_id=o.borrower_person_id, co_borrower_person_id=o.co_borrower_person_id,
        repay_account_no=o.repay_account_no, bank_code=o.bank_code, branch_code=branch, amount=o.amount,
        months=o.months, method=o.method.value, second_home=o.second_home, purpose=o.purpose, combined=o.combined,
        commercial_amount=o.commercial_amount, commercial_bank=o.commercial_bank, remote=o.remote,
        repay_day=o.repay_day, disbursed_on=o.disbursed_on, first_due=plan.instalments[0].due_date,
        maturity=plan.instalments[-1].due_date, rate=rate, rate_from=o.disbursed_on,
        penalty_rate=penalty_rate(policy, rate), status=LoanStatus.NORMAL.value, principal=o.amount,
        overdue_principal=0, overdue_interest=0, penalty=0, penalty_to=None, overdue_since=None, overdue_periods=0,
        overdue_total_periods=0, risk_class=RiskClass.NORMAL.value, written_off=0, written_off_on=None,
        settled_on=None, repaid_principal=0, repaid_interest=0, disburse_key=key, voucher_id=posted.id,
        created_at=now, created_by=actor.username, updated_at=now).returning(loan.c.id)).scalar_one()
    conn.execute(insert(loan_instalment), instalment_rows(loan_id, plan, rate))
    conn.execute(insert(loan_txn).values(
        loan_id=loan_id, txn_date=o.disbursed_on, type=TxnType.DISBURSE.value, period=None, amount=o.amount,
        principal=o.amount, overdue_principal=0, interest=0, overdue_interest=0, penalty=0, balance_after=o.amount,
        voucher_id=posted.id, source="bank", ref_type="contract", ref_id=o.contract_no[:40],
        note=f"发放贷款{format_yuan(o.amount)}元，{o.months}期，年利率{rate * 100}%", created_at=now))
    audit.record(uow, actor, action="loan.disburse", entity_type="loan", entity_id=loan_id,
                 after={"loan_no": loan_no, "contract_no": o.contract_no, "amount": o.amount, "months": o.months,
                        "rate": rate, "voucher_id": posted.id})
    return loan_no


def instalment_rows(loan_id: int, plan: Schedule, rate: Decimal) -> list[dict]:
    return [{"loan_id": loan_id, "period": i.period, "due_date": i.due_date, "principal": i.principal,
             "interest": i.interest, "balance": i.balance, "rate": rate, "status": InstalmentStatus.DUE.value,
             "paid_principal": 0, "paid_interest": 0, "paid_on": None, "overdue_on": None}
            for i in plan.instalments]


def _loan_row(conn: Connection, where, *, lock: bool):
    stmt = select(loan).where(where)
    return conn.execute(for_update(conn, stmt) if lock else stmt).first()


def lock_loan(conn: Connection, loan_no: str):
    """The loan account's row, locked until the transaction ends (the loan's one lock; ``anju.db.locks``)."""
    return get(conn, loan_no, lock=True)


def get(conn: Connection, loan_no: str, *, lock: bool = False):
    row = _loan_row(conn, loan.c.loan_no == loan_no, lock=lock)
    if row is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="贷款账户", key=loan_no)
    return row


def by_contract(conn: Connection, contract_no: str, *, lock: bool = False):
    return _loan_row(conn, loan.c.contract_no == contract_no, lock=lock)
