"""Scoring of a performance indicator table (绩效指标评分), with the published reports' conventions as defaults.

- deviation = (actual − target) ÷ target (seed 001: ≥54.12 → 60.43 is +11.66 %);
- a met target scores the full weight (分值);
- an unmet ≥ target scores weight × actual ÷ target, an unmet ≤ target weight × target ÷ actual, an unmet
  = target weight × (1 − |deviation|), a range the nearer bound's ratio;
- budget execution scores weight × execution rate (seed 003: 10 × 79.54 % = 7.95);
- qualitative grades score a fraction by how many steps the actual grade lies below the target on a scale
  (seed 003: 效果良好 against 效果明显 is one step → 3 of 5);
- an evaluator may override any computed score with a reason (seed 004);
- scores are rounded half-up to two decimals, the total is the sum of the row scores, and the grade comes
  from editable bands (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差).

Pure: values in, values out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from anju.budget.errors import BudgetError
from anju.core.errors import Problem


class Op(StrEnum):
    GE = "≥"
    GT = "＞"
    LE = "≤"
    LT = "＜"
    EQ = "="
    RANGE = "区间"
    GRADE = "定性"
    NA = "不适用"


class Method(StrEnum):
    """How a row is scored."""

    AUTO = "auto"  # by the target: quantitative comparison or grade scale
    EXECUTION = "execution"  # weight × execution rate
    MANUAL = "manual"  # only the evaluator's score counts

    @property
    def label(self) -> str:
        return {Method.AUTO: "按目标值", Method.EXECUTION: "预算执行率", Method.MANUAL: "人工评分"}[self]


class Source(StrEnum):
    """Where a row's actual value comes from."""

    MANUAL = "manual"  # entered by staff
    EXECUTION = "execution"  # the year's budget execution rate, from the budget data
    FUND = "fund"  # a fund indicator of the statistics catalogue (anju.budget.sources)

    @property
    def label(self) -> str:
        return {Source.MANUAL: "人工填报", Source.EXECUTION: "预算执行", Source.FUND: "业务指标"}[self]


def source_by_label(text: str | None) -> Source | None:
    cleaned = (text or "").strip()
    if not cleaned or cleaned in ("人工", "人工填报", "手工", "manual"):
        return Source.MANUAL
    if cleaned in ("预算执行", "预算执行率", "execution"):
        return Source.EXECUTION
    if cleaned in ("业务指标", "业务数据", "统计指标", "fund"):
        return Source.FUND
    return None


def method_by_label(text: str | None) -> Method | None:
    cleaned = (text or "").strip()
    if not cleaned or cleaned in ("自动", "按目标值", "auto"):
        return Method.AUTO
    if cleaned in ("预算执行率", "按执行率", "执行率", "execution"):
        return Method.EXECUTION
    if cleaned in ("人工", "人工评分", "manual"):
        return Method.MANUAL
    return None


# ---------------------------------------------------------------- quantities and targets

# Units that convert into each other; everything else must match the target's unit literally.
_UNIT_FACTORS: dict[str, tuple[str, Decimal]] = {
    "%": ("ratio", Decimal("0.01")), "％": ("ratio", Decimal("0.01")), "‰": ("ratio", Decimal("0.001")),
    "元": ("money", Decimal(1)), "万元": ("money", Decimal(10_000)), "亿元": ("money", Decimal(100_000_000)),
    "亿": ("money", Decimal(100_000_000)), "万": ("count", Decimal(10_000)),
}

_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# A number and an optional unit without digits ("2024年12月之前" is a text target, not 2024 of something).
_QUANTITY = re.compile(rf"^\s*(?P<num>{_NUMBER})\s*(?P<unit>[^\d\s][^\d]*?)?\s*$")
_FULLWIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": ".", "，": ",", "－": "-",
                            "＋": "+", "＜": "<", "＞": ">", "＝": "=", "≧": "≥", "≦": "≤", "～": "~",
                            "—": "-", "–": "-", "％": "%"})
_OPERATORS = (("≥", Op.GE), (">=", Op.GE), ("≤", Op.LE), ("<=", Op.LE), ("=>", Op.GE), ("=<", Op.LE),
              ("==", Op.EQ), ("=", Op.EQ), (">", Op.GT), ("<", Op.LT))
