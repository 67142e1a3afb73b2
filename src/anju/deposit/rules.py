"""Pure rules of contributions: which month is due, and the check of every row of a remittance list."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from anju.core.dates import add_months, format_month, month_range
from anju.core.errors import AnjuError, Problem
from anju.core.ids import parse_resident_id
from anju.core.money import format_yuan
from anju.core.sheets import CellError, cell_money, cell_month, cell_ratio, cell_text
from anju.deposit.errors import DepositError
from anju.policy.kinds import format_ratio
from anju.policy.store import Policy
from anju.registry.codes import AccountStatus
from anju.registry.rules import Terms, check_base, check_ratios, monthly_amount

REQUIRED = ["姓名", "证件号码", "缴存基数", "单位缴存比例", "个人缴存比例", "单位月缴存额", "个人月缴存额"]
OPTIONAL = ["序号", "个人账号", "月缴存额合计", "缴存年月"]
ALIASES = {
    "身份证号码": "证件号码", "身份证号": "证件号码", "证件号": "证件号码", "基数": "缴存基数",
    "月缴存基数": "缴存基数", "单位比例": "单位缴存比例", "个人比例": "个人缴存比例", "单位缴存额": "单位月缴存额",
    "个人缴存额": "个人月缴存额", "合计": "月缴存额合计", "月缴存额": "月缴存额合计", "汇缴年月": "缴存年月",
    "补缴年月": "缴存年月", "所属年月": "缴存年月",
}
SHEET_NAMES = ("汇缴清册", "补缴清册", "缴存清册")


class ListKind(StrEnum):
    REMIT = "01"  # 汇缴 of the next month due (or several months ahead: 预缴)
    BACK_PAY = "02"  # 补缴


class BackPayReason(StrEnum):
    MISSED = "missed"  # 漏缴: months not paid at all
    DEFERRED = "deferred"  # 缓缴补缴: months of an approved deferral
    BASE_DIFF = "base_diff"  # 少缴: the base was under-declared; the difference for months already paid

    @property
    def label(self) -> str:
        return {"missed": "漏缴补缴", "deferred": "缓缴期满补缴", "base_diff": "基数差额补缴"}[self.value]


@dataclass(frozen=True)
class Member:
    """What list validation needs to know of one account."""

    account_id: int
    account_no: str
    name: str
    id_number: str
    employer_id: int | None
    status: str
    terms: tuple[tuple[int, Terms], ...]  # (from_month, terms), ascending

    def terms_for(self, month: int) -> Terms | None:
        found = None
        for from_month, terms in self.terms:
            if from_month <= month:
                found = terms
        return found


@dataclass
class ListContext:
    employer_id: int
    kind: ListKind
    period_from: int
    period_to: int
    members: dict[str, Member]  # by identity number
    policy_for: Callable[[int], Policy]  # the policy in force in a month
    reason: BackPayReason | None = None
    paid: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # (acct, month) -> (employer, member)
    deferred_months: frozenset[int] = frozenset()
    as_of_month: int = 0
    employer_members: int = 0  # accounts contributing normally at the employer (for the missing-rows warning)
    elsewhere: Callable[[str], str | None] = lambda _id: None  # employer name of an account outside this employer


@dataclass(frozen=True)
class ListLine:
    line_no: int
    account_id: int
    month: int
    base: int
    employer_amount: int
    member_amount: int

    @property
    def amount(self) -> int:
        return self.employer_amount + self.member_amount


@dataclass
class ValidatedList:
    lines: list[ListLine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rejected: list[tuple[int, dict, list[str]]] = field(default_factory=list)  # row, raw cells, messages
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def total(self) -> int:
        return sum(ln.amount for ln in self.lines)


def next_month_due(*, first_month: int, paid_through: int | None, deferred: frozenset[int] = frozenset()) -> int:
    """The month an employer's next 汇缴 must cover: after the last month paid, skipping deferred months."""
    month = first_month if paid_through is None else max(first_month, add_months(paid_through, 1))
    while month in deferred:
        month = add_months(month, 1)
    return month


def arrears_months(*, first_month: int, paid_through: int | None, through: int,
                   deferred: frozenset[int] = frozenset()) -> tuple[list[int], list[int]]:
    """Months due up to ``through`` and not paid: (unpaid, deferred)."""
    start = first_month if paid_through is None else max(first_month, add_months(paid_through, 1))
    if start > through:
        return [], []
    months = month_range(start, through)
    return [m for m in months if m not in deferred], [m for m in months if m in deferred]


def _memo(fn: Callable):
    """``fn`` (pure, one argument) remembering its answers for this list: a list repeats its ratios, bases and
    amounts, and the checks of a value under one month's policy are the same on every row."""
    cache: dict = {}

    def call(*args):
        key = (*map(type, args), *args)  # 1 and 1.0 and True are one key to a dict, but not one cell
        try:
            return cache[key]
        except KeyError:
            out = cache[key] = fn(*args)
            return out

    return call


