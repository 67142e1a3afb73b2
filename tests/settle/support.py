"""Helpers of the settlement tests: vouchers on a 专户's sub-account, statement rows, actors."""

from __future__ import annotations

from datetime import date

from anju.auth.actor import Actor, Channel, Role, cli_actor
from anju.db import UnitOfWork
from anju.ledger import service as ledger
from anju.ledger.rules import Line, Posting
from anju.settle import recon
from anju.settle import statements as stmts

ADMIN = cli_actor("settle-admin")
FIN1 = Actor("fin1", frozenset({Role.FINANCE}), Channel.COUNTER)
FIN2 = Actor("fin2", frozenset({Role.FINANCE}), Channel.COUNTER)
ACCOUNT = "1904020129000000011"  # the sample centre's first bank's 归集户: sub-account 10101
SUB = "10101"


def open_account(engine) -> None:
    """The 归集户 of bank 01 in the 专户 register (the sample centre file has only the bank)."""
    from datetime import datetime

    from anju.bank import queries as bank_queries
    from anju.bank import service as bank_service

    with UnitOfWork(engine) as uow:
        if bank_queries.account(uow.conn, ACCOUNT) is None:
            bank_service.open_account(uow.conn, bank_code="01", purpose="collect", account_no=ACCOUNT,
                                      account_name="住房公积金归集户", ledger_code=SUB, opened_on=date(2020, 1, 1),
                                      at=datetime(2026, 1, 1), by="test")
        uow.commit()


def book(engine, key: str, day: date, amount: int, *, ref: tuple[str, str] | None = None, other: str = "201") -> int:
    """A voucher moving ``amount`` (signed) on the sub-account; returns its line id on the sub-account."""
    lines = ([Line.dr(SUB, amount), Line.cr(other, amount)] if amount > 0
             else [Line.dr(other, -amount), Line.cr(SUB, -amount)])
    with UnitOfWork(engine) as uow:
        p = ledger.post(uow, ADMIN, Posting(key=key, voucher_date=day, kind="manual", summary=f"测试 {key}",
                                            ref_type=ref[0] if ref else None, ref_id=ref[1] if ref else None,
                                            lines=lines), check_permission=False)
        uow.commit()
    with engine.connect() as conn:
        from anju.ledger.queries import subaccount_lines

        return next(r.id for r in conn.execute(subaccount_lines(SUB)) if r.voucher_id == p.id)


def row(serial: str, day: date, amount: str, balance: str, **kw) -> dict:
    return {"serial": serial, "txn_date": day.isoformat(), "amount": amount, "balance": balance, **kw}


def load(engine, day: date, rows: list[dict], *, actor=FIN1, name: str = "stmt.csv"):
    content = repr(rows).encode()
    with UnitOfWork(engine) as uow:
        out = stmts.import_statement(uow, actor, account_code=ACCOUNT, day=day, rows=list(enumerate(rows, start=2)),
                                     file_name=name, content=content)
        uow.commit()
    return out


def match(engine, day: date, actor=FIN1):
    return recon.run_match(engine, actor, on=day, account_code=ACCOUNT)


def table(engine, day: date):
    with engine.connect() as conn:
        return recon.reconcile(conn, ACCOUNT, day)
