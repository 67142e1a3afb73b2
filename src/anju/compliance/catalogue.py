"""The e-audit rule catalogue (电子稽查规则): each rule is data — code, name, family, severity, the policy
parameters it reads, whether it is enabled (``compliance.disabled_rules``) — and a set-based SQL detector over
the whole centre that returns evidence rows, with the population it checked (疑点率 = 疑点记录数 ÷ 被检查记录数).

Every detector returns the same columns: subject_key (what one 疑点 is about: the same subject found again is the
same open hit), person_id, employer_id, account_id, ref_type, ref_id, amount, on_day, note. A hit is one
(rule, subject); its evidence is every row the detector returned for that subject.

The withdrawal area's pre-checks (``withdrawal.rules.fraud_signals``: property_shared, contract_cancelled,
contribution_jump, early_withdrawal, rent_with_home) look at one application; the rules of the same name here
look at every application of the centre with the same parameters (``withdrawal.fraud_jump_share``,
``withdrawal.fraud_jump_months``, ``withdrawal.fraud_early_months``) and the same register of homes, so the
reviewer and the auditor see the same facts. Every table is read through its owner's named selectables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Date,
    Integer,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.sql import Select

from anju.compliance.codes import Family, Severity
from anju.compliance.sqlfn import day_number, month_index, ym_index
from anju.compliance.tables import remote_member
from anju.core.dates import add_years, month_of
from anju.loan import queries as loan_queries
from anju.registry import queries as registry_queries
from anju.registry.codes import AccountStatus, TxnType
from anju.withdrawal import queries as withdrawal_queries
from anju.withdrawal.codes import COUNTING, Reason

LIVE = tuple(s.value for s in AccountStatus if not s.closed)
NORMAL = AccountStatus.NORMAL.value
COUNTED = tuple(s.value for s in COUNTING)
CONTRIBUTIONS = (TxnType.REMIT.value, TxnType.BACK_PAY.value)


@dataclass(frozen=True)
class Ctx:
    as_of: date
    policy: object  # anju.policy.store.Policy

    @property
    def month(self) -> int:
        return month_of(self.as_of)

    @property
    def month_idx(self) -> int:
        return (self.month // 100) * 12 + self.month % 100


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    family: Family
    severity: Severity
    params: tuple[str, ...]
    subject: str  # person / account / withdrawal / home / loan
    detect: Callable[[Ctx], Select] | None  # None: not scanned here, the hits are imported (SUPERVISION)
    population: Callable[[Ctx], Select] | None
    signal: str | None = None  # the withdrawal pre-check it extends to the whole centre
    description: str = ""


def _ev(subject, *, ref_type, ref_id, person_id=None, employer_id=None, account_id=None, amount=None,
        on_day=None, note=None) -> list:
    """The evidence columns in their fixed order."""
    def _int(v):
        return cast(null(), BigInteger) if v is None else v

    return [subject.label("subject_key"), _int(person_id).label("person_id"),
            _int(employer_id).label("employer_id"), _int(account_id).label("account_id"),
            (literal(ref_type, String) if isinstance(ref_type, str) else cast(ref_type, String)).label("ref_type"), cast(ref_id, String).label("ref_id"),
            _int(amount).label("amount"), (cast(null(), Date) if on_day is None else on_day).label("on_day"),
            (cast(null(), String) if note is None else cast(note, String)).label("note")]


def _key(prefix: str, *parts):
    out = literal(prefix + ":", String)
    for i, p in enumerate(parts):
        out = out + (literal(":", String) if i else literal("", String)) + cast(p, String)
    return out


def _count(from_) -> Select:
    return select(func.count()).select_from(from_)


# -------------------------------------------------------------------------------------------- populations

def _live_accounts(ctx: Ctx) -> Select:
    a = registry_queries.account_facts()
    return select(func.count()).select_from(a).where(a.c.status.in_(LIVE))


def _normal_accounts(ctx: Ctx) -> Select:
    a = registry_queries.account_facts()
    return select(func.count()).select_from(a).where(a.c.status == NORMAL)


def _withdrawals(ctx: Ctx) -> Select:
    w = withdrawal_queries.applications()
    return select(func.count()).select_from(w).where(w.c.status.in_(COUNTED), w.c.accepted_on <= ctx.as_of)


def _withdrawals_and_loans(ctx: Ctx) -> Select:
    w = withdrawal_queries.applications()
    loans = loan_queries.live_loans()
    return select(select(func.count()).select_from(w).where(w.c.status.in_(COUNTED)).scalar_subquery()
                  + select(func.count()).select_from(loans).scalar_subquery())


def _rent_withdrawals(ctx: Ctx) -> Select:
    w = withdrawal_queries.applications()
    return select(func.count()).select_from(w).where(w.c.status.in_(COUNTED), w.c.reason == Reason.RENT.value)


def _homes_used(ctx: Ctx) -> Select:
    u = registry_queries.home_uses()
    return select(func.count(func.distinct(u.c.property_id))).where(u.c.active.is_(True))


def _live_loans(ctx: Ctx) -> Select:
    return _count(loan_queries.live_loans())


# -------------------------------------------------------------------------------------------- detectors

def local_duplicate(ctx: Ctx) -> Select:
    """本地多账户: two persons with the same name and the same region and birth date (the first 14 characters of
    the ID number) — one person registered twice (a 15-digit ID converted, a typo) — both with accounts not
    closed."""
    p, a = registry_queries.persons_for_checks(), registry_queries.account_facts()
    region_birth = func.substr(p.c.id_number, 1, 14)
    live = (select(p.c.id.label("person_id"), p.c.name, region_birth.label("rb"), a.c.id.label("account_id"),
                   a.c.employer_id, a.c.balance)
            .join(a, a.c.person_id == p.c.id).where(a.c.status.in_(LIVE)).subquery("live"))
    dup = (select(live.c.name, live.c.rb, func.min(live.c.person_id).label("first"))
           .group_by(live.c.name, live.c.rb).having(func.count() > 1).subquery("dup"))
    return (select(*_ev(_key("person", dup.c.first), ref_type="account", ref_id=live.c.account_id,
                         person_id=live.c.person_id, employer_id=live.c.employer_id, account_id=live.c.account_id,
                         amount=live.c.balance))
            .join(dup, and_(dup.c.name == live.c.name, dup.c.rb == live.c.rb)))


def remote_duplicate(ctx: Ctx) -> Select:
    """异地重复缴存: a member contributing here (正常) who is 正常 on another centre's imported list for this month
    or the one before."""
    p, a = registry_queries.persons_for_checks(), registry_queries.account_facts()
    r = remote_member.c
    return (select(*_ev(_key("person", p.c.id), ref_type="remote_member", ref_id=r.id, person_id=p.c.id,
                         employer_id=a.c.employer_id, account_id=a.c.id, note=r.month))
            .select_from(remote_member.join(p, p.c.id_number == r.id_number).join(a, a.c.person_id == p.c.id))
            .where(a.c.status == NORMAL, r.status == NORMAL, r.month >= _prev_month(ctx.month)))


def _prev_month(m: int) -> int:
    from anju.core.dates import add_months

    return add_months(m, -1)


def base_jump(ctx: Ctx) -> Select:
    """缴存基数异常（跳增）: the monthly contribution rose by more than ``withdrawal.fraud_jump_share`` within
    ``withdrawal.fraud_jump_months`` before a withdrawal or a loan (the withdrawal pre-check, centre-wide)."""
    share = int(Decimal(ctx.policy["withdrawal.fraud_jump_share"]) * 1_000_000)
    months = int(ctx.policy["withdrawal.fraud_jump_months"])
    t = registry_queries.terms_rows()
    a = registry_queries.account_facts()
    w = withdrawal_queries.applications()
    loans = loan_queries.live_loans()
    # only the terms of accounts with a withdrawal or a loan go through the window function (a small share)
    a2 = registry_queries.account_facts().alias("borrower_accounts")
    concerned = union_all(select(w.c.account_id).where(w.c.status.in_(COUNTED)),
                          select(a2.c.id).join(loans, loans.c.borrower_person_id == a2.c.person_id))
    lagged = select(t.c.account_id, t.c.from_month, t.c.monthly,
                    func.lag(t.c.monthly).over(partition_by=t.c.account_id, order_by=t.c.from_month).label("prev")
                    ).where(t.c.account_id.in_(concerned)).subquery("lagged")
    jumps = (select(lagged).where(lagged.c.prev > 0,
                                  (lagged.c.monthly - lagged.c.prev) * 1_000_000 > lagged.c.prev * share)
             .subquery("jumps"))
    gap_w = month_index(w.c.accepted_on) - ym_index(jumps.c.from_month)
    by_w = (select(*_ev(_key("account", jumps.c.account_id, jumps.c.from_month), ref_type="withdrawal", ref_id=w.c.no,
                        person_id=w.c.person_id, account_id=w.c.account_id, amount=jumps.c.monthly,
                        on_day=w.c.accepted_on, note=jumps.c.prev))
            .join(w, w.c.account_id == jumps.c.account_id)
            .where(w.c.status.in_(COUNTED), gap_w >= 0, gap_w <= months))
    gap_l = month_index(loans.c.disbursed_on) - ym_index(jumps.c.from_month)
    by_l = (select(*_ev(_key("account", jumps.c.account_id, jumps.c.from_month), ref_type="loan",
                        ref_id=loans.c.contract_no, person_id=a.c.person_id, employer_id=a.c.employer_id,
                        account_id=a.c.id, amount=jumps.c.monthly, on_day=loans.c.disbursed_on, note=jumps.c.prev))
            .select_from(jumps.join(a, a.c.id == jumps.c.account_id)
                         .join(loans, loans.c.borrower_person_id == a.c.person_id))
            .where(gap_l >= 0, gap_l <= months))
    return union_all(by_w, by_l)


def base_over_average(ctx: Ctx) -> Select:
    """缴存基数异常（畸高）: a base above ``compliance.base_over_average_factor`` × the employer's average base, in
    employers of at least ``compliance.base_over_average_min_members`` contributing members."""
    factor = int(Decimal(str(ctx.policy["compliance.base_over_average_factor"])) * 1000)
    least = int(ctx.policy["compliance.base_over_average_min_members"])
    a = registry_queries.account_facts()
    avg = (select(a.c.employer_id, func.count().label("n"), func.sum(a.c.base).label("total"))
           .where(a.c.status == NORMAL, a.c.employer_id.is_not(None))
           .group_by(a.c.employer_id).having(func.count() >= least).subquery("avg"))
    return (select(*_ev(_key("account", a.c.id, literal("base")), ref_type="account", ref_id=a.c.account_no,
                        person_id=a.c.person_id, employer_id=a.c.employer_id, account_id=a.c.id, amount=a.c.base,
                        note=cast(avg.c.total, BigInteger) // avg.c.n))
            .join(avg, avg.c.employer_id == a.c.employer_id)
            .where(a.c.status == NORMAL, a.c.base * avg.c.n * 1000 > avg.c.total * factor))


def stop_after_withdrawal(ctx: Ctx) -> Select:
    """提取后短期断缴: a partial withdrawal, then no contribution for ``compliance.stop_after_months`` months
    (the account still open and contributing before it)."""
    n = int(ctx.policy["compliance.stop_after_months"])
    w, a = withdrawal_queries.applications(), registry_queries.account_facts()
    tx = registry_queries.member_txn_rows(CONTRIBUTIONS)
    later = exists().where(tx.c.account_id == w.c.account_id, tx.c.txn_date > w.c.accepted_on, tx.c.amount > 0)
    return (select(*_ev(_key("withdrawal", w.c.id), ref_type="withdrawal", ref_id=w.c.no, person_id=w.c.person_id,
                        employer_id=a.c.employer_id, account_id=w.c.account_id, amount=w.c.amount,
                        on_day=w.c.accepted_on, note=a.c.paid_through))
            .join(a, a.c.id == w.c.account_id)
            .where(w.c.status.in_(COUNTED), w.c.closes.is_(False), a.c.status.in_(LIVE),
                   a.c.paid_through.is_not(None), ym_index(a.c.paid_through) >= month_index(w.c.accepted_on) - 1,
                   month_index(w.c.accepted_on) + n <= ctx.month_idx, ~later))


def loan_stopped(ctx: Ctx) -> Select:
    """贷后断缴: a borrower of a live loan whose contributions stopped (缴至年月 ``compliance.stop_after_months``
    or more months behind) — the employer stopped paying, or the member was sealed."""
    n = int(ctx.policy["compliance.stop_after_months"])
    loans, a = loan_queries.live_loans(), registry_queries.account_facts()
    return (select(*_ev(_key("loan", loans.c.id), ref_type="loan", ref_id=loans.c.contract_no,
                        person_id=a.c.person_id, employer_id=a.c.employer_id, account_id=a.c.id,
                        amount=loans.c.outstanding, on_day=loans.c.disbursed_on, note=a.c.paid_through))
            .join(a, a.c.person_id == loans.c.borrower_person_id)
            .where(or_(a.c.paid_through.is_(None), ym_index(a.c.paid_through) <= ctx.month_idx - 1 - n),
                   month_index(loans.c.disbursed_on) + n <= ctx.month_idx))


def same_home(ctx: Ctx) -> Select:
    """同一房屋多次提取/贷款: one home used by withdrawals or loans of two persons who are not spouses."""
    u1, u2 = registry_queries.home_uses().alias("u1"), registry_queries.home_uses().alias("u2")
    p1, p2 = registry_queries.persons_for_checks().alias("p1"), registry_queries.persons_for_checks().alias("p2")
    spouses = or_(p1.c.spouse_id == u2.c.person_id, p2.c.spouse_id == u1.c.person_id)
    pairs = (select(u1.c.property_id).distinct()
             .select_from(u1.join(u2, and_(u2.c.property_id == u1.c.property_id, u2.c.person_id > u1.c.person_id))
                          .join(p1, p1.c.id == u1.c.person_id).join(p2, p2.c.id == u2.c.person_id))
             .where(u1.c.active.is_(True), u2.c.active.is_(True), ~func.coalesce(spouses, False))
             .subquery("shared"))
    u = registry_queries.home_uses()
    return (select(*_ev(_key("home", u.c.property_id), ref_type=u.c.ref_type, ref_id=u.c.ref_label,
                        person_id=u.c.person_id, amount=u.c.amount, on_day=u.c.on_day))
            .join(pairs, pairs.c.property_id == u.c.property_id).where(u.c.active.is_(True)))


def contract_cancelled(ctx: Ctx) -> Select:
    """购房提取后合同撤销: a withdrawal for a home whose purchase contract was cancelled on or after it."""
    w, h = withdrawal_queries.applications(), registry_queries.homes()
    return (select(*_ev(_key("withdrawal", w.c.id), ref_type="withdrawal", ref_id=w.c.no, person_id=w.c.person_id,
                        account_id=w.c.account_id, amount=w.c.amount, on_day=h.c.cancelled_on, note=h.c.address))
            .join(h, h.c.id == w.c.property_id)
            .where(w.c.status.in_(COUNTED), h.c.cancelled_on.is_not(None), h.c.cancelled_on >= w.c.accepted_on))


def early_withdrawal(ctx: Ctx) -> Select:
    """首次缴存后短期提取: a withdrawal within ``withdrawal.fraud_early_months`` of the first contribution."""
    months = int(ctx.policy["withdrawal.fraud_early_months"])
    w, a = withdrawal_queries.applications(), registry_queries.account_facts()
    return (select(*_ev(_key("withdrawal", w.c.id), ref_type="withdrawal", ref_id=w.c.no, person_id=w.c.person_id,
                        employer_id=a.c.employer_id, account_id=w.c.account_id, amount=w.c.amount,
                        on_day=w.c.accepted_on, note=a.c.first_paid))
            .join(a, a.c.id == w.c.account_id)
            .where(w.c.status.in_(COUNTED), a.c.first_paid.is_not(None),
                   month_index(w.c.accepted_on) - ym_index(a.c.first_paid) < months))


def rent_with_home(ctx: Ctx) -> Select:
    """租房提取与有房冲突: a rent withdrawal while the member or the spouse (linked either way) owns a home."""
    w, p = withdrawal_queries.applications(), registry_queries.persons_for_checks()
    back = registry_queries.persons_for_checks().alias("spouse_back")
    hh, h = registry_queries.home_holdings(), registry_queries.homes()
    owns = and_(hh.c.from_day <= w.c.accepted_on, or_(hh.c.until_day.is_(None), hh.c.until_day > w.c.accepted_on))
    family = or_(hh.c.person_id == w.c.person_id, hh.c.person_id == p.c.spouse_id,
                 hh.c.person_id.in_(select(back.c.id).where(back.c.spouse_id == w.c.person_id).scalar_subquery()))
    return (select(*_ev(_key("withdrawal", w.c.id), ref_type="home", ref_id=h.c.id, person_id=w.c.person_id,
                        account_id=w.c.account_id, amount=w.c.amount, on_day=hh.c.from_day, note=h.c.address))
            .select_from(w.join(p, p.c.id == w.c.person_id).join(hh, family).join(h, h.c.id == hh.c.property_id))
            .where(w.c.status.in_(COUNTED), w.c.reason == Reason.RENT.value, owns))


def underage(ctx: Ctx) -> Select:
    """未成年缴存: a contributing member younger than ``compliance.min_contributing_age``."""
    born_after = add_years(ctx.as_of, -int(ctx.policy["compliance.min_contributing_age"]))
    p, a = registry_queries.persons_for_checks(), registry_queries.account_facts()
    return (select(*_ev(_key("person", p.c.id), ref_type="person", ref_id=p.c.id, person_id=p.c.id,
                        employer_id=a.c.employer_id, account_id=a.c.id, on_day=p.c.birth_date))
            .join(a, a.c.person_id == p.c.id).where(a.c.status == NORMAL, p.c.birth_date > born_after))


def over_age(ctx: Ctx) -> Select:
    """超龄缴存: a contributing member older than ``compliance.over_age_male`` / ``_female``."""
    male = add_years(ctx.as_of, -int(ctx.policy["compliance.over_age_male"]))
    female = add_years(ctx.as_of, -int(ctx.policy["compliance.over_age_female"]))
    p, a = registry_queries.persons_for_checks(), registry_queries.account_facts()
    return (select(*_ev(_key("person", p.c.id), ref_type="person", ref_id=p.c.id, person_id=p.c.id,
                        employer_id=a.c.employer_id, account_id=a.c.id, on_day=p.c.birth_date))
            .join(a, a.c.person_id == p.c.id)
            .where(a.c.status == NORMAL, or_(and_(p.c.sex == "1", p.c.birth_date < male),
                                             and_(p.c.sex != "1", p.c.birth_date < female))))


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def _digit(col, i: int):
    ch = func.substr(col, i, 1)
    return case((ch.in_([str(d) for d in range(10)]), cast(ch, Integer)), else_=null())


def invalid_id(ctx: Ctx) -> Select:
    """身份信息异常: an ID number that is not 18 characters or whose GB 11643 check character is wrong."""
    p, a = registry_queries.persons_for_checks(), registry_queries.account_facts()
    total = sum((_digit(p.c.id_number, i + 1) * w for i, w in enumerate(_WEIGHTS)), start=literal(0))
    expected = case(*((total % 11 == k, literal(c)) for k, c in enumerate(_CHECK)), else_=null())
    bad = or_(func.length(p.c.id_number) != 18, total.is_(None),
              func.upper(func.substr(p.c.id_number, 18, 1)) != expected)
    return (select(*_ev(_key("person", p.c.id), ref_type="person", ref_id=p.c.id, person_id=p.c.id,
                        employer_id=a.c.employer_id, account_id=a.c.id))
            .join(a, a.c.person_id == p.c.id).where(a.c.status.in_(LIVE), bad))


def after_unseal(ctx: Ctx) -> Select:
    """封存账户异常提取: a withdrawal within ``compliance.unseal_window_days`` days after the account was unsealed
    (启封)."""
    days = int(ctx.policy["compliance.unseal_window_days"])
    w = withdrawal_queries.applications()
    tx = registry_queries.member_txn_rows((TxnType.REOPEN.value,))
    gap = day_number(w.c.accepted_on) - day_number(tx.c.txn_date)
    return (select(*_ev(_key("withdrawal", w.c.id), ref_type="withdrawal", ref_id=w.c.no, person_id=w.c.person_id,
                        account_id=w.c.account_id, amount=w.c.amount, on_day=tx.c.txn_date))
            .join(tx, tx.c.account_id == w.c.account_id)
            .where(w.c.status.in_(COUNTED), gap >= 0, gap <= days))


def backdated_backpay(ctx: Ctx) -> Select:
    """补缴后即提取: a 补缴 for months at least ``compliance.backpay_months_back`` months before its posting,
    posted within ``compliance.backpay_window_days`` days before a withdrawal."""
    days = int(ctx.policy["compliance.backpay_window_days"])
    back = int(ctx.policy["compliance.backpay_months_back"])
    w = withdrawal_queries.applications()
    tx = registry_queries.member_txn_rows((TxnType.BACK_PAY.value,))
    gap = day_number(w.c.accepted_on) - day_number(tx.c.txn_date)
    return (select(*_ev(_key("withdrawal", w.c.id), ref_type="member_txn", ref_id=tx.c.id, person_id=w.c.person_id,
                        account_id=w.c.account_id, amount=tx.c.amount, on_day=tx.c.txn_date, note=tx.c.month))
            .join(tx, tx.c.account_id == w.c.account_id)
            .where(w.c.status.in_(COUNTED), tx.c.amount > 0, tx.c.month.is_not(None),
                   ym_index(tx.c.month) <= month_index(tx.c.txn_date) - back, gap >= 0, gap <= days))


RULES: tuple[Rule, ...] = (
    Rule("local_dup", "同一人多个个人账户", Family.LOCAL_DUPLICATE, Severity.HIGH, (), "person", local_duplicate,
         _live_accounts, description="姓名、行政区划和出生日期相同的两人均有未销户账户"),
    Rule("remote_dup", "异地重复缴存", Family.REMOTE_DUPLICATE, Severity.HIGH, (), "person", remote_duplicate,
         _normal_accounts, description="本地正常缴存，同时在外地中心名单中正常缴存"),
    Rule("base_jump", "提取或贷款前缴存额跳增", Family.BASE, Severity.MEDIUM,
         ("withdrawal.fraud_jump_share", "withdrawal.fraud_jump_months"), "account", base_jump,
         _withdrawals_and_loans, signal="contribution_jump"),
    Rule("base_over_avg", "缴存基数畸高于本单位平均", Family.BASE, Severity.LOW,
         ("compliance.base_over_average_factor", "compliance.base_over_average_min_members"), "account",
         base_over_average, _normal_accounts),
    Rule("stop_after", "提取后短期断缴", Family.STOP_AFTER, Severity.MEDIUM, ("compliance.stop_after_months",),
         "withdrawal", stop_after_withdrawal, _withdrawals),
    Rule("same_home", "同一房屋多人提取或贷款", Family.SAME_HOME, Severity.HIGH, (), "home", same_home, _homes_used,
         signal="property_shared"),
    Rule("contract_cancel", "购房提取后合同撤销", Family.CONTRACT, Severity.HIGH, (), "withdrawal",
         contract_cancelled, _withdrawals, signal="contract_cancelled"),
    Rule("early", "首次缴存后短期提取", Family.EARLY, Severity.MEDIUM, ("withdrawal.fraud_early_months",),
         "withdrawal", early_withdrawal, _withdrawals, signal="early_withdrawal"),
    Rule("rent_home", "有房仍按租房提取", Family.RENT_HOME, Severity.HIGH, (), "withdrawal", rent_with_home,
         _rent_withdrawals, signal="rent_with_home"),
    Rule("underage", "未满法定年龄缴存", Family.AGE, Severity.MEDIUM, ("compliance.min_contributing_age",), "person",
         underage, _normal_accounts),
    Rule("over_age", "超过退休年龄仍缴存", Family.AGE, Severity.LOW,
         ("compliance.over_age_male", "compliance.over_age_female"), "person", over_age, _normal_accounts),
    Rule("invalid_id", "身份证号码校验不符", Family.IDENTITY, Severity.MEDIUM, (), "person", invalid_id,
         _live_accounts),
    Rule("after_unseal", "启封后短期提取", Family.SEALED, Severity.MEDIUM, ("compliance.unseal_window_days",),
         "withdrawal", after_unseal, _withdrawals),
    Rule("backpay", "追溯补缴后即提取", Family.BACK_PAY, Severity.HIGH,
         ("compliance.backpay_window_days", "compliance.backpay_months_back"), "withdrawal", backdated_backpay,
         _withdrawals),
    Rule("loan_stopped", "贷款后借款人停缴", Family.STOP_AFTER, Severity.MEDIUM, ("compliance.stop_after_months",),
         "loan", loan_stopped, _live_loans),
)

# The provincial supervision job's cross-centre rules (anju.supervision.audit.RULES, same codes): not scanned here —
# their 疑点 come in the file ``疑点_<中心代码>.csv`` (compliance.crosscentre) and are disposed of like any other hit.
SUPERVISION: tuple[Rule, ...] = (
    Rule("sv.dup_contrib", "异地重复缴存（省级）", Family.SUPERVISION, Severity.HIGH, (), "person", None, None,
         description="同一证件号码在两个及以上中心同为正常缴存状态，或同一月份在两个及以上中心汇缴、补缴入账"),
    Rule("sv.same_home", "同一房屋多地使用（省级）", Family.SUPERVISION, Severity.HIGH, (), "person", None, None,
         description="同一房屋在两个及以上中心用于提取或贷款"),
    Rule("sv.multi_loan", "多地同时贷款（省级）", Family.SUPERVISION, Severity.HIGH, (), "person", None, None,
         description="同一借款人在两个及以上中心同时有未结清的公积金贷款"),
    Rule("sv.repeat_transfer", "频繁异地转移（省级）", Family.SUPERVISION, Severity.MEDIUM, (), "person", None, None,
         description="同一证件号码在期间内外部转出达到次数阈值，跨中心计"),
)

ALL_RULES = RULES + SUPERVISION
BY_CODE = {r.code: r for r in ALL_RULES}
_SCANNED = {r.code: r for r in RULES}


def enabled(policy) -> list[Rule]:
    off = set(policy.get("compliance.disabled_rules") or ())
    return [r for r in RULES if r.code not in off]


def rule(code: str) -> Rule:
    """A scanned rule by its code."""
    from anju.compliance.errors import ComplianceError
    from anju.core.errors import AnjuError, NotFound

    try:
        return _SCANNED[code]
    except KeyError:
        raise NotFound(ComplianceError.UNKNOWN_RULE, code=code) from None
