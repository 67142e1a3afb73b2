"""What withdrawals and loans share about a member's household: the spouse (linked either way), the months paid,
and the register of homes — ``housing_property`` (one row per home, found again by any of its normalised keys,
``registry.property``), ``property_holding`` (who owns it from when: declared at the counter, or recorded by a
purchase withdrawal or a loan) and ``property_use`` (every withdrawal or loan that used it, which the fraud
pre-checks of both read).

The functions here check no permission: the withdrawal and loan services that call them do. The audit actions
keep the codes they were stored under (``withdrawal.property.*``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, func, insert, or_, select, update

from anju.auth import audit
from anju.auth.actor import Actor
from anju.core.errors import ErrorCode, NotFound, Problem, ValidationFailed
from anju.db.locks import insert_on_conflict
from anju.db.uow import UnitOfWork
from anju.registry.errors import RegistryError
from anju.registry.property import normalise_address, normalise_number
from anju.registry.tables import (
    carried_month,
    housing_property,
    member_txn,
    person,
    property_holding,
    property_use,
)

# ----------------------------------------------------------------------------------------- the member


def spouse_of(conn: Connection, person_id: int) -> int | None:
    """The spouse linked either way (person.spouse_id on the member, or on the spouse)."""
    own = conn.execute(select(person.c.spouse_id).where(person.c.id == person_id)).scalar()
    if own:
        return own
    return conn.execute(select(person.c.id).where(person.c.spouse_id == person_id).limit(1)).scalar()


def own_paid_months():
    """(account_id, month, amount) of the months with a net contribution here (汇缴, 补缴; refunds net out)."""
    t = member_txn.c
    return (select(t.account_id, t.month, func.sum(t.amount).label("amount"))
            .where(t.type.in_(("01", "02")), t.month.is_not(None))
            .group_by(t.account_id, t.month).having(func.sum(t.amount) > 0))


def paid_months(conn: Connection, account_id: int) -> tuple[int, ...]:
    """Months with a net contribution above zero (汇缴, 补缴; refunds net out) here or, carried with a transfer in,
    at another centre (异地转移接续: the member's time elsewhere counts for loans and withdrawals)."""
    return tuple(m for m, _ in month_amounts(conn, account_id))


def month_amounts(conn: Connection, account_id: int) -> list[tuple[int, int]]:
    """(month, amount) of every month paid here or carried from elsewhere, ascending; a month paid in two places
    sums both."""
    own = own_paid_months().where(member_txn.c.account_id == account_id).subquery()
    rows: dict[int, int] = {}
    for m, a in conn.execute(select(own.c.month, own.c.amount)):
        rows[int(m)] = rows.get(int(m), 0) + int(a)
    for m, a in conn.execute(select(carried_month.c.month, carried_month.c.amount)
                             .where(carried_month.c.account_id == account_id)):
        rows[int(m)] = rows.get(int(m), 0) + int(a)
    return sorted(rows.items())


def carried_months(conn: Connection, account_id: int) -> list[tuple[int, int, str]]:
    """(month, amount, centre) carried here from other centres, ascending."""
    c = carried_month.c
    return [(int(m), int(a), str(ce)) for m, a, ce in conn.execute(
        select(c.month, c.amount, c.centre).where(c.account_id == account_id).order_by(c.month, c.centre))]


def month_history(conn: Connection, account_id: int, *, own_centre: str) -> list[tuple[int, int, str]]:
    """(month, amount, centre) of every month: paid here (``own_centre``) and carried, ascending — what a transfer
    out sends on, so the history travels on with the member."""
    own = own_paid_months().where(member_txn.c.account_id == account_id).subquery()
    rows = [(int(m), int(a), own_centre) for m, a in conn.execute(select(own.c.month, own.c.amount))]
    rows += [r for r in carried_months(conn, account_id) if r[2] != own_centre]
    return sorted(rows)


def carry_months(uow: UnitOfWork, *, account_id: int, months: Iterable[tuple[int, int, str]], ref: str,
                 own_centre: str) -> None:
    """Record months paid at other centres on an account here (a transfer in). Months paid at ``own_centre`` are
    already in the sub-ledger and are skipped; a month carried before is kept once."""
    rows = [{"account_id": account_id, "month": int(m), "amount": int(a), "centre": c, "ref": ref[:40]}
            for m, a, c in months if c != own_centre]
    if rows:
        uow.conn.execute(insert_on_conflict(uow.conn, carried_month).values(rows).on_conflict_do_nothing(
            index_elements=["account_id", "month", "centre"]))


def move_carried(uow: UnitOfWork, *, from_account_id: int, to_account_id: int, ref: str) -> None:
    """An account merged into another: its carried months go with the money (kept once)."""
    months = month_history(uow.conn, from_account_id, own_centre="merged")
    if months:
        carry_months(uow, account_id=to_account_id, months=months, ref=ref, own_centre="")


# ----------------------------------------------------------------------------------------- reading the register


@dataclass(frozen=True)
class Holding:
    """A home a person owns or owned (from ``from_day``, until ``until_day`` exclusive)."""

    person_id: int
    property_id: int
    address: str
    from_day: date
    until_day: date | None = None

    def owned_on(self, day: date) -> bool:
        return self.from_day <= day and (self.until_day is None or day < self.until_day)


def holdings(conn: Connection, person_ids: Iterable[int]) -> list[Holding]:
    ids = [p for p in person_ids if p]
    q = (select(property_holding, housing_property.c.address)
         .join(housing_property, housing_property.c.id == property_holding.c.property_id)
         .where(property_holding.c.person_id.in_(ids)).order_by(property_holding.c.id))
    return [Holding(r.person_id, r.property_id, r.address, r.from_day, r.until_day) for r in conn.execute(q)]


def homes_of_person(conn: Connection, person_id: int):
    q = (select(property_holding, housing_property.c.address, housing_property.c.certificate_no,
                housing_property.c.contract_no, housing_property.c.cancelled_on)
         .join(housing_property, housing_property.c.id == property_holding.c.property_id)
         .where(property_holding.c.person_id == person_id).order_by(property_holding.c.from_day))
    return conn.execute(q).all()


def match_properties(conn: Connection, *, address: str | None = None, certificate_no: str | None = None,
                     contract_no: str | None = None) -> list:
    """Homes that share any normalised key with what was given (the same home used twice shows up here)."""
    keys = []
    if address and normalise_address(address):
        keys.append(housing_property.c.address_key == normalise_address(address))
    if certificate_no and normalise_number(certificate_no):
        keys.append(housing_property.c.certificate_key == normalise_number(certificate_no))
    if contract_no and normalise_number(contract_no):
        keys.append(housing_property.c.contract_key == normalise_number(contract_no))
    if not keys:
        return []
    return conn.execute(select(housing_property).where(or_(*keys)).order_by(housing_property.c.id)).all()


@dataclass(frozen=True)
class Use:
    property_id: int
    address: str
    person_id: int
    person_name: str
    use: str
    ref_type: str
    ref_id: str
    ref_label: str
    on_day: date
    amount: int
    active: bool


def property_uses(conn: Connection, *, address: str | None = None, certificate_no: str | None = None,
                  contract_no: str | None = None, property_ids: Iterable[int] = ()) -> list[Use]:
    """Every withdrawal and loan that used a home matching the given keys (active ones and past ones)."""
    ids = set(property_ids) | {r.id for r in match_properties(conn, address=address, certificate_no=certificate_no,
                                                               contract_no=contract_no)}
    if not ids:
        return []
    q = (select(property_use, housing_property.c.address, person.c.name)
         .join(housing_property, housing_property.c.id == property_use.c.property_id)
         .join(person, person.c.id == property_use.c.person_id)
         .where(property_use.c.property_id.in_(ids)).order_by(property_use.c.on_day, property_use.c.id))
    return [Use(r.property_id, r.address, r.person_id, r.name, r.use, r.ref_type, r.ref_id, r.ref_label, r.on_day,
                r.amount, bool(r.active)) for r in conn.execute(q)]


def cancelled_on(conn: Connection, property_ids: Iterable[int]) -> dict[int, date]:
    """The homes among these whose purchase contract was cancelled (网签注销), with the day."""
    ids = {p for p in property_ids if p}
    if not ids:
        return {}
    rows = conn.execute(select(housing_property.c.id, housing_property.c.cancelled_on).where(
        housing_property.c.id.in_(ids), housing_property.c.cancelled_on.is_not(None)))
    return {r.id: r.cancelled_on for r in rows}


# ----------------------------------------------------------------------------------------- writing the register


def find_or_create_home(uow: UnitOfWork, actor: Actor, *, address: str, certificate_no: str | None = None,
                        contract_no: str | None = None, contract_date: date | None = None,
                        price: int | None = None) -> int:
    """The home with any of these keys, or a new one; missing keys are filled in on the home found."""
    conn = uow.conn
    matched = match_properties(conn, address=address, certificate_no=certificate_no, contract_no=contract_no)
    keys = {"certificate_no": certificate_no, "certificate_key": normalise_number(certificate_no) or None,
            "contract_no": contract_no, "contract_key": normalise_number(contract_no) or None}
    if matched:
        home = matched[0]
        fill = {k: v for k, v in keys.items() if v and getattr(home, k) is None}
        if contract_date and home.contract_date is None:
            fill["contract_date"] = contract_date
        if price and home.price is None:
            fill["price"] = price
        if fill:
            conn.execute(update(housing_property).where(housing_property.c.id == home.id).values(**fill))
        return home.id
    return conn.execute(insert(housing_property).values(
        address=address.strip()[:200], address_key=normalise_address(address), contract_date=contract_date,
        price=price, created_at=uow.now(), created_by=actor.username, **keys).returning(housing_property.c.id)).scalar_one()


def hold(uow: UnitOfWork, actor: Actor, *, property_id: int, person_id: int, from_day: date, source: str,
         until_day: date | None = None, ref: str | None = None, note: str | None = None) -> int:
    """Record that a person owns a home from ``from_day`` (``source``: declared / withdrawal / loan)."""
    return uow.conn.execute(insert(property_holding).values(
        property_id=property_id, person_id=person_id, from_day=from_day, until_day=until_day, source=source,
        ref=ref, note=note, created_at=uow.now(), created_by=actor.username)).inserted_primary_key[0]


def record_use(uow: UnitOfWork, *, property_id: int, person_id: int, use: str, ref_type: str, ref_id: str,
               ref_label: str, on_day: date, amount: int) -> None:
    """An application used this home (active until ``release_uses``)."""
    uow.conn.execute(insert(property_use).values(
        property_id=property_id, person_id=person_id, use=use, ref_type=ref_type, ref_id=str(ref_id),
        ref_label=ref_label[:60], on_day=on_day, amount=amount, active=True, created_at=uow.now()))


def release_uses(uow: UnitOfWork, *, ref_type: str, ref_id: str) -> None:
    """The application was rejected or cancelled: its uses of homes no longer count."""
    uow.conn.execute(update(property_use).where(property_use.c.ref_type == ref_type,
                                                property_use.c.ref_id == str(ref_id)).values(active=False))


def declare_home(uow: UnitOfWork, actor: Actor, *, person_id: int, address: str, certificate_no: str = "",
                 from_day: date, until_day: date | None = None, note: str = "", as_of: date) -> int:
    """登记住房: a home the person owns (from a property search, or the member's own declaration)."""
    problems = []
    if not normalise_address(address):
        problems.append(Problem.of(RegistryError.HOME_ADDRESS_REQUIRED, field="address"))
    if from_day > as_of:
        problems.append(Problem.of(RegistryError.HOME_ACQUIRED_FUTURE, field="from_day"))
    if until_day is not None and until_day <= from_day:
        problems.append(Problem.of(RegistryError.HOME_SOLD_BEFORE_ACQUIRED, field="until_day"))
    if uow.conn.execute(select(person.c.id).where(person.c.id == person_id)).first() is None:
        problems.append(Problem.of(RegistryError.PERSON_UNKNOWN, field="person_id", person_id=person_id))
    if problems:
        raise ValidationFailed(problems, summary="住房登记信息有误")
    home = find_or_create_home(uow, actor, address=address, certificate_no=certificate_no or None)
    hid = hold(uow, actor, property_id=home, person_id=person_id, from_day=from_day, until_day=until_day,
               source="declared", note=note[:200] or None)
    audit.record(uow, actor, action="withdrawal.property.declare", entity_type="property_holding", entity_id=hid,
                 after={"person_id": person_id, "property_id": home, "address": address, "from": from_day,
                        "until": until_day})
    return home


def record_contract_cancelled(uow: UnitOfWork, actor: Actor, *, property_id: int, on: date, note: str) -> None:
    """购房合同撤销 (网签注销): a fraud signal for every withdrawal that used this home."""
    row = uow.conn.execute(select(housing_property).where(housing_property.c.id == property_id)).first()
    if row is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="房屋", key=property_id)
    uow.conn.execute(update(housing_property).where(housing_property.c.id == property_id).values(
        cancelled_on=on, cancel_note=note[:200]))
    audit.record(uow, actor, action="withdrawal.property.cancelled", entity_type="housing_property",
                 entity_id=property_id, before={"cancelled_on": row.cancelled_on}, after={"cancelled_on": on,
                                                                                         "note": note})


