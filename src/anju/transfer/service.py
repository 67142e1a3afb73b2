"""Transfers between centres (异地转移接续), both sides, and the messages between them.

Receiving centre (转入地): :func:`write_letter` (联系函; a member's online start is a draft a clerk sends with
:func:`send_letter`), :func:`cancel_letter`, and :func:`credit` when the money arrives (type 08 外部转入, by
someone other than the letter's maker), the member's history kept by the registry (``household.carry_months``).
Sending centre (转出地): a received letter (:func:`receive`) is reviewed (:func:`review_out`: identity, account
status, withdrawals or a loan in progress) and approved by a second person (:func:`approve_out`: interest to the
day, the balance paid to the receiving centre's account, the account closed 04 with the 07 外部转出 row), or
refused with a reason (:func:`refuse_out`). Every step is an ``anju.workflow`` step (event row, audit record);
every step that concerns the other centre leaves a message in the outbox (:func:`take_outbox`), delivered as a
file or through the API, and :func:`receive` takes the other centre's messages (idempotent by digest).

:func:`transfer_out` is the direct form (a letter on paper): settle, pay, close.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, func, insert, select, update

from anju.auth import audit
from anju.auth.actor import Actor, Role, grant, is_staff, require, scope_person
from anju.core.errors import AnjuError, NotFound, Problem, ValidationFailed
from anju.core.money import format_yuan, parse_yuan, yuan_str
from anju.db.locks import insert_on_conflict
from anju.db.uow import UnitOfWork
from anju.interest.service import settle_to_day
from anju.ledger import service as ledger
from anju.ledger.chart import bank_subaccount
from anju.ledger.rules import Line, Posting
from anju.loan import queries as loan_queries
from anju.org import queries as org
from anju.policy.store import policy_at
from anju.registry import household, reservations
from anju.registry import queries as registry_queries
from anju.registry.codes import AccountStatus, TxnType
from anju.registry.movements import close_account, move
from anju.registry.service import add_event, get_account, get_employer, next_numbers
from anju.transfer import messages as msg
from anju.transfer import rules
from anju.transfer.codes import InStatus, MessageType, OutStatus
from anju.transfer.errors import TransferError
from anju.transfer.flow import DRAFT, IN_FLOW, OUT_FLOW
from anju.transfer.permissions import P
from anju.transfer.tables import transfer_centre, transfer_in, transfer_message
from anju.transfer.tables import transfer_out as out_table
from anju.withdrawal import queries as withdrawal_queries

TRANSFER_OUT = "transfer.out"
grant(TRANSFER_OUT, Role.CLERK)

OPEN_IN = (DRAFT, InStatus.SENT.value, InStatus.ACCEPTED.value, InStatus.PAID.value)


# --------------------------------------------------------------------------------------------- centres


def own_code(conn: Connection) -> str:
    """This centre's code on the national platform (the centre file's ``code``)."""
    return org.info_value(conn, "code") or ""


def centre(conn: Connection, code: str):
    return conn.execute(select(transfer_centre).where(transfer_centre.c.code == code)).first()


def centres(conn: Connection) -> list:
    return conn.execute(select(transfer_centre).order_by(transfer_centre.c.code)).all()


def register_centre(uow: UnitOfWork, actor: Actor, *, code: str, name: str, account_no: str, account_name: str,
                    bank_name: str, phone: str = "") -> None:
    """Register (or correct) another centre: its code, name and the account transfers to it are paid into."""
    require(actor, P.CENTRES)
    values = {"code": code.strip(), "name": name.strip(), "account_no": account_no.strip(),
              "account_name": account_name.strip(), "bank_name": bank_name.strip()}
    labels = {"code": "中心代码", "name": "中心名称", "account_no": "资金账号", "account_name": "户名",
              "bank_name": "开户银行"}
    problems = [Problem.of(TransferError.CENTRE_FIELD, field=labels[k], input=k, label=labels[k])
                for k, v in values.items() if not v]
    if values["code"] and values["code"] == own_code(uow.conn):
        problems.append(Problem.of(TransferError.CENTRE_SELF, field="中心代码", input="code"))
    if problems:
        raise ValidationFailed(problems, summary="异地中心信息有误")
    before = centre(uow.conn, values["code"])
    if before is None:
        uow.conn.execute(insert(transfer_centre).values(**values, phone=phone.strip() or None, created_at=uow.now()))
    else:
        uow.conn.execute(update(transfer_centre).where(transfer_centre.c.code == values["code"])
                         .values(**values, phone=phone.strip() or None))
    audit.record(uow, actor, action="transfer.centre", entity_type="transfer_centre", entity_id=values["code"],
                 before=None if before is None else dict(before._mapping), after=values)


def _known_centre(conn: Connection, code: str):
    row = centre(conn, code)
    if row is None:
        raise AnjuError(TransferError.CENTRE_UNKNOWN, code=code)
    return row


# --------------------------------------------------------------------------------------------- messages


def _emit(uow: UnitOfWork, message) -> None:
    text = msg.dumps(message)
    uow.conn.execute(insert(transfer_message).values(
        direction="out", centre=message.to_centre, type=message.type, letter_no=message.letter_no, body=text,
        digest=msg.digest(text), created_at=uow.now()))


@dataclass(frozen=True)
class Outgoing:
    id: int
    centre: str
    type: str
    letter_no: str
    body: str


def take_outbox(uow: UnitOfWork, *, centre_code: str | None = None) -> list[Outgoing]:
    """The messages not yet delivered (to one centre, or all), marked delivered in this transaction: the caller
    writes them to files or posts them, and commits only when that worked."""
    t = transfer_message.c
    q = select(t.id, t.centre, t.type, t.letter_no, t.body).where(t.direction == "out", t.delivered_at.is_(None))
    if centre_code:
        q = q.where(t.centre == centre_code)
    taken = []
    for r in [Outgoing(*r) for r in uow.conn.execute(q.order_by(t.id))]:
        # a claim: a message another runner took meanwhile is left to it
        if uow.conn.execute(update(transfer_message).where(transfer_message.c.id == r.id,
                                                           transfer_message.c.delivered_at.is_(None))
                            .values(delivered_at=uow.now())).rowcount == 1:
            taken.append(r)
    return taken


def messages_of(conn: Connection, letter_no: str) -> list:
    t = transfer_message.c
    return conn.execute(select(t.id, t.direction, t.centre, t.type, t.created_at, t.delivered_at)
                        .where(t.letter_no == letter_no).order_by(t.id)).all()


@dataclass(frozen=True)
class Received:
    type: str
    letter_no: str
    duplicate: bool


def receive(uow: UnitOfWork, actor: Actor, text: str | bytes, *, as_of: date) -> Received:
    """Take one message of another centre (from a file or the API): checked against its schema, addressed to us,
    from a registered centre; a message received before (same digest) is acknowledged and changes nothing."""
    require(actor, P.EXCHANGE)
    message = msg.parse(text)
    conn = uow.conn
    if message.to_centre != own_code(conn):
        raise AnjuError(TransferError.MESSAGE_NOT_OURS, code=message.to_centre)
    if centre(conn, message.from_centre) is None:
        raise AnjuError(TransferError.MESSAGE_SENDER, code=message.from_centre)
    body = msg.dumps(message)
    stmt = insert_on_conflict(conn, transfer_message).values(
        direction="in", centre=message.from_centre, type=message.type, letter_no=message.letter_no, body=body,
        digest=msg.digest(body), created_at=uow.now(), delivered_at=uow.now()
    ).on_conflict_do_nothing(index_elements=["direction", "digest"]).returning(transfer_message.c.id)
    if conn.execute(stmt).first() is None:
        return Received(message.type, message.letter_no, True)
    handler = {MessageType.LETTER: _on_letter, MessageType.REVIEW: _on_review, MessageType.INFO: _on_info,
               MessageType.ARRIVAL: _on_arrival}[MessageType(message.type)]
    handler(uow, actor, message, as_of)
    return Received(message.type, message.letter_no, False)


def _in_by_no(conn: Connection, no: str, centre_code: str):
    rid = conn.execute(select(transfer_in.c.id).where(transfer_in.c.no == no,
                                                      transfer_in.c.from_centre == centre_code)).scalar()
    if rid is None:
        raise NotFound(TransferError.LETTER_UNKNOWN, no=no)
    return IN_FLOW.lock(conn, rid)


def _out_by_no(conn: Connection, no: str, centre_code: str):
    rid = conn.execute(select(out_table.c.id).where(out_table.c.no == no,
                                                       out_table.c.to_centre == centre_code)).scalar()
    if rid is None:
        raise NotFound(TransferError.LETTER_UNKNOWN, no=no)
    return OUT_FLOW.lock(conn, rid)


# --------------------------------------------------------------------------------------------- receiving side


@dataclass(frozen=True)
class Letter:
    id: int
    no: str
    status: str


def write_letter(uow: UnitOfWork, actor: Actor, *, id_number: str, from_centre: str, from_account_no: str,
                 from_employer_name: str = "", name: str = "", id_type: str = "01", as_of: date) -> Letter:
    """转入受理: the member's account here (opened by the new employer, or reopened) will receive what the other
    centre holds. At the counter the letter goes out at once; from the portal it waits for a clerk (draft)."""
    conn = uow.conn
    member = Role.MEMBER in actor.roles
    require(actor, P.APPLY_ONLINE if member else P.LETTER)
    problems: list[Problem] = []
    for value, label, field in ((id_number, "证件号码", "id_number"), (from_centre, "转出中心", "from_centre"),
                                (from_account_no, "原住房公积金账号", "from_account_no")):
        if not (value or "").strip():
            problems.append(Problem.of(TransferError.FIELD_REQUIRED, field=label, input=field, label=label))
    acct = registry_queries.account_of_person(conn, id_number) if (id_number or "").strip() else None
    if (id_number or "").strip() and (acct is None or AccountStatus(acct.status).closed):
        problems.append(Problem.of(TransferError.NO_ACCOUNT_HERE, field="证件号码", input="id_number"))
    other = None
    if (from_centre or "").strip():
        if from_centre.strip() == own_code(conn):
            problems.append(Problem.of(TransferError.CENTRE_SELF, field="转出中心", input="from_centre"))
        else:
            other = centre(conn, from_centre.strip())
            if other is None:
                problems.append(Problem.of(TransferError.CENTRE_UNKNOWN, field="转出中心", input="from_centre",
                                           code=from_centre.strip()))
    if acct is not None:
        if member:
            scope_person(actor, acct.person_id)
        open_no = conn.execute(select(transfer_in.c.no).where(transfer_in.c.person_id == acct.person_id,
                                                              transfer_in.c.status.in_(OPEN_IN))).scalar()
        if open_no:
            problems.append(Problem.of(TransferError.LETTER_OPEN, field="证件号码", input="id_number", no=open_no))
    if problems:
        raise ValidationFailed(problems, summary="转入联系函信息有误")
    person = registry_queries.person_row(conn, acct.person_id)
    code = own_code(conn)
    day_key = f"transfer.letter:{as_of:%y%m%d}"
    (seq,) = next_numbers(conn, day_key)
    no = rules.letter_no(code, as_of, seq)
    bank_code = policy_at(conn, as_of)["transfer.receiving_bank"]
    status = DRAFT if member else InStatus.SENT.value
    now = uow.now()
    rid = conn.execute(insert(transfer_in).values(
        no=no, status=status, from_centre=other.code, name=name.strip() or person.name, id_type=id_type,
        id_number=person.id_number, from_account_no=from_account_no.strip(),
        from_employer_name=from_employer_name.strip(), account_id=acct.id, person_id=acct.person_id,
        bank_code=bank_code, channel=actor.channel.value, applied_on=as_of,
        deadline=_out_deadline(conn, as_of) if status != DRAFT else None,
        created_by=actor.username, created_at=now, updated_at=now).returning(transfer_in.c.id)).scalar_one()
    IN_FLOW.open(uow, actor, IN_FLOW.lock(conn, rid), on=as_of, note=f"转出中心{other.name}",
                 audit_after={"no": no, "from_centre": other.code, "account_id": acct.id})
    if status != DRAFT:
        _emit(uow, _letter_message(conn, IN_FLOW.lock(conn, rid)))
    return Letter(rid, no, status)


def _out_deadline(conn: Connection, day: date) -> date:
    from anju.workcal.service import load_calendar

    return load_calendar(conn).deadline(day, policy_at(conn, day)["transfer.out_workdays"])


def _letter_message(conn: Connection, row) -> msg.ContactLetter:
    from anju.bank.queries import bank

    acct = registry_queries.account_row(conn, row.account_id)
    emp_name = get_employer(conn, acct.employer_id).name if acct.employer_id else "灵活就业"
    b = bank(conn, row.bank_code)
    info = org.info(conn)
    return msg.ContactLetter(
        letter_no=row.no, from_centre=own_code(conn), to_centre=row.from_centre,
        member=msg.Member(name=row.name, id_type=row.id_type, id_number=row.id_number),
        old_account_no=row.from_account_no, old_employer_name=row.from_employer_name,
        new_account_no=acct.account_no, new_employer_name=emp_name,
        receiving_account=msg.Account(account_no=b.account_no, account_name=info.get("name", ""),
                                      bank_name=b.name),
        contact_phone=info.get("phone", ""), created_on=row.applied_on)


def send_letter(uow: UnitOfWork, actor: Actor, *, transfer_in_id: int, as_of: date) -> None:
    """A member's online start, checked at the counter and sent."""
    case = IN_FLOW.take(uow, actor, transfer_in_id, "send")
    case.move(on=as_of, deadline=_out_deadline(uow.conn, as_of))
    _emit(uow, _letter_message(uow.conn, case.row))


