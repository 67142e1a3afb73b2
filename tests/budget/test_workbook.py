"""The import template and its parser: a year written out reads back the same; every problem is reported."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from anju.budget.codes import STANDARD_ECONOMIC, STANDARD_FUNCTIONAL
from anju.budget.demo import demo_years
from anju.budget.perf_table import read_indicator_workbook, template_workbook
from anju.budget.workbook import FACT_SHEETS, Book, build_workbook, parse_year_workbook
from anju.core.money import parse_wan

FUNCS = [c.code for c in STANDARD_FUNCTIONAL]
ECONS = [c.code for c in STANDARD_ECONOMIC]


def to_bytes(wb) -> bytes:
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def parse(content: bytes, year: int = 2025):
    return parse_year_workbook(Book(content), year=year, func_codes=FUNCS, econ_codes=ECONS)


@pytest.fixture
def year():
    return demo_years(2025, "示例市住房公积金管理中心")[1]


class TestTemplate:
    def test_the_empty_template_documents_every_sheet(self):
        wb = build_workbook(STANDARD_FUNCTIONAL, STANDARD_ECONOMIC)
        assert wb.sheetnames == ["填表说明", "基本情况", "收入", "预算", "支出", "结转结余", "三公经费", "政府采购",
                                 "国有资产", "科目代码"]
        readme = "\n".join(str(c.value) for c in wb["填表说明"]["A"] if c.value)
        for name in wb.sheetnames[1:]:
            assert f"{name}：" in readme
        assert wb["支出"]["F1"].value == "经济分类科目编码"

    def test_an_empty_template_reads_as_an_empty_year_needing_a_name(self):
        data, problems = parse(to_bytes(build_workbook(STANDARD_FUNCTIONAL, STANDARD_ECONOMIC)))
        assert [str(p) for p in problems] == ["“基本情况·部门名称”：缺少部门名称"]
        assert data.spend == () and data.income == ()

    def test_a_year_written_out_reads_back_identically(self, year):
        data, problems = parse(to_bytes(build_workbook(STANDARD_FUNCTIONAL, STANDARD_ECONOMIC, year)))
        assert problems == []
        assert data.dept_name == year.dept_name
        assert set(data.spend) == set(year.spend) and set(data.income) == set(year.income)
        assert set(data.plan) == set(year.plan) and set(data.carry) == set(year.carry)
        assert {k: v for k, v in data.facts.items() if v} == {k: v for k, v in year.facts.items() if v}

    def test_amounts_exact_to_the_fen_survive(self, year):
        wb = build_workbook(STANDARD_FUNCTIONAL, STANDARD_ECONOMIC, year)
        ws = wb["支出"]
        ws.cell(2, 8, 96.123456)  # typed as a number: read through its shortest decimal text
        data, problems = parse(to_bytes(wb))
        assert problems == []
        assert any(x.amount == 96_123_456 for x in data.spend)


class TestProblems:
    def test_every_problem_is_reported_with_sheet_row_and_column(self, year):
        wb = build_workbook(STANDARD_FUNCTIONAL, STANDARD_ECONOMIC, year)
        spend = wb["支出"]
        spend.cell(2, 1, "2089999")  # unknown code
        spend.cell(3, 3, "自有资金")  # unknown fund source
        spend.cell(4, 6, "301")  # a 类 where a 款 is required
        spend.cell(5, 8, "12.3456789")  # finer than a fen
        spend.cell(6, 8, -1)  # negative
        spend.cell(7, 5, "某项目")  # project name on basic expenditure
        spend.cell(8, 8, "=H2+H3")  # a formula nobody computed
        plan = wb["预算"]
        plan.cell(2, 8, 1)  # full-year budget not equal to initial + adjustment
        wb["三公经费"].cell(6, 2, 5)  # 国内接待费 has no budget columns
        wb["国有资产"].cell(3, 2, 1.5)  # not a whole number
        wb["基本情况"].cell(9, 2, "也许")  # 是/否
        del wb["结转结余"]
        data, problems = parse(to_bytes(wb))
        where = {(p.field, p.row) for p in problems}
        assert ("支出·功能分类科目编码", 2) in where
        assert ("支出·资金来源", 3) in where
        assert ("支出·经济分类科目编码", 4) in where
        assert ("支出·决算数", 5) in where and ("支出·决算数", 6) in where
        assert ("支出·项目名称", 7) in where
        assert ("支出·决算数", 8) in where
        assert ("预算·全年预算数", 2) in where
        assert ("三公经费·年初预算数", 6) in where
        assert ("国有资产·数量", 3) in where
        assert ("基本情况·数值", 9) in where
        assert ("结转结余", None) in where
        assert len(problems) == 12
        messages = " ".join(str(p) for p in problems)
        assert "六位小数" in messages and "没有计算结果" in messages and "不在科目代码表中" in messages

    def test_duplicates_and_missing_columns(self, year):
        wb = build_workbook(STANDARD_FUNCTIONAL, STANDARD_ECONOMIC, year)
        income = wb["收入"]
        income.append([cell.value for cell in income[2]])
        wb["结转结余"].cell(1, 4, "期初")
        _, problems = parse(to_bytes(wb))
        texts = [str(p) for p in problems]
        assert any("与第2行重复" in t for t in texts)
        assert any("结转结余·年初结转和结余" in t and "缺少此列" in t for t in texts)

    def test_fact_sheets_list_every_fact_once(self):
        keys = [k for fs in FACT_SHEETS for _, row in fs.rows for k in row if k]
        assert len(keys) == len(set(keys))
        assert parse_wan("0") == 0


class TestIndicatorTables:
    def test_the_template_reads_as_empty(self):
        rows, problems = read_indicator_workbook(Book(to_bytes(template_workbook())))
        assert rows == [] and "没有任何指标行" in str(problems[0])

    def test_problems_in_an_indicator_table(self):
        wb = template_workbook()
        ws = wb["绩效指标"]
        ws.append(["产出", "数量", "新增单位", "≥300", "314", "五", None, None, "猜", "业务指标", "bogus"])
        ws.append(["产出", "数量", "", "≥300", "314", 5])
        rows, problems = read_indicator_workbook(Book(to_bytes(wb)))
        assert {(p.field, p.row) for p in problems} == {("分值", 2), ("指标代码", 2), ("计分方式", 2), ("三级指标", 3)}

    def test_a_header_may_sit_below_a_title_and_use_the_seed_column_names(self):
        wb = template_workbook()
        ws = wb["绩效指标"]
        ws.insert_rows(1)
        ws["A1"] = "部门整体支出绩效自评表"
        ws["D2"] = "年度指标值"
        ws.append(["产出", "数量", "新增单位", "≥300个", "314个", 5])
        rows, problems = read_indicator_workbook(Book(to_bytes(wb)))
        assert problems == [] and rows[0].indicator.target == "≥300个" and rows[0].indicator.row == 3

    def test_load_workbook_sanity(self):
        wb = load_workbook(BytesIO(to_bytes(template_workbook())))
        assert "业务指标代码" in wb.sheetnames
