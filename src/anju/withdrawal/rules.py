"""Pure withdrawal rules: the facts of an application, eligibility with every limiting and refusing reason in
Chinese, and the fraud pre-checks shown to the reviewer. Values in, values out; ``as_of`` is the application
date and the policy passed in is the one in force on it.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from anju.core.dates import add_months, format_month, month_of, months_between
from anju.core.errors import AnjuError, Problem
from anju.core.ids import parse_resident_id
from anju.core.money import Rounding, format_yuan, parse_yuan, round_to
from anju.policy.kinds import format_ratio
from anju.registry.codes import AccountStatus
from anju.registry.retirement import CADRE, FEMALE, WORKER, RetirementPolicy, retirement
from anju.withdrawal.codes import COUNTING, FACTS, KINDS, Kind, Method, Reason, Status
from anju.withdrawal.errors import WithdrawalError

# ----------------------------------------------------------------------------------------- policy values


@dataclass(frozen=True)
class Rules:
    """The policy table of one kind at one date (``withdrawal.reason.<kind>``)."""

    allowed: bool
    basis: str = ""
    closes: bool = False
    online: bool = False
    min_months: int | None = None
    min_continuous: int | None = None
    sealed_months: int | None = None
    period: str | None = None
    max_times: int | None = None
    max_times_family: int | None = None
    cap_person: int | None = None
    cap_family: int | None = None
    uplift_multi_child: Decimal | None = None
    cost_share: Decimal | None = None
    within_months: int | None = None
    needs_no_home: bool = False
    income_share: Decimal | None = None
    max_loan_ratio: Decimal | None = None
    keep_balance: int | None = None
    facts: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    early_documents: tuple[str, ...] = ()

    @classmethod
    def of(cls, table: Mapping[str, object]) -> Rules:
        values = {k: v for k, v in table.items() if v is not None}
        for flag in ("closes", "online", "needs_no_home"):
            values[flag] = bool(values.get(flag, False))
        values["facts"] = tuple(values.get("facts") or ())
        values["documents"] = tuple(values.get("documents") or ())
        values["early_documents"] = tuple(values.get("early_documents") or ())
        return cls(**values)


@dataclass(frozen=True)
class General:
    """Centre-wide values used by every kind."""

    ban_years: int
    multi_child_min: int
    early_months: int
    jump_months: int
    jump_share: Decimal
    retirement: RetirementPolicy | None = None  # the statutory retirement table (离退休)

    @classmethod
    def of(cls, policy) -> General:
        return cls(ban_years=policy["withdrawal.fraud_ban_years"],
                   multi_child_min=policy["withdrawal.multi_child_min_children"],
                   early_months=policy["withdrawal.fraud_early_months"],
                   jump_months=policy["withdrawal.fraud_jump_months"],
                   jump_share=policy["withdrawal.fraud_jump_share"],
                   retirement=RetirementPolicy.of(policy))


def rules_at(policy, kind: str) -> Rules:
    return Rules.of(policy[f"withdrawal.reason.{kind}"])


# ----------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Member:
    """The applicant's account as it stands on the application date."""

    person_id: int
    spouse_id: int | None
    account_no: str
    status: str  # AccountStatus code
    status_date: date
    frozen: bool
    balance: int
    reserved: int  # held by the member's other withdrawals in progress
    paid_months: tuple[int, ...] = ()  # months with net contributions, ascending
    family_income: int | None = None  # monthly wage income of member and spouse
    freeze_reason: str = ""
    closing_in_progress: bool = False
    in_progress: int = 0  # the member's other withdrawals in progress
    birth_date: date | None = None  # from the resident ID (离退休 is checked against it)
    sex: str | None = None  # 1 男, 2 女

    @property
    def family(self) -> frozenset[int]:
        return frozenset({self.person_id} | ({self.spouse_id} if self.spouse_id else set()))


@dataclass(frozen=True)
class Past:
    """A withdrawal of the member, the spouse or (for a home) anyone, as history."""

    id: int
    person_id: int
    kind: str
    reason: str
    accepted_on: date
    amount: int
    status: str
    property_id: int | None = None
    loan_ref: str | None = None


