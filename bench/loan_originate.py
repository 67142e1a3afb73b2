"""Loan origination throughput (not a test): N couples through the whole workflow, one loan each, on SQLite and
PostgreSQL — what the synthetic centre pays per loan when it uses ``loan.demo.originate``.

    .venv/bin/python bench/loan_originate.py [--loans 200] [--backend both|sqlite|postgresql]

Builds a fresh database per backend (SQLite in a temporary file; PostgreSQL as a new database on 127.0.0.1:5432,
user postgres, trust auth — ANJU_BENCH_PG_ADMIN for another server) with the sample centre, opens one employer
with 2N members (couples) paying nine months through the real services, then times (1) the 试算 of each
borrower's application and (2) ``originate`` (受理, 初审, 审批, 合同, 担保, 放款通知, 放款 — one unit of work per
loan). ``anju verify`` runs at the end (not timed) and must be clean.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import date
from decimal import Decimal

ADMIN = os.environ.get("ANJU_BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
DAY = date(2026, 10, 12)


def admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(sql)


def build(engine, n: int) -> list[int]:
    """One employer, n couples paying January–September 2026; returns the borrowers' person ids."""
    from anju.auth.actor import cli_actor
    from anju.core.ids import make_resident_id, make_uscc
    from anju.db import UnitOfWork
    from anju.deposit import service as deposit
    from anju.registry import service as registry

    admin = cli_actor("bench")
    with UnitOfWork(engine) as uow:
        eid, _ = registry.open_employer(uow, admin, data=registry.EmployerInput(
            uscc=make_uscc("914304050000000001"[:17]), name="基准测试单位", kind="50", bank_code="01",
            branch_code="01", pay_day=10, employer_ratio=Decimal("0.12"), member_ratio=Decimal("0.12"),
            first_month=202601), as_of=date(2026, 1, 5))
        people = []
        for k in range(2 * n):
            birth = date(1980, 1, 1).toordinal() + (k * 37) % 5000
            number = make_resident_id("430405", date.fromordinal(birth), k % 100, "1" if k % 2 == 0 else "2")
            opened = registry.open_account(uow, admin, employer_id=eid, who=registry.PersonInput(
                id_number=number, name=f"职工{k}", monthly_income=800_000), base=1_000_000, first_month=202601,
                as_of=date(2026, 1, 5))
            people.append(opened.person_id)
        for a, b in zip(people[::2], people[1::2], strict=True):
            registry.link_spouse(uow, admin, person_id=a, spouse_id=b)
        uow.commit()
    for k in range(9):
        with UnitOfWork(engine) as uow:
            sub = deposit.generate_month(uow, admin, employer_id=eid, period=202601 + k, as_of=date(2026, 7, 6 + k))
            deposit.confirm_payment(uow, admin, remittance_id=sub.remittance_id, paid_on=date(2026, 7, 6 + k),
                                    receipt_no=f"B{k}", amount=sub.total)
            uow.commit()
    return people[::2]


def one_backend(backend: str, n: int) -> dict:
    from anju.bootstrap import prepare
    from anju.db import UnitOfWork, make_engine
    from anju.loanapp import demo
    from anju.loanapp import service as lo
    from anju.verify import run_all

    tmp = name = None
    if backend == "sqlite":
        tmp = tempfile.TemporaryDirectory()
        url = f"sqlite:///{tmp.name}/bench.sqlite3"
    else:
        name = f"anju_bench_orig_{os.getpid()}"
        admin_sql(f"DROP DATABASE IF EXISTS {name}")
        admin_sql(f"CREATE DATABASE {name}")
        url = ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"
    engine = make_engine(url)
    try:
        prepare(engine)
        borrowers = build(engine, n)
        team = demo.crew("bench")
        t = time.perf_counter()
        with engine.connect() as conn:
            for pid in borrowers:
                raw = demo.form_for(conn, pid, 30_000_000, 120)
                assert lo.trial(conn, team.clerk, raw, as_of=DAY).ok
        trial_s = time.perf_counter() - t
        t = time.perf_counter()
        for pid in borrowers:
            with UnitOfWork(engine) as uow:
                demo.originate(uow, pid, 30_000_000, 120, as_of=DAY, team=team)
                uow.commit()
        originate_s = time.perf_counter() - t
        with engine.connect() as conn:
            bad = [r.check.name for r in run_all(conn) if not r.ok]
        return {"backend": backend, "loans": n, "trial_ms": 1000 * trial_s / n, "originate_ms": 1000 * originate_s / n,
                "verify": "clean" if not bad else ", ".join(bad)}
    finally:
        engine.dispose()
        if tmp is not None:
            tmp.cleanup()
        if name is not None:
            admin_sql(f"DROP DATABASE IF EXISTS {name}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--loans", type=int, default=200)
    ap.add_argument("--backend", choices=("both", "sqlite", "postgresql"), default="both")
    args = ap.parse_args()
    for backend in (("sqlite", "postgresql") if args.backend == "both" else (args.backend,)):
        r = one_backend(backend, args.loans)
        print(f"{r['backend']:<10} {r['loans']} loans: 试算 {r['trial_ms']:.1f} ms each, whole workflow "
              f"{r['originate_ms']:.1f} ms each ({1000 / r['originate_ms']:.1f} loans/s); verify {r['verify']}")


if __name__ == "__main__":
    main()
