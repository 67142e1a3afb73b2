"""Budget use cases: classification codes, importing a year, staff texts, the indicator framework, scoring
rules, and the published documents. Each change checks the permission and writes an audit record."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from hashlib import sha256
from io import BytesIO

from sqlalchemy import Connection, delete, func, insert, select, update

from anju.auth import audit
from anju.auth.actor import Actor, Role, grant, require
from anju.budget import queries, sources
from anju.budget.codes import (
    STANDARD_ECONOMIC,
    STANDARD_FUNCTIONAL,
    economic_level,
    functional_level,
    parent_of,
)
from anju.budget.errors import BudgetError
from anju.budget.narrative import (
    PerformanceSummary,
    SelfEvaluation,
    final_accounts_blocks,
    render_docx,
    self_evaluation_blocks,
    text_key_known,
)
from anju.budget.perf_table import IndicatorRow, indicator_workbook, read_indicator_workbook
from anju.budget.render import workbook_bytes
from anju.budget.rules import YearData, execution
from anju.budget.scoring import (
    Evaluation,
    Method,
    Quantity,
    Rules,
    Source,
    convert,
    evaluate,
    parse_target,
)
from anju.budget.sources import FUND_INDICATORS, FundIndicatorSource
from anju.budget.statements import CheckResult, FinalAccounts, build, cross_checks
from anju.budget.tables import (
    budget_carry,
    budget_econ_code,
    budget_fact,
    budget_func_code,
    budget_income,
    budget_perf_indicator,
    budget_perf_rules,
    budget_plan,
    budget_spend,
    budget_text,
    budget_year,
)
from anju.budget.workbook import Book, build_workbook, parse_year_workbook
from anju.core import clock
from anju.core.canon import dumps
from anju.core.errors import AnjuError, ErrorCode, NotFound, Problem, ValidationFailed
from anju.core.money import format_wan
from anju.core.sheets import FileTooLarge, UploadLimits, refuse_xml_declarations, too_many_bytes
from anju.db.uow import UnitOfWork
from anju.policy.store import policy_at


class BudgetPermission(StrEnum):
    MANAGE = "budget.manage"  # import a year, edit codes, texts, indicators and scoring rules
    READ = "budget.read"  # see the data, the checks, the documents


grant(BudgetPermission.MANAGE, Role.FINANCE)
grant(BudgetPermission.READ, Role.FINANCE, Role.AUDITOR, Role.APPROVER)

YEAR_RANGE = range(2000, 2101)
DATA_TABLES = (budget_income, budget_plan, budget_spend, budget_carry, budget_fact)


def _check_year(year: int) -> None:
    if year not in YEAR_RANGE:
        raise AnjuError(BudgetError.YEAR_RANGE, start=YEAR_RANGE.start, last=YEAR_RANGE.stop - 1, year=year)


# ---------------------------------------------------------------- classification codes


def ensure_codes(conn: Connection) -> int:
    """Seed the standard code lists into empty code tables (the first use of the area); returns rows added.
    Once seeded, the tables are the centre's own: later edits and removals are never undone here."""
    added = 0
    for table, codes in ((budget_func_code, STANDARD_FUNCTIONAL), (budget_econ_code, STANDARD_ECONOMIC)):
        if conn.execute(select(func.count()).select_from(table)).scalar_one():
            continue
        rows = []
        for c in sorted(codes, key=lambda c: (len(c.code), c.code)):
            row = {"code": c.code, "name": c.name, "parent_code": c.parent}
            if table is budget_func_code:
                row["description"] = c.description
            rows.append(row)
        conn.execute(insert(table), rows)
        added += len(rows)
    return added


class CodeKind(StrEnum):
    FUNCTIONAL = "functional"
    ECONOMIC = "economic"

    @property
    def label(self) -> str:
        return "功能分类" if self is CodeKind.FUNCTIONAL else "经济分类"


def set_code(uow: UnitOfWork, actor: Actor, *, kind: CodeKind, code: str, name: str,
             description: str | None = None) -> bool:
    """Add a code or rename it (功能分类 also carries the 名词解释 text). Returns True when added."""
    require(actor, BudgetPermission.MANAGE)
    conn = uow.conn
    ensure_codes(conn)
    table = budget_func_code if kind is CodeKind.FUNCTIONAL else budget_econ_code
    level = functional_level(code) if kind is CodeKind.FUNCTIONAL else economic_level(code)
    problems = []
    if level is None:
        shape = "3、5或7位数字" if kind is CodeKind.FUNCTIONAL else "3或5位数字"
        problems.append(Problem.of(BudgetError.SUBJECT_CODE_SHAPE, field="编码", kind_label=kind.label,
                                   shape=shape, code=code))
    if not name.strip() or len(name) > 100:
        problems.append(Problem.of(BudgetError.SUBJECT_NAME, field="名称"))
    parent = parent_of(code) if level else None
    if parent and conn.execute(select(table.c.code).where(table.c.code == parent)).first() is None:
        problems.append(Problem.of(BudgetError.SUBJECT_PARENT_UNKNOWN, field="编码", parent=parent))
    if problems:
        raise ValidationFailed(problems, summary="科目代码有误")
    before = conn.execute(select(table).where(table.c.code == code)).first()
    values = {"name": name.strip()}
    if kind is CodeKind.FUNCTIONAL and description is not None:
        values["description"] = description.strip()
    if before is None:
        if kind is CodeKind.FUNCTIONAL:
            values.setdefault("description", "")
        conn.execute(insert(table).values(code=code, parent_code=parent, **values))
    else:
        conn.execute(update(table).where(table.c.code == code).values(**values))
    audit.record(uow, actor, action="budget.code_set", entity_type=f"budget_{kind.value}_code", entity_id=code,
                 before=None if before is None else {k: getattr(before, k) for k in values},
                 after=values)
    return before is None


