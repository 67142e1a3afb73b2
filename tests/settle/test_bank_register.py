"""专户 and agreements under maker-checker (anju.settle.accounts) on both databases."""

from __future__ import annotations

from datetime import date

import pytest

from anju.auth.actor import Actor, Channel, Role
from anju.bank import queries as bank_queries
from anju.bank.codes import AccountStatus
from anju.core.errors import AnjuError, ErrorCode, ValidationFailed
from anju.db import UnitOfWork
from anju.settle import accounts
from anju.settle.codes import ChangeStatus
from anju.settle.errors import SettleError

FIN1 = Actor("fin1", frozenset({Role.FINANCE}), Channel.COUNTER)
FIN2 = Actor("fin2", frozenset({Role.FINANCE}), Channel.COUNTER)
DAY = date(2026, 3, 2)


def _do(engine, fn, actor, **kw):
    with UnitOfWork(engine) as uow:
        out = fn(uow, actor, as_of=DAY, **kw)
        uow.commit()
    return out


def test_open_sign_and_close_need_a_second_person(db):
    e = db.engine
    gid = _do(e, accounts.request_sign_agreement, FIN1, bank_code="02", no="JH-WT-2026", title="住房公积金委托业务协议书",
              services=["collect", "loan"], signed_on=date(2026, 1, 5), valid_from=date(2026, 1, 5), valid_to=None,
              fee_terms="委托贷款手续费：回收利息×3%×考核系数")
    with pytest.raises(AnjuError) as exc:  # the maker may not approve their own request
        _do(e, accounts.approve, FIN1, change_id=gid)
    assert exc.value.code is ErrorCode.APPROVAL_SELF
    agreement_id = _do(e, accounts.approve, FIN2, change_id=gid)
    cid = _do(e, accounts.request_open_account, FIN1, bank_code="02", purpose="loan", account_no="43050160000000000777",
              account_name="示例市住房公积金管理中心委托贷款基金", ledger_code="10102", opened_on=date(2026, 3, 1),
              agreement_no="JH-WT-2026")
    with e.connect() as conn:
        assert bank_queries.account(conn, "43050160000000000777") is None  # not before it is approved
    account_id = _do(e, accounts.approve, FIN2, change_id=cid)
    with e.connect() as conn:
        acc = bank_queries.account(conn, account_id)
        assert (acc.ledger_code, acc.agreement_id, acc.status) == ("10102", agreement_id, AccountStatus.ACTIVE)
    close = _do(e, accounts.request_close_account, FIN1, account_no="43050160000000000777", closed_on=date(2026, 3, 31),
                reason="账户合并")
    _do(e, accounts.reject, FIN2, change_id=close, reason="尚有未达账项")
    with e.connect() as conn:
        assert bank_queries.account(conn, account_id).status == AccountStatus.ACTIVE
        assert [c.status for c in accounts.changes(conn)][:1] == [ChangeStatus.REJECTED]


def test_open_refused_with_every_problem(db):
    with pytest.raises(ValidationFailed) as exc:
        _do(db.engine, accounts.request_open_account, FIN1, bank_code="01", purpose="collect", account_no="12",
            account_name="", ledger_code="10109", opened_on=date(2026, 3, 1))
    codes = {p.code for p in exc.value.problems}
    assert {"bank.account_no_invalid", "bank.file_value_missing", "bank.ledger_code_invalid",
            SettleError.CHANGE_LEDGER_MISSING} <= codes
