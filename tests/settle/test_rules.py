"""The pure rules: the §1.4 worked example as a 调节表, each matching rule, and a slow reference implementation of
the exact and amount rules as a second opinion on random lines (Hypothesis), with the adjusted balances equal
whenever the books and the bank agree."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from anju.settle import calc, rules
from anju.settle.codes import ItemKind, MatchRule, Side

D = date(2025, 3, 31)


def test_the_worked_example_of_the_reference():
    """建行归集户 2025-03-31 (hpf-reference-2 §1.4): both adjusted balances 52,535,912.65."""
    left = [calc.Leftover(Side.BANK, 1, D, 3_651_240, summary="季度结息"),
            calc.Leftover(Side.BANK, 2, D, 12_000_000, summary="汇款"),
            calc.Leftover(Side.BANK, 3, D, -106_000, summary="手续费"),
            calc.Leftover(Side.BOOK, 4, D, 8_000_000, text="支票进账"),
            calc.Leftover(Side.BOOK, 5, D, -38_642_000, text="3-31 提取批次")]
    t = calc.table(on=D, bank_balance=5_284_233_265, book_balance=5_238_046_025, leftovers=left, notes={},
                   suspects=set(), timing_days=3)
    assert t.adjusted_book == t.adjusted_bank == 5_253_591_265
    assert (t.total(ItemKind.BANK_IN), t.total(ItemKind.BANK_OUT), t.total(ItemKind.BOOK_IN),
            t.total(ItemKind.BOOK_OUT)) == (15_651_240, 106_000, 8_000_000, 38_642_000)
    assert [i.reason for i in t.items] == ["银行结息，待中心入账", "未认领汇款，待认领后入账", "银行扣费，待中心入账",
                                           "在途：中心已入账，银行尚未入账", "中心已付款，银行尚未执行"]
    assert not t.unexplained


def B(i, amount, day=D, **kw):
    return rules.BankLine(i, day, amount, serial=kw.pop("serial", f"S{i}"), **kw)


def K(i, amount, day=D, **kw):
    return rules.BookLine(i, day, amount, key=kw.pop("key", f"K{i}"), **kw)


def test_each_rule_in_its_order():
    bank = [B(1, 100, serial="R1"), B(2, 200, remark="K12"), B(3, 300, day=D + timedelta(days=2)),
            B(4, -900, remark="payout_batch:7"), B(5, -50), B(6, 50, reversal=True, remark="S5"), B(7, 77, remark="K17")]
    book = [K(11, 100, serial="R1"), K(12, 200), K(13, 300), K(14, -400, batch="payout_batch:7"),
            K(15, -500, batch="payout_batch:7"), K(16, 60, voucher_id=1), K(18, -60, voucher_id=2, reverses=1),
            K(17, 78)]
    out = rules.match(bank, book, window=3)
    got = {(f.rule, f.bank, f.book) for f in out.found}
    assert got == {(MatchRule.SERIAL, (1,), (11,)), (MatchRule.REMARK, (2,), (12,)), (MatchRule.AMOUNT, (3,), (13,)),
                   (MatchRule.BATCH, (4,), (14, 15)), (MatchRule.REVERSAL, (5, 6), ()),
                   (MatchRule.REVERSAL, (), (16, 18))}
    assert [(s.bank, s.book, s.rule) for s in out.suspects] == [(7, (17,), MatchRule.REMARK)]


def test_an_ambiguous_amount_is_left_for_a_person():
    out = rules.match([B(1, 100), B(2, 100)], [K(11, 100), K(12, 100)], window=3)
    assert out.found == [] and out.suspects == []


# ---------------------------------------------------------------------------------------- second opinion


def slow_match(bank, book, window):
    """Rules 1–3 the slow way: nested loops over every pair, in id order."""
    used_b, used_k, found = set(), set(), []
    for rule, bk, kk in ((MatchRule.SERIAL, "serial", "serial"), (MatchRule.REMARK, "remark", "key")):
        for b in sorted(bank, key=lambda x: x.id):
            if b.id in used_b or not getattr(b, bk):
                continue
            for k in sorted(book, key=lambda x: x.id):
                if getattr(k, kk) == getattr(b, bk) and k.id not in used_k:
                    if k.amount == b.amount:
                        used_b.add(b.id)
                        used_k.add(k.id)
                        found.append((rule, (b.id,), (k.id,)))
                    else:
                        used_b.add(b.id)  # a suspect: left for a person
                    break
    refs = {k.key for k in book}
    for b in sorted(bank, key=lambda x: x.id):
        if b.id in used_b or (b.remark and b.remark in refs):
            continue
        ks = [k for k in book if k.id not in used_k and k.amount == b.amount and abs((k.day - b.day).days) <= window]
        bs = [x for x in bank if x.id not in used_b and not (x.remark and x.remark in refs) and ks
              and x.amount == b.amount and abs((ks[0].day - x.day).days) <= window]
        if len(ks) == 1 and len(bs) == 1:
            used_b.add(b.id)
            used_k.add(ks[0].id)
            found.append((MatchRule.AMOUNT, (b.id,), (ks[0].id,)))
    return set(found)


amounts = st.sampled_from([100, 250, -300, 4_000, -4_000, 12_345])


@st.composite
def lines(draw):
    n = draw(st.integers(0, 8))
    bank, book = [], []
    for i in range(n):
        a = draw(amounts)
        day = D + timedelta(days=draw(st.integers(0, 5)))
        how = draw(st.sampled_from(["serial", "remark", "none", "bank_only", "book_only", "wrong"]))
        if how != "book_only":
            bank.append(B(i, a + (1 if how == "wrong" else 0), day,
                          serial=f"R{i}" if how in ("serial", "wrong") else f"S{i}",
                          remark=f"K{100 + i}" if how == "remark" else None))
        if how != "bank_only":
            book.append(K(100 + i, a, day + timedelta(days=draw(st.integers(0, 2))),
                          serial=f"R{i}" if how in ("serial", "wrong") else None))
    return bank, book


@settings(max_examples=80, deadline=None)
@given(lines())
def test_the_rules_agree_with_the_slow_reference_and_the_table_balances(data):
    bank, book = data
    out = rules.match(bank, book, window=3)
    fast = {(f.rule, f.bank, f.book) for f in out.found}
    assert fast == slow_match(bank, book, 3)
    # every line used once; a match's two sides are equal
    used = [b for f in out.found for b in f.bank], [k for f in out.found for k in f.book]
    assert len(used[0]) == len(set(used[0])) and len(used[1]) == len(set(used[1]))
    amount = {**{("b", b.id): b.amount for b in bank}, **{("k", k.id): k.amount for k in book}}
    for f in out.found:
        assert sum(amount[("b", i)] for i in f.bank) == sum(amount[("k", i)] for i in f.book)
    # opening balances equal → the adjusted balances are equal, whatever is left over
    on = D + timedelta(days=7)
    left = [calc.Leftover(Side.BANK, b.id, b.day, b.amount) for b in bank if b.id not in used[0]]
    left += [calc.Leftover(Side.BOOK, k.id, k.day, k.amount) for k in book if k.id not in used[1]]
    t = calc.table(on=on, bank_balance=1_000 + sum(b.amount for b in bank),
                   book_balance=1_000 + sum(k.amount for k in book), leftovers=left, notes={}, suspects=set(),
                   timing_days=3)
    assert t.adjusted_bank == t.adjusted_book
