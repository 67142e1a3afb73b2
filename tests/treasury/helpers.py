"""A small fund for the treasury tests: banks 01 and 02 with a 归集户 each (10101, 10102) and a 定期存款户 each (bank 01 also a
通知存款户), sharing the bank's 101xx, 600,000,000.00 of members' money (300,000,000.00 in each bank)."""

from __future__ import annotations

from datetime import date, datetime

from anju.auth.actor import Actor, Channel, Role
from anju.bank import service as bank
from anju.bank.codes import AccountPurpose
from anju.db import UnitOfWork
from anju.ledger.rules import Line, Posting
from anju.ledger.service import post

MAKER = Actor("fin_maker", frozenset({Role.FINANCE}), Channel.COUNTER)
CHECKER = Actor("fin_checker", frozenset({Role.APPROVER}), Channel.COUNTER)
CHECKER2 = Actor("fin_checker2", frozenset({Role.APPROVER}), Channel.COUNTER)
SYSTEM = Actor("system:test", frozenset({Role.SYSTEM, Role.FINANCE}), Channel.CLI)
Y = 100  # fen per yuan
COLLECT_01, COLLECT_02 = "1904020129000000011", "3300000000000000022"
FIXED_01, NOTICE_01, FIXED_02 = "1904020129000000088", "1904020129000000077", "3300000000000000088"


def fund(engine, *, each: int = 300_000_000 * Y, on: date = date(2025, 1, 2)) -> None:
    from anju.bank import queries

    with engine.begin() as conn:  # the centre file may already open a bank's own account as its 归集户
        for bank_code, purpose, no, code in (("01", AccountPurpose.COLLECT, COLLECT_01, "10101"),
                                             ("02", AccountPurpose.COLLECT, COLLECT_02, "10102"),
                                             ("01", AccountPurpose.FIXED, FIXED_01, "10101"),
                                             ("01", AccountPurpose.NOTICE, NOTICE_01, "10101"),
                                             ("02", AccountPurpose.FIXED, FIXED_02, "10102")):
            if queries.account(conn, no) is not None:
                continue
            bank.open_account(conn, bank_code=bank_code, purpose=purpose, account_no=no, account_name="示例市住房公积金管理中心",
                              ledger_code=code, opened_on=date(2024, 1, 2), at=datetime(2024, 1, 2), by="t")
    with UnitOfWork(engine) as uow:
        post(uow, SYSTEM, Posting("t:fund", on, "manual", "期初资金", [
            Line.dr("10101", each), Line.dr("10102", each), Line.cr("201", 2 * each)]), check_permission=False)
        uow.commit()


def lines_of(engine, voucher_id: int) -> list[tuple[str, int, int]]:
    from anju.ledger.queries import voucher_with_lines

    with engine.connect() as conn:
        _head, lines = voucher_with_lines(conn, voucher_id)
    return [(ln.account_code, ln.debit, ln.credit) for ln in lines]
