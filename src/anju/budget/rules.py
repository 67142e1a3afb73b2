"""The budget year as values: income, budget, expenditure and carry-over lines, the yearly facts (staffing,
“三公”, procurement, assets), budget execution, and the problems an input can have. Pure: no database, no clock."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from anju.budget.codes import parent_of


class FundSource(StrEnum):
    """资金来源 of an expenditure, a budget line or a carry-over."""

    GENERAL = "general"  # 一般公共预算财政拨款
    GOV_FUND = "gov_fund"  # 政府性基金预算财政拨款
    SOE = "soe"  # 国有资本经营预算财政拨款
    OTHER = "other"  # 其他资金 (everything that is not a 财政拨款)

    @property
    def label(self) -> str:
        return FUND_LABELS[self]

    @property
    def is_fiscal(self) -> bool:
        return self is not FundSource.OTHER


FUND_LABELS = {
    FundSource.GENERAL: "一般公共预算财政拨款",
    FundSource.GOV_FUND: "政府性基金预算财政拨款",
    FundSource.SOE: "国有资本经营预算财政拨款",
    FundSource.OTHER: "其他资金",
}
FISCAL_FUNDS = (FundSource.GENERAL, FundSource.GOV_FUND, FundSource.SOE)


class IncomeSource(StrEnum):
    """收入来源: the columns of 公开02表 (the three 财政拨款 kinds kept apart for 公开04表)."""

    GENERAL = "general"
    GOV_FUND = "gov_fund"
    SOE = "soe"
    SUPERIOR = "superior"
    BUSINESS = "business"
    OPERATING = "operating"
    AFFILIATE = "affiliate"
    OTHER = "other"

    @property
    def label(self) -> str:
        return INCOME_LABELS[self]

    @property
    def fund(self) -> FundSource:
        return {IncomeSource.GENERAL: FundSource.GENERAL, IncomeSource.GOV_FUND: FundSource.GOV_FUND,
                IncomeSource.SOE: FundSource.SOE}.get(self, FundSource.OTHER)


INCOME_LABELS = {
    IncomeSource.GENERAL: "一般公共预算财政拨款收入",
    IncomeSource.GOV_FUND: "政府性基金预算财政拨款收入",
    IncomeSource.SOE: "国有资本经营预算财政拨款收入",
    IncomeSource.SUPERIOR: "上级补助收入",
    IncomeSource.BUSINESS: "事业收入",
    IncomeSource.OPERATING: "经营收入",
    IncomeSource.AFFILIATE: "附属单位上缴收入",
    IncomeSource.OTHER: "其他收入",
}


class ExpenditureKind(StrEnum):
    """支出性质: the columns of 公开03表."""

    BASIC = "basic"
    PROJECT = "project"
    REMIT = "remit"
    OPERATING = "operating"
    SUBSIDY = "subsidy"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    ExpenditureKind.BASIC: "基本支出",
    ExpenditureKind.PROJECT: "项目支出",
    ExpenditureKind.REMIT: "上缴上级支出",
    ExpenditureKind.OPERATING: "经营支出",
    ExpenditureKind.SUBSIDY: "对附属单位补助支出",
}


def by_label(enum_cls, text: str):
    """The member whose Chinese label is ``text`` (also accepting the code name), or None."""
    cleaned = (text or "").strip()
    for member in enum_cls:
        if cleaned in (member.label, member.value):
            return member
    if enum_cls is FundSource and cleaned in ("非财政拨款资金", "其他收入", "其他"):
        return FundSource.OTHER
    if enum_cls is FundSource and cleaned.endswith("收入"):
        return by_label(enum_cls, cleaned[:-2])
    return None


# ---------------------------------------------------------------- lines


@dataclass(frozen=True)
class IncomeLine:
    func_code: str
    source: IncomeSource
    amount: int  # fen


@dataclass(frozen=True)
class PlanLine:
    """A budget line: year-start budget and in-year adjustment; the full-year budget is their sum."""

    func_code: str
    fund: FundSource
    kind: ExpenditureKind
    project: str
    initial: int
    adjustment: int

    @property
    def full(self) -> int:
        return self.initial + self.adjustment


@dataclass(frozen=True)
class SpendLine:
    func_code: str
    fund: FundSource
    kind: ExpenditureKind
    project: str
    econ_code: str
    amount: int


@dataclass(frozen=True)
class CarryLine:
    func_code: str
    fund: FundSource
    carry_in: int
    carry_out: int


# ---------------------------------------------------------------- yearly facts


class Unit(StrEnum):
    WAN = "wan"  # an amount, entered and published in 万元, stored in fen
    COUNT = "count"  # people, vehicles, trips …
    FLAG = "flag"  # 是 / 否, stored as 1 / 0


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    unit: Unit


def _facts(*specs: tuple[str, str, Unit]) -> dict[str, Fact]:
    return {k: Fact(k, label, unit) for k, label, unit in specs}


W, N, F = Unit.WAN, Unit.COUNT, Unit.FLAG

FACTS: dict[str, Fact] = _facts(
    ("unit.count", "纳入部门决算汇编范围的单位数", N),
    ("staff.authorized", "编制数", N),
    ("staff.actual", "年末编制内实有人数", N),
    ("staff.other", "其他人员", N),
    ("staff.retired", "离退休人员", N),
    ("staff.retired_unit", "其中：单位发放离退休费的人员", N),
    ("staff.retired_pension", "其中：养老保险基金发放养老金的人员", N),
    ("unit.admin", "是否行政单位或参照公务员法管理的事业单位", F),
    ("cost.admin_running", "机关运行经费", W),
    ("surplus.used", "使用非财政拨款结余（含专用结余）", W),
    ("surplus.distributed", "结余分配", W),
    # “三公”经费 (财政拨款): budget at year start, full-year budget after adjustment, actual
    *[(f"tp.{item}.{col}", f"{label}（{col_label}）", W)
      for item, label in (("outbound", "因公出国（境）费"), ("vehicle_purchase", "公务用车购置费"),
                          ("vehicle_running", "公务用车运行维护费"))
      for col, col_label in (("initial", "年初预算数"), ("full", "全年预算数"), ("actual", "决算数"))],
    ("tp.reception.initial", "公务接待费（年初预算数）", W),
    ("tp.reception.full", "公务接待费（全年预算数）", W),
    ("tp.reception_domestic.actual", "国内接待费（决算数）", W),
    ("tp.reception_fa.actual", "其中：外事接待费（决算数）", W),
    ("tp.reception_abroad.actual", "国（境）外接待费（决算数）", W),
    ("tp.outbound_groups", "因公出国（境）团组数（个）", N),
    ("tp.outbound_persons", "因公出国（境）人次数（人）", N),
    ("tp.vehicles_bought", "公务用车购置数（辆）", N),
    ("tp.vehicles_held", "公务用车保有量（辆）", N),
    ("tp.domestic_batches", "国内公务接待批次（个）", N),
    ("tp.fa_batches", "其中：外事接待批次（个）", N),
    ("tp.domestic_persons", "国内公务接待人次（人）", N),
    ("tp.fa_persons", "其中：外事接待人次（人）", N),
    ("tp.abroad_batches", "国（境）外公务接待批次（个）", N),
    ("tp.abroad_persons", "国（境）外公务接待人次（人）", N),
    # 政府采购
    ("proc.goods", "政府采购货物支出", W),
    ("proc.works", "政府采购工程支出", W),
    ("proc.services", "政府采购服务支出", W),
    ("proc.sme", "授予中小企业合同金额", W),
    ("proc.small_micro", "其中：授予小微企业合同金额", W),
    ("proc.sme_goods", "货物采购授予中小企业合同金额", W),
    ("proc.sme_works", "工程采购授予中小企业合同金额", W),
    ("proc.sme_services", "服务采购授予中小企业合同金额", W),
    # 国有资产占用
    ("asset.vehicle.leader", "副部（省）级及以上领导用车", N),
    ("asset.vehicle.head", "主要负责人用车", N),
    ("asset.vehicle.confidential", "机要通信用车", N),
    ("asset.vehicle.emergency", "应急保障用车", N),
    ("asset.vehicle.enforcement", "执法执勤用车", N),
    ("asset.vehicle.special", "特种专业技术用车", N),
    ("asset.vehicle.retiree", "离退休干部服务用车", N),
    ("asset.vehicle.other", "其他用车", N),
    ("asset.equipment_1m", "单价100万元（含）以上设备（不含车辆）", N),
)

VEHICLE_KINDS = tuple(k for k in FACTS if k.startswith("asset.vehicle."))
THREE_PUBLIC_ITEMS = ("outbound", "vehicle_purchase", "vehicle_running")
THREE_PUBLIC_COLUMNS = ("initial", "full", "actual")


# ---------------------------------------------------------------- the year


@dataclass(frozen=True)
class YearData:
    year: int
    dept_name: str
    income: tuple[IncomeLine, ...] = ()
    plan: tuple[PlanLine, ...] = ()
    spend: tuple[SpendLine, ...] = ()
    carry: tuple[CarryLine, ...] = ()
    facts: Mapping[str, int] = field(default_factory=dict)
    func_names: Mapping[str, str] = field(default_factory=dict)
    econ_names: Mapping[str, str] = field(default_factory=dict)
    func_descriptions: Mapping[str, str] = field(default_factory=dict)

    def fact(self, key: str) -> int:
        if key not in FACTS:
            raise KeyError(key)
        return int(self.facts.get(key, 0))

    def func_name(self, code: str) -> str:
        return self.func_names.get(code, "")

    def econ_name(self, code: str) -> str:
        return self.econ_names.get(code, "")

    # --- the figures the explanations and the self-evaluation quote
    def income_total(self) -> int:
        return sum(x.amount for x in self.income)

    def income_of(self, *sources: IncomeSource) -> int:
        return sum(x.amount for x in self.income if x.source in sources)

    def spend_total(self, *, fund: Iterable[FundSource] | None = None, kind: ExpenditureKind | None = None,
                    econ_prefix: str = "") -> int:
        funds = None if fund is None else set(fund)
        return sum(x.amount for x in self.spend
                   if (funds is None or x.fund in funds) and (kind is None or x.kind is kind)
                   and x.econ_code.startswith(econ_prefix))

    def carry_in(self, fund: Iterable[FundSource] | None = None) -> int:
        funds = None if fund is None else set(fund)
        return sum(x.carry_in for x in self.carry if funds is None or x.fund in funds)

    def carry_out(self, fund: Iterable[FundSource] | None = None) -> int:
        funds = None if fund is None else set(fund)
        return sum(x.carry_out for x in self.carry if funds is None or x.fund in funds)

    def plan_initial(self, *, fund: Iterable[FundSource] | None = None, class_code: str = "") -> int:
        funds = None if fund is None else set(fund)
        return sum(x.initial for x in self.plan
                   if (funds is None or x.fund in funds) and x.func_code.startswith(class_code))

    def three_public(self, item: str, column: str) -> int:
        """A “三公” figure, derived rows included (vehicle = purchase + running; reception; total)."""
        if item == "vehicle":
            return self.three_public("vehicle_purchase", column) + self.three_public("vehicle_running", column)
        if item == "reception":
            if column == "actual":
                return self.fact("tp.reception_domestic.actual") + self.fact("tp.reception_abroad.actual")
            return self.fact(f"tp.reception.{column}")
        if item == "total":
            return sum(self.three_public(i, column) for i in ("outbound", "vehicle", "reception"))
        return self.fact(f"tp.{item}.{column}")

    def vehicles(self) -> int:
        return sum(self.fact(k) for k in VEHICLE_KINDS)

    def procurement_total(self) -> int:
        return self.fact("proc.goods") + self.fact("proc.works") + self.fact("proc.services")

    def projects(self) -> list[str]:
        names = {x.project for x in self.plan if x.project} | {x.project for x in self.spend if x.project}
        return sorted(names)


# ---------------------------------------------------------------- ratios and changes


def ratio(part: int, whole: int) -> Fraction | None:
    """part ÷ whole exactly; None when the whole is zero."""
    return None if whole == 0 else Fraction(part, whole)


def percent(value: Fraction | Decimal | None, places: int = 2) -> Decimal | None:
    """A ratio as a percentage rounded half-up: Fraction(7954, 10000) -> Decimal('79.54')."""
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction) else value
    return (exact * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_percent(value: Fraction | Decimal | None, places: int = 2) -> str:
    shown = percent(value, places)
    return "—" if shown is None else f"{shown}%"


# ---------------------------------------------------------------- budget execution


@dataclass(frozen=True)
class ExecutionRow:
    label: str
    initial: int
    adjustment: int
    actual: int
    level: int = 0  # 0 total, 1 basic / project, 2 a project

    @property
    def full(self) -> int:
        return self.initial + self.adjustment

    @property
    def rate(self) -> Fraction | None:
        return ratio(self.actual, self.full)


def execution(data: YearData) -> list[ExecutionRow]:
    """预算执行情况: year-start budget, adjustment, full-year budget, actual and rate.

    The comparison covers the fund sources that appear in the budget lines: a centre that budgets only its
    财政拨款 (seed 004) is measured on 财政拨款 spending; one that budgets other funds as well (seed 003) on all.
    """
    funds = {x.fund for x in data.plan} or set(FISCAL_FUNDS)
    spend = [x for x in data.spend if x.fund in funds]

    def row(label, plan, actual, level):
        return ExecutionRow(label, sum(p.initial for p in plan), sum(p.adjustment for p in plan),
                            sum(s.amount for s in actual), level)

    rows = [row("预算总金额", data.plan, spend, 0)]
    for kind in (ExpenditureKind.BASIC, ExpenditureKind.PROJECT):
        rows.append(row(kind.label, [p for p in data.plan if p.kind is kind],
                        [s for s in spend if s.kind is kind], 1))
        if kind is ExpenditureKind.PROJECT:
            for name in data.projects():
                rows.append(row(name, [p for p in data.plan if p.kind is kind and p.project == name],
                                [s for s in spend if s.kind is kind and s.project == name], 2))
    return rows


# ---------------------------------------------------------------- tree helpers


def rollup(amounts: Mapping[str, int]) -> dict[str, int]:
    """Sums of 项-level amounts onto their 款 and 类 (keys: every level present)."""
    out: dict[str, int] = defaultdict(int)
    for code, amount in amounts.items():
        c: str | None = code
        while c:
            out[c] += amount
            c = parent_of(c)
    return dict(out)
