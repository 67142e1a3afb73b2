"""`anju jobs …`: batch jobs (posting contributions, interest settlement, the fund's year-end)."""

from __future__ import annotations

from pathlib import Path

import typer

from anju.cli_support import (
    console,
    get_engine,
    handles_errors,
    parse_date_option,
    print_json,
    progress,
    signed_in,
    system_actor,
)
from anju.core.money import format_yuan, parse_yuan
from anju.db import UnitOfWork

NAME = "jobs"
HELP = "批处理作业：入账、年终结息、年终结转与分配、资金收支"
app = typer.Typer(no_args_is_help=True)


@app.command("settle-interest")
@handles_errors
def settle_interest(year: int = typer.Option(..., "--year", help="结息年度：结算截至该年6月30日的利息"),
                    on: str = typer.Option(None, "--date", help="业务日期，默认今天"),
                    chunk: int = typer.Option(50_000, "--chunk"), as_json: bool = typer.Option(False, "--json")) -> None:
    """年终结息：按积数计算每个账户的利息并记入，当年归集转入上年结转；中断后重跑继续，不会重复。"""
    from sqlalchemy import func, select

    from anju.interest.service import settle_year
    from anju.registry.tables import account

    engine = get_engine()
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(account)).scalar_one()
    with progress("结息", total) as advance:
        run = settle_year(engine, system_actor("jobs settle-interest"), year=year, as_of=parse_date_option(on), chunk=chunk, progress=advance)
    if as_json:
        print_json({"year": run.year, "status": run.status, "accounts": run.accounts,
                    "total": format_yuan(run.total, grouping=False)})
    else:
        console.print(f"{year}年度结息完成：{run.accounts} 户，利息合计 {format_yuan(run.total)} 元")


@app.command("stats-rollup")
@handles_errors
def stats_rollup(as_json: bool = typer.Option(False, "--json")) -> None:
    """统计汇总：把上次以来新记入的个人明细累加到统计汇总表（每晚运行；中断后重跑继续，不会重复累加）。"""
    import time

    from anju.registry import rollup

    started = time.perf_counter()
    added = rollup.refresh(get_engine())
    seconds = round(time.perf_counter() - started, 1)
    if as_json:
        print_json({"rows": added, "seconds": seconds})
    else:
        console.print(f"统计汇总完成：新增明细 {added} 笔，用时 {seconds} 秒")


@app.command("post-deposits")
@handles_errors
def post_deposits(chunk: int = typer.Option(50_000, "--chunk")) -> None:
    """入账作业（同 anju deposit post）。"""
    from anju.deposit.cli import post_cmd

    post_cmd(period=None, chunk=chunk)


@app.command("fund-entry")
@handles_errors
def fund_entry(kind: str = typer.Option(..., "--kind", help="deposit_interest_accrued / deposit_interest_received / "
                                                          "value_added_interest / bond_interest_accrued / "
                                                          "bond_interest_received / other_income / collection_fee / "
                                                          "loan_fee / other_expense"),
               amount: str = typer.Option(...), bank: str = typer.Option(None, "--bank"),
               period: int = typer.Option(..., "--period", help="所属年月 YYYYMM"), on: str = typer.Option(None, "--date"),
               reference: str = typer.Option(..., "--ref", help="凭据号"), note: str = typer.Option("", "--note")) -> None:
    """登记资金收支：存款利息、国债利息、手续费等（按凭据号幂等）。"""
    from anju.interest.yearend import record_fund_entry

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        fid = record_fund_entry(uow, actor, kind=kind, bank_code=bank, period=period,
                                entry_date=parse_date_option(on), amount=parse_yuan(amount), reference=reference,
                                note=note)
        uow.commit()
    console.print(f"已登记（编号 {fid}）")


@app.command("year-end")
@handles_errors
def year_end(year: int = typer.Option(..., "--year"),
             step: str = typer.Option(..., "--step", help="close_income 结转收支 / move_gain 增值收益转存 / "
                                                          "distribute 增值收益分配 / close_periods 年度结账"),
             management_fee: str = typer.Option("0", "--management-fee", help="分配给管理费用的金额（distribute）"),
             dry_run: bool = typer.Option(True, "--dry-run/--post", help="默认只显示将要记的凭证"),
             on: str = typer.Option(None, "--date"), as_json: bool = typer.Option(False, "--json")) -> None:
    """年终处理的一个步骤；先以 --dry-run 查看，再以 --post 记账；顺序错误会被拒绝。"""
    from anju.interest.yearend import plan_step, run_step, year_lock

    engine = get_engine()
    fee = parse_yuan(management_fee)
    day = parse_date_option(on)
    if dry_run:
        with engine.connect() as conn:
            plan = plan_step(conn, year=year, step=step, as_of=day, management_fee=fee)
    else:
        actor = signed_in(engine)  # posting a year-end step is finance's act; the dry run records nothing
        with year_lock(engine, year), UnitOfWork(engine) as uow:
            plan = run_step(uow, actor, year=year, step=step, as_of=day, management_fee=fee)
            uow.commit()
    if as_json:
        print_json({"year": year, "step": step, "posted": not dry_run, "detail": plan.detail,
                    "lines": [] if plan.posting is None else [
                        {"account": ln.account, "debit": format_yuan(ln.debit, grouping=False),
                         "credit": format_yuan(ln.credit, grouping=False)} for ln in plan.posting.lines]})
        return
    for line in plan.describe():
        console.print(line)
    console.print("[yellow]（试算，未记账；加 --post 记账）[/]" if dry_run else "[green]已记账[/]")


@app.command("fund-import")
@handles_errors
def fund_import(file: Path) -> None:
    """导入资金收支（列：类型、银行、所属年月、日期、金额、凭据号、摘要），整体处理。"""
    from anju.core import clock
    from anju.core.dates import parse_date
    from anju.core.errors import AnjuError, ErrorCode, Problem, ValidationFailed
    from anju.core.sheets import CellError, UploadLimits, cap_problems, cell_money, cell_text, read_table
    from anju.interest.yearend import record_fund_entry
    from anju.policy.store import policy_at

    engine = get_engine()
    actor = signed_in(engine)
    with engine.connect() as conn:
        limits = UploadLimits.from_policy(policy_at(conn, clock.today()))
    sheet = read_table(file.read_bytes(), file.name, required=["类型", "所属年月", "日期", "金额", "凭据号"],
                       optional=["银行", "摘要"], limits=limits).load()
    if sheet.problems:
        raise ValidationFailed(sheet.problems, summary="文件无法读取")
    rows, problems = [], []
    for row_no, cells in sheet.rows():
        try:
            rows.append(dict(kind=cell_text(cells["类型"]), bank_code=cell_text(cells.get("银行")) or None,
                             period=int(cell_text(cells["所属年月"])),
                             entry_date=parse_date(cell_text(cells["日期"])), amount=cell_money(cells["金额"]),
                             reference=cell_text(cells["凭据号"]), note=cell_text(cells.get("摘要"))))
        except (CellError, AnjuError) as exc:
            problems.append(Problem.from_error(exc, row=row_no))
        except ValueError:  # 所属年月 is not a number
            problems.append(Problem.of(ErrorCode.MONTH_FORMAT, row=row_no, value=cell_text(cells["所属年月"])))
    if problems:
        raise ValidationFailed(cap_problems(problems, limits.max_problems), summary="资金收支文件有误，未处理")
    with UnitOfWork(engine) as uow:
        for r in rows:
            record_fund_entry(uow, actor, **r)
        uow.commit()
    console.print(f"已登记 {len(rows)} 笔")
