"""骗提骗贷案件: opened when an approver confirms a 认定 (``service.decide``), then 追回 (the withdrawals of the hit
are marked fraudulent through the withdrawal area's own use case, which posts the recovery voucher Dr 101xx /
Cr 201 and bans the member) → 处罚决定 (处罚决定书) → 移送公安 (optional, 案件移送书) → 禁止期 (the case's own
ban, ``compliance.case_ban_years``; the withdrawal ban already refuses withdrawals and loans) → 结案. Every step is
a record on the case, an audit record and, where the law wants one, a document."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, insert, select

from anju.auth.actor import Actor
from anju.compliance.codes import CaseStage, DocKind
from anju.compliance.documents import Document, cn_day
from anju.compliance.errors import ComplianceError
from anju.compliance.permissions import P
from anju.compliance.tables import audit_hit_evidence, case_document, fraud_case
from anju.core.dates import add_years
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.core.money import format_yuan
from anju.db.uow import UnitOfWork
from anju.policy.store import policy_at
from anju.workflow import Flow, Step

S = CaseStage

CASE = Flow(
    noun="骗提骗贷案件", table=fraud_case, states=CaseStage, entity="fraud_case", audit_prefix="compliance.case.",
    opens="open", steps=[
        Step("recover", "追回", S.CONFIRMED, to=S.RECOVERED, permission=P.CASE),
        Step("penalise", "作出处罚决定", S.RECOVERED, to=S.PENALISED, permission=P.CASE),
        Step("refer", "移送公安", S.PENALISED, to=S.REFERRED, permission=P.CASE),
        Step("ban", "设定禁止期", S.PENALISED, S.REFERRED, to=S.BANNED, permission=P.CASE),
        Step("close", "结案", S.BANNED, to=S.CLOSED, permission=P.CASE),
    ])


def _no(conn: Connection, prefix: str, year: int) -> str:
    from anju.registry.service import next_numbers

    (n,) = next_numbers(conn, f"compliance.{prefix}.{year}")
    return f"{prefix}{year}{n:05d}"


def _withdrawals(conn: Connection, hit_id: int) -> list:
    """The withdrawals named in the hit's evidence, or behind the person of a person/account hit."""
    from anju.withdrawal import queries as wq

    w = wq.applications()
    numbers = conn.execute(select(audit_hit_evidence.c.ref_id).where(
        audit_hit_evidence.c.hit_id == hit_id, audit_hit_evidence.c.ref_type == "withdrawal")).scalars().all()
    if not numbers:
        return []
    return conn.execute(select(w).where(w.c.no.in_(numbers)).order_by(w.c.id)).all()


def open_case(uow: UnitOfWork, actor: Actor, *, hit, as_of: date, note: str) -> int:
    conn = uow.conn
    ws = _withdrawals(conn, hit.id)
    amount = sum(r.amount for r in ws)
    now = uow.now()
    case_id = conn.execute(insert(fraud_case).values(
        no=_no(conn, "PT", as_of.year), hit_id=hit.id, person_id=hit.person_id, employer_id=hit.employer_id,
        status=S.CONFIRMED.value, confirmed_on=as_of, amount=amount, summary=note[:500],
        created_by=actor.username, created_at=now, updated_at=now).returning(fraud_case.c.id)).scalar_one()
    row = CASE.lock(conn, case_id)
    CASE.open(uow, actor, row, on=as_of, note=note, audit_after={"hit": hit.id, "amount": amount})
    return case_id


def get(conn: Connection, case_id: int):
    row = conn.execute(select(fraud_case).where(fraud_case.c.id == case_id)).first()
    if row is None:
        raise AnjuError(ComplianceError.HIT_NOT_FOUND, no=case_id)
    return row


def documents(conn: Connection, case_type: str, case_id: int) -> list:
    return conn.execute(select(case_document).where(case_document.c.case_type == case_type,
                                                    case_document.c.case_id == case_id)
                        .order_by(case_document.c.id)).all()


def issue(uow: UnitOfWork, actor: Actor, *, case_type: str, case_id: int, kind: DocKind, addressee: str,
          paragraphs: list[str], as_of: date, deadline: date | None = None, amount: int | None = None) -> int:
    """Number, write and store one document of a case."""
    from anju.org.queries import centre_display_name

    conn = uow.conn
    no = _no(conn, kind.short, as_of.year)
    doc = Document(kind.label, f"公积金{kind.short}字〔{as_of.year}〕第{no[-5:]}号", addressee, tuple(paragraphs), centre_display_name(conn),
                   as_of)
    return conn.execute(insert(case_document).values(
        case_type=case_type, case_id=case_id, kind=kind.value, no=no, issued_on=as_of, deadline=deadline,
        amount=amount, body=doc.body(), created_by=actor.username, created_at=uow.now())
        .returning(case_document.c.id)).scalar_one()


def _person(conn: Connection, person_id: int | None) -> tuple[str, str]:
    from anju.core.ids import mask_id
    from anju.registry.queries import person_row

    if person_id is None:
        return "当事人", ""
    p = person_row(conn, person_id)
    return p.name, mask_id(p.id_number)


