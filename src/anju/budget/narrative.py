"""The words around the tables: the 部门决算 document (概况, ten tables, nine explanatory sections with
year-on-year changes, 名词解释) and the self-evaluation report, as a list of blocks a renderer writes out.

Figures come from the data; the reasons and the free-text parts come from staff (budget_text, keyed by
TEXTS). Pure: no files, no database; wording follows the published seeds (004 for 部门决算, 001/003/004 for
the self-evaluation).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from anju.budget.codes import CLASSES, class_ordinal, ordinal
from anju.budget.rules import (
    FISCAL_FUNDS,
    VEHICLE_KINDS,
    ExecutionRow,
    ExpenditureKind,
    FundSource,
    IncomeSource,
    YearData,
    format_percent,
    ratio,
)
from anju.budget.scoring import Evaluation, format_score
from anju.budget.statements import Amount, C, CheckResult, FinalAccounts, Statement, txt
from anju.core.money import format_wan, to_wan

# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    text: str
    bold: bool = False
    center: bool = False
    warn: bool = False


@dataclass(frozen=True)
class TableBlock:
    statement: Statement
    caption: bool = True
    font_size: float = 8  # float-ok: font size


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Orientation:
    landscape: bool


Block = Heading | Para | TableBlock | PageBreak | Orientation


# ---------------------------------------------------------------- staff texts

TEXTS: dict[str, str] = {
    "dept.duties": "部门主要职责",
    "dept.organisation": "机构设置情况",
    "reason.income": "本年收入变动主要原因",
    "reason.carry_in": "年初结转和结余变动主要原因",
    "reason.spend": "本年支出变动主要原因",
    "reason.carry_out": "年末结转和结余变动主要原因",
    "reason.fiscal": "财政拨款预决算差异主要原因",
    "reason.three_public": "“三公”经费预决算差异及变动主要原因",
    "reason.outbound": "因公出国（境）费情况说明",
    "reason.vehicle_purchase": "公务用车购置费情况说明",
    "reason.vehicle_running": "公务用车运行维护费情况说明",
    "reason.reception": "公务接待费情况说明",
    "reason.admin_running": "机关运行经费变动主要原因",
    "perf.management": "预算绩效管理工作开展情况（决算说明第九部分）",
    "perf.goals": "年度绩效目标（自评报告）",
    "perf.execution": "预算执行情况分析（自评报告）",
    "perf.achievement": "绩效目标完成情况分析（自评报告）",
    "perf.problems": "存在的问题及原因（自评报告）",
    "perf.measures": "改进措施（自评报告）",
    "perf.application": "结果应用和公开（自评报告）",
}
TEXT_PATTERNS = {
    r"reason\.fiscal\.\d{3}": "某类财政拨款预决算差异主要原因（如 reason.fiscal.212）",
    r"reason\.econ\.\d{3}": "某类经济分类支出变动主要原因（如 reason.econ.302）",
}


def text_key_known(key: str) -> bool:
    return key in TEXTS or any(re.fullmatch(p, key) for p in TEXT_PATTERNS)


def text_label(key: str) -> str:
    if key in TEXTS:
        return TEXTS[key]
    m = re.fullmatch(r"reason\.(fiscal|econ)\.(\d{3})", key)
    if m:
        return f"{m[2]}{'类财政拨款预决算差异' if m[1] == 'fiscal' else '类经济分类支出变动'}主要原因"
    return key


PENDING = "（待填写）"


# ---------------------------------------------------------------- phrases


def wan(fen: int) -> str:
    return format_wan(fen, grouping=False)


def change(cur: int, prev: int | None) -> str:
    """“比上年增加67.76万元，增长3.55%” / “与上年持平”; empty when there is no previous year."""
    if prev is None:
        return ""
    diff = to_wan(cur) - to_wan(prev)
    if diff == 0:
        return "与上年持平"
    word, trend = ("增加", "增长") if diff > 0 else ("减少", "下降")
    text = f"比上年{word}{abs(diff)}万元"
    if to_wan(prev) != 0:
        text += f"，{trend}{format_percent(Fraction(abs(diff)) / Fraction(abs(to_wan(prev))))}"
    return text


def _reason(texts: Mapping[str, str], key: str) -> str:
    body = (texts.get(key) or "").strip().rstrip("。")
    return f"，主要原因：{body}" if body else ""


def _join(*parts: str) -> str:
    return "，".join(p for p in parts if p)


def share(part: int, whole: int) -> str:
    return format_percent(ratio(part, whole) or Fraction(0))


# ---------------------------------------------------------------- 部门决算


@dataclass(frozen=True)
class PerformanceSummary:
    """What the 部门决算 says about the year's self-evaluation (when one exists)."""

    total: Decimal
    grade: str
    execution_rate: Fraction | None
    complete: bool


