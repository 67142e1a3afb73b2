"""Transfers waiting in the demo centre, so that one can be followed in the browser: a transfer in whose money
has arrived (finance credits it at /transfer) and a letter from another centre waiting for review (the clerk
reviews, the approver approves). The other centre's side is played by messages, as in the simulator."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from anju.auth.actor import Actor, cli_actor
from anju.core.dates import add_months, month_of
from anju.core.errors import AnjuError
from anju.db.uow import UnitOfWork
from anju.registry.codes import AccountStatus
from anju.registry.queries import member_accounts, people
from anju.transfer import messages as msg
from anju.transfer import service as svc

CENTRE = ("430100", "长沙市住房公积金管理中心")


def seed(uow: UnitOfWork, clerk: Actor, *, as_of: date) -> dict[str, str]:
    """One transfer in waiting to be credited, one letter out waiting for review; returns their numbers."""
    conn, code, name = uow.conn, *CENTRE
    if svc.centre(conn, code) is None:
        svc.register_centre(uow, cli_actor("demo"), code=code, name=name, account_no=f"{code}0000000001",
                            account_name=name, bank_name="中国工商银行")
    own, out = svc.own_code(conn), {}
    a, p = member_accounts(), people()
    q = (select(a.c.account_no, a.c.status, p.c.name, p.c.id_number).select_from(a.join(p, p.c.id == a.c.person_id))
         .where(a.c.status.in_((AccountStatus.NORMAL.value, AccountStatus.SEALED.value)), a.c.balance > 0)
         .order_by(a.c.id).limit(200))
    exchange = cli_actor("demo-exchange")
    for row in conn.execute(q).all():
        try:
            with conn.begin_nested():
                if "in" not in out and row.status == AccountStatus.NORMAL.value:
                    letter = svc.write_letter(uow, clerk, id_number=row.id_number, from_centre=code,
                                              from_account_no=f"X{row.account_no}", from_employer_name="长沙某公司",
                                              as_of=as_of)
                    first = add_months(month_of(as_of), -24)
                    months = [msg.MonthPaid(month=add_months(first, k), amount="1800.00", centre=code) for k in range(24)]
                    svc.receive(uow, exchange, msg.dumps(msg.TransferInfo(
                        letter_no=letter.no, from_centre=code, to_centre=own,
                        member=msg.Member(name=row.name, id_type="01", id_number=row.id_number),
                        principal="43200.00", interest="186.30", amount="43386.30", opened_month=first,
                        paid_through=months[-1].month, continuous_6=True, loan_count=0, loan_outstanding=False,
                        fraud=False, months=months, paid_on=as_of, payment_ref="CSZY0001")), as_of=as_of)
                    out["in"] = letter.no
                elif "out" not in out and row.status == AccountStatus.SEALED.value:
                    no = f"{code}{as_of:%y%m%d}0001"
                    svc.receive(uow, exchange, msg.dumps(msg.ContactLetter(
                        letter_no=no, from_centre=code, to_centre=own,
                        member=msg.Member(name=row.name, id_type="01", id_number=row.id_number),
                        old_account_no=row.account_no, old_employer_name="", new_account_no="430100123456",
                        new_employer_name="长沙某公司", receiving_account=msg.Account(
                            account_no=f"{code}0000000001", account_name=name, bank_name="中国工商银行"),
                        created_on=as_of)), as_of=as_of)
                    out["out"] = no
        except AnjuError:
            continue
        if len(out) == 2:
            break
    svc.take_outbox(uow)
    return out