def cancel_letter(uow: UnitOfWork, actor: Actor, *, transfer_in_id: int, reason: str, as_of: date) -> None:
    case = IN_FLOW.take(uow, actor, transfer_in_id, "cancel", reason=reason)
    was = case.row.status
    case.move(on=as_of, note=reason)
    if was != DRAFT:
        _emit(uow, msg.ReviewResult(letter_no=case.row.no, from_centre=own_code(uow.conn),
                                    to_centre=case.row.from_centre, accepted=False, reason=reason[:200],
                                    decided_on=as_of))


def credit(uow: UnitOfWork, actor: Actor, *, transfer_in_id: int, amount: int, as_of: date) -> int:
    """The money arrived: credit the member (Dr 101xx / Cr 201, type 08 外部转入), keep the history the other
    centre sent, confirm to it. The amount is what the bank shows, and must equal the 转移金额."""
    case = IN_FLOW.take(uow, actor, transfer_in_id, "credit")
    row, conn = case.row, uow.conn
    if amount != row.amount:
        raise ValidationFailed([Problem.of(TransferError.AMOUNT_MISMATCH, field="到账金额", input="amount",
                                           amount=format_yuan(amount), expected=format_yuan(row.amount))])
    acct = get_account(conn, row.account_id, lock=True)
    if AccountStatus(acct.status).closed:
        raise AnjuError(TransferError.NO_ACCOUNT_HERE)
    other = _known_centre(conn, row.from_centre)
    voucher_id = None
    if amount:
        voucher_id = ledger.post(uow, actor, Posting(
            key=f"transfer:in:{row.no}", voucher_date=as_of, kind="transfer.in",
            summary=f"异地转入 {acct.account_no} 转出地{other.name}", ref_type="transfer_in", ref_id=str(row.id),
            lines=[Line.dr(bank_subaccount("101", row.bank_code), amount, summary=f"{other.name}划入"),
                   Line.cr("201", amount, summary="职工住房公积金转入", subledger="member",
                           subledger_ref=acct.account_no)]),
            check_permission=False).id
        move(uow, account_id=acct.id, amount=amount, day=as_of, type_=TxnType.TRANSFER_IN, voucher_id=voucher_id,
             ref_type="transfer_in", ref_id=row.id, note=f"自{other.name}转入（联系函{row.no}）")
    else:
        add_event(uow, acct, type_=TxnType.TRANSFER_IN, on=as_of, note=f"自{other.name}转入（联系函{row.no}），金额为零")
    info = json.loads(row.info_json or "{}")
    months = [(m["month"], parse_yuan(m["amount"]), m["centre"]) for m in info.get("months", [])]
    household.carry_months(uow, account_id=acct.id, months=months, ref=row.no, own_centre=own_code(conn))
    case.move(on=as_of, credited_on=as_of, voucher_id=voucher_id, deadline=None,
              audit_after={"amount": amount, "account_id": acct.id, "months": len(months)})
    _emit(uow, msg.ArrivalConfirmation(letter_no=row.no, from_centre=own_code(conn), to_centre=row.from_centre,
                                       amount=yuan_str(amount), account_no=acct.account_no, credited_on=as_of))
    return amount