def remove_code(uow: UnitOfWork, actor: Actor, *, kind: CodeKind, code: str) -> None:
    """Remove a code no line and no sub-code uses."""
    require(actor, BudgetPermission.MANAGE)
    conn = uow.conn
    table = budget_func_code if kind is CodeKind.FUNCTIONAL else budget_econ_code
    before = conn.execute(select(table).where(table.c.code == code)).first()
    if before is None:
        raise NotFound(ErrorCode.NOT_FOUND, what=f"{kind.label}科目", key=code)
    users = [budget_income, budget_plan, budget_spend, budget_carry] if kind is CodeKind.FUNCTIONAL else [budget_spend]
    column = "func_code" if kind is CodeKind.FUNCTIONAL else "econ_code"
    used = sum(conn.execute(select(func.count()).select_from(t).where(t.c[column] == code)).scalar_one()
               for t in users)
    children = conn.execute(select(func.count()).select_from(table).where(table.c.parent_code == code)).scalar_one()
    if used or children:
        raise AnjuError(BudgetError.SUBJECT_IN_USE, kind_label=kind.label, code=code, used=used,
                        children=children)
    conn.execute(delete(table).where(table.c.code == code))
    audit.record(uow, actor, action="budget.code_remove", entity_type=f"budget_{kind.value}_code", entity_id=code,
                 before={"name": before.name}, after=None)


# ---------------------------------------------------------------- a year's data


def content_hash(data: YearData) -> str:
    """A fingerprint of the year's lines and facts (order-independent), kept to detect edits behind the
    services' back (anju verify)."""
    payload = {
        "dept": data.dept_name,
        "income": sorted([x.func_code, x.source.value, x.amount] for x in data.income),
        "plan": sorted([x.func_code, x.fund.value, x.kind.value, x.project, x.initial, x.adjustment]
                       for x in data.plan),
        "spend": sorted([x.func_code, x.fund.value, x.kind.value, x.project, x.econ_code, x.amount]
                        for x in data.spend),
        "carry": sorted([x.func_code, x.fund.value, x.carry_in, x.carry_out] for x in data.carry),
        "facts": {k: int(v) for k, v in sorted(data.facts.items()) if v},
    }
    return sha256(dumps(payload).encode()).hexdigest()


@dataclass(frozen=True)
class YearSummary:
    year: int
    dept_name: str
    income: int
    spend: int
    carry_in: int
    carry_out: int
    lines: int
    content_hash: str
    replaced: bool
    checks: tuple[CheckResult, ...] = ()

    def as_audit(self) -> dict:
        return {"dept_name": self.dept_name, "income": format_wan(self.income, 6, grouping=False),
                "spend": format_wan(self.spend, 6, grouping=False),
                "carry_in": format_wan(self.carry_in, 6, grouping=False),
                "carry_out": format_wan(self.carry_out, 6, grouping=False), "lines": self.lines,
                "content_hash": self.content_hash}


def _summary(data: YearData, *, replaced: bool, checks=()) -> YearSummary:
    return YearSummary(data.year, data.dept_name, data.income_total(), data.spend_total(), data.carry_in(),
                       data.carry_out(), len(data.income) + len(data.plan) + len(data.spend) + len(data.carry),
                       content_hash(data), replaced, tuple(checks))


def _code_problems(conn: Connection, data: YearData) -> list[Problem]:
    funcs = {c.code for c in queries.func_codes(conn)}
    econs = {c.code for c in queries.econ_codes(conn)}
    problems = []
    for what, lines in (("收入", data.income), ("预算", data.plan), ("支出", data.spend), ("结转结余", data.carry)):
        for code in sorted({x.func_code for x in lines} - funcs):
            problems.append(Problem.of(BudgetError.FUNCTION_SUBJECT_UNKNOWN, field=what, code=code))
    for code in sorted({x.econ_code for x in data.spend} - econs):
        problems.append(Problem.of(BudgetError.ECONOMIC_SUBJECT_UNKNOWN, field="支出", code=code))
    return problems


