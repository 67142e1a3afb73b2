"""Statements, matching, 未达账项, the 调节表 and 日结 on both databases: each 未达 kind, a re-import that changes
nothing, bad lines reported at once, a suspect amount that keeps a day open until explained, a manual match and
unmatch checked by a second person, a pushed transaction arriving twice."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from anju.auth.actor import Actor, Channel, Role
from anju.core.errors import AnjuError, Forbidden, ValidationFailed
from anju.db import UnitOfWork
from anju.settle import recon
from anju.settle import statements as stmts
from anju.settle.codes import ItemKind, Side
from anju.settle.errors import SettleError
from anju.settle.tables import bank_match, bank_statement_file, bank_statement_line
from tests.settle.support import ACCOUNT, ADMIN, FIN1, FIN2, book, load, match, row, table

D0, D1, D2 = date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)


@pytest.fixture
def day1(engine):
    """The books since before the statements start, and the first day's statement."""
    book(engine, "open", D0, 100_000_000)
    ids = {"remit_a": book(engine, "remit:A", D1, 500_000), "pay_1": book(engine, "pay:1", D1, -300_000),
           "remit_b": book(engine, "remit:B", D1, 200_000)}
    rows = [row("S1", D1, "5000.00", "1005000.00", remark="remit:A"),
            row("S2", D1, "-12.00", "1004988.00", summary="手续费"),
            row("S3", D1, "800.00", "1005788.00", summary="汇款", counterparty_account="6222000011112222")]
    load(engine, D1, rows)
    return engine, ids, rows


def kinds(t):
    return sorted((i.kind.value, i.amount) for i in t.items)


def test_the_four_kinds_and_a_day_that_reconciles(day1):
    engine, ids, _ = day1
    run = match(engine, D1)[ACCOUNT]
    assert run.matched == {"remark": 1} and run.left_bank == 2 and run.left_book == 2
    r = table(engine, D1)
    t = r.table
    assert t.book_balance == 100_400_000 and t.bank_balance == 100_578_800
    assert kinds(t) == [(ItemKind.BANK_IN.value, 80_000), (ItemKind.BANK_OUT.value, -1_200),
                        (ItemKind.BOOK_IN.value, 200_000), (ItemKind.BOOK_OUT.value, -300_000)]
    assert t.adjusted_bank == t.adjusted_book == 100_478_800
    assert all(i.reason for i in t.items)  # fee, unclaimed remittance, two timing items: explained by the rules
    with UnitOfWork(engine) as uow:
        (closed,) = recon.close_day(uow, FIN1, on=D1)
        uow.commit()
    assert closed.closed and table(engine, D1).closed
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
        recon.close_day(uow, FIN1, on=D1)
    assert [p.code for p in exc.value.problems] == [SettleError.DAY_CLOSED]


def test_a_reimport_changes_nothing_and_a_changed_line_is_refused(day1):
    engine, _, rows = day1
    again = load(engine, D1, rows)
    assert again.new == 0 and again.already == 3
    again = load(engine, D1, rows[:2], name="part.csv")  # another file, lines stored already
    assert again.new == 0 and again.file_id is None
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(bank_statement_line)).scalar_one() == 3
        assert conn.execute(select(func.count()).select_from(bank_statement_file)).scalar_one() == 1
    changed = [dict(rows[0], amount="5000.01")]
    with pytest.raises(ValidationFailed) as exc:
        load(engine, D1, changed)
    assert [(p.code, p.row) for p in exc.value.problems] == [(SettleError.LINE_CHANGED, 2)]


def test_every_bad_line_at_once_with_its_line_number(engine):
    rows = [row("X1", D1, "abc", "1.00"), {"serial": "X2", "amount": "1.00"}, row("X1", D1, "1.00", "2.00"),
            row("X4", D2, "1.00", "3.00")]
    with pytest.raises(ValidationFailed) as exc:
        load(engine, D1, rows)
    assert sorted((p.row, p.code) for p in exc.value.problems) == [
        (2, SettleError.LINE_AMOUNT), (3, SettleError.LINE_FIELD_MISSING), (4, SettleError.LINE_SERIAL_TWICE),
        (5, SettleError.LINE_OTHER_DAY)]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(bank_statement_line)).scalar_one() == 0


