"""The ten public tables, their cross-checks, budget execution and the explanatory wording (pure)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from anju.budget.codes import CLASSES, STANDARD_ECONOMIC, STANDARD_FUNCTIONAL, class_ordinal, functional_level
from anju.budget.demo import demo_texts, demo_years
from anju.budget.narrative import Para, change, final_accounts_blocks
from anju.budget.render import place
from anju.budget.rules import (
    CarryLine,
    ExpenditureKind,
    FundSource,
    IncomeLine,
    IncomeSource,
    PlanLine,
    SpendLine,
    YearData,
    execution,
    format_percent,
)
from anju.budget.statements import Amount, build, cross_checks
from anju.core.money import parse_wan

NAMES = {c.code: c.name for c in STANDARD_FUNCTIONAL}
ECON = {c.code: c.name for c in STANDARD_ECONOMIC}
DESC = {c.code: c.description for c in STANDARD_FUNCTIONAL if c.description}
DEPT = "示例市住房公积金管理中心"


def named(d: YearData) -> YearData:
    return replace(d, func_names=NAMES, econ_names=ECON, func_descriptions=DESC)


@pytest.fixture
def years():
    prev, cur = demo_years(2025, DEPT)
    return named(prev), named(cur)


def cells(statement):
    """{(row, col): cell} of the body."""
    return {(r, c): cell for r, c, cell in place(statement.body)}


def row_of(statement, label):
    for r, _, cell in place(statement.body):
        if cell.value == label:
            return [x for (rr, _), x in sorted(cells(statement).items()) if rr == r]
    raise KeyError(label)


def wan(fen_cell):
    return str(fen_cell.value) if isinstance(fen_cell.value, Amount) else fen_cell.value


class TestCodes:
    def test_seeded_codes_cover_the_seed_documents(self):
        for code in ("2080505", "2080506", "2101102", "2101103", "2101199", "2129999", "2210201"):
            assert code in NAMES and functional_level(code) == 3
        for code in ("30101", "30217", "30231", "31013", "31007", "39999"):
            assert code in ECON
        assert len(CLASSES) == 26 and class_ordinal("208") == "八" and class_ordinal("221") == "十九"

    def test_every_code_has_its_parent(self):
        for code in NAMES:
            if len(code) > 3:
                assert code[:len(code) - 2] in NAMES
        for code in ECON:
            if len(code) == 5:
                assert code[:3] in ECON


class TestLayouts:
    def test_ten_tables_each_row_fills_the_grid(self, years):
        accounts = build(years[1])
        assert [s.code for s in accounts.statements] == [f"公开{i:02d}表" for i in range(1, 11)]
        for st in accounts.statements:
            for part in (st.header, st.body):
                taken = {}
                for r, c, cell in place(part):
                    assert c + cell.span <= st.ncols, (st.code, r, c)
                    for dc in range(cell.span):
                        for dr in range(cell.rowspan):
                            assert (r + dr, c + dc) not in taken
                            taken[(r + dr, c + dc)] = True
                assert len(taken) == len(part) * st.ncols, st.code

    def test_table_01_rows_and_totals(self, years):
        st = build(years[1]).statement("01")
        first = row_of(st, "一、一般公共预算财政拨款收入")
        assert first[1].value == "1" and wan(first[2]) == "2,077.16"
        assert first[3].value == "一、一般公共服务支出" and first[4].value == "32"
        city = row_of(st, "十一、城乡社区支出")
        assert wan(city[-1]) == "1,829.84"
        total = row_of(st, "本年收入合计")
        assert total[1].value == "27" and wan(total[2]) == "2,083.02" and wan(total[5]) == "2,088.51"
        assert total[4].value == "58"
        grand = [r for r in st.body if r[0].value == "总计"][0]
        assert wan(grand[2]) == wan(grand[5]) == "2,142.97"

    def test_table_02_and_03_by_functional_code(self, years):
        acc = build(years[1])
        t02 = acc.statement("02")
        assert [c.value for c in t02.body[1][:2]] == ["208", "社会保障和就业支出"]
        assert wan(row_of(t02, "2129999")[2]) == "1,824.35"  # 1,818.49 fiscal + 5.86 other income
        t03 = acc.statement("03")
        proj = row_of(t03, "2129999")
        assert (wan(proj[2]), wan(proj[3]), wan(proj[4])) == ("1,829.84", "1,649.34", "180.50")

    def test_table_06_splits_personnel_and_public_expenses(self, years):
        acc = build(years[1])
        f = acc.figures
        assert (f["06.personnel"], f["06.public"]) == (parse_wan("952.39"), parse_wan("944.27"))
        last = acc.statement("06").body[-1]
        assert last[0].value == "人员经费合计" and wan(last[1]) == "952.39" and wan(last[3]) == "944.27"
        codes = [c.value for c in acc.statement("06").body[0]]
        assert codes[0] == "301" and codes[3] == "302" and codes[6] == "307"

    def test_table_09_three_public_expenses(self, years):
        st = build(years[1]).statement("09")
        reception = row_of(st, "3.公务接待费")
        assert [wan(c) for c in reception[2:]] == ["1.00", "1.00", "0.42"]
        assert row_of(st, "（1）国内接待费")[2].value == "---"
        assert row_of(st, "5.国内公务接待批次（个）")[-1].value == 3

    def test_table_10_assets(self, years):
        data = replace(years[1], facts={**years[1].facts, "asset.vehicle.enforcement": 2, "asset.vehicle.other": 1,
                                        "asset.equipment_1m": 1})
        st = build(data).statement("10")
        assert st.body[0][2].value == 3 and st.body[-1][2].value == 1


class TestCrossChecks:
    def test_the_demo_years_pass_every_check(self, years):
        for data in years:
            assert [c.code for c in cross_checks(data) if not c.ok] == []

    def test_unbalanced_carry_over_fails_the_balance(self, years):
        cur = years[1]
        broken = replace(cur, carry=(CarryLine("2129999", FundSource.OTHER, cur.carry_in(), cur.carry_out() + 10_000),))
        failed = {c.code: c for c in cross_checks(broken) if not c.ok}
        assert set(failed) == {"t01_balance"}
        assert "差额-0.01万元" in failed["t01_balance"].details[0]

    def test_fiscal_income_not_matching_spending_fails_table_04(self, years):
        cur = years[1]
        income = tuple(x if x.func_code != "2210201" else replace(x, amount=x.amount + parse_wan("1.00"))
                       for x in cur.income)
        failed = {c.code for c in cross_checks(replace(cur, income=income)) if not c.ok}
        assert {"t04_balance", "t01_balance"} <= failed

    def test_three_public_figures_are_compared_with_the_economic_detail(self, years):
        cur = years[1]
        data = replace(cur, facts={**cur.facts, "tp.reception_domestic.actual": parse_wan("0.50")})
        result = {c.code: c for c in cross_checks(data)}["t09_econ"]
        assert not result.ok and result.severity == "warning" and "30217" in result.details[0]

    def test_procurement_shares_are_bounded(self, years):
        cur = years[1]
        data = replace(cur, facts={**cur.facts, "proc.sme_goods": parse_wan("200")})
        result = {c.code: c for c in cross_checks(data)}["procurement"]
        assert not result.ok and len(result.details) == 2

    def test_government_fund_lines_balance_by_code(self):
        g = FundSource.GOV_FUND
        data = named(YearData(2025, DEPT, income=(IncomeLine("2129999", IncomeSource.GOV_FUND, 100),),
                              spend=(SpendLine("2129999", g, ExpenditureKind.PROJECT, "某项目", "31007", 80),),
                              carry=(CarryLine("2129999", g, 0, 30),)))
        failed = {c.code: c for c in cross_checks(data) if not c.ok}
        assert "t07_codes" in failed and "t04_balance" in failed
        ok = replace(data, carry=(CarryLine("2129999", g, 10, 30),))
        assert [c.code for c in cross_checks(ok) if not c.ok] == []
        acc = build(ok)
        assert acc.figures["07.income"] == 100 and acc.figures["07.project"] == 80

    def test_a_class_outside_the_standard_list_is_caught(self, years):
        cur = years[1]
        odd = replace(cur, spend=(*cur.spend, SpendLine("2279999", FundSource.OTHER, ExpenditureKind.BASIC, "",
                                                       "30299", 1)))
        assert "t01_t03" in {c.code for c in cross_checks(odd) if not c.ok}


class TestExecution:
    def test_seed_003_execution_rate(self):
        # 全年预算数 1764.12, 全年执行数 1403.23 → 79.54%
        data = YearData(2024, "怀化", plan=(PlanLine("2129999", FundSource.GENERAL, ExpenditureKind.BASIC, "",
                                                     parse_wan("3550.44"), parse_wan("-1786.32")),),
                        spend=(SpendLine("2129999", FundSource.GENERAL, ExpenditureKind.BASIC, "", "30299",
                                         parse_wan("1403.23")),))
        total = execution(data)[0]
        assert total.full == parse_wan("1764.12") and format_percent(total.rate) == "79.54%"

    def test_only_the_budgeted_funds_are_compared(self, years):
        rows = execution(years[1])
        assert [r.label for r in rows] == ["预算总金额", "基本支出", "项目支出", "住房公积金信息系统升级改造"]
        assert rows[0].actual == years[1].spend_total(fund=[FundSource.GENERAL])
        assert format_percent(rows[3].rate) == "95.00%"

    def test_no_budget_no_rate(self):
        assert execution(YearData(2025, DEPT))[0].rate is None


class TestWording:
    @pytest.mark.parametrize(("cur", "prev", "text"), [
        ("1976.02", "1908.26", "比上年增加67.76万元，增长3.55%"),
        ("63.31", "168.61", "比上年减少105.30万元，下降62.45%"),  # seed 004's carry-in sentence
        ("0", "0", "与上年持平"),
        ("59.98", "0", "比上年增加59.98万元"),
    ])
    def test_year_on_year_change(self, cur, prev, text):
        assert change(parse_wan(cur), parse_wan(prev)) == text
        assert change(parse_wan(cur), None) == ""

    def test_final_accounts_sections(self, years):
        prev, cur = years
        blocks = final_accounts_blocks(cur, prev, build(cur), cross_checks(cur), demo_texts(2025, DEPT))
        text = "\n".join(b.text for b in blocks if isinstance(b, Para))
        assert "本部门2025年度收入总计2142.97万元" in text
        assert "本年收入合计2083.02万元，比上年增加107.22万元，增长5.43%，主要原因：在职人员工资正常晋升" in text
        assert "（十一）城乡社区支出（类）年初预算数1860.00万元，决算数1818.49万元，完成年初预算的97.77%" in text
        assert "（一）工资福利支出880.64万元，比上年增加23.22万元，增长2.71%" in text
        assert "政府采购支出总额573.35万元" in text and "占政府采购支出总额的90.76%" in text
        assert "故无机关运行经费支出" in text
        assert "发布前检查未通过" not in text

    def test_failed_checks_head_the_document(self, years):
        cur = years[1]
        broken = replace(cur, carry=())
        blocks = final_accounts_blocks(broken, None, build(broken), cross_checks(broken), {})
        texts = [b.text for b in blocks if hasattr(b, "text")]
        assert texts[1] == "发布前检查未通过" and any("收支平衡" in t for t in texts[:6])

    def test_no_previous_year_means_no_comparison(self, years):
        cur = years[1]
        text = "\n".join(b.text for b in final_accounts_blocks(cur, None, build(cur), [], {}) if isinstance(b, Para))
        assert "比上年" not in text and "（待填写）" in text


def test_amount_cells_show_wan_with_two_decimals():
    assert str(Amount(parse_wan("1969.84"))) == "1,969.84"
    assert str(Amount(4_999)) == "0.00" and D(0) == 0