def replace_year(uow: UnitOfWork, actor: Actor, *, data: YearData, source: str) -> YearSummary:
    """Replace a year's lines and facts as a whole (import and demo both come here); audited."""
    require(actor, BudgetPermission.MANAGE)
    _check_year(data.year)
    conn = uow.conn
    ensure_codes(conn)
    problems = _code_problems(conn, data)
    if not data.dept_name.strip():
        problems.append(Problem.of(BudgetError.DEPARTMENT_NAME_MISSING, field="基本情况"))
    if problems:
        raise ValidationFailed(problems, summary=f"{data.year}年度数据有{len(problems)}处错误，未导入")
    old = queries.load_year(conn, data.year)
    for table in DATA_TABLES:
        conn.execute(delete(table).where(table.c.year == data.year))
    summary = _summary(data, replaced=old is not None)
    year_row = {"dept_name": data.dept_name.strip(), "source": source[:200], "content_hash": summary.content_hash,
                "updated_at": uow.now(), "updated_by": actor.username}
    if old is None:
        conn.execute(insert(budget_year).values(year=data.year, **year_row))
    else:
        conn.execute(update(budget_year).where(budget_year.c.year == data.year).values(**year_row))
    y = data.year
    if data.income:
        conn.execute(insert(budget_income), [{"year": y, "func_code": x.func_code, "source": x.source.value,
                                              "amount": x.amount} for x in data.income])
    if data.plan:
        conn.execute(insert(budget_plan), [{"year": y, "func_code": x.func_code, "fund": x.fund.value,
                                            "kind": x.kind.value, "project": x.project, "initial": x.initial,
                                            "adjustment": x.adjustment} for x in data.plan])
    if data.spend:
        conn.execute(insert(budget_spend), [{"year": y, "func_code": x.func_code, "fund": x.fund.value,
                                             "kind": x.kind.value, "project": x.project, "econ_code": x.econ_code,
                                             "amount": x.amount} for x in data.spend])
    if data.carry:
        conn.execute(insert(budget_carry), [{"year": y, "func_code": x.func_code, "fund": x.fund.value,
                                             "carry_in": x.carry_in, "carry_out": x.carry_out} for x in data.carry])
    facts = [{"year": y, "key": k, "value": int(v)} for k, v in sorted(data.facts.items()) if v]
    if facts:
        conn.execute(insert(budget_fact), facts)
    stored = queries.load_year(conn, y)
    checks = tuple(cross_checks(stored))
    summary = replace(summary, checks=checks)
    audit.record(uow, actor, action="budget.year_replace" if old else "budget.year_import", entity_type="budget_year",
                 entity_id=y, before=None if old is None else _summary(old, replaced=False).as_audit(),
                 after={**summary.as_audit(), "source": source,
                        "failed_checks": [c.code for c in checks if not c.ok]})
    return summary


def import_workbook(uow: UnitOfWork, actor: Actor, *, year: int, content: bytes, source: str,
                    book: Book | None = None) -> YearSummary:
    """`anju budget import`: read the whole workbook, report every problem, or replace the year atomically.

    ``book`` is the workbook already opened by :func:`open_book` (the web opens it before the transaction)."""
    require(actor, BudgetPermission.MANAGE)
    _check_year(year)
    conn = uow.conn
    ensure_codes(conn)
    if book is None:
        book = open_book(content, source, UploadLimits.from_policy(policy_at(conn, clock.today())))
    data, problems = parse_year_workbook(book, year=year, func_codes=[c.code for c in queries.func_codes(conn)],
                                         econ_codes=[c.code for c in queries.econ_codes(conn)])
    if problems:
        raise ValidationFailed(problems, summary=f"{source}有{len(problems)}处错误，未导入")
    digest = sha256(content).hexdigest()[:16]
    return replace_year(uow, actor, data=data, source=f"{source} (sha256:{digest})")


def open_book(content: bytes, source: str, limits: UploadLimits | None = None) -> Book:
    """Load a workbook within the upload limits (none for a local file given on the command line). openpyxl
    keeps only the cells a file holds, but walking rows visits every coordinate up to the last cell: a sheet
    with one cell at XFD1048576 is refused here, before any row is walked."""
    refuse_xml_declarations(content)  # a DTD or entities in the XML: refused before openpyxl parses it
    if limits is not None and len(content) > limits.max_bytes:
        raise FileTooLarge(too_many_bytes(limits, source))
    try:
        book = Book(content)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise AnjuError(BudgetError.WORKBOOK_UNREADABLE, source=source, exc=exc) from exc
    for ws in book.values.worksheets if limits is not None else ():
        if ws.max_row > limits.max_rows:
            raise FileTooLarge(Problem.of(BudgetError.SHEET_TOO_MANY_ROWS, title=ws.title,
                                          max_rows=limits.max_rows,
                                          max_row=ws.max_row))
        if ws.max_column > limits.max_columns:
            raise FileTooLarge(Problem.of(BudgetError.SHEET_TOO_MANY_COLUMNS, title=ws.title,
                                          max_columns=limits.max_columns))
    return book