def _on_review(uow: UnitOfWork, actor: Actor, m: msg.ReviewResult, as_of: date) -> None:
    conn = uow.conn
    in_row = conn.execute(select(transfer_in.c.id).where(transfer_in.c.no == m.letter_no,
                                                         transfer_in.c.from_centre == m.from_centre)).scalar()
    if in_row is not None:  # the sending centre answered our letter
        row = IN_FLOW.lock(conn, in_row)
        if m.accepted:
            if row.status == InStatus.SENT.value:
                IN_FLOW.move(uow, actor, row, action="accepted", on=as_of)
        else:
            IN_FLOW.move(uow, actor, row, action="refused", on=as_of, note=m.reason, refusal_reason=m.reason,
                         deadline=None)
        return
    row = _out_by_no(conn, m.letter_no, m.from_centre)  # the receiving centre withdrew its letter
    if not m.accepted:
        OUT_FLOW.move(uow, actor, row, action="cancelled", on=as_of, note=m.reason, refusal_reason=m.reason)


def _on_info(uow: UnitOfWork, actor: Actor, m: msg.TransferInfo, as_of: date) -> None:
    from anju.workcal.service import load_calendar

    conn = uow.conn
    row = _in_by_no(conn, m.letter_no, m.from_centre)
    deadline = load_calendar(conn).deadline(as_of, policy_at(conn, as_of)["transfer.in_workdays"])
    IN_FLOW.move(uow, actor, row, action="paid", on=as_of, note=f"转移金额{m.amount}元",
                 principal=parse_yuan(m.principal), interest=parse_yuan(m.interest), amount=parse_yuan(m.amount),
                 paid_on=m.paid_on, payment_ref=m.payment_ref, info_json=msg.dumps(m), deadline=deadline)


