"""The national chart of accounts for housing provident fund accounting (财会字〔1999〕33号)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AccountClass(StrEnum):
    ASSET = "asset"
    LIABILITY = "liability"
    NET_ASSETS = "net_assets"
    INCOME = "income"
    EXPENSE = "expense"

    @property
    def label(self) -> str:
        return {"asset": "资产类", "liability": "负债类", "net_assets": "净资产类",
                "income": "收入类", "expense": "支出类"}[self.value]

    @property
    def debit_normal(self) -> bool:
        return self in (AccountClass.ASSET, AccountClass.EXPENSE)


@dataclass(frozen=True)
class ChartAccount:
    code: str
    name: str
    cls: AccountClass
    parent: str | None = None


A, L, N, INC, E = (AccountClass.ASSET, AccountClass.LIABILITY, AccountClass.NET_ASSETS,
                 AccountClass.INCOME, AccountClass.EXPENSE)

# Accounts whose sub-accounts are opened per entrusted bank (101xx, 102xx).
PER_BANK_PARENTS = ("101", "102")

NATIONAL_CHART: tuple[ChartAccount, ...] = (
    ChartAccount("101", "住房公积金存款", A),
    ChartAccount("102", "增值收益存款", A),
    ChartAccount("111", "应收利息", A),
    ChartAccount("119", "其他应收款", A),
    ChartAccount("121", "委托贷款", A),
    ChartAccount("122", "逾期贷款", A),
    ChartAccount("124", "国家债券", A),
    ChartAccount("201", "住房公积金", L),
    ChartAccount("211", "应付利息", L),
    ChartAccount("214", "专项应付款", L),
    ChartAccount("21401", "其他专项应付款", L, "214"),
    ChartAccount("21402", "城市廉租住房（公共租赁住房）建设补充资金", L, "214"),
    ChartAccount("219", "其他应付款", L),
    ChartAccount("301", "贷款风险准备", N),
    ChartAccount("311", "增值收益", N),
    ChartAccount("321", "增值收益分配", N),
    ChartAccount("32101", "提取贷款风险准备", N, "321"),
    ChartAccount("32102", "提取管理费用", N, "321"),
    ChartAccount("32103", "提取城市廉租住房（公共租赁住房）建设补充资金", N, "321"),
    ChartAccount("32104", "待分配增值收益", N, "321"),
    ChartAccount("401", "业务收入", INC),
    ChartAccount("40101", "住房公积金存款利息收入", INC, "401"),
    ChartAccount("40102", "增值收益存款利息收入", INC, "401"),
    ChartAccount("40103", "委托贷款利息收入", INC, "401"),
    ChartAccount("40104", "国家债券利息收入", INC, "401"),
    ChartAccount("40105", "其他收入", INC, "401"),
    ChartAccount("411", "业务支出", E),
    ChartAccount("41101", "住房公积金利息支出", E, "411"),
    ChartAccount("41102", "归集手续费支出", E, "411"),
    ChartAccount("41103", "委托贷款手续费支出", E, "411"),
    ChartAccount("41104", "其他支出", E, "411"),
)


def bank_subaccount(parent: str, bank_code: str) -> str:
    """Sub-account of 101/102 for one entrusted bank: 101 + two-digit bank code."""
    if parent not in PER_BANK_PARENTS:
        raise ValueError(f"{parent} has no per-bank sub-accounts")
    if len(bank_code) != 2 or not bank_code.isdigit():
        raise ValueError(f"bank code must be two digits: {bank_code!r}")
    return parent + bank_code


# ------------------------------------------------------------------ account books (账套)

@dataclass(frozen=True)
class Book:
    """An account book: its own chart, voucher numbers (``prefix``-YYYYMM-NNNNN) and periods."""

    code: str
    name: str
    prefix: str
    chart: tuple[ChartAccount, ...]


# The residential maintenance fund (住宅专项维修资金): owners' money, its own books and 专户, never mixed with the
# provident fund's [DK account names, hpf-reference-2 §6a]. Codes start with "M" so that no code of one book is
# a prefix of another's (balances read an account with its sub-accounts by prefix).
MAINTFUND_CHART: tuple[ChartAccount, ...] = (
    ChartAccount("M1002", "维修资金专户存款", A),
    ChartAccount("M1131", "应收开发建设单位维修资金", A),
    ChartAccount("M1132", "应收业主分摊款", A),
    ChartAccount("M1201", "维修项目暂付款", A),
    ChartAccount("M2001", "住宅专项维修资金", L),
    ChartAccount("M200101", "分户维修资金", L, "M2001"),
    ChartAccount("M200102", "公共维修资金", L, "M2001"),
    ChartAccount("M2101", "应付维修工程款（含质量保证金）", L),
    ChartAccount("M2201", "应付管理费用", L),
    ChartAccount("M4101", "维修资金增值收益", INC),
    ChartAccount("M4102", "共用部位经营收益", INC),
)

HPF_BOOK = Book("hpf", "住房公积金", "记", NATIONAL_CHART)
MAINTFUND_BOOK = Book("mf", "住宅专项维修资金", "维", MAINTFUND_CHART)
BOOKS: dict[str, Book] = {b.code: b for b in (HPF_BOOK, MAINTFUND_BOOK)}


def voucher_label(book: str, period: int, number: int) -> str:
    """记-202607-00012 (the provident fund), 维-202607-00003 (the maintenance fund)."""
    b = BOOKS.get(book)
    return f"{b.prefix if b else book}-{period}-{number:05d}"