def template_bytes(uow: UnitOfWork, actor: Actor, *, year: int | None = None) -> bytes:
    """The empty template, or a year exported in the template's layout (edit and re-import)."""
    require(actor, BudgetPermission.READ)
    conn = uow.conn
    ensure_codes(conn)
    data = None
    if year is not None:
        data = queries.load_year(conn, year)
        if data is None:
            raise NotFound(ErrorCode.NOT_FOUND, what="年度数据", key=year)
    wb = build_workbook(queries.func_codes(conn), queries.econ_codes(conn), data)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- texts


def set_text(uow: UnitOfWork, actor: Actor, *, year: int, key: str, body: str) -> None:
    """Set (or, with an empty body, clear) one of the staff-written parts of the documents."""
    require(actor, BudgetPermission.MANAGE)
    _check_year(year)
    if not text_key_known(key):
        raise AnjuError(BudgetError.TEXT_KEY_UNKNOWN, key=key)
    conn = uow.conn
    where = (budget_text.c.year == year) & (budget_text.c.key == key)
    before = conn.execute(select(budget_text.c.body).where(where)).scalar()
    body = body.strip()
    if before == body or (before is None and not body):
        return
    conn.execute(delete(budget_text).where(where))
    if body:
        conn.execute(insert(budget_text).values(year=year, key=key, body=body, updated_at=uow.now(),
                                                updated_by=actor.username))
    audit.record(uow, actor, action="budget.text_set", entity_type="budget_text", entity_id=f"{year}:{key}",
                 before=None if before is None else {"body": before}, after={"body": body} if body else None)


# ---------------------------------------------------------------- the indicator framework


def _indicator_values(year: int, seq: int, row: IndicatorRow, uow: UnitOfWork, actor: Actor) -> dict:
    ind = row.indicator
    return {"year": year, "seq": seq, "level1": ind.level1, "level2": ind.level2, "level3": ind.level3,
            "target": ind.target, "weight": ind.weight, "source": row.source.value,
            "fund_code": row.fund_code or None, "method": ind.method.value, "actual": ind.actual,
            "evidence": row.evidence, "score": ind.score, "score_reason": ind.reason, "cause": ind.cause,
            "updated_at": uow.now(), "updated_by": actor.username}


def _row_problems(rows: list[IndicatorRow]) -> list[Problem]:
    problems = []
    for row in rows:
        ind = row.indicator
        for value, name in ((ind.weight, "分值"), (ind.score, "得分")):
            if value is not None and (value < 0 or value >= 10**6 or value != value.quantize(Decimal("0.000001"))):
                problems.append(Problem.of(BudgetError.FUND_VALUE_INVALID, field=name, row=ind.row, name=name,
                                           value=value))
        if row.source is Source.FUND and row.fund_code not in FUND_INDICATORS:
            problems.append(Problem.of(BudgetError.FUND_CODE_UNKNOWN, field="指标代码", row=ind.row,
                                       fund_code=row.fund_code))
        if len(ind.target) > 100 or len(ind.actual or "") > 100:
            problems.append(Problem.of(BudgetError.FUND_TEXT_TOO_LONG, field="目标值", row=ind.row))
    return problems


def replace_indicators(uow: UnitOfWork, actor: Actor, *, year: int, rows: list[IndicatorRow], source: str) -> int:
    """Replace the year's indicator framework as a whole; the audit keeps the old and the new table."""
    require(actor, BudgetPermission.MANAGE)
    _check_year(year)
    problems = _row_problems(rows)
    if problems:
        raise ValidationFailed(problems, summary=f"指标表有{len(problems)}处错误，未导入")
    conn = uow.conn
    before = [queries.indicator_record(s) for s in queries.indicators(conn, year)]
    conn.execute(delete(budget_perf_indicator).where(budget_perf_indicator.c.year == year))
    if rows:
        conn.execute(insert(budget_perf_indicator),
                     [_indicator_values(year, i, row, uow, actor) for i, row in enumerate(rows, start=1)])
    after = [queries.indicator_record(s) for s in queries.indicators(conn, year)]
    audit.record(uow, actor, action="budget.indicators_replace", entity_type="budget_indicators", entity_id=year,
                 before={"rows": before} if before else None, after={"source": source, "rows": after})
    return len(rows)


def import_indicators(uow: UnitOfWork, actor: Actor, *, year: int, content: bytes, source: str,
                      book: Book | None = None) -> int:
    require(actor, BudgetPermission.MANAGE)
    if book is None:
        book = open_book(content, source, UploadLimits.from_policy(policy_at(uow.conn, clock.today())))
    rows, problems = read_indicator_workbook(book)
    if problems:
        raise ValidationFailed(problems, summary=f"{source}有{len(problems)}处错误，未导入")
    return replace_indicators(uow, actor, year=year, rows=rows, source=source)


_UNSET = object()