# --------------------------------------------------------------------------------------------- sending side


def _on_letter(uow: UnitOfWork, actor: Actor, m: msg.ContactLetter, as_of: date) -> None:
    conn = uow.conn
    acct = registry_queries.account_by_no(conn, m.old_account_no)
    now = uow.now()
    rid = conn.execute(insert(out_table).values(
        no=m.letter_no, status=OutStatus.RECEIVED.value, to_centre=m.from_centre, name=m.member.name,
        id_type=m.member.id_type, id_number=m.member.id_number, old_account_no=m.old_account_no,
        account_id=acct.id if acct is not None else None, new_account_no=m.new_account_no,
        new_employer_name=m.new_employer_name, receiving_account_no=m.receiving_account.account_no,
        receiving_account_name=m.receiving_account.account_name, receiving_bank_name=m.receiving_account.bank_name,
        letter_json=msg.dumps(m), received_on=as_of, deadline=_out_deadline(conn, as_of),
        created_by=actor.username, created_at=now, updated_at=now).returning(out_table.c.id)).scalar_one()
    OUT_FLOW.open(uow, actor, OUT_FLOW.lock(conn, rid), on=as_of, note=f"联系函{m.letter_no}",
                  audit_after={"no": m.letter_no, "to_centre": m.from_centre})
    _emit(uow, msg.ReviewResult(letter_no=m.letter_no, from_centre=own_code(conn), to_centre=m.from_centre,
                                accepted=True, decided_on=as_of))