def final_accounts_blocks(data: YearData, prev: YearData | None, accounts: FinalAccounts,
                          checks: Sequence[CheckResult], texts: Mapping[str, str],
                          performance: PerformanceSummary | None = None) -> list[Block]:
    y, dept = data.year, data.dept_name
    blocks: list[Block] = [Para(f"{dept}{y}年度部门决算", bold=True, center=True)]
    failed = [c for c in checks if not c.ok]
    if failed:
        blocks.append(Heading("发布前检查未通过", 1))
        blocks.append(Para("以下表间关系检查未通过，请核实数据后再公开：", warn=True))
        for c in failed:
            level = "错误" if c.severity == "error" else "提示"
            blocks.append(Para(f"【{level}】{c.title}", warn=True))
            blocks += [Para(f"　　{d}", warn=True) for d in c.details]
    blocks += [
        Heading("目录", 1),
        Para("第一部分　部门概况"),
        Para(f"第二部分　{y}年度部门决算表"),
        Para(f"第三部分　{y}年度部门决算情况说明"),
        Para("第四部分　名词解释"),
        Para("注：本报告因金额单位转换原因可能存在尾数误差。"),
        PageBreak(),
        Heading(f"第一部分　{dept}概况", 1),
        Heading("一、部门主要职责", 2),
        *[Para(p) for p in _paragraphs(texts.get("dept.duties"))],
        Heading("二、机构设置及人员情况", 2),
        Para(f"纳入本套部门决算汇编范围的单位共{data.fact('unit.count') or 1}个。"),
        *[Para(p) for p in _paragraphs(texts.get("dept.organisation"), required=False)],
        Para(_staffing(data)),
        Orientation(landscape=True),
        Heading(f"第二部分　{y}年度部门决算表", 1),
    ]
    for i, st in enumerate(accounts.statements):
        if i:
            blocks.append(PageBreak())
        blocks.append(TableBlock(st))
    blocks += [Orientation(landscape=False), Heading(f"第三部分　{y}年度部门决算情况说明", 1)]
    blocks += _income_section(data, prev, texts)
    blocks += _spend_section(data, prev, texts)
    blocks += _fiscal_section(data, texts)
    blocks += _basic_section(data, prev, texts)
    blocks += _three_public_section(data, prev, texts)
    blocks += _admin_running_section(data, prev, texts)
    blocks += _procurement_section(data)
    blocks += _assets_section(data)
    blocks += _performance_section(data, texts, performance)
    blocks += _glossary(data)
    return blocks


def _paragraphs(text: str | None, *, required: bool = True) -> list[str]:
    if not text or not text.strip():
        return [PENDING] if required else []
    return [p.strip() for p in text.strip().splitlines() if p.strip()]


def _staffing(data: YearData) -> str:
    f = data.fact
    head = f"本部门编制数{f('staff.authorized')}人，" if f("staff.authorized") else "本部门"
    return (f"{head}年末编制内实有人员{f('staff.actual')}人，其他人员{f('staff.other')}人。离退休人员"
            f"{f('staff.retired')}人，其中：单位发放离退休费的人员{f('staff.retired_unit')}人，养老保险基金发放养老金的人员"
            f"{f('staff.retired_pension')}人。")


