"""Account books (账套) on both databases: the maintenance fund's own chart, numbering, periods, trial balance,
verify; nothing posts across books; the provident fund's book stays the default."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from anju.auth.actor import cli_actor
from anju.core.errors import AnjuError, NotFound, ValidationFailed
from anju.db import UnitOfWork
from anju.ledger import service
from anju.ledger.errors import LedgerError
from anju.ledger.queries import account_balance, books, closed_periods, trial_balance
from anju.ledger.rules import Line, Posting
from anju.verify import run_all

ADMIN = cli_actor("tester")


def hpf(key: str, amount: int, on: date = date(2025, 3, 10)) -> Posting:
    return Posting(key=key, voucher_date=on, kind="manual", summary="暂收款",
                   lines=[Line.dr("10101", amount), Line.cr("219", amount)])


def mf(key: str, amount: int, on: date = date(2025, 3, 10), book: str | None = "mf") -> Posting:
    # 共用部位经营收益: not a sub-ledger's control account (the household accounts are the maintenance fund's)
    return Posting(key=key, voucher_date=on, kind="mf.income", summary="共用部位经营收益", book=book,
                   lines=[Line.dr("M1002", amount), Line.cr("M4102", amount)])


def post(engine, posting: Posting):
    with UnitOfWork(engine) as uow:
        result = service.post(uow, ADMIN, posting, check_permission=False)
        uow.commit()
    return result


def failures(engine) -> dict[str, list[str]]:
    with engine.connect() as conn:
        return {r.check.name: [v.message for v in r.violations] for r in run_all(conn) if not r.ok}


def test_each_book_numbers_its_own_vouchers(engine):
    a = post(engine, hpf("h1", 100))
    b = post(engine, mf("m1", 200))
    c = post(engine, mf("m2", 300))
    d = post(engine, hpf("h2", 100))
    assert (a.label, b.label, c.label, d.label) == ("记-202503-00001", "维-202503-00001", "维-202503-00002",
                                                    "记-202503-00002")
    assert (a.book, b.book) == ("hpf", "mf")
    with engine.connect() as conn:
        assert [r.code for r in books(conn)] == ["hpf", "mf"]
        tb_hpf = {r.code: r for r in trial_balance(conn)}
        tb_mf = {r.code: r for r in trial_balance(conn, book="mf")}
        assert "M1002" not in tb_hpf and "101" in tb_hpf
        assert "101" not in tb_mf and tb_mf["M1002"].balance == 500 and tb_mf["M4102"].balance == 500
        assert sum(r.debit for r in tb_mf.values() if r.is_leaf) == sum(r.credit for r in tb_mf.values()
                                                                         if r.is_leaf) == 500
        assert account_balance(conn, "101") == 200 and account_balance(conn, "M4102") == 500
    assert failures(engine) == {}


def test_posting_across_books_is_refused(engine):
    mixed = Posting(key="x", voucher_date=date(2025, 3, 10), kind="mf.deposit", summary="跨账套",
                    lines=[Line.dr("10101", 100), Line.cr("M4102", 100)])
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
        service.post(uow, ADMIN, mixed, check_permission=False)
    assert [p.code for p in exc.value.problems] == [LedgerError.CROSS_BOOK]
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
        service.post_many(uow, ADMIN, [hpf("ok", 1), mixed])
    assert LedgerError.CROSS_BOOK in [p.code for p in exc.value.problems]
    wrong = hpf("w", 100)
    wrong = Posting(**{**wrong.__dict__, "book": "mf"})
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
        service.post(uow, ADMIN, wrong, check_permission=False)
    assert [p.code for p in exc.value.problems] == [LedgerError.WRONG_BOOK]


def test_batches_reversals_and_periods_are_per_book(engine):
    with UnitOfWork(engine) as uow:
        got = service.post_many(uow, ADMIN, [hpf("b1", 10), mf("b2", 20), mf("b3", 30, date(2025, 4, 2))])
        uow.commit()
    assert [g.label for g in got] == ["记-202503-00001", "维-202503-00001", "维-202504-00001"]
    with UnitOfWork(engine) as uow:
        rev = service.reverse(uow, ADMIN, voucher_id=got[1].id, key="b2:rev", voucher_date=date(2025, 3, 20),
                              reason="错账")
        service.close_period(uow, ADMIN, period=202503, book="mf")
        uow.commit()
    assert rev.label == "维-202503-00002"
    with engine.connect() as conn:
        assert closed_periods(conn, [202503], book="mf") == {202503}
        assert closed_periods(conn, [202503]) == set()
    assert post(engine, hpf("h-after", 5)).number == 2  # the provident fund's March stays open
    with UnitOfWork(engine) as uow, pytest.raises(AnjuError):
        service.post(uow, ADMIN, mf("m-after", 5), check_permission=False)
    with UnitOfWork(engine) as uow, pytest.raises(NotFound) as exc:
        service.close_period(uow, ADMIN, period=202503, book="nope")
    assert exc.value.code is LedgerError.BOOK_UNKNOWN
    assert failures(engine) == {}


def test_verify_finds_a_voucher_whose_lines_left_its_book(engine):
    v = post(engine, mf("m1", 200))
    with engine.begin() as conn:
        conn.execute(text("UPDATE voucher SET book = 'hpf' WHERE id = :id"), {"id": v.id})
    found = failures(engine)
    assert "ledger.one_book" in found
    assert "ledger.voucher_audit" in found  # the book is part of what the audit chain vouches for
