"""Registry invariants for `anju verify`: member balances agree with 201, their detail rows and vouchers."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from anju.core.money import format_yuan
from anju.ledger import subledgers
from anju.ledger.queries import account_by_voucher, voucher_heads
from anju.registry.tables import account, account_terms, member_txn
from anju.verify import Violation, check


def _member_total(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.sum(account.c.balance), 0))).scalar_one())


subledgers.register(subledgers.SubLedger("member", "职工个人账户余额", ("201",), _member_total))


@check("registry.no_negative", "个人账户余额不为负数，且等于上年结转与当年归集之和")
def no_negative(conn: Connection):
    q = select(account.c.id, account.c.account_no, account.c.balance, account.c.prior_balance,
               account.c.current_balance).where(
        (account.c.balance < 0) | (account.c.balance != account.c.prior_balance + account.c.current_balance))
    for r in conn.execute(q.limit(1000)):
        yield Violation("registry.no_negative", f"账户{r.account_no}余额{format_yuan(r.balance)}（上年结转"
                        f"{format_yuan(r.prior_balance)}，当年归集{format_yuan(r.current_balance)}）", (f"account:{r.id}",))


@check("registry.detail_matches_balance", "每个账户的余额等于其明细账发生额合计")
def detail_matches(conn: Connection):
    sums = (select(member_txn.c.account_id, func.sum(member_txn.c.amount).label("s"))
            .group_by(member_txn.c.account_id).subquery())
    q = (select(account.c.id, account.c.account_no, account.c.balance, func.coalesce(sums.c.s, 0).label("s"))
         .select_from(account.outerjoin(sums, sums.c.account_id == account.c.id))
         .where(account.c.balance != func.coalesce(sums.c.s, 0)))
    for r in conn.execute(q.limit(1000)):
        yield Violation("registry.detail_matches_balance",
                        f"账户{r.account_no}余额{format_yuan(r.balance)}，明细合计{format_yuan(int(r.s))}", (f"account:{r.id}",))


@check("registry.detail_has_voucher", "每笔资金明细都有凭证，且与凭证上201科目的发生额一致")
def detail_vouchers(conn: Connection):
    missing = (select(member_txn.c.id, member_txn.c.account_id)
               .where(member_txn.c.amount != 0, member_txn.c.voucher_id.is_(None)).limit(100))
    for r in conn.execute(missing):
        yield Violation("registry.detail_has_voucher", f"明细{r.id}有发生额但没有凭证", (f"member_txn:{r.id}",))
    detail = (select(member_txn.c.voucher_id.label("vid"), func.sum(member_txn.c.amount).label("s"))
              .where(member_txn.c.voucher_id.is_not(None)).group_by(member_txn.c.voucher_id).subquery())
    gl = account_by_voucher("201", subledger="member", net=True)
    voucher = voucher_heads()
    q = (select(detail.c.vid, detail.c.s, gl.c.amount.label("g"), voucher.c.id.label("exists_id"))
         .select_from(detail.outerjoin(gl, gl.c.voucher_id == detail.c.vid).outerjoin(voucher, voucher.c.id == detail.c.vid))
         .where((gl.c.amount.is_(None)) | (gl.c.amount != detail.c.s) | voucher.c.id.is_(None)))
    in_flight = subledgers.pending_by_voucher(conn, "member")
    for r in conn.execute(q.limit(1000)):
        if r.exists_id is not None and r.g is not None and int(r.s) + in_flight.get(r.vid, 0) == int(r.g):
            continue  # a batch run still crediting this voucher's accounts
        if r.exists_id is None:
            yield Violation("registry.detail_has_voucher", f"明细引用的凭证{r.vid}不存在", (f"voucher:{r.vid}",))
        else:
            yield Violation("registry.detail_has_voucher",
                            f"凭证{r.vid}：明细合计{format_yuan(int(r.s))}，201科目{format_yuan(int(r.g or 0))}",
                            (f"voucher:{r.vid}",))
    q = (select(gl.c.voucher_id.label("vid"), gl.c.amount.label("s")).select_from(gl.outerjoin(detail, detail.c.vid == gl.c.voucher_id))
         .where(detail.c.vid.is_(None), gl.c.amount != 0))
    for r in conn.execute(q.limit(1000)):
        if in_flight.get(r.vid, 0) == int(r.s):
            continue
        yield Violation("registry.detail_has_voucher", f"凭证{r.vid}记入职工个人账户{format_yuan(int(r.s))}但没有明细",
                        (f"voucher:{r.vid}",))


@check("registry.paid_through", "个人缴至年月等于最后一个净缴存额大于零的月份")
def paid_through(conn: Connection):
    per_month = (select(member_txn.c.account_id, member_txn.c.month, func.sum(member_txn.c.amount).label("net"))
                 .where(member_txn.c.type.in_(("01", "02"))).group_by(member_txn.c.account_id, member_txn.c.month)
                 .subquery())
    last = (select(per_month.c.account_id, func.max(per_month.c.month).label("m")).where(per_month.c.net > 0)
            .group_by(per_month.c.account_id).subquery())
    q = (select(account.c.id, account.c.account_no, account.c.paid_through, last.c.m)
         .select_from(account.outerjoin(last, last.c.account_id == account.c.id))
         .where(func.coalesce(account.c.paid_through, 0) != func.coalesce(last.c.m, 0)))
    for r in conn.execute(q.limit(1000)):
        yield Violation("registry.paid_through", f"账户{r.account_no}缴至年月{r.paid_through}，明细显示{r.m}",
                        (f"account:{r.id}",))


@check("registry.terms", "账户现行缴存基数和比例等于最近一次变更记录")
def current_terms(conn: Connection):
    latest = (select(account_terms.c.account_id, func.max(account_terms.c.from_month).label("m"))
              .group_by(account_terms.c.account_id).subquery())
    t = account_terms.alias("t")
    q = (select(account.c.id, account.c.account_no)
         .select_from(account.join(latest, latest.c.account_id == account.c.id)
                      .join(t, (t.c.account_id == account.c.id) & (t.c.from_month == latest.c.m)))
         .where((t.c.base != account.c.base) | (t.c.employer_amount != account.c.employer_amount)
                | (t.c.member_amount != account.c.member_amount) | (t.c.from_month != account.c.terms_from)))
    for r in conn.execute(q.limit(1000)):
        yield Violation("registry.terms", f"账户{r.account_no}的现行缴存条件与变更记录不一致", (f"account:{r.id}",))


@check("registry.rollup", "统计汇总表（按日、按人年）与截至水位线的明细账一致")
def rollup_matches(conn: Connection):
    """The statistics roll-up equals the sub-ledger up to its watermark: amounts and rows by day and type, and
    each account's months with a contribution or an opening."""
    from sqlalchemy import and_, case

    from anju.registry import rollup
    from anju.registry.tables import stat_member_year, stat_txn_day

    mark = rollup.mark(conn)
    t, s = member_txn.c, stat_txn_day.c
    raw = dict(((d, ty), (int(a or 0), int(n))) for d, ty, a, n in conn.execute(
        select(t.txn_date, t.type, func.sum(t.amount), func.count()).where(t.id <= mark)
        .group_by(t.txn_date, t.type)).all())
    rolled = dict(((d, ty), (int(a or 0), int(n))) for d, ty, a, n in conn.execute(
        select(s.txn_date, s.type, func.sum(s.amount), func.sum(s.rows)).group_by(s.txn_date, s.type)).all())
    for key in sorted(set(raw) | set(rolled), key=str)[:100000]:
        if raw.get(key, (0, 0)) != rolled.get(key, (0, 0)):
            d, ty = key
            yield Violation("registry.rollup", f"{d}业务类型{ty}：明细{raw.get(key)}，汇总{rolled.get(key)}（金额分, 笔数）",
                            (f"stat_txn_day:{d}:{ty}",))
    y = stat_member_year.c
    accounts = int(conn.execute(select(func.count(func.distinct(y.account_id)))).scalar_one())
    expected = int(conn.execute(select(func.count(func.distinct(t.account_id))).where(
        t.id <= mark, case((and_(t.type.in_(rollup.PAID), t.amount > 0), 1), (t.type == rollup.OPEN, 1),
                           else_=0) == 1)).scalar_one())
    if accounts != expected:
        yield Violation("registry.rollup", f"按人年汇总有{accounts}个账户，明细中有缴存或开户的账户{expected}个",
                        ("stat_member_year",))


@check("registry.status_matches_events", "账户状态与其最后一笔状态变更明细（开户、封存、启封、转移、销户）一致")
def status_matches_events(conn: Connection):
    from sqlalchemy import case, literal

    from anju.registry.codes import STATUS_EVENTS
    from anju.registry.queries import last_status_events

    last = last_status_events()
    implied = case(*[(last.c.type == t, literal(st)) for t, st in STATUS_EVENTS.items()], else_=None)
    q = (select(account.c.id, account.c.account_no, account.c.status, implied.label("implied"))
         .select_from(account.outerjoin(last, last.c.account_id == account.c.id))
         .where(account.c.status.is_distinct_from(implied)).order_by(account.c.id).limit(1000))
    for r in conn.execute(q):
        yield Violation("registry.status_matches_events",
                        f"账户{r.account_no}状态{r.status}，最后一笔状态变更明细对应状态{r.implied or '无'}",
                        (f"account:{r.id}",))
