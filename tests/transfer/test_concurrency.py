"""Two exchange runners at once, on both databases: the same letter received twice at the same moment is taken
once; two runners taking the outbox share it without delivering a message twice."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from anju.auth.actor import cli_actor
from anju.db import UnitOfWork
from anju.transfer import service as transfer
from anju.transfer.tables import transfer_message, transfer_out
from tests.support.factory import CLERK, open_employer, open_members, person_id
from tests.support.threads import together, unexpected
from tests.transfer.conftest import CODE_A


def test_two_runners_receive_and_take_at_once(centres):
    a, b = centres.a, centres.b
    open_employer(a)
    eb = open_employer(b, first_month=202504, on=date(2025, 4, 1))
    open_members(b, eb, 3, first_month=202504, on=date(2025, 4, 1))
    with UnitOfWork(b) as uow:
        for n in (1, 2, 3):
            transfer.write_letter(uow, CLERK, id_number=person_id(n, "1" if n % 2 else "2"), from_centre=CODE_A,
                                  from_account_no=f"1000{n}", as_of=date(2025, 4, 7))
        uow.commit()

    def take(_):
        with UnitOfWork(b) as uow:
            got = transfer.take_outbox(uow)
            uow.commit()
        return got

    taken = together(2, take)
    assert unexpected(taken) == []
    ids = [m.id for batch in taken for m in batch]
    assert len(ids) == len(set(ids)) == 3
    body = next(m for batch in taken for m in batch).body

    def receive(_):
        with UnitOfWork(a) as uow:
            got = transfer.receive(uow, cli_actor("exchange"), body, as_of=date(2025, 4, 7))
            uow.commit()
        return got.duplicate

    got = together(2, receive)
    assert unexpected(got) == [] and sorted(got) == [False, True]
    with a.connect() as conn:
        assert conn.execute(select(func.count()).select_from(transfer_out)).scalar_one() == 1
        assert conn.execute(select(func.count()).select_from(transfer_message)
                            .where(transfer_message.c.direction == "in")).scalar_one() == 1
