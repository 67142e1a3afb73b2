"""缴存证明 on both databases: “近12个月缴存N个月” counts the distinct contribution months of the window, not
the months of rows posted in it (the audit found 13), checked by hand and against the detail rows."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from anju.core.dates import add_months, month_range
from anju.registry import queries
from anju.registry.tables import member_txn
from tests.support.factory import open_employer, open_members, pay_month


def reference(engine, account_id: int, as_of: date) -> tuple[int, int]:
    """Slow second opinion: walk the rows in Python and net each month of the window."""
    window = set(month_range(add_months(as_of.year * 100 + as_of.month, -11), as_of.year * 100 + as_of.month))
    net: dict[int, int] = {}
    with engine.connect() as conn:
        for r in conn.execute(select(member_txn).where(member_txn.c.account_id == account_id)):
            if r.type in ("01", "02") and r.month in window and r.txn_date <= as_of:
                net[r.month] = net.get(r.month, 0) + r.amount
    paid = {m: a for m, a in net.items() if a > 0}
    return len(paid), sum(paid.values())


def test_late_postings_do_not_make_thirteen_months(engine):
    # base 5,000.00 × 12% × 2 = 1,200.00 a month; months 2025-06 .. 2026-06 (one interest year of postings),
    # each paid on the 5th of the next month, 2026-06 on 2026-06-15. On 2026-06-20 the window is 2025-07 ..
    # 2026-06: 12 months, 14,400.00. Counting the months of rows posted since 2025-06-01 gave 13 (2025-06 was
    # posted on 2025-07-05).
    eid = open_employer(engine, first_month=202506, on=date(2025, 7, 1))
    (acct,) = open_members(engine, eid, 1, first_month=202506, on=date(2025, 7, 1))
    for m in month_range(202506, 202605):
        nxt = add_months(m, 1)
        pay_month(engine, eid, m, date(nxt // 100, nxt % 100, 5))
    pay_month(engine, eid, 202606, date(2026, 6, 15))
    as_of = date(2026, 6, 20)
    with engine.connect() as conn:
        cert = queries.certificate(conn, acct, as_of=as_of)
    assert (cert.months_paid_last_12, cert.contributed_last_12) == (12, 1_440_000)
    assert (cert.window_from, cert.window_to) == (202507, 202606)
    assert reference(engine, acct, as_of) == (12, 1_440_000)
    # on 2026-06-12 the June contribution is not posted yet: 11 months (2025-07 .. 2026-05)
    with engine.connect() as conn:
        cert = queries.certificate(conn, acct, as_of=date(2026, 6, 12))
    assert (cert.months_paid_last_12, cert.contributed_last_12) == (11, 1_320_000)
    assert reference(engine, acct, date(2026, 6, 12)) == (11, 1_320_000)
