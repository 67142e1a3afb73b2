"""The statistics roll-up of the member sub-ledger (registry.rollup), on both databases: figures are the same
before, during and after it runs; it is incremental, resumable and never adds a row twice; `anju verify`
catches a roll-up that disagrees with the sub-ledger."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, update

from anju.db import UnitOfWork
from anju.indicators import catalogue as cat
from anju.registry import rollup
from anju.registry import service as registry
from anju.registry.checks import rollup_matches
from anju.registry.tables import member_txn, stat_member_year, stat_txn_day, stat_watermark
from tests.support.factory import CLERK, open_employer, open_members, pay_month

PERIODS = [cat.Period.year(2025), cat.Period.quarter(2025, 1), cat.Period.month(202502),
           cat.Period.between(date(2025, 1, 20), date(2025, 3, 15)), cat.Period.year(2024)]
CODES = ("deposit.amount", "deposit.remit", "deposit.back_pay", "deposit.total_to_date", "deposit.rate",
         "registry.members_paying", "registry.members_new", "registry.employers_paying",
         "withdrawal.total_to_date")


def centre(engine):
    a = open_employer(engine, name="甲")
    b = open_employer(engine, name="乙", ratio="0.05")
    ids = open_members(engine, a, 3, start=1)
    open_members(engine, b, 2, start=10)
    pay_month(engine, a, 202501, date(2025, 1, 12))
    pay_month(engine, b, 202501, date(2025, 1, 13))
    pay_month(engine, a, 202502, date(2025, 2, 12))
    return a, b, ids


def figures(engine) -> dict:
    out = {}
    with engine.connect() as conn:
        for p in PERIODS:
            for code in CODES:
                out[(code, p.label)] = cat.value(conn, code, p)
            for code in ("registry.members_paying", "registry.members_new", "deposit.amount", "registry.employers_paying"):
                out[(code, p.label, "employer_kind")] = by_kind = cat.by(conn, code, p, "employer_kind")
                # The records behind them, a page at a time (pages read the roll-up) and whole (the export).
                for key in [None, *(("employer_kind", k) for k in by_kind)]:
                    for offset, limit in ((0, 2), (2, 2), (0, None)):
                        d = cat.detail(conn, code, p, offset=offset, limit=limit, key=key)
                        out[(code, p.label, key, offset, limit)] = (d.total, list(d.rows))
    return out


def violations(engine) -> list:
    with engine.connect() as conn:
        return list(rollup_matches(conn))


def test_figures_are_the_same_before_and_after_the_rollup_and_it_is_incremental(engine):
    a, _b, ids = centre(engine)
    before = figures(engine)
    assert before[("registry.members_paying", "2025年")] == 5
    assert before[("registry.members_new", "2025年第1季度")] == 5
    rows = _rows(engine)
    assert rollup.refresh(engine) == rows
    assert figures(engine) == before
    assert violations(engine) == []
    assert rollup.refresh(engine) == 0  # nothing new: nothing added

    # New rows after the roll-up: read from the sub-ledger above the watermark, then rolled up in turn.
    pay_month(engine, a, 202503, date(2025, 3, 12))
    with UnitOfWork(engine) as uow:
        registry.seal(uow, CLERK, account_id=ids[0], reason="离职", as_of=date(2025, 4, 1))
        uow.commit()
    mixed = figures(engine)
    assert mixed[("deposit.amount", "2025年")] == before[("deposit.amount", "2025年")] + 3 * 120_000
    assert rollup.refresh(engine) == _rows(engine) - rows
    assert figures(engine) == mixed
    assert violations(engine) == []


def test_a_partial_month_period_reads_the_sub_ledger(engine):
    centre(engine)
    rollup.refresh(engine)
    with engine.connect() as conn:
        # 2025-01-13 .. 2025-02-12: B's January list (2 members) and A's February list (3 members).
        assert cat.value(conn, "registry.members_paying", cat.Period.between(date(2025, 1, 13), date(2025, 2, 12))) == 5
        assert cat.value(conn, "registry.members_paying", cat.Period.day(date(2025, 1, 12))) == 3


def test_an_interrupted_refresh_resumes_without_adding_twice(engine):
    centre(engine)
    expected = figures(engine)

    class Stop(Exception):
        pass

    def stop_after_first(_done):
        raise Stop

    with pytest.raises(Stop):
        rollup.refresh(engine, chunk=4, progress=stop_after_first)
    with engine.connect() as conn:
        assert conn.execute(select(stat_watermark.c.last_id)).scalar_one() == 4
    assert figures(engine) == expected  # half rolled up: still exact
    rollup.refresh(engine, chunk=4)
    assert figures(engine) == expected
    assert violations(engine) == []


def test_a_chunk_whose_watermark_moved_adds_nothing(engine):
    """Two refreshes at once: the one that finds the watermark moved (the other added the chunk) adds nothing."""
    centre(engine)
    rollup.refresh(engine)
    total = _rows(engine)
    with engine.connect() as conn:
        before = conn.execute(select(func.sum(stat_txn_day.c.rows))).scalar_one()
    assert rollup.roll_chunk(engine, total - 3, total) is None
    with engine.connect() as conn:
        assert conn.execute(select(func.sum(stat_txn_day.c.rows))).scalar_one() == before == total
        assert conn.execute(select(stat_watermark.c.last_id)).scalar_one() == total
    assert violations(engine) == []


def test_verify_catches_a_rollup_that_disagrees(engine):
    centre(engine)
    rollup.refresh(engine)
    with engine.begin() as conn:
        conn.execute(update(stat_txn_day).where(stat_txn_day.c.type == "01").values(amount=stat_txn_day.c.amount + 1))
    found = violations(engine)
    assert found and "业务类型01" in found[0].message
    with engine.begin() as conn:
        conn.execute(update(stat_txn_day).where(stat_txn_day.c.type == "01").values(amount=stat_txn_day.c.amount - 1))
        conn.execute(stat_member_year.delete().where(stat_member_year.c.account_id == select(
            func.min(stat_member_year.c.account_id)).scalar_subquery()))
    found = violations(engine)
    assert found and "按人年汇总" in found[0].message


def _rows(engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(member_txn)).scalar_one())


def test_the_nightly_job_from_the_command_line(engine):
    import json

    from tests.support.cli import invoke

    centre(engine)
    first = invoke(engine, "jobs", "stats-rollup", "--json")
    assert first.exit_code == 0 and json.loads(first.stdout)["rows"] == _rows(engine)
    again = invoke(engine, "jobs", "stats-rollup")
    assert again.exit_code == 0 and "新增明细 0 笔" in again.stdout


def test_many_refreshes_at_once_add_every_row_once(engine):
    """N nightly jobs started together (threads, each its own connections): the watermark, moved only from the
    value read (row count checked), lets one of them add each chunk; the others add nothing for it."""
    from anju.verify import run_all
    from tests.support.threads import together, unexpected

    centre(engine)
    expected = figures(engine)
    results = together(4, lambda i: rollup.refresh(engine, chunk=3))
    assert unexpected(results) == []
    assert sum(results) == _rows(engine)  # each row added by exactly one runner
    with engine.connect() as conn:
        assert conn.execute(select(func.sum(stat_txn_day.c.rows))).scalar_one() == _rows(engine)
        assert conn.execute(select(stat_watermark.c.last_id)).scalar_one() == _rows(engine)
        assert [r.check.name for r in run_all(conn) if not r.ok] == []
    assert figures(engine) == expected
    assert violations(engine) == []
