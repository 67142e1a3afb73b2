"""The synthetic bank over a stretch of days on both databases: every day closes, the 调节表 balances each day,
each planted difference (fee, late receipt, returned payout, wrong amount) appears in its day's table with a
reason, and `anju verify`'s reconciliation checks hold."""

from __future__ import annotations

from datetime import date, timedelta

from anju.settle import checks, recon, simbank
from anju.settle.codes import ItemKind, Side
from tests.settle.support import ACCOUNT, ADMIN, book

START, END = date(2026, 3, 2), date(2026, 3, 9)


def books(engine) -> None:
    book(engine, "open", START - timedelta(days=1), 50_000_000)
    d, n = START, 0
    while d <= END:
        n += 1
        book(engine, f"remit:{n}a", d, 120_000 + n * 100)
        book(engine, f"remit:{n}b", d, 80_000 + n * 10)
        book(engine, f"pay:{n}", d, -(30_000 + n))
        if n % 3 == 0:  # one payout file posted as two vouchers: one bank line
            book(engine, f"file:{n}:1", d, -10_000, ref=("payout_batch", str(n)))
            book(engine, f"file:{n}:2", d, -15_000, ref=("payout_batch", str(n)))
        d += timedelta(days=1)


def test_a_simulated_stretch_reconciles_with_every_planted_difference_explained(engine):
    books(engine)
    out = simbank.run(engine, ADMIN, start=START, end=END, seed=7)
    days = (END - START).days + 1
    assert out.days_closed % days == 0 and out.days_closed >= days  # every 专户 of the register, every day
    assert sorted(p.kind for p in out.planted) == ["fee", "late", "returned", "wrong"]
    assert out.unexpected == []
    expected = {"fee": ItemKind.BANK_OUT, "returned": ItemKind.BANK_OUT, "wrong": ItemKind.BANK_IN}
    with engine.connect() as conn:
        for d in (START + timedelta(days=i) for i in range((END - START).days + 1)):
            r = recon.reconcile(conn, ACCOUNT, d)
            assert r.closed and r.table.adjusted_bank == r.table.adjusted_book and not r.table.unexplained, d
        for p in out.planted:
            t = recon.reconcile(conn, ACCOUNT, p.day).table
            if p.kind == "late":  # the book's receipt waits a day for the bank
                assert any(i.kind is ItemKind.BOOK_IN and i.amount == p.amount and i.reason for i in t.items)
                continue
            (item,) = [i for i in t.items if i.side is Side.BANK and i.amount == p.amount]
            assert item.kind is expected[p.kind] and item.reason
            if p.kind != "fee" and p.day < END:  # paired or matched the next day
                later = recon.reconcile(conn, ACCOUNT, p.day + timedelta(days=1)).table
                assert item.ref not in {i.ref for i in later.items if i.side is Side.BANK}
        assert [list(f(conn)) for f in (checks.lines_accounted, checks.match_amounts,
                                         checks.closed_days_explained)] == [[], [], []]
