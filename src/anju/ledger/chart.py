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