def recover(uow: UnitOfWork, actor: Actor, *, case_id: int, note: str, as_of: date) -> int:
    """追回: every withdrawal of the case is marked fraudulent by the withdrawal area (a paid one reversed with its
    voucher, one in progress stopped; the member banned). Returns the amount recovered into the account."""
    from anju.withdrawal import service as wd
    from anju.withdrawal.codes import Status

    if not note.strip():
        raise ValidationFailed([Problem.of(ComplianceError.NOTE_REQUIRED, field="说明", input="note")])
    case = CASE.take(uow, actor, case_id, "recover")
    conn = uow.conn
    recovered, voucher = 0, None
    for w in _withdrawals(conn, case.row.hit_id):
        if w.status in (Status.FRAUD.value, Status.REJECTED.value, Status.CANCELLED.value):
            continue
        paid = w.status == Status.PAID.value
        wd.mark_fraud(uow, actor, withdrawal_id=w.id, note=f"{case.row.no}：{note}", as_of=as_of)
        if paid:
            from anju.withdrawal.queries import get as get_withdrawal

            recovered += w.amount
            voucher = get_withdrawal(conn, w.id).fraud_voucher_id
    name, idn = _person(conn, case.row.person_id)
    issue(uow, actor, case_type="fraud", case_id=case_id, kind=DocKind.RECOVERY, addressee=name, as_of=as_of,
          amount=recovered, paragraphs=[
              f"经核查，你（证件号码{idn}）骗取住房公积金{format_yuan(case.row.amount)}元，"
              f"本中心已于{cn_day(as_of)}追回{format_yuan(recovered)}元，退回你的住房公积金个人账户。",
              f"事实与理由：{note}"])
    case.move(on=as_of, note=note, recovered=recovered, recovered_on=as_of, recovery_voucher_id=voucher,
              audit_after={"recovered": recovered, "voucher_id": voucher})
    return recovered


def penalise(uow: UnitOfWork, actor: Actor, *, case_id: int, amount: int, basis: str, as_of: date) -> int:
    """处罚决定 (处罚决定书): the fine and its legal basis."""
    problems = []
    if amount < 0:
        problems.append(Problem.of(ComplianceError.AMOUNT_INVALID, field="罚款金额", input="amount"))
    if not basis.strip():
        problems.append(Problem.of(ComplianceError.NOTE_REQUIRED, field="处罚依据", input="basis"))
    if problems:
        raise ValidationFailed(problems)
    case = CASE.take(uow, actor, case_id, "penalise")
    name, idn = _person(uow.conn, case.row.person_id)
    doc = issue(uow, actor, case_type="fraud", case_id=case_id, kind=DocKind.DECISION, addressee=name, as_of=as_of,
                amount=amount, paragraphs=[
                    f"你（证件号码{idn}）以欺骗手段提取（或贷款）住房公积金{format_yuan(case.row.amount)}元，"
                    f"已于{cn_day(case.row.recovered_on)}追回{format_yuan(case.row.recovered)}元。",
                    f"依据{basis}，决定处以罚款{format_yuan(amount)}元。",
                    "如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者六个月内依法提起行政诉讼。"])
    case.move(on=as_of, note=basis, penalty=amount, penalty_on=as_of, audit_after={"penalty": amount, "document": doc})
    return doc


def refer(uow: UnitOfWork, actor: Actor, *, case_id: int, to: str, as_of: date) -> int:
    """移送公安 (案件移送书)."""
    if not to.strip():
        raise ValidationFailed([Problem.of(ComplianceError.NOTE_REQUIRED, field="移送机关", input="to")])
    case = CASE.take(uow, actor, case_id, "refer")
    name, idn = _person(uow.conn, case.row.person_id)
    doc = issue(uow, actor, case_type="fraud", case_id=case_id, kind=DocKind.REFERRAL, addressee=to, as_of=as_of,
                paragraphs=[f"{name}（证件号码{idn}）涉嫌以欺骗手段骗取住房公积金{format_yuan(case.row.amount)}元，"
                            f"已经本中心认定并作出处罚决定，现依法移送你局处理。", f"案件编号：{case.row.no}"])
    case.move(on=as_of, note=to, referred_on=as_of, referred_to=to[:100], audit_after={"document": doc})
    return doc


def ban(uow: UnitOfWork, actor: Actor, *, case_id: int, as_of: date) -> date:
    """The case's ban (禁止期): ``compliance.case_ban_years`` from today."""
    case = CASE.take(uow, actor, case_id, "ban")
    until = add_years(as_of, int(policy_at(uow.conn, as_of)["compliance.case_ban_years"]))
    case.move(on=as_of, note=f"禁止期至{cn_day(until)}", ban_from=as_of, ban_until=until,
              audit_after={"ban_until": until.isoformat()})
    return until


def close(uow: UnitOfWork, actor: Actor, *, case_id: int, as_of: date, note: str = "") -> None:
    CASE.take(uow, actor, case_id, "close").move(on=as_of, note=note or "结案")


def cases(conn: Connection, *, status: str | None = None, limit: int = 200) -> list:
    q = select(fraud_case).order_by(fraud_case.c.id.desc()).limit(limit)
    if status:
        q = q.where(fraud_case.c.status == status)
    return conn.execute(q).all()


def active_case_ban(conn: Connection, person_id: int, as_of: date):
    return conn.execute(select(fraud_case).where(fraud_case.c.person_id == person_id,
                                                 fraud_case.c.ban_from <= as_of, fraud_case.c.ban_until > as_of)
                        ).first()