def update_indicator(uow: UnitOfWork, actor: Actor, *, year: int, seq: int, target=_UNSET, actual=_UNSET,
                     weight=_UNSET, score=_UNSET, reason=_UNSET, cause=_UNSET, evidence=_UNSET) -> dict:
    """Change one indicator's target, actual, weight, the evaluator's score (with its reason), the cause text
    or the evidence; returns the fields that changed. An override needs a reason."""
    require(actor, BudgetPermission.MANAGE)
    conn = uow.conn
    current = {s.seq: s for s in queries.indicators(conn, year)}.get(seq)
    if current is None:
        raise NotFound(ErrorCode.NOT_FOUND, what=f"{year}年度绩效指标", key=seq)
    before = queries.indicator_record(current)
    values: dict[str, object] = {}
    problems: list[Problem] = []
    for name, value in (("target", target), ("actual", actual), ("cause", cause), ("evidence", evidence),
                        ("score_reason", reason)):
        if value is not _UNSET:
            values[name] = (value or "").strip() if name != "actual" else ((value or "").strip() or None)
    for name, value in (("weight", weight), ("score", score)):
        if value is _UNSET:
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            values[name] = None
            continue
        label = "分值" if name == "weight" else "得分"
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            problems.append(Problem.of(BudgetError.PERF_VALUE_NOT_NUMBER, field=name, label=label, value=value))
            continue
        if not number.is_finite() or number < 0 or number >= 10**6 or number != number.quantize(Decimal("0.000001")):
            problems.append(Problem.of(BudgetError.PERF_VALUE_INVALID, field=name, label=label))
            continue
        values[name] = number
    if "target" in values and values["target"] == "":
        problems.append(Problem.of(BudgetError.PERF_TARGET_REQUIRED, field="target"))
    for name, label in (("target", "目标值"), ("actual", "实际完成值")):
        if len(values.get(name) or "") > 100:
            problems.append(Problem.of(BudgetError.PERF_TEXT_TOO_LONG, field=name, label=label))
    new_score = values.get("score", current.row.indicator.score)
    new_reason = values.get("score_reason", current.row.indicator.reason)
    if ("score" in values or "score_reason" in values) and new_score is not None and not new_reason:
        problems.append(Problem.of(BudgetError.PERF_REASON_REQUIRED, field="reason"))
    if problems:
        raise ValidationFailed(problems, summary="绩效指标未修改：" + "；".join(p.message for p in problems))
    if "score" in values and new_score is None:
        values["score_reason"] = ""
    if not values:
        return {}
    conn.execute(update(budget_perf_indicator)
                 .where(budget_perf_indicator.c.year == year, budget_perf_indicator.c.seq == seq)
                 .values(**values, updated_at=uow.now(), updated_by=actor.username))
    after = queries.indicator_record({s.seq: s for s in queries.indicators(conn, year)}[seq])
    changed = {k: after[k] for k in after if after[k] != before[k]}
    if changed:
        audit.record(uow, actor, action="budget.indicator_update", entity_type="budget_indicator",
                     entity_id=f"{year}:{seq}", before={k: before[k] for k in changed}, after=changed)
    return changed


def set_rules(uow: UnitOfWork, actor: Actor, *, year: int, rules: Rules) -> None:
    require(actor, BudgetPermission.MANAGE)
    _check_year(year)
    problems = rules.check()
    if problems:
        raise ValidationFailed(problems, summary="评分规则有误")
    conn = uow.conn
    before = conn.execute(select(budget_perf_rules.c.rules_json).where(budget_perf_rules.c.year == year)).scalar()
    conn.execute(delete(budget_perf_rules).where(budget_perf_rules.c.year == year))
    conn.execute(insert(budget_perf_rules).values(year=year, rules_json=rules.to_json(), updated_at=uow.now(),
                                                  updated_by=actor.username))
    audit.record(uow, actor, action="budget.rules_set", entity_type="budget_rules", entity_id=year,
                 before=None if before is None else {"rules": before}, after={"rules": rules.to_json()})


# ---------------------------------------------------------------- reading: checks, evaluation, documents


@dataclass(frozen=True)
class YearReport:
    data: YearData
    previous: YearData | None
    accounts: FinalAccounts
    checks: list[CheckResult]
    texts: dict[str, str]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)


def year_report(conn: Connection, actor: Actor, *, year: int) -> YearReport:
    require(actor, BudgetPermission.READ)
    data = queries.load_year(conn, year)
    if data is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="年度预决算数据", key=f"{year}（请先 anju budget import）")
    accounts = build(data)
    return YearReport(data, queries.load_year(conn, year - 1), accounts, cross_checks(data, accounts),
                      queries.texts(conn, year))


@dataclass(frozen=True)
class YearEvaluation:
    year: int
    rows: list[IndicatorRow]
    self_evaluation: SelfEvaluation
    execution_rate: Fraction | None
    rules: Rules
    stored: tuple[queries.StoredIndicator, ...] = ()  # per row: sequence number, last change
    automatic: tuple[bool, ...] = ()  # per row: the actual was filled from the data, not typed by staff

    @property
    def evaluation(self) -> Evaluation:
        return self.self_evaluation.evaluation