def _income_section(data: YearData, prev: YearData | None, texts) -> list[Block]:
    used = data.fact("surplus.used")
    income = data.income_total()
    total = income + used + data.carry_in()
    p = prev
    head = (f"本部门{data.year}年度收入总计{wan(total)}万元，其中年初结转和结余{wan(data.carry_in())}万元"
            + ("，" + change(data.carry_in(), p.carry_in()) + _reason(texts, "reason.carry_in") if p else "")
            + f"；使用非财政拨款结余（含专用结余）{wan(used)}万元"
            + ("，" + change(used, p.fact("surplus.used")) if p else "")
            + f"；本年收入合计{wan(income)}万元"
            + ("，" + change(income, p.income_total()) if p else "") + _reason(texts, "reason.income") + "。")
    fiscal = data.income_of(IncomeSource.GENERAL, IncomeSource.GOV_FUND, IncomeSource.SOE)
    parts = [("财政拨款收入", fiscal)] + [(s.label, data.income_of(s)) for s in (
        IncomeSource.BUSINESS, IncomeSource.OPERATING, IncomeSource.SUPERIOR, IncomeSource.AFFILIATE,
        IncomeSource.OTHER)]
    detail = "本年收入的具体构成：" + "；".join(f"{label}{wan(v)}万元，占{share(v, income)}" for label, v in parts) + "。"
    return [Heading("一、收入决算情况说明", 2), Para(head), Para(detail)]


def _spend_section(data: YearData, prev: YearData | None, texts) -> list[Block]:
    spend = data.spend_total()
    dist = data.fact("surplus.distributed")
    total = spend + dist + data.carry_out()
    p = prev
    head = (f"本部门{data.year}年度支出总计{wan(total)}万元，其中本年支出合计{wan(spend)}万元"
            + ("，" + change(spend, p.spend_total()) if p else "") + _reason(texts, "reason.spend")
            + f"；结余分配{wan(dist)}万元" + ("，" + change(dist, p.fact("surplus.distributed")) if p else "")
            + f"；年末结转和结余{wan(data.carry_out())}万元"
            + ("，" + change(data.carry_out(), p.carry_out()) if p else "") + _reason(texts, "reason.carry_out") + "。")
    order = (ExpenditureKind.BASIC, ExpenditureKind.PROJECT, ExpenditureKind.OPERATING, ExpenditureKind.REMIT,
             ExpenditureKind.SUBSIDY)
    detail = "本年支出的具体构成：" + "；".join(
        f"{k.label}{wan(data.spend_total(kind=k))}万元，占{share(data.spend_total(kind=k), spend)}" for k in order) + "。"
    return [Heading("二、支出决算情况说明", 2), Para(head), Para(detail)]


def _completion(plan: int, actual: int, what: str = "年初预算") -> str:
    if plan == 0:
        return f"年初未安排预算，决算数{wan(actual)}万元" if what == "年初预算" else f"决算数{wan(actual)}万元"
    return f"{what}数{wan(plan)}万元，决算数{wan(actual)}万元，完成{what}的{share(actual, plan)}"


def _fiscal_section(data: YearData, texts) -> list[Block]:
    plan = data.plan_initial(fund=FISCAL_FUNDS)
    actual = data.spend_total(fund=FISCAL_FUNDS)
    blocks: list[Block] = [Heading("三、财政拨款支出决算情况说明", 2),
                           Para(f"本部门{data.year}年度财政拨款本年支出{_completion(plan, actual)}"
                                f"{_reason(texts, 'reason.fiscal') if to_wan(plan) != to_wan(actual) else ''}。其中：")]
    for code, name, p, a in _fiscal_classes(data):
        reason = ""
        if to_wan(p) != to_wan(a) and texts.get(f"reason.fiscal.{code}"):
            reason = f"预决算差异主要原因：{texts[f'reason.fiscal.{code}'].strip().rstrip('。')}。"
        blocks.append(Para(f"（{class_ordinal(code)}）{name}（类）{_completion(p, a)}。{reason}"))
    return blocks


