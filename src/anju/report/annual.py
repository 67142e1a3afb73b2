"""The annual report (XX市住房公积金20XX年年度报告) in the structure centres publish, computed from the books.

The report is data: sections of paragraphs whose figures are ``{indicator|unit}`` placeholders, tables of an
indicator broken down, charts, and the staff's free texts. Every figure names its indicator, so a reader can
ask where it comes from (the catalogue's definition and the records behind it). Consistency checks run with
the report and a failing one is printed in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection

from anju.core.money import format_yuan
from anju.indicators import catalogue as cat
from anju.indicators.catalogue import Period, Unit
from anju.report.format import shown

PLACEHOLDER = re.compile(r"\{([a-z_.]+)(?:\|([^}]+))?\}")

# Units a placeholder may ask for besides the indicator's own.
SCALES = {"亿元": Unit.YI, "万元": Unit.WAN, "元": Unit.YUAN, "%": Unit.PERCENT, "‰": Unit.PERMILLE}


@dataclass(frozen=True)
class TableSpec:
    title: str
    code: str
    breakdown: str
    unit: str | None = None  # 亿元 / 万元 … for money
    share: bool = True  # add a 占比 column


@dataclass(frozen=True)
class ChartSpec:
    title: str
    code: str
    kind: str  # "monthly" (bars by month) or "breakdown:<dim>" (a pie of shares)


@dataclass(frozen=True)
class SectionSpec:
    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[TableSpec, ...] = ()
    charts: tuple[ChartSpec, ...] = ()
    text_key: str | None = None  # staff text placed at the start of the section


SPEC: tuple[SectionSpec, ...] = (
    SectionSpec("一、机构概况", text_key="org"),
    SectionSpec("二、业务运行情况"),
    SectionSpec("（一）缴存", paragraphs=(
        "{year}年，新开户单位{registry.employers_new}家，实缴单位{registry.employers_paying}家；"
        "新开户职工{registry.members_new}人，实缴职工{registry.members_paying}人，其中灵活就业人员缴存{registry.flexible_paying}人。",
        "{year}年，缴存额{deposit.amount|亿元}亿元，比上年增长{deposit.amount_growth|%}%。年末缴存总额{deposit.total_to_date|亿元}亿元，"
        "缴存余额{deposit.balance|亿元}亿元，比上年增长{deposit.balance_growth|%}%。缴存率{deposit.rate|%}%。",
        "{year}年，办理异地转移接续转入{transfer.in_count}笔、{transfer.in_amount|万元}万元，"
        "转出{transfer.out_count}笔、{transfer.out_amount|万元}万元。",
    ), tables=(TableSpec("缴存额按单位性质分布", "deposit.amount", "employer_kind", "万元"),
               TableSpec("实缴职工按单位性质分布", "registry.members_paying", "employer_kind"),
               TableSpec("异地转入按转出中心分布", "transfer.in_amount", "centre", "万元"),
               TableSpec("异地转出按转入中心分布", "transfer.out_amount", "centre", "万元")),
        charts=(ChartSpec("各月缴存额（万元）", "deposit.amount", "monthly"),)),
    SectionSpec("（二）提取", paragraphs=(
        "{year}年，{withdrawal.people}名缴存职工提取住房公积金{withdrawal.amount|亿元}亿元，比上年增长{withdrawal.amount_growth|%}%；"
        "提取额占当年缴存额的比率（提取率）为{withdrawal.rate|%}%。",
        "其中，住房消费类提取{withdrawal.housing_amount|亿元}亿元，占{withdrawal.housing_share|%}%；"
        "销户提取{withdrawal.closing_amount|亿元}亿元。年末累计提取总额{withdrawal.total_to_date|亿元}亿元。",
    ), tables=(TableSpec("提取额按提取原因分布", "withdrawal.amount", "reason", "万元"),),
        charts=(ChartSpec("提取原因构成", "withdrawal.amount", "breakdown:reason"),)),
    SectionSpec("（三）贷款", paragraphs=(
        "{year}年，发放个人住房贷款{loan.issued_count}笔、{loan.issued_amount|亿元}亿元，比上年增长{loan.issued_growth|%}%；"
        "回收个人住房贷款{loan.recovered|亿元}亿元。",
        "其中，组合贷款{loan.combined_count}笔，商转公贷款{loan.refinance_count}笔，异地贷款{loan.remote_count}笔。",
        "年末累计发放个人住房贷款{loan.issued_to_date_count}笔、{loan.issued_to_date|亿元}亿元，"
        "贷款余额{loan.balance|亿元}亿元，个人住房贷款率（个贷率）{loan.ratio|%}%。",
    ), tables=(TableSpec("发放贷款按期限分布", "loan.issued_amount", "term", "万元"),
               TableSpec("发放贷款按套数分布", "loan.issued_count", "home")),
        charts=(ChartSpec("各月贷款发放额（万元）", "loan.issued_amount", "monthly"),)),
    SectionSpec("（四）资金运用", paragraphs=(
        "年末个人住房贷款余额与国债余额之和占缴存余额的比率（资金运用率）为{fund.use_rate|%}%；"
        "累计提取、贷款余额与国债余额之和占累计归集额的比率（住房公积金使用率）为{fund.usage_rate|%}%。",
        "年末国债余额{fund.bonds|亿元}亿元，定期（协定、通知）存款{fund.time_deposits|亿元}亿元，"
        "活期（备付）资金{fund.demand|亿元}亿元，备付率{fund.reserve_ratio|%}%。",
    )),
    SectionSpec("三、主要财务数据", paragraphs=(
        "{year}年，业务收入{finance.income|万元}万元，业务支出{finance.expense|万元}万元，其中支付职工住房公积金利息"
        "{finance.member_interest|万元}万元；增值收益{finance.gain|万元}万元，增值收益率{finance.gain_rate|%}%。",
        "增值收益分配：提取贷款风险准备金{finance.to_risk_reserve|万元}万元，提取管理费用{finance.to_management|万元}万元，"
        "提取城市廉租住房（公共租赁住房）建设补充资金{finance.to_housing|万元}万元。",
    ), tables=(TableSpec("业务收入构成", "finance.income", "kind", "万元"),
               TableSpec("业务支出构成", "finance.expense", "kind", "万元"))),
    SectionSpec("四、资产风险状况", paragraphs=(
        "年末个人住房贷款逾期额{loan.overdue_amount|万元}万元，逾期率{loan.overdue_rate|‰}‰。"
        "年末贷款风险准备金余额{finance.risk_reserve|万元}万元，风险准备金充足率{finance.risk_reserve_adequacy|%}%；"
        "当年核销呆坏账{loan.written_off|万元}万元。",
    ), tables=(TableSpec("逾期贷款按逾期时间分布", "loan.overdue_amount", "bucket", "万元"),)),
    SectionSpec("五、社会经济效益", paragraphs=(
        "{year}年，住房消费类提取与发放个人住房贷款之和占当年缴存额的比率（住房贡献率）为{loan.housing_contribution|%}%。",
    )),
    SectionSpec("六、其他重要事项", text_key="other", paragraphs=(
        "{year}年，运用电子稽查工具核查业务数据，疑点率{compliance.suspect_rate|%}%，疑点整改率{compliance.rectify_rate|%}%；"
        "认定骗提骗贷案件{compliance.fraud_cases}件，追回资金{compliance.fraud_recovered|万元}万元，作出处罚{compliance.fraud_penalised}件，"
        "移送公安机关{compliance.fraud_referred}件；归集执法立案{compliance.enforcement_cases}件。",
        "{year}年，受理12329热线、信访和网上投诉{compliance.complaints}件，投诉处理率{compliance.complaint_handled_rate|%}%，"
        "按期办结率{compliance.complaint_on_time_rate|%}%。年末睡眠户{compliance.dormant_accounts}户、"
        "{compliance.dormant_amount|万元}万元。",
    )),
)

TEXT_KEYS = {"org": "机构概况（管委会、中心、分支机构、人员）", "other": "其他重要事项"}


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]
    code: str | None = None  # the indicator broken down, so a reader can ask where the figures come from
    breakdown: str | None = None


@dataclass
class Chart:
    title: str
    png: bytes

    @property
    def data_uri(self) -> str:
        import base64

        return "data:image/png;base64," + base64.b64encode(self.png).decode()


@dataclass
class Section:
    title: str
    text: str = ""
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    level: int = 1
    # Each paragraph as pieces (text, indicator code or None): the page links every figure to its explanation.
    pieces: list[list[tuple[str, str | None]]] = field(default_factory=list)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass
class AnnualReport:
    year: int
    centre: str
    sections: list[Section]
    checks: list[Check]
    figures: list[tuple[str, str, str, object, object]]  # code, name, unit, this year, last year
    used: dict[str, str] = field(default_factory=dict)  # indicator code → definition, for the notes

    @property
    def title(self) -> str:
        return f"{self.centre.replace('管理中心', '')}{self.year}年年度报告"

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def notes(self) -> list[tuple[str, str]]:
        """附：指标口径 — (the indicator's Chinese name, its definition), in catalogue-code order."""
        known = cat.catalogue()
        return [(known[code].name if code in known else code, definition)
                for code, definition in sorted(self.used.items())]


class _Values:
    """Indicator values of one period, computed once each."""

    def __init__(self, conn: Connection, period: Period) -> None:
        self.conn, self.period, self.cache = conn, period, {}

    def __call__(self, code: str):
        if code not in self.cache:
            self.cache[code] = cat.value(self.conn, code, self.period)
        return self.cache[code]


# “比上年增长{x|%}%”: said in words when there is no prior year, and as 下降 when the figure fell.
GROWTH = re.compile(r"比上年增长\{([a-z_.]+)\|%\}%")


def _pieces(text: str, values: _Values, year: int, used: dict[str, str]) -> list[tuple[str, str | None]]:
    """A paragraph's text cut at its figures: (literal text, None) and (figure as shown, indicator code).
    An indicator the catalogue does not hold (yet) shows as “—”."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for m in PLACEHOLDER.finditer(text):
        growth = GROWTH.match(text, max(0, m.start() - len("比上年增长")))
        if growth is not None and growth.end() == m.end() + 1 and m.group(1) in cat.catalogue():
            code = m.group(1)
            v = values(code)
            used[code] = cat.catalogue()[code].definition
            head = text[pos:growth.start()]
            if head:
                out.append((head, None))
            if v is None:
                out.append(("上年无可比数据", code))
            elif v < 0:
                out.extend([("比上年下降", None), (shown(-v, Unit.PERCENT), code), ("%", None)])
            else:
                out.extend([("比上年增长", None), (shown(v, Unit.PERCENT), code), ("%", None)])
            pos = growth.end()
            continue
        if m.start() > pos:
            out.append((text[pos:m.start()], None))
        code, unit = m.group(1), m.group(2)
        if code == "year":
            out.append((str(year), None))
        else:
            ind = cat.catalogue().get(code)
            if ind is None:
                out.append(("—", None))
            else:
                used[code] = ind.definition
                v = values(code)
                sign = text[m.end():m.end() + 1]
                if v is None and unit in ("%", "‰") and sign == unit:
                    # a ratio with nothing to divide by (no withdrawals, no prior year): said in words
                    out.append(("（无可计算数据）", code))
                    pos = m.end() + 1
                    continue
                out.append((shown(v, SCALES.get(unit, ind.unit)), code))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def _table(conn: Connection, period: Period, spec: TableSpec, used: dict[str, str]) -> Table:
    ind = cat.get(spec.code)
    used[spec.code] = ind.definition
    parts = cat.by(conn, spec.code, period, spec.breakdown)
    unit = SCALES.get(spec.unit, ind.unit) if spec.unit else ind.unit
    total = sum(v for v in parts.values() if v is not None)
    dim = next(b.label for b in ind.breakdowns if b.code == spec.breakdown)
    headers = [dim, f"{ind.name}（{unit.value}）"] + (["占比（%）"] if spec.share else [])
    rows = []
    for key, v in sorted(parts.items(), key=lambda kv: -(kv[1] or 0)):
        row = [key, shown(v, unit)]
        if spec.share:
            row.append(shown(cat.divide(v, total), Unit.PERCENT) if total else "—")
        rows.append(row)
    # 合计 is the indicator's own value, the same figure the text quotes (one source). For a count of people
    # the groups can overlap (a member paying under two kinds in one year is in both): then the sum of the
    # groups is shown too, so the table never contradicts the text.
    whole = cat.value(conn, spec.code, period)
    whole = total if whole is None else whole
    if whole != total:
        rows.append(["各组合计（同一对象可属多组）", shown(total, unit)] + (["100.00"] if spec.share and total else []))
        rows.append(["合计（不重复计数）", shown(whole, unit)] + (["—"] if spec.share else []))
    else:
        rows.append(["合计", shown(total, unit)] + (["100.00"] if spec.share and total else ["—"] if spec.share else []))
    return Table(spec.title, headers, rows, code=spec.code, breakdown=spec.breakdown)


def build(conn: Connection, *, year: int, centre: str, texts: dict[str, str], as_of: date,
          charts: bool = True) -> AnnualReport:
    """The report of a year as known on the business date ``as_of``; every figure is computed once (one catalogue
    snapshot for the whole report)."""
    with cat.snapshot():
        return _build(conn, year=year, centre=centre, texts=texts, as_of=as_of, charts=charts)


def _build(conn: Connection, *, year: int, centre: str, texts: dict[str, str], as_of: date,
           charts: bool) -> AnnualReport:
    from anju.report import charts as chartmod

    period = Period.year(year)
    values = _Values(conn, period)
    used: dict[str, str] = {}
    sections = []
    for spec in SPEC:
        level = 2 if spec.title.startswith("（") else 1
        sec = Section(spec.title, text=texts.get(spec.text_key, "") if spec.text_key else "", level=level)
        sec.pieces = [_pieces(p, values, year, used) for p in spec.paragraphs]
        sec.paragraphs = ["".join(piece for piece, _ in p) for p in sec.pieces]
        held = cat.catalogue()  # tables and charts of indicators not (yet) in the catalogue are left out
        sec.tables = [_table(conn, period, t, used) for t in spec.tables if t.code in held]
        if charts:
            sec.charts = [Chart(c.title, chartmod.render(conn, period, c)) for c in spec.charts if c.code in held]
        sections.append(sec)
    last = _Values(conn, period.previous_year())
    figures = []
    for code, ind in cat.catalogue().items():
        figures.append((code, ind.name, ind.unit.value, values(code), last(code)))
    return AnnualReport(year, centre, sections, consistency_checks(conn, period, as_of=as_of), figures, used)


# --------------------------------------------------------------------------------------------- checks


def consistency_checks(conn: Connection, period: Period, *, as_of: date) -> list[Check]:
    """Figures that must agree with each other; a failing check is printed in the report. While the period is
    still running on the business date ``as_of``, the members' accounts are also checked against the ledger."""
    from anju.ledger.queries import account_balance
    from anju.registry import txn_summary
    from anju.registry.queries import total_balance

    checks = []
    before = date.fromordinal(period.start.toordinal() - 1)
    opening = account_balance(conn, "201", as_of=before)
    closing = account_balance(conn, "201", as_of=period.last_day)
    by_type = {key: amount for (key,), (amount, _n, _p) in  # the member sub-ledger by type (roll-up)
               txn_summary.by(conn, period.start, period.end, ("type",)).items()}
    contributions = int(by_type.get("01", 0) or 0) + int(by_type.get("02", 0) or 0)
    withdrawals = -(int(by_type.get("11", 0) or 0) + int(by_type.get("12", 0) or 0))
    interest = int(by_type.get("09", 0) or 0)
    others = sum(int(v or 0) for t, v in by_type.items() if t not in ("01", "02", "11", "12", "09"))
    ok = opening + contributions - withdrawals + interest + others == closing
    checks.append(Check("缴存余额勾稽", ok,
                        f"年初缴存余额{format_yuan(opening)} + 缴存{format_yuan(contributions)} − 提取{format_yuan(withdrawals)}"
                        f" + 结息{format_yuan(interest)} + 转移及其他{format_yuan(others)} = {format_yuan(opening + contributions - withdrawals + interest + others)}，"
                        f"年末缴存余额{format_yuan(closing)}"))
    members = total_balance(conn)
    if period.end > as_of:
        checks.append(Check("个人账户与总账一致", members == account_balance(conn, "201"),
                            f"个人账户余额合计{format_yuan(members)}，总账201科目{format_yuan(account_balance(conn, '201'))}"))
    checks += _loan_check(conn, period)
    return checks


def _loan_check(conn: Connection, period: Period) -> list[Check]:
    """Loans: opening + issued − recovered − written off = closing (when the loan area is present)."""
    if "loan.issued_amount" not in cat.catalogue():
        return []
    from anju.ledger.queries import account_balance

    before = date.fromordinal(period.start.toordinal() - 1)
    opening = account_balance(conn, "121", as_of=before) + account_balance(conn, "122", as_of=before)
    closing = account_balance(conn, "121", as_of=period.last_day) + account_balance(conn, "122", as_of=period.last_day)
    issued = cat.value(conn, "loan.issued_amount", period)
    recovered = cat.value(conn, "loan.recovered", period)
    written = cat.value(conn, "loan.written_off", period)
    return [Check("贷款余额勾稽", opening + issued - recovered - written == closing,
                  f"年初贷款余额{format_yuan(opening)} + 发放{format_yuan(issued)} − 回收{format_yuan(recovered)}"
                  f" − 核销{format_yuan(written)} = {format_yuan(opening + issued - recovered - written)}，"
                  f"年末贷款余额{format_yuan(closing)}")]

