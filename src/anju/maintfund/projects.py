"""Use of the fund (item 5): projects 一般 / 应急 through the declared flow (``flows.PROJECT``).

Plan: budget and 列支范围 (the units that bear it), shares of the budget by floor area exact to the fen. 一般:
公示 ≥ ``mf.publicity_days`` → owners' vote (one vote per unit; heads one per owner, unsold units as one; areas
from the register; thresholds the versioned ``mf.vote_rules``) → 审核 (another person). 应急: no vote, the
documents ``mf.emergency_documents`` names. Stage payments (Dr 维修项目暂付款 / Cr 专户) up to the budget less the
retention share; acceptance; the final account splits the cost by area (residue rule), charging each household up
to its balance — a shortfall is owed by the owner (flagged), an unsold unit's share by the developer — and the
cost not yet paid (the retention) becomes payable; released after the warranty (Dr 应付质量保证金 / Cr 专户)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, func, insert, select, update

from anju.auth.actor import Actor, require
from anju.core.errors import AnjuError, Conflict, NotFound, Problem, ValidationFailed
from anju.core.money import Rounding, apply_ratio, format_yuan
from anju.db.uow import UnitOfWork
from anju.ledger import service as ledger
from anju.ledger.rules import Line, Posting
from anju.maintfund import calc
from anju.maintfund.codes import (
    BANK,
    BOOK,
    DEVELOPER_DUE,
    HOUSEHOLD,
    OWNER_DUE,
    PROJECT,
    RETENTION,
    SUB_HOUSEHOLD,
    Choice,
    Decision,
    HouseholdStatus,
    ProjectKind,
    ProjectStatus,
    TxnKind,
)
from anju.maintfund.errors import MaintfundError as E
from anju.maintfund.flows import PROJECT as FLOW
from anju.maintfund.permissions import P
from anju.maintfund.service import _next_no, get_area, lock_household, movement
from anju.maintfund.tables import mf_household, mf_payment, mf_project, mf_project_unit, mf_vote
from anju.policy.store import policy_at


def get_project(conn: Connection, project_id: int):
    row = conn.execute(select(mf_project).where(mf_project.c.id == project_id)).first()
    if row is None:
        raise NotFound(E.PROJECT_NOT_FOUND, key=project_id)
    return row


def apply(uow: UnitOfWork, actor: Actor, *, area_id: int, kind: ProjectKind, title: str, as_of: date,
          contractor: str | None = None, documents: str | None = None) -> int:
    """申请: a project of an area (by the owners' committee, the property company or the authority, entered by
    the fund's clerk)."""
    require(actor, P.PROJECT)
    conn = uow.conn
    get_area(conn, area_id)
    if not title.strip():
        raise ValidationFailed([Problem.of(E.FIELD_REQUIRED, field="项目名称", label="项目名称")])
    pid = conn.execute(insert(mf_project).values(
        no=_next_no(conn, mf_project, f"WX{as_of.year}"), area_id=area_id, kind=ProjectKind(kind).value,
        title=title.strip(), contractor=contractor, documents=documents, budget=0, status=FLOW.initial, paid=0,
        retention=0, retention_released=False, applied_on=as_of, created_by=actor.username,
        created_at=uow.now()).returning(mf_project.c.id)).scalar_one()
    FLOW.open(uow, actor, FLOW.lock(conn, pid), on=as_of, audit_after={"title": title, "kind": str(kind)})
    return pid


def plan(uow: UnitOfWork, actor: Actor, *, project_id: int, budget: int, household_ids: list[int],
         as_of: date) -> list[calc.Share]:
    """方案: the budget and the units that bear it; their shares of the budget by floor area (exact to the fen)."""
    case = FLOW.take(uow, actor, project_id, "plan")
    conn = uow.conn
    problems = []
    if budget <= 0:
        problems.append(Problem.of(E.BUDGET_POSITIVE, field="预算金额"))
    rows = conn.execute(select(mf_household).where(mf_household.c.id.in_(household_ids))
                        .order_by(mf_household.c.account_no)).all() if household_ids else []
    if not rows:
        problems.append(Problem.of(E.SCOPE_EMPTY, field="列支范围"))
    for r in rows:
        if r.area_id != case.row.area_id or r.status != HouseholdStatus.NORMAL:
            problems.append(Problem.of(E.SCOPE_OTHER_AREA, field="列支范围", no=r.account_no))
    if problems:
        raise ValidationFailed(problems, summary="维修方案有误")
    shares = calc.split_by_area(budget, [(str(r.id), r.floor_area) for r in rows])
    conn.execute(mf_project_unit.delete().where(mf_project_unit.c.project_id == project_id))
    conn.execute(insert(mf_project_unit), [{"project_id": project_id, "household_id": int(s.key),
                                            "floor_area": s.floor_area, "planned": s.amount} for s in shares])
    case.move(on=as_of, note=f"预算{format_yuan(budget)}元，列支{len(rows)}户", budget=budget)
    return shares


def publicize(uow: UnitOfWork, actor: Actor, *, project_id: int, as_of: date) -> date:
    """公示 the plan from ``as_of``; the vote may open once ``mf.publicity_days`` days have passed."""
    case = FLOW.take(uow, actor, project_id, "publicize")
    days = policy_at(uow.conn, as_of)["mf.publicity_days"]
    until = as_of + timedelta(days=days - 1)
    case.move(on=as_of, note=f"公示{as_of}至{until}", publicity_from=as_of, publicity_to=until)
    return until


def open_vote(uow: UnitOfWork, actor: Actor, *, project_id: int, as_of: date) -> None:
    case = FLOW.take(uow, actor, project_id, "open_vote")
    days = policy_at(uow.conn, as_of)["mf.publicity_days"]
    if as_of <= case.row.publicity_to:
        raise AnjuError(E.PUBLICITY_SHORT, days=days, until=case.row.publicity_to)
    case.move(on=as_of, vote_rules=policy_at(uow.conn, as_of)["mf.vote_rules"])


def record_vote(uow: UnitOfWork, actor: Actor, *, project_id: int, household_id: int, choice: Choice,
                as_of: date) -> None:
    """One vote per unit (专有部分) in the project's 列支范围; a second vote of the unit replaces the first."""
    require(actor, P.PROJECT)
    conn = uow.conn
    row = FLOW.lock(conn, project_id)
    FLOW.require_state(row, "close_vote")
    unit = conn.execute(select(mf_project_unit.c.id).where(mf_project_unit.c.project_id == project_id,
                                                           mf_project_unit.c.household_id == household_id)).first()
    if unit is None:
        no = conn.execute(select(mf_household.c.account_no).where(mf_household.c.id == household_id)).scalar()
        raise AnjuError(E.NOT_IN_SCOPE, no=no or household_id)
    conn.execute(mf_vote.delete().where(mf_vote.c.project_id == project_id, mf_vote.c.household_id == household_id))
    conn.execute(insert(mf_vote).values(project_id=project_id, household_id=household_id, choice=Choice(choice).value,
                                        voted_on=as_of, recorded_by=actor.username))


def tally(conn: Connection, project_id: int) -> tuple[calc.Tally, calc.Tally, calc.Tally]:
    """(all units in scope, participants, those agreeing): heads one per owner — unsold units (the developer) and
    several units of one buyer count as one — and areas per the register."""
    u, h, v = mf_project_unit.c, mf_household.c, mf_vote.c
    rows = conn.execute(select(h.owner_id_no, h.sold, u.floor_area, v.choice)
                        .select_from(mf_project_unit.join(mf_household, h.id == u.household_id)
                                     .outerjoin(mf_vote, (v.project_id == u.project_id) & (v.household_id == u.household_id)))
                        .where(u.project_id == project_id)).all()

    def count(selected) -> calc.Tally:
        owners = {r.owner_id_no if r.sold else "（开发建设单位）" for r in selected}
        return calc.Tally(len(owners), sum(r.floor_area for r in selected))

    return (count(rows), count([r for r in rows if r.choice is not None]),
            count([r for r in rows if r.choice == Choice.AGREE]))


def close_vote(uow: UnitOfWork, actor: Actor, *, project_id: int, as_of: date,
               decision: Decision = Decision.USE) -> calc.VoteResult:
    """Count the votes under the rule set in force when the vote opened: passed → 表决通过, else 表决未通过."""
    case = FLOW.take(uow, actor, project_id, "close_vote")
    total, part, agree = tally(uow.conn, project_id)
    result = calc.vote(total=total, participants=part, agree=agree, decision=Decision(decision).value,
                       rules=calc.RULE_SETS[case.row.vote_rules])
    text = "；".join(result.reasons)
    case.move(to=ProjectStatus.VOTED if result.passed else ProjectStatus.VOTE_FAILED, on=as_of, note=text[:500],
              vote_result=text)
    return result


def review(uow: UnitOfWork, actor: Actor, *, project_id: int, as_of: date, note: str = "") -> None:
    """审核 (not the maker): a general project after its vote passed; an emergency one straight from its plan, with
    every document the policy names."""
    case = FLOW.take(uow, actor, project_id, "review")
    row = case.row
    if row.kind == ProjectKind.GENERAL and row.status != ProjectStatus.VOTED:
        FLOW.refuse(row, FLOW.steps["review"], FLOW.wrong_state)
    if row.kind == ProjectKind.EMERGENCY:
        needed = [d for d in policy_at(uow.conn, as_of)["mf.emergency_documents"].split("、") if d.strip()]
        given = set((row.documents or "").replace(",", "、").split("、"))
        missing = [d for d in needed if d not in given]
        if missing:
            raise AnjuError(E.DOCUMENTS_MISSING, missing="、".join(missing))
    case.move(on=as_of, note=note, reviewed_by=actor.username)


def pay_stage(uow: UnitOfWork, actor: Actor, *, project_id: int, amount: int, as_of: date) -> int:
    """拨付 a stage to the contractor: at most the budget less the retention share. Returns the voucher id."""
    case = FLOW.take(uow, actor, project_id, "pay")
    row = case.row
    conn = uow.conn
    share = policy_at(conn, as_of)["mf.retention_share"]
    retention = apply_ratio(row.budget, share, mode=Rounding.HALF_UP)
    most = row.budget - retention - row.paid
    if amount <= 0 or amount > most:
        raise AnjuError(E.STAGE_AFTER_RETENTION, retention=format_yuan(retention), most=format_yuan(max(most, 0)))
    seq = conn.execute(select(func.count()).select_from(mf_payment).where(mf_payment.c.project_id == project_id)
                       ).scalar_one() + 1
    vid = ledger.post(uow, actor, Posting(
        key=f"mf:project:{project_id}:pay:{seq}", voucher_date=as_of, kind="mf.use", book=BOOK,
        summary=f"{row.no} {row.title} 第{seq}期拨付", ref_type="mf_project", ref_id=str(project_id),
        lines=[Line.dr(PROJECT, amount, subledger="mf_project", subledger_ref=row.no), Line.cr(BANK, amount)]),
        check_permission=False).id
    conn.execute(insert(mf_payment).values(project_id=project_id, seq=seq, kind="stage", amount=amount, paid_on=as_of,
                                           voucher_id=vid, created_by=actor.username))
    case.move(on=as_of, note=f"第{seq}期拨付{format_yuan(amount)}元", paid=row.paid + amount)
    return vid


def accept(uow: UnitOfWork, actor: Actor, *, project_id: int, as_of: date, note: str = "") -> None:
    FLOW.take(uow, actor, project_id, "accept").move(on=as_of, note=note)


@dataclass(frozen=True)
class Split:
    household_id: int
    account_no: str
    share: int
    charged: int
    owed: int
    developer: bool


def settle(uow: UnitOfWork, actor: Actor, *, project_id: int, cost: int, as_of: date) -> list[Split]:
    """决算 and the final split: the cost by floor area over the 列支范围 (residue rule), each household charged up to
    its balance (a shortfall owed by the owner, flagged), an unsold unit's share owed by the developer; the cost
    not yet paid becomes 应付质量保证金. One voucher in the fund's book."""
    case = FLOW.take(uow, actor, project_id, "settle")
    row = case.row
    conn = uow.conn
    if cost < row.paid:
        raise AnjuError(E.COST_BELOW_PAID, cost=format_yuan(cost), paid=format_yuan(row.paid))
    units = conn.execute(select(mf_project_unit.c.household_id, mf_project_unit.c.floor_area, mf_household.c.account_no)
                         .join(mf_household, mf_household.c.id == mf_project_unit.c.household_id)
                         .where(mf_project_unit.c.project_id == project_id).order_by(mf_household.c.account_no)).all()
    shares = calc.split_by_area(cost, [(str(u.household_id), u.floor_area) for u in units])
    out: list[Split] = []
    for s in shares:
        hh = lock_household(conn, int(s.key))
        if not hh.sold:
            out.append(Split(hh.id, hh.account_no, s.amount, 0, s.amount, True))
            continue
        charged = min(s.amount, max(hh.balance, 0)) if hh.status == HouseholdStatus.NORMAL else 0
        out.append(Split(hh.id, hh.account_no, s.amount, charged, s.amount - charged, False))
    charged = sum(x.charged for x in out)
    dev = sum(x.owed for x in out if x.developer)
    owner = sum(x.owed for x in out if not x.developer)
    lines = [Line.dr(HOUSEHOLD, charged, subledger=SUB_HOUSEHOLD, summary="分摊到户")] if charged else []
    if dev:
        lines.append(Line.dr(DEVELOPER_DUE, dev, summary="未售房屋分摊，开发建设单位承担"))
    if owner:
        lines.append(Line.dr(OWNER_DUE, owner, summary="分户余额不足，业主补交"))
    if row.paid:
        lines.append(Line.cr(PROJECT, row.paid, subledger="mf_project", subledger_ref=row.no))
    if cost - row.paid:
        lines.append(Line.cr(RETENTION, cost - row.paid, summary="质量保证金及未付工程款"))
    vid = None
    if cost:
        vid = ledger.post(uow, actor, Posting(
            key=f"mf:project:{project_id}:settle", voucher_date=as_of, kind="mf.use", book=BOOK,
            summary=f"{row.no} {row.title} 决算分摊", ref_type="mf_project", ref_id=str(project_id), lines=lines),
            check_permission=False).id
    for x in out:
        conn.execute(update(mf_project_unit).where(mf_project_unit.c.project_id == project_id,
                                                   mf_project_unit.c.household_id == x.household_id)
                     .values(final=x.share, charged=x.charged, owed=x.owed))
        if x.charged:
            movement(uow, household=lock_household(conn, x.household_id), amount=-x.charged, day=as_of,
                     kind=TxnKind.USE, voucher_id=vid, ref=row.no, used=x.charged)
    case.move(on=as_of, note=f"决算{format_yuan(cost)}元；业主补交{format_yuan(owner)}元，开发建设单位承担{format_yuan(dev)}元",
              cost=cost, retention=cost - row.paid, settled_on=as_of)
    return out


def publish(uow: UnitOfWork, actor: Actor, *, project_id: int, as_of: date) -> None:
    FLOW.take(uow, actor, project_id, "publish").move(on=as_of)


def release_retention(uow: UnitOfWork, actor: Actor, *, project_id: int, as_of: date) -> int:
    """Pay the retention after the warranty: Dr 应付质量保证金 / Cr 专户."""
    case = FLOW.take(uow, actor, project_id, "release")
    row = case.row
    if row.retention_released or not row.retention:
        raise Conflict(E.COST_REQUIRED)
    seq = uow.conn.execute(select(func.count()).select_from(mf_payment)
                           .where(mf_payment.c.project_id == project_id)).scalar_one() + 1
    vid = ledger.post(uow, actor, Posting(
        key=f"mf:project:{project_id}:retention", voucher_date=as_of, kind="mf.use", book=BOOK,
        summary=f"{row.no} 支付质量保证金", ref_type="mf_project", ref_id=str(project_id),
        lines=[Line.dr(RETENTION, row.retention), Line.cr(BANK, row.retention)]), check_permission=False).id
    uow.conn.execute(insert(mf_payment).values(project_id=project_id, seq=seq, kind="retention", amount=row.retention,
                                               paid_on=as_of, voucher_id=vid, created_by=actor.username))
    case.stay(on=as_of, note=f"支付质量保证金{format_yuan(row.retention)}元", retention_released=True)
    return vid


def cancel(uow: UnitOfWork, actor: Actor, *, project_id: int, as_of: date, reason: str) -> None:
    FLOW.take(uow, actor, project_id, "cancel", reason=reason).move(on=as_of, note=reason)


def units_of(conn: Connection, project_id: int):
    """The 列支范围 with shares, votes and the final split, for pages and publication."""
    u, h, v = mf_project_unit.c, mf_household.c, mf_vote.c
    return conn.execute(select(h.id, h.account_no, h.unit_no, h.owner_name, h.sold, h.balance, u.floor_area,
                               u.planned, u.final, u.charged, u.owed, v.choice)
                        .select_from(mf_project_unit.join(mf_household, h.id == u.household_id)
                                     .outerjoin(mf_vote, (v.project_id == u.project_id) & (v.household_id == u.household_id)))
                        .where(u.project_id == project_id).order_by(h.account_no)).all()


def shortfalls(conn: Connection, project_id: int) -> list[tuple[str, int, int]]:
    """Units whose balance cannot bear their planned share now: (account no, share, shortfall) — flagged on the
    project's page before the vote and payment."""
    return [(r.account_no, r.planned, calc.shortfall(r.planned, r.balance)) for r in units_of(conn, project_id)
            if r.sold and calc.shortfall(r.planned, r.balance)]
