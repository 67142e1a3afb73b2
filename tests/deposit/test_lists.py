"""Remittance lists on both databases: every kind of bad row reported at once, accepted whole or not at all."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from anju.core.errors import ErrorCode
from anju.db import UnitOfWork
from anju.deposit import service as svc
from anju.deposit.errors import DepositError
from anju.deposit.rules import BackPayReason, ListKind
from anju.deposit.tables import remittance
from anju.registry import service as registry
from anju.registry.tables import account
from tests.support.factory import CLERK, open_employer, open_members, pay_month, person_id, xlsx

ON = date(2025, 1, 8)


def row(n, *, name=None, base="5000.00", er="12%", mr="12%", ea="600.00", ma="600.00", total="1200.00", month=202501,
        sex=None):
    sex = sex or ("1" if n % 2 else "2")
    return [n, name or f"职工{n}", person_id(n, sex), base, er, mr, ea, ma, total, month]


def remittances(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(remittance)).scalar_one()


def submit(engine, eid, data, *, filename="list.xlsx", period=202501, kind=ListKind.REMIT, to=None, reason=None,
           on=ON):
    with UnitOfWork(engine) as uow:
        sub = svc.import_list(uow, CLERK, employer_id=eid, data=data, filename=filename, kind=kind, period_from=period,
                              period_to=to, as_of=on, reason=reason)
        uow.commit()
    return sub


@pytest.fixture
def setup(engine):
    eid = open_employer(engine, name="甲公司")
    other = open_employer(engine, name="乙公司")
    open_members(engine, eid, 6, start=1)
    open_members(engine, other, 1, start=50)
    with UnitOfWork(engine) as uow:  # the sixth member left: sealed
        acct = uow.conn.execute(select(account.c.id).where(account.c.employer_id == eid)
                                .order_by(account.c.id).offset(5).limit(1)).scalar_one()
        registry.seal(uow, CLERK, account_id=acct, reason="离职", as_of=date(2025, 1, 6))
        uow.commit()
    return engine, eid


class TestEveryProblemAtOnce:
    def test_a_list_with_every_kind_of_error_is_rejected_whole(self, setup):
        engine, eid = setup
        bad_checksum = person_id(3, "1")[:-1] + ("0" if person_id(3, "1")[-1] != "0" else "1")
        rows = [
            row(1),                                                            # good
            row(2, name="别人"),                                               # name mismatch
            [3, "职工3", bad_checksum, "5000.00", "12%", "12%", "600.00", "600.00", "1200.00", 202501],
            [4, "职工4", int(person_id(4, "2")[:17]) * 10, "5000.00", "12%", "12%", "600.00", "600.00", None, None],
            row(5, base="99999.00", ea="11999.88", ma="11999.88", total="23999.76"),  # base above the cap
            row(6),                                                            # sealed account
            row(50),                                                           # another employer's member
            [7, "陌生人", person_id(77), "5000.00", "12%", "12%", "600.00", "600.00", None, None],  # unknown
            row(1),                                                            # duplicate of row 2
            row(2, er="15%", ea="750.00", name="职工2"),                       # ratio outside window
            row(3, ea="600.01", name="职工3"),                                 # amount ≠ base × ratio
            row(4, base="五千", name="职工4"),                                 # text in an amount cell
            row(1, month=202502, name="职工1"),                                # wrong period
        ]
        with pytest.raises(svc.ListRejected) as exc:
            submit(engine, eid, xlsx(rows))
        got = {(p.row, p.field) for p in exc.value.problems}
        expected = {(3, "姓名"), (4, "证件号码"), (5, "证件号码"), (6, "缴存基数"), (7, "证件号码"), (8, "证件号码"),
                    (9, "证件号码"), (10, "证件号码"), (11, "单位缴存比例"), (12, "单位月缴存额"), (13, "缴存基数"),
                    (14, "缴存年月")}
        assert expected <= got, sorted(got)
        codes: dict[int, set[str]] = {}
        for p in exc.value.problems:
            codes.setdefault(p.row, set()).add(p.code)
        assert DepositError.LIST_ID_NUMERIC in codes[5]
        assert DepositError.LIST_MEMBER_SEALED in codes[7]
        assert DepositError.LIST_MEMBER_ELSEWHERE in codes[8]
        assert DepositError.LIST_MEMBER_UNKNOWN in codes[9]
        assert DepositError.LIST_ROW_TWICE in codes[10]
        assert ErrorCode.CELL_MONEY_TEXT in codes[13]
        assert remittances(engine) == 0  # nothing half-done

        wb = load_workbook(io.BytesIO(svc.error_workbook(exc.value.validated)))
        ws = wb["错误清单"]
        header = [c.value for c in ws[1]]
        assert header[0] == "原行号" and header[-1] == "错误说明"
        assert ws.max_row - 1 == len(exc.value.validated.rejected) == 12
        assert any("姓名与证件号码登记的" in (r[-1].value or "") for r in ws.iter_rows(min_row=2))

    def test_fixed_list_is_accepted_and_warns_about_missing_members(self, setup):
        engine, eid = setup
        sub = submit(engine, eid, xlsx([row(n) for n in range(1, 5)]))
        assert sub.line_count == 4 and sub.total == 480000
        assert any("1名正常缴存职工不在本次清册中" in w for w in sub.warnings)

    def test_empty_file_wrong_sheet_and_missing_headers(self, setup):
        engine, eid = setup
        for data, name, code in (
            (b"", "list.xlsx", ErrorCode.SHEET_EMPTY),
            (xlsx([], headers=["序号", "姓名"]), "list.xlsx", ErrorCode.SHEET_HEADERS_MISSING),
            (xlsx([], headers=["甲", "乙"], sheet="Sheet9"), "list.xlsx", ErrorCode.SHEET_NOT_FOUND),
            (xlsx([]), "list.xlsx", DepositError.LIST_NO_ROWS),
            (b"not a workbook", "list.xlsx", ErrorCode.SHEET_UNREADABLE),
            (b"x", "list.pdf", ErrorCode.SHEET_FILE_TYPE),
        ):
            with pytest.raises(svc.ListRejected) as exc:
                submit(engine, eid, data, filename=name)
            assert code in {p.code for p in exc.value.problems}, (name, [str(p) for p in exc.value.problems])

    def test_a_csv_in_gbk_and_an_xls_are_read_the_same_way(self, setup):
        engine, eid = setup
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["姓名", "身份证号码", "基数", "单位比例", "个人比例", "单位缴存额", "个人缴存额"])
        for n in range(1, 6):
            w.writerow(row(n)[1:8])
        sub = submit(engine, eid, buf.getvalue().encode("gb18030"), filename="清册.csv")
        assert sub.line_count == 5

    def test_xls_files_are_read(self, setup):
        import xlwt  # dev dependency: writes the legacy .xls format employers still send

        engine, eid = setup
        book = xlwt.Workbook()
        ws = book.add_sheet("汇缴清册")
        for c, h in enumerate(["姓名", "证件号码", "缴存基数", "单位缴存比例", "个人缴存比例", "单位月缴存额", "个人月缴存额"]):
            ws.write(0, c, h)
        for r, n in enumerate(range(1, 6), start=1):
            for c, v in enumerate(row(n)[1:8]):
                ws.write(r, c, v)
        buf = io.BytesIO()
        book.save(buf)
        assert submit(engine, eid, buf.getvalue(), filename="清册.xls").line_count == 5


class TestPeriods:
    def test_a_paid_month_cannot_be_listed_again_and_the_next_month_is_expected(self, setup):
        engine, eid = setup
        pay_month(engine, eid, 202501, date(2025, 1, 12))
        with pytest.raises(svc.ListRejected) as exc:
            submit(engine, eid, xlsx([row(n) for n in range(1, 6)]))
        assert DepositError.MONTH_NOT_DUE in {p.code for p in exc.value.problems}
        with pytest.raises(svc.ListRejected) as exc:
            submit(engine, eid, xlsx([row(n, month=202503) for n in range(1, 6)]), period=202503, on=date(2025, 3, 5))
        assert DepositError.EARLIER_MONTH_DUE in {p.code for p in exc.value.problems}
        assert submit(engine, eid, xlsx([row(n, month=202502) for n in range(1, 6)]), period=202502,
                      on=date(2025, 2, 8)).line_count == 5

    def test_prepayment_covers_several_months_ahead(self, setup):
        engine, eid = setup
        rows = [row(n, month=m) for n in range(1, 6) for m in (202501, 202502, 202503)]
        sub = submit(engine, eid, xlsx(rows), to=202503)
        assert sub.line_count == 15
        with UnitOfWork(engine) as uow:
            svc.confirm_payment(uow, CLERK, remittance_id=sub.remittance_id, paid_on=ON, receipt_no="R1",
                                amount=sub.total)
            uow.commit()
        with engine.connect() as conn:
            emp = registry.get_employer(conn, eid)
        assert emp.paid_through == 202503

    def test_back_pay_of_missed_months_and_of_a_base_difference(self, setup):
        engine, eid = setup
        pay_month(engine, eid, 202501, date(2025, 1, 12))
        # 漏缴: one member opened later from 202501 but not paid.
        (late,) = open_members(engine, eid, 1, start=9, first_month=202501)
        rows = [row(9, month=202501)]
        sub = submit(engine, eid, xlsx(rows), kind=ListKind.BACK_PAY, period=202501, to=202501,
                     reason=BackPayReason.MISSED, on=date(2025, 2, 20))
        assert sub.total == 120000
        # 基数差额: member 1's base should have been 6,000.00 in 202501 → 120.00 + 120.00 owed.
        diff = [[1, "职工1", person_id(1, "1"), "6000.00", "12%", "12%", "120.00", "120.00", "240.00", 202501]]
        sub2 = submit(engine, eid, xlsx(diff, sheet="补缴清册"), kind=ListKind.BACK_PAY, period=202501, to=202501,
                      reason=BackPayReason.BASE_DIFF, on=date(2025, 2, 20))
        assert sub2.total == 24000
        # Base difference for a month not yet paid is refused and explained.
        with pytest.raises(svc.ListRejected) as exc:
            submit(engine, eid, xlsx(diff), kind=ListKind.BACK_PAY, period=202501, to=202501,
                   reason=BackPayReason.MISSED, on=date(2025, 2, 20))
        assert DepositError.LIST_MONTH_PAID in {p.code for p in exc.value.problems}


class TestTemplate:
    def test_the_template_has_the_headers_and_a_text_id_column(self):
        wb = load_workbook(io.BytesIO(svc.template()))
        ws = wb["汇缴清册"]
        headers = [c.value for c in ws[1]]
        assert headers[:4] == ["序号", "个人账号", "姓名", "证件号码"]
        assert ws.cell(row=5, column=4).number_format == "@"
        assert "填表说明" in wb.sheetnames
