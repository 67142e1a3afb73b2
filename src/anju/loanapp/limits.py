"""Loan limit and eligibility (贷款额度与资格), pure: what a family may borrow on a date under the policy in force,
with every limiting factor and every refusal explained in Chinese.

Maximum amount = min(policy cap with its uplifts, balance-based limit, repayment-capacity limit, value × max
loan-to-value), rounded *down* to the policy's unit (``loan.amount_unit``). Each factor is computed exactly in
fen (rounded down, never up: a limit is a ceiling) and reported, so the clerk can read out which one binds.

The term is bounded separately: ≤ ``loan.max_term_months``; maturity no later than the main borrower's statutory
retirement date (``anju.registry.retirement`` under ``registry.retirement``, the 2024 phased reform included)
+ ``loan.maturity_age_over_retirement`` years; for a second-hand home, building age + term ≤
``loan.building_age_plus_term_years``.

Refusals: account not normal or frozen; too few months of continuous contribution (longer for flexible
workers); another fund loan outstanding in the family; a ban after fraud (withdrawal fraud bans from the
withdrawal area, loan fraud for ``loan.fraud_ban_years`` years); a home beyond ``loan.max_home_order``.
Whether a home is a second home follows ``loan.second_home_rule`` (认房又认贷 / 认房不认贷 / 认贷不认房).

Nothing here reads the database or the clock: the caller passes ``as_of`` and the policy in force.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from anju.core.dates import add_years, age_on, format_month
from anju.core.money import Rounding, format_yuan, round_to
from anju.loan.schedule import Method, level_payment, level_principal, monthly_rate, rate_for_term
from anju.loanapp.codes import HouseType, Purpose
from anju.policy.kinds import format_ratio
from anju.registry.codes import AccountStatus
from anju.registry.retirement import RetirementPolicy, Statutory, retirement
from anju.withdrawal.rules import continuous_months

# ----------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Party:
    """A borrower (主借款人) or co-borrower (共同借款人) as the rule sees them on the application date."""

    person_id: int
    name: str
    sex: str  # 1 男, 2 女
    birth_date: date
    monthly_income: int  # declared monthly income, fen
    main: bool = True
    has_account: bool = True
    account_status: str | None = AccountStatus.NORMAL.value
    frozen: bool = False
    flexible: bool = False
    balance: int = 0
    monthly_contribution: int = 0  # employer + member share a month
    paid_months: tuple[int, ...] = ()  # months with contributions, ascending (YYYYMM)
    remote: bool = False  # contributes with another centre (异地缴存), figures from its certificate
    continuous_months: int | None = None  # as certified by the other centre (remote parties only)
    spouse: bool = False  # the co-borrower is the main borrower's spouse
    category: str | None = None  # a woman's retirement category (cadre / worker); None: the policy default

    @property
    def contributing(self) -> bool:
        """An account in normal status (or a remote certificate): its balance and contributions count."""
        if self.remote:
            return True
        return self.has_account and self.account_status == AccountStatus.NORMAL.value and not self.frozen


@dataclass(frozen=True)
class Ban:
    person_id: int
    from_day: date
    until_day: date
    reason: str

    def active_on(self, day: date) -> bool:
        return self.from_day <= day < self.until_day


@dataclass(frozen=True)
class Request:
    purpose: Purpose
    house_type: HouseType
    value: int | None  # purchase price; cost of building or repair; for 商转公 the home's price (None: not known yet)
    months: int
    method: Method
    amount: int | None = None  # requested (None: what is the most?)
    building_age: int | None = None  # years, second-hand homes
    commercial_amount: int = 0  # combined loan: the commercial bank's part
    other_monthly_debt: int = 0  # e.g. the commercial part's monthly payment; counted against capacity
    refinance_balance: int | None = None  # 商转公: the commercial loan's outstanding balance
    children: int = 0  # minor children (多子女家庭)
    talent: bool = False  # 高层次人才 (certified)


@dataclass(frozen=True)
class Family:
    """What the registry and the loan book say about the family (borrower, spouse, co-borrowers)."""

    homes_owned: int = 0  # homes owned now, not counting the one this loan is for when it is already owned
    fund_loans_ever: int = 0  # fund loans ever taken (settled or outstanding)
    outstanding_loans: tuple[str, ...] = ()  # contract numbers of fund loans outstanding
    bans: tuple[Ban, ...] = ()  # bans in force or past (withdrawal fraud)
    loan_frauds: tuple[date, ...] = ()  # days a fund loan of the family was found fraudulent (骗贷)


@dataclass(frozen=True)
class Rules:
    """The policy values the rule reads, taken from a Policy (``Rules.of``) so the rule itself stays pure."""

    max_single: int
    max_family: int
    uplift_multi_child: Decimal
    uplift_talent: Decimal
    uplifts_stack: bool
    multi_child_min: int
    cap_factor_second: Decimal
    balance_formula: str
    balance_multiple: Decimal
    income_share: Decimal
    ltv_first_new: Decimal
    ltv_first_used: Decimal
    ltv_second: Decimal
    ltv_build: Decimal
    used_old_age: int
    ltv_used_old: Decimal
    age_plus_term_years: int
    max_term_months: int
    retirement: RetirementPolicy
    over_retirement: int
    min_months: int
    min_months_flexible: int
    fraud_ban_years: int
    second_home_rule: str
    max_home_order: int
    amount_unit: int
    min_amount: int
    rates: dict = field(default_factory=dict)  # (second_home, long_term) -> annual rate

    @classmethod
    def of(cls, policy) -> Rules:
        p = policy
        return cls(
            max_single=p["loan.max_amount_single"], max_family=p["loan.max_amount_family"],
            uplift_multi_child=p["loan.uplift_multi_child"], uplift_talent=p["loan.uplift_talent"],
            uplifts_stack=p["loan.uplifts_stack"], multi_child_min=p["loan.multi_child_min_children"],
            cap_factor_second=p["loan.cap_factor_second_home"], balance_formula=p["loan.balance_formula"],
            balance_multiple=p["loan.balance_multiple"], income_share=p["loan.repayment_income_share"],
            ltv_first_new=p["loan.max_ltv_first_new"], ltv_first_used=p["loan.max_ltv_first_used"],
            ltv_second=p["loan.max_ltv_second"], ltv_build=p["loan.max_ltv_build"], used_old_age=p["loan.used_old_age"],
            ltv_used_old=p["loan.max_ltv_used_old"], age_plus_term_years=p["loan.building_age_plus_term_years"],
            max_term_months=p["loan.max_term_months"], retirement=RetirementPolicy.of(p),
            over_retirement=p["loan.maturity_age_over_retirement"],
            min_months=p["loan.min_contribution_months"], min_months_flexible=p["loan.min_contribution_months_flexible"],
            fraud_ban_years=p["loan.fraud_ban_years"], second_home_rule=p["loan.second_home_rule"],
            max_home_order=p["loan.max_home_order"], amount_unit=p["loan.amount_unit"], min_amount=p["loan.min_amount"],
            rates={(second, months > 60): rate_for_term(p, months, second)
                   for second in (False, True) for months in (60, 61)},
        )

    def rate(self, months: int, second_home: bool) -> Decimal:
        return self.rates[(second_home, months > 60)]

    def retirement_of(self, party: Party) -> Statutory:
        """The party's statutory retirement (a woman's category defaults from the table when unknown)."""
        return retirement(party.birth_date, party.sex, party.category, self.retirement)


# ----------------------------------------------------------------------------------------- result


@dataclass(frozen=True)
class Factor:
    """One limit on the amount: its ceiling in fen and how it was reached, in Chinese."""

    code: str  # cap / balance / capacity / ltv / refinance
    label: str
    amount: int
    text: str


@dataclass(frozen=True)
class Assessment:
    as_of: date
    allowed: bool  # no refusal (the requested amount and term may still be too high: see ``problems``)
    max_amount: int  # the most that may be lent (0 when refused)
    max_months: int  # the longest term allowed
    second_home: bool
    home_order: int
    rate: Decimal  # annual rate for the requested term and home
    payment: int  # first month's payment of the amount granted (or of the maximum when none was requested)
    household_income: int
    refusals: tuple[str, ...]
    factors: tuple[Factor, ...]
    term_limits: tuple[str, ...]
    notes: tuple[str, ...]
    requested: int | None
    months: int

    @property
    def binding(self) -> Factor | None:
        return min(self.factors, key=lambda f: f.amount) if self.factors else None

    @property
    def problems(self) -> list[str]:
        """Why the application as asked cannot be accepted: refusals, then amount and term above the limits."""
        out = list(self.refusals)
        if self.allowed and self.requested is not None and self.requested > self.max_amount:
            out.append(f"申请金额{_yuan(self.requested)}超过可贷额度{_yuan(self.max_amount)}")
        if self.months > self.max_months:
            out.append(f"申请期限{self.months}个月超过最长可贷期限{self.max_months}个月")
        return out

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        if not self.allowed:
            return "不能贷款：" + "；".join(self.refusals)
        b = self.binding
        why = f"（受{b.label}限制）" if b else ""
        return f"最高可贷{_yuan(self.max_amount)}{why}，最长期限{self.max_months}个月"

    def explanation(self) -> list[str]:
        """Every line the clerk reads to the applicant: refusals, the limits one by one, the term, the result."""
        return [*self.refusals, *(f.text for f in self.factors), *self.term_limits, *self.notes, self.summary]


# ----------------------------------------------------------------------------------------- helpers


def _yuan(fen: int) -> str:
    return f"{format_yuan(fen)}元"


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _floor(x: Fraction | Decimal | int) -> int:
    return max(0, round_to(x, Rounding.FLOOR))


def home_order(rule: str, homes_owned: int, fund_loans_ever: int) -> int:
    """Which home this is for the family: 1 first, 2 second … under the policy's definition of a second home."""
    if rule == "home_only":
        return homes_owned + 1
    if rule == "loan_only":
        return fund_loans_ever + 1
    return max(homes_owned, fund_loans_ever) + 1


