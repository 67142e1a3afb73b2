"""Ledger invariants for `anju verify`."""

from __future__ import annotations

from sqlalchemy import Connection, func, select, text

from anju.auth import audit, witness
from anju.core.money import format_yuan
from anju.ledger import integrity, subledgers
from anju.ledger.chart import BOOKS, voucher_label
from anju.ledger.queries import account_balance
from anju.ledger.tables import accounting_period, gl_account, voucher, voucher_line
from anju.verify import Violation, check


@check("ledger.voucher_hash", "每张凭证的内容（日期、摘要、分录）与其内容哈希一致")
def voucher_hash(conn: Connection):
    for vid, period, number in integrity.scan(conn).bad_content:
        yield Violation("ledger.voucher_hash", f"凭证{period}-{number:05d}的内容与其内容哈希不符（凭证被改动或伪造）",
                        (f"voucher:{vid}",))


@witness.register("voucher", "凭证", label=lambda key: f"（ID {key}）")
def voucher_digests(conn: Connection):
    yield from integrity.digests(conn)


@check("ledger.voucher_audit", "每张凭证与审计链记载的写入内容一致（无直接改动、伪造或删除）")
def voucher_audit(conn: Connection):
    scan = integrity.scan(conn)
    # The chain's latest digest per voucher id, 16 bytes at offset 16 × id, and a mark per id attested.
    size = scan.size
    expected, marked = bytearray(16 * size), bytearray(size)
    gone: set[int] = set()
    for _seq, key, dg in audit.attested(conn, "voucher"):
        try:
            vid, raw = int(key), bytes.fromhex(dg)[:16]
        except (TypeError, ValueError):
            continue
        if vid >= size:
            gone.add(vid)
            continue
        expected[16 * vid:16 * vid + 16] = raw
        marked[vid] = 1
    for vid in range(1, size):
        if scan.present[vid]:
            if not marked[vid]:
                yield Violation("ledger.voucher_audit",
                                f"凭证{integrity.label(conn, vid)}不见于审计链（绕过记账程序直接写入数据库）",
                                (f"voucher:{vid}",))
            elif scan.digest_of(vid) != bytes(expected[16 * vid:16 * vid + 16]):
                yield Violation("ledger.voucher_audit",
                                f"凭证{integrity.label(conn, vid)}与审计链记载的写入内容不符（凭证被直接改动）",
                                (f"voucher:{vid}",))
        elif marked[vid]:
            gone.add(vid)
    for vid in sorted(gone):
        yield Violation("ledger.voucher_audit", f"审计链记载的凭证（ID {vid}）已不存在（被删除）", (f"voucher:{vid}",))


@check("ledger.voucher_balanced", "每张凭证借贷平衡且至少两条分录")
def vouchers_balance(conn: Connection):
    q = (select(voucher.c.id, voucher.c.period, voucher.c.number,
                func.coalesce(func.sum(voucher_line.c.debit), 0).label("d"),
                func.coalesce(func.sum(voucher_line.c.credit), 0).label("c"),
                func.count(voucher_line.c.id).label("n"))
         .select_from(voucher.outerjoin(voucher_line, voucher_line.c.voucher_id == voucher.c.id))
         .group_by(voucher.c.id, voucher.c.period, voucher.c.number)
         .having((func.coalesce(func.sum(voucher_line.c.debit), 0)
                  != func.coalesce(func.sum(voucher_line.c.credit), 0)) | (func.count(voucher_line.c.id) < 2)))
    for r in conn.execute(q):
        yield Violation("ledger.voucher_balanced",
                        f"凭证{r.period}-{r.number:05d}借方{format_yuan(int(r.d))}，贷方{format_yuan(int(r.c))}，"
                        f"分录{r.n}条", (f"voucher:{r.id}",))


@check("ledger.line_sides", "每条分录只记一方且金额为正，记入末级科目")
def line_sides(conn: Connection):
    q = (select(voucher_line.c.id, voucher_line.c.voucher_id, voucher_line.c.account_code,
                voucher_line.c.debit, voucher_line.c.credit, gl_account.c.is_leaf)
         .select_from(voucher_line.outerjoin(gl_account, gl_account.c.code == voucher_line.c.account_code))
         .where((voucher_line.c.debit < 0) | (voucher_line.c.credit < 0)
                | ((voucher_line.c.debit > 0) == (voucher_line.c.credit > 0))
                | gl_account.c.code.is_(None) | (gl_account.c.is_leaf == False)))  # noqa: E712
    for r in conn.execute(q):
        yield Violation("ledger.line_sides", f"分录{r.id}（科目{r.account_code}）借{r.debit}贷{r.credit}不合规",
                        (f"voucher:{r.voucher_id}", f"voucher_line:{r.id}"))


@check("ledger.trial_balance", "试算平衡：每个账套全部借方发生额等于贷方发生额")
def trial_balance_zero(conn: Connection):
    q = (select(voucher.c.book, func.coalesce(func.sum(voucher_line.c.debit), 0),
                func.coalesce(func.sum(voucher_line.c.credit), 0))
         .select_from(voucher_line.join(voucher, voucher.c.id == voucher_line.c.voucher_id))
         .group_by(voucher.c.book).order_by(voucher.c.book))
    for book, d, c in conn.execute(q):
        if int(d) != int(c):
            name = BOOKS[book].name if book in BOOKS else book
            yield Violation("ledger.trial_balance",
                            f"{name}账套借方合计{format_yuan(int(d))}，贷方合计{format_yuan(int(c))}，"
                            f"差额{format_yuan(int(d) - int(c))}")


