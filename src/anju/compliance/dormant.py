"""睡眠户 (dormant accounts): detection (sealed for ``compliance.dormant_sealed_months`` months with no business;
zero balance for ``compliance.dormant_zero_months`` months; past ``compliance.dormant_age``), never an account that
is frozen or behind a live loan; notices (短信 / 公告); batches of 零额销户 or 合并销户 under maker-checker
(``flow.DORMANT``: the approver differs from the maker). Account state changes only through
``anju.registry.movements`` (and ``registry.service.add_event``): a 零额销户 writes a zero 销户提取 row (type 12, as a
zero transfer-out writes a zero row of its own type) and closes the account 05; a 合并销户 settles interest to the
day, moves the balance to the same person's other account (voucher Dr 201 / Cr 201 between the two member
sub-accounts, rows of type 06 内部转移 out and in) and closes the emptied account the same way. Status 03 合并销户 is
not used: no business type of the registry's status events implies it (``registry.codes.STATUS_EVENTS``), so
``anju verify`` would find the account's status at odds with its rows — an open point for the registry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, and_, exists, func, insert, literal, not_, or_, select, union_all

from anju.auth.actor import Actor, require
from anju.compliance.cases import _no
from anju.compliance.codes import BatchStatus, DormantAction, DormantKind
from anju.compliance.errors import ComplianceError
from anju.compliance.flow import DORMANT
from anju.compliance.permissions import P
from anju.compliance.tables import dormant_batch, dormant_item, dormant_notice
from anju.core.dates import add_months, add_years
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.db.uow import UnitOfWork
from anju.loan import queries as loan_queries
from anju.policy.store import policy_at
from anju.registry import queries as registry_queries
from anju.registry.codes import AccountStatus, TxnType

LIVE = tuple(s.value for s in AccountStatus if not s.closed)


def _months_back(day: date, n: int) -> date:
    m = add_months(day.year * 100 + day.month, -n)
    return date(m // 100, m % 100, min(day.day, 28))


def detect(conn: Connection, as_of: date):
    """The dormant accounts as a subquery (account_id, account_no, person_id, kind, balance, since)."""
    policy = policy_at(conn, as_of)
    sealed_cut = _months_back(as_of, int(policy["compliance.dormant_sealed_months"]))
    zero_cut = _months_back(as_of, int(policy["compliance.dormant_zero_months"]))
    born_before = add_years(as_of, -int(policy["compliance.dormant_age"]))
    a, p = registry_queries.account_facts(), registry_queries.persons_for_checks()
    tx = registry_queries.member_txn_rows()
    loans = loan_queries.live_loans()
    ok = and_(a.c.frozen.is_(False), a.c.status.in_(LIVE),
              ~exists().where(or_(loans.c.borrower_person_id == a.c.person_id,
                                  loans.c.co_borrower_person_id == a.c.person_id)))

    def rows(kind: DormantKind, since, *where):
        return (select(a.c.id.label("account_id"), a.c.account_no, a.c.person_id, literal(kind.value).label("kind"),
                       a.c.balance, since.label("since"))
                .select_from(a.join(p, p.c.id == a.c.person_id)).where(ok, *where))

    business_since = exists().where(tx.c.account_id == a.c.id, tx.c.txn_date > a.c.status_date,
                                    tx.c.type != TxnType.INTEREST.value)
    money_since = exists().where(tx.c.account_id == a.c.id, tx.c.txn_date >= zero_cut, tx.c.amount != 0)
    return union_all(
        rows(DormantKind.SEALED_LONG, a.c.status_date, a.c.status == AccountStatus.SEALED.value,
             a.c.status_date <= sealed_cut, not_(business_since)),
        rows(DormantKind.ZERO_LONG, a.c.opened_on, a.c.balance == 0, a.c.opened_on <= zero_cut, not_(money_since)),
        rows(DormantKind.PAST_AGE, p.c.birth_date, p.c.birth_date <= born_before),
    ).subquery("dormant")


@dataclass(frozen=True)
class Summary:
    accounts: int
    amount: int
    by_kind: dict[str, tuple[int, int]]


def summary(conn: Connection, as_of: date) -> Summary:
    """户数 and 金额 (an account counted once, under each kind it matches in ``by_kind``)."""
    d = detect(conn, as_of)
    per = conn.execute(select(d.c.kind, func.count(), func.coalesce(func.sum(d.c.balance), 0))
                       .group_by(d.c.kind)).all()
    distinct = select(d.c.account_id, func.max(d.c.balance).label("balance")).group_by(d.c.account_id).subquery()
    n, amount = conn.execute(select(func.count(), func.coalesce(func.sum(distinct.c.balance), 0))).one()
    return Summary(int(n), int(amount), {k: (int(c), int(s)) for k, c, s in per})


def listing(conn: Connection, as_of: date, *, kind: str | None = None, limit: int = 500) -> list:
    d = detect(conn, as_of)
    q = select(d).order_by(d.c.account_id, d.c.kind).limit(limit)
    if kind:
        q = q.where(d.c.kind == kind)
    return conn.execute(q).all()


def notify(uow: UnitOfWork, actor: Actor, *, as_of: date, channel: str = "sms") -> int:
    """短信 / 公告 to every dormant account not yet notified today by that channel (set-based)."""
    from anju.auth import audit

    require(actor, P.DORMANT)
    conn = uow.conn
    d = detect(conn, as_of)
    first = select(d.c.account_id, func.min(d.c.kind).label("kind")).group_by(d.c.account_id).subquery()
    n = conn.execute(select(func.count()).select_from(first)).scalar_one()
    conn.execute(insert(dormant_notice).from_select(
        ["account_id", "kind", "sent_on", "channel", "created_by"],
        select(first.c.account_id, first.c.kind, literal(as_of), literal(channel), literal(actor.username))
        .where(~exists().where(dormant_notice.c.account_id == first.c.account_id,
                               dormant_notice.c.sent_on == as_of, dormant_notice.c.channel == channel))))
    audit.record(uow, actor, action="compliance.dormant.notice", entity_type="dormant_batch", entity_id=None,
                 after={"accounts": int(n), "channel": channel, "on": as_of.isoformat()})
    return int(n)


def merge_target(conn: Connection, account_id: int) -> int | None:
    """The same person's other live account (same name, region and birth date: the 本地多账户 key)."""
    a, p = registry_queries.account_facts(), registry_queries.persons_for_checks()
    me = conn.execute(select(p.c.name, func.substr(p.c.id_number, 1, 14).label("rb"))
                      .join(a, a.c.person_id == p.c.id).where(a.c.id == account_id)).first()
    if me is None:
        return None
    return conn.execute(select(a.c.id).join(p, p.c.id == a.c.person_id)
                        .where(p.c.name == me.name, func.substr(p.c.id_number, 1, 14) == me.rb,
                               a.c.id != account_id, a.c.status == AccountStatus.NORMAL.value)
                        .order_by(a.c.id).limit(1)).scalar()


