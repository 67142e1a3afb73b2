"""Loan origination on both databases: 试算 and 受理 with every problem at once, 初审 and 审批 with maker-checker
(two approvers above the threshold), contract, security, 放款通知 and 放款 opening the loan through the servicing
side (Dr 121 / Cr 10101), reject / withdraw / terminate with reasons and audit, the fraud ban, queues with ageing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from anju.auth.tables import audit_log
from anju.core.errors import AnjuError, Forbidden, ValidationFailed
from anju.db import UnitOfWork
from anju.ledger.tables import voucher_line
from anju.loan.tables import loan
from anju.loanapp import service as lo
from anju.loanapp.codes import STAGES, Status
from anju.loanapp.errors import LoanappError
from anju.loanapp.tables import loan_application
from anju.workcal.service import load_calendar
from tests.loanapp.helpers import (
    APPROVER,
    APPROVER_2,
    CLERK,
    DAY,
    FINANCE,
    OFFICER,
    REVIEWER,
    couple,
    form,
)


def run(engine, fn, *args, **kw):
    with UnitOfWork(engine) as uow:
        out = fn(uow, *args, **kw)
        uow.commit()
    return out


def through_approval(engine, raw, *, approvers=(APPROVER,)):
    applied = run(engine, lo.apply, CLERK, raw, as_of=DAY)
    run(engine, lo.review, REVIEWER, application_id=applied.id, note="资料齐全", as_of=DAY)
    for a in approvers:
        run(engine, lo.approve, a, application_id=applied.id, note="同意", as_of=date(2026, 10, 13))
    return applied


def status(engine, app_id):
    with engine.connect() as conn:
        return conn.execute(select(loan_application.c.status).where(loan_application.c.id == app_id)).scalar()


def test_application_to_disbursement(engine):
    me, wife = couple(engine)
    with engine.connect() as conn:
        t = lo.trial(conn, CLERK, form(me, wife), as_of=DAY)
    assert t.ok, t.problems
    # balances 2 × 21,600.00 × 15 = 648,000; price 800,000 × 80% = 640,000 binds; family cap 800,000
    assert t.assessment.max_amount == 64_000_000 and t.assessment.binding.code == "ltv"
    applied = through_approval(engine, form(me, wife))
    assert applied.no.startswith("DKSQ") and applied.approvals_needed == 1
    assert status(engine, applied.id) == Status.APPROVED.value
    contract_no = run(engine, lo.sign_contract, OFFICER, application_id=applied.id, as_of=date(2026, 10, 14))
    assert contract_no == "JK2026000001"
    run(engine, lo.record_security, OFFICER, application_id=applied.id, step="filed", on=date(2026, 10, 15),
        office="示例市不动产登记中心", as_of=date(2026, 10, 15))
    assert status(engine, applied.id) == Status.CONTRACTED.value
    run(engine, lo.record_security, OFFICER, application_id=applied.id, step="done", on=date(2026, 10, 19),
        ref="湘(2026)示例市不动产证明第0012345号", as_of=date(2026, 10, 19))
    assert status(engine, applied.id) == Status.SECURED.value
    run(engine, lo.instruct, OFFICER, application_id=applied.id, disburse_on=date(2026, 10, 20),
        as_of=date(2026, 10, 19))
    with pytest.raises(Forbidden):  # whoever sent the instruction cannot confirm the money left
        run(engine, lo.disburse, OFFICER, application_id=applied.id, on=date(2026, 10, 20), as_of=date(2026, 10, 20))
    loan_no = run(engine, lo.disburse, FINANCE, application_id=applied.id, on=date(2026, 10, 20),
                  as_of=date(2026, 10, 20))
    with engine.connect() as conn:
        app = conn.execute(select(loan_application).where(loan_application.c.id == applied.id)).one()
        assert app.status == Status.DISBURSED.value and app.loan_no == loan_no
        row = conn.execute(select(loan).where(loan.c.loan_no == loan_no)).one()
        assert (row.amount, row.months, row.contract_no, row.co_borrower_person_id, row.purpose, row.second_home,
                row.application_id) == (20_000_000, 120, contract_no, wife["id"], "01", False, applied.id)
        lines = conn.execute(select(voucher_line.c.account_code, voucher_line.c.debit, voucher_line.c.credit)
                             .where(voucher_line.c.voucher_id == row.voucher_id)).all()
        assert sorted((c, d, cr) for c, d, cr in lines) == [("10101", 0, 20_000_000), ("121", 20_000_000, 0)]
        actions = [e.action for e in lo.events(conn, applied.id)]
        assert actions == ["apply", "review", "approve", "contract", "security_filed", "security_done", "instruct",
                           "disburse"]
        audited = conn.execute(select(audit_log.c.action).where(audit_log.c.entity_type == "loan_application",
                                                                audit_log.c.entity_id == str(applied.id))).scalars().all()
        assert "loan.application.disburse" in audited and "loan.application.review" in audited
        # the contract's schedule is the loan's plan
        plan, rate, day = lo.contract_schedule(conn, app)
        assert day == date(2026, 10, 20) and sum(i.principal for i in plan.instalments) == 20_000_000
        from anju.loan.tables import loan_instalment

        stored = conn.execute(select(loan_instalment.c.period, loan_instalment.c.due_date, loan_instalment.c.principal,
                                     loan_instalment.c.interest, loan_instalment.c.balance)
                              .where(loan_instalment.c.loan_id == row.id).order_by(loan_instalment.c.period)).all()
        assert [tuple(r) for r in stored] == [(i.period, i.due_date, i.principal, i.interest, i.balance)
                                             for i in plan.instalments]  # the printed plan is the loan's plan
    from tests.withdrawal.helpers import failures

    assert failures(engine) == {}  # anju verify: books, loans and applications agree
    with UnitOfWork(engine) as uow:  # a disbursed application whose loan disagrees is caught
        uow.conn.execute(loan_application.update().where(loan_application.c.id == applied.id)
                         .values(amount=20_000_001))
        uow.commit()
    assert "loan.application_has_loan" in failures(engine)
    with UnitOfWork(engine) as uow:
        uow.conn.execute(loan_application.update().where(loan_application.c.id == applied.id)
                         .values(amount=20_000_000))
        uow.commit()
    # the family now has a fund loan outstanding: a second application is refused
    with engine.connect() as conn:
        t2 = lo.trial(conn, CLERK, form(wife, me), as_of=date(2026, 11, 2))
    assert any(p.code == LoanappError.NOT_ELIGIBLE and contract_no in p.message for p in t2.problems)


def test_every_problem_at_once(engine):
    me, wife = couple(engine, months=3)
    bad = form(me, wife, amount="900000.00", months="abc", repay_day="31", repay_card_no="123", property_area="",
               security="", purchase_contract_no="")
    with pytest.raises(ValidationFailed) as err:
        run(engine, lo.apply, CLERK, bad, as_of=DAY)
    fields = {p.input for p in err.value.problems}
    assert {"amount", "months", "repay_day", "repay_card_no", "property_area", "security",
            "purchase_contract_no"} <= fields
    # only three months paid, too much asked and a bad card: the limit says so beside the form's problems
    with pytest.raises(ValidationFailed) as err:
        run(engine, lo.apply, CLERK, form(me, wife, amount="700000.00", repay_card_no="1234"), as_of=DAY)
    text = "\n".join(p.message for p in err.value.problems if p.code == LoanappError.NOT_ELIGIBLE)
    assert "须连续足额缴存满6个月" in text and "repay_card_no" in {p.input for p in err.value.problems}
    with engine.connect() as conn:
        assert conn.execute(select(loan_application.c.id)).first() is None  # nothing recorded


def test_maker_checker_and_second_approver(engine):
    me, wife = couple(engine)
    applied = run(engine, lo.apply, CLERK, form(me, wife, amount="600000.00", price="1000000.00"), as_of=DAY)
    assert applied.approvals_needed == 2  # above approval.loan_second_above (500,000.00)
    clerk_reviewing = type(REVIEWER)(CLERK.username, REVIEWER.roles, REVIEWER.channel)
    with pytest.raises(Forbidden):
        run(engine, lo.review, clerk_reviewing, application_id=applied.id, as_of=DAY)
    with pytest.raises(Forbidden):  # a clerk may not 初审 at all
        run(engine, lo.review, CLERK, application_id=applied.id, as_of=DAY)
    run(engine, lo.review, REVIEWER, application_id=applied.id, as_of=DAY)
    reviewer_approving = type(APPROVER)(REVIEWER.username, APPROVER.roles, APPROVER.channel)
    with pytest.raises(Forbidden):
        run(engine, lo.approve, reviewer_approving, application_id=applied.id, as_of=DAY)
    assert run(engine, lo.approve, APPROVER, application_id=applied.id, as_of=DAY) == Status.REVIEWED.value
    with pytest.raises(Forbidden):  # nobody approves twice
        run(engine, lo.approve, APPROVER, application_id=applied.id, as_of=DAY)
    assert run(engine, lo.approve, APPROVER_2, application_id=applied.id, as_of=DAY) == Status.APPROVED.value


def test_reject_withdraw_terminate_and_fraud_ban(engine):
    me, wife = couple(engine)
    a = run(engine, lo.apply, CLERK, form(me, wife), as_of=DAY)
    with pytest.raises(ValidationFailed):
        run(engine, lo.reject, REVIEWER, application_id=a.id, reason="  ", as_of=DAY)
    run(engine, lo.reject, REVIEWER, application_id=a.id, reason="收入证明与纳税记录不符", as_of=DAY)
    assert status(engine, a.id) == Status.REJECTED.value
    b = run(engine, lo.apply, CLERK, form(me, wife), as_of=DAY)
    run(engine, lo.withdraw, CLERK, application_id=b.id, reason="申请人改为商业贷款", as_of=DAY)
    assert status(engine, b.id) == Status.WITHDRAWN.value
    with pytest.raises(AnjuError):  # nothing left to do on a withdrawn application
        run(engine, lo.review, REVIEWER, application_id=b.id, as_of=DAY)
    c = through_approval(engine, form(me, wife))
    run(engine, lo.terminate, OFFICER, application_id=c.id, reason="购房合同系伪造", fraud=True,
        as_of=date(2026, 10, 14))
    assert status(engine, c.id) == Status.TERMINATED.value
    with engine.connect() as conn:
        t = lo.trial(conn, CLERK, form(wife, me), as_of=date(2026, 10, 20))
    assert any(p.code == LoanappError.NOT_ELIGIBLE and "骗取公积金贷款" in p.message and "2031年10月14日" in p.message
               for p in t.problems)


def test_security_that_cannot_be_given_ends_in_termination(engine):
    me, wife = couple(engine)
    a = through_approval(engine, form(me, wife, security="03", guarantor_name="王五",
                                      guarantor_id_number="430405197501010019"))
    run(engine, lo.sign_contract, OFFICER, application_id=a.id, as_of=date(2026, 10, 14))
    with pytest.raises(ValidationFailed) as err:  # done needs the guarantee contract number; failed needs why
        run(engine, lo.record_security, OFFICER, application_id=a.id, step="done", on=date(2026, 10, 15),
            as_of=date(2026, 10, 15))
    assert [p.code for p in err.value.problems] == [LoanappError.SECURITY_GUARANTEE_REF_REQUIRED]
    with pytest.raises(ValidationFailed):
        run(engine, lo.record_security, OFFICER, application_id=a.id, step="failed", on=date(2026, 10, 15),
            as_of=date(2026, 10, 15))
    run(engine, lo.record_security, OFFICER, application_id=a.id, step="failed", on=date(2026, 10, 15),
        note="保证人撤回担保", as_of=date(2026, 10, 15))
    assert status(engine, a.id) == Status.CONTRACTED.value
    with pytest.raises(AnjuError):  # no 放款通知 without security
        run(engine, lo.instruct, OFFICER, application_id=a.id, disburse_on=date(2026, 10, 16),
            as_of=date(2026, 10, 15))
    run(engine, lo.terminate, OFFICER, application_id=a.id, reason="担保不能落实", as_of=date(2026, 10, 16))
    assert status(engine, a.id) == Status.TERMINATED.value


def test_queue_ageing_on_the_working_day_calendar(engine):
    me, wife = couple(engine)
    a = run(engine, lo.apply, CLERK, form(me, wife), as_of=DAY)
    assert a.deadline == date(2026, 10, 26)  # 10 working days after Monday 2026-10-12
    with engine.connect() as conn:
        cal = load_calendar(conn)
        item, = lo.queue(conn, statuses=STAGES["review"], as_of=date(2026, 10, 27), calendar=cal)
    assert item.no == a.no and item.left == -1 and item.overdue and item.elapsed == 11


def test_simultaneous_applications_for_one_family(engine):
    """Four clerks accept the same couple's loan at once (either spouse as borrower): one is accepted."""
    from tests.withdrawal.test_concurrency import together

    me, wife = couple(engine)
    forms = [form(me, wife), form(wife, me), form(me, wife), form(wife, me)]
    results = together(4, lambda i: run(engine, lo.apply, CLERK, forms[i], as_of=DAY))
    accepted = [r for r in results if isinstance(r, lo.Applied)]
    assert len(accepted) == 1
    assert all(isinstance(r, ValidationFailed) and LoanappError.FAMILY_APPLICATION_OPEN in {p.code for p in r.problems}
               for r in results if r not in accepted)


