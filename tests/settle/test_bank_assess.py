"""The yearly bank assessment: the sheet's arithmetic (pure), indicators from the books, manual entries,
deductions, finalising, Word and Excel — on both databases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from anju.auth.actor import Actor, Channel, Role, cli_actor
from anju.core.errors import AnjuError
from anju.db import UnitOfWork
from anju.ledger import service as ledger
from anju.ledger.rules import Line, Posting
from anju.settle import assess, fees
from anju.settle.assess_calc import HIGH, LOW, SCORE, Item, evaluate
from anju.settle.errors import SettleError

FIN = Actor("fin1", frozenset({Role.FINANCE}), Channel.COUNTER)
SYS = cli_actor("assess-test")


def test_sheet_arithmetic():
    template = (Item("a", "甲（20分）", "高优", Decimal(10), HIGH, target=Decimal("0.05")),
                Item("b", "甲（20分）", "低优", Decimal(10), LOW, target=Decimal("0.005"), zero_at=Decimal("0.05")),
                Item("c", "乙（10分）", "人工", Decimal(10), SCORE, unit="分", source="manual"),
                Item("d", "乙（10分）", "无数据", Decimal(5), HIGH, target=Decimal("0.99")))
    sheet = evaluate(template, {"a": Decimal("0.04"), "b": Decimal("0.0275"), "c": Decimal("12"), "d": None},
                     deductions=(("违规", Decimal("1.5")),))
    assert [r.score for r in sheet.rows] == [Decimal("8.00"), Decimal("5.00"), Decimal(10), Decimal(0)]
    assert sheet.total == Decimal("21.50") and sheet.grade == "差"
    assert sheet.groups()[0] == ("甲（20分）", Decimal(20), Decimal("13.00"))
    assert evaluate(template, {"a": Decimal(1)}, veto="重大违规").total == 0


def _collect(uow, key, day, bank, amount):
    ledger.post(uow, SYS, Posting(key=key, voucher_date=day, kind="manual", summary="归集",
                                  lines=[Line.dr(f"101{bank}", amount), Line.cr("201", amount)]), check_permission=False)


def test_compute_enter_finalise_and_print(db):
    e = db.engine
    with UnitOfWork(e) as uow:
        _collect(uow, "a1", date(2025, 5, 1), "01", 100_000_00)
        _collect(uow, "a2", date(2026, 5, 1), "01", 110_000_00)  # +10%: above the 5% target
        _collect(uow, "a3", date(2026, 5, 2), "02", 30_000_00)
        uow.commit()
    with UnitOfWork(e) as uow:
        sheets = assess.compute(uow, FIN, year=2026)
        uow.commit()
    assert set(sheets) == {"01", "02", "03", "04"}
    first = {r.item.code: r for r in sheets["01"].rows}
    assert first["collect_growth"].actual == Decimal("0.1") and first["collect_growth"].score == 10
    assert first["timeliness"].actual is None and first["timeliness"].note.startswith("暂无数据")
    with UnitOfWork(e) as uow:
        sheet = assess.enter(uow, FIN, year=2026, bank_code="01",
                             actuals={"window_service": "9", "compliance": "10", "link_availability": "99.9%",
                                      "timeliness": "100%"}, deductions=[("系统故障未报告", "2")])
        assess.finalise(uow, FIN, year=2026, bank_code="01")
        uow.commit()
    rows = {r.item.code: r for r in sheet.rows}
    assert rows["link_availability"].score == 10 and rows["window_service"].score == 9
    with UnitOfWork(e) as uow, pytest.raises(AnjuError) as exc:
        assess.enter(uow, FIN, year=2026, bank_code="01", actuals={"compliance": "5"})
    assert exc.value.code is SettleError.ASSESS_FINAL
    with e.connect() as conn:
        (one,) = [s for s in assess.stored(conn, 2026) if s["bank_code"] == "01"]
        assert (one["score"], one["status"]) == (str(sheet.total), "final")
        assert fees.latest_score(conn, "01", before_year=2027) == sheet.total  # next year's fee factor
        assert assess.xlsx(conn, 2026)[:2] == b"PK" and assess.docx(conn, 2026, centre="示例市")[:2] == b"PK"


def test_timeliness_and_recon_errors_from_the_statements(db):
    from tests.settle.support import book, load, match

    e = db.engine
    book(e, "remit:A", date(2026, 3, 2), 500_000)
    book(e, "remit:B", date(2026, 3, 2), 300_000)
    load(e, date(2026, 3, 2), [{"serial": "S1", "txn_date": "2026-03-02", "amount": "5000.00", "remark": "remit:A"}])
    load(e, date(2026, 3, 5), [{"serial": "S2", "txn_date": "2026-03-05", "amount": "3000.00", "remark": "remit:B"}])
    match(e, date(2026, 3, 5))
    with e.connect() as conn:
        figures = assess.statement_figures(conn, 2026)
    assert figures["01"]["timeliness"] == Decimal("0.5")  # S2 credited three days after its voucher
    assert figures["01"]["recon_errors"] == 0
