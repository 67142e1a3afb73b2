"""归集执法: employers that do not register or do not pay (条例 Art. 37, 38).

立案 (opened, with 应缴未缴 from the contribution area's arrears) → 催缴通知书 (notice, ``compliance.notice_workdays``
working days) → 责令限期缴存决定书 (order, ``compliance.order_days`` working days) → 催告书 (demand, after the
order's deadline) → 申请人民法院强制执行 (court: no earlier than ``compliance.demand_days`` days after the 催告 was
served, 行政强制法 Art. 54) or 行政处罚 (penalty: an employer that did not register, Art. 37, within
``compliance.penalty_min``–``_max``) → 结案. Each step issues its document with its deadline on the working-day
calendar; the next step needs the last document served (送达: day, manner, recipient)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Connection, func, insert, select, update

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.compliance.cases import _no, issue
from anju.compliance.codes import DocKind, EnforcementReason, EnforcementStage
from anju.compliance.documents import cn_day
from anju.compliance.errors import ComplianceError
from anju.compliance.permissions import P
from anju.compliance.tables import case_document, enforcement_case
from anju.core.dates import format_month
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.core.money import format_yuan
from anju.db.uow import UnitOfWork
from anju.policy.store import policy_at
from anju.workflow import Flow, Step

S = EnforcementStage

FLOW = Flow(
    noun="归集执法案件", table=enforcement_case, states=EnforcementStage, entity="enforcement_case",
    audit_prefix="compliance.enforcement.", opens="open",
    steps=[
        Step("notice", "发出催缴通知书", S.OPENED, to=S.NOTICE, permission=P.CASE),
        Step("order", "作出责令限期缴存决定", S.NOTICE, to=S.ORDER, permission=P.CASE),
        Step("demand", "发出催告书", S.ORDER, to=S.DEMAND, permission=P.CASE),
        Step("penalty", "作出行政处罚决定", S.ORDER, S.DEMAND, to=S.PENALTY, permission=P.CASE),
        Step("court", "申请人民法院强制执行", S.DEMAND, to=S.COURT, permission=P.CASE),
        Step("serve", "登记送达", S.NOTICE, S.ORDER, S.DEMAND, S.PENALTY, S.COURT, permission=P.CASE),
        Step("close", "结案", S.OPENED, S.NOTICE, S.ORDER, S.DEMAND, S.PENALTY, S.COURT, to=S.CLOSED,
             permission=P.CASE),
    ])

NEXT_DOC = {"notice": DocKind.NOTICE, "order": DocKind.ORDER, "demand": DocKind.DEMAND, "penalty": DocKind.PENALTY,
            "court": DocKind.COURT}


def _employer(conn: Connection, account_no: str):
    from anju.registry.queries import employer_by_no

    emp = employer_by_no(conn, account_no.strip())
    if emp is None:
        raise AnjuError(ComplianceError.EMPLOYER_NOT_FOUND, no=account_no)
    return emp


def open_case(uow: UnitOfWork, actor: Actor, *, employer_no: str, reason: str, as_of: date, note: str = "") -> int:
    """立案 against an employer: 逾期不缴 needs arrears as the contribution area computes them."""
    from anju.deposit.queries import arrears

    require(actor, P.CASE)
    conn = uow.conn
    emp = _employer(conn, employer_no)
    why = EnforcementReason(reason)
    owed, months = 0, 0
    if why is EnforcementReason.UNPAID:
        rows = arrears(conn, as_of=as_of, employer_id=emp.id)
        if not rows or not rows[0].unpaid_months:
            raise AnjuError(ComplianceError.NOT_OWING, name=emp.name, day=cn_day(as_of))
        owed, months = rows[0].unpaid_amount, len(rows[0].unpaid_months)
        note = note or (f"{format_month(rows[0].unpaid_months[0])}至{format_month(rows[0].unpaid_months[-1])}"
                        f"共{months}个月未缴，应缴未缴{format_yuan(owed)}元")
    now = uow.now()
    case_id = conn.execute(insert(enforcement_case).values(
        no=_no(conn, "ZF", as_of.year), employer_id=emp.id, reason=why.value, status=S.OPENED.value,
        opened_on=as_of, owed=owed, months=months, note=note[:500], created_by=actor.username, created_at=now,
        updated_at=now).returning(enforcement_case.c.id)).scalar_one()
    FLOW.open(uow, actor, FLOW.lock(conn, case_id), on=as_of, note=note,
              audit_after={"employer": emp.account_no, "owed": owed, "months": months})
    return case_id


def _last_doc(conn: Connection, case_id: int):
    return conn.execute(select(case_document).where(case_document.c.case_type == "enforcement",
                                                    case_document.c.case_id == case_id)
                        .order_by(case_document.c.id.desc()).limit(1)).first()


def advance(uow: UnitOfWork, actor: Actor, *, case_id: int, step: str, as_of: date, amount: int | None = None,
            basis: str = "") -> int:
    """Take the next step (notice, order, demand, penalty, court) and issue its document; returns its id."""
    from anju.workcal.service import load_calendar

    if step not in NEXT_DOC:
        raise AnjuError(ComplianceError.CASE_STAGE, no=case_id, stage="", doing=step)
    case = FLOW.take(uow, actor, case_id, step)
    conn = uow.conn
    row = case.row
    last = _last_doc(conn, case_id)
    if last is not None and last.served_on is None:
        raise AnjuError(ComplianceError.NOT_SERVED)
    policy = policy_at(conn, as_of)
    cal = load_calendar(conn)
    emp = _employer_row(conn, row.employer_id)
    owed = f"{format_yuan(row.owed)}元" if row.owed else ""
    deadline = None
    if step == "notice":
        deadline = cal.deadline(as_of, int(policy["compliance.notice_workdays"]))
        text = [f"经查，你单位{row.note}。根据《住房公积金管理条例》第二十条、第三十八条，请于{cn_day(deadline)}前"
                f"足额缴存应缴未缴的住房公积金{owed}。"]
    elif step == "order":
        deadline = cal.deadline(as_of, int(policy["compliance.order_days"]))
        text = [f"你单位{row.note}，经本中心催缴（{last.no}）仍未缴存。",
                f"根据《住房公积金管理条例》第三十八条，责令你单位于{cn_day(deadline)}前缴存应缴未缴的住房公积金{owed}。"
                "逾期仍不缴存的，本中心将依法申请人民法院强制执行。",
                "如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者六个月内依法提起行政诉讼。"]
    elif step == "demand":
        deadline = cal.next_workday(as_of + timedelta(days=int(policy["compliance.demand_days"])))
        text = [f"本中心于{cn_day(last.issued_on)}作出责令限期缴存决定（{last.no}），你单位逾期仍未履行。",
                f"根据《中华人民共和国行政强制法》第五十四条，催告你单位于{cn_day(deadline)}前履行缴存义务{owed}；"
                "逾期仍不履行的，本中心将申请人民法院强制执行。你单位有权进行陈述和申辩。"]
    elif step == "penalty":
        lo, hi = int(policy["compliance.penalty_min"]), int(policy["compliance.penalty_max"])
        if amount is None or not lo <= amount <= hi:
            raise ValidationFailed([Problem.of(ComplianceError.AMOUNT_INVALID, field="罚款金额", input="amount")])
        text = [f"你单位{row.note}，经本中心责令限期办理仍未办理。",
                f"依据{basis or '《住房公积金管理条例》第三十七条'}，决定处以罚款{format_yuan(amount)}元。",
                "如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者六个月内依法提起行政诉讼。"]
    else:  # court
        earliest = last.served_on + timedelta(days=int(policy["compliance.demand_days"]))
        if as_of < earliest:
            raise AnjuError(ComplianceError.DEMAND_TOO_EARLY, days=policy["compliance.demand_days"],
                            day=cn_day(earliest))
        text = [f"被申请人{emp.name}（单位账号{emp.account_no}）{row.note}。",
                f"本中心依法作出责令限期缴存决定，并于{cn_day(last.served_on)}送达催告书（{last.no}），被申请人逾期仍未履行。",
                f"根据《住房公积金管理条例》第三十八条和《中华人民共和国行政强制法》第五十三条、第五十四条，"
                f"申请人民法院强制执行{owed}。"]
    kind = NEXT_DOC[step]
    doc = issue(uow, actor, case_type="enforcement", case_id=case_id, kind=kind,
                addressee=policy["compliance.court_name"] if step == "court" else emp.name, paragraphs=text, as_of=as_of,
                deadline=deadline, amount=amount if step == "penalty" else (row.owed or None))
    case.move(on=as_of, note=kind.label, deadline=deadline, audit_after={"document": doc})
    return doc


def serve(uow: UnitOfWork, actor: Actor, *, case_id: int, served_on: date, how: str, to: str) -> None:
    """送达: the latest document's delivery record."""
    problems = []
    if not how.strip():
        problems.append(Problem.of(ComplianceError.COMPLAINT_FIELD, field="送达方式", input="how", what="送达方式"))
    if not to.strip():
        problems.append(Problem.of(ComplianceError.COMPLAINT_FIELD, field="受送达人", input="to", what="受送达人"))
    if problems:
        raise ValidationFailed(problems)
    case = FLOW.take(uow, actor, case_id, "serve")
    last = _last_doc(uow.conn, case_id)
    uow.conn.execute(update(case_document).where(case_document.c.id == last.id).values(
        served_on=served_on, served_how=how.strip()[:20], served_to=to.strip()[:50]))
    case.stay(on=served_on, note=f"{last.no}于{cn_day(served_on)}{how}送达{to}",
              audit_after={"document": last.id, "served_on": served_on.isoformat()})


def close(uow: UnitOfWork, actor: Actor, *, case_id: int, note: str, as_of: date) -> None:
    FLOW.take(uow, actor, case_id, "close").move(on=as_of, note=note or "结案", closed_on=as_of)


def _employer_row(conn: Connection, employer_id: int):
    from anju.registry.queries import employer_facts

    e = employer_facts()
    return conn.execute(select(e).where(e.c.id == employer_id)).one()


def by_stage(conn: Connection) -> dict[str, int]:
    rows = conn.execute(select(enforcement_case.c.status, func.count()).group_by(enforcement_case.c.status)).all()
    return {s: n for s, n in rows}


def cases(conn: Connection, *, status: str | None = None, employer_id: int | None = None, limit: int = 200) -> list:
    from anju.registry.queries import employer_facts

    e = employer_facts()
    q = (select(enforcement_case, e.c.name.label("employer_name"), e.c.account_no.label("employer_no"))
         .join(e, e.c.id == enforcement_case.c.employer_id).order_by(enforcement_case.c.id.desc()).limit(limit))
    if status:
        q = q.where(enforcement_case.c.status == status)
    if employer_id is not None:
        q = q.where(enforcement_case.c.employer_id == employer_id)
    return conn.execute(q).all()