def _shown(value: Decimal, unit: str, places: int | None = None) -> str:
    """A value as the table prints it: as given, or rounded half-up to ``places`` (a computed rate)."""
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    elif value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return f"{format(value, 'f')}{unit}"


def evaluate_year(conn: Connection, actor: Actor, *, year: int,
                  fund_source: FundIndicatorSource | None = None) -> YearEvaluation:
    """Score the year's framework: budget-execution rows from the budget data, fund-indicator rows from the
    fund source when it can answer (else the value staff entered), the rest as entered. Without an explicit
    source, the connected one (``sources.connected``: the statistics area, or nothing yet)."""
    require(actor, BudgetPermission.READ)
    source = fund_source or sources.connected(conn)
    stored = queries.indicators(conn, year)
    if not stored:
        raise NotFound(ErrorCode.NOT_FOUND, what="绩效指标", key=f"{year}年度（请先 anju performance import）")
    rules = queries.rules(conn, year)
    data = queries.load_year(conn, year)
    total = execution(data)[0] if data is not None else None
    rate = total.rate if total is not None and total.full else None
    rate_dec = None if rate is None else Decimal(rate.numerator) / Decimal(rate.denominator)
    indicators, actuals, provenance, automatic = [], [], [], []
    for s in stored:
        row, ind = s.row, s.row.indicator
        actual, origin, auto = ind.actual, row.source.label, False
        if row.source is Source.EXECUTION:
            ind = replace(ind, method=Method.EXECUTION if ind.method is Method.AUTO else ind.method)
            if rate_dec is not None:
                # scored on the exact rate; the row shows it rounded
                actual, origin = _shown(rate_dec * 100, "%", 2), "预算执行（自动）"
                indicators.append(replace(ind, actual=None))
                actuals.append(actual)
                provenance.append(origin)
                automatic.append(True)
                continue
            origin = "预算执行（无预算数据，按人工填报）"
        elif row.source is Source.FUND:
            spec = FUND_INDICATORS.get(row.fund_code)
            value = source.value(row.fund_code, year) if spec else None
            if value is not None and spec is not None:
                unit = parse_target(ind.target).unit or spec.unit
                converted = convert(Quantity(value, spec.unit), unit)
                actual = _shown(value, spec.unit) if converted is None else _shown(converted, unit)
                origin, auto = f"业务指标（{spec.name}，自动）", True
            else:
                origin = f"业务指标（{spec.name if spec else row.fund_code}未接入，按人工填报）"
        indicators.append(replace(ind, actual=actual))
        actuals.append(actual)
        provenance.append(origin)
        automatic.append(auto)
    # Rows scored by execution use the exact rate unless they state one; other rows ignore it.
    ev = evaluate(indicators, rules, execution_rate=rate_dec)
    return YearEvaluation(year, [s.row for s in stored], SelfEvaluation(ev, actuals, provenance), rate, rules,
                          tuple(stored), tuple(automatic))


def final_accounts_xlsx(conn: Connection, actor: Actor, *, year: int) -> bytes:
    report = year_report(conn, actor, year=year)
    return workbook_bytes(report.accounts.statements)


def final_accounts_docx(conn: Connection, actor: Actor, *, year: int,
                        fund_source: FundIndicatorSource | None = None) -> bytes:
    report = year_report(conn, actor, year=year)
    perf = None
    if queries.indicators(conn, year):
        ye = evaluate_year(conn, actor, year=year, fund_source=fund_source)
        perf = PerformanceSummary(ye.evaluation.total, ye.evaluation.grade, ye.execution_rate, ye.evaluation.complete)
    blocks = final_accounts_blocks(report.data, report.previous, report.accounts, report.checks, report.texts, perf)
    return render_docx(blocks)


def self_evaluation_docx(conn: Connection, actor: Actor, *, year: int,
                         fund_source: FundIndicatorSource | None = None) -> bytes:
    ye = evaluate_year(conn, actor, year=year, fund_source=fund_source)
    data = queries.load_year(conn, year)
    dept = data.dept_name if data else department_name(conn)
    blocks = self_evaluation_blocks(data, year, dept, queries.texts(conn, year), ye.self_evaluation,
                                    execution(data) if data else [])
    return render_docx(blocks)


def indicator_table_xlsx(conn: Connection, actor: Actor, *, year: int,
                         fund_source: FundIndicatorSource | None = None) -> bytes:
    ye = evaluate_year(conn, actor, year=year, fund_source=fund_source)
    data = queries.load_year(conn, year)
    dept = data.dept_name if data else department_name(conn)
    wb = indicator_workbook(ye.evaluation, ye.rows, title=f"{dept}{year}年度部门整体支出绩效自评表",
                            actuals=list(ye.self_evaluation.actuals))
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def department_name(conn: Connection) -> str:
    from anju.policy.service import centre_name

    return centre_name(conn) or ""


def text_keys() -> list[tuple[str, str]]:
    from anju.budget.narrative import TEXT_PATTERNS, TEXTS

    return [*TEXTS.items(), *[(pattern, label) for pattern, label in TEXT_PATTERNS.items()]]


