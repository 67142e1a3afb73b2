"""The plan of a synthetic centre: pure, from a seed and the centre's policy, month by month.

Nothing here touches the database or the clock. ``Plan.months()`` yields one ``MonthPlan`` per month; the
executors (``anju.sim.service_path`` and ``anju.sim.bulk``) carry it out and must produce the same rows.
A person's attributes are a function of (seed, member index), so nothing per person is kept but a few
numpy columns of state (employer, status, base).

Order within a month (both executors follow it): deferrals that ended are closed, the July base adjustment,
leavers sealed, movers transferred, new members opened (and spouses linked), new deferrals approved, area
activities, then the remittances day by day, and on June 30 the interest settlement.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np

from anju.core.dates import add_months, first_day, last_day, month_range
from anju.core.ids import make_resident_id, make_uscc
from anju.policy.store import PolicyStore
from anju.registry.codes import MaritalStatus
from anju.sim import names

NORMAL, SEALED = 1, 2
FLEXIBLE = -1

# 单位性质: (code, share of employers, size multiplier, median wage in yuan, ratio choices (employer = member))
KINDS = [
    ("10", 0.05, 2.5, 8200, ("0.12",)),
    ("11", 0.12, 2.0, 7400, ("0.12", "0.10")),
    ("20", 0.08, 3.0, 7800, ("0.12", "0.10")),
    ("30", 0.02, 0.8, 4600, ("0.08", "0.05")),
    ("40", 0.05, 1.8, 9500, ("0.12", "0.10", "0.08")),
    ("50", 0.58, 0.8, 5200, ("0.05", "0.06", "0.08", "0.10", "0.12")),
    ("51", 0.07, 0.2, 3600, ("0.05",)),
    ("60", 0.03, 0.5, 5600, ("0.08", "0.10")),
]
INDUSTRY_BY_KIND = {"10": "S", "11": "Q", "20": "D", "30": "A", "40": "C", "50": "I", "51": "F", "60": "S"}
DEFERRAL_DOCUMENTS = ("缓缴（降低比例）申请书", "职工代表大会或工会讨论通过的决议", "单位经营困难的证明材料（财务报表等）")
FLEX_RATIOS = (Decimal("0.12"), Decimal("0.16"), Decimal("0.24"))


@dataclass(frozen=True)
class SimConfig:
    seed: int = 1
    members: int = 1000  # members at the start (employees and flexible workers)
    employers: int | None = None  # default: about one per 65 members
    start_month: int = 202501
    months: int = 12
    end_date: date | None = None  # no event is dated later (the demo ends today); default the last month's end
    flexible_share: float = 0.03
    hire_rate: float = 0.010  # new members per month, share of members
    leave_rate: float = 0.008  # leavers (sealed) per month, share of contributing employees
    move_rate: float = 0.25  # share of sealed members who join another employer in a month
    deferral_share: float = 0.01  # employers granted a 3-month 缓缴 over the span
    arrears_share: float = 0.02  # employers that stop paying partway and stay in arrears
    activities: tuple[str, ...] = ()  # area activity modules to run (anju.sim.activity)
    activity_share: float = 1.0  # scales how often members withdraw or apply for a loan (large benchmarks)
    transfer_share: float = 1.0  # scales transfers between centres (1: about 4 % of members a year; the demo 0.1)

    @property
    def employer_count(self) -> int:
        return self.employers if self.employers is not None else max(2, round(self.members / 65))

    @property
    def month_list(self) -> list[int]:
        return month_range(self.start_month, add_months(self.start_month, self.months - 1))

    @property
    def last_date(self) -> date:
        return self.end_date or last_day(self.month_list[-1])


@dataclass(frozen=True)
class EmployerSpec:
    index: int
    uscc: str
    name: str
    kind: str
    industry: str
    bank_code: str
    branch_code: str
    pay_day: int
    ratio: Decimal  # employer ratio = member ratio
    address: str
    legal_rep: str
    agent_name: str
    agent_phone: str


@dataclass(frozen=True)
class PersonSpec:
    index: int
    id_number: str
    name: str
    sex: str
    birth_date: date
    phone: str
    marital_status: str
    monthly_income: int


@dataclass
class Hires:
    """New members opened on the month's registry day, indices ``lo .. hi-1`` in order."""

    lo: int
    hi: int
    employer: np.ndarray  # employer index, FLEXIBLE for a flexible worker
    base: np.ndarray  # fen
    flex_ratio: dict[int, Decimal]  # member index -> total ratio (flexible workers)
    couples: list[tuple[int, int]]  # (husband, wife) member indices, both in this batch


