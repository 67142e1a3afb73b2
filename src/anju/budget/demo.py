"""A demonstration budget year (and the year before it) for the sample centre, shaped like seed 004
(景德镇 2024 部门决算): basic expenditure funded by the general budget, a little other income spent from
carried-over funds, one IT project in the demo year, and a self-evaluation framework whose business
indicators name fund-indicator codes. Every table check passes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from anju.auth.actor import Actor
from anju.budget import service
from anju.budget.perf_table import IndicatorRow
from anju.budget.rules import (
    CarryLine,
    ExpenditureKind,
    FundSource,
    IncomeLine,
    IncomeSource,
    PlanLine,
    SpendLine,
    YearData,
)
from anju.budget.scoring import Indicator, Source
from anju.core.money import parse_wan
from anju.db.uow import UnitOfWork

G, OT = FundSource.GENERAL, FundSource.OTHER
B, P = ExpenditureKind.BASIC, ExpenditureKind.PROJECT
PROJECT = "住房公积金信息系统升级改造"

# (功能分类, 资金来源, 支出性质, 项目, 经济分类, 万元)
_PREVIOUS_SPEND = (
    ("2080505", G, B, "", "30108", "96.00"), ("2080506", G, B, "", "30109", "48.00"),
    ("2101102", G, B, "", "30110", "15.00"), ("2101103", G, B, "", "30111", "8.00"),
    ("2101199", G, B, "", "30114", "6.00"), ("2210201", G, B, "", "30113", "78.00"),
    *[("2129999", G, B, "", econ, amount) for econ, amount in (
        ("30101", "201.55"), ("30102", "8.82"), ("30103", "140.55"), ("30106", "57.46"), ("30107", "151.25"),
        ("30112", "2.55"), ("30199", "44.24"), ("30302", "57.72"), ("30309", "5.88"), ("30399", "2.35"),
        ("30201", "20.58"), ("30205", "0.75"), ("30206", "18.17"), ("30207", "48.00"), ("30209", "17.66"),
        ("30211", "3.79"), ("30213", "101.77"), ("30214", "1.00"), ("30216", "2.22"), ("30226", "219.02"),
        ("30227", "415.59"), ("30228", "71.40"), ("30239", "29.00"), ("30299", "37.33"), ("31007", "59.98"))],
    ("2129999", OT, B, "", "30226", "9.53"),
)

_CURRENT_SPEND = (
    ("2080505", G, B, "", "30108", "99.36"), ("2080506", G, B, "", "30109", "49.68"),
    ("2101102", G, B, "", "30110", "15.52"), ("2101103", G, B, "", "30111", "8.28"),
    ("2101199", G, B, "", "30114", "5.10"), ("2210201", G, B, "", "30113", "80.73"),
    *[("2129999", G, B, "", econ, amount) for econ, amount in (
        ("30101", "208.60"), ("30102", "9.13"), ("30103", "145.47"), ("30106", "59.47"), ("30107", "156.54"),
        ("30112", "2.64"), ("30199", "40.12"), ("30302", "63.25"), ("30309", "6.10"), ("30399", "2.40"),
        ("30201", "18.90"), ("30205", "0.80"), ("30206", "17.45"), ("30207", "46.20"), ("30209", "18.30"),
        ("30211", "4.35"), ("30213", "96.40"), ("30214", "1.00"), ("30216", "3.10"), ("30217", "0.42"),
        ("30226", "205.80"), ("30227", "380.25"), ("30228", "73.60"), ("30239", "30.00"), ("30299", "35.10"),
        ("31002", "12.60"))],
    ("2129999", G, P, PROJECT, "30227", "68.00"), ("2129999", G, P, PROJECT, "31007", "112.50"),
    ("2129999", OT, B, "", "30226", "8.20"), ("2129999", OT, B, "", "30299", "3.15"),
)

# (功能分类, 资金来源, 支出性质, 项目, 年初预算, 调整)
_PREVIOUS_PLAN = (
    ("2080505", G, B, "", "96", "0"), ("2080506", G, B, "", "48", "0"), ("2101102", G, B, "", "15", "0"),
    ("2101103", G, B, "", "8", "0"), ("2101199", G, B, "", "6", "0"), ("2210201", G, B, "", "78", "0"),
    ("2129999", G, B, "", "1749", "0"),
)
_CURRENT_PLAN = (
    ("2080505", G, B, "", "100", "0"), ("2080506", G, B, "", "50", "0"), ("2101102", G, B, "", "16", "0"),
    ("2101103", G, B, "", "8.5", "0"), ("2101199", G, B, "", "6", "0"), ("2210201", G, B, "", "82", "0"),
    ("2129999", G, B, "", "1660", "0"), ("2129999", G, P, PROJECT, "200", "-10"),
)

_STAFF = {"unit.count": 1, "staff.authorized": 48, "staff.other": 40, "staff.retired": 24}


@dataclass(frozen=True)
class _Year:
    spend: tuple
    plan: tuple
    other_income: str
    carry_in: str
    facts: dict


_PREVIOUS = _Year(_PREVIOUS_SPEND, _PREVIOUS_PLAN, "6.17", "63.31", {
    **_STAFF, "staff.actual": 45, "staff.retired_pension": 24,
    "tp.reception.initial": "1.00", "tp.reception.full": "1.00",
    "proc.goods": "578.49", "proc.sme": "578.49", "proc.small_micro": "578.49", "proc.sme_goods": "578.49",
})
_CURRENT = _Year(_CURRENT_SPEND, _CURRENT_PLAN, "5.86", None, {
    **_STAFF, "staff.actual": 46, "staff.other": 38, "staff.retired": 25, "staff.retired_pension": 25,
    "tp.reception.initial": "1.00", "tp.reception.full": "1.00", "tp.reception_domestic.actual": "0.42",
    "tp.domestic_batches": 3, "tp.domestic_persons": 21,
    "proc.goods": "125.10", "proc.services": "448.25", "proc.sme": "520.35", "proc.small_micro": "498.00",
    "proc.sme_goods": "125.10", "proc.sme_services": "395.25",
})


def _year_data(year: int, dept: str, spec: _Year, carry_in: int) -> YearData:
    spend = tuple(SpendLine(f, fund, k, p, e, parse_wan(a)) for f, fund, k, p, e, a in spec.spend)
    fiscal: dict[str, int] = defaultdict(int)
    for line in spend:
        if line.fund is G:
            fiscal[line.func_code] += line.amount
    other_spend = sum(x.amount for x in spend if x.fund is OT)
    other_income = parse_wan(spec.other_income)
    income = (*[IncomeLine(code, IncomeSource.GENERAL, amount) for code, amount in sorted(fiscal.items())],
              IncomeLine("2129999", IncomeSource.OTHER, other_income))
    carry = (CarryLine("2129999", OT, carry_in, carry_in + other_income - other_spend),)
    plan = tuple(PlanLine(f, fund, k, p, parse_wan(i), parse_wan(a)) for f, fund, k, p, i, a in spec.plan)
    facts = {key: value if isinstance(value, int) else parse_wan(value) for key, value in spec.facts.items()}
    return YearData(year, dept, income, plan, spend, carry, facts)


def demo_years(year: int, dept: str) -> tuple[YearData, YearData]:
    """(the year before, the demo year): the second carries the first's closing balance forward."""
    previous = _year_data(year - 1, dept, _PREVIOUS, parse_wan(_PREVIOUS.carry_in))
    current = _year_data(year, dept, _CURRENT, previous.carry_out())
    return previous, current


