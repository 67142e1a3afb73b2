"""Monthly loan repayment run benchmark (not a test): N loans, one month, on SQLite and PostgreSQL.

    .venv/bin/python bench/loan_repayment.py [--loans 100000] [--months 60] [--backend both|sqlite|postgresql]
                                             [--no-append]

Builds a fresh database per backend (SQLite in a temporary file; PostgreSQL as a new database on
127.0.0.1:5432, user postgres, trust auth — ANJU_BENCH_PG_ADMIN for another server), migrated and loaded with
the sample centre, then writes N loans in bulk — not through the services, but the very rows ``disburse``
writes: borrower, loan account, plan (from ``build_schedule``, computed once per distinct loan), 发放 row, and
its own voucher Dr 121 / Cr 101xx — spread over the four entrusted banks. Then it times one monthly run for
March 2026 (every loan has an instalment due): create (overdue marking, offsets, deduction lines), the four
deduction files, the four bank results (98 % paid, 1 % partly paid, 1 % failed) loaded, posted, and the month
closed (what is unpaid turns overdue). The loan checks of ``anju verify`` run at the end (not timed).
Figures are appended to docs/performance.md under "Loan repayment run" unless --no-append.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import insert, text

ROOT = Path(__file__).resolve().parents[1]
ADMIN = os.environ.get("ANJU_BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
BANKS = ("01", "02", "03", "04")
AMOUNTS = tuple(range(10_000_000, 60_000_001, 5_000_000))  # 10万 … 60万
MONTH = 202603
CHUNK = 10_000


def admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(sql)


def bulk(conn, table, columns: list[str], rows: list[tuple]) -> None:
    """COPY on PostgreSQL, executemany on SQLite."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(r)
    else:
        conn.execute(insert(table), [dict(zip(columns, r, strict=True)) for r in rows])


def build(engine, n: int, months: int) -> None:
    from anju.ledger.tables import voucher_seq
    from anju.policy.store import load_store
    from anju.registry.tables import number_seq

    now = datetime(2026, 2, 28, 12, 0)
    with engine.connect() as conn:
        store = load_store(conn)
    templates: dict = {}
    seq_by_period: dict[int, int] = {}
    for first in range(1, n + 1, CHUNK):
        _chunk(engine, store, templates, seq_by_period, first, min(first + CHUNK, n + 1), months, now)
    with engine.begin() as conn:
        for period, last in seq_by_period.items():
            conn.execute(insert(voucher_seq).values(period=period, last_no=last))
        conn.execute(insert(number_seq).values(name="loan", last=n))
        if conn.dialect.name == "postgresql":
            for t in ("person", "voucher", "loan"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))"))
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))


