"""Transfer invariants for `anju verify`: every letter that moved money has its voucher, for its amount."""

from __future__ import annotations

from sqlalchemy import Connection, select

from anju.core.money import format_yuan
from anju.ledger.queries import account_by_voucher
from anju.transfer.codes import InStatus, OutStatus
from anju.transfer.tables import transfer_in, transfer_out
from anju.verify import Violation, check


@check("transfer.letter_voucher", "每份已入账的转入和已划款的转出都有金额相符的凭证（借或贷201）")
def letter_vouchers(conn: Connection):
    gl = account_by_voucher("201", net=True)  # credit − debit
    for table, statuses, sign, what in (
            (transfer_in, (InStatus.CREDITED.value,), 1, "转入联系函"),
            (transfer_out, (OutStatus.PAID.value, OutStatus.DONE.value), -1, "转出联系函")):
        q = (select(table.c.id, table.c.no, table.c.amount, table.c.voucher_id, gl.c.amount.label("s"))
             .select_from(table.outerjoin(gl, gl.c.voucher_id == table.c.voucher_id))
             .where(table.c.status.in_(statuses)))
        for r in conn.execute(q):
            if r.amount and r.voucher_id is None:
                yield Violation("transfer.letter_voucher", f"{what}{r.no}转移金额{format_yuan(r.amount)}，没有凭证",
                                (f"{table.name}:{r.id}",))
            elif r.voucher_id is not None and sign * int(r.s or 0) != r.amount:
                yield Violation("transfer.letter_voucher", f"{what}{r.no}转移金额{format_yuan(r.amount)}，"
                                f"凭证201发生额{format_yuan(abs(int(r.s or 0)))}",
                                (f"{table.name}:{r.id}", f"voucher:{r.voucher_id}"))
