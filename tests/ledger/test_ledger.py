"""The ledger on both databases: posting, idempotency, reversal, closing, balances, verify."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text, update

from anju.auth.actor import Actor, Channel, Role, cli_actor
from anju.core.errors import AnjuError, Conflict, ErrorCode, Forbidden, ValidationFailed
from anju.db import UnitOfWork
from anju.ledger import service
from anju.ledger.errors import LedgerError
from anju.ledger.queries import account_balance, trial_balance
from anju.ledger.rules import Line, Posting
from anju.ledger.tables import voucher, voucher_line
from anju.verify import run_all

ADMIN = cli_actor("tester")
FINANCE = Actor("kuaiji", frozenset({Role.FINANCE}), Channel.COUNTER)
CLERK = Actor("jingban", frozenset({Role.CLERK}), Channel.COUNTER)


def contribution(key: str, amount: int, on: date = date(2025, 3, 10), bank: str = "10101") -> Posting:
    """Money in, held as 其他应付款 (219): 201 is controlled by the member sub-ledger and takes no manual entry."""
    return Posting(key=key, voucher_date=on, kind="manual", summary="暂收款",
                   lines=[Line.dr(bank, amount), Line.cr("219", amount)])


def post(engine, posting: Posting, actor: Actor = ADMIN):
    with UnitOfWork(engine) as uow:
        result = service.post(uow, actor, posting)
        uow.commit()
    return result


def failures(engine) -> dict[str, list[str]]:
    with engine.connect() as conn:
        return {r.check.name: [v.message for v in r.violations] for r in run_all(conn) if not r.ok}


class TestPost:
    def test_a_balanced_posting_becomes_voucher_one_of_its_period(self, engine):
        posted = post(engine, contribution("remit:1", 123456))
        assert posted.created and posted.period == 202503 and posted.number == 1
        assert posted.label == "记-202503-00001"
        with engine.connect() as conn:
            assert account_balance(conn, "219") == 123456
            assert account_balance(conn, "101") == 123456
            assert account_balance(conn, "10101") == 123456

    def test_numbers_run_per_period(self, engine):
        a = post(engine, contribution("a", 100, date(2025, 3, 1)))
        b = post(engine, contribution("b", 100, date(2025, 3, 31)))
        c = post(engine, contribution("c", 100, date(2025, 4, 1)))
        assert (a.number, b.number, c.number) == (1, 2, 1)
        assert c.period == 202504

    def test_same_key_returns_the_first_voucher_without_posting_again(self, engine):
        first = post(engine, contribution("remit:same", 5000))
        again = post(engine, contribution("remit:same", 5000))
        assert again.id == first.id and not again.created
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(voucher)).scalar_one() == 1
            assert account_balance(conn, "219") == 5000

    def test_same_key_with_other_content_is_a_conflict(self, engine):
        post(engine, contribution("remit:x", 5000))
        with pytest.raises(Conflict) as exc:
            post(engine, contribution("remit:x", 5001))
        assert exc.value.code == ErrorCode.IDEMPOTENCY_CONFLICT

    def test_every_problem_is_reported_at_once(self, engine):
        bad = Posting(key="bad", voucher_date=date(2025, 3, 1), kind="manual", summary="错误凭证",
                      lines=[Line.dr("999", 100), Line.dr("101", 50), Line(account="219", debit=5, credit=5),
                             Line.cr("219", 10)])
        with pytest.raises(ValidationFailed) as exc:
            post(engine, bad)
        texts = [str(p) for p in exc.value.problems]
        assert any("科目不存在：999" in t for t in texts)
        assert any("101有下级科目" in t for t in texts)
        assert any("有且只有一方" in t for t in texts)
        assert any("借贷不平衡" in t for t in texts)
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(voucher)).scalar_one() == 0

    def test_a_clerk_cannot_post_a_manual_journal_entry(self, engine):
        with pytest.raises(Forbidden):
            post(engine, contribution("k", 1), actor=CLERK)
        assert post(engine, contribution("k", 1), actor=FINANCE).created

    def test_concurrent_posts_with_one_key_make_one_voucher(self, engine):
        results, errors = [], []

        def worker():
            try:
                results.append(post(engine, contribution("remit:race", 777)))
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # A racing insert may lose on the unique key; it must never create a second voucher.
        assert len({r.id for r in results}) == 1
        assert all("uq_voucher_idempotency_key" in str(e) or "UNIQUE" in str(e) for e in errors)
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(voucher)).scalar_one() == 1
            assert account_balance(conn, "219") == 777


class TestReverse:
    def test_reversal_mirrors_and_links_the_original(self, engine):
        original = post(engine, contribution("remit:r", 9900))
        with UnitOfWork(engine) as uow:
            rev = service.reverse(uow, ADMIN, voucher_id=original.id, key="rev:r", voucher_date=date(2025, 3, 20),
                                  reason="错缴退回")
            uow.commit()
        with engine.connect() as conn:
            assert account_balance(conn, "219") == 0
            row = conn.execute(select(voucher).where(voucher.c.id == rev.id)).one()
            assert row.reverses_id == original.id
            lines = conn.execute(select(voucher_line.c.account_code, voucher_line.c.debit, voucher_line.c.credit)
                                 .where(voucher_line.c.voucher_id == rev.id).order_by(voucher_line.c.line_no)).all()
            assert [tuple(x) for x in lines] == [("10101", 0, 9900), ("219", 9900, 0)]
        assert failures(engine) == {}

    def test_a_voucher_is_reversed_once(self, engine):
        original = post(engine, contribution("remit:r2", 100))
        with UnitOfWork(engine) as uow:
            service.reverse(uow, ADMIN, voucher_id=original.id, key="rev:1", voucher_date=date(2025, 3, 20), reason="x")
            uow.commit()
        with UnitOfWork(engine) as uow, pytest.raises(Conflict):
            service.reverse(uow, ADMIN, voucher_id=original.id, key="rev:2", voucher_date=date(2025, 3, 20),
                            reason="再次")
        with UnitOfWork(engine) as uow:  # the same reversal key again is idempotent
            again = service.reverse(uow, ADMIN, voucher_id=original.id, key="rev:1",
                                    voucher_date=date(2025, 3, 20), reason="x")
            assert not again.created


class TestClosePeriod:
    def test_posting_into_a_closed_period_is_refused(self, engine):
        post(engine, contribution("before-close", 100, date(2025, 1, 15)))
        with UnitOfWork(engine) as uow:
            service.close_period(uow, ADMIN, period=202501)
            uow.commit()
        with pytest.raises(AnjuError) as exc:
            post(engine, contribution("after-close", 100, date(2025, 1, 20)))
        assert exc.value.code == ErrorCode.PERIOD_CLOSED
        # The next period is still open, and re-posting an old key is still answered.
        assert post(engine, contribution("feb", 100, date(2025, 2, 1))).created
        assert not post(engine, contribution("before-close", 100, date(2025, 1, 15))).created
        assert failures(engine) == {}


class TestBalances:
    def test_trial_balance_and_balances_as_of_a_date(self, engine):
        post(engine, contribution("m1", 10000, date(2025, 1, 10)))
        post(engine, contribution("m2", 20000, date(2025, 2, 10), bank="10102"))
        post(engine, Posting(key="int", voucher_date=date(2025, 2, 20), kind="bank.interest", summary="存款利息",
                             lines=[Line.dr("111", 300), Line.cr("40101", 300)]))
        with engine.connect() as conn:
            assert account_balance(conn, "219", as_of=date(2025, 1, 31)) == 10000
            assert account_balance(conn, "219", as_of=date(2025, 2, 28)) == 30000
            assert account_balance(conn, "101", as_of=date(2025, 2, 28)) == 30000
            assert account_balance(conn, "401", as_of=date(2025, 2, 28)) == 300
            rows = {r.code: r for r in trial_balance(conn, as_of=date(2025, 2, 28))}
        assert rows["101"].debit == 30000 and rows["101"].balance == 30000 and rows["101"].side == "借"
        assert rows["219"].balance == 30000 and rows["219"].side == "贷"
        assert sum(r.debit for r in rows.values() if r.is_leaf) == sum(r.credit for r in rows.values() if r.is_leaf)


class TestVerify:
    def test_a_fresh_database_passes(self, engine):
        assert failures(engine) == {}

    def test_a_corrupted_database_is_reported_with_its_records(self, engine):
        ok = post(engine, contribution("good", 5000))
        post(engine, contribution("victim", 7000))
        with UnitOfWork(engine) as uow:
            service.close_period(uow, ADMIN, period=202501)
            uow.commit()
        with engine.begin() as conn:
            # Tamper 1: change one side of a posted line -> voucher and trial balance no longer balance.
            conn.execute(update(voucher_line).where(voucher_line.c.voucher_id == ok.id, voucher_line.c.line_no == 2)
                         .values(credit=4000))
            # Tamper 2: slip a voucher into the closed period after closing.
            conn.execute(text(
                "INSERT INTO voucher (period, number, voucher_date, kind, summary, idempotency_key, content_hash, "
                "created_at, created_by) VALUES (202501, 99, '2025-01-31', 'manual', 'x', 'late', 'h', "
                "'2999-01-01 00:00:00', 'intruder')"))
            # Tamper 3: edit the audit trail.
            conn.execute(text("UPDATE audit_log SET username = 'nobody' WHERE seq = 1"))
        found = failures(engine)
        assert any("借方50.00，贷方40.00" in m for m in found["ledger.voucher_balanced"])
        assert any("分录0条" in m for m in found["ledger.voucher_balanced"])  # the slipped-in voucher
        assert "ledger.trial_balance" in found
        assert "ledger.closed_period" in found
        assert "audit.chain" in found and "篡改" in found["audit.chain"][0]


class TestRandomHistories:
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.tuples(st.sampled_from(["post", "reverse", "repost"]),
                              st.integers(min_value=1, max_value=10**9),
                              st.sampled_from(["10101", "10102", "111", "119"]),
                              st.integers(min_value=1, max_value=28)),
                    min_size=1, max_size=12))
    def test_any_sequence_of_postings_and_reversals_keeps_every_invariant(self, db, ops):
        db.reset()
        engine = db.engine
        posted = []
        expected_219 = 0
        for i, (op, amount, account, day) in enumerate(ops):
            on = date(2025, 5, day)
            if op == "post" or not posted:
                p = post(engine, Posting(key=f"k{i}", voucher_date=on, kind="t", summary="随机",
                                         lines=[Line.dr(account, amount), Line.cr("219", amount)]))
                posted.append((p.id, amount))
                expected_219 += amount
            elif op == "repost":
                vid, _ = posted[-1]
                with engine.connect() as conn:
                    key = conn.execute(select(voucher.c.idempotency_key).where(voucher.c.id == vid)).scalar_one()
                    orig = conn.execute(select(voucher).where(voucher.c.id == vid)).one()
                    lines = conn.execute(select(voucher_line).where(voucher_line.c.voucher_id == vid)
                                         .order_by(voucher_line.c.line_no)).all()
                again = post(engine, Posting(key=key, voucher_date=orig.voucher_date, kind=orig.kind,
                                             summary=orig.summary, reverses_id=orig.reverses_id,
                                             lines=[Line(r.account_code, r.debit, r.credit) for r in lines]))
                assert again.id == vid and not again.created
            else:
                vid, amt = posted.pop(0)
                with UnitOfWork(engine) as uow:
                    service.reverse(uow, ADMIN, voucher_id=vid, key=f"rev{vid}", voucher_date=on, reason="随机冲销")
                    uow.commit()
                expected_219 -= amt
        with engine.connect() as conn:
            assert account_balance(conn, "219") == expected_219
        assert failures(engine) == {}


class TestControlledAccounts:
    def test_a_manual_entry_cannot_touch_member_money(self, engine):
        bad = Posting(key="manual-201", voucher_date=date(2025, 3, 1), kind="manual", summary="手工调账",
                      lines=[Line.dr("10101", 100), Line.cr("201", 100)])
        with pytest.raises(ValidationFailed) as exc:
            post(engine, bad)
        assert exc.value.problems[0].code == LedgerError.ACCOUNT_CONTROLLED
