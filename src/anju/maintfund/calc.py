"""Pure rules of the maintenance fund: first deposits, cost shares, owners' votes, interest by 积数, top-up flags.

Values in, values out; money in int fen, floor areas in hundredths of a square metre (``centi``, 98.50 m² = 9850),
every rounding names its mode. The five worked examples of hpf-reference-2 §6a are tests of this module
(``tests/maintfund/test_calc.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from anju.core.money import Rounding, round_to

AREA_SCALE = 100  # floor areas are stored in hundredths of a square metre


def m2(centi: int) -> Decimal:
    return Decimal(centi) / AREA_SCALE


# ------------------------------------------------------------------ first deposit (首期交存, 165号令 Art. 7)

def first_deposit(*, per_m2: int, floor_area: int, ratio: Decimal | None = None, unit: int = 100,
                  mode: Rounding = Rounding.HALF_UP) -> int:
    """The first deposit of a unit: ``per_m2`` fen × ``ratio`` (a share of the local 建安造价 per m²; None: ``per_m2``
    is the fixed amount per m²) × the floor area, intermediate decimals kept, rounded once to ``unit`` fen
    (100: to the yuan) with ``mode``. Pingdingshan: 1,291.19 × 6% = 77.4714 元/m² × 110.00 m² = 8,521.854 → 8,522 元."""
    exact = Fraction(per_m2) * Fraction(ratio if ratio is not None else 1) * Fraction(floor_area, AREA_SCALE)
    return round_to(exact, mode, unit)


def storey_class(storeys: int, *, mid_from: int, high_from: int) -> str:
    """多层 (below ``mid_from``), 小高层, 高层 (from ``high_from`` storeys): the key of the per-m² tables."""
    return "high" if storeys >= high_from else ("mid" if storeys >= mid_from else "low")


# ------------------------------------------------------------------ cost shares (分摊, Art. 20–21)

@dataclass(frozen=True)
class Share:
    key: str
    floor_area: int
    amount: int


def split_by_area(amount: int, units: Sequence[tuple[str, int]]) -> list[Share]:
    """Split ``amount`` fen by floor area, exact to the fen: each unit gets the floor of its exact share, and the
    fen left over go one each to the largest remainders (ties: in the order given) — the residue rule. Example
    2: 186,000.00 over 4 × 98.50, 4 × 110.00, 4 × 121.50 m² → 13,879.55 / 15,500.00 / 17,120.45, total exact."""
    total_area = sum(a for _k, a in units)
    if amount < 0 or total_area <= 0:
        raise ValueError("split_by_area needs a non-negative amount and a positive total area")
    exact = [Fraction(amount * a, total_area) for _k, a in units]
    floors = [int(q) for q in exact]
    left = amount - sum(floors)
    order = sorted(range(len(units)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [Share(k, a, f) for (k, a), f in zip(units, floors, strict=True)]


def shortfall(share: int, balance: int) -> int:
    """What a household's balance lacks to bear its share (flagged; the owner pays it). Example 2: 8,000.00 vs
    13,879.55 → 5,879.55."""
    return max(0, share - max(balance, 0))


# ------------------------------------------------------------------ votes (民法典 Art. 278, 165号令 Art. 22)

@dataclass(frozen=True)
class RuleSet:
    """One version of the voting thresholds (a policy value names the version in force)."""

    code: str
    title: str
    quorum: Fraction | None  # share of all owners (heads and area) who must take part; None: no participation rule
    of_participants: bool  # thresholds count against participants (民法典) or against all owners (165号令)
    use: tuple[Fraction, bool]  # (share, strictly more than) for using the fund
    raise_: tuple[Fraction, bool]  # for raising it (筹集), rebuilding, changing use


RULE_SETS: dict[str, RuleSet] = {
    "civil_code_2021": RuleSet("civil_code_2021", "《民法典》第二百七十八条（2021年1月1日起）", Fraction(2, 3), True,
                               (Fraction(1, 2), True), (Fraction(3, 4), False)),
    "reg165_2008": RuleSet("reg165_2008", "《住宅专项维修资金管理办法》第二十二条", None, False,
                           (Fraction(2, 3), False), (Fraction(2, 3), False)),
}


@dataclass(frozen=True)
class Tally:
    heads: int
    area: int  # centi m²


@dataclass(frozen=True)
class VoteResult:
    passed: bool
    reasons: tuple[str, ...]  # every test in Chinese, passed or not
    needed_heads: int
    needed_area: int  # centi m², rounded up to what must be reached


def _need(share: Fraction, base: int, strict: bool) -> int:
    """The smallest whole number n with n > share × base (strict) or n ≥ share × base."""
    x = share * base
    n = int(x)
    if strict:
        return n + 1
    return n if n == x else n + 1


def _ok(value: int, share: Fraction, base: int, strict: bool) -> bool:
    return value > share * base if strict else value >= share * base


def vote(*, total: Tally, participants: Tally, agree: Tally, decision: str, rules: RuleSet) -> VoteResult:
    """Whether owners decided: participation first (民法典: 双2/3 of heads and area), then the decision's threshold
    (using the fund: 双过半 of participants; raising it: 双3/4). Heads count one per owner (unsold units and several
    units of one buyer as one); areas per the register. Example 3 passes a use and fails a raise."""
    reasons = []
    passed = True
    if rules.quorum is not None:
        for label, v, b in (("人数", participants.heads, total.heads), ("面积", participants.area, total.area)):
            ok = _ok(v, rules.quorum, b, False)
            passed &= ok
            reasons.append(f"参与表决{label}{_show(label, v)}，须不少于{_show(label, _need(rules.quorum, b, False))}"
                           f"（总{label}{_show(label, b)}的{_frac(rules.quorum)}）：{'达到' if ok else '未达到'}")
    share, strict = rules.use if decision == "use" else rules.raise_
    base = participants if rules.of_participants else total
    whose = "参与表决" if rules.of_participants else "全体业主"
    heads_need, area_need = _need(share, base.heads, strict), _need(share, base.area, strict)
    for label, v, b in (("人数", agree.heads, base.heads), ("面积", agree.area, base.area)):
        ok = _ok(v, share, b, strict)
        passed &= ok
        reasons.append(f"同意{label}{_show(label, v)}，须{'超过' if strict else '不少于'}{whose}{label}的{_frac(share)}"
                       f"（{'>' if strict else '≥'}{_show(label, b, share)}）：{'达到' if ok else '未达到'}")
    return VoteResult(passed, tuple(reasons), heads_need, area_need)


def _frac(f: Fraction) -> str:
    return {Fraction(1, 2): "二分之一", Fraction(2, 3): "三分之二", Fraction(3, 4): "四分之三"}.get(f, str(f))


def _show(label: str, v: int, share: Fraction | None = None) -> str:
    if share is not None:
        x = share * v
        if label == "人数":
            return f"{Decimal(x.numerator) / Decimal(x.denominator):.2f}".rstrip("0").rstrip(".") + "人"
        return f"{m2(round_to(x, Rounding.UP, 1)):.2f}㎡"
    return f"{v}人" if label == "人数" else f"{m2(v):.2f}㎡"


# ------------------------------------------------------------------ interest by 积数 (增值收益分配)

SPLIT = 10_000  # 积数 split into high and low parts so the exact share is computed in 64-bit integers


def within_range(pool: int, total_jishu: int, max_jishu: int) -> bool:
    """Whether :func:`interest_share_split` stays inside 64-bit integers (a pool up to about 10亿元 a year and
    balances up to about 100亿元 — far above a city's fund)."""
    limit = 9 * 10 ** 18
    return (2 * pool * (max_jishu // SPLIT + 1) < limit and 2 * total_jishu * SPLIT + 2 * pool * SPLIT < limit
            and 2 * pool * SPLIT + total_jishu < limit)


def interest_share(jishu: int, pool: int, total_jishu: int) -> int:
    """One household's interest: pool × 积数 ÷ Σ 积数, rounded half-up to the fen — exactly."""
    return (2 * pool * jishu + total_jishu) // (2 * total_jishu)


def interest_share_split(jishu: int, pool: int, total_jishu: int) -> int:
    """:func:`interest_share` as the SQL computes it with 64-bit integers only: with N = 2·pool·积数 + Σ and
    积数 = hi·SPLIT + lo, N = A·SPLIT + B (A = 2·pool·hi, B = 2·pool·lo + Σ), and N div 2Σ =
    (A div 2Σ)·SPLIT + ((A mod 2Σ)·SPLIT + B) div 2Σ."""
    hi, lo = divmod(jishu, SPLIT)
    a, b, t = 2 * pool * hi, 2 * pool * lo + total_jishu, 2 * total_jishu
    return (a // t) * SPLIT + ((a % t) * SPLIT + b) // t


@dataclass(frozen=True)
class Allocation:
    shares: dict[str, int]
    common: int  # pool − Σ shares: the rounding residue, credited (or, if negative, debited) to the 公共账


def allocate_interest(pool: int, jishu: Mapping[str, int]) -> Allocation:
    """Allocate ``pool`` fen over households by 积数 (balance × days), exact: each share half-up to the fen, the
    residue (a few fen, either sign) to the area's common account. Example 4: 1,200.00 over 2,920,000 /
    5,475,000 / 1,830,000 → 342.69 / 642.54 / 214.77."""
    live = {k: j for k, j in jishu.items() if j > 0}
    total = sum(live.values())
    shares = {key: interest_share(j, pool, total) for key, j in live.items()}
    return Allocation(shares, pool - sum(shares.values()))


def jishu(opening: int, movements: Sequence[tuple[int, int]], *, start: int, end: int) -> int:
    """积数 over the days [start, end) (day numbers): the opening balance for every day, each movement (day,
    amount) from its day on."""
    return opening * (end - start) + sum(amount * (end - day) for day, amount in movements if start <= day < end)


# ------------------------------------------------------------------ top-up (续筹)

def needs_topup(*, first_deposit: int, balance: int, share: Decimal) -> bool:
    """A household whose balance fell below ``share`` (30%) of its first deposit must top up. Example 5: 首期
    9,900.00, balance 2,800.00 < 2,970.00 → True."""
    return first_deposit > 0 and Fraction(balance) < Fraction(first_deposit) * Fraction(share)


def topup_amount(*, first_deposit: int, balance: int) -> int:
    """The top-up billed: back to the first deposit (Haikou's default, the plan of the owners' assembly may differ)."""
    return max(0, first_deposit - balance)