def _chunk(engine, store, templates, seq_by_period, lo: int, hi: int, months: int, now) -> None:
    """Loans lo … hi − 1, written in one transaction (a chunk keeps memory small)."""
    from anju.ledger.rules import Line, Posting
    from anju.ledger.tables import voucher, voucher_line
    from anju.loan.accounts import SUBLEDGER, LoanOpening, penalty_rate, plan_for
    from anju.loan.codes import TxnType
    from anju.loan.schedule import Method, rate_for_term
    from anju.loan.tables import loan, loan_instalment, loan_txn
    from anju.registry.tables import person

    with engine.begin() as conn:
        person_rows, loan_rows, inst_rows, txn_rows, v_rows, vl_rows = [], [], [], [], [], []
        for k in range(lo, hi):
            on = date(2026, 2, 1 + k % 28)  # first instalments fall due in March
            amount = AMOUNTS[k % len(AMOUNTS)]
            bank = BANKS[k % len(BANKS)]
            method = Method.EQUAL_INSTALLMENT if k % 5 else Method.EQUAL_PRINCIPAL
            key = (on, amount, method)
            policy = store.at(on)
            if key not in templates:
                rate = rate_for_term(policy, months, False)
                o = LoanOpening("", None, 0, None, None, bank, amount, months, method, False, "01", False, None,
                                None, False, on.day, on)
                templates[key] = (rate, penalty_rate(policy, rate), plan_for(policy, o, rate))
            rate, prate, plan = templates[key]
            loan_no = f"DK{k:010d}"
            contract = f"JKB{k:09d}"
            person_rows.append((k, f"B{k:017d}", f"借款人{k}", "1", date(1985, 1, 1), "", "20", None, now, now))
            period = on.year * 100 + on.month
            seq_by_period[period] = seq_by_period.get(period, 0) + 1
            posting = Posting(key=f"loan:disburse:{contract}", voucher_date=on, kind="loan.disburse",
                              summary=f"发放个人住房公积金贷款 {contract}", ref_type="loan", ref_id=loan_no,
                              lines=[Line.dr("121", amount, summary="发放委托贷款", subledger=SUBLEDGER,
                                             subledger_ref=loan_no),
                                     Line.cr(f"101{bank}", amount, summary="受托银行划付贷款")])
            v_rows.append((k, period, seq_by_period[period], on, posting.kind, posting.summary, posting.key,
                           posting.content_hash(), None, "loan", loan_no, now, "bench"))
            vl_rows.append((k, 1, "121", amount, 0, "发放委托贷款", SUBLEDGER, loan_no))
            vl_rows.append((k, 2, f"101{bank}", 0, amount, "受托银行划付贷款", None, None))
            loan_rows.append((k, loan_no, contract, None, k, None, None, bank, None, amount, months, method.value,
                              False, "01", False, None, None, False, on.day, on, plan.instalments[0].due_date,
                              plan.instalments[-1].due_date, _micro(rate), on, _micro(prate), "01", amount, 0, 0, 0,
                              None, None, 0, 0, "01", 0, None, None, 0, 0, posting.key, k, now, "bench", now))
            for i in plan.instalments:
                inst_rows.append((k, i.period, i.due_date, i.principal, i.interest, i.balance, _micro(rate), "due",
                                  0, 0, None, None))
            txn_rows.append((k, on, TxnType.DISBURSE.value, None, amount, amount, 0, 0, 0, 0, amount, 0, k, "bank",
                             "contract", contract, f"发放贷款{amount // 100}元", None, now))
        bulk(conn, person, ["id", "id_number", "name", "sex", "birth_date", "phone", "marital_status",
                            "monthly_income", "created_at", "updated_at"], person_rows)
        bulk(conn, voucher, ["id", "period", "number", "voucher_date", "kind", "summary", "idempotency_key",
                             "content_hash", "reverses_id", "ref_type", "ref_id", "created_at", "created_by"], v_rows)
        bulk(conn, voucher_line, ["voucher_id", "line_no", "account_code", "debit", "credit", "summary", "subledger",
                                  "subledger_ref"], vl_rows)
        bulk(conn, loan, ["id", "loan_no", "contract_no", "application_id", "borrower_person_id",
                          "co_borrower_person_id", "repay_account_no", "bank_code", "branch_code", "amount", "months",
                          "method", "second_home", "purpose", "combined", "commercial_amount", "commercial_bank",
                          "remote", "repay_day", "disbursed_on", "first_due", "maturity", "rate", "rate_from",
                          "penalty_rate", "status", "principal", "overdue_principal", "overdue_interest", "penalty",
                          "penalty_to", "overdue_since", "overdue_periods", "overdue_total_periods", "risk_class",
                          "written_off", "written_off_on", "settled_on", "repaid_principal", "repaid_interest",
                          "disburse_key", "voucher_id", "created_at", "created_by", "updated_at"], loan_rows)
        bulk(conn, loan_instalment, ["loan_id", "period", "due_date", "principal", "interest", "balance", "rate",
                                     "status", "paid_principal", "paid_interest", "paid_on", "overdue_on"], inst_rows)
        bulk(conn, loan_txn, ["loan_id", "txn_date", "type", "period", "amount", "principal", "overdue_principal",
                              "interest", "overdue_interest", "penalty", "balance_after", "off_plan", "voucher_id",
                              "source", "ref_type", "ref_id", "note", "parts", "created_at"], txn_rows)

def _micro(rate) -> int:
    return int(rate * 1_000_000)