def validate_rows(rows: Iterable[tuple[int, dict]], ctx: ListContext, *, as_of) -> ValidatedList:
    """Check every row of a 汇缴 or 补缴 list; every problem is collected, none stops the check."""
    out = ValidatedList()
    money, ratio = _memo(cell_money), _memo(cell_ratio)
    policy_for = _memo(ctx.policy_for)
    rules = _Rules(_memo(check_base), _memo(check_ratios))
    seen: dict[tuple[str, int], int] = {}
    single_month = ctx.kind is ListKind.REMIT and ctx.period_from == ctx.period_to
    for row_no, cells in rows:
        out.rows_read += 1
        messages: list[Problem] = []  # the row's problems, each beside its column
        bad = _collector(messages, row_no)

        # Identity number: text only, valid, known, of this employer, contributing.
        raw_id = cells.get("证件号码")
        member = None
        if isinstance(raw_id, (int, float, Decimal)) and not isinstance(raw_id, bool):
            bad(DepositError.LIST_ID_NUMERIC, "证件号码")
        else:
            id_text = cell_text(raw_id).upper()
            if not id_text:
                bad(DepositError.LIST_ID_EMPTY, "证件号码")
            else:
                try:
                    id_text = parse_resident_id(id_text, as_of=as_of).number
                except AnjuError as exc:
                    bad(exc, "证件号码")
                else:
                    member = ctx.members.get(id_text)
                    other = ctx.elsewhere(id_text) if member is None else None
                    if other is not None:
                        bad(DepositError.LIST_MEMBER_ELSEWHERE, "证件号码", employer=other)
                    elif member is None:
                        bad(DepositError.LIST_MEMBER_UNKNOWN, "证件号码")
                    elif member.employer_id != ctx.employer_id:
                        bad(DepositError.LIST_MEMBER_OTHER_EMPLOYER, "证件号码")
                        member = None
                    elif member.status == AccountStatus.SEALED.value and ctx.kind is ListKind.REMIT:
                        bad(DepositError.LIST_MEMBER_SEALED, "证件号码")
                        member = None
                    elif AccountStatus(member.status).closed:
                        bad(DepositError.LIST_MEMBER_CLOSED, "证件号码")
                        member = None
        name = cell_text(cells.get("姓名"))
        if not name:
            bad(DepositError.LIST_NAME_EMPTY, "姓名")
        elif member is not None and name != member.name:
            bad(DepositError.LIST_NAME_DIFFERS, "姓名", registered=member.name)
        account_no = cell_text(cells.get("个人账号"))
        if account_no and member is not None and account_no != member.account_no:
            bad(DepositError.LIST_ACCOUNT_NO_DIFFERS, "个人账号", account_no=member.account_no)

        # Month.
        month = ctx.period_from
        if cells.get("缴存年月") not in (None, ""):
            try:
                month = cell_month(cells.get("缴存年月"))
            except CellError as exc:
                bad(exc, "缴存年月")
                month = None
            else:
                if single_month and month != ctx.period_from:
                    bad(DepositError.LIST_MONTH_NOT_PERIOD, "缴存年月", month=month, period=ctx.period_from)
                elif not (ctx.period_from <= month <= ctx.period_to):
                    bad(DepositError.LIST_MONTH_OUTSIDE, "缴存年月", month=month, period_from=ctx.period_from,
                        period_to=ctx.period_to)
        elif not single_month:
            bad(DepositError.LIST_MONTH_REQUIRED, "缴存年月")
            month = None

        # Amounts and ratios.
        values = {}
        for col, conv in (("缴存基数", money), ("单位月缴存额", money), ("个人月缴存额", money),
                          ("单位缴存比例", ratio), ("个人缴存比例", ratio)):
            try:
                values[col] = conv(cells.get(col))
            except CellError as exc:
                bad(exc, col)
        total_cell = cells.get("月缴存额合计")
        if total_cell not in (None, ""):
            try:
                values["月缴存额合计"] = money(total_cell)
            except CellError as exc:
                bad(exc, "月缴存额合计")

        if member is not None and month is not None:
            key = (member.id_number, month)
            if key in seen:
                bad(DepositError.LIST_ROW_TWICE, "证件号码", seen=seen[key])
            else:
                seen[key] = row_no
            policy = policy_for(month)
            terms = member.terms_for(month)
            if terms is None:
                bad(DepositError.LIST_MONTH_BEFORE_FIRST, "缴存年月", month=format_month(month))
            elif all(k in values for k in ("缴存基数", "单位缴存比例", "个人缴存比例", "单位月缴存额", "个人月缴存额")):
                _check_amounts(ctx, member, month, terms, policy, values, bad, rules)
        if messages:
            texts = [f"{p.field}：{p.message}" for p in messages]
            out.rejected.append((row_no, cells, texts))
            out.problems += messages
        elif member is not None and month is not None:
            out.lines.append(ListLine(row_no, member.account_id, month, values["缴存基数"],
                                      values["单位月缴存额"], values["个人月缴存额"]))
    if out.rows_read == 0:
        out.problems.append(Problem.of(DepositError.LIST_NO_ROWS))
    if ctx.kind is ListKind.REMIT and out.ok and single_month:
        missing = ctx.employer_members - len({ln.account_id for ln in out.lines})
        if missing > 0:
            out.warnings.append(f"本单位有{missing}名正常缴存职工不在本次清册中；离职职工请办理封存")
    return out


