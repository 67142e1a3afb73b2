"""Test data built through the real services: employers, members, paid months."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from anju.auth.actor import cli_actor
from anju.core.ids import make_resident_id, make_uscc
from anju.db import UnitOfWork
from anju.deposit import service as deposit
from anju.registry import service as registry

CLERK = cli_actor("clerk1")
APPROVER = cli_actor("approver1")
_counter = {"uscc": 0, "person": 0}


def uscc(n: int | None = None) -> str:
    if n is None:
        _counter["uscc"] += 1
        n = _counter["uscc"]
    return make_uscc(f"91430405{n:09d}")


def person_id(n: int, sex: str = "1") -> str:
    birth = date(1975, 1, 1) + timedelta(days=(n * 37) % 9000)
    return make_resident_id("430405", birth, n % 100, sex)


def open_employer(engine, *, name: str = "测试单位", n: int | None = None, ratio: str = "0.12", bank: str = "01",
                  first_month: int = 202501, on: date = date(2025, 1, 5), pay_day: int = 10) -> int:
    data = registry.EmployerInput(uscc=uscc(n), name=name, kind="50", bank_code=bank, branch_code="01", pay_day=pay_day,
                                  employer_ratio=Decimal(ratio), member_ratio=Decimal(ratio), first_month=first_month)
    with UnitOfWork(engine) as uow:
        eid, _ = registry.open_employer(uow, CLERK, data=data, as_of=on)
        uow.commit()
    return eid


def open_members(engine, employer_id: int, count: int, *, start: int = 1, base: int = 500000,
                 first_month: int = 202501, on: date = date(2025, 1, 5)) -> list[int]:
    ids = []
    with UnitOfWork(engine) as uow:
        for n in range(start, start + count):
            opened = registry.open_account(uow, CLERK, employer_id=employer_id,
                                           who=registry.PersonInput(id_number=person_id(n, "1" if n % 2 else "2"),
                                                                    name=f"职工{n}"),
                                           base=base, first_month=first_month, as_of=on)
            ids.append(opened.account_id)
        uow.commit()
    return ids


def pay_month(engine, employer_id: int, period: int, paid_on: date) -> int:
    with UnitOfWork(engine) as uow:
        sub = deposit.generate_month(uow, CLERK, employer_id=employer_id, period=period, as_of=paid_on)
        deposit.confirm_payment(uow, CLERK, remittance_id=sub.remittance_id, paid_on=paid_on,
                                receipt_no=f"R{period}-{employer_id}", amount=sub.total)
        uow.commit()
    return sub.remittance_id


def xlsx(rows: list[list], headers: list[str] | None = None, sheet: str = "汇缴清册", text_id: bool = True) -> bytes:
    from openpyxl import Workbook

    headers = headers or ["序号", "姓名", "证件号码", "缴存基数", "单位缴存比例", "个人缴存比例", "单位月缴存额",
                          "个人月缴存额", "月缴存额合计", "缴存年月"]
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def year_end(engine, year: int, *, management_fee: int, steps=("close_income", "move_gain", "distribute")) -> None:
    """The fund's year-end steps (结转收支, 增值收益, 分配 with ``management_fee`` to 管理费用), each committed."""
    from anju.interest import yearend

    for step in steps:
        with UnitOfWork(engine) as uow:
            yearend.run_step(uow, CLERK, year=year, step=step, as_of=date(year, 12, 31),
                             management_fee=management_fee if step == "distribute" else 0)
            uow.commit()