def demo_texts(year: int, dept: str) -> dict[str, str]:
    return {
        "dept.duties": (
            "（一）贯彻执行国家和省、市住房公积金法律法规和政策，负责全市住房公积金的管理运作；\n"
            "（二）编制、执行住房公积金的归集、使用计划，负责记载职工住房公积金的缴存、提取、使用等情况；\n"
            "（三）负责住房公积金的核算，审批住房公积金的提取、使用；\n"
            "（四）负责住房公积金的保值和归还，开展个人住房公积金贷款；\n"
            "（五）编制住房公积金归集、使用计划执行情况的报告，考核受委托银行办理住房公积金金融业务；\n"
            "（六）承办住房公积金管理委员会决定的其他事项。"),
        "dept.organisation": f"{dept}设办公室、归集科、信贷科、财务科、稽核科、信息科、服务大厅等7个内设机构，下设4个管理部。",
        "reason.income": "在职人员工资正常晋升，信息系统升级改造项目资金到位",
        "reason.spend": "新增信息系统升级改造项目支出",
        "reason.carry_out": "使用以前年度结转资金支付劳务费",
        "reason.fiscal": "信息系统升级改造项目按合同进度付款，部分资金未支付",
        "reason.fiscal.212": "信息系统升级改造项目按合同进度付款，部分资金未支付",
        "reason.econ.301": "在职人员工资正常晋升",
        "reason.econ.302": "压减委托业务费和维修（护）费",
        "reason.econ.303": "退休人员增加",
        "reason.econ.310": "上年购置信息网络设备，本年仅购置少量办公设备",
        "reason.three_public": "按规定接待上级单位业务检查，严格执行公务接待标准",
        "perf.management": "本部门按照预算绩效管理要求，对部门整体支出开展了绩效自评，对信息系统升级改造项目开展了项目绩效自评。",
        "perf.goals": "保障缴存职工提取、贷款业务正常开展，保障住房公积金保值增值，防范贷款风险，提高资金使用效率，促进房地产市场平稳健康发展。",
        "perf.execution": "本年度预算执行总体较好，项目支出按合同进度支付，未支付部分已按规定收回。",
        "perf.achievement": "年度归集、缴存单位和缴存职工扩面、增值收益、逾期率等指标完成年度目标；受房地产市场影响，贷款发放额和提取额未达目标。",
        "perf.problems": ("一是受房地产市场影响，个人住房贷款发放额未达年度目标。\n"
                          "二是绩效目标设定时对定量指标完成情况预估不足。"),
        "perf.measures": ("一是落实支持刚性和改善性住房需求的政策，加大贷款政策宣传。\n"
                          "二是结合上年实际完成情况科学设定绩效目标，加强预算执行监控。"),
        "perf.application": "绩效自评结果作为下年度预算安排的重要依据，并随部门决算一并向社会公开。",
    }