def _collector(problems: list[Problem], row_no: int) -> Callable[..., None]:
    """``bad(code, column, **params)``: a problem of the row beside ``column``; ``code`` is the area's code, or an
    error (a cell that did not parse) or a problem (a registry rule's) whose code and message it keeps."""
    def bad(code: StrEnum | AnjuError | Problem, col: str, /, **params: object) -> None:
        if isinstance(code, AnjuError):
            problems.append(Problem.from_error(code, field=col, row=row_no))
        elif isinstance(code, Problem):
            problems.append(replace(code, field=col, row=row_no, input=None))
        else:
            problems.append(Problem.of(code, field=col, row=row_no, **params))

    return bad


@dataclass(frozen=True)
class _Rules:
    """The registry's base and ratio checks, remembered per value and policy within one list."""

    check_base: Callable
    check_ratios: Callable


_PLAIN_RULES = _Rules(check_base, check_ratios)


def _check_amounts(ctx: ListContext, member: Member, month: int, terms: Terms, policy: Policy, values: dict,
                   bad: Callable[..., None], rules: _Rules = _PLAIN_RULES) -> None:
    base, er, mr = values["缴存基数"], values["单位缴存比例"], values["个人缴存比例"]
    emp_amt, mem_amt = values["单位月缴存额"], values["个人月缴存额"]
    paid = ctx.paid.get((member.account_id, month))
    if ctx.kind is ListKind.REMIT or ctx.reason in (BackPayReason.MISSED, BackPayReason.DEFERRED):
        if paid is not None:
            bad(DepositError.LIST_MONTH_PAID, "缴存年月", month=format_month(month))
            return
        if ctx.reason is BackPayReason.DEFERRED and month not in ctx.deferred_months:
            bad(DepositError.LIST_MONTH_NOT_DEFERRED, "缴存年月", month=format_month(month))
        if ctx.kind is ListKind.REMIT:
            if base != terms.base:
                bad(DepositError.LIST_BASE_DIFFERS, "缴存基数", base=format_yuan(terms.base))
            if er != terms.employer_ratio or mr != terms.member_ratio:
                bad(DepositError.LIST_RATIOS_DIFFER, "单位缴存比例", employer_ratio=format_ratio(terms.employer_ratio),
                    member_ratio=format_ratio(terms.member_ratio))
        for p in rules.check_base(base, policy) + rules.check_ratios(er, mr, policy):
            bad(p, p.field or "缴存基数")
        if ctx.kind is ListKind.REMIT:  # the registered monthly amounts are what is due
            want_e, want_m = terms.employer_amount, terms.member_amount
        else:
            want_e, want_m = monthly_amount(base, er, policy), monthly_amount(base, mr, policy)
    else:  # base difference: the file gives the corrected base; amounts are what is still owed
        if paid is None:
            bad(DepositError.LIST_MONTH_UNPAID, "缴存年月", month=format_month(month))
            return
        for p in rules.check_base(base, policy):
            bad(p, p.field or "缴存基数")
        if base <= terms.base:
            bad(DepositError.LIST_BASE_NOT_HIGHER, "缴存基数", base=format_yuan(terms.base))
        want_e = monthly_amount(base, er, policy) - paid[0]
        want_m = monthly_amount(base, mr, policy) - paid[1]
    if emp_amt != want_e:
        bad(DepositError.LIST_AMOUNT_WRONG, "单位月缴存额", want=format_yuan(want_e), base=format_yuan(base),
            ratio=format_ratio(er), rounding=_rounding_text(policy), actual=format_yuan(emp_amt))
    if mem_amt != want_m:
        bad(DepositError.LIST_AMOUNT_WRONG, "个人月缴存额", want=format_yuan(want_m), base=format_yuan(base),
            ratio=format_ratio(mr), rounding=_rounding_text(policy), actual=format_yuan(mem_amt))
    total = values.get("月缴存额合计")
    if total is not None and total != emp_amt + mem_amt:
        bad(DepositError.LIST_TOTAL_WRONG, "月缴存额合计", total=format_yuan(emp_amt + mem_amt))


def _rounding_text(policy: Policy) -> str:
    mode = {"half_up": "四舍五入", "half_even": "银行家舍入", "down": "舍去", "up": "进位"}[policy["deposit.rounding_mode"]]
    unit = {"fen": "到分", "jiao": "到角", "yuan": "到元"}[policy["deposit.rounding_unit"]]
    return f"{mode}{unit}"