@dataclass(frozen=True)
class Home:
    """A home owned by the member or the spouse (declared, or recorded by a purchase withdrawal or a loan)."""

    person_id: int
    property_id: int
    address: str
    from_day: date
    until_day: date | None = None

    def owned_on(self, day: date) -> bool:
        return self.from_day <= day and (self.until_day is None or day < self.until_day)


@dataclass(frozen=True)
class Ban:
    person_id: int
    from_day: date
    until_day: date
    reason: str = ""

    def active_on(self, day: date) -> bool:
        return self.from_day <= day < self.until_day


@dataclass(frozen=True)
class FundLoan:
    """What the loan area tells about one of its loans (see ``anju.withdrawal.loanport``)."""

    ref: str
    borrower_ids: frozenset[int]
    outstanding: int  # principal outstanding
    instalment: int  # the current monthly payment
    repaid_12m: int  # paid in the last twelve months
    settled: bool = False


@dataclass(frozen=True)
class Case:
    kind: str
    as_of: date
    facts: Mapping[str, object] = field(default_factory=dict)
    documents: frozenset[str] = frozenset()
    requested: int | None = None
    property_id: int | None = None
    loan: FundLoan | None = None
    loan_ratio: Decimal | None = None  # the centre's 个贷率 today (代际互助)


# ----------------------------------------------------------------------------------------- facts

MISSING = "withdrawal.fact_missing"  # Problem.code of a required fact left empty


def parse_facts(kind: str, rules: Rules, raw: Mapping[str, object], *, as_of: date) -> tuple[dict, list[Problem]]:
    """The facts a kind requires, parsed from what was typed; every missing or malformed one is reported."""
    facts: dict[str, object] = {}
    problems: list[Problem] = []
    for name in rules.facts:
        spec = FACTS[name]
        value = raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(Problem(f"请填写{spec.label}", field=spec.label, code=MISSING, input=name))
            continue
        try:
            facts[name] = _parse_fact(spec.type, name, value, as_of=as_of)
        except (AnjuError, ValueError) as exc:
            problems.append(Problem.of(WithdrawalError.FACT_INVALID, field=spec.label, input=name,
                                       label=spec.label, reason=getattr(exc, "message", None) or exc))
    return facts, problems


def _parse_fact(kind: str, name: str, value: object, *, as_of: date):
    from anju.core.dates import parse_date

    if kind == "money":
        fen = value if isinstance(value, int) and not isinstance(value, bool) else parse_yuan(str(value).strip())
        if fen < 0:
            raise ValueError("金额不能为负数")
        return fen
    if kind == "date":
        return value if isinstance(value, date) else parse_date(str(value))
    if kind == "int":
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()):
            raise ValueError("应为整数")
        return int(text)
    text = str(value).strip()[:200]
    if name.endswith("id_number"):
        return parse_resident_id(text, as_of=as_of).number
    return text


def fact_shown(name: str, value: object) -> str:
    spec = FACTS.get(name)
    if value is None:
        return ""
    if spec is not None and spec.type == "money":
        return f"{format_yuan(int(value))} 元"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# ----------------------------------------------------------------------------------------- periods


PERIOD_LABELS = {"month": "本月", "quarter": "本季度", "year": "本年度", "life": "累计"}
PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def period_window(period: str, day: date) -> tuple[date, date]:
    """The half-open window of a frequency period that contains ``day``."""
    if period == "month":
        start = day.replace(day=1)
        return start, _plus_months(start, 1)
    if period == "quarter":
        start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return start, _plus_months(start, 3)
    if period == "year":
        return date(day.year, 1, 1), date(day.year + 1, 1, 1)
    return date.min, date.max


def _plus_months(day: date, n: int) -> date:
    m = add_months(month_of(day), n)
    year, month = divmod(m, 100)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def continuous_months(paid: Sequence[int], as_of: date) -> tuple[int, int | None]:
    """Months paid in a row up to the latest paid month, counted only when that month is recent (the
    application month or one of the two before it: a month's contribution arrives in the month or the next).
    Returns (run, latest month)."""
    if not paid:
        return 0, None
    months = sorted(set(paid))
    latest = months[-1]
    if latest < add_months(month_of(as_of), -2):
        return 0, latest
    run = 1
    for prev, cur in zip(reversed(months[:-1]), reversed(months[1:]), strict=True):
        if add_months(prev, 1) != cur:
            break
        run += 1
    return run, latest


