"""Transfers between centres in the synthetic centre (异地转移接续): about 4 % of members a year (seed 001: 12,682
in a year), half moving away, half arriving.

Out: a member sealed in an earlier month leaves for another city; that centre's 联系函 arrives as a message, a
clerk reviews it, an approver approves it (interest to the day, payment, account closed 04), and the other
centre's 到账确认 closes it. In: a contributing member brings a fund from another city; the clerk writes the
letter, the other centre's 转移信息 (money and 12–36 months of history) arrives, finance credits it (08). The
other centres are a few fictional ones registered on first use; their side is played by messages built here, and
the outbox to them is taken as delivered. Every step goes through the transfer area's services on both paths.
"""

from __future__ import annotations

from dataclasses import dataclass

from anju.auth.actor import cli_actor
from anju.core.dates import add_months, month_of
from anju.core.errors import AnjuError
from anju.core.money import yuan_str
from anju.db.uow import UnitOfWork
from anju.sim.plan import NORMAL, SEALED

YEARLY_RATE = 0.04  # of members, in and out together
CLOSED = 3  # plan status of a member whose account a transfer out closed
CENTRES = (("430100", "长沙市住房公积金管理中心"), ("430200", "株洲市住房公积金管理中心"),
           ("440100", "广州住房公积金管理中心"), ("440300", "深圳市住房公积金管理中心"),
           ("420100", "武汉住房公积金管理中心"))


@dataclass(frozen=True)
class Move:
    member: int
    direction: str  # out, in
    centre: int  # index into CENTRES
    principal: int = 0  # fen, for a transfer in
    months: int = 0  # months of history elsewhere, for a transfer in


class TransferActivity:
    name = "transfer"
    bulk = True  # through the services on both paths

    def plan(self, plan, mp, rng) -> list[Move]:
        n = plan.count
        share = YEARLY_RATE / 12 / 2 * plan.cfg.activity_share * plan.cfg.transfer_share  # each way, a month
        members = int(((plan.status[:n] == NORMAL) | (plan.status[:n] == SEALED)).sum())
        moves: list[Move] = []
        sealed = [int(i) for i in ((plan.status[:n] == SEALED) & (plan.sealed_month[:n] < mp.month)).nonzero()[0]]
        want = int(rng.binomial(members, share)) if members else 0
        for i in (sorted(rng.choice(sealed, size=min(want, len(sealed)), replace=False).tolist()) if sealed else []):
            moves.append(Move(int(i), "out", int(rng.integers(len(CENTRES)))))
            plan.status[i] = CLOSED
        came = plan.__dict__.setdefault("_transferred_in", set())
        normal = [int(i) for i in ((plan.status[:n] == NORMAL) & (plan.emp_of[:n] >= 0)).nonzero()[0]
                  if int(i) not in came]
        want = int(rng.binomial(members, share)) if members else 0
        for i in (sorted(rng.choice(normal, size=min(want, len(normal)), replace=False).tolist()) if normal else []):
            came.add(int(i))
            moves.append(Move(int(i), "in", int(rng.integers(len(CENTRES))),
                              principal=int(rng.integers(20, 800)) * 10000, months=int(rng.integers(12, 37))))
        return moves

    def run_service(self, ctx, mp, events: list[Move]) -> None:
        if not events:
            return
        from anju.transfer import messages as msg
        from anju.transfer import service as svc

        admin, clerk, approver = cli_actor("sim-admin"), ctx.clerk, ctx.approver
        exchange, finance = cli_actor("sim-exchange"), cli_actor("sim-finance")
        day = mp.day
        with UnitOfWork(ctx.engine) as uow:
            own = svc.own_code(uow.conn)
            for code, name in CENTRES:
                if svc.centre(uow.conn, code) is None:
                    svc.register_centre(uow, admin, code=code, name=name, account_no=f"{code}0000000001",
                                        account_name=name, bank_name="中国工商银行")
            seq = 0
            for move in events:
                code, _ = CENTRES[move.centre]
                account_id = ctx.member_account_id(move.member)
                try:
                    with uow.conn.begin_nested():
                        acct = _account(uow.conn, account_id)
                        if move.direction == "out":
                            seq += 1
                            no = f"{code}{day:%y%m%d}{9000 + seq:04d}"
                            letter = msg.ContactLetter(
                                letter_no=no, from_centre=code, to_centre=own,
                                member=msg.Member(name=acct.name, id_type="01", id_number=acct.id_number),
                                old_account_no=acct.account_no, old_employer_name="", new_account_no=f"Y{acct.id:09d}",
                                new_employer_name="异地单位", receiving_account=msg.Account(
                                    account_no=f"{code}0000000001", account_name=CENTRES[move.centre][1],
                                    bank_name="中国工商银行"), created_on=day)
                            svc.receive(uow, exchange, msg.dumps(letter), as_of=day)
                            out_id = svc.letters_out(uow.conn, status="received", limit=1)[0].id
                            svc.review_out(uow, clerk, transfer_out_id=out_id, as_of=day)
                            amount = svc.approve_out(uow, approver, transfer_out_id=out_id, as_of=day)
                            svc.receive(uow, exchange, msg.dumps(msg.ArrivalConfirmation(
                                letter_no=no, from_centre=code, to_centre=own, amount=yuan_str(amount),
                                account_no=f"Y{acct.id:09d}", credited_on=day)), as_of=day)
                        else:
                            letter = svc.write_letter(uow, clerk, id_number=acct.id_number, from_centre=code,
                                                      from_account_no=f"X{acct.id:09d}", from_employer_name="原单位",
                                                      as_of=day)
                            interest = move.principal // 100
                            first = add_months(month_of(day), -move.months)
                            monthly = max(acct.monthly, 10000)
                            history = [msg.MonthPaid(month=add_months(first, k), amount=yuan_str(monthly), centre=code)
                                       for k in range(move.months)]
                            svc.receive(uow, exchange, msg.dumps(msg.TransferInfo(
                                letter_no=letter.no, from_centre=code, to_centre=own,
                                member=msg.Member(name=acct.name, id_type="01", id_number=acct.id_number),
                                principal=yuan_str(move.principal), interest=yuan_str(interest),
                                amount=yuan_str(move.principal + interest), opened_month=first,
                                paid_through=history[-1].month, continuous_6=True, loan_count=0,
                                loan_outstanding=False, fraud=False, months=history, paid_on=day,
                                payment_ref=f"SIMZY{letter.no}")), as_of=day)
                            svc.credit(uow, finance, transfer_in_id=letter.id, amount=move.principal + interest,
                                       as_of=day)
                except AnjuError:
                    continue  # refused (a withdrawal in progress, a loan …): the member stays this month
            svc.take_outbox(uow)  # the fictional centres' side: delivered
            uow.commit()

    def run_bulk(self, ctx, mp, events: list[Move]) -> None:
        self.run_service(ctx, mp, events)


@dataclass(frozen=True)
class _Member:
    id: int
    account_no: str
    monthly: int
    name: str
    id_number: str


def _account(conn, account_id: int) -> _Member:
    from anju.registry.queries import person_row
    from anju.registry.service import get_account

    a = get_account(conn, account_id)
    p = person_row(conn, a.person_id)
    return _Member(a.id, a.account_no, a.employer_amount + a.member_amount, p.name, p.id_number)


ACTIVITY = TransferActivity()
