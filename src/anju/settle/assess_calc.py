"""The yearly bank assessment's scoring sheet (受托银行考核, hpf-reference-2 §1.5), pure.

A template of weighted items grouped like the self-evaluation's (一级指标 with its points, 二级指标 rows): each
item is computed from the data, entered by hand, or a score entered by hand. Scoring (rounded half-up to two
decimals):

- higher is better: min(weight, weight × actual ÷ target);
- lower is better: full marks up to the target, zero from ``zero_at``, straight in between;
- a score entered by hand: as entered (0 … weight);
- the total = Σ items − deductions (违规扣分), at least 0; a one-vote veto (一票否决) makes it 0;
- grade: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差 (the bands of the fee factor are the fee rules').

An item without its actual (no data yet, e.g. 到账及时率 before statements are imported) is shown 暂无数据 and
scores full marks only when entered by hand; otherwise it scores 0 and the sheet says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

HIGH, LOW, SCORE = "high", "low", "score"
TWO = Decimal("0.01")


@dataclass(frozen=True)
class Item:
    code: str
    group: str  # 一级指标（分值）
    name: str  # 二级指标
    weight: Decimal
    rule: str  # HIGH, LOW, SCORE
    unit: str = "%"  # how the actual reads: %, 笔, 元
    source: str = "data"  # data, manual
    target: Decimal | None = None
    zero_at: Decimal | None = None


# The 100-point sheet of §1.5 [DK composition]; targets come from the policy parameters settle.assess_*.
TEMPLATE: tuple[Item, ...] = (
    Item("collect_growth", "归集扩面（20分）", "归集业务量增长率", Decimal(10), HIGH),
    Item("collect_share", "归集扩面（20分）", "归集业务量份额", Decimal(10), HIGH),
    Item("loan_share", "贷款业务（20分）", "贷款发放额份额", Decimal(20), HIGH),
    Item("overdue_rate", "贷后管理（15分）", "受托贷款逾期率", Decimal(15), LOW),
    Item("timeliness", "结算与对账（15分）", "资金到账及时率", Decimal(5), HIGH),
    Item("result_error_rate", "结算与对账（15分）", "回盘差错率", Decimal(5), LOW),
    Item("recon_errors", "结算与对账（15分）", "对账差错笔数", Decimal(5), LOW, unit="笔"),
    Item("link_availability", "直联系统（10分）", "直联系统可用率", Decimal(10), HIGH, source="manual"),
    Item("window_service", "窗口服务（10分）", "窗口服务（投诉、好差评）", Decimal(10), SCORE, unit="分", source="manual"),
    Item("compliance", "合规与安全（10分）", "合规与安全", Decimal(10), SCORE, unit="分", source="manual"),
)
CODES = {i.code for i in TEMPLATE}


def with_targets(template: tuple[Item, ...], targets: dict[str, tuple[Decimal | None, Decimal | None]]):
    """The template with (target, zero_at) per item code."""
    return tuple(replace(i, target=targets.get(i.code, (i.target, i.zero_at))[0],
                         zero_at=targets.get(i.code, (i.target, i.zero_at))[1]) for i in template)


@dataclass(frozen=True)
class Row:
    item: Item
    actual: Decimal | None
    score: Decimal
    note: str


@dataclass(frozen=True)
class Sheet:
    rows: tuple[Row, ...]
    deductions: tuple[tuple[str, Decimal], ...]
    veto: str | None
    total: Decimal
    grade: str

    def groups(self) -> list[tuple[str, Decimal, Decimal]]:
        out: dict[str, list[Decimal]] = {}
        for r in self.rows:
            g = out.setdefault(r.item.group, [Decimal(0), Decimal(0)])
            g[0] += r.item.weight
            g[1] += r.score
        return [(name, w, s) for name, (w, s) in out.items()]


def _q(x: Decimal) -> Decimal:
    return x.quantize(TWO, rounding=ROUND_HALF_UP)


def score_item(item: Item, actual: Decimal | None) -> tuple[Decimal, str]:
    if actual is None:
        return Decimal(0), "暂无数据，未得分"
    if item.rule == SCORE:
        return _q(max(Decimal(0), min(item.weight, actual))), "人工评分"
    if item.rule == HIGH:
        if not item.target:
            return item.weight, "无目标值，得满分"
        return _q(min(item.weight, item.weight * actual / item.target)), "分值×实际值÷目标值，不超过分值"
    target = item.target or Decimal(0)
    if actual <= target:
        return item.weight, "不高于目标值，得满分"
    if item.zero_at is None or actual >= item.zero_at:
        return Decimal(0), "达到零分线"
    return _q(item.weight * (item.zero_at - actual) / (item.zero_at - target)), "目标值与零分线之间按比例得分"


def grade_of(total: Decimal) -> str:
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


def evaluate(template: tuple[Item, ...], actuals: dict[str, Decimal | None], *,
             deductions: tuple[tuple[str, Decimal], ...] = (), veto: str | None = None) -> Sheet:
    rows = tuple(Row(i, actuals.get(i.code), *score_item(i, actuals.get(i.code))) for i in template)
    total = sum((r.score for r in rows), Decimal(0)) - sum((d for _, d in deductions), Decimal(0))
    total = Decimal(0) if veto else max(Decimal(0), _q(total))
    return Sheet(rows, deductions, veto, total, grade_of(total))