# ----------------------------------------------------------------------------------------- result


@dataclass(frozen=True)
class Limit:
    """One bound on the amount: what is left under it, and why, in Chinese."""

    name: str
    amount: int
    text: str


@dataclass(frozen=True)
class Eligibility:
    kind: str
    label: str
    reason: str
    as_of: date
    allowed: bool
    max_amount: int
    amount: int
    closes: bool
    refusals: tuple[str, ...]
    limits: tuple[Limit, ...]
    notes: tuple[str, ...]
    documents: tuple[str, ...]
    missing_documents: tuple[str, ...]
    basis: str

    @property
    def binding(self) -> Limit | None:
        return min(self.limits, key=lambda lim: lim.amount) if self.limits else None

    @property
    def summary(self) -> str:
        if not self.allowed:
            return "不能提取：" + "；".join(self.refusals)
        if self.closes:
            return f"本次可提取账户全部余额 {format_yuan(self.max_amount)} 元，另加结息至支付日，并办理销户"
        return f"本次最多可提取 {format_yuan(self.max_amount)} 元"

    def explanation(self) -> list[str]:
        """Every line the clerk reads to the member: refusals, notes on frequency and caps, then the conclusion."""
        last = "本次不能提取" if not self.allowed else self.summary
        return [*self.refusals, *self.notes, *(lim.text for lim in self.limits), last]


# ----------------------------------------------------------------------------------------- eligibility


