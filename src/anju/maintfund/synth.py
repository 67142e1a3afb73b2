"""A synthetic maintenance fund (bench/sim option, not in the default demo): ``areas`` areas with ``households``
households in all, each with its first deposit paid (one voucher per area in the fund's book), and a year's
income to allocate. Seeded and set-based (rows inserted in batches), so ``anju verify`` holds on the result.

    anju repair sim --areas 1000 --households 300000 --year 2025
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Engine, func, insert, select

from anju.auth.actor import Actor
from anju.core.money import round_half_up
from anju.db.uow import UnitOfWork
from anju.ledger import service as ledger
from anju.ledger.rules import Line, Posting
from anju.maintfund.codes import (
    BANK,
    BOOK,
    HOUSEHOLD,
    SUB_HOUSEHOLD,
    BillKind,
    BillStatus,
    HouseholdStatus,
    Manager,
    Payer,
    TxnKind,
    UnitKind,
)
from anju.maintfund.service import record_income
from anju.maintfund.tables import mf_area, mf_bill, mf_building, mf_household, mf_txn

BATCH = 5000
PER_M2 = 7747  # fen per m² (1,291.19 × 6 %), an assumption of the generator


def generate(engine: Engine, actor: Actor, *, areas: int, households: int, year: int, seed: int = 1,
             income_share: str = "0.015") -> dict[str, int]:
    """Write the synthetic fund; returns counts. Deposits fall in the two years before ``year`` and in it; the
    year's income is ``income_share`` of the deposits (one income voucher, dated in December)."""
    rng = random.Random(seed)
    per_area = [households // areas + (1 if i < households % areas else 0) for i in range(areas)]
    total = 0
    with UnitOfWork(engine) as uow:
        conn = uow.conn
        start = int(conn.execute(select(func.count()).select_from(mf_area)).scalar_one())
        now = uow.now()
        for a, n in enumerate(per_area):
            code = f"SA{start + a + 1:05d}"
            aid = conn.execute(insert(mf_area).values(
                code=code, name=f"模拟小区{start + a + 1}", developer=f"模拟置业{a % 97 + 1}有限公司", total_area=0,
                households=n, manager=Manager.OWNERS.value if a % 3 else Manager.GOVERNMENT.value, common_balance=0,
                common_interest=0, created_at=now, created_by=actor.username).returning(mf_area.c.id)).scalar_one()
            bids = [conn.execute(insert(mf_building).values(area_id=aid, name=str(b + 1), storeys=18, has_lift=True)
                                 .returning(mf_building.c.id)).scalar_one() for b in range(max(1, n // 100))]
            rows, days = [], []
            for h in range(n):
                floor_area = rng.randrange(6000, 14000)
                due = (PER_M2 * floor_area // 100 + 50) // 100 * 100
                day = date(year - 2, 1, 1) + timedelta(days=rng.randrange(0, 365 * 3 - 10))
                days.append(day)
                rows.append(dict(
                    account_no=f"{code}-{h + 1:05d}", area_id=aid, building_id=bids[h % len(bids)],
                    unit_no=f"{h // 100 + 1}-{h % 100 + 101}", property_unit_no=None, owner_name=f"业主{h + 1}",
                    owner_id_no=None, sold=True, floor_area=floor_area, kind=UnitKind.RESIDENTIAL.value,
                    standard="1,291.19元/㎡×6%", first_due=due, first_paid=due, balance=due, deposited=due, interest=0,
                    used=0, refunded=0, status=HouseholdStatus.NORMAL.value, opened_on=day, created_at=now,
                    created_by=actor.username))
            amount = sum(r["balance"] for r in rows)
            posted = ledger.post(uow, actor, Posting(
                key=f"mf:synth:{code}", voucher_date=max(days), kind="mf.deposit", book=BOOK,
                summary=f"模拟首期交存 {code}", lines=[Line.dr(BANK, amount),
                                                      Line.cr(HOUSEHOLD, amount, subledger=SUB_HOUSEHOLD)]),
                check_permission=False)
            for i in range(0, n, BATCH):
                ids = conn.execute(insert(mf_household).returning(mf_household.c.id, sort_by_parameter_order=True),
                                   rows[i:i + BATCH]).scalars().all()
                chunk = rows[i:i + BATCH]
                conn.execute(insert(mf_txn), [dict(area_id=aid, household_id=hid, day=d, day_no=d.toordinal(),
                                                   kind=TxnKind.DEPOSIT.value, amount=r["balance"],
                                                   voucher_id=posted.id, ref="synth", created_at=now)
                                              for hid, r, d in zip(ids, chunk, days[i:i + BATCH], strict=True)])
                conn.execute(insert(mf_bill), [dict(no=f"S{code}{hid}", household_id=hid, kind=BillKind.FIRST.value,
                                                    payer=Payer.OWNER.value, amount=r["balance"],
                                                    status=BillStatus.PAID.value, billed_on=d, paid_on=d,
                                                    receipt_no="synth", voucher_id=posted.id,
                                                    created_by=actor.username)
                                               for hid, r, d in zip(ids, chunk, days[i:i + BATCH], strict=True)])
            total += amount
        income = round_half_up(total * Decimal(income_share)) if total else 0
        if income:
            record_income(uow, actor, amount=income, day=date(year, 12, 20), doc_no=f"SYNTH{year}-{start}")
        uow.commit()
    return {"areas": areas, "households": households, "deposits": total, "income": income}
