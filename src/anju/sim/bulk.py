"""The BULK executor: the plan's events written set-based, with exactly the rows the services would write.

Registry events become multi-row inserts and updates (executemany; SQLAlchemy batches them into multi-row
INSERTs on both databases), remittance lines one INSERT … SELECT per payment day, and the money goes
through the real set-based posting (``anju.deposit.posting.post_group``) and interest settlement
(``anju.interest.service.settle_year``). Rare events (deferrals and their end) call the services.

What differs from the service path on purpose: the audit trail has one record per bulk step
(``sim.bulk.*``) instead of one per member, and ``created_at``/``updated_at`` stamps differ.
The rule each writer mirrors is named beside it; ``tests/sim`` compares both paths row by row.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, bindparam, func, insert, literal, select, update

from anju.auth import audit
from anju.core.canon import dumps
from anju.core.dates import first_day
from anju.db.engine import analyze
from anju.db.uow import UnitOfWork
from anju.deposit import posting
from anju.deposit import service as deposit
from anju.deposit.tables import remittance, remittance_line
from anju.interest import service as interest
from anju.registry import rules as reg_rules
from anju.registry.codes import AccountKind, AccountStatus, EmployerStatus, TxnType
from anju.registry.service import next_numbers
from anju.registry.tables import (
    account,
    account_terms,
    employer,
    employer_status_history,
    member_txn,
    member_txn_detail,
    person,
)
from anju.sim.context import (
    BASE_ADJUST_REASON,
    DEFER_REASON,
    LEAVE_REASON,
    Context,
    approval_no,
    employer_receipt,
    flexible_receipt,
)
from anju.sim.fastio import insert_rows
from anju.sim.plan import DEFERRAL_DOCUMENTS, FLEXIBLE, MonthPlan

CHUNK = 20_000  # members per statement batch
POST_LINES = 200_000  # remittance lines per posting transaction
ANALYZE_AFTER = 100_000  # members opened at once after which PostgreSQL's statistics are refreshed


def _chunks(seq, size: int = CHUNK) -> Iterable:
    for i in range(0, len(seq), size):
        yield seq[i:i + size]


def _max_id(conn: Connection, table) -> int:
    return conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()


def _events(conn: Connection, rows: list[dict], details: dict[int, dict] | None, type_: str) -> None:
    """Member detail rows that move no money (registry.service.add_event), with their details by account."""
    if not rows:
        return
    before = _max_id(conn, member_txn)
    insert_rows(conn, member_txn, rows)
    if details:
        ids = conn.execute(select(member_txn.c.id, member_txn.c.account_id)
                           .where(member_txn.c.id > before, member_txn.c.type == type_)).all()
        insert_rows(conn, member_txn_detail, [{"txn_id": tid, "detail_json": dumps(details[aid])} for tid, aid in ids])


def _event_row(account_id: int, employer_id: int | None, on: date, type_: TxnType, balance: int, note: str) -> dict:
    return {"account_id": account_id, "employer_id": employer_id, "txn_date": on, "type": type_.value, "amount": 0,
            "current_amount": 0, "prior_amount": 0, "interest_amount": 0, "month": None, "reason": None,
            "entry_flag": "01", "voucher_id": None, "ref_type": None, "ref_id": None, "balance_after": balance,
            "note": note[:200]}


class BulkExecutor:
    name = "bulk"

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._terms: dict[tuple, reg_rules.Terms] = {}

    def terms(self, base: int, employer_ratio: Decimal, member_ratio: Decimal, policy) -> reg_rules.Terms:
        """registry.rules.make_terms, remembered (bases are whole yuan, so a city repeats them a lot)."""
        key = (base, employer_ratio, member_ratio, id(policy))
        found = self._terms.get(key)
        if found is None:
            found = self._terms[key] = reg_rules.make_terms(base, employer_ratio, member_ratio, policy)
        return found

    # ------------------------------------------------------------------------------------- registry day

    def registry_day(self, mp: MonthPlan) -> None:
        ctx = self.ctx
        with UnitOfWork(ctx.engine) as uow:
            if mp.new_employers:
                self._employers(uow, mp)
            deposit.end_deferrals(uow, ctx.approver, as_of=mp.day)
            if mp.base_adjust is not None:
                self._base_adjust(uow, mp)
            if len(mp.leavers):
                self._seal(uow, mp)
            if mp.movers:
                self._transfer(uow, mp)
            uow.commit()
        if mp.hires is not None:
            self._hire(mp)
            if mp.hires.hi - mp.hires.lo >= ANALYZE_AFTER:
                # Fresh statistics after a big load, so the posting's joins get their hash plans at once
                # rather than after autovacuum gets round to it.
                with ctx.engine.connect() as conn:
                    analyze(conn, "person", "account", "account_terms", "member_txn")
                    conn.commit()
        with UnitOfWork(ctx.engine) as uow:
            for e, period_from, period_to in mp.deferrals:  # rare: the services themselves
                did = deposit.apply_deferral(uow, ctx.clerk, employer_id=ctx.employer_ids[e], kind="defer",
                                             period_from=period_from, period_to=period_to, reason=DEFER_REASON,
                                             documents=list(DEFERRAL_DOCUMENTS), as_of=mp.day)
                deposit.decide_deferral(uow, ctx.approver, deferral_id=did, approve=True,
                                        approval_no=approval_no(mp.month, e), note="同意缓缴", as_of=mp.day)
            audit.record(uow, ctx.clerk, action="sim.bulk.registry", entity_type="sim_month", entity_id=mp.month,
                         after={"employers": len(mp.new_employers), "hires": 0 if mp.hires is None else
                                mp.hires.hi - mp.hires.lo, "leavers": len(mp.leavers), "movers": len(mp.movers),
                                "base_adjust": 0 if mp.base_adjust is None else len(mp.base_adjust[0]),
                                "deferrals": len(mp.deferrals)})
            uow.commit()

    def _employers(self, uow: UnitOfWork, mp: MonthPlan) -> None:
        """registry.service.open_employer"""
        conn, now, ctx = uow.conn, uow.now(), self.ctx
        seqs = next_numbers(conn, "employer", len(mp.new_employers))
        before = _max_id(conn, employer)
        conn.execute(insert(employer), [{
            "account_no": reg_rules.employer_account_no(seq), "uscc": s.uscc, "name": s.name.strip(), "kind": s.kind,
            "industry": s.industry, "address": s.address, "legal_rep": s.legal_rep, "agent_name": s.agent_name,
            "agent_phone": s.agent_phone, "bank_code": s.bank_code, "branch_code": s.branch_code,
            "pay_day": s.pay_day, "employer_ratio": s.ratio, "member_ratio": s.ratio,
            "status": EmployerStatus.NORMAL.value, "status_date": mp.day, "status_reason": "开户", "opened_on": mp.day,
            "closed_on": None, "first_month": mp.month, "paid_through": None, "created_at": now, "updated_at": now,
        } for seq, s in zip(seqs, mp.new_employers, strict=True)])
        by_uscc = dict(conn.execute(select(employer.c.uscc, employer.c.id).where(employer.c.id > before)).all())
        ids = [by_uscc[s.uscc] for s in mp.new_employers]
        conn.execute(insert(employer_status_history), [
            {"employer_id": eid, "status": EmployerStatus.NORMAL.value, "from_date": mp.day, "reason": "开户",
             "created_at": now, "created_by": ctx.clerk.username} for eid in ids])
        ctx.employer_ids.extend(ids)

    def _base_adjust(self, uow: UnitOfWork, mp: MonthPlan) -> None:
        """registry.service.change_base for every contributing member (年度基数调整 from July)."""
        conn, now, ctx = uow.conn, uow.now(), self.ctx
        month, day = mp.month, mp.day
        policy = ctx.plan.store.at(max(day, first_day(month)))
        reason = BASE_ADJUST_REASON.format(year=month // 100)
        idx, bases = mp.base_adjust
        new_base = {int(ctx.account_ids[i]): int(b) for i, b in zip(idx, bases, strict=True)}
        ids = sorted(new_base)
        a = account.c
        for part in _chunks(ids):
            rows = conn.execute(select(a.id, a.employer_id, a.balance, a.base, a.employer_ratio, a.member_ratio)
                                .where(a.id.in_(part))).all()
            terms = {r.id: self.terms(new_base[r.id], r.employer_ratio, r.member_ratio, policy) for r in rows}
            insert_rows(conn, account_terms, [
                {"account_id": aid, "from_month": month, "base": t.base, "employer_ratio": t.employer_ratio,
                 "member_ratio": t.member_ratio, "employer_amount": t.employer_amount,
                 "member_amount": t.member_amount, "recorded_at": now} for aid, t in terms.items()])
            conn.execute(update(account).where(account.c.id == bindparam("aid")).values(
                base=bindparam("b"), employer_ratio=bindparam("er"), member_ratio=bindparam("mr"),
                employer_amount=bindparam("ea"), member_amount=bindparam("ma"), terms_from=month, updated_at=now),
                [{"aid": aid, "b": t.base, "er": t.employer_ratio, "mr": t.member_ratio, "ea": t.employer_amount,
                  "ma": t.member_amount} for aid, t in terms.items()])
            _events(conn, [_event_row(r.id, r.employer_id, day, TxnType.BASE_CHANGE, r.balance, reason) for r in rows],
                    {r.id: {"from_month": month, "before": r.base, "after": new_base[r.id]} for r in rows},
                    TxnType.BASE_CHANGE.value)

    def _seal(self, uow: UnitOfWork, mp: MonthPlan) -> None:
        """registry.service.seal"""
        conn, now = uow.conn, uow.now()
        ids = sorted(int(self.ctx.account_ids[i]) for i in mp.leavers)
        a = account.c
        note = f"封存：{LEAVE_REASON}"
        for part in _chunks(ids, 5000):
            conn.execute(insert(member_txn).from_select(
                ["account_id", "employer_id", "txn_date", "type", "amount", "current_amount", "prior_amount",
                 "interest_amount", "entry_flag", "balance_after", "note"],
                select(a.id, a.employer_id, literal(mp.day), literal(TxnType.SEAL.value), literal(0), literal(0),
                       literal(0), literal(0), literal("01"), a.balance, literal(note))
                .where(a.id.in_(part))))
            conn.execute(update(account).where(a.id.in_(part)).values(
                status=AccountStatus.SEALED.value, status_date=mp.day, updated_at=now))

    def _transfer(self, uow: UnitOfWork, mp: MonthPlan) -> None:
        """registry.service.transfer (内部转移 of a sealed member to a new employer)"""
        conn, now, ctx = uow.conn, uow.now(), self.ctx
        month, day = mp.month, mp.day
        policy = ctx.plan.store.at(day)
        a = account.c
        moves = {int(ctx.account_ids[i]): (ctx.employer_ids[to], ctx.plan.employers[to].ratio, base)
                 for i, to, base in mp.movers}
        rows = conn.execute(select(a.id, a.employer_id, a.balance).where(a.id.in_(sorted(moves)))).all()
        params, terms_rows, events, details = [], [], [], {}
        for r in rows:
            to_id, ratio, base = moves[r.id]
            t = self.terms(base, ratio, ratio, policy)
            params.append({"aid": r.id, "emp": to_id, "b": t.base, "er": t.employer_ratio, "mr": t.member_ratio,
                           "ea": t.employer_amount, "ma": t.member_amount})
            terms_rows.append({"account_id": r.id, "from_month": month, "base": t.base,
                               "employer_ratio": t.employer_ratio, "member_ratio": t.member_ratio,
                               "employer_amount": t.employer_amount, "member_amount": t.member_amount,
                               "recorded_at": now})
            events.append(_event_row(r.id, to_id, day, TxnType.INTERNAL_TRANSFER, r.balance, "内部转移"))
            details[r.id] = {"from_employer_id": r.employer_id, "to_employer_id": to_id, "first_month": month,
                             "base": base}
        conn.execute(insert(account_terms), terms_rows)
        conn.execute(update(account).where(account.c.id == bindparam("aid")).values(
            employer_id=bindparam("emp"), status=AccountStatus.NORMAL.value, status_date=day, base=bindparam("b"),
            employer_ratio=bindparam("er"), member_ratio=bindparam("mr"), employer_amount=bindparam("ea"),
            member_amount=bindparam("ma"), terms_from=month, updated_at=now), params)
        _events(conn, events, details, TxnType.INTERNAL_TRANSFER.value)

    def _hire(self, mp: MonthPlan) -> None:
        """registry.service.open_account / open_flexible (and link_spouse), a chunk per transaction."""
        ctx, plan = self.ctx, self.ctx.plan
        h, month, day = mp.hires, mp.month, mp.day
        policy = plan.store.at(day)
        for lo in range(h.lo, h.hi, CHUNK):
            hi = min(lo + CHUNK, h.hi)
            with UnitOfWork(ctx.engine) as uow:
                conn, now = uow.conn, uow.now()
                people = [plan.person(i) for i in range(lo, hi)]
                before = _max_id(conn, person)
                insert_rows(conn, person, [
                    {"id_number": p.id_number, "name": p.name.strip(), "sex": p.sex, "birth_date": p.birth_date,
                     "phone": p.phone, "marital_status": p.marital_status, "spouse_id": None,
                     "monthly_income": p.monthly_income, "created_at": now, "updated_at": now} for p in people])
                pid = dict(conn.execute(select(person.c.id_number, person.c.id).where(person.c.id > before)).all())
                seqs = next_numbers(conn, "account", hi - lo)
                rows, terms = [], []
                for i, p, seq in zip(range(lo, hi), people, seqs, strict=True):
                    e = int(h.employer[i - h.lo])
                    base = int(h.base[i - h.lo])
                    if e == FLEXIBLE:
                        ratio = h.flex_ratio[i]
                        t = reg_rules.Terms(base, Decimal(0), ratio, 0, reg_rules.monthly_amount(base, ratio, policy))
                        emp_id, kind = None, AccountKind.FLEXIBLE.value
                    else:
                        ratio = plan.employers[e].ratio
                        t = self.terms(base, ratio, ratio, policy)
                        emp_id, kind = ctx.employer_ids[e], AccountKind.EMPLOYEE.value
                    rows.append({"account_no": reg_rules.member_account_no(seq), "person_id": pid[p.id_number],
                                 "employer_id": emp_id, "kind": kind, "status": AccountStatus.NORMAL.value,
                                 "status_date": day, "frozen": False, "freeze_reason": "", "opened_on": day,
                                 "closed_on": None, "base": t.base, "employer_ratio": t.employer_ratio,
                                 "member_ratio": t.member_ratio, "employer_amount": t.employer_amount,
                                 "member_amount": t.member_amount, "terms_from": month, "balance": 0,
                                 "prior_balance": 0, "current_balance": 0, "first_paid": None, "paid_through": None,
                                 "jishu": 0, "jishu_rated": 0, "accrued_day": day.toordinal(), "created_at": now,
                                 "updated_at": now})
                    terms.append(t)
                before = _max_id(conn, account)
                insert_rows(conn, account, rows)
                aid = dict(conn.execute(select(account.c.account_no, account.c.id).where(account.c.id > before)).all())
                ids = [aid[r["account_no"]] for r in rows]
                for k, i in enumerate(range(lo, hi)):
                    ctx.remember(i, ids[k], rows[k]["person_id"])
                insert_rows(conn, account_terms, [
                    {"account_id": acct_id, "from_month": month, "base": t.base, "employer_ratio": t.employer_ratio,
                     "member_ratio": t.member_ratio, "employer_amount": t.employer_amount,
                     "member_amount": t.member_amount, "recorded_at": now} for acct_id, t in zip(ids, terms, strict=True)])
                events, details = [], {}
                for acct_id, r, t in zip(ids, rows, terms, strict=True):
                    flexible = r["kind"] == AccountKind.FLEXIBLE.value
                    events.append(_event_row(acct_id, r["employer_id"], day, TxnType.OPEN, 0,
                                             "灵活就业开户" if flexible else "开户"))
                    details[acct_id] = ({"first_month": month, "base": t.base, "total_ratio": t.member_ratio}
                                        if flexible else {"first_month": month, "base": t.base})
                _events(conn, events, details, TxnType.OPEN.value)
                uow.commit()
        couples = [(int(ctx.person_ids[a]), int(ctx.person_ids[b])) for a, b in h.couples]
        if couples:
            with UnitOfWork(ctx.engine) as uow:
                uow.conn.execute(update(person).where(person.c.id == bindparam("pid")).values(
                    spouse_id=bindparam("sid"), marital_status="20", updated_at=uow.now()),
                    [{"pid": p, "sid": s} for a, b in couples for p, s in ((a, b), (b, a))])
                uow.commit()

    # ------------------------------------------------------------------------------------- remittances

    def remit_day(self, mp: MonthPlan, paid_on: date) -> None:
        """deposit.service.generate_month + confirm_payment, and pay_flexible; then posting.post_group."""
        ids, counts = self.confirmed_lists(mp, paid_on)
        if sum(counts.values()) >= ANALYZE_AFTER // 4:
            # Without statistics for the new lines PostgreSQL scans all of remittance_line for each posting
            # group instead of using ix_remittance_line_remittance (seen at a million members).
            with self.ctx.engine.connect() as conn:
                analyze(conn, "remittance", "remittance_line")
                conn.commit()
        self.post(ids, counts, paid_on)

    def confirmed_lists(self, mp: MonthPlan, paid_on: date) -> tuple[list[int], dict[int, int]]:
        """The day's lists, confirmed as paid and not yet posted: (remittance ids in order, lines of each)."""
        ctx, clerk = self.ctx, self.ctx.clerk
        emps = [(e, period) for d, e, period in mp.remits if d == paid_on]
        flex = [(i, amount) for d, i, amount in mp.flexible_pays if d == paid_on]
        with UnitOfWork(ctx.engine) as uow:
            conn, now = uow.conn, uow.now()
            seqs = list(next_numbers(conn, "remittance", len(emps) + len(flex)))
            common = {"status": "confirmed", "file_name": None, "file_sha256": None, "channel": clerk.channel.value,
                      "total": 0, "employer_total": 0, "member_total": 0, "line_count": 0, "created_at": now,
                      "created_by": clerk.username, "confirmed_at": now, "confirmed_by": clerk.username,
                      "paid_on": paid_on, "voucher_id": None, "posted_at": None, "cancel_reason": None}
            rows = []
            for (e, period), seq in zip(emps, seqs, strict=False):
                rows.append({**common, "no": f"HJ{period}{seq:08d}", "employer_id": ctx.employer_ids[e],
                             "account_id": None, "kind": "01", "reason": "regular", "period_from": period,
                             "period_to": period, "source": "generated", "bank_code": ctx.plan.employers[e].bank_code,
                             "receipt_no": employer_receipt(mp.month, e)})
            for (i, _amount), seq in zip(flex, seqs[len(emps):], strict=True):
                rows.append({**common, "no": f"HJ{mp.month}{seq:08d}", "employer_id": None,
                             "account_id": ctx.member_account_id(i), "kind": "01", "reason": "flexible",
                             "period_from": mp.month, "period_to": mp.month, "source": "flexible",
                             "bank_code": ctx.bank_for_member(i), "receipt_no": flexible_receipt(mp.month, i)})
            before = _max_id(conn, remittance)
            insert_rows(conn, remittance, rows)
            rid = dict(conn.execute(select(remittance.c.no, remittance.c.id).where(remittance.c.id > before)).all())
            ids = [rid[r["no"]] for r in rows]
            if ids != sorted(ids):
                raise RuntimeError("remittance ids out of order")
            r, a = remittance.c, account.c
            conn.execute(insert(remittance_line).from_select(
                ["remittance_id", "line_no", "account_id", "month", "base", "employer_amount", "member_amount",
                 "amount"],
                select(r.id, func.row_number().over(partition_by=r.id, order_by=a.id), a.id, r.period_from, a.base,
                       a.employer_amount, a.member_amount, a.employer_amount + a.member_amount)
                .select_from(remittance.join(account, a.employer_id == r.employer_id))
                .where(r.id > before, r.employer_id.is_not(None), a.status == AccountStatus.NORMAL.value,
                       a.terms_from <= r.period_from, a.kind == AccountKind.EMPLOYEE.value)))
            if flex:
                line_rows = []
                for (i, amount), remit_id in zip(flex, ids[len(emps):], strict=True):
                    base = int(ctx.plan.base[i])
                    line_rows.append({"remittance_id": remit_id, "line_no": 1, "account_id": ctx.member_account_id(i),
                                      "month": mp.month, "base": base, "employer_amount": 0,
                                      "member_amount": amount, "amount": amount, "refund_id": None})
                insert_rows(conn, remittance_line, line_rows)
            lines = remittance_line.c
            totals = (select(lines.remittance_id, func.count().label("n"), func.sum(lines.amount).label("tot"),
                             func.sum(lines.employer_amount).label("et"), func.sum(lines.member_amount).label("mt"))
                      .where(lines.remittance_id > before).group_by(lines.remittance_id))
            sums = conn.execute(totals).all()
            conn.execute(update(remittance).where(remittance.c.id == bindparam("rid")).values(
                line_count=bindparam("n"), total=bindparam("t"), employer_total=bindparam("et"),
                member_total=bindparam("mt")),
                [{"rid": s.remittance_id, "n": s.n, "t": int(s.tot), "et": int(s.et), "mt": int(s.mt)} for s in sums])
            counts = {s.remittance_id: s.n for s in sums}
            audit.record(uow, clerk, action="sim.bulk.remit", entity_type="sim_month", entity_id=mp.month,
                         after={"paid_on": paid_on, "remittances": len(ids), "lines": sum(counts.values())})
            uow.commit()
        return ids, counts

    def post(self, ids: list[int], counts: dict[int, int], paid_on: date) -> None:
        group, size = [], 0
        for remit_id in ids:
            if group and size + counts.get(remit_id, 0) > POST_LINES:
                self._post(group, paid_on)
                group, size = [], 0
            group.append(remit_id)
            size += counts.get(remit_id, 0)
        if group:
            self._post(group, paid_on)

    def _post(self, ids: list[int], paid_on: date) -> None:
        with UnitOfWork(self.ctx.engine) as uow:
            posting.post_group(uow, self.ctx.clerk, ids, paid_on=paid_on)
            uow.commit()

    def activity(self, activity, mp: MonthPlan, events) -> None:
        if not getattr(activity, "bulk", True):
            raise ValueError(f"业务活动{activity.name}没有批量写入方式：请用 --path service 或不加该活动")
        activity.run_bulk(self.ctx, mp, events)

    def settle(self, year: int) -> None:
        interest.settle_year(self.ctx.engine, self.ctx.clerk, year=year, as_of=date(year, 6, 30))