def months_until(start: date, end: date) -> int:
    """Whole months m such that ``start`` + m months is on or before ``end`` (0 when ``end`` < ``start``)."""
    m = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        m -= 1
    return max(0, m)


def max_principal_for_payment(payment_cap: int, months: int, annual_rate: Decimal, method: Method) -> int:
    """The largest principal (fen) whose monthly payment — the level payment, or the first (largest) payment of
    等额本金 — is at most ``payment_cap``. The exact inverse brackets it; a bisection on the rounded payment
    (which never falls as the principal grows) finds it to the fen."""
    if payment_cap <= 0:
        return 0
    r = monthly_rate(annual_rate)
    if method is Method.EQUAL_INSTALLMENT and r != 0:
        growth = (1 + r) ** months
        per_fen = (growth - 1) / (r * growth)  # principal per fen of payment
    elif method is Method.EQUAL_INSTALLMENT:
        per_fen = Fraction(months)
    else:
        per_fen = 1 / (Fraction(1, months) + r)
    lo = _floor((payment_cap - 1) * per_fen)  # its payment is at most the cap (roundings add under one fen)
    hi = _floor((payment_cap + 2) * per_fen) + 1  # its payment is above the cap
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if first_payment(mid, months, annual_rate, method) <= payment_cap:
            lo = mid
        else:
            hi = mid - 1
    return lo