def out_problems(conn: Connection, row) -> list[Problem]:
    """The sending centre's checks of a received letter (what the review page lists)."""
    acct = get_account(conn, row.account_id) if row.account_id else None
    if acct is None:
        return rules.out_problems(rules.OutFacts(account_no=row.old_account_no, found=False))
    person = registry_queries.person_row(conn, acct.person_id)
    held = reservations.held(conn, acct.id)
    loans = loan_queries.family_loans(conn, [acct.person_id])
    return rules.out_problems(rules.OutFacts(
        account_no=acct.account_no, found=True,
        identity_matches=person.id_number == row.id_number.strip().upper() and person.name == row.name.strip(),
        closed=AccountStatus(acct.status).closed, frozen=bool(acct.frozen),
        contributing=acct.status == AccountStatus.NORMAL.value and acct.employer_id is not None,
        pending_count=held.count, pending_amount=held.amount, live_loan=any(live for _, _, live in loans)))


def review_out(uow: UnitOfWork, actor: Actor, *, transfer_out_id: int, as_of: date) -> None:
    """经办审核: every check passes, or the letter must be refused with a reason."""
    case = OUT_FLOW.take(uow, actor, transfer_out_id, "review")
    problems = out_problems(uow.conn, case.row)
    if problems:
        raise ValidationFailed(problems, summary="审核未通过，请以“审核不通过”退回并写明原因")
    case.move(on=as_of, reviewed_by=actor.username)