def _fiscal_classes(data: YearData) -> list[tuple[str, str, int, int]]:
    """The 类 the fiscal section lists: (code, name, year-start budget, actual) where either is not zero."""
    out = []
    for code, name in CLASSES:
        p = data.plan_initial(fund=FISCAL_FUNDS, class_code=code)
        a = sum(x.amount for x in data.spend if x.fund.is_fiscal and x.func_code.startswith(code))
        if p or a:
            out.append((code, name, p, a))
    return out


def _basic(d: YearData, prefix: str = "") -> int:
    return d.spend_total(fund=[FundSource.GENERAL], kind=ExpenditureKind.BASIC, econ_prefix=prefix)


def _basic_classes(data: YearData, prev: YearData | None) -> list[str]:
    """The economic 类 the basic-expenditure section lists: spent this year or the year before."""
    return [cls for cls in sorted({c for c in data.econ_names if len(c) == 3})
            if _basic(data, cls) or (prev is not None and _basic(prev, cls))]


def year_text_keys(data: YearData | None, prev: YearData | None = None) -> list[tuple[str, str]]:
    """The staff-written parts the year's documents print, with their labels: the fixed ones and, per 类,
    the reasons the fiscal section (reason.fiscal.<类>) and the basic-expenditure section (reason.econ.<类>)
    print next to their figures."""
    keys = list(TEXTS.items())
    if data is None:
        return keys
    at = [k for k, _ in keys].index("reason.fiscal") + 1
    per_class = [f"reason.fiscal.{code}" for code, *_ in _fiscal_classes(data)]
    per_class += [f"reason.econ.{cls}" for cls in _basic_classes(data, prev)]
    return keys[:at] + [(k, text_label(k)) for k in per_class] + keys[at:]


def text_section(key: str) -> str:
    """Which document a staff text belongs to (headings of the texts page)."""
    if key.startswith("dept."):
        return "部门概况（部门决算与自评报告共用）"
    if key.startswith("reason.") or key == "perf.management":
        return "部门决算情况说明"
    return "绩效自评报告"


def _basic_section(data: YearData, prev: YearData | None, texts) -> list[Block]:
    basic = _basic
    total = basic(data)
    personnel = basic(data, "301") + basic(data, "303")
    blocks: list[Block] = [Heading("四、一般公共预算财政拨款基本支出决算情况说明", 2),
                           Para(f"本部门{data.year}年度一般公共预算财政拨款基本支出{wan(total)}万元，其中：人员经费"
                                f"{wan(personnel)}万元，公用经费{wan(total - personnel)}万元。按经济分类：")]
    for n, cls in enumerate(_basic_classes(data, prev), start=1):
        cur = basic(data, cls)
        before = None if prev is None else basic(prev, cls)
        body = f"（{ordinal(n)}）{data.econ_name(cls)}{wan(cur)}万元"
        if prev is not None:
            body += "，" + change(cur, before)
        blocks.append(Para(body + _reason(texts, f"reason.econ.{cls}") + "。"))
    return blocks


def _tp_line(data: YearData, prev: YearData | None, item: str) -> str:
    full, actual = data.three_public(item, "full"), data.three_public(item, "actual")
    text = f"全年预算数{wan(full)}万元，决算数{wan(actual)}万元"
    if full:
        text += f"，完成全年预算的{share(actual, full)}"
    if prev is not None:
        text += "；决算数" + change(actual, prev.three_public(item, "actual"))
    return text