def yuan(fen: int) -> str:
    return f"{format_yuan(fen)} 元"


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def assess(case: Case, member: Member, rules: Rules, general: General, *, history: Sequence[Past] = (),
           property_history: Sequence[Past] = (), homes: Sequence[Home] = (), bans: Sequence[Ban] = (),
           missing_facts: Sequence[str] = ()) -> Eligibility:
    """May this member withdraw for this kind today, and how much at most — with every reason.

    ``history``: withdrawals of the member and the spouse (any status; only those that count are used).
    ``property_history``: withdrawals by anyone for the home of this application (``case.property_id``).
    ``homes``: homes of the member and the spouse. ``missing_facts``: facts the application lacks.
    """
    kind = KINDS[case.kind]
    day = case.as_of
    refusals: list[str] = []
    notes: list[str] = []
    limits: list[Limit] = []
    reason_label = kind.reason.topic

    if not rules.allowed:
        refusals.append(f"“{kind.label}”不在{_cn(day)}适用的提取情形之内" + (f"（{rules.basis}）" if rules.basis else ""))
    refusals += [f"缺少申请要素：{FACTS[f].label}" for f in missing_facts]
    missing_docs = tuple(d for d in rules.documents if d not in case.documents)
    if missing_docs:
        refusals.append(f"未提交申请材料：{'、'.join(missing_docs)}")
    refusals += _account_refusals(member, kind, day)
    for ban in bans:
        if ban.person_id == member.person_id and ban.active_on(day):
            refusals.append(f"因{_cn(ban.from_day)}认定骗取住房公积金，{_cn(ban.until_day)}前不得提取"
                            + (f"（{ban.reason}）" if ban.reason else ""))
    refusals += _contribution_refusals(member, rules, day)
    if rules.sealed_months:
        refusals += _sealed_refusals(member, rules.sealed_months, day)
    if rules.needs_no_home:
        owned = [h for h in homes if h.person_id in member.family and h.owned_on(day)]
        if owned:
            who = "本人" if any(h.person_id == member.person_id for h in owned) else "配偶"
            refusals.append(f"{who}名下有住房（{owned[0].address}），不能按租房提取")
    refusals += _event_refusals(case, kind, rules)
    if kind.reason is Reason.RETIREMENT:
        _retirement_age(case, member, rules, general, refusals, notes)
    if rules.income_share is not None and "monthly_rent" in case.facts:
        refusals += _income_refusals(case, member, rules)
    if rules.max_loan_ratio is not None:
        ratio = case.loan_ratio or Decimal(0)
        if ratio >= rules.max_loan_ratio:
            refusals.append(f"中心个贷率 {format_ratio(ratio.quantize(Decimal('0.0001')))} 已达到 "
                            f"{format_ratio(rules.max_loan_ratio)}，暂停办理“{kind.label}”")

    counted = [p for p in history if p.status in COUNTING and p.reason == kind.reason.value]
    window = period_window(rules.period, day) if rules.period else None
    in_window = [p for p in counted if window and window[0] <= p.accepted_on < window[1]]
    period_label = PERIOD_LABELS.get(rules.period or "", "")
    mine = [p for p in in_window if p.person_id == member.person_id]
    family = [p for p in in_window if p.person_id in member.family]
    if rules.max_times is not None:
        text = f"{period_label}已提取{reason_label} {len(mine)} 次，上限 {rules.max_times} 次"
        (refusals if len(mine) >= rules.max_times else notes).append(text)
    if rules.max_times_family is not None:
        text = f"本人及配偶{period_label}已提取{reason_label} {len(family)} 次，家庭上限 {rules.max_times_family} 次"
        (refusals if len(family) >= rules.max_times_family else notes).append(text)

    uplift = Decimal(1)
    children = case.facts.get("children")
    if rules.uplift_multi_child is not None and isinstance(children, int) and children >= general.multi_child_min:
        uplift = rules.uplift_multi_child
    for name, cap, used, who in (("cap_person", rules.cap_person, mine, "每人"),
                                 ("cap_family", rules.cap_family, family, "每户（本人及配偶）")):
        if cap is None:
            continue
        effective = round_to(Decimal(cap) * uplift, Rounding.HALF_UP)
        spent = sum(p.amount for p in used)
        left = max(effective - spent, 0)
        up = f"（多子女家庭上浮 {uplift.normalize()} 倍为 {yuan(effective)}）" if uplift != 1 else ""
        limits.append(Limit(name, left, f"{reason_label}提取{who}{period_label}限额 {yuan(cap)}{up}，"
                                        f"{period_label}已提取 {yuan(spent)}，尚可提取 {yuan(left)}"))

    limits += _method_limits(case, kind, rules, member, mine, property_history, refusals)
    if kind.route.value == "agreement":
        refusals += _agreement_refusals(case, history)

    available = member.balance - member.reserved - (rules.keep_balance or 0)
    if kind.method is Method.CLOSE:
        if member.in_progress:
            refusals.append(f"账户有 {member.in_progress} 笔未办结的提取申请，须办结或撤销后方可销户提取")
        notes.append("销户类提取：支付当日先结息，再提取全部余额并销户")
        limits.append(Limit("balance", member.balance, f"账户余额 {yuan(member.balance)}"))
    elif kind.route.value != "agreement":
        if member.closing_in_progress:
            refusals.append("账户正在办理销户提取，不能再申请部分提取")
        held = f"，其中 {yuan(member.reserved)}已由未办结的提取申请占用" if member.reserved else ""
        keep = f"，须留存 {yuan(rules.keep_balance)}" if rules.keep_balance else ""
        limits.append(Limit("balance", max(available, 0), f"账户余额 {yuan(member.balance)}{held}{keep}，"
                                                           f"可用 {yuan(max(available, 0))}"))

    max_amount = min((lim.amount for lim in limits), default=0)
    if kind.route.value == "agreement":
        max_amount = case.loan.instalment if case.loan else 0
    amount = max_amount
    if not refusals and kind.route.value != "agreement" and max_amount <= 0:
        binding = min(limits, key=lambda lim: lim.amount)
        refusals.append(f"{binding.text}，本次不能再提取")
    if case.requested is not None and kind.method is not Method.CLOSE and kind.route.value != "agreement":
        if case.requested <= 0:
            refusals.append("提取金额须大于零")
        elif case.requested > max_amount and max_amount > 0:
            binding = min(limits, key=lambda lim: lim.amount)
            refusals.append(f"申请提取 {yuan(case.requested)}，超过本次最多可提取的 {yuan(max_amount)}（{binding.text}）")
        else:
            amount = case.requested
    allowed = not refusals
    return Eligibility(kind=kind.code, label=kind.label, reason=kind.reason.value, as_of=day, allowed=allowed,
                       max_amount=max(max_amount, 0), amount=amount if allowed else 0, closes=rules.closes,
                       refusals=tuple(refusals), limits=tuple(limits), notes=tuple(notes),
                       documents=rules.documents, missing_documents=missing_docs, basis=rules.basis)