@dataclass
class MonthPlan:
    month: int
    day: date  # registry day (the first of the month)
    new_employers: list[EmployerSpec] = field(default_factory=list)
    base_adjust: tuple[np.ndarray, np.ndarray] | None = None  # (member indices, new bases) from July
    leavers: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    movers: list[tuple[int, int, int]] = field(default_factory=list)  # (member, to employer, base)
    hires: Hires | None = None
    deferrals: list[tuple[int, int, int]] = field(default_factory=list)  # (employer, period_from, period_to)
    remits: list[tuple[date, int, int]] = field(default_factory=list)  # (paid_on, employer, period), by date
    flexible_pays: list[tuple[date, int, int]] = field(default_factory=list)  # (paid_on, member, amount)
    activities: dict[str, object] = field(default_factory=dict)
    settle_year: int | None = None

    def paid_dates(self) -> list[date]:
        return sorted({d for d, _, _ in self.remits} | {d for d, _, _ in self.flexible_pays})


def _rng(seed: int, *key: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, *key])))


_MASK = (1 << 64) - 1


def _mix(*key: int) -> int:
    """splitmix64 over the key: a cheap, well-spread 64-bit hash (per-person draws without a generator)."""
    h = 0x9E3779B97F4A7C15
    for k in key:
        h = (h ^ (k & _MASK)) * 0xBF58476D1CE4E5B9 & _MASK
        h = (h ^ (h >> 31)) * 0x94D049BB133111EB & _MASK
        h ^= h >> 29
    return h


def _round_yuan(values: np.ndarray) -> np.ndarray:
    return (np.round(values) * 100).astype(np.int64)


# ------------------------------------------------------------------------------------------------ persons

_BIRTH_SPAN_DAYS = 40 * 365  # ages 20 to 60 at the start
_SEQS = 200  # (two-digit sequence, sex) pairs per region and birth day
_PERM_MOD = len(names.REGIONS) * _BIRTH_SPAN_DAYS * _SEQS
# Seeds (modulo _SEED_SLOTS) draw from disjoint index ranges, so two centres of up to _SEED_SPAN members
# each from different seeds can share a database.
_SEED_SPAN = 3_000_000
_SEED_SLOTS = 19
_PERM_MUL = 2_654_435_761  # odd, prime: a bijection on range(_PERM_MOD) as long as it shares no factor


def _surname_table() -> tuple[list[str], list[float]]:
    sur = [s for s, _ in names.SURNAMES]
    w = np.array([w for _, w in names.SURNAMES], dtype=float)
    return sur, [float(x) for x in np.cumsum(w) / w.sum()]


_SUR, _SUR_CUM = _surname_table()
_SUR_CUM[-1] = 1.0 + 1e-9