def first_payment(principal: int, months: int, annual_rate: Decimal, method: Method) -> int:
    if principal <= 0:
        return 0
    if method is Method.EQUAL_INSTALLMENT:
        return level_payment(principal, months, annual_rate)
    return level_principal(principal, months) + round_to(principal * monthly_rate(annual_rate), Rounding.HALF_UP)


# ----------------------------------------------------------------------------------------- the rule


def assess(request: Request, parties: Sequence[Party], family: Family, rules: Rules, *, as_of: date) -> Assessment:
    """The limit and eligibility of one application. ``parties[0]`` is the main borrower."""
    main = parties[0]
    refusals: list[str] = []
    notes: list[str] = []

    # -- the borrowers' accounts and contributions
    refusals += _party_refusals(main, rules, as_of)
    for co in parties[1:]:
        if co.has_account and co.frozen:
            refusals.append(f"共同借款人{co.name}的账户已冻结")

    # -- bans, other loans, which home
    for ban in family.bans:
        if ban.active_on(as_of):
            who = next((p.name for p in parties if p.person_id == ban.person_id), "")
            refusals.append(f"{who}在禁止期内（{_cn(ban.from_day)}至{_cn(ban.until_day)}，{ban.reason}），不能申请贷款")
    for day in family.loan_frauds:
        until = add_years(day, rules.fraud_ban_years)
        if day <= as_of < until:
            refusals.append(f"家庭有骗取公积金贷款记录（{_cn(day)}），{rules.fraud_ban_years}年内（至{_cn(until)}）"
                            "不能申请贷款")
    if family.outstanding_loans:
        refusals.append("家庭尚有未结清的住房公积金贷款（" + "、".join(family.outstanding_loans) + "），不能再次申请")
    order = home_order(rules.second_home_rule, family.homes_owned, family.fund_loans_ever)
    second = order >= 2
    from anju.loanapp.params import SECOND_HOME_RULES

    rule_name = SECOND_HOME_RULES.get(rules.second_home_rule, rules.second_home_rule)
    if order > rules.max_home_order:
        refusals.append(f"按“{rule_name}”认定为家庭第{order}套住房（已有住房{family.homes_owned}套、"
                        f"公积金贷款{family.fund_loans_ever}次），不予贷款")
    elif second:
        notes.append(f"按“{rule_name}”认定为第二套住房（已有住房{family.homes_owned}套、公积金贷款"
                     f"{family.fund_loans_ever}次），适用二套住房利率和贷款成数")

    # -- the term
    term_limits, max_months = _term(request, main, rules, as_of)

    months = request.months
    rate = rules.rate(months if months >= 1 else 1, second)
    income = sum(p.monthly_income for p in parties)
    factors = _factors(request, parties, rules, second=second, rate=rate, income=income, as_of=as_of)
    lowest = min(f.amount for f in factors)
    max_amount = round_to(lowest, Rounding.FLOOR, rules.amount_unit) if lowest > 0 else 0
    if max_amount < rules.min_amount and not refusals:
        refusals.append(f"可贷额度{_yuan(max_amount)}低于最低贷款金额{_yuan(rules.min_amount)}")
    if request.amount is not None and request.amount < rules.min_amount:
        refusals.append(f"申请金额{_yuan(request.amount)}低于最低贷款金额{_yuan(rules.min_amount)}")
    allowed = not refusals
    if not allowed:
        max_amount = 0
    granted = request.amount if request.amount is not None else max_amount
    payment = first_payment(min(granted, max_amount) if allowed else 0, max(months, 1), rate, request.method)
    return Assessment(as_of=as_of, allowed=allowed, max_amount=max_amount, max_months=max_months, second_home=second,
                      home_order=order, rate=rate, payment=payment, household_income=income,
                      refusals=tuple(refusals), factors=tuple(factors), term_limits=tuple(term_limits),
                      notes=tuple(notes), requested=request.amount, months=months)


