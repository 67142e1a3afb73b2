"""Many simultaneous withdrawals on one account, in threads on both databases: the reservations never exceed
the balance, a payment file takes each approved payment once, and a bank result is posted once."""

from __future__ import annotations

import threading

from anju.core.errors import AnjuError
from anju.withdrawal import payout, queries
from anju.withdrawal import service as wd
from tests.withdrawal.helpers import (
    DAY,
    FINANCE,
    account,
    failures,
    member,
    other,
    review_and_approve,
    step,
)


def together(n: int, fn) -> list:
    """Run ``fn(i)`` in ``n`` threads released at the same moment; each result or the business error raised."""
    barrier = threading.Barrier(n)
    out: list = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        try:
            out[i] = fn(i)
        except AnjuError as exc:
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return out


def test_simultaneous_applications_never_promise_more_than_the_balance(engine):
    acct, _ = member(engine, 1)  # 12,000.00
    results = together(8, lambda i: other(engine, acct, 200_000))
    accepted = [r for r in results if isinstance(r, wd.Applied)]
    assert len(accepted) == 6
    assert all(isinstance(r, AnjuError) for r in results if r not in accepted)
    with engine.connect() as conn:
        assert queries.held(conn, acct).amount == 1_200_000
    for a in accepted:
        review_and_approve(engine, a.id)
    batches = together(3, lambda i: step(engine, lambda uow, **k: wd.create_payout_batch(uow, FINANCE, **k),
                                         bank_code="01", pay_day=DAY))
    made = [b for b in batches if isinstance(b, wd.Batch)]
    assert len(made) == 1 and made[0].count == 6  # the others found nothing left to pay
    with engine.connect() as conn:
        lines = queries.batch_lines(conn, made[0].id)
    data = payout.result_csv([payout.Result(ln.payment_no, True, "", f"B{ln.id}") for ln in lines])
    loads = together(3, lambda i: step(engine, lambda uow, **k: wd.load_payout_result(uow, FINANCE, **k),
                                       batch_id=made[0].id, data=data, filename="r.csv", as_of=DAY))
    assert len([r for r in loads if isinstance(r, wd.Settled)]) == 1
    assert account(engine, acct).balance == 0
    assert failures(engine) == {}


def test_payment_file_and_bank_result_by_many_runners_debit_each_member_once(engine):
    """N finance clerks press 生成付款文件 and then 导入银行结果 at the same moment: one file holds every approved
    payment once, one result posts one voucher, and each member's account is debited exactly once."""
    from sqlalchemy import func, select

    from anju.ledger.tables import voucher
    from anju.registry.tables import member_txn
    from anju.withdrawal.tables import payout_batch, payout_line
    from tests.support.threads import together as at_once
    from tests.support.threads import unexpected

    accounts = [member(engine, n)[0] for n in range(11, 15)]
    for acct in accounts:
        review_and_approve(engine, other(engine, acct, 300_000).id)
    made = at_once(4, lambda i: step(engine, lambda uow, **k: wd.create_payout_batch(uow, FINANCE, **k),
                                     bank_code="01", pay_day=DAY))
    assert unexpected(made) == []
    batches = [b for b in made if isinstance(b, wd.Batch)]
    assert len(batches) == 1 and batches[0].count == len(accounts)
    with engine.connect() as conn:
        lines = queries.batch_lines(conn, batches[0].id)
        assert conn.execute(select(func.count()).select_from(payout_batch)).scalar_one() == 1
        assert conn.execute(select(func.count()).select_from(payout_line)).scalar_one() == len(accounts)
    data = payout.result_csv([payout.Result(ln.payment_no, True, "", f"B{ln.id}") for ln in lines])
    loads = at_once(4, lambda i: step(engine, lambda uow, **k: wd.load_payout_result(uow, FINANCE, **k),
                                      batch_id=batches[0].id, data=data, filename="r.csv", as_of=DAY))
    assert unexpected(loads) == []
    assert len([r for r in loads if isinstance(r, wd.Settled)]) == 1
    with engine.connect() as conn:
        debits = dict(conn.execute(select(member_txn.c.account_id, func.count()).where(
            member_txn.c.ref_type == "withdrawal").group_by(member_txn.c.account_id)).all())
        assert conn.execute(select(func.count()).select_from(voucher)
                            .where(voucher.c.kind == "withdrawal.payout")).scalar_one() == 1
    assert debits == {acct: 1 for acct in accounts}
    assert all(account(engine, acct).balance == 1_200_000 - 300_000 for acct in accounts)
    assert failures(engine) == {}
