"""The one bank-file reader and writer (anju.bank.files): the default layouts round-trip, a bank's own layout
(GBK, another delimiter, its own headers, XLSX), every bad line reported at once with its number, refusals."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from anju.bank import files
from anju.bank.codes import FileKind
from anju.bank.errors import BankError
from anju.core.errors import AnjuError, ErrorCode, ValidationFailed
from anju.core.sheets import UploadLimits

LINE = {"序号": "1", "账号": "1904020129000000011", "银行主机流水号": "H1", "金额": -12345,
        "交易日期": date(2026, 3, 2), "交易时间": "10:15:00", "对手户名": "张三", "备注": "TQ202603020001"}


def test_statement_default_is_pipe_separated_gbk_without_header():
    data = files.write([LINE, {**LINE, "序号": "2", "银行主机流水号": "H2", "金额": 500000}], files.STATEMENT)
    text = data.decode("gbk")
    assert text.startswith("1|1904020129000000011|H1|||张三|-123.45|20260302|10:15:00|")
    table = files.read(data, files.STATEMENT, filename="20260302.txt")
    assert table.problems == []
    rows = [cells for _, cells in table.rows()]
    assert [r["金额"] for r in rows] == [-12345, 500000] and rows[0]["交易日期"] == date(2026, 3, 2)
    assert rows[0]["备注"] == "TQ202603020001" and rows[1]["对手账号"] is None


def test_every_bad_line_is_reported_with_its_number():
    good = files.write([LINE], files.STATEMENT)
    bad = (good + "2|190402|H2|||李四|12.3x|20260302\r\n".encode("gbk")
           + "3|190402|H3|||王五|1.00|20260231|25:00:00\r\n".encode("gbk") + "4|190402\r\n".encode("gbk")
           + "5|190402||||赵六|1.00|20260302\r\n".encode("gbk"))
    table = files.read(bad, files.STATEMENT)
    where = sorted((p.row, p.field or "", p.code) for p in table.problems)
    assert where == [(2, "金额", ErrorCode.CELL_MONEY_TEXT.value), (3, "交易日期", ErrorCode.DATE_FORMAT.value),
                     (3, "交易时间", BankError.FILE_TIME.value), (4, "", BankError.FILE_COLUMNS.value),
                     (5, "银行主机流水号", BankError.FILE_VALUE_MISSING.value)]
    assert [n for n, _ in table.rows()] == [1]  # only the good line; the caller takes nothing with problems


def test_a_banks_own_layout_gbk_semicolons_its_headers():
    cols = tuple(replace(c, header={"付款流水号": "交易参考号", "处理结果": "状态码"}.get(c.name)) for c in
                 files.PAYOUT_RESULT.columns)
    own = files.bank_layout(FileKind.PAYOUT_RESULT, encoding="gbk", delimiter=";", columns=cols)
    data = "交易参考号;状态码;失败原因;银行流水号\r\n0120260302010001;失败;户名不符;B1\r\n".encode("gbk")
    table = files.read(data, own, filename="回盘.csv")
    assert table.problems == []
    ((_, cells),) = table.rows()
    assert (cells["付款流水号"], cells["处理结果"], cells["失败原因"]) == ("0120260302010001", "失败", "户名不符")
    assert files.Layout.from_json(own.to_json()) == own
    written = files.write([{"付款流水号": "X1", "处理结果": "成功"}], own)
    assert written.decode("gbk").splitlines()[0] == "交易参考号;状态码;失败原因;银行流水号;金额"


def test_xlsx_round_trip_and_refusals():
    rows = [{"序号": 1, "扣款流水号": "012026030000001", "贷款账号": "DK1", "借款合同编号": "HT1", "借款人姓名": "张三",
             "证件号码": "110101199003070011", "应还日期": date(2026, 3, 20), "期次": 12, "应扣金额": 321000}]
    data = files.write(rows, replace(files.DEDUCTION, format="xlsx"), notes=["说明"])
    ((_, cells),) = files.read(data, files.DEDUCTION, filename="扣款.xlsx").rows()
    assert (cells["应扣金额"], cells["应还日期"], cells["期次"]) == (321000, date(2026, 3, 20), 12)
    with pytest.raises(AnjuError) as exc:
        files.write([{"收款人姓名": "张\u4dc0"}], replace(files.PAYOUT, encoding="gbk"))  # a hexagram: not in GBK
    assert exc.value.code is BankError.FILE_UNENCODABLE
    with pytest.raises(ValidationFailed) as exc:
        files.bank_layout(FileKind.STATEMENT, encoding="latin-1", columns=files.STATEMENT.columns[3:])
    assert {p.code for p in exc.value.problems} == {BankError.LAYOUT_INVALID, BankError.LAYOUT_COLUMN_MISSING}
    tiny = UploadLimits(max_bytes=10_000, max_rows=2, max_columns=30, max_problems=5)
    over = files.read(files.write([LINE] * 3, files.STATEMENT), files.STATEMENT, limits=tiny)
    assert [p.code for p in over.problems] == [ErrorCode.SHEET_TOO_MANY_ROWS.value] and list(over.rows()) == []
    assert files.read(b"", files.STATEMENT).problems[0].code == BankError.FILE_EMPTY