def apply_batch(uow: UnitOfWork, actor: Actor, *, action: str, account_ids: list[int], as_of: date) -> int:
    """A batch of 零额销户 or 合并销户 for the approver: every account must be dormant today (and empty for a
    close, with a target for a merge) — every problem at once."""
    require(actor, P.DORMANT)
    conn = uow.conn
    act = DormantAction(action)
    if not account_ids:
        raise ValidationFailed([Problem.of(ComplianceError.BATCH_EMPTY, field="账户")])
    d = detect(conn, as_of)
    found = {r.account_id: r for r in conn.execute(select(d).where(d.c.account_id.in_(account_ids))).all()}
    problems, items = [], []
    for i, aid in enumerate(account_ids, start=1):
        r = found.get(aid)
        if r is None:
            row = registry_queries.account_row(conn, aid)
            problems.append(Problem.of(ComplianceError.NOT_DORMANT, field="账户", row=i,
                                       no=row.account_no if row else aid, why="不符合睡眠户条件"))
            continue
        target = None
        if act is DormantAction.CLOSE and r.balance != 0:
            problems.append(Problem.of(ComplianceError.NOT_DORMANT, field="账户", row=i, no=r.account_no,
                                       why="余额不为零，不能零额销户"))
        if act is DormantAction.MERGE:
            target = merge_target(conn, aid)
            if target is None:
                problems.append(Problem.of(ComplianceError.MERGE_TARGET, field="账户", row=i, no=r.account_no))
        items.append(dict(account_id=aid, kind=r.kind, balance=r.balance, target_account_id=target))
    if problems:
        raise ValidationFailed(problems, summary="批次中有不能处理的账户，未提交")
    now = uow.now()
    bid = conn.execute(insert(dormant_batch).values(
        no=_no(conn, "SM", as_of.year), action=act.value, status=BatchStatus.APPLIED.value, as_of=as_of,
        accounts=len(items), amount=sum(x["balance"] for x in items), created_by=actor.username, created_at=now,
        updated_at=now).returning(dormant_batch.c.id)).scalar_one()
    conn.execute(insert(dormant_item), [dict(x, batch_id=bid, done=False) for x in items])
    DORMANT.open(uow, actor, DORMANT.lock(conn, bid), on=as_of, note=f"{act.label}{len(items)}户",
                 audit_after={"action": act.value, "accounts": len(items)})
    return bid