def _three_public_section(data: YearData, prev: YearData | None, texts) -> list[Block]:
    f = data.fact

    def note(key: str) -> str:
        body = (texts.get(key) or "").strip().rstrip("。")
        return f"，主要原因：{body}" if body else ""

    return [
        Heading("五、财政拨款“三公”经费支出决算情况说明", 2),
        Para(f"本部门{data.year}年度财政拨款“三公”经费支出{_tp_line(data, prev, 'total')}"
             f"{note('reason.three_public')}。其中："),
        Para(f"（一）因公出国（境）费{_tp_line(data, prev, 'outbound')}{note('reason.outbound')}。全年安排因公出国（境）"
             f"团组{f('tp.outbound_groups')}个，累计{f('tp.outbound_persons')}人次。"),
        Para(f"（二）公务用车购置及运行维护费{_tp_line(data, prev, 'vehicle')}。其中：公务用车购置费"
             f"{_tp_line(data, prev, 'vehicle_purchase')}{note('reason.vehicle_purchase')}，全年使用财政拨款购置公务用车"
             f"{f('tp.vehicles_bought')}辆；公务用车运行维护费{_tp_line(data, prev, 'vehicle_running')}"
             f"{note('reason.vehicle_running')}，年末使用财政拨款负担费用的公务用车保有量{f('tp.vehicles_held')}辆。"),
        Para(f"（三）公务接待费{_tp_line(data, prev, 'reception')}{note('reason.reception')}。全年国内公务接待"
             f"{f('tp.domestic_batches')}批，累计接待{f('tp.domestic_persons')}人次（其中外事接待{f('tp.fa_batches')}批、"
             f"{f('tp.fa_persons')}人次）；国（境）外公务接待{f('tp.abroad_batches')}批、{f('tp.abroad_persons')}人次。"),
    ]


def _admin_running_section(data: YearData, prev: YearData | None, texts) -> list[Block]:
    cost = data.fact("cost.admin_running")
    text = f"本部门{data.year}年度机关运行经费支出{wan(cost)}万元"
    if prev is not None:
        text += "，" + change(cost, prev.fact("cost.admin_running"))
    if not data.fact("unit.admin") and cost == 0:
        text += "，主要原因：本单位不是行政单位或参照公务员法管理的事业单位，故无机关运行经费支出。"
    else:
        text += _reason(texts, "reason.admin_running") + "。"
    return [Heading("六、机关运行经费支出情况说明", 2), Para(text)]


def _procurement_section(data: YearData) -> list[Block]:
    f = data.fact
    total = data.procurement_total()
    text = (f"本部门{data.year}年度政府采购支出总额{wan(total)}万元，其中：政府采购货物支出{wan(f('proc.goods'))}万元、"
            f"政府采购工程支出{wan(f('proc.works'))}万元、政府采购服务支出{wan(f('proc.services'))}万元。"
            f"授予中小企业合同金额{wan(f('proc.sme'))}万元，占政府采购支出总额的{share(f('proc.sme'), total)}，其中：授予小微"
            f"企业合同金额{wan(f('proc.small_micro'))}万元，占授予中小企业合同金额的{share(f('proc.small_micro'), f('proc.sme'))}。"
            f"货物采购授予中小企业合同金额占货物支出金额的{share(f('proc.sme_goods'), f('proc.goods'))}，工程采购授予中小企业"
            f"合同金额占工程支出金额的{share(f('proc.sme_works'), f('proc.works'))}，服务采购授予中小企业合同金额占服务支出"
            f"金额的{share(f('proc.sme_services'), f('proc.services'))}。")
    return [Heading("七、政府采购支出情况说明", 2), Para(text)]


def _assets_section(data: YearData) -> list[Block]:
    from anju.budget.rules import FACTS

    kinds = "、".join(f"{FACTS[k].label}{data.fact(k)}辆" for k in VEHICLE_KINDS)
    text = (f"截至{data.year}年12月31日，本部门共有车辆{data.vehicles()}辆（台），其中：{kinds}。本部门单价100万元（含）"
            f"以上设备（不含车辆）{data.fact('asset.equipment_1m')}台（套）。")
    return [Heading("八、国有资产占用情况说明", 2), Para(text)]


