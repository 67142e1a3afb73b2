"""异地贷款缴存使用证明 (建金〔2015〕135号, 建金〔2016〕230号): the contributing city's centre certifies a member's
contributions and earlier loans to the centre lending in another city; a centre lending here accepts one.

Issue: only a member contributing normally, with no fund loan or a settled first one (two or more loans: no
certificate). The form's fields are kept as data (``data_json``) for the printed form and, later, a signed
certificate (issue 25 adds the QR code). A certificate is valid ``transfer.certificate_valid_days``; the lending
centre's 回执 (loan made or not) is registered, and a lost or expired one cancelled.
Accept: the other centre's figures, which loan applications of members contributing elsewhere (异地缴存) use."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import insert, select

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.core.errors import AnjuError, NotFound, Problem, ValidationFailed
from anju.core.money import parse_yuan, yuan_str
from anju.db.uow import UnitOfWork
from anju.loan import queries as loan_queries
from anju.org import queries as org
from anju.policy.store import policy_at
from anju.registry import household
from anju.registry import queries as registry_queries
from anju.registry.codes import AccountStatus
from anju.registry.service import get_employer, next_numbers
from anju.transfer.codes import CertKind, CertStatus
from anju.transfer.errors import TransferError
from anju.transfer.permissions import P
from anju.transfer.tables import loan_certificate
from anju.withdrawal.rules import continuous_months

# The national form's fields, in its order, with their Chinese labels.
FIELDS = {"no": "证明编号", "name": "姓名", "id_number": "证件号码", "spouse_name": "配偶姓名",
          "spouse_id_number": "配偶证件号码", "centre": "缴存中心", "employer": "缴存单位", "account_no": "个人账号",
          "account_status": "账户状态", "opened_on": "开户日期", "base": "缴存基数", "monthly": "月缴存额",
          "balance": "账户余额", "paid_through": "缴至年月", "continuous_months": "连续缴存月数",
          "loan_count": "住房公积金贷款次数", "loan_outstanding": "是否有未结清贷款", "lending_centre": "贷款城市公积金中心",
          "issued_on": "出具日期", "valid_until": "有效期至"}


@dataclass(frozen=True)
class Certificate:
    id: int
    no: str
    data: dict


def issue(uow: UnitOfWork, actor: Actor, *, id_number: str, lending_centre: str, as_of: date) -> Certificate:
    """出具: checks first (every problem at once), then the form's data."""
    require(actor, P.CERTIFICATE)
    conn = uow.conn
    acct = registry_queries.account_of_person(conn, id_number) if id_number.strip() else None
    problems: list[Problem] = []
    if not lending_centre.strip():
        problems.append(Problem.of(TransferError.FIELD_REQUIRED, field="贷款城市公积金中心", input="lending_centre",
                                   label="贷款城市公积金中心"))
    if acct is None:
        problems.append(Problem.of(TransferError.NO_ACCOUNT_HERE, field="证件号码", input="id_number"))
    else:
        if acct.status != AccountStatus.NORMAL.value:
            problems.append(Problem.of(TransferError.CERT_NOT_CONTRIBUTING, field="账户状态",
                                       status=AccountStatus(acct.status).label))
        loans = loan_queries.family_loans(conn, [acct.person_id])
        if len(loans) >= 2:
            problems.append(Problem.of(TransferError.CERT_LOANS, field="贷款", count=len(loans)))
        elif any(live for _, _, live in loans):
            problems.append(Problem.of(TransferError.CERT_LOAN_OPEN, field="贷款"))
    if problems:
        raise ValidationFailed(problems, summary="不能出具异地贷款缴存使用证明")
    person = registry_queries.person_row(conn, acct.person_id)
    spouse_id = household.spouse_of(conn, acct.person_id)
    spouse = registry_queries.person_row(conn, spouse_id) if spouse_id else None
    run, _ = continuous_months(household.paid_months(conn, acct.id), as_of)
    loans = loan_queries.family_loans(conn, [acct.person_id])
    (seq,) = next_numbers(conn, f"transfer.certificate:{as_of.year}")
    no = f"YDZM{as_of.year}{seq:06d}"
    valid_until = as_of + timedelta(days=policy_at(conn, as_of)["transfer.certificate_valid_days"])
    data = {
        "no": no, "name": person.name, "id_number": person.id_number,
        "spouse_name": spouse.name if spouse else "", "spouse_id_number": spouse.id_number if spouse else "",
        "centre": org.centre_display_name(conn),
        "employer": get_employer(conn, acct.employer_id).name if acct.employer_id else "灵活就业",
        "account_no": acct.account_no, "account_status": AccountStatus(acct.status).label,
        "opened_on": acct.opened_on.isoformat(), "base": yuan_str(acct.base),
        "monthly": yuan_str(acct.employer_amount + acct.member_amount), "balance": yuan_str(acct.balance),
        "paid_through": acct.paid_through, "continuous_months": run, "loan_count": len(loans),
        "loan_outstanding": False, "lending_centre": lending_centre.strip(), "issued_on": as_of.isoformat(),
        "valid_until": valid_until.isoformat()}
    cid = _insert(uow, actor, no=no, kind=CertKind.ISSUED, centre=lending_centre.strip(), name=person.name,
                  id_number=person.id_number, account_id=acct.id, issued_on=as_of, valid_until=valid_until, data=data)
    audit.record(uow, actor, action="transfer.certificate.issue", entity_type="loan_certificate", entity_id=cid,
                 after={"no": no, "account_id": acct.id, "lending_centre": lending_centre.strip()})
    return Certificate(cid, no, data)


