"""The three statutory statements of the fund (财会字〔1999〕33号; row numbers 行次 as H prints them), as data: each
line names the accounts it adds (the account's balance in its normal direction, with a sign) or the rows it sums.
A centre whose finance bureau prints other rows changes this table only; the checks read it too."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LineDef:
    row: int  # 行次
    label: str
    # (account code, +1 / −1): the balance (or movement) of the code and its sub-accounts in its normal direction
    accounts: tuple[tuple[str, int], ...] = ()
    sums: tuple[tuple[int, int], ...] = ()  # (row, +1 / −1): a total of other rows
    indent: int = 0
    bold: bool = False


def _a(row: int, label: str, *codes: str, indent: int = 1) -> LineDef:
    return LineDef(row, label, tuple((c.lstrip("-"), -1 if c.startswith("-") else 1) for c in codes), indent=indent)


def _t(row: int, label: str, *rows: int) -> LineDef:
    return LineDef(row, label, sums=tuple((abs(r), -1 if r < 0 else 1) for r in rows), bold=True)


# 资产负债表 (住房会01表): assets left, liabilities and net assets right; balances at the year's start and the end.
ASSETS: tuple[LineDef, ...] = (
    _a(1, "住房公积金存款", "101"),
    _a(2, "增值收益存款", "102"),
    _a(5, "应收利息", "111"),
    _a(7, "其他应收款", "119"),
    _a(8, "委托贷款", "121"),
    _a(9, "逾期贷款", "122"),
    _a(12, "国家债券", "124"),
    _t(15, "资产合计", 1, 2, 5, 7, 8, 9, 12),
)
LIABILITIES: tuple[LineDef, ...] = (
    _a(16, "住房公积金", "201"),
    _a(19, "应付利息", "211"),
    _a(21, "其他应付款", "219"),
    _a(22, "专项应付款", "21401"),
    _a(23, "城市廉租住房（公共租赁住房）建设补充资金", "21402"),
    _t(26, "负债合计", 16, 19, 21, 22, 23),
    _a(27, "贷款风险准备", "301"),
    # before the year-end close the year's income and expenses are still open: they belong to 待分配增值收益
    _a(28, "待分配增值收益", "311", "321", "401", "-411"),
    _t(29, "净资产合计", 27, 28),
    _t(30, "负债和净资产合计", 26, 29),
)
TOTAL_ASSETS, TOTAL_CLAIMS, UNDISTRIBUTED = 15, 30, 28

# 增值收益表 (住房会02表): movements of the period, without the year-end closing voucher.
INCOME: tuple[LineDef, ...] = (
    _t(1, "一、业务收入", 2, 3, 4, 5, 6),
    _a(2, "住房公积金利息收入", "40101", indent=2),
    _a(3, "增值收益利息收入", "40102", indent=2),
    _a(4, "委托贷款利息收入", "40103", indent=2),
    _a(5, "国家债券利息收入", "40104", indent=2),
    _a(6, "其他收入", "40105", indent=2),
    _t(7, "二、业务支出", 8, 9, 10, 11),
    _a(8, "住房公积金利息支出", "41101", indent=2),
    _a(9, "归集手续费支出", "41102", indent=2),
    _a(10, "委托贷款手续费支出", "41103", indent=2),
    _a(11, "其他支出", "41104", indent=2),
    _t(12, "三、增值收益", 1, -7),
)
GAIN_ROW, INCOME_ROW, EXPENSE_ROW = 12, 1, 7
CLOSING_KINDS = ("yearend.close_income",)  # vouchers that close 401/411 into 311: not the year's income

# 增值收益分配表 (住房会03表): the year's gain, what was brought forward, what was provided (debits of 321xx).
DISTRIBUTION_SOURCES = {"gain": 1, "opening": 2}
DISTRIBUTION: tuple[LineDef, ...] = (
    LineDef(1, "本年增值收益"),  # = 增值收益表 row 12 (year to date)
    LineDef(2, "加：年初待分配增值收益"),  # = 资产负债表 row 28 年初数
    _t(3, "可供分配的增值收益", 1, 2),
    _a(4, "减：提取贷款风险准备金", "32101"),
    _a(5, "减：提取管理费用", "32102"),
    _a(6, "减：提取城市廉租住房（公共租赁住房）建设补充资金", "32103"),
    _t(7, "年末待分配增值收益", 3, -4, -5, -6),
)
PROVISIONS = (4, 5, 6)
CLOSING_ROW = 7