def _account_refusals(member: Member, kind: Kind, day: date) -> list[str]:
    out = []
    status = AccountStatus(member.status)
    if status.closed:
        out.append(f"账户{member.account_no}已销户（{status.label}），不能提取")
    elif status not in (AccountStatus.NORMAL, AccountStatus.SEALED):
        out.append(f"账户状态为{status.label}，不能提取")
    if member.frozen:
        out.append("账户已冻结" + (f"（{member.freeze_reason}）" if member.freeze_reason else "") + "，不能提取")
    return out


def _contribution_refusals(member: Member, rules: Rules, day: date) -> list[str]:
    out = []
    if rules.min_months:
        n = len(set(member.paid_months))
        if n < rules.min_months:
            out.append(f"累计缴存 {n} 个月，须满 {rules.min_months} 个月")
    if rules.min_continuous:
        run, latest = continuous_months(member.paid_months, day)
        if run < rules.min_continuous:
            upto = f"（截至{format_month(latest)}）" if latest else ""
            out.append(f"近期连续缴存 {run} 个月{upto}，须连续缴存满 {rules.min_continuous} 个月")
    return out


def _sealed_refusals(member: Member, months: int, day: date) -> list[str]:
    if member.status != AccountStatus.SEALED.value:
        return [f"账户未封存（{AccountStatus(member.status).label}），离职封存满 {months} 个月后方可申请"]
    ready = _plus_months(member.status_date, months)
    if day < ready:
        return [f"账户于{_cn(member.status_date)}封存，须封存满 {months} 个月（{_cn(ready)}起）方可申请"]
    return []


def _event_refusals(case: Case, kind: Kind, rules: Rules) -> list[str]:
    if not kind.event_fact or kind.event_fact not in case.facts:
        return []
    event = case.facts[kind.event_fact]
    label = FACTS[kind.event_fact].label
    if event > case.as_of:
        return [f"{label}（{_cn(event)}）不能晚于申请日"]
    if rules.within_months is not None:
        deadline = _plus_months(event, rules.within_months)
        if case.as_of >= deadline:
            return [f"须在{label}后 {rules.within_months} 个月内申请（{_cn(event)}起，{_cn(deadline)}前），已超过期限"]
    return []


def _retirement_age(case: Case, member: Member, rules: Rules, general: General, refusals: list[str],
                    notes: list[str]) -> None:
    """离退休: the applicant has reached the statutory retirement date (from the ID's birth date) on the application
    date; before it only early retirement (special work types, illness) with its documents, flagged to the reviewer."""
    if member.birth_date is None or member.sex is None or general.retirement is None:
        return
    day = case.as_of
    # a woman's category (干部/工人) is not recorded: the earliest lawful date (女职工) decides, and the
    # reviewer checks the retirement certificate against a cadre's date
    s = retirement(member.birth_date, member.sex, WORKER if member.sex == FEMALE else None, general.retirement)
    if day >= s.day:
        notes.append(f"申请人{s.text}，申请日已达到法定退休年龄")
        if member.sex == FEMALE:
            other = retirement(member.birth_date, FEMALE, CADRE, general.retirement)
            if day < other.day:
                notes.append(f"请复核人核实申请人身份：如为女干部，{other.text}，申请日尚未达到")
        return
    early = rules.early_documents
    given = [d for d in early if d in case.documents]
    if early and len(given) == len(early):
        notes.append(f"提前退休：申请人{s.text}，申请日尚未达到；已提交{'、'.join(early)}，"
                     f"请复核人核实提前退休（特殊工种、因病）的审批手续")
        return
    need = f"；提前退休（特殊工种、因病）须提交{'、'.join(early)}" if early else ""
    refusals.append(f"申请人{s.text}，申请日（{_cn(day)}）尚未达到法定退休年龄{need}")


def _income_refusals(case: Case, member: Member, rules: Rules) -> list[str]:
    if member.family_income is None:
        return ["未登记家庭月工资收入，无法核定房租是否超出收入的规定比例"]
    rent = case.facts["monthly_rent"]
    line = round_to(Decimal(member.family_income) * rules.income_share, Rounding.HALF_UP)
    if rent <= line:
        return [f"月租金 {yuan(rent)} 未超过家庭月工资收入 {yuan(member.family_income)} 的 "
                f"{format_ratio(rules.income_share)}（{yuan(line)}）"]
    return []