def person_spec(seed: int, index: int, start: date) -> PersonSpec:
    """Member ``index``'s identity: a unique, checksum-valid resident ID from a bijection of the index."""
    j = (_PERM_MUL * (index + 1 + (seed % _SEED_SLOTS) * _SEED_SPAN)) % _PERM_MOD
    region = names.REGIONS[j % len(names.REGIONS)]
    day = (j // len(names.REGIONS)) % _BIRTH_SPAN_DAYS
    s = j // (len(names.REGIONS) * _BIRTH_SPAN_DAYS)
    birth = date.fromordinal(start.toordinal() - 20 * 365 - 10 - day)
    seq, sex = s // 2, "1" if s % 2 else "2"
    id_number = make_resident_id(region, birth, seq, sex)
    h1, h2 = _mix(seed, 7, index), _mix(seed, 8, index)
    surname = _SUR[bisect_right(_SUR_CUM, (h1 & 0xFFFFFF) / 0x1000000)]
    pool = names.GIVEN_MALE if sex == "1" else names.GIVEN_FEMALE
    given = pool[(h1 >> 24) % len(pool)]
    if (h1 >> 40) % 10 < 7:
        both = names.GIVEN_COMMON + pool
        given = both[(h1 >> 44) % len(both)] + given
    age = (start - birth).days // 365
    u = (h2 & 0xFFFF) / 0x10000
    if age < 26:
        marital = MaritalStatus.SINGLE.value if u < 0.8 else MaritalStatus.MARRIED.value
    elif age < 36:
        marital = MaritalStatus.SINGLE.value if u < 0.35 else MaritalStatus.MARRIED.value if u < 0.95 \
            else MaritalStatus.DIVORCED.value
    else:
        marital = MaritalStatus.MARRIED.value if u < 0.85 else MaritalStatus.DIVORCED.value if u < 0.95 \
            else MaritalStatus.WIDOWED.value if u < 0.98 else MaritalStatus.SINGLE.value
    phone = f"1{(3, 5, 7, 8, 9)[(h2 >> 16) % 5]}{(h2 >> 24) % 10**9:09d}"
    return PersonSpec(index, id_number, surname + given, sex, birth, phone, marital, 0)


def is_couple(seed: int, husband: int) -> bool:
    """Members 2k and 2k+1 are a married couple when this says so (and their sexes fit)."""
    return husband % 2 == 0 and _mix(seed, 11, husband) % 10 < 3


# ------------------------------------------------------------------------------------------------ the plan


class Plan:
    """Deterministic from (config, policy store, bank codes, branch codes)."""

    def __init__(self, config: SimConfig, store: PolicyStore, bank_codes: list[str], branch_codes: list[str]) -> None:
        self.cfg = config
        self.store = store
        self.banks = sorted(bank_codes)
        self.branches = sorted(branch_codes)
        self.start = first_day(config.start_month)
        cap = int(config.members * (1 + config.months * config.hire_rate * 1.6)) + 64
        self.emp_of = np.full(cap, -2, dtype=np.int32)  # -2: not yet a member
        self.status = np.zeros(cap, dtype=np.int8)
        self.base = np.zeros(cap, dtype=np.int64)
        self.sealed_month = np.zeros(cap, dtype=np.int32)
        self.count = 0
        self.employers: list[EmployerSpec] = []
        self.wage_median: np.ndarray = np.zeros(0)
        self.weight: np.ndarray = np.zeros(0)
        self.arrears_from: np.ndarray = np.zeros(0, dtype=np.int32)
        self.deferred_to: np.ndarray = np.zeros(0, dtype=np.int32)
        self.flex_ratio: dict[int, Decimal] = {}

    # ---- helpers

    def bounds(self, on: date) -> tuple[int, int]:
        policy = self.store.at(on)
        return policy.deposit.base_floor, policy.deposit.base_cap

    def person(self, index: int) -> PersonSpec:
        spec = person_spec(self.cfg.seed, index, self.start)
        base = int(self.base[index]) if index < self.count else 0
        return PersonSpec(**{**spec.__dict__, "monthly_income": base})

    def _grow(self, need: int) -> None:
        if need <= len(self.emp_of):
            return
        extra = need - len(self.emp_of) + len(self.emp_of) // 4
        self.emp_of = np.concatenate([self.emp_of, np.full(extra, -2, dtype=np.int32)])
        for name in ("status", "base", "sealed_month"):
            arr = getattr(self, name)
            setattr(self, name, np.concatenate([arr, np.zeros(extra, dtype=arr.dtype)]))

    def _employers(self) -> list[EmployerSpec]:
        cfg = self.cfg
        r = _rng(cfg.seed, 1)
        n = cfg.employer_count
        shares = np.array([k[1] for k in KINDS])
        kinds = r.choice(len(KINDS), size=n, p=shares / shares.sum())
        kinds[0] = 0  # the first employer is a government department (a stable, large one for the demo)
        sizes = r.lognormal(mean=3.0, sigma=1.25, size=n) * np.array([KINDS[k][2] for k in kinds])
        self.weight = sizes / sizes.sum()
        self.wage_median = np.array([KINDS[k][3] for k in kinds], dtype=float)
        specs = []
        used: dict[str, int] = {}
        for e in range(n):
            code, _, _, _, ratios = KINDS[kinds[e]]
            prefixes, suffixes = names.EMPLOYER_WORDS[code]
            name = prefixes[int(r.integers(len(prefixes)))] + suffixes[int(r.integers(len(suffixes)))]
            if name in used:
                used[name] += 1
                name = f"{names.STREETS[used[name] % len(names.STREETS)].removesuffix('路').removesuffix('大道')}" \
                       f"{name}" + ("" if used[name] < len(names.STREETS) else f"（{used[name]}）")
            used.setdefault(name, 0)
            specs.append(EmployerSpec(
                index=e, uscc=make_uscc(f"91430{cfg.seed % 100:02d}{e:010d}"), name=name, kind=code,
                industry=INDUSTRY_BY_KIND[code], bank_code=self.banks[int(r.integers(len(self.banks)))],
                branch_code=self.branches[int(r.integers(len(self.branches)))], pay_day=int(r.integers(5, 26)),
                ratio=Decimal(ratios[int(r.integers(len(ratios)))]),
                address=f"示例市{names.STREETS[int(r.integers(len(names.STREETS)))]}{int(r.integers(1, 999))}号",
                legal_rep=person_spec(cfg.seed, _SEED_SPAN - 1 - e, self.start).name,
                agent_name=person_spec(cfg.seed, _SEED_SPAN - 100_001 - e, self.start).name,
                agent_phone=f"139{int(r.integers(10**8)):08d}"))
        self.arrears_from = np.zeros(n, dtype=np.int32)
        self.deferred_to = np.zeros(n, dtype=np.int32)
        return specs

    def _hire(self, r: np.random.Generator, count: int, on: date, flexible_share: float) -> Hires:
        lo, hi = self.count, self.count + count
        self._grow(hi)
        floor, cap = self.bounds(on)
        flex = r.random(count) < flexible_share
        emp = r.choice(len(self.employers), size=count, p=self.weight).astype(np.int32)
        # A starting centre gives every employer at least one member so each one has something to remit.
        if lo == 0:
            emp[: min(count, len(self.employers))] = np.arange(min(count, len(self.employers)))
            flex[: len(self.employers)] = False
        wages = r.lognormal(mean=np.log(self.wage_median[emp]), sigma=0.45)
        flex_base = floor / 100 * (1 + r.random(count))
        base = np.clip(_round_yuan(np.where(flex, flex_base, wages)), floor, cap)
        emp = np.where(flex, FLEXIBLE, emp).astype(np.int32)
        ratios = {}
        for i in np.nonzero(flex)[0]:
            ratios[lo + int(i)] = FLEX_RATIOS[int(r.integers(len(FLEX_RATIOS)))]
        self.emp_of[lo:hi] = emp
        self.status[lo:hi] = NORMAL
        self.base[lo:hi] = base
        self.flex_ratio.update(ratios)
        self.count = hi
        couples = []
        for h in range(lo + (lo % 2), hi - 1, 2):
            if is_couple(self.cfg.seed, h):
                a, b = person_spec(self.cfg.seed, h, self.start), person_spec(self.cfg.seed, h + 1, self.start)
                if a.sex != b.sex:
                    couples.append((h, h + 1) if a.sex == "1" else (h + 1, h))
        return Hires(lo, hi, emp, base, ratios, couples)

    def _contributing(self) -> np.ndarray:
        n = self.count
        return np.nonzero((self.status[:n] == NORMAL) & (self.emp_of[:n] >= 0))[0]

    # ---- months

    def months(self) -> Iterator[MonthPlan]:
        cfg = self.cfg
        last = cfg.last_date
        months = cfg.month_list
        self.employers = self._employers()
        n_emp = len(self.employers)
        r0 = _rng(cfg.seed, 2)
        # Employers that stop paying (欠缴) from some month on, and those granted a 3-month 缓缴.
        picks = r0.permutation(np.arange(1, n_emp))
        n_arrears = int(round(n_emp * cfg.arrears_share))
        n_defer = int(round(n_emp * cfg.deferral_share))
        arrears_at = {}
        defer_at: dict[int, list[int]] = {}
        if len(months) >= 3:
            for e in picks[:n_arrears]:
                arrears_at[int(e)] = months[int(r0.integers(1, len(months)))]
            for e in picks[n_arrears:n_arrears + n_defer]:
                m = months[int(r0.integers(1, len(months) - 1))]
                defer_at.setdefault(m, []).append(int(e))
        due = {e: cfg.start_month for e in range(n_emp)}
        for k, month in enumerate(months):
            r = _rng(cfg.seed, 3, month)
            day = first_day(month)
            mp = MonthPlan(month=month, day=day)
            if k == 0:
                mp.new_employers = list(self.employers)
                mp.hires = self._hire(r, cfg.members, day, cfg.flexible_share)
            else:
                if month % 100 == 7:
                    idx = self._contributing()
                    floor, cap = self.bounds(day)
                    growth = 1 + r.normal(0.04, 0.03, size=len(idx))
                    new = np.clip(_round_yuan(self.base[idx] / 100 * growth), floor, cap)
                    self.base[idx] = new
                    mp.base_adjust = (idx, new)
                # leavers: never the last contributing member of an employer
                idx = self._contributing()
                leave = idx[r.random(len(idx)) < cfg.leave_rate]
                counts = np.bincount(self.emp_of[idx], minlength=n_emp)
                keep = []
                for i in leave:
                    e = self.emp_of[i]
                    if counts[e] > 1:
                        counts[e] -= 1
                        keep.append(i)
                leave = np.array(keep, dtype=np.int64)
                self.status[leave] = SEALED
                self.sealed_month[leave] = month
                mp.leavers = leave
                # movers: members sealed in an earlier month join another employer
                sealed = np.nonzero((self.status[:self.count] == SEALED) & (self.sealed_month[:self.count] < month))[0]
                floor, cap = self.bounds(day)
                for i in sealed[r.random(len(sealed)) < cfg.move_rate]:
                    to = int(r.choice(n_emp, p=self.weight))
                    if to == self.emp_of[i]:
                        continue
                    b = int(min(max(self.base[i], floor), cap))
                    self.emp_of[i], self.status[i], self.base[i] = to, NORMAL, b
                    mp.movers.append((int(i), to, b))
                count = int(r.binomial(max(self.count, 1), cfg.hire_rate))
                if count:
                    mp.hires = self._hire(r, count, day, cfg.flexible_share)
                for e in defer_at.get(month, []):
                    if self.arrears_from[e] == 0 and self.deferred_to[e] == 0:
                        to_month = min(add_months(month, 2), months[-1])
                        self.deferred_to[e] = to_month
                        mp.deferrals.append((e, month, to_month))
            for e, m in arrears_at.items():
                if m == month:
                    self.arrears_from[e] = month
            # remittances of the month, each employer on its pay day (never after the end date)
            for e, spec in enumerate(self.employers):
                if self.arrears_from[e] or (self.deferred_to[e] and month <= self.deferred_to[e]):
                    continue
                paid_on = min(date(month // 100, month % 100, min(spec.pay_day, 28)), last)
                mp.remits.append((paid_on, e, due[e]))
                due[e] = add_months(due[e], 1)
            for e in range(n_emp):
                if self.deferred_to[e] and month <= self.deferred_to[e]:
                    due[e] = add_months(month, 1)
            flex = np.nonzero((self.emp_of[:self.count] == FLEXIBLE) & (self.status[:self.count] == NORMAL))[0]
            if len(flex):
                policy = self.store.at(min(date(month // 100, month % 100, 15), last))
                from anju.registry.rules import monthly_amount
                for i in flex:
                    paid_on = min(date(month // 100, month % 100, 15), last)
                    mp.flexible_pays.append((paid_on, int(i), monthly_amount(int(self.base[i]),
                                                                             self.flex_ratio[int(i)], policy)))
            mp.remits.sort()
            mp.flexible_pays.sort()
            for name, activity in _activities(cfg.activities):
                mp.activities[name] = activity.plan(self, mp, _rng(cfg.seed, 5, month, _stable(name)))
            if mp.activities:
                # an activity may have closed an employer's last contributing member (retirement): no list then
                staff = np.bincount(self.emp_of[self._contributing()], minlength=n_emp)
                mp.remits = [x for x in mp.remits if staff[x[1]] > 0]
            if month % 100 == 6 and last >= date(month // 100, 6, 30):
                mp.settle_year = month // 100
            yield mp


def _stable(name: str) -> int:
    return sum((i + 1) * ord(c) for i, c in enumerate(name))


def _activities(selected: tuple[str, ...]):
    from anju.sim.activity import registered

    found = registered()
    unknown = [s for s in selected if s not in found]
    if unknown:
        raise ValueError(f"未知的业务活动：{'、'.join(unknown)}（可选：{'、'.join(sorted(found))}）")
    return [(s, found[s]) for s in selected]