def _performance_section(data: YearData, texts, perf: PerformanceSummary | None) -> list[Block]:
    blocks: list[Block] = [Heading("九、预算绩效情况说明", 2)]
    blocks += [Para(p) for p in _paragraphs(texts.get("perf.management"), required=False)]
    projects = data.projects()
    project_spend = data.spend_total(kind=ExpenditureKind.PROJECT)
    blocks.append(Para(f"本部门{data.year}年度项目支出涉及项目{len(projects)}个，共{wan(project_spend)}万元"
                       + (f"（{'、'.join(projects)}）" if projects else "") + "。"))
    general = data.spend_total(fund=[FundSource.GENERAL])
    gov_fund = data.spend_total(fund=[FundSource.GOV_FUND])
    if perf is None:
        blocks.append(Para(f"部门整体支出涉及一般公共预算支出{wan(general)}万元，政府性基金预算支出{wan(gov_fund)}万元；"
                           "本年度尚未录入部门整体支出绩效自评结果。"))
    else:
        rate = "" if perf.execution_rate is None else f"，预算执行率为{format_percent(perf.execution_rate)}"
        pending = "" if perf.complete else "（尚有指标未评分，得分为已评指标合计）"
        blocks.append(Para(f"组织开展部门整体支出绩效自评，涉及一般公共预算支出{wan(general)}万元，政府性基金预算支出"
                           f"{wan(gov_fund)}万元{rate}，自评综合得分{format_score(perf.total)}分{pending}，评价结果为"
                           f"“{perf.grade}”。"))
    return blocks


def _glossary(data: YearData) -> list[Block]:
    blocks: list[Block] = [
        Heading("第四部分　名词解释", 1),
        Heading("一、收入科目", 2),
        Para("（一）财政拨款收入：指本级财政当年拨付的资金，包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。"),
        Para("（二）上级补助收入：指事业单位从主管部门和上级单位取得的非财政补助收入。"),
        Para("（三）事业收入：指事业单位开展专业业务活动及其辅助活动取得的收入。"),
        Para("（四）经营收入：指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。"),
        Para("（五）附属单位上缴收入：指事业单位附属的独立核算单位按有关规定上缴的收入。"),
        Para("（六）其他收入：指除上述收入以外的各项收入。"),
        Para("（七）使用非财政拨款结余：指事业单位使用以前年度积累的非财政拨款结余弥补当年收支差额的数额。"),
        Para("（八）年初结转和结余：指以前年度尚未完成、结转到本年按有关规定继续使用的资金，以及结余资金。"),
        Heading("二、支出科目", 2),
    ]
    used = sorted({x.func_code for x in data.spend} | {x.func_code for x in data.income})
    for i, code in enumerate(used, start=1):
        cls, item = code[:3], code[:5]
        desc = data.func_descriptions.get(code, "")
        path = f"{data.func_name(cls)}（类）{data.func_name(item)}（款）{data.func_name(code)}（项）"
        blocks.append(Para(f"{i}. {path}" + (f"：{desc}" if desc else "。")))
    blocks += [
        Heading("三、相关专业名词", 2),
        Para("（一）“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。其中，因公出国（境）费"
             "反映单位公务出国（境）的国际旅费、国外城市间交通费、住宿费、伙食费、培训费、公杂费等支出；公务用车购置及运行维护费"
             "反映单位公务用车车辆购置支出（含车辆购置税、牌照费）及按规定保留的公务用车燃料费、维修费、过桥过路费、保险费、安全"
             "奖励费用等支出；公务接待费反映单位按规定开支的各类公务接待（含外宾接待）支出。"),
        Para("（二）机关运行经费：指用财政拨款安排的为保障行政单位（包括参照公务员法管理的事业单位）运行用于购买货物和服务的各项"
             "资金，包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、办公用房水电费、办公"
             "用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。"),
    ]
    return blocks


# ---------------------------------------------------------------- the self-evaluation report