def _method_limits(case: Case, kind: Kind, rules: Rules, member: Member, mine: Sequence[Past],
                   property_history: Sequence[Past], refusals: list[str]) -> list[Limit]:
    f = case.facts
    prior = [p for p in property_history if p.status in COUNTING]
    if kind.method is Method.PURCHASE and "price" in f and "loan_amount" in f:
        used = sum(p.amount for p in prior if p.reason in ("01", "24"))
        left = max(f["price"] - f["loan_amount"] - used, 0)
        return [Limit("purchase", left, f"房屋总价 {yuan(f['price'])}，减购房贷款 {yuan(f['loan_amount'])}，"
                                        f"减已为该房屋提取 {yuan(used)}，尚可提取 {yuan(left)}")]
    if kind.method is Method.DOWN_PAYMENT and "down_payment" in f:
        used = sum(p.amount for p in prior if p.reason in ("01", "24"))
        left = max(f["down_payment"] - used, 0)
        return [Limit("down_payment", left, f"已付首付款 {yuan(f['down_payment'])}，减已为该房屋提取 {yuan(used)}，"
                                            f"尚可提取 {yuan(left)}")]
    if kind.method is Method.COST and kind.cost_fact in f:
        share = rules.cost_share if rules.cost_share is not None else Decimal(1)
        bound = round_to(Decimal(f[kind.cost_fact]) * share, Rounding.DOWN)
        event = f.get(kind.event_fact) if kind.event_fact else None
        used = sum(p.amount for p in prior if p.reason == kind.reason.value and (event is None or p.accepted_on >= event))
        left = max(bound - used, 0)
        part = f"的 {format_ratio(share)}" if share != 1 else ""
        already = f"，减已为该房屋此项提取 {yuan(used)}" if used else ""
        return [Limit("cost", left, f"{FACTS[kind.cost_fact].label.removesuffix('（元）')} {yuan(f[kind.cost_fact])}"
                                    f"{part}{already}，尚可提取 {yuan(left)}")]
    if kind.method is Method.RENT and kind.rent_fact and kind.rent_fact in f and rules.period in PERIOD_MONTHS:
        months = PERIOD_MONTHS[rules.period]
        spent = sum(p.amount for p in mine)
        left = max(f[kind.rent_fact] * months - spent, 0)
        label = PERIOD_LABELS[rules.period]
        return [Limit("rent", left, f"月租金 {yuan(f[kind.rent_fact])} × {months} 个月，{label}已提取 {yuan(spent)}，"
                                    f"按实际租金尚可提取 {yuan(left)}")]
    if kind.method is Method.COMMERCIAL_LOAN:
        fact = "loan_balance" if kind.loan_mode == "once" else "repaid_last_year"
        if fact in f:
            return [Limit("loan", f[fact], f"{FACTS[fact].label.removesuffix('（元）')} {yuan(f[fact])}")]
        return []
    if kind.method is Method.FUND_LOAN:
        return _fund_loan(case, kind, member, refusals)
    if kind.method is Method.AMOUNT:
        if case.requested is None:
            refusals.append("“其他”情形须填写申请提取金额")
            return []
        return [Limit("amount", case.requested, f"按所附材料核定的金额 {yuan(case.requested)}")]
    return []


def _fund_loan(case: Case, kind: Kind, member: Member, refusals: list[str]) -> list[Limit]:
    loan = case.loan
    ref = case.facts.get("loan_contract_no", "")
    if loan is None:
        refusals.append(f"未找到借款合同编号为{ref}的住房公积金贷款（或贷款模块尚未接入）")
        return []
    if not (loan.borrower_ids & member.family):
        refusals.append(f"申请人及其配偶不是借款合同{loan.ref}的借款人或共同借款人")
    if loan.settled or loan.outstanding <= 0:
        refusals.append(f"借款合同{loan.ref}的贷款已结清")
    if kind.loan_mode == "once":
        return [Limit("loan", loan.outstanding, f"贷款本金余额 {yuan(loan.outstanding)}（提前还款）")]
    if kind.loan_mode == "yearly":
        return [Limit("loan", loan.repaid_12m, f"近十二个月已还本息 {yuan(loan.repaid_12m)}")]
    return []