def record_property_use(uow: UnitOfWork, actor: Actor, *, person_id: int, address: str, use: str, ref_type: str,
                        ref_id: str, ref_label: str, on_day: date, amount: int, certificate_no: str | None = None,
                        contract_no: str | None = None, owner: bool = True) -> int:
    """Record that a loan (``use="loan"``) or another application used a home, so the fraud pre-checks of later
    withdrawals and loans see it; with ``owner`` the person is registered as owning it from ``on_day``.
    Returns the home's id. Idempotent per (ref_type, ref_id)."""
    conn = uow.conn
    home = find_or_create_home(uow, actor, address=address, certificate_no=certificate_no, contract_no=contract_no)
    exists = conn.execute(select(property_use.c.id).where(property_use.c.ref_type == ref_type,
                                                          property_use.c.ref_id == str(ref_id),
                                                          property_use.c.property_id == home)).first()
    if exists is None:
        record_use(uow, property_id=home, person_id=person_id, use=use, ref_type=ref_type, ref_id=ref_id,
                   ref_label=ref_label, on_day=on_day, amount=amount)
        if owner:
            hold(uow, actor, property_id=home, person_id=person_id, from_day=on_day, source=use, ref=ref_label[:40])
        audit.record(uow, actor, action="withdrawal.property.use", entity_type="housing_property", entity_id=home,
                     after={"person_id": person_id, "use": use, "ref": f"{ref_type}:{ref_id}", "amount": amount})
    return home