@dataclass(frozen=True)
class SelfEvaluation:
    """What the report needs beyond the year's data: the scored table and where each actual came from."""

    evaluation: Evaluation
    actuals: Sequence[str | None]  # the actual shown per row (filled from the data where it could be)
    provenance: Sequence[str]  # per row: 人工填报 / 预算执行（自动） / 业务指标（未接入，人工填报）…


def execution_statement(rows: Sequence[ExecutionRow], year: int, dept: str) -> Statement:
    header = ((txt("项目", align="center"), txt("年初预算数（万元）", align="center"),
               txt("预算调整数（万元）", align="center"), txt("全年预算数（万元）", align="center"),
               txt("实际支出数（万元）", align="center"), txt("执行率", align="center")),)
    body = tuple((txt(("　" * r.level) + r.label, bold=r.level == 0), C(Amount(r.initial)), C(Amount(r.adjustment)),
                  C(Amount(r.full)), C(Amount(r.actual)), txt(format_percent(r.rate), align="right"))
                 for r in rows)
    return Statement("", "预算执行情况表", dept, year, "", (28, 14, 14, 14, 14, 10), header, body)


def group_statement(ev: Evaluation, year: int, dept: str) -> Statement:
    names = [g.name for g in ev.groups]
    header = ((txt("评价部门", align="center"), *[txt(n, align="center") for n in names], txt("合计", align="center")),)

    def pct(score, weight):
        return format_percent(None if not weight else Fraction(score) / Fraction(weight))

    body = (
        (txt("权重"), *[txt(format_score(g.weight), align="right") for g in ev.groups],
         txt(format_score(ev.total_weight), align="right")),
        (txt("分值"), *[txt(format_score(g.score), align="right") for g in ev.groups],
         txt(format_score(ev.total), align="right")),
        (txt("得分率"), *[txt(pct(g.score, g.weight), align="right") for g in ev.groups],
         txt(pct(ev.total, ev.total_weight), align="right")),
    )
    return Statement("", "一级指标权重和得分", dept, year, "", (12, *[14] * len(names), 12), header, body)


def indicator_statement(se: SelfEvaluation, year: int, dept: str) -> Statement:
    header = (tuple(txt(h, align="center") for h in (
        "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差率", "完成值来源",
        "偏差原因分析及改进措施")),)
    body = []
    for r, actual, origin in zip(se.evaluation.rows, se.actuals, se.provenance, strict=True):
        ind = r.indicator
        cause = ind.cause
        if r.overridden and ind.reason:
            cause = f"{cause}（评分说明：{ind.reason}）" if cause else f"评分说明：{ind.reason}"
        body.append((txt(ind.level1), txt(ind.level2), txt(ind.level3 or "不适用"), txt(ind.target),
                     txt(actual or ""), txt(format_score(ind.weight), align="right"),
                     txt(format_score(r.score) if r.applicable else "", align="right"),
                     txt(r.deviation_text(), align="right"), txt(origin), txt(cause)))
    body.append((txt("总分", 5, bold=True, align="center"), txt(format_score(se.evaluation.total_weight), align="right"),
                 txt(format_score(se.evaluation.total), bold=True, align="right"), txt(""), txt(""),
                 txt(f"评价等级：{se.evaluation.grade}")))
    return Statement("", "部门整体支出绩效自评表", dept, year, "", (10, 12, 22, 12, 12, 6, 6, 8, 12, 26), header,
                     tuple(body))


