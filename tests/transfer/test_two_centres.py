"""THE test of issue 21: two anju centres on two databases (both backends) move a member there and back through
the four messages, written to files and read back — money, interest and history intact, both ledgers balanced,
``anju verify`` clean on both."""

from __future__ import annotations

from datetime import date

import pytest

from anju.auth.actor import cli_actor
from anju.core.errors import AnjuError, ValidationFailed
from anju.db import UnitOfWork
from anju.indicators import catalogue as cat
from anju.indicators.catalogue import Period
from anju.ledger.queries import account_balance, trial_balance
from anju.registry import household
from anju.registry import service as registry
from anju.registry.queries import account_by_no, total_balance
from anju.transfer import service as transfer
from anju.transfer.codes import InStatus, OutStatus
from anju.transfer.errors import TransferError
from anju.verify import run_all
from anju.withdrawal.rules import continuous_months
from anju.workflow.errors import WorkflowError
from tests.support.factory import APPROVER, CLERK, open_employer, open_members, pay_month, person_id
from tests.transfer.conftest import CODE_A, CODE_B

SYSTEM = cli_actor("exchange")
CLERK2 = cli_actor("clerk2")
MEMBER_ID = person_id(1, "1")


def failures(engine):
    with engine.connect() as conn:
        return {r.check.name: [v.message for v in r.violations] for r in run_all(conn) if not r.ok}


def pump(centres, tmp_path, on: date) -> int:
    """Deliver every outbox message of both centres to the other as a file, until none is left."""
    moved = 0
    while True:
        batch = 0
        for src, dst in ((centres.a, centres.b), (centres.b, centres.a)):
            with UnitOfWork(src) as uow:
                out = transfer.take_outbox(uow)
                uow.commit()
            for m in out:
                path = tmp_path / f"{m.letter_no}-{m.type}-{m.id}.json"
                path.write_text(m.body, encoding="utf-8")
                with UnitOfWork(dst) as uow:
                    transfer.receive(uow, SYSTEM, path.read_bytes(), as_of=on)
                    uow.commit()
                batch += 1
        moved += batch
        if not batch:
            return moved


def step(engine, fn, **kw):
    with UnitOfWork(engine) as uow:
        result = fn(uow, **kw)
        uow.commit()
    return result


def in_row(engine, no):
    with engine.connect() as conn:
        return next(r for r in transfer.letters_in(conn) if r.no == no)


def out_row(engine, no):
    with engine.connect() as conn:
        return next(r for r in transfer.letters_out(conn) if r.no == no)


def balanced(engine) -> None:
    with engine.connect() as conn:
        rows = trial_balance(conn)
        leaves = [r for r in rows if r.is_leaf]
        assert sum(r.debit for r in leaves) == sum(r.credit for r in leaves) > 0
        assert account_balance(conn, "201") == total_balance(conn)


def move_member(centres, tmp_path, *, src, dst, src_account_no, letter_on, review_on, approve_on, credit_on):
    """One transfer from ``src`` to ``dst``: letter, acceptance, review, approval and payment, crediting."""
    letter = step(dst, transfer.write_letter, actor=CLERK, id_number=MEMBER_ID,
                  from_centre=CODE_A if src is centres.a else CODE_B, from_account_no=src_account_no,
                  from_employer_name="测试单位", as_of=letter_on)
    assert pump(centres, tmp_path, letter_on) == 2  # the letter, and the acceptance
    assert in_row(dst, letter.no).status == InStatus.ACCEPTED
    out = out_row(src, letter.no)
    assert out.status == OutStatus.RECEIVED and out.deadline > letter_on
    step(src, transfer.review_out, actor=CLERK, transfer_out_id=out.id, as_of=review_on)
    with pytest.raises(AnjuError):  # the reviewer cannot approve what they reviewed
        step(src, transfer.approve_out, actor=CLERK, transfer_out_id=out.id, as_of=approve_on)
    amount = step(src, transfer.approve_out, actor=APPROVER, transfer_out_id=out.id, as_of=approve_on)
    assert pump(centres, tmp_path, approve_on) == 1  # 转移信息
    got = in_row(dst, letter.no)
    assert got.status == InStatus.PAID and got.amount == amount == got.principal + got.interest
    with pytest.raises(AnjuError):  # the letter's maker cannot credit it
        step(dst, transfer.credit, actor=CLERK, transfer_in_id=got.id, amount=amount, as_of=credit_on)
    with pytest.raises(ValidationFailed) as bad:
        step(dst, transfer.credit, actor=CLERK2, transfer_in_id=got.id, amount=amount - 1, as_of=credit_on)
    assert bad.value.problems[0].code == TransferError.AMOUNT_MISMATCH
    step(dst, transfer.credit, actor=CLERK2, transfer_in_id=got.id, amount=amount, as_of=credit_on)
    assert pump(centres, tmp_path, credit_on) == 1  # 到账确认
    assert out_row(src, letter.no).status == OutStatus.DONE
    assert in_row(dst, letter.no).status == InStatus.CREDITED
    return got