_RANGE = re.compile(rf"^\s*\[?\s*(?P<lo>{_NUMBER})\s*(?P<lo_unit>[%‰]|万元|亿元|元)?\s*(?:-|~|至|,)\s*"
                    rf"(?P<hi>{_NUMBER})\s*(?P<hi_unit>[^\d\s\]]*)\s*\]?\s*$")


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str = ""

    def shown(self) -> str:
        return f"{_plain(self.value)}{self.unit}"


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return text


def parse_quantity(text: str) -> Quantity | None:
    """``"60.43"`` / ``"99.27%"`` / ``"859.70万元"`` / ``"11个"`` → Quantity; None when it is not a number."""
    match = _QUANTITY.match((text or "").translate(_FULLWIDTH))
    if match is None:
        return None
    try:
        value = Decimal(match["num"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return None
    return Quantity(value, (match["unit"] or "").strip())


def convert(q: Quantity, to_unit: str) -> Decimal | None:
    """``q`` expressed in ``to_unit``; None when the units cannot be compared. A bare number takes the
    other side's unit (reports write ``>=100`` against ``100``)."""
    if not q.unit or not to_unit or q.unit == to_unit:
        return q.value
    a, b = _UNIT_FACTORS.get(q.unit), _UNIT_FACTORS.get(to_unit)
    if a is None or b is None or a[0] != b[0]:
        return None
    return q.value * a[1] / b[1]


@dataclass(frozen=True)
class Target:
    text: str
    op: Op
    value: Decimal | None = None  # GE/GT/LE/LT/EQ, and the lower bound of a range
    high: Decimal | None = None  # the upper bound of a range
    unit: str = ""
    grade: str = ""  # the expected grade of a qualitative target

    @property
    def quantitative(self) -> bool:
        return self.op not in (Op.GRADE, Op.NA)


NOT_APPLICABLE = ("不适用", "无", "—", "-", "/", "——")


def parse_target(text: str | None, *, bare_number: Op = Op.GE) -> Target:
    """Read a target as the reports write it: "≥54.12", ">=1800", "<=10%", "=100%", "≤0.3‰", "90%"
    (a bare number means ``bare_number``, ≥ by default), "90%-95%" (a range), "健全" (a grade)."""
    raw = (text or "").strip()
    if not raw or raw in NOT_APPLICABLE:
        return Target(raw, Op.NA)
    cleaned = raw.translate(_FULLWIDTH).strip()
    for symbol, op in _OPERATORS:
        if cleaned.startswith(symbol):
            q = parse_quantity(cleaned[len(symbol):])
            if q is not None:
                return Target(raw, op, q.value, None, q.unit)
            return Target(raw, Op.GRADE, grade=cleaned[len(symbol):].strip())
    match = _RANGE.match(cleaned)
    if match is not None:
        unit = match["hi_unit"] or match["lo_unit"] or ""
        lo, hi = Decimal(match["lo"].replace(",", "")), Decimal(match["hi"].replace(",", ""))
        if lo > hi:
            lo, hi = hi, lo
        return Target(raw, Op.RANGE, lo, hi, unit)
    q = parse_quantity(cleaned)
    if q is not None:
        return Target(raw, bare_number, q.value, None, q.unit)
    return Target(raw, Op.GRADE, grade=cleaned)


# ---------------------------------------------------------------- the rules as data


@dataclass(frozen=True)
class GradeBand:
    minimum: Decimal
    label: str


DEFAULT_BANDS = (GradeBand(Decimal(90), "优"), GradeBand(Decimal(80), "良"), GradeBand(Decimal(60), "中"),
                 GradeBand(Decimal(0), "差"))

# Qualitative scales, best first. An actual grade k steps below the target scores step_fractions[k].
DEFAULT_SCALES: tuple[tuple[str, ...], ...] = (
    ("效果明显", "效果良好", "效果一般", "效果较差"),
    ("效果显著", "效果较显著", "效果一般", "效果不显著"),
    ("显著", "较显著", "一般", "不显著"),
    ("明显", "较明显", "一般", "不明显"),
    ("好", "较好", "一般", "差"),
    ("优", "良", "中", "差"),
    ("满意", "较满意", "基本满意", "不满意"),
    ("健全", "较健全", "基本健全", "不健全"),
    ("完善", "较完善", "基本完善", "不完善"),
    ("规范", "较规范", "基本规范", "不规范"),
    ("合理", "较合理", "基本合理", "不合理"),
    ("合规", "较合规", "基本合规", "不合规"),
    ("明确", "较明确", "基本明确", "不明确"),
    ("科学", "较科学", "基本科学", "不科学"),
    ("有效", "较有效", "基本有效", "无效"),
    ("及时", "较及时", "基本及时", "不及时"),
    ("可控", "较可控", "基本可控", "不可控"),
    ("公开", "部分公开", "未公开"),
    ("建立", "部分建立", "未建立"),
    ("达标", "基本达标", "未达标"),
    ("完成", "基本完成", "未完成"),
)
DEFAULT_STEP_FRACTIONS = (Decimal(1), Decimal("0.6"), Decimal("0.3"), Decimal(0))


@dataclass(frozen=True)
class Rules:
    """Scoring conventions of one year; stored as JSON, editable, defaults from the seed reports."""

    score_places: int = 2
    deviation_places: int = 2  # of the percentage
    bare_number: Op = Op.GE
    step_fractions: tuple[Decimal, ...] = DEFAULT_STEP_FRACTIONS
    scales: tuple[tuple[str, ...], ...] = DEFAULT_SCALES
    bands: tuple[GradeBand, ...] = DEFAULT_BANDS
    total_weight: Decimal = Decimal(100)

    def to_json(self) -> str:
        data = asdict(self)
        data["bare_number"] = self.bare_number.value
        return json.dumps(data, ensure_ascii=False, default=str, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> Rules:
        if not text:
            return cls()
        data = json.loads(text)
        base = cls()
        return replace(
            base,
            score_places=int(data.get("score_places", base.score_places)),
            deviation_places=int(data.get("deviation_places", base.deviation_places)),
            bare_number=Op(data.get("bare_number", base.bare_number.value)),
            step_fractions=tuple(Decimal(str(x)) for x in data.get("step_fractions", base.step_fractions)),
            scales=tuple(tuple(s) for s in data.get("scales", base.scales)),
            bands=tuple(sorted((GradeBand(Decimal(str(b["minimum"])), b["label"])
                                for b in data.get("bands", [asdict(b) for b in base.bands])),
                               key=lambda b: b.minimum, reverse=True)),
            total_weight=Decimal(str(data.get("total_weight", base.total_weight))),
        )

    def check(self) -> list[Problem]:
        problems = []
        if not 0 <= self.score_places <= 4 or not 0 <= self.deviation_places <= 4:
            problems.append(Problem.of(BudgetError.RULE_DECIMALS, field="score_places"))
        if not self.step_fractions or self.step_fractions[0] != 1 or any(
                not 0 <= f <= 1 for f in self.step_fractions):
            problems.append(Problem.of(BudgetError.RULE_GRADE_START, field="step_fractions"))
        if list(self.step_fractions) != sorted(self.step_fractions, reverse=True):
            problems.append(Problem.of(BudgetError.RULE_GRADE_ORDER, field="step_fractions"))
        if not self.bands or min(b.minimum for b in self.bands) > 0:
            problems.append(Problem.of(BudgetError.RULE_LEVELS_COVER, field="bands"))
        if self.bare_number not in (Op.GE, Op.LE, Op.EQ):
            problems.append(Problem.of(BudgetError.RULE_PLAIN_TARGET, field="bare_number"))
        return problems

    def grade_of(self, total: Decimal) -> str:
        for band in sorted(self.bands, key=lambda b: b.minimum, reverse=True):
            if total >= band.minimum:
                return band.label
        return self.bands[-1].label if self.bands else ""

    def round_score(self, value: Decimal) -> Decimal:
        return value.quantize(Decimal(1).scaleb(-self.score_places), rounding=ROUND_HALF_UP)

    def grade_steps(self, expected: str, actual: str) -> int | None:
        """How many steps ``actual`` lies below ``expected`` (≤ 0 when at least as good); None if unknown."""
        if _same(expected, actual):
            return 0
        for scale in self.scales:
            i, j = _index(scale, expected), _index(scale, actual)
            if i is not None and j is not None:
                return j - i
        return None


def parse_rules(text: str) -> tuple[Rules | None, list[Problem]]:
    """Rules typed as JSON (the rules editor, the API): every problem at once — syntax with line and column,
    unknown keys (a typo must not be silently ignored), values of the wrong kind, and :meth:`Rules.check`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Problem.of(BudgetError.RULE_JSON, field="rules", lineno=exc.lineno, colno=exc.colno,
                                 msg=exc.msg)]
    if not isinstance(data, dict):
        return None, [Problem.of(BudgetError.RULE_NOT_OBJECT, field="rules")]
    known = {f.name for f in fields(Rules)}
    problems = [Problem.of(BudgetError.RULE_KEY_UNKNOWN, field=key, key=key, known='、'.join(sorted(known)))
                for key in sorted(set(data) - known)]
    try:
        rules = Rules.from_json(text)
    except (ValueError, KeyError, TypeError, ArithmeticError) as exc:
        reason = "数值格式不正确" if isinstance(exc, ArithmeticError) else f"{type(exc).__name__}：{exc}"
        return None, [*problems, Problem.of(BudgetError.RULE_VALUE, field="rules", reason=reason)]
    problems += rules.check()
    return (None, problems) if problems else (rules, [])


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", (text or "").translate(_FULLWIDTH))


def _same(a: str, b: str) -> bool:
    return _norm(a) == _norm(b)


def _index(scale: Sequence[str], grade: str) -> int | None:
    g = _norm(grade)
    for i, item in enumerate(scale):
        if _norm(item) == g:
            return i
    return None


# ---------------------------------------------------------------- rows and results


@dataclass(frozen=True)
class Indicator:
    """One row of the table as entered (targets and actuals as text, the way the reports write them)."""

    level1: str
    level2: str
    level3: str
    target: str
    actual: str | None
    weight: Decimal | None
    score: Decimal | None = None  # the evaluator's score, overriding the rule
    method: Method = Method.AUTO
    reason: str = ""  # why the evaluator overrode the rule
    cause: str = ""  # 偏差原因分析及改进措施
    row: int | None = None  # where it came from (spreadsheet row), for messages


@dataclass(frozen=True)
class Scored:
    indicator: Indicator
    target: Target
    applicable: bool
    met: bool | None
    deviation: Decimal | None  # a ratio, e.g. Decimal("0.1166")
    computed: Decimal | None  # the rule's score (rounded), None when the rule cannot score the row
    score: Decimal | None  # what counts: the override when given, else the rule's
    overridden: bool
    note: str = ""  # how the score was reached, in Chinese

    def deviation_text(self, places: int = 2) -> str:
        if self.deviation is None:
            return "0%" if self.applicable and not self.target.quantitative and self.met else ""
        pct = (self.deviation * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if pct == 0:
            pct = abs(pct)
        return f"{pct}%"


@dataclass(frozen=True)
class Group:
    name: str
    weight: Decimal
    score: Decimal
    declared: Decimal | None = None  # “成本指标（20分）”

    @property
    def rate(self) -> Decimal | None:
        return None if self.weight == 0 else self.score / self.weight


@dataclass(frozen=True)
class Evaluation:
    rows: tuple[Scored, ...]
    groups: tuple[Group, ...]
    total_weight: Decimal
    total: Decimal
    grade: str
    problems: tuple[Problem, ...] = ()  # rows that cannot be scored: the total is incomplete
    warnings: tuple[Problem, ...] = ()  # weights not adding up, missing override reasons …

    @property
    def complete(self) -> bool:
        return not self.problems


_DECLARED = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")


def declared_weight(group_name: str) -> Decimal | None:
    match = _DECLARED.search(group_name or "")
    return Decimal(match[1]) if match else None


def _fraction_score(weight: Decimal, fraction: Decimal, rules: Rules) -> Decimal:
    fraction = max(Decimal(0), min(Decimal(1), fraction))
    return rules.round_score(weight * fraction)


def score_row(ind: Indicator, rules: Rules = Rules(), *, execution_rate: Decimal | None = None) -> Scored:
    """Score one row. ``execution_rate`` (a ratio) feeds rows scored by budget execution when the actual
    is not written in the row itself."""
    target = parse_target(ind.target, bare_number=rules.bare_number)
    weight = ind.weight
    applicable = not (target.op is Op.NA and (weight is None or weight == 0))
    if not applicable:
        return Scored(ind, target, False, None, None, None, None, False, "不适用")
    actual_text = (ind.actual or "").strip()
    met: bool | None = None
    deviation: Decimal | None = None
    computed: Decimal | None = None
    note = ""
    if weight is None:
        note = "缺少分值"
    elif ind.method is Method.MANUAL:
        note = "人工评分"
    elif ind.method is Method.EXECUTION:
        rate = execution_rate  # exact, from the budget data, when the row does not state the rate itself
        if actual_text:  # "79.54%" (a bare number is read as a percentage too)
            q = parse_quantity(actual_text)
            pct = None if q is None else convert(Quantity(q.value, q.unit or "%"), "%")
            rate = None if pct is None else pct / 100
        if rate is None:
            note = "缺少预算执行率"
        else:
            computed = _fraction_score(weight, rate, rules)
            note = f"分值×执行率（{_plain((rate * 100).quantize(Decimal('0.01'), ROUND_HALF_UP))}%）"
            value = convert(Quantity(rate * 100, "%"), target.unit) if target.quantitative else None
            if value is not None:
                met, deviation = _met(value, target), _deviation(value, target)
            else:
                met = rate >= 1
    elif target.op is Op.NA:
        note = "缺少目标值"
    elif not actual_text:
        note = "缺少实际完成值"
    elif target.op is Op.GRADE:
        steps = rules.grade_steps(target.grade or target.text, actual_text)
        if steps is None:
            note = f"无法比较定性等级“{actual_text}”与目标“{target.grade or target.text}”，须人工评分"
        else:
            met = steps <= 0
            fractions = rules.step_fractions
            fraction = Decimal(1) if steps <= 0 else (fractions[steps] if steps < len(fractions) else Decimal(0))
            computed = _fraction_score(weight, fraction, rules)
            note = "达到目标等级" if met else f"低于目标{steps}档，得分比例{_plain(fraction)}"
    else:
        q = parse_quantity(actual_text)
        value = None if q is None else convert(q, target.unit)
        if q is None:
            note = f"实际完成值“{actual_text}”不是数值，目标值为定量指标"
        elif value is None:
            note = f"实际完成值单位“{q.unit}”与目标值单位“{target.unit}”不一致"
        else:
            met = _met(value, target)
            deviation = _deviation(value, target)
            if met:
                computed = rules.round_score(weight)
                note = "达到目标"
            else:
                computed = _fraction_score(weight, _partial(value, target), rules)
                note = _partial_note(target)
    score = computed
    overridden = False
    if ind.score is not None:
        overridden = computed is None or ind.score != computed
        score = rules.round_score(ind.score)
        if overridden:
            note = f"评价人评分（{ind.reason}）" if ind.reason else "评价人评分"
    return Scored(ind, target, True, met, deviation, computed, score, overridden, note)


def _met(value: Decimal, t: Target) -> bool:
    match t.op:
        case Op.GE:
            return value >= t.value
        case Op.GT:
            return value > t.value
        case Op.LE:
            return value <= t.value
        case Op.LT:
            return value < t.value
        case Op.EQ:
            return value == t.value
        case Op.RANGE:
            return t.value <= value <= t.high
    raise ValueError(t.op)  # pragma: no cover


def _deviation(value: Decimal, t: Target) -> Decimal | None:
    """(actual − target) ÷ target; for a range, from the nearer bound (0 inside). None when the target is 0
    and the actual is not (no ratio exists); 0 when both are 0."""
    reference = t.value
    if t.op is Op.RANGE:
        if t.value <= value <= t.high:
            return Decimal(0)
        reference = t.value if value < t.value else t.high
    if reference == 0:
        return Decimal(0) if value == 0 else None
    return (value - reference) / reference


def _partial(value: Decimal, t: Target) -> Decimal:
    """The fraction of the weight an unmet quantitative target earns."""
    match t.op:
        case Op.GE | Op.GT:
            return Decimal(0) if t.value <= 0 else value / t.value
        case Op.LE | Op.LT:
            return Decimal(0) if value <= 0 else t.value / value
        case Op.EQ:
            if t.value == 0:
                return Decimal(0)
            return 1 - abs(value - t.value) / abs(t.value)
        case Op.RANGE:
            if value < t.value:
                return Decimal(0) if t.value <= 0 else value / t.value
            return Decimal(0) if value <= 0 else t.high / value
    raise ValueError(t.op)  # pragma: no cover


def _partial_note(t: Target) -> str:
    return {Op.GE: "未达目标：分值×实际值÷目标值", Op.GT: "未达目标：分值×实际值÷目标值",
            Op.LE: "未达目标：分值×目标值÷实际值", Op.LT: "未达目标：分值×目标值÷实际值",
            Op.EQ: "未达目标：分值×(1−|偏差率|)", Op.RANGE: "超出区间：分值×较近边界÷实际值"}[t.op]


def evaluate(indicators: Iterable[Indicator], rules: Rules = Rules(), *,
             execution_rate: Decimal | None = None) -> Evaluation:
    """Score every row, then the groups (一级指标, in order of appearance), the total and the grade."""
    rows = tuple(score_row(ind, rules, execution_rate=execution_rate) for ind in indicators)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    order: list[str] = []
    weights: dict[str, Decimal] = {}
    scores: dict[str, Decimal] = {}
    for r in rows:
        ind = r.indicator
        if not r.applicable:
            continue
        if ind.weight is None:
            problems.append(Problem.of(BudgetError.SCORE_WEIGHT_MISSING, field="分值", row=ind.row))
            continue
        if ind.weight < 0:
            problems.append(Problem.of(BudgetError.SCORE_WEIGHT_NEGATIVE, field="分值", row=ind.row))
        if r.score is None:
            problems.append(Problem.of(BudgetError.SCORE_ACTUAL_REQUIRED, field="得分", row=ind.row,
                                       value=ind.level3 or ind.level2, note=r.note))
        elif r.score > ind.weight:
            problems.append(Problem.of(BudgetError.SCORE_ABOVE_WEIGHT, field="得分", row=ind.row, score=r.score,
                                       weight=ind.weight))
        elif r.score < 0:
            problems.append(Problem.of(BudgetError.SCORE_NEGATIVE, field="得分", row=ind.row))
        if r.overridden and r.computed is not None and not ind.reason.strip():
            warnings.append(Problem.of(BudgetError.SCORE_OVERRIDE_REASON, field="得分", row=ind.row,
                                       level3=ind.level3, score=r.score,
                                       computed=r.computed))
        if ind.level1 not in weights:
            order.append(ind.level1)
            weights[ind.level1] = Decimal(0)
            scores[ind.level1] = Decimal(0)
        weights[ind.level1] += ind.weight
        scores[ind.level1] += r.score or Decimal(0)
    groups = tuple(Group(name, weights[name], scores[name], declared_weight(name)) for name in order)
    for g in groups:
        if g.declared is not None and g.declared != g.weight:
            warnings.append(Problem.of(BudgetError.SCORE_GROUP_SUM, field="分值", g_name=g.name,
                                       plain=_plain(g.declared),
                                       plain2=_plain(g.weight)))
    total_weight = sum((g.weight for g in groups), Decimal(0))
    total = sum((g.score for g in groups), Decimal(0))
    if rules.total_weight and total_weight != rules.total_weight:
        warnings.append(Problem.of(BudgetError.SCORE_TOTAL_SUM, field="分值", plain=_plain(total_weight),
                                   plain2=_plain(rules.total_weight)))
    return Evaluation(rows, groups, total_weight, total, rules.grade_of(total), tuple(problems), tuple(warnings))


def format_score(value: Decimal | None, places: int = 2) -> str:
    """Scores as the reports print them: trailing zeros dropped (7.95, 10, 1.9)."""
    if value is None:
        return ""
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(q, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def describe_evaluation(ev: Evaluation, places: int = 2) -> dict:
    """A JSON-friendly view of an evaluation (the CLI and later the API print this)."""
    return {
        "rows": [{
            "row": r.indicator.row, "level1": r.indicator.level1, "level2": r.indicator.level2,
            "level3": r.indicator.level3, "target": r.indicator.target, "actual": r.indicator.actual,
            "weight": format_score(r.indicator.weight), "applicable": r.applicable, "met": r.met,
            "deviation": r.deviation_text(places) or None, "computed_score": format_score(r.computed),
            "score": format_score(r.score), "overridden": r.overridden, "note": r.note,
            "method": r.indicator.method.value, "cause": r.indicator.cause,
        } for r in ev.rows],
        "groups": [{"name": g.name, "weight": format_score(g.weight), "score": format_score(g.score),
                    "rate": None if g.rate is None else f"{(g.rate * 100).quantize(Decimal('0.01'), ROUND_HALF_UP)}%"}
                   for g in ev.groups],
        "total_weight": format_score(ev.total_weight),
        "total": format_score(ev.total),
        "grade": ev.grade,
        "complete": ev.complete,
        "problems": [str(p) for p in ev.problems],
        "warnings": [str(p) for p in ev.warnings],
    }