# ---------------------------------------------------------------- what the pages and the API show


@dataclass(frozen=True)
class YearStatus:
    """One line of the years list: the year, its totals and whether its cross-table checks pass."""

    info: queries.YearInfo
    income: int
    spend: int
    checks: tuple[CheckResult, ...]
    indicators: int

    @property
    def failed(self) -> list[CheckResult]:
        return [c for c in self.checks if not c.ok]

    @property
    def ok(self) -> bool:
        """No check in error (a warning is worth a look but does not stop publishing)."""
        return not any(c.severity == "error" for c in self.failed)


def year_statuses(conn: Connection, actor: Actor) -> list[YearStatus]:
    require(actor, BudgetPermission.READ)
    counts = dict(queries.indicator_years(conn))
    out = []
    for info in queries.years(conn):
        data = queries.load_year(conn, info.year)
        out.append(YearStatus(info, data.income_total(), data.spend_total(), tuple(cross_checks(data)),
                              counts.get(info.year, 0)))
    return out


@dataclass(frozen=True)
class TextField:
    key: str
    label: str
    section: str
    body: str
    updated_at: object = None  # naive UTC datetime of the last change, None when never written
    updated_by: str = ""


def text_fields(conn: Connection, actor: Actor, *, year: int) -> list[TextField]:
    """The staff-written parts of the year's documents: the fixed keys, the per-类 reasons this year's data
    call for, and any other key already written."""
    from anju.budget.narrative import text_label, text_section, year_text_keys

    require(actor, BudgetPermission.READ)
    _check_year(year)
    data = queries.load_year(conn, year)
    keys = year_text_keys(data, queries.load_year(conn, year - 1) if data is not None else None)
    stored = queries.text_records(conn, year)
    keys += [(k, text_label(k)) for k in sorted(stored) if k not in dict(keys)]
    out = []
    for key, label in keys:
        rec = stored.get(key)
        out.append(TextField(key, label, text_section(key), rec.body if rec else "",
                             rec.updated_at if rec else None, rec.updated_by if rec else ""))
    return out


def set_texts(uow: UnitOfWork, actor: Actor, *, year: int, bodies: dict[str, str]) -> list[str]:
    """Save several texts at once (the texts page); returns the keys that changed. Each change is audited."""
    require(actor, BudgetPermission.MANAGE)
    unknown = [k for k in bodies if not text_key_known(k)]
    if unknown:
        raise ValidationFailed([Problem.of(BudgetError.TEXT_KEY_NOT_FOUND, field=k, k=k) for k in unknown], summary="文字说明未保存")
    too_long = [Problem.of(BudgetError.TEXT_TOO_LONG, field=k) for k, body in bodies.items() if len(body) > 20000]
    if too_long:
        raise ValidationFailed(too_long, summary="文字说明未保存")
    before = queries.texts(uow.conn, year)
    changed = [k for k, body in bodies.items() if (before.get(k) or "") != body.strip()]
    for key in changed:
        set_text(uow, actor, year=year, key=key, body=bodies[key])
    return changed


def set_rules_json(uow: UnitOfWork, actor: Actor, *, year: int, text: str) -> Rules:
    """Set the year's scoring rules from JSON as typed (the rules editor, the API); every problem at once."""
    from anju.budget.scoring import parse_rules

    require(actor, BudgetPermission.MANAGE)
    rules, problems = parse_rules(text)
    if rules is None:
        raise ValidationFailed(problems, summary="评分规则有误，未保存")
    set_rules(uow, actor, year=year, rules=rules)
    return rules


def indicator_template_bytes(actor: Actor) -> bytes:
    from anju.budget.perf_table import template_workbook

    require(actor, BudgetPermission.READ)
    buf = BytesIO()
    template_workbook().save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- the audit trail, read back

FIELD_LABELS = {"level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "target": "目标值",
                "actual": "实际完成值", "weight": "分值", "score": "评价人评分", "score_reason": "评分理由",
                "cause": "偏差原因分析及改进措施", "evidence": "完成值来源", "source": "数据来源",
                "fund_code": "指标代码", "method": "计分方式"}


# What an import of the whole table is shown to have changed in one row (the row's identity and its figures).
_IMPORT_FIELDS = ("level3", "target", "actual", "weight", "score", "score_reason", "cause")


@dataclass(frozen=True)
class Change:
    """One audited change as the pages show it: who, when, through which channel, and field by field."""

    seq: int
    at: object  # naive UTC datetime
    username: str
    roles: str
    channel: str
    action: str
    fields: tuple[tuple[str, object, object], ...]  # (label, before, after)
    note: str = ""

    @property
    def action_label(self) -> str:
        from anju.core import labels

        return labels.audit_action(self.action)


def _audit_rows(conn: Connection, entity_type: str, entity_id: str, limit: int = 200) -> list:
    from anju.auth.queries import AuditFilter, search_audit

    rows, _ = search_audit(conn, AuditFilter(entity_type=entity_type, entity_id=entity_id), limit=limit)
    return rows