def test_a_member_moves_there_and_back(centres, tmp_path):
    a, b = centres.a, centres.b
    ea = open_employer(a)
    (acct_a,) = open_members(a, ea, 1)
    for month, paid in ((202501, date(2025, 1, 12)), (202502, date(2025, 2, 12)), (202503, date(2025, 3, 12))):
        pay_month(a, ea, month, paid)
    step(a, registry.seal, actor=CLERK, account_id=acct_a, reason="离职", as_of=date(2025, 4, 1))
    eb = open_employer(b, name="乙市单位", first_month=202504, on=date(2025, 4, 1))
    (acct_b,) = open_members(b, eb, 1, first_month=202504, on=date(2025, 4, 1))
    with a.connect() as conn:
        no_a = registry.get_account(conn, acct_a).account_no
    with b.connect() as conn:
        no_b = registry.get_account(conn, acct_b).account_no

    there = move_member(centres, tmp_path, src=a, dst=b, src_account_no=no_a, letter_on=date(2025, 4, 7),
                        review_on=date(2025, 4, 8), approve_on=date(2025, 4, 9), credit_on=date(2025, 4, 10))
    assert there.principal == 3 * 120000 and there.interest > 0
    with a.connect() as conn:
        gone = registry.get_account(conn, acct_a)
        assert gone.status == "04" and gone.balance == 0
    with b.connect() as conn:
        assert registry.get_account(conn, acct_b).balance == there.amount
        assert household.paid_months(conn, acct_b) == (202501, 202502, 202503)  # time at A counts at B
        # … in the rule both the withdrawal eligibility and the loan limit read (连续缴存月数)
        assert continuous_months(household.paid_months(conn, acct_b), date(2025, 4, 10)) == (3, 202503)
        assert [c for _, _, c in household.carried_months(conn, acct_b)] == [CODE_A] * 3

    for month, paid in ((202504, date(2025, 4, 12)), (202505, date(2025, 5, 12))):
        pay_month(b, eb, month, paid)
    step(b, registry.seal, actor=CLERK, account_id=acct_b, reason="离职", as_of=date(2025, 5, 20))
    ea2 = open_employer(a, name="甲市新单位", first_month=202506, on=date(2025, 5, 20))
    with UnitOfWork(a) as uow:  # the old account reopens under its number
        registry.open_account(uow, CLERK, employer_id=ea2, who=registry.PersonInput(id_number=MEMBER_ID, name="职工1"),
                              base=500000, first_month=202506, as_of=date(2025, 5, 20))
        uow.commit()

    back = move_member(centres, tmp_path, src=b, dst=a, src_account_no=no_b, letter_on=date(2025, 5, 21),
                       review_on=date(2025, 5, 22), approve_on=date(2025, 5, 23), credit_on=date(2025, 5, 26))
    assert back.principal == there.amount + 2 * 120000 and back.interest > 0
    with a.connect() as conn:
        home = account_by_no(conn, no_a)
        assert home.id == acct_a and home.status == "01" and home.balance == back.amount
        # A's own months from its sub-ledger, B's carried back; A's months B sent on are not carried twice
        assert household.paid_months(conn, acct_a) == (202501, 202502, 202503, 202504, 202505)
        assert [(m, c) for m, _, c in household.carried_months(conn, acct_a)] == [(202504, CODE_B), (202505, CODE_B)]
    year = Period(date(2025, 1, 1), date(2026, 1, 1), "2025年")
    with a.connect() as conn:  # the indicators, by counterpart centre and month
        v = {code: cat.value(conn, code, year) for code in ("transfer.in_count", "transfer.in_amount",
                                                            "transfer.out_count", "transfer.out_amount",
                                                            "transfer.count")}
        assert (v["transfer.in_count"], v["transfer.in_amount"]) == (1, back.amount)
        assert (v["transfer.out_count"], v["transfer.out_amount"]) == (1, there.amount)
        assert v["transfer.count"] == 2  # the 07 and 08 rows of the sub-ledger
        assert cat.by(conn, "transfer.in_amount", year, "centre") == {"乙市住房公积金管理中心": back.amount}
        assert cat.by(conn, "transfer.out_count", year, "month") == {"2025年04月": 1}
    for engine in (a, b):
        balanced(engine)
        assert failures(engine) == {}
    assert pump(centres, tmp_path, date(2025, 5, 27)) == 0


