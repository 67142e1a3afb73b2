"""`anju performance …`: score an indicator table from Excel, keep a year's framework, and produce the
self-evaluation report. Every command calls anju.budget (scoring, service); nothing is computed here."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import typer

from anju.cli_support import (
    console,
    err_console,
    get_engine,
    handles_errors,
    print_json,
    signed_in,
    system_actor,
)
from anju.db import UnitOfWork
from anju.performance.errors import PerformanceError

NAME = "performance"
HELP = "预算绩效自评：指标表评分、年度指标、自评报告"
app = typer.Typer(no_args_is_help=True)

YEAR = typer.Argument(..., help="年度，如 2025")


def _load_rules(path: Path | None):
    from anju.budget.scoring import Rules
    from anju.core.errors import ValidationFailed

    if path is None:
        return Rules()
    try:
        rules = Rules.from_json(path.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError, ArithmeticError) as exc:
        from anju.core.errors import AnjuError

        reason = "数值格式不正确" if isinstance(exc, ArithmeticError) else f"{type(exc).__name__} {exc}"
        raise AnjuError(PerformanceError.RULES_FILE_INVALID, file=path.name, reason=reason) from None
    problems = rules.check()
    if problems:
        raise ValidationFailed(problems, summary=f"评分规则文件{path.name}有误")
    return rules


def _print_evaluation(ev, actuals=None, provenance=None) -> None:
    from rich.table import Table

    from anju.budget.scoring import format_score

    t = Table(header_style="bold", show_lines=False)
    for h, j in (("行", "right"), ("一级指标", "left"), ("二级指标", "left"), ("三级指标", "left"),
                 ("目标值", "left"), ("实际完成值", "left"), ("分值", "right"), ("偏差率", "right"),
                 ("得分", "right"), ("计分说明", "left")):
        t.add_column(h, justify=j)
    for i, r in enumerate(ev.rows):
        ind = r.indicator
        actual = actuals[i] if actuals is not None else ind.actual
        note = r.note + (f"；{provenance[i]}" if provenance is not None else "")
        score = format_score(r.score) if r.applicable else ""
        if r.overridden:
            score = f"[yellow]{score}[/]"
        t.add_row(str(ind.row or ""), ind.level1, ind.level2, ind.level3, ind.target, actual or "",
                  format_score(ind.weight), r.deviation_text(), score, note)
    console.print(t)
    for g in ev.groups:
        rate = "" if g.rate is None else f"（得分率{(g.rate * 100).quantize(Decimal('0.01'))}%）"
        console.print(f"  {g.name}：分值{format_score(g.weight)}，得分{format_score(g.score)}{rate}")
    console.print(f"[bold]总分 {format_score(ev.total)}（满分{format_score(ev.total_weight)}），评价等级“{ev.grade}”[/]")
    for p in ev.warnings:
        err_console.print(f"[yellow]提示：[/]{p}")
    for p in ev.problems:
        err_console.print(f"[red]未评分：[/]{p}")


@app.command("score")
@handles_errors
def score_cmd(input: Path = typer.Option(..., "--input", exists=True, dir_okay=False, help="指标表 .xlsx"),
              rules_file: Path = typer.Option(None, "--rules", exists=True, dir_okay=False,
                                              help="评分规则 JSON（默认按自评报告惯例）"),
              as_json: bool = typer.Option(False, "--json")) -> None:
    """给一张指标表评分：列出每行偏差率与得分、一级指标小计、总分和评价等级（不需要数据库）。"""
    from anju.budget.perf_table import read_indicator_workbook
    from anju.budget.scoring import describe_evaluation, evaluate
    from anju.budget.service import open_book
    from anju.core.errors import ValidationFailed

    rules = _load_rules(rules_file)
    rows, problems = read_indicator_workbook(open_book(input.read_bytes(), input.name))
    if problems:
        raise ValidationFailed(problems, summary=f"{input.name}有{len(problems)}处错误")
    ev = evaluate([r.indicator for r in rows], rules)
    if as_json:
        print_json(describe_evaluation(ev, rules.deviation_places))
    else:
        _print_evaluation(ev)
    if ev.problems:
        raise typer.Exit(1)


@app.command("template")
@handles_errors
def template_cmd(out: Path = typer.Argument(..., help="输出的 .xlsx 文件")) -> None:
    """生成空白指标表（含填写说明和业务指标代码）。"""
    from anju.budget.perf_table import template_workbook

    out.parent.mkdir(parents=True, exist_ok=True)
    template_workbook().save(out)
    console.print(f"已生成 {out}")


@app.command("import")
@handles_errors
def import_cmd(year: int = YEAR, file: Path = typer.Argument(..., exists=True, dir_okay=False)) -> None:
    """导入年度绩效指标表（整体替换该年度指标，记审计）。"""
    from anju.budget.service import import_indicators

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        n = import_indicators(uow, actor, year=year, content=file.read_bytes(), source=file.name)
        uow.commit()
    console.print(f"已导入{year}年度绩效指标{n}项")


@app.command("show")
@handles_errors
def show_cmd(year: int = YEAR, as_json: bool = typer.Option(False, "--json")) -> None:
    """年度自评：业务指标自动取数（未接入时按人工填报）、预算执行率取自预决算数据，逐项评分。"""
    from anju.budget.scoring import describe_evaluation
    from anju.budget.service import evaluate_year

    with get_engine().connect() as conn:
        ye = evaluate_year(conn, system_actor("performance show"), year=year)
    se = ye.self_evaluation
    if as_json:
        out = describe_evaluation(se.evaluation, ye.rules.deviation_places)
        for row, stored, actual, origin in zip(out["rows"], ye.rows, se.actuals, se.provenance, strict=True):
            row.update({"actual": actual, "source": stored.source.value, "fund_code": stored.fund_code or None,
                        "provenance": origin})
        print_json({"year": year, **out})
        return
    _print_evaluation(se.evaluation, se.actuals, se.provenance)


@app.command("set")
@handles_errors
def set_cmd(year: int = YEAR, seq: int = typer.Argument(..., help="指标序号（anju performance show 的“行”）"),
            target: str = typer.Option(None, "--target"), actual: str = typer.Option(None, "--actual"),
            weight: str = typer.Option(None, "--weight"),
            score: str = typer.Option(None, "--score", help="评价人评分（覆盖规则得分，须 --reason）"),
            reason: str = typer.Option(None, "--reason"),
            clear_score: bool = typer.Option(False, "--clear-score", help="取消评价人评分，恢复规则得分"),
            cause: str = typer.Option(None, "--cause", help="偏差原因分析及改进措施"),
            evidence: str = typer.Option(None, "--evidence", help="完成值来源")) -> None:
    """修改一项指标的目标值、实际完成值、分值、评价人评分或原因说明（记审计：修改人、修改前后）。"""
    from anju.budget.service import update_indicator

    engine = get_engine()
    actor = signed_in(engine)
    changes = {k: v for k, v in (("target", target), ("actual", actual), ("weight", weight), ("score", score),
                                 ("reason", reason), ("cause", cause), ("evidence", evidence)) if v is not None}
    if clear_score:
        changes["score"] = None
    with UnitOfWork(engine) as uow:
        changed = update_indicator(uow, actor, year=year, seq=seq, **changes)
        uow.commit()
    console.print("已修改：" + "，".join(f"{k}={v}" for k, v in changed.items()) if changed else "没有变化")


@app.command("rules")
@handles_errors
def rules_cmd(year: int = YEAR, set_file: Path = typer.Option(None, "--set", exists=True, dir_okay=False,
                                                              help="以 JSON 文件设置该年度评分规则")) -> None:
    """查看或设置年度评分规则（得分小数位、定性等级及得分比例、评价等级分数线）。"""
    from anju.budget import queries
    from anju.budget.service import set_rules

    engine = get_engine()
    if set_file is not None:
        actor = signed_in(engine)  # setting the rules is finance's act; showing them records nothing
        rules = _load_rules(set_file)
        with UnitOfWork(engine) as uow:
            set_rules(uow, actor, year=year, rules=rules)
            uow.commit()
        console.print(f"已设置{year}年度评分规则")
        return
    import json

    with engine.connect() as conn:
        rules = queries.rules(conn, year)
    print_json(json.loads(rules.to_json()))


@app.command("report")
@handles_errors
def report_cmd(year: int = YEAR, out: Path = typer.Argument(..., help="输出的 .docx 文件")) -> None:
    """部门整体支出绩效自评报告（Word）：基本情况、预算执行、绩效目标完成情况（指标表）、问题、措施、结果应用。"""
    from anju.budget.service import self_evaluation_docx

    with get_engine().connect() as conn:
        content = self_evaluation_docx(conn, system_actor("performance report"), year=year)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(content)
    console.print(f"已生成 {out}")


@app.command("table")
@handles_errors
def table_cmd(year: int = YEAR, out: Path = typer.Argument(..., help="输出的 .xlsx 文件")) -> None:
    """部门整体支出绩效自评表（Excel，可再用 score --input 复核）。"""
    from anju.budget.service import indicator_table_xlsx

    with get_engine().connect() as conn:
        content = indicator_table_xlsx(conn, system_actor("performance table"), year=year)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(content)
    console.print(f"已生成 {out}")