def accept(uow: UnitOfWork, actor: Actor, *, no: str, issuing_centre: str, name: str, id_number: str,
           balance: str, monthly: str, continuous_months: int, loan_count: int, issued_on: date,
           valid_until: date, as_of: date) -> Certificate:
    """登记外地中心出具的证明 for a loan here; refused when expired or showing two loans."""
    require(actor, P.CERTIFICATE)
    problems: list[Problem] = []
    for value, label, field in ((no, "证明编号", "no"), (issuing_centre, "出具中心", "issuing_centre"),
                                (name, "姓名", "name"), (id_number, "证件号码", "id_number")):
        if not value.strip():
            problems.append(Problem.of(TransferError.FIELD_REQUIRED, field=label, input=field, label=label))
    if loan_count >= 2:
        problems.append(Problem.of(TransferError.CERT_LOANS, field="贷款次数", count=loan_count))
    if valid_until < as_of:
        problems.append(Problem.of(TransferError.CERT_STATE, field="有效期", no=no, status="已过期", doing="登记"))
    amounts = {}
    for key, value in (("balance", balance), ("monthly", monthly)):
        try:
            amounts[key] = parse_yuan(value)
        except AnjuError as exc:
            problems.append(Problem.from_error(exc, field=FIELDS[key], input=key))
    if problems:
        raise ValidationFailed(problems, summary="证明信息有误")
    data = {"no": no.strip(), "name": name.strip(), "id_number": id_number.strip().upper(),
            "centre": issuing_centre.strip(), "balance": yuan_str(amounts["balance"]),
            "monthly": yuan_str(amounts["monthly"]), "continuous_months": continuous_months, "loan_count": loan_count,
            "issued_on": issued_on.isoformat(), "valid_until": valid_until.isoformat()}
    cid = _insert(uow, actor, no=no.strip(), kind=CertKind.ACCEPTED, centre=issuing_centre.strip(), name=name.strip(),
                  id_number=id_number.strip().upper(), account_id=None, issued_on=issued_on,
                  valid_until=valid_until, data=data)
    audit.record(uow, actor, action="transfer.certificate.accept", entity_type="loan_certificate", entity_id=cid,
                 after={"no": no.strip(), "issuing_centre": issuing_centre.strip()})
    return Certificate(cid, no.strip(), data)


def _insert(uow: UnitOfWork, actor: Actor, *, no, kind, centre, name, id_number, account_id, issued_on, valid_until,
            data) -> int:
    now = uow.now()
    return uow.conn.execute(insert(loan_certificate).values(
        no=no, kind=kind.value, status=CertStatus.VALID.value, centre=centre[:100], name=name, id_number=id_number,
        account_id=account_id, issued_on=issued_on, valid_until=valid_until,
        data_json=json.dumps(data, ensure_ascii=False, sort_keys=True), created_by=actor.username, created_at=now,
        updated_at=now).returning(loan_certificate.c.id)).scalar_one()


def close(uow: UnitOfWork, actor: Actor, *, certificate_id: int, receipt: bool, note: str) -> None:
    """登记回执 (``receipt``) or 作废: only a valid certificate."""
    require(actor, P.CERTIFICATE)
    from sqlalchemy import update

    from anju.db.locks import for_update

    row = uow.conn.execute(for_update(uow.conn, select(loan_certificate).where(
        loan_certificate.c.id == certificate_id))).first()
    if row is None:
        raise NotFound(TransferError.CERT_UNKNOWN, no=str(certificate_id))
    doing = "登记回执" if receipt else "作废"
    if row.status != CertStatus.VALID.value:
        raise AnjuError(TransferError.CERT_STATE, no=row.no, status=CertStatus(row.status).label, doing=doing)
    target = CertStatus.RETURNED if receipt else CertStatus.CANCELLED
    uow.conn.execute(update(loan_certificate).where(loan_certificate.c.id == certificate_id,
                                                    loan_certificate.c.status == CertStatus.VALID.value)
                     .values(status=target.value, note=note[:200] or None, updated_at=uow.now()))
    audit.record(uow, actor, action="transfer.certificate.receipt" if receipt else "transfer.certificate.cancel",
                 entity_type="loan_certificate", entity_id=certificate_id, before={"status": row.status},
                 after={"status": target.value, "note": note})


def accepted_for(conn, id_number: str, as_of: date) -> dict | None:
    """The newest valid certificate another centre issued for this person (the figures a loan application of a
    member contributing elsewhere uses), or None."""
    row = conn.execute(select(loan_certificate).where(
        loan_certificate.c.kind == CertKind.ACCEPTED.value, loan_certificate.c.status == CertStatus.VALID.value,
        loan_certificate.c.id_number == id_number.strip().upper(), loan_certificate.c.valid_until >= as_of)
        .order_by(loan_certificate.c.id.desc()).limit(1)).first()
    return None if row is None else json.loads(row.data_json)


def certificates(conn, *, limit: int = 200) -> list:
    return conn.execute(select(loan_certificate).order_by(loan_certificate.c.id.desc()).limit(limit)).all()