def _json(text: str | None):
    import json

    return None if text is None else json.loads(text)


def _wan2(text: str | None) -> str | None:
    """A 万元 figure of the audit record (six decimals, exact) as published: two decimals, half-up."""
    if text is None:
        return None
    return f"{Decimal(text).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


def indicator_history(conn: Connection, actor: Actor, *, year: int, seq: int) -> list[Change]:
    """Who changed this indicator, newest first: its own edits field by field, and each import of the year's
    table as far as it changed this row."""
    require(actor, BudgetPermission.READ)
    out = []
    for r in _audit_rows(conn, "budget_indicator", f"{year}:{seq}"):
        before, after = _json(r.before_json) or {}, _json(r.after_json) or {}
        fields = tuple((FIELD_LABELS.get(k, k), before.get(k), after.get(k)) for k in after)
        out.append(Change(r.seq, r.at, r.username, r.roles, r.channel, r.action, fields))
    for r in _audit_rows(conn, "budget_indicators", str(year)):
        before, after = _json(r.before_json) or {}, _json(r.after_json) or {}
        old = next((x for x in before.get("rows", []) if x.get("seq") == seq), {})
        new = next((x for x in after.get("rows", []) if x.get("seq") == seq), {})
        fields = tuple((FIELD_LABELS[k], old.get(k), new.get(k)) for k in _IMPORT_FIELDS
                       if (old.get(k) or None) != (new.get(k) or None))
        if fields:
            what = "新建本项" if not old else ("删除本项" if not new else "本项有变化")
            out.append(Change(r.seq, r.at, r.username, r.roles, r.channel, r.action, fields,
                              note=f"{what}；来源：{after.get('source', '')}"))
    return sorted(out, key=lambda c: c.seq, reverse=True)


def year_history(conn: Connection, actor: Actor, *, year: int) -> list[Change]:
    """Imports of the year's data with the old and new totals, newest first."""
    require(actor, BudgetPermission.READ)
    out = []
    for r in _audit_rows(conn, "budget_year", str(year)):
        after = _json(r.after_json) or {}
        failed = after.get("failed_checks") or []
        note = f"来源：{after.get('source', '')}；" + (f"未通过的检查：{'、'.join(failed)}" if failed else "表间检查全部通过")
        fields = tuple((label, _wan2((_json(r.before_json) or {}).get(k)), _wan2(after.get(k)))
                       for k, label in (("income", "本年收入（万元）"), ("spend", "本年支出（万元）"),
                                        ("carry_in", "年初结转和结余（万元）"), ("carry_out", "年末结转和结余（万元）")))
        out.append(Change(r.seq, r.at, r.username, r.roles, r.channel, r.action, fields, note))
    return sorted(out, key=lambda c: c.seq, reverse=True)


def framework_history(conn: Connection, actor: Actor, *, year: int) -> list[Change]:
    """Imports of the year's indicator table and changes of its scoring rules, newest first (the edits of
    single rows are in :func:`indicator_history`)."""
    require(actor, BudgetPermission.READ)
    out = []
    for entity in ("budget_indicators", "budget_rules"):
        for r in _audit_rows(conn, entity, str(year)):
            after = _json(r.after_json) or {}
            note = f"来源：{after.get('source', '')}，{len(after.get('rows', []))}项" if entity == "budget_indicators" else ""
            out.append(Change(r.seq, r.at, r.username, r.roles, r.channel, r.action, (), note))
    return sorted(out, key=lambda c: c.seq, reverse=True)


# ---------------------------------------------------------------- reads for the pages and the API


def years(conn: Connection, actor: Actor) -> list[queries.YearInfo]:
    require(actor, BudgetPermission.READ)
    return queries.years(conn)


def frameworks(conn: Connection, actor: Actor) -> list[tuple[int, int]]:
    """(year, number of indicators) of every year with an indicator table."""
    require(actor, BudgetPermission.READ)
    return queries.indicator_years(conn)


@dataclass(frozen=True)
class RulesView:
    rules: Rules
    updated_at: object = None  # None: the defaults apply (never set for the year)
    updated_by: str = ""

    def pretty_json(self) -> str:
        import json

        return json.dumps(json.loads(self.rules.to_json()), ensure_ascii=False, indent=2)


def rules_of(conn: Connection, actor: Actor, *, year: int) -> RulesView:
    require(actor, BudgetPermission.READ)
    stored = queries.rules_stored(conn, year)
    return RulesView(queries.rules(conn, year), *(stored or (None, "")))


def code_list(conn: Connection, actor: Actor, *, kind: CodeKind) -> list:
    """The code list of a kind. Before the first use the standard lists are seeded into the caller's
    transaction: a reader that does not commit sees them without storing anything."""
    require(actor, BudgetPermission.READ)
    ensure_codes(conn)
    return queries.func_codes(conn) if kind is CodeKind.FUNCTIONAL else queries.econ_codes(conn)