def test_refusal_with_reason_and_duplicates(centres, tmp_path):
    a, b = centres.a, centres.b
    ea = open_employer(a)
    (acct_a,) = open_members(a, ea, 1)  # still contributing at A: the review finds it
    eb = open_employer(b, name="乙市单位", first_month=202504, on=date(2025, 4, 1))
    open_members(b, eb, 1, first_month=202504, on=date(2025, 4, 1))
    with a.connect() as conn:
        no_a = registry.get_account(conn, acct_a).account_no
    letter = step(b, transfer.write_letter, actor=CLERK, id_number=MEMBER_ID, from_centre=CODE_A,
                  from_account_no=no_a, as_of=date(2025, 4, 7))
    with pytest.raises(ValidationFailed) as dup:  # one open letter per member
        step(b, transfer.write_letter, actor=CLERK, id_number=MEMBER_ID, from_centre=CODE_A,
             from_account_no=no_a, as_of=date(2025, 4, 7))
    assert [p.code for p in dup.value.problems] == [TransferError.LETTER_OPEN]
    with UnitOfWork(b) as uow:
        (sent,) = transfer.take_outbox(uow)
        uow.commit()
    for _ in range(2):  # the same file twice: received once
        with UnitOfWork(a) as uow:
            got = transfer.receive(uow, SYSTEM, sent.body, as_of=date(2025, 4, 7))
            uow.commit()
    assert got.duplicate
    out = out_row(a, letter.no)
    with pytest.raises(ValidationFailed) as bad:
        step(a, transfer.review_out, actor=CLERK, transfer_out_id=out.id, as_of=date(2025, 4, 8))
    assert [p.code for p in bad.value.problems] == [TransferError.ACCOUNT_ACTIVE]
    with pytest.raises(ValidationFailed) as why:
        step(a, transfer.refuse_out, actor=CLERK, transfer_out_id=out.id, reason=" ", as_of=date(2025, 4, 8))
    assert why.value.problems[0].code == WorkflowError.REASON_REQUIRED
    step(a, transfer.refuse_out, actor=CLERK, transfer_out_id=out.id, reason="账户仍在正常缴存，请单位先办理封存",
         as_of=date(2025, 4, 8))
    pump(centres, tmp_path, date(2025, 4, 8))
    refused = in_row(b, letter.no)
    assert refused.status == InStatus.REFUSED and "封存" in refused.refusal_reason
    with pytest.raises(AnjuError) as alien, UnitOfWork(b) as uow:  # a message addressed to another centre
        transfer.receive(uow, SYSTEM, sent.body, as_of=date(2025, 4, 8))
    assert alien.value.code == TransferError.MESSAGE_NOT_OURS
    with pytest.raises(ValidationFailed) as broken, UnitOfWork(a) as uow:
        transfer.receive(uow, SYSTEM, '{"type": "contact_letter", "letter_no": "X"}', as_of=date(2025, 4, 8))
    assert {p.code for p in broken.value.problems} == {TransferError.MESSAGE_FIELD}
    for engine in (a, b):
        assert failures(engine) == {}


def test_verify_finds_a_letter_without_its_money(centres):
    from sqlalchemy import insert

    from anju.transfer.tables import transfer_out

    with UnitOfWork(centres.a) as uow:
        now = uow.now()
        uow.conn.execute(insert(transfer_out).values(
            no="X1", status="paid", to_centre=CODE_B, name="某", id_type="01", id_number="1", old_account_no="1",
            new_account_no="2", new_employer_name="", receiving_account_no="3", receiving_account_name="乙",
            receiving_bank_name="工行", letter_json="{}", received_on=date(2025, 4, 1), deadline=date(2025, 4, 8),
            amount=100, created_by="x", created_at=now, updated_at=now))
        uow.commit()
    assert failures(centres.a) == {"transfer.letter_voucher": ["转出联系函X1转移金额1.00，没有凭证"]}