def bank_answer(rows):
    """What a bank sends back: every 100th line failed, every 100th + 50 partly paid (half), the rest paid."""
    from anju.loan import bankfile

    out = []
    for r in rows:
        if r.line_no % 100 == 0:
            out.append(bankfile.Result(r.deduction_no, 0, "failed", "账户余额不足", ""))
        elif r.line_no % 100 == 50:
            out.append(bankfile.Result(r.deduction_no, r.amount // 2, "partial", "余额不足部分扣款", f"Y{r.line_no}"))
        else:
            out.append(bankfile.Result(r.deduction_no, r.amount, "paid", "", f"Y{r.line_no}"))
    return bankfile.result_csv(out)


def one_backend(backend: str, n: int, months: int) -> dict:
    from anju.auth.actor import cli_actor
    from anju.bootstrap import prepare
    from anju.db import UnitOfWork, make_engine
    from anju.loan import runs
    from anju.verify import run_all

    tmp = None
    name = None
    if backend == "sqlite":
        tmp = tempfile.TemporaryDirectory()
        url = f"sqlite:///{tmp.name}/bench.sqlite3"
    else:
        name = f"anju_bench_loan_{os.getpid()}"
        admin_sql(f"DROP DATABASE IF EXISTS {name}")
        admin_sql(f"CREATE DATABASE {name}")
        base = ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
        url = f"{base}/{name}"
    engine = make_engine(url)
    try:
        prepare(engine)
        t0 = time.perf_counter()
        build(engine, n, months)
        built = time.perf_counter() - t0
        actor = cli_actor("bench")
        times = {}
        cpu0 = time.process_time()
        load0 = os.getloadavg()[0]
        t = time.perf_counter()
        with UnitOfWork(engine) as uow:
            s = runs.create_run(uow, actor, month=MONTH, as_of=date(2026, 3, 1))
            uow.commit()
        times["create"] = time.perf_counter() - t
        t = time.perf_counter()
        files = {}
        with engine.connect() as conn:
            for b in s.banks:
                _, data, _ = runs.instruction_file(conn, actor, batch_id=b.id, fmt="csv")
                files[b.id] = runs.instruction_rows(conn, b.id)
        times["files"] = time.perf_counter() - t
        answers = {bid: bank_answer(rows) for bid, rows in files.items()}  # the bank's side: not timed
        t = time.perf_counter()
        for bid, data in answers.items():
            with UnitOfWork(engine) as uow:
                runs.load_result(uow, actor, batch_id=bid, data=data, filename="result.csv", as_of=date(2026, 3, 31))
                uow.commit()
        times["results"] = time.perf_counter() - t
        t = time.perf_counter()
        for bid in answers:
            runs.post_batch(engine, actor, batch_id=bid)
        times["posting"] = time.perf_counter() - t
        t = time.perf_counter()
        with UnitOfWork(engine) as uow:
            runs.close_run(uow, actor, month=MONTH, as_of=date(2026, 4, 1))
            uow.commit()
        times["overdue"] = time.perf_counter() - t
        cpu = time.process_time() - cpu0
        load = (load0 + os.getloadavg()[0]) / 2
        with engine.connect() as conn:
            checks = [r for r in run_all(conn, only=["ledger.subledger_control", "loan.detail_matches_balance",
                                                     "loan.plan_principal"]) if not r.ok]
            overdue = conn.execute(text("SELECT count(*) FROM loan WHERE status = '02'")).scalar_one()
        return {"backend": backend, "loans": n, "months": months, "lines": s.count, "built": built, **times,
                "total": sum(times.values()), "cpu": cpu, "load": load, "overdue_loans": overdue, "checks": "通过" if not checks else
                "; ".join(f"{r.check.name}: {r.violations[0].message}" for r in checks)}
    finally:
        engine.dispose()
        if tmp is not None:
            tmp.cleanup()
        if name is not None:
            admin_sql(f"DROP DATABASE IF EXISTS {name}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--loans", type=int, default=100_000)
    ap.add_argument("--months", type=int, default=60)
    ap.add_argument("--backend", default="both", choices=("both", "sqlite", "postgresql"))
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args()
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    results = []
    for b in backends:
        r = one_backend(b, args.loans, args.months)
        results.append(r)
        print(f"{b}: {r['lines']} lines; build {r['built']:.1f} s; create {r['create']:.1f} s, files {r['files']:.1f} s, "
              f"results {r['results']:.1f} s, posting {r['posting']:.1f} s, overdue {r['overdue']:.1f} s; "
              f"run total {r['total']:.1f} s (client CPU {r['cpu']:.1f} s, load average {r['load']:.1f}); overdue loans {r['overdue_loans']}; checks {r['checks']}", flush=True)
    if not args.no_append:
        lines = [f"\n### Loan repayment run — {date.today()} ({platform.machine()}, Python "
                 f"{platform.python_version()})\n",
                 f"`.venv/bin/python bench/loan_repayment.py --loans {args.loans} --months {args.months}"
                 f"{'' if args.backend == 'both' else ' --backend ' + args.backend}`\n",
                 "| backend | loans | lines | create | files | results | posting | overdue | run total | client CPU | "
                 "load avg | checks |",
                 "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        for r in results:
            lines.append(f"| {r['backend']} | {r['loans']:,} | {r['lines']:,} | {r['create']:.1f} s | {r['files']:.1f} s | "
                         f"{r['results']:.1f} s | {r['posting']:.1f} s | {r['overdue']:.1f} s | **{r['total']:.1f} s** | "
                         f"{r['cpu']:.1f} s | {r['load']:.1f} | {r['checks']} |")
        with open(ROOT / "docs" / "performance.md", "a", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")



if __name__ == "__main__":
    main()