def _agreement_refusals(case: Case, history: Sequence[Past]) -> list[str]:
    ref = case.facts.get("loan_contract_no")
    for p in history:
        if p.kind == case.kind and p.status == Status.AGREED.value and p.loan_ref == ref:
            return [f"借款合同{ref}已于{_cn(p.accepted_on)}签订按月对冲还贷协议，不能重复签订"]
    return []


# ----------------------------------------------------------------------------------------- fraud pre-checks


@dataclass(frozen=True)
class Signal:
    """A fraud pre-check that fired: shown to the reviewer, never silent."""

    code: str
    text: str
    serious: bool = False


@dataclass(frozen=True)
class PropertyUse:
    """Another use of the same home: a withdrawal or a loan, by anyone."""

    person_id: int
    person_name: str
    use: str  # withdrawal / loan
    ref: str
    on_day: date
    amount: int


@dataclass(frozen=True)
class FraudContext:
    kind: str
    as_of: date
    member: Member
    amount: int
    relatives: frozenset[int] = frozenset()  # owners named for elevator / 代际互助 (their uses are the family's)
    property_uses: Sequence[PropertyUse] = ()  # uses of this application's home by other applications
    contract_cancelled_on: date | None = None  # this application's home
    cancelled_purchases: Sequence[tuple[Past, date]] = ()  # earlier purchase withdrawals whose contract was cancelled
    terms: Sequence[tuple[int, int]] = ()  # (from month, monthly total) of the member's contribution terms
    first_paid: int | None = None
    homes: Sequence[Home] = ()
    bans: Sequence[Ban] = ()


USE_LABELS = {"withdrawal": "提取", "loan": "贷款"}


def fraud_signals(ctx: FraudContext, general: General) -> list[Signal]:
    """Every pre-check that fires for this application (the reviewer sees all of them)."""
    kind = KINDS[ctx.kind]
    m = ctx.member
    out: list[Signal] = []
    ours = m.family | ctx.relatives
    for use in ctx.property_uses:
        if use.person_id not in ours:
            out.append(Signal("property_shared", f"同一房屋已被他人使用：{use.person_name}于{_cn(use.on_day)}办理"
                                                 f"{USE_LABELS.get(use.use, use.use)}（{use.ref}，{yuan(use.amount)}）",
                              serious=True))
    if ctx.contract_cancelled_on is not None:
        out.append(Signal("contract_cancelled", f"该房屋的购房合同已于{_cn(ctx.contract_cancelled_on)}撤销", True))
    for past, cancelled in ctx.cancelled_purchases:
        out.append(Signal("purchase_cancelled", f"曾于{_cn(past.accepted_on)}以购房提取 {yuan(past.amount)}，"
                                                f"该购房合同已于{_cn(cancelled)}撤销", True))
    since = add_months(month_of(ctx.as_of), -general.jump_months)
    ordered = sorted(ctx.terms)
    for (_, before), (month, after) in zip(ordered, ordered[1:], strict=False):
        if month >= since and before > 0 and Decimal(after - before) / before > general.jump_share:
            rise = Decimal(after - before) / before
            out.append(Signal("contribution_jump", f"{format_month(month)}起月缴存额由 {yuan(before)} 增至 {yuan(after)}"
                                                   f"（增幅 {format_ratio(rise.quantize(Decimal('0.001')))}），"
                                                   f"在提取前 {general.jump_months} 个月内"))
    if ctx.first_paid is not None:
        gap = months_between(ctx.first_paid, month_of(ctx.as_of))
        if gap < general.early_months:
            out.append(Signal("early_withdrawal", f"首次缴存于{format_month(ctx.first_paid)}，{gap} 个月后即申请提取"
                                                  f" {yuan(ctx.amount)}"))
    if kind.reason.value == "07":
        for h in ctx.homes:
            if h.person_id in m.family and h.owned_on(ctx.as_of):
                who = "本人" if h.person_id == m.person_id else "配偶"
                out.append(Signal("rent_with_home", f"租房提取，但{who}名下登记有住房（{h.address}）", True))
    for ban in ctx.bans:
        if ban.person_id == m.person_id and ban.active_on(ctx.as_of):
            out.append(Signal("banned", f"申请人在骗提禁止期内（{_cn(ban.from_day)}至{_cn(ban.until_day)}）", True))
    return out


def ban_until(day: date, general: General) -> date:
    from anju.core.dates import add_years

    return add_years(day, general.ban_years)
