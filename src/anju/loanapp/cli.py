"""`anju loan limit|apply|applications|application`: loan origination at the command line — explain a member's
limit, accept an application (or only 试算 it) from field=value pairs or a JSON file, list the queues with their
working-day ageing, show one application. Registered into ``anju.loan.cli.app``."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from anju.cli_support import (
    console,
    get_engine,
    handles_errors,
    parse_date_option,
    print_json,
    signed_in,
    system_actor,
)
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.core.money import format_yuan, parse_yuan, yuan_str
from anju.db import UnitOfWork
from anju.loanapp import service as lo
from anju.loanapp.codes import STAGE_LABELS, STAGES, Status
from anju.loanapp.errors import LoanappError
from anju.loanapp.form import LABELS
from anju.workcal.service import load_calendar


def _money(text: str | None, name: str) -> int | None:
    if text in (None, ""):
        return None
    try:
        return parse_yuan(text)
    except AnjuError as exc:
        raise ValidationFailed([Problem.from_error(exc, field=name)]) from None


def _assessment_json(a) -> dict:
    return {"allowed": a.allowed, "max_amount": yuan_str(a.max_amount), "max_months": a.max_months,
            "second_home": a.second_home, "home_order": a.home_order, "rate": str(a.rate),
            "payment": yuan_str(a.payment), "household_income": yuan_str(a.household_income),
            "binding": a.binding.code if a.binding else None, "refusals": list(a.refusals),
            "factors": [{"code": f.code, "label": f.label, "amount": yuan_str(f.amount), "text": f.text}
                        for f in a.factors], "term_limits": list(a.term_limits), "notes": list(a.notes),
            "problems": a.problems, "summary": a.summary}


def _print_assessment(a, title: str) -> None:
    t = Table(title=title, show_header=True, header_style="bold")
    t.add_column("项目")
    t.add_column("限额（元）", justify="right")
    t.add_column("说明")
    binding = a.binding.code if a.binding else None
    for f in a.factors:
        t.add_row(("★" if f.code == binding else "") + f.label, format_yuan(f.amount), f.text)
    console.print(t)
    for line in a.term_limits + a.notes:
        console.print(f"· {line}")
    for line in a.refusals:
        console.print(f"[red]✗ {line}[/red]")
    console.print(f"[bold]{a.summary}[/bold]；执行年利率{a.rate * 100}%，首期月供{format_yuan(a.payment)}元")


def limit_cmd(
    person: str = typer.Argument(..., help="借款人个人账号或身份证号"),
    months: int = typer.Option(240, "--months", help="贷款期限（月）"),
    method: str = typer.Option("equal-installment", "--method", help="equal-installment 或 equal-principal"),
    price: str = typer.Option(None, "--price", help="房屋价格（元）；不给则不计贷款成数限额"),
    house: str = typer.Option("new", "--house", help="new 新建商品住房 / used 二手住房 / self 自建翻建大修"),
    purpose: str = typer.Option("purchase", "--purpose", help="purchase / build / repair / refinance"),
    building_year: int = typer.Option(None, "--building-year", help="二手住房建成年份"),
    amount: str = typer.Option(None, "--amount", help="拟申请金额（元）"),
    income: str = typer.Option(None, "--income", help="借款人月收入（元），默认取登记的月收入"),
    co: str = typer.Option(None, "--co", help="共同借款人个人账号或身份证号，默认为登记的配偶"),
    co_income: str = typer.Option(None, "--co-income", help="共同借款人月收入（元）"),
    children: int = typer.Option(0, "--children", help="未成年子女数"),
    talent: bool = typer.Option(False, "--talent", help="高层次人才"),
    on: str = typer.Option(None, "--date", help="测算日期（默认今天）"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """贷款额度测算：逐项列出最高额度、账户余额、还款能力、贷款成数限额，期限上限和不能贷款的原因。"""
    day = parse_date_option(on)
    with get_engine().connect() as conn:
        a, who = lo.limit_for(conn, system_actor("loan limit"), person_key=person, as_of=day, months=months, method=method,
                              purpose=purpose, house_type=house, price=_money(price, "price"),
                              building_year=building_year, amount=_money(amount, "amount"),
                              income=_money(income, "income"), co_key=co, co_income=_money(co_income, "co_income"),
                              children=children, talent=talent)
    if as_json:
        print_json({"person": who.name, "as_of": day.isoformat(), **_assessment_json(a)})
        return
    _print_assessment(a, f"{who.name} {day} 贷款额度测算（{months}个月）")


def _fields(pairs: list[str], file: Path | None) -> dict:
    raw: dict = {}
    if file is not None:
        data = json.loads(file.read_text(encoding="utf-8"))
        raw.update({k: ("1" if v is True else "" if v is False else str(v)) for k, v in data.items()})
    problems = []
    for p in pairs:
        key, sep, value = p.replace("＝", "=").partition("=")
        if not sep or key.strip() not in LABELS:
            problems.append(Problem.of(LoanappError.FIELD_PAIR_FORMAT, field=key.strip() or p,
                                       fields="、".join(LABELS)))
            continue
        raw[key.strip()] = value.strip()
    if problems:
        raise ValidationFailed(problems, summary="参数格式不正确")
    return raw


def apply_cmd(
    fields: list[str] = typer.Argument(None, help="字段=值，如 person=100000000016 amount=200000.00 months=240 …"),
    file: Path = typer.Option(None, "--file", help="JSON文件：字段 → 值"),
    check: bool = typer.Option(False, "--check", help="只试算，不受理"),
    on: str = typer.Option(None, "--date", help="受理日期（默认今天）"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """受理贷款申请（或 --check 只试算）：一次列出全部问题；受理后转初审。经办人须签名（anju --user）。"""
    engine = get_engine()
    actor = signed_in(engine)
    day = parse_date_option(on)
    raw = _fields(fields or [], file)
    if check:
        with engine.connect() as conn:
            t = lo.trial(conn, actor, raw, as_of=day)
        out = {"ok": t.ok, "problems": [str(p) for p in t.problems],
               "assessment": _assessment_json(t.assessment) if t.assessment else None}
        if as_json:
            print_json(out)
        else:
            if t.assessment:
                _print_assessment(t.assessment, "贷款试算")
            for p in t.problems:
                console.print(f"[red]✗ {p}[/red]")
            console.print("可以受理" if t.ok else f"不能受理（{len(t.problems)}项问题）")
        if not t.ok:
            raise typer.Exit(1)
        return
    with UnitOfWork(engine) as uow:
        applied = lo.apply(uow, actor, raw, as_of=day)
        uow.commit()
    if as_json:
        print_json({"id": applied.id, "no": applied.no, "amount": yuan_str(applied.amount),
                    "max_amount": yuan_str(applied.max_amount), "deadline": applied.deadline.isoformat(),
                    "approvals_needed": applied.approvals_needed})
        return
    console.print(f"已受理贷款申请 {applied.no}：{format_yuan(applied.amount)}元（可贷{format_yuan(applied.max_amount)}元），"
                  f"待初审，审批时限 {applied.deadline}；需 {applied.approvals_needed} 人审批")


def applications_cmd(
    stage: str = typer.Option(None, "--stage", help="review 初审 / approve 审批 / contract 合同 / security 担保 / "
                                                    "disburse 放款；不给则列出全部在办"),
    on: str = typer.Option(None, "--date", help="按此日计算时限（默认今天）"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """贷款待办：各环节的申请，按受理先后，显示审批时限还剩（或已超）几个工作日。"""
    day = parse_date_option(on)
    if stage is not None and stage not in STAGES:
        raise AnjuError(LoanappError.STAGE_UNKNOWN, stage=stage, choices="、".join(STAGES))
    statuses = STAGES[stage] if stage else tuple(s for st in STAGES.values() for s in st)
    with get_engine().connect() as conn:
        items = lo.queue(conn, statuses=statuses, as_of=day, calendar=load_calendar(conn))
    if as_json:
        print_json([{"id": i.id, "no": i.no, "name": i.name, "amount": yuan_str(i.amount), "months": i.months,
                     "status": i.status, "accepted_on": i.accepted_on.isoformat(), "deadline": i.deadline.isoformat(),
                     "elapsed": i.elapsed, "left": i.left, "overdue": i.overdue} for i in items])
        return
    title = f"贷款待办（{STAGE_LABELS[stage] if stage else '全部在办'}，{day}）"
    t = Table(title=title)
    for col in ("申请编号", "借款人", "金额（元）", "期限", "受理日期", "审批期限", "时限", "状态"):
        t.add_column(col)
    for i in items:
        limit = "已审批" if i.decided else (f"[red]已超期{-i.left}个工作日[/red]" if i.overdue
                                          else f"剩{i.left}个工作日")
        t.add_row(i.no, i.name, format_yuan(i.amount), str(i.months), str(i.accepted_on), str(i.deadline), limit,
                  Status(i.status).label)
    console.print(t)


def register(app: typer.Typer) -> None:
    app.command("limit")(handles_errors(limit_cmd))
    app.command("apply")(handles_errors(apply_cmd))
    app.command("applications")(handles_errors(applications_cmd))


# Origination's commands stay in the `anju loan` group (limit, apply, applications).
from anju.loan.cli import app as _loan_app  # noqa: E402

register(_loan_app)