def approve_out(uow: UnitOfWork, actor: Actor, *, transfer_out_id: int, as_of: date) -> int:
    """审批: interest settled to the day, the balance paid to the receiving centre, the account closed; the
    转移信息 (with the member's history) goes to the receiving centre. Returns the amount paid."""
    case = OUT_FLOW.take(uow, actor, transfer_out_id, "approve")
    row, conn = case.row, uow.conn
    problems = out_problems(conn, row)
    if problems:
        raise ValidationFailed(problems, summary="审核未通过，请以“审核不通过”退回并写明原因")
    acct = get_account(conn, row.account_id, lock=True)
    code = own_code(conn)
    months = household.month_history(conn, acct.id, own_centre=code)
    paid = household.paid_months(conn, acct.id)
    loans = loan_queries.family_loans(conn, [acct.person_id])
    opened = min([acct.opened_on.year * 100 + acct.opened_on.month] + [m for m, _, _ in months])
    through = max([m for m, _, _ in months], default=acct.paid_through)
    other = _known_centre(conn, row.to_centre)
    bank_code = policy_at(conn, as_of)["transfer.receiving_bank"]
    principal_before = acct.balance
    amount, interest, voucher_id, voucher_no = _pay_out(uow, actor, acct.id, day=as_of, to_centre=other.name,
                                            letter_no=row.no, bank_code=bank_code,
                                            to_account=f"{row.receiving_bank_name} {row.receiving_account_no}")
    case.move(on=as_of, approved_by=actor.username, principal=principal_before, interest=interest, amount=amount,
              paid_on=as_of, voucher_id=voucher_id, bank_code=bank_code,
              audit_after={"amount": amount, "interest": interest, "account_id": acct.id})
    _emit(uow, msg.TransferInfo(
        letter_no=row.no, from_centre=code, to_centre=row.to_centre,
        member=msg.Member(name=row.name, id_type=row.id_type, id_number=row.id_number),
        principal=yuan_str(principal_before), interest=yuan_str(interest), amount=yuan_str(amount),
        opened_month=opened, paid_through=through, continuous_6=rules.continuous_before(paid, through),
        loan_count=len(loans), loan_outstanding=any(live for _, _, live in loans),
        fraud=bool(withdrawal_queries.bans(conn, acct.person_id)),
        months=[msg.MonthPaid(month=m, amount=yuan_str(a), centre=c) for m, a, c in months],
        paid_on=as_of, payment_ref=voucher_no))
    return amount


def refuse_out(uow: UnitOfWork, actor: Actor, *, transfer_out_id: int, reason: str, as_of: date) -> None:
    case = OUT_FLOW.take(uow, actor, transfer_out_id, "refuse", reason=reason)
    case.move(on=as_of, note=reason, refusal_reason=reason[:200])
    _emit(uow, msg.ReviewResult(letter_no=case.row.no, from_centre=own_code(uow.conn), to_centre=case.row.to_centre,
                                accepted=False, reason=reason[:200], decided_on=as_of))


def _on_arrival(uow: UnitOfWork, actor: Actor, m: msg.ArrivalConfirmation, as_of: date) -> None:
    row = _out_by_no(uow.conn, m.letter_no, m.from_centre)
    OUT_FLOW.move(uow, actor, row, action="confirm", on=as_of, note=f"转入地{m.credited_on}入账{m.amount}元",
                  confirmed_on=m.credited_on)


# --------------------------------------------------------------------------------------------- paying out