def test_a_suspect_amount_keeps_the_day_open_until_explained(day1):
    engine, ids, _ = day1
    match(engine, D1)
    with UnitOfWork(engine) as uow:
        recon.close_day(uow, FIN1, on=D1)
        uow.commit()
    c_line = book(engine, "remit:C", D2, 150_000)
    load(engine, D2, [row("S4", D2, "-3000.00", "1002788.00", remark="pay:1"),
                      row("S5", D2, "2000.00", "1004788.00", remark="remit:B"),
                      row("S6", D2, "1500.10", "1006288.10", remark="remit:C")])
    run = match(engine, D2)[ACCOUNT]
    assert run.matched == {"remark": 2} and run.suspects == 1
    t = table(engine, D2).table
    assert t.adjusted_bank == t.adjusted_book
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
        recon.close_day(uow, FIN1, on=D2)
    assert {p.code for p in exc.value.problems} == {SettleError.DAY_UNEXPLAINED_ITEM}
    assert len(exc.value.problems) == 1  # the bank's 1,500.10; the book's 1,500.00 is within the timing window
    s6 = next(i.ref for i in t.items if i.side is Side.BANK and i.amount == 150_010)
    with UnitOfWork(engine) as uow:
        recon.note_item(uow, FIN1, account_code=ACCOUNT, side=Side.BANK, ref_id=s6, note="银行入账金额有误，已联系更正")
        recon.close_day(uow, FIN1, on=D2)
        uow.commit()
    assert c_line in {i.ref for i in table(engine, D2).table.items if i.side is Side.BOOK}


def test_a_manual_match_and_unmatch_are_checked_by_a_second_person(day1):
    engine, ids, _ = day1
    a = book(engine, "misc:1", D1, 10_000)
    b = book(engine, "misc:2", D1, 10_000)
    load(engine, D1, [row("S7", D1, "100.00", "1005888.00"), row("S8", D1, "100.00", "1005988.00")], name="more")
    match(engine, D1)  # two lines of 100.00 each side: ambiguous, left for a person
    with engine.connect() as conn:
        s7 = conn.execute(select(bank_statement_line.c.id).where(bank_statement_line.c.serial == "S7")).scalar_one()
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
        recon.request_match(uow, FIN1, account_code=ACCOUNT, bank_ids=[s7], book_ids=[a, b], reason="x", on=D1)
    assert [p.code for p in exc.value.problems] == [SettleError.MATCH_AMOUNTS]
    with UnitOfWork(engine) as uow:
        rid = recon.request_match(uow, FIN1, account_code=ACCOUNT, bank_ids=[s7], book_ids=[a], reason="同日同额，核对回单",
                                  on=D1)
        uow.commit()
    with UnitOfWork(engine) as uow, pytest.raises(AnjuError):
        recon.approve_request(uow, FIN1, request_id=rid, note="", on=D1)  # the maker cannot check it
    with UnitOfWork(engine) as uow:
        mid = recon.approve_request(uow, FIN2, request_id=rid, note="已核对回单", on=D1)
        uow.commit()
    with engine.connect() as conn:
        assert conn.execute(select(bank_match.c.rule).where(bank_match.c.id == mid)).scalar_one() == "manual"
    assert s7 not in {i.ref for i in table(engine, D1).table.items if i.side is Side.BANK}
    with UnitOfWork(engine) as uow:
        rid = recon.request_unmatch(uow, FIN2, match_id=mid, reason="回单号不符", on=D1)
        recon.approve_request(uow, FIN1, request_id=rid, note="同意", on=D1)
        uow.commit()
    assert s7 in {i.ref for i in table(engine, D1).table.items if i.side is Side.BANK}