def self_evaluation_blocks(data: YearData | None, year: int, dept: str, texts: Mapping[str, str],
                           se: SelfEvaluation, execution_rows: Sequence[ExecutionRow]) -> list[Block]:
    ev = se.evaluation
    blocks: list[Block] = [Para(f"{dept}{year}年度部门整体支出绩效自评报告", bold=True, center=True)]
    if ev.problems:
        blocks.append(Para(f"提示：尚有{len(ev.problems)}项指标未能评分，以下总分为已评指标合计：", warn=True))
        blocks += [Para(f"　　{p}", warn=True) for p in ev.problems]
    blocks += [Heading("一、基本情况", 1), Heading("（一）机构设置及人员情况", 2)]
    blocks += [Para(p) for p in _paragraphs(texts.get("dept.organisation"))]
    if data is not None:
        f = data.fact
        blocks.append(Para(f"{year}年末本单位编制数{f('staff.authorized')}人，编制内实有人员{f('staff.actual')}人，其他人员"
                           f"{f('staff.other')}人，离退休人员{f('staff.retired')}人。"))
    blocks += [Heading("（二）主要职能职责", 2), *[Para(p) for p in _paragraphs(texts.get("dept.duties"))],
               Heading("（三）年度绩效目标", 2), *[Para(p) for p in _paragraphs(texts.get("perf.goals"))],
               Heading("二、预算执行情况", 1)]
    if execution_rows and (execution_rows[0].full or execution_rows[0].actual):
        t = execution_rows[0]
        text = (f"{year}年年初预算数{wan(t.initial)}万元，年内调整{wan(t.adjustment)}万元，全年预算数{wan(t.full)}万元；"
                f"实际支出{wan(t.actual)}万元，预算执行率{format_percent(t.rate)}。")
        parts = [r for r in execution_rows if r.level == 1 and (r.full or r.actual)]
        if parts:
            text += "其中：" + "；".join(f"{r.label}{wan(r.actual)}万元，占实际支出的{share(r.actual, t.actual)}，"
                                        f"执行率{format_percent(r.rate)}" for r in parts) + "。"
        blocks.append(Para(text))
        if data is not None:
            blocks.append(Para(f"“三公”经费全年预算数{wan(data.three_public('total', 'full'))}万元，决算数"
                               f"{wan(data.three_public('total', 'actual'))}万元。"))
        blocks.append(TableBlock(execution_statement(execution_rows, year, dept), caption=True, font_size=9))
    else:
        blocks.append(Para("本年度尚未导入预算与决算数据。"))
    blocks += [Para(p) for p in _paragraphs(texts.get("perf.execution"), required=False)]
    blocks += [Heading("三、绩效目标完成情况", 1)]
    blocks += [Para(p) for p in _paragraphs(texts.get("perf.achievement"), required=False)]
    blocks.append(Para(f"根据部门整体支出绩效自评表，{year}年度部门整体支出绩效自评综合评分为{format_score(ev.total)}分，"
                       f"评价等级为“{ev.grade}”。"))
    blocks.append(TableBlock(group_statement(ev, year, dept), caption=True, font_size=9))
    blocks.append(Orientation(landscape=True))
    blocks.append(TableBlock(indicator_statement(se, year, dept), caption=True, font_size=8))
    blocks.append(Orientation(landscape=False))
    blocks += [Heading("四、存在的问题及原因", 1), *[Para(p) for p in _paragraphs(texts.get("perf.problems"))],
               Heading("五、改进措施", 1), *[Para(p) for p in _paragraphs(texts.get("perf.measures"))],
               Heading("六、结果应用和公开", 1), *[Para(p) for p in _paragraphs(texts.get("perf.application"))]]
    return blocks


def render_docx(blocks: Sequence[Block]) -> bytes:
    """Write the blocks with the Word writer (python-docx)."""
    from anju.budget.render import DocWriter

    doc = DocWriter()
    for b in blocks:
        if isinstance(b, Heading):
            doc.heading(b.text, b.level)
        elif isinstance(b, Para):
            if b.center:
                doc.para(b.text, bold=b.bold, center=True, size=18 if b.bold else None)
            else:
                doc.para(b.text, bold=b.bold, color=(192, 0, 0) if b.warn else None)
        elif isinstance(b, TableBlock):
            doc.statement(b.statement, font_size=b.font_size, with_caption=b.caption)
        elif isinstance(b, PageBreak):
            doc.page_break()
        elif isinstance(b, Orientation):
            doc.orientation(b.landscape)
    return doc.bytes()