def _pay_out(uow: UnitOfWork, actor: Actor, account_id: int, *, day: date, to_centre: str, letter_no: str,
             bank_code: str, to_account: str = "") -> tuple[int, int, int | None, str]:
    conn = uow.conn
    acct = get_account(conn, account_id, lock=True)
    if AccountStatus(acct.status).closed:
        raise AnjuError(TransferError.ACCOUNT_CLOSED)
    if acct.frozen:
        raise AnjuError(TransferError.ACCOUNT_FROZEN)
    if acct.status == AccountStatus.NORMAL.value and acct.employer_id is not None:
        raise AnjuError(TransferError.ACCOUNT_ACTIVE)
    pending = reservations.held(conn, account_id)
    if pending.count:
        raise AnjuError(TransferError.WITHDRAWALS_PENDING, count=pending.count,
                        amount=format_yuan(pending.amount))
    settled = settle_to_day(uow, actor, account_id=account_id, day=day, reason="转出")
    acct = get_account(conn, account_id, lock=True)
    amount = acct.balance
    voucher_id, voucher_no = None, ""
    if amount:
        posted = ledger.post(uow, actor, Posting(
            key=f"transfer:out:{account_id}:{letter_no.strip()}", voucher_date=day, kind="transfer.out",
            summary=f"异地转出 {acct.account_no} 转入{to_centre}", ref_type="account", ref_id=str(account_id),
            lines=[Line.dr("201", amount, summary="职工住房公积金转出", subledger="member", subledger_ref=acct.account_no),
                   Line.cr(bank_subaccount("101", bank_code), amount,
                           summary=f"划转{to_centre}{(' ' + to_account) if to_account else ''}"[:100])]),
            check_permission=False)
        voucher_id, voucher_no = posted.id, posted.label
        move(uow, account_id=account_id, amount=-amount, day=day, type_=TxnType.TRANSFER_OUT, voucher_id=voucher_id,
             ref_type="account", ref_id=account_id, note=f"转出至{to_centre}（联系函{letter_no}）")
    else:  # nothing to pay over, but the transfer and the closing are still business of the member's account
        add_event(uow, acct, type_=TxnType.TRANSFER_OUT, on=day, note=f"转出至{to_centre}（联系函{letter_no}），余额为零")
    close_account(uow, account_id=account_id, status=AccountStatus.CLOSED_TRANSFERRED_OUT, day=day)
    return amount, settled.interest, voucher_id, voucher_no


def transfer_out(uow: UnitOfWork, actor: Actor, *, account_id: int, day: date, to_centre: str, letter_no: str,
                 bank_code: str) -> int:
    """The direct form (a paper letter): settle interest to ``day``, pay the whole balance to the receiving
    centre, close the account (04)."""
    require(actor, TRANSFER_OUT)
    problems = []
    if not to_centre.strip():
        problems.append(Problem.of(TransferError.CENTRE_REQUIRED, field="转入中心"))
    if not letter_no.strip():
        problems.append(Problem.of(TransferError.LETTER_NO_REQUIRED, field="联系函编号"))
    if problems:
        raise ValidationFailed(problems, summary="转出信息有误")
    amount, interest, _, _ = _pay_out(uow, actor, account_id, day=day, to_centre=to_centre, letter_no=letter_no,
                                   bank_code=bank_code)
    audit.record(uow, actor, action="transfer.out", entity_type="account", entity_id=account_id,
                 after={"to_centre": to_centre, "letter_no": letter_no, "amount": amount, "interest": interest})
    return amount


# --------------------------------------------------------------------------------------------- reads


def letters_in(conn: Connection, *, status: str | None = None, person_id: int | None = None, limit: int = 200):
    q = select(transfer_in).order_by(transfer_in.c.id.desc()).limit(limit)
    if status:
        q = q.where(transfer_in.c.status == status)
    if person_id is not None:
        q = q.where(transfer_in.c.person_id == person_id)
    return conn.execute(q).all()


def letters_out(conn: Connection, *, status: str | None = None, limit: int = 200):
    q = select(out_table).order_by(out_table.c.id.desc()).limit(limit)
    if status:
        q = q.where(out_table.c.status == status)
    return conn.execute(q).all()


def letter_in(conn: Connection, transfer_in_id: int):
    row = conn.execute(select(transfer_in).where(transfer_in.c.id == transfer_in_id)).first()
    if row is None:
        raise NotFound(TransferError.LETTER_UNKNOWN, no=str(transfer_in_id))
    return row


def letter_out(conn: Connection, transfer_out_id: int):
    row = conn.execute(select(out_table).where(out_table.c.id == transfer_out_id)).first()
    if row is None:
        raise NotFound(TransferError.LETTER_UNKNOWN, no=str(transfer_out_id))
    return row


def events(conn: Connection, flow, record_id: int) -> list:
    t, ref = flow.events.table, flow.events.ref
    return conn.execute(select(t).where(t.c[ref] == record_id).order_by(t.c.id)).all()


def open_counts(conn: Connection) -> dict[str, int]:
    rows = conn.execute(select(transfer_in.c.status, func.count()).group_by(transfer_in.c.status)).all()
    return {s: int(n) for s, n in rows}


__all__ = ["Letter", "Outgoing", "Received", "approve_out", "cancel_letter", "centre", "centres", "credit",
           "is_staff", "letter_in", "letter_out", "letters_in", "letters_out", "own_code", "receive",
           "refuse_out", "register_centre", "review_out", "send_letter", "take_outbox", "transfer_out",
           "write_letter"]
