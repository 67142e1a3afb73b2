"""Reading uploaded tables within limits: a sheet's declared size is not trusted, the limits are refused in Chinese."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import Workbook

from anju.core.errors import ErrorCode, Problem
from anju.core.sheets import (
    FileTooLarge,
    UploadLimits,
    _xlsx_sheets,
    cap_problems,
    read_table,
)

LIMITS = UploadLimits(max_bytes=1_000_000, max_rows=50, max_columns=8, max_problems=5)


def _xlsx(rows: list[list], *, dimension: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "汇缴清册"
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    if dimension is None:
        return buf.getvalue()
    # Rewrite the sheet's <dimension> the way a crafted file does: it claims the whole grid.
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index("<dimension ref=\"") + len("<dimension ref=\"")
                end = text.index("\"", start)
                data = (text[:start] + dimension + text[end:]).encode()
                assert f'<dimension ref="{dimension}"' in data.decode()
            z.writestr(item, data)
    return out.getvalue()


HEADER = ["姓名", "证件号码", "金额"]


class TestDeclaredDimension:
    def test_a_sheet_claiming_the_whole_grid_is_read_as_the_rows_it_holds(self):
        data = _xlsx([HEADER, ["张三", "1", 10], ["李四", "2", 20]], dimension="A1:XFD1048576")
        assert len(data) < 10_000
        ((_, raw),) = _xlsx_sheets(data, LIMITS)
        read = list(raw)
        assert len(read) == 3  # not 1,048,576
        assert all(len(cells) <= LIMITS.max_columns + 1 for _, cells in read)  # not 16,384 wide
        table = read_table(data, "x.xlsx", required=HEADER, limits=LIMITS)
        assert [cells["姓名"] for _, cells in table.rows()] == ["张三", "李四"]

    def test_the_reader_stops_one_row_past_a_tiny_limit(self):
        tiny = UploadLimits(max_bytes=1_000_000, max_rows=3, max_columns=8, max_problems=5)
        rows = [HEADER] + [[f"职工{i}", str(i), i] for i in range(1, 40)]
        data = _xlsx(rows, dimension="A1:XFD1048576")
        ((_, raw),) = _xlsx_sheets(data, tiny)
        assert len(list(raw)) == tiny.max_rows + 1  # 4 rows read of 40 in the file
        table = read_table(data, "x.xlsx", required=HEADER, limits=tiny).load()
        assert list(table.rows()) == []
        (problem,) = table.problems
        assert problem.code == ErrorCode.SHEET_TOO_MANY_ROWS
        assert "行数上限3行" in problem.message and "第4行起未读取" in problem.message  # names the limit


class TestLimits:
    @pytest.mark.parametrize("kind", ["xlsx", "csv"])
    def test_too_many_rows_are_refused_naming_the_limit(self, kind):
        rows = [HEADER] + [[f"职工{i}", str(i), i] for i in range(1, 60)]
        if kind == "xlsx":
            data = _xlsx(rows)
        else:
            buf = io.StringIO()
            csv.writer(buf).writerows(rows)
            data = buf.getvalue().encode()
        table = read_table(data, f"x.{kind}", required=HEADER, limits=LIMITS)
        assert table.problems == []  # the header was found; the limit is met while reading the rows
        with pytest.raises(FileTooLarge) as exc:
            list(table.rows())
        assert exc.value.problems[0].code == ErrorCode.SHEET_TOO_MANY_ROWS
        assert "文件超过行数上限50行" in exc.value.problems[0].message

    def test_too_many_columns_are_refused_naming_the_limit(self):
        wide = HEADER + [f"列{i}" for i in range(10)]
        table = read_table(_xlsx([wide, ["张三", "1", 10] + ["x"] * 10]), "x.xlsx", required=HEADER,
                           limits=LIMITS).load()
        (problem,) = table.problems
        assert problem.code == ErrorCode.SHEET_TOO_MANY_COLUMNS and problem.row == 1
        assert "列数上限8列" in problem.message

    def test_a_file_over_the_byte_limit_is_not_opened(self):
        small = UploadLimits(max_bytes=100, max_rows=50, max_columns=8, max_problems=5)
        table = read_table(b"x" * 101, "big.csv", required=HEADER, limits=small)
        (problem,) = table.problems
        assert problem.code == ErrorCode.SHEET_TOO_BIG and "超过大小上限100字节" in problem.message

    def test_problems_beyond_the_cap_are_summarised(self):
        problems = [Problem(f"错误{i}", row=i) for i in range(12)]
        shown = cap_problems(problems, 5)
        assert [p.message for p in shown[:5]] == [f"错误{i}" for i in range(5)]
        assert shown[-1].code == ErrorCode.SHEET_MORE_PROBLEMS and len(shown) == 6
        assert shown[-1].message == "……另有7处错误"
        assert cap_problems(problems[:5], 5) == problems[:5]


class TestBudgetWorkbook:
    def test_a_budget_workbook_with_a_far_cell_is_refused_before_any_row_is_walked(self):
        from anju.budget.service import open_book

        wb = Workbook()
        wb.active["A1"] = "项目"
        wb.active["XFD1048576"] = "x"  # walking its rows would visit 17 billion coordinates
        buf = io.BytesIO()
        wb.save(buf)
        with pytest.raises(FileTooLarge) as exc:
            open_book(buf.getvalue(), "预算.xlsx", LIMITS)
        assert "超过行数上限50行" in exc.value.problems[0].message
        small = UploadLimits(max_bytes=100, max_rows=50, max_columns=8, max_problems=5)
        with pytest.raises(FileTooLarge) as exc:
            open_book(buf.getvalue(), "预算.xlsx", small)
        assert "超过大小上限100字节" in exc.value.problems[0].message