def _party_refusals(main: Party, rules: Rules, as_of: date) -> list[str]:
    out = []
    if main.remote:
        need = rules.min_months_flexible if main.flexible else rules.min_months
        run = main.continuous_months or 0
        if run < need:
            out.append(f"异地缴存证明载明连续缴存{run}个月，须连续缴存满{need}个月")
        return out
    if not main.has_account:
        return [f"借款人{main.name}没有本市住房公积金账户（异地缴存职工须提供异地缴存使用证明）"]
    status = AccountStatus(main.account_status)
    if status is not AccountStatus.NORMAL:
        out.append(f"借款人账户状态为“{status.label}”，须为正常缴存状态")
    if main.frozen:
        out.append("借款人账户已冻结，不能申请贷款")
    need = rules.min_months_flexible if main.flexible else rules.min_months
    run, latest = continuous_months(main.paid_months, as_of)
    if run < need:
        upto = f"（截至{format_month(latest)}）" if latest else ""
        who = "灵活就业人员" if main.flexible else "借款人"
        out.append(f"{who}近期连续缴存{run}个月{upto}，须连续足额缴存满{need}个月")
    return out


def _term(request: Request, main: Party, rules: Rules, as_of: date) -> tuple[list[str], int]:
    lines = [f"政策最长贷款期限{rules.max_term_months}个月"]
    bounds = [rules.max_term_months]
    statutory = rules.retirement_of(main)
    latest = add_years(statutory.day, rules.over_retirement)
    by_age = months_until(as_of, latest)
    age = age_on(main.birth_date, as_of) if main.birth_date <= as_of else 0
    lines.append(f"借款人现年{age}岁，{statutory.text}，贷款到期日不晚于法定退休日期后{rules.over_retirement}年"
                 f"（{_cn(latest)}），期限最长{by_age}个月")
    bounds.append(by_age)
    if request.house_type is HouseType.USED and request.building_age is not None:
        left = max(0, rules.age_plus_term_years - request.building_age) * 12
        lines.append(f"二手住房房龄{request.building_age}年，房龄与贷款期限之和不超过{rules.age_plus_term_years}年，"
                     f"期限最长{left}个月")
        bounds.append(left)
    return lines, min(bounds)


def _factors(request: Request, parties: Sequence[Party], rules: Rules, *, second: bool, rate: Decimal, income: int,
             as_of: date) -> list[Factor]:
    out = [_cap(request, parties, rules, second=second), _balance(parties, rules, as_of),
           _capacity(request, rules, rate=rate, income=income)]
    if request.value is not None:
        out.append(_ltv(request, rules, second=second))
    if request.purpose is Purpose.REFINANCE and request.refinance_balance is not None:
        out.append(Factor("refinance", "商业贷款余额", request.refinance_balance,
                          f"商转公贷款不超过原商业贷款余额{_yuan(request.refinance_balance)}"))
    return out


