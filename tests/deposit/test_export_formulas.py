"""The 清册错误清单 of a list whose 姓名 is a formula: the name comes back as inert text, not a link."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from anju.db import UnitOfWork
from anju.deposit import service as svc
from anju.deposit.rules import ListKind
from tests.support.factory import CLERK, open_employer, open_members, person_id

EVIL = '=HYPERLINK("http://evil.example/steal","点此查看")'


def test_a_formula_name_in_an_uploaded_list_is_written_back_as_text(engine):
    eid = open_employer(engine, name="甲公司")
    open_members(engine, eid, 2, start=1)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["姓名", "证件号码", "缴存基数", "单位缴存比例", "个人缴存比例", "单位月缴存额", "个人月缴存额"])
    w.writerow([EVIL, person_id(1, "1"), "5000.00", "12%", "12%", "600.00", "600.00"])
    w.writerow(["职工2", person_id(2, "2"), "5000.00", "12%", "12%", "-600.00", "600.00"])
    with UnitOfWork(engine) as uow, pytest.raises(svc.ListRejected) as exc:
        svc.import_list(uow, CLERK, employer_id=eid, data=buf.getvalue().encode(), filename="清册.csv",
                        kind=ListKind.REMIT, period_from=202501, as_of=date(2025, 1, 8))
    ws = load_workbook(io.BytesIO(svc.error_workbook(exc.value.validated)))["错误清单"]
    header = [c.value for c in ws[1]]
    names = [r[header.index("姓名")] for r in ws.iter_rows(min_row=2)]
    evil = next(c for c in names if "HYPERLINK" in str(c.value))
    assert evil.data_type == "s" and evil.value == "'" + EVIL
    assert not any(c.hyperlink for r in ws.iter_rows() for c in r)