def _row(l1, l2, l3, target, actual, weight, *, source=Source.MANUAL, code="", score=None, reason="", cause=""):
    return IndicatorRow(Indicator(l1, l2, l3, target, actual, Decimal(weight),
                                  None if score is None else Decimal(score), reason=reason, cause=cause),
                        source, code, "报表" if source is not Source.MANUAL else "文件")


def demo_indicators() -> list[IndicatorRow]:
    F, E = Source.FUND, Source.EXECUTION
    return [
        _row("投入指标", "项目立项", "部门立项合规性", "合规", "合规", "3"),
        _row("投入指标", "项目立项", "绩效目标合理性", "合理", "合理", "3"),
        _row("投入指标", "资金投入", "预算编制科学性", "科学", "科学", "2"),
        _row("投入指标", "资金投入", "预算执行率", "=100%", None, "2", source=E),
        _row("过程指标", "业务管理", "管理制度健全性", "健全", "健全", "4"),
        _row("过程指标", "业务管理", "制度执行有效性", "有效", "较有效", "6", score="5",
             reason="制度执行整体较好，业务网办深度不足扣1分", cause="加快推进全程网办"),
        _row("过程指标", "业务管理", "质量可控性", "可控", "可控", "3"),
        _row("过程指标", "财务管理", "财务管理制度健全性", "健全", "健全", "4"),
        _row("过程指标", "财务管理", "资金使用合规性", "合规", "合规", "5"),
        _row("过程指标", "财务管理", "财务监控有效性", "有效", "有效", "3"),
        _row("过程指标", "财务管理", "成本控制有效性", "有效", "有效", "3"),
        _row("部门产出", "数量指标", "住房公积金缴存单位新增数", "≥300个", "326个", "5", source=F,
             code="registry.new_employers"),
        _row("部门产出", "数量指标", "住房公积金实缴职工数", "≥150000人", "153420人", "5", source=F,
             code="registry.contributing_members"),
        _row("部门产出", "质量指标", "个人住房贷款逾期率", "≤0.3‰", "0.28‰", "5", source=F, code="loan.overdue_rate"),
        _row("部门产出", "质量指标", "住房公积金增值收益", "≥10000万元", "10652.37万元", "5", source=F,
             code="interest.value_added"),
        _row("部门产出", "质量指标", "缴存覆盖率", "≥60%", "62.4%", "5", source=F, code="registry.coverage_rate"),
        _row("部门产出", "时效指标", "政策宣传工作及时性", "及时", "及时", "5"),
        _row("部门效果", "经济效益", "年度归集额", "≥250000万元", "261384.50万元", "4", source=F, code="deposit.amount"),
        _row("部门效果", "经济效益", "年度提取额", "≥180000万元", "176950.20万元", "4", source=F,
             code="withdrawal.amount", cause="部分职工提取意愿下降"),
        _row("部门效果", "经济效益", "个人住房贷款发放额", "≥90000万元", "81240.00万元", "4", source=F,
             code="loan.issued_amount", cause="受房地产市场影响，贷款购房意愿下降"),
        _row("部门效果", "社会效益", "异地转移接续笔数", "≥3000笔", "3386笔", "4", source=F, code="transfer.count"),
        _row("部门效果", "社会效益", "服务对象满意度", "≥90%", "93.5%", "8"),
        _row("部门效果", "可持续影响", "信息化建设", "完善", "完善", "4"),
        _row("部门效果", "可持续影响", "长效管理机制", "健全", "健全", "4"),
    ]


def load_demo(uow: UnitOfWork, actor: Actor, *, year: int, dept: str, with_previous: bool = True) -> dict:
    """Write the demo year (and the year before unless told not to), its texts and its framework."""
    previous, current = demo_years(year, dept)
    out = {}
    if with_previous:
        out["previous"] = service.replace_year(uow, actor, data=previous, source="demo")
    out["year"] = service.replace_year(uow, actor, data=current, source="demo")
    for key, body in demo_texts(year, dept).items():
        service.set_text(uow, actor, year=year, key=key, body=body)
    out["indicators"] = service.replace_indicators(uow, actor, year=year, rows=demo_indicators(), source="demo")
    return out