@check("ledger.one_book", "每张凭证的分录科目都属于凭证所在账套（不跨账套记账）")
def one_book(conn: Connection):
    q = (select(voucher.c.id, voucher.c.book, voucher.c.period, voucher.c.number, voucher_line.c.account_code,
                gl_account.c.book.label("account_book"))
         .select_from(voucher_line.join(voucher, voucher.c.id == voucher_line.c.voucher_id)
                      .join(gl_account, gl_account.c.code == voucher_line.c.account_code))
         .where(gl_account.c.book != voucher.c.book))
    for r in conn.execute(q):
        yield Violation("ledger.one_book",
                        f"凭证{voucher_label(r.book, r.period, r.number)}的科目{r.account_code}属于{r.account_book}账套",
                        (f"voucher:{r.id}",))


@check("ledger.closed_period", "已结账期间没有结账后记入的凭证")
def closed_periods(conn: Connection):
    q = (select(voucher.c.id, voucher.c.period, voucher.c.number, voucher.c.created_at, accounting_period.c.closed_at)
         .join(accounting_period, (accounting_period.c.period == voucher.c.period)
               & (accounting_period.c.book == voucher.c.book))
         .where(accounting_period.c.status == "closed", voucher.c.created_at > accounting_period.c.closed_at))
    for r in conn.execute(q):
        yield Violation("ledger.closed_period",
                        f"凭证{r.period}-{r.number:05d}记于{r.created_at}，晚于该期间结账时间{r.closed_at}",
                        (f"voucher:{r.id}",))


@check("ledger.voucher_period", "凭证期间与凭证日期一致，编号在期间内唯一")
def voucher_period(conn: Connection):
    for r in conn.execute(select(voucher.c.id, voucher.c.period, voucher.c.number, voucher.c.voucher_date)):
        if r.voucher_date.year * 100 + r.voucher_date.month != r.period:
            yield Violation("ledger.voucher_period", f"凭证{r.id}日期{r.voucher_date}不属于期间{r.period}",
                            (f"voucher:{r.id}",))
    q = (select(voucher.c.book, voucher.c.period, voucher.c.number, func.count().label("n"))
         .group_by(voucher.c.book, voucher.c.period, voucher.c.number).having(func.count() > 1))
    for r in conn.execute(q):
        yield Violation("ledger.voucher_period", f"{r.book}账套期间{r.period}凭证号{r.number}重复{r.n}次")


@check("ledger.idempotency", "每个业务键只对应一张凭证，每张凭证至多被冲销一次")
def idempotency(conn: Connection):
    q = select(voucher.c.idempotency_key, func.count().label("n")).group_by(voucher.c.idempotency_key).having(func.count() > 1)
    for r in conn.execute(q):
        yield Violation("ledger.idempotency", f"业务键{r.idempotency_key}对应{r.n}张凭证", (f"key:{r.idempotency_key}",))
    q = (select(voucher.c.reverses_id, func.count().label("n")).where(voucher.c.reverses_id.is_not(None))
         .group_by(voucher.c.reverses_id).having(func.count() > 1))
    for r in conn.execute(q):
        yield Violation("ledger.idempotency", f"凭证{r.reverses_id}被冲销{r.n}次", (f"voucher:{r.reverses_id}",))
    # A reversal must mirror its original line by line.
    rows = conn.execute(text(
        "SELECT v.id AS rid, v.reverses_id AS oid FROM voucher v WHERE v.reverses_id IS NOT NULL")).all()
    for rid, oid in rows:
        a = conn.execute(select(voucher_line.c.account_code, voucher_line.c.debit, voucher_line.c.credit)
                         .where(voucher_line.c.voucher_id == oid).order_by(voucher_line.c.line_no)).all()
        b = conn.execute(select(voucher_line.c.account_code, voucher_line.c.credit, voucher_line.c.debit)
                         .where(voucher_line.c.voucher_id == rid).order_by(voucher_line.c.line_no)).all()
        if [tuple(x) for x in a] != [tuple(x) for x in b]:
            yield Violation("ledger.idempotency", f"冲销凭证{rid}与原凭证{oid}的分录不互为镜像",
                            (f"voucher:{rid}", f"voucher:{oid}"))


@check("ledger.subledger_control", "各明细账合计等于其总账控制科目")
def subledger_control(conn: Connection):
    for sub in subledgers.registered():
        control = sum(account_balance(conn, code) for code in sub.control_accounts)
        detail = sub.total(conn) + subledgers.pending(conn, sub.name)
        if control != detail:
            yield Violation("ledger.subledger_control",
                            f"{sub.title}合计{format_yuan(detail)}，总账科目{'+'.join(sub.control_accounts)}余额"
                            f"{format_yuan(control)}，差额{format_yuan(detail - control)}")
        yield from sub.extra_checks(conn)