def decide(uow: UnitOfWork, actor: Actor, *, batch_id: int, approve: bool, note: str, as_of: date) -> int:
    """The approver (not the maker) approves — every account is closed or merged now — or rejects."""
    from sqlalchemy import update

    if not approve:
        DORMANT.take(uow, actor, batch_id, "reject", reason=note).move(on=as_of, note=note)
        return 0
    case = DORMANT.take(uow, actor, batch_id, "approve")
    conn = uow.conn
    items = conn.execute(select(dormant_item).where(dormant_item.c.batch_id == batch_id)
                         .order_by(dormant_item.c.id)).all()
    for it in items:
        if case.row.action == DormantAction.CLOSE.value:
            _close(uow, actor, it.account_id, as_of, case.row.no)
        else:
            _merge(uow, actor, it.account_id, it.target_account_id, as_of, case.row.no)
        conn.execute(update(dormant_item).where(dormant_item.c.id == it.id).values(done=True))
    case.move(on=as_of, note=note or "同意")
    return len(items)


def _close(uow: UnitOfWork, actor: Actor, account_id: int, day: date, batch_no: str) -> None:
    from anju.registry.movements import close_account
    from anju.registry.service import add_event, get_account

    acct = get_account(uow.conn, account_id, lock=True)
    if acct.balance != 0 or AccountStatus(acct.status).closed:
        raise AnjuError(ComplianceError.NOT_DORMANT, no=acct.account_no, why="余额不为零或已销户")
    add_event(uow, acct, type_=TxnType.CLOSING_WITHDRAWAL, on=day, note=f"零额销户（睡眠户清理批次{batch_no}）")
    close_account(uow, account_id=account_id, status=AccountStatus.CLOSED_WITHDRAWN, day=day)


def _merge(uow: UnitOfWork, actor: Actor, account_id: int, target_id: int, day: date, batch_no: str) -> None:
    from anju.interest.service import settle_to_day
    from anju.ledger import service as ledger
    from anju.ledger.rules import Line, Posting
    from anju.registry.movements import close_account, move
    from anju.registry.service import add_event, get_account

    settle_to_day(uow, actor, account_id=account_id, day=day, reason="合并销户")
    acct = get_account(uow.conn, account_id, lock=True)
    target = get_account(uow.conn, target_id, lock=True)
    if acct.balance:
        voucher = ledger.post(uow, actor, Posting(
            key=f"compliance:merge:{account_id}:{target_id}", voucher_date=day, kind="compliance.merge",
            summary=f"合并销户 {acct.account_no} 并入 {target.account_no}（{batch_no}）", ref_type="account",
            ref_id=str(account_id),
            lines=[Line.dr("201", acct.balance, summary="合并销户转出", subledger="member",
                           subledger_ref=acct.account_no),
                   Line.cr("201", acct.balance, summary="合并销户转入", subledger="member",
                           subledger_ref=target.account_no)]), check_permission=False).id
        amount = acct.balance
        move(uow, account_id=account_id, amount=-amount, day=day, type_=TxnType.INTERNAL_TRANSFER, voucher_id=voucher,
             ref_type="account", ref_id=target_id, note=f"合并销户，并入{target.account_no}")
        move(uow, account_id=target_id, amount=amount, day=day, type_=TxnType.INTERNAL_TRANSFER, voucher_id=voucher,
             ref_type="account", ref_id=account_id, note=f"合并{acct.account_no}的余额")
    acct = get_account(uow.conn, account_id, lock=True)
    add_event(uow, acct, type_=TxnType.CLOSING_WITHDRAWAL, on=day,
              note=f"合并销户，并入{target.account_no}（睡眠户清理批次{batch_no}）")
    close_account(uow, account_id=account_id, status=AccountStatus.CLOSED_WITHDRAWN, day=day)


def batches(conn: Connection, limit: int = 100) -> list:
    return conn.execute(select(dormant_batch).order_by(dormant_batch.c.id.desc()).limit(limit)).all()


def batch_items(conn: Connection, batch_id: int) -> list:
    a = registry_queries.account_facts()
    return conn.execute(select(dormant_item, a.c.account_no).join(a, a.c.id == dormant_item.c.account_id)
                        .where(dormant_item.c.batch_id == batch_id).order_by(dormant_item.c.id)).all()