def test_a_pushed_transaction_arriving_twice_is_stored_once(engine):
    from anju.auth import service as auth

    with UnitOfWork(engine) as uow:
        key = auth.create_api_key(uow, ADMIN, name="工行网关", roles=frozenset({Role.FINANCE}))
        uow.commit()
    key_id = key[0].id if isinstance(key, tuple) else key.id
    gateway = Actor("apikey:gw", frozenset({Role.FINANCE}), Channel.API, extra={"api_key_id": key_id})
    line = {"serial": "P1", "txn_date": "2026-03-02", "amount": "88.00", "balance": "88.00", "remark": "remit:Z"}
    with UnitOfWork(engine) as uow, pytest.raises(Forbidden) as exc:
        stmts.push_line(uow, gateway, account_code=ACCOUNT, fields=line)
    assert exc.value.code is SettleError.PUSH_NOT_ALLOWED
    with UnitOfWork(engine) as uow:
        stmts.register_push_key(uow, ADMIN, api_key_id=key_id, bank_code="01")
        uow.commit()
    seen = []
    for _ in range(2):
        with UnitOfWork(engine) as uow:
            seen.append(stmts.push_line(uow, gateway, account_code=ACCOUNT, fields=line))
            uow.commit()
    assert seen[0][0] == seen[1][0] and [s[1] for s in seen] == [True, False]
    with UnitOfWork(engine) as uow, pytest.raises(AnjuError) as exc:
        stmts.push_line(uow, gateway, account_code=ACCOUNT, fields=dict(line, amount="89.00"))
    assert exc.value.code is SettleError.LINE_CHANGED


def test_verify_holds_after_a_closed_day_and_sees_a_line_dropped_from_it(day1):
    from sqlalchemy import delete

    from anju.settle import checks
    from anju.settle.tables import bank_day_item

    engine, _, _ = day1
    match(engine, D1)
    with UnitOfWork(engine) as uow:
        recon.close_day(uow, FIN1, on=D1)
        uow.commit()
    with engine.connect() as conn:
        assert [list(f(conn)) for f in (checks.lines_accounted, checks.match_amounts,
                                         checks.closed_days_explained)] == [[], [], []]
    with engine.begin() as conn:
        conn.execute(delete(bank_day_item).where(bank_day_item.c.side == "bank", bank_day_item.c.amount == 80_000))
        assert len(list(checks.lines_accounted(conn))) == 1


def test_two_matching_runners_match_each_line_once(day1):
    from tests.support.threads import race

    engine, _, _ = day1
    results, busy, errors = race(2, lambda i: match(engine, D1))
    assert errors == []
    assert len(busy) + len([r for r in results if not isinstance(r, BaseException)]) == 2
    match(engine, D1)  # whatever the first left, a later run finds nothing new
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(bank_match)).scalar_one() == 1
        assert conn.execute(select(func.count()).select_from(bank_statement_line)
                            .where(bank_statement_line.c.match_id.is_not(None))).scalar_one() == 1


def test_a_difference_must_be_explained_and_a_month_needs_its_days(engine):
    book(engine, "open", D0, 100_000_000)
    book(engine, "remit:A", D1, 500_000)
    load(engine, D1, [row("S1", D1, "5000.00", "1005100.00", remark="remit:A")])  # the bank states 100.00 more
    match(engine, D1)
    t = table(engine, D1).table
    assert t.difference == 10_000 and not t.items
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
        recon.close_day(uow, FIN1, on=D1)
    assert [p.code for p in exc.value.problems] == [SettleError.DAY_DIFFERENCE]
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
        recon.close_month(uow, FIN1, month=202603)
    assert {p.code for p in exc.value.problems} == {SettleError.MONTH_DAYS_OPEN}
    with UnitOfWork(engine) as uow:
        recon.close_day(uow, FIN1, on=D1, explanations={ACCOUNT: "银行余额多计100.00元，已函询"})
        uow.commit()
    from anju.settle import checks

    with engine.connect() as conn:
        assert table(engine, D1).explanation and list(checks.closed_days_explained(conn)) == []
