"""``ledger.post_many(existing=…)``: what a key that already has a voucher means to a batch (issue 16)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from anju.core.errors import Conflict
from anju.db import UnitOfWork
from anju.ledger import service as ledger
from anju.ledger.errors import LedgerError
from anju.ledger.rules import Line, Posting
from anju.ledger.tables import voucher
from tests.support.factory import CLERK


def posting(key: str, amount: int = 1000) -> Posting:
    return Posting(key=key, voucher_date=date(2025, 3, 3), kind="test", summary=f"测试{key}",
                   lines=[Line.dr("10101", amount), Line.cr("41101", amount)])


def vouchers(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(voucher)).scalar_one()


def test_by_default_an_existing_key_returns_its_voucher(engine):
    with UnitOfWork(engine) as uow:
        (first,) = ledger.post_many(uow, CLERK, [posting("t:1")])
        uow.commit()
    with UnitOfWork(engine) as uow:
        again, fresh = ledger.post_many(uow, CLERK, [posting("t:1"), posting("t:2")])
        uow.commit()
    assert first.created and (again.id, again.created) == (first.id, False) and fresh.created
    assert vouchers(engine) == 2


def test_refuse_stops_the_whole_batch_at_an_existing_key(engine):
    with UnitOfWork(engine) as uow:
        (first,) = ledger.post_many(uow, CLERK, [posting("t:1")])
        uow.commit()
    with UnitOfWork(engine) as uow, pytest.raises(Conflict) as exc:
        ledger.post_many(uow, CLERK, [posting("t:0"), posting("t:1")], existing="refuse")
    assert exc.value.code is LedgerError.KEY_ALREADY_POSTED
    assert exc.value.message == f"业务键t:1已记账（凭证{first.label}），本批未重复记账"  # names the voucher
    assert vouchers(engine) == 1
    with UnitOfWork(engine) as uow:  # a batch of new keys is posted as before
        posted = ledger.post_many(uow, CLERK, [posting("t:0"), posting("t:2")], existing="refuse")
        uow.commit()
    assert all(p.created for p in posted) and vouchers(engine) == 3
    with UnitOfWork(engine) as uow, pytest.raises(ValueError):
        ledger.post_many(uow, CLERK, [posting("t:3")], existing="skip")