def test_the_same_home_used_by_someone_else_is_a_signal(engine):
    me, wife = couple(engine)
    other, other_wife = couple(engine, n=2)
    run(engine, lo.apply, CLERK, form(other, other_wife), as_of=DAY)
    with engine.connect() as conn:
        t = lo.trial(conn, CLERK, form(me, wife), as_of=DAY)
    assert t.ok and any("也以该房屋申请贷款" in s for s in t.signals)


def test_finding_a_borrower_and_a_spouse_uses_the_indexes(engine):
    """By 身份证号 or by 个人账号, and the spouse linked either way, each through an index: a scan of every person
    and account per look-up made origination take seconds a loan at a million members."""
    from sqlalchemy import event

    from anju.registry.tables import account
    from anju.withdrawal.queries import spouse_of
    from tests.support.factory import open_employer, open_members

    husband, wife = couple(engine)
    single_account = open_members(engine, open_employer(engine, n=5), 1, start=90)[0]
    seen: list[str] = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    with engine.connect() as conn:
        single = conn.execute(select(account.c.person_id).where(account.c.id == single_account)).scalar_one()
        event.listen(conn, "before_cursor_execute", remember)
        by_id = lo.find_person(conn, husband["id_number"])
        by_account = lo.find_person(conn, husband["account_no"])
        spouses = spouse_of(conn, husband["id"]), spouse_of(conn, single)
        event.remove(conn, "before_cursor_execute", remember)
        assert by_id.id_number == by_account.id_number == husband["id_number"]
        assert by_account.account_no == husband["account_no"]
        assert spouses == (wife["id"], None)
        assert any("person.spouse_id =" in statement for statement, _ in seen)  # the look-up the other way ran
        if engine.dialect.name == "sqlite":
            for statement, parameters in seen:
                plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement,
                                                                          parameters).all())
                assert "SCAN person" not in plan and "SCAN account" not in plan, plan
