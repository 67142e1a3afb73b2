"""A payment file asked for without a bank says which choice is missing (no “受托银行不存在：” with nothing after
it), on both databases."""

from __future__ import annotations

from datetime import date

import pytest

from anju.auth.actor import cli_actor
from anju.core.errors import ValidationFailed
from anju.db import UnitOfWork
from anju.withdrawal import service as wd


@pytest.mark.parametrize("bank,expected", [("", "“受托银行”：请选择受托银行"), ("98", "“受托银行”：受托银行不存在：98")])
def test_a_payment_file_names_the_missing_bank(engine, bank, expected):
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
        wd.create_payout_batch(uow, cli_actor("fin"), bank_code=bank, pay_day=date(2026, 3, 2))
    assert [str(p) for p in exc.value.problems] == [expected]