def _cap(request: Request, parties: Sequence[Party], rules: Rules, *, second: bool) -> Factor:
    spouse_pays = any(p.spouse and p.contributing for p in parties[1:])
    base = rules.max_family if spouse_pays else rules.max_single
    text = f"最高额度{_yuan(base)}（{'夫妻双方缴存' if spouse_pays else '单方缴存'}）"
    uplifts = []
    if request.children >= rules.multi_child_min:
        uplifts.append(("多子女家庭", rules.uplift_multi_child))
    if request.talent:
        uplifts.append(("高层次人才", rules.uplift_talent))
    factor = Fraction(1)
    if uplifts:
        if rules.uplifts_stack:
            for _, u in uplifts:
                factor *= Fraction(u)
            text += "，" + "、".join(f"{name}上浮×{u}" for name, u in uplifts) + "（叠加）"
        else:
            name, u = max(uplifts, key=lambda x: x[1])
            factor *= Fraction(u)
            text += f"，{name}上浮×{u}" + ("（多项上浮不叠加，取最高）" if len(uplifts) > 1 else "")
    if second and rules.cap_factor_second != 1:
        factor *= Fraction(rules.cap_factor_second)
        text += f"，二套住房×{rules.cap_factor_second}"
    amount = _floor(base * factor)
    if factor != 1:
        text += f"，为{_yuan(amount)}"
    return Factor("cap", "最高额度", amount, text)


def _balance(parties: Sequence[Party], rules: Rules, as_of: date) -> Factor:
    counted = [p for p in parties if p.contributing]
    total = sum(p.balance for p in counted)
    names = "、".join(f"{p.name}：{_yuan(p.balance)}" for p in counted) or "无"
    amount = _floor(total * Fraction(rules.balance_multiple))
    text = f"账户余额合计{_yuan(total)}（{names}）×{rules.balance_multiple}倍＝{_yuan(amount)}"
    if rules.balance_formula == "balance_plus_future":
        future = 0
        parts = []
        for p in counted:
            retire_day = rules.retirement_of(p).day
            left = months_until(as_of, retire_day)
            future += p.monthly_contribution * left
            parts.append(f"{p.name}月缴存额{_yuan(p.monthly_contribution)}×{left}个月")
        amount += future
        text += "，加" + "、".join(parts) + f"，合计{_yuan(amount)}"
    return Factor("balance", "账户余额", amount, text)


def _capacity(request: Request, rules: Rules, *, rate: Decimal, income: int) -> Factor:
    months = max(request.months, 1)
    cap = _floor(income * Fraction(rules.income_share)) - request.other_monthly_debt
    amount = max_principal_for_payment(cap, months, rate, request.method)
    debt = f"，减其他月还款{_yuan(request.other_monthly_debt)}" if request.other_monthly_debt else ""
    text = (f"家庭月收入{_yuan(income)}×{format_ratio(rules.income_share)}{debt}，月还款不超过{_yuan(max(cap, 0))}；"
            f"按{request.method.label}、{months}个月、年利率{format_ratio(rate)}，贷款不超过{_yuan(amount)}")
    return Factor("capacity", "还款能力", amount, text)


def _ltv(request: Request, rules: Rules, *, second: bool) -> Factor:
    value = request.value
    if request.purpose in (Purpose.BUILD, Purpose.REPAIR):
        ratio, what = rules.ltv_build, "工程造价"
    else:
        what = "房屋价格"
        if second:
            ratio = rules.ltv_second
        elif request.house_type is HouseType.USED:
            ratio = rules.ltv_first_used
        else:
            ratio = rules.ltv_first_new
        if request.house_type is HouseType.USED and request.building_age is not None \
                and request.building_age > rules.used_old_age:
            ratio = min(ratio, rules.ltv_used_old)
    total = _floor(value * Fraction(ratio))
    amount = max(0, total - request.commercial_amount)
    kind = ("二套住房" if second else "首套") + (request.house_type.label if request.purpose not in
                                                 (Purpose.BUILD, Purpose.REPAIR) else "")
    text = f"{what}{_yuan(value)}×{kind}最高贷款比例{format_ratio(ratio)}＝{_yuan(total)}"
    if request.commercial_amount:
        text += f"，减组合贷款商业部分{_yuan(request.commercial_amount)}，为{_yuan(amount)}"
    return Factor("ltv", "贷款成数", amount, text)
