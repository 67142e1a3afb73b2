"""`anju loan …`: housing-loan tools; for now the repayment-schedule calculator (还款计划试算)."""

from __future__ import annotations

import typer

from anju.cli_support import (
    Inputs,
    console,
    handles_errors,
    parse_date_option,
    parse_int_option,
    parse_percent_option,
    print_json,
    signed_in,
    system_actor,
)
from anju.core.money import format_yuan, parse_yuan, yuan_str

NAME = "loan"
HELP = "个人住房贷款：还款计划试算、月度扣款、逾期与催收、提前还款、贷款查询"
app = typer.Typer(no_args_is_help=True)


def _schedule_json(schedule) -> dict:
    from anju.policy.kinds import format_ratio

    return {
        "method": schedule.method.value,
        "method_name": schedule.method.label,
        "principal": yuan_str(schedule.principal),
        "annual_rate": str(schedule.annual_rate),
        "annual_rate_shown": format_ratio(schedule.annual_rate),
        "months": schedule.months,
        "total_payment": yuan_str(schedule.total_payment),
        "total_principal": yuan_str(schedule.total_principal),
        "total_interest": yuan_str(schedule.total_interest),
        "instalments": [
            {"period": i.period, "due_date": i.due_date, "payment": yuan_str(i.payment),
             "principal": yuan_str(i.principal), "interest": yuan_str(i.interest), "balance": yuan_str(i.balance)}
            for i in schedule.instalments
        ],
    }


def _print_schedule(schedule) -> None:
    from rich.table import Table

    from anju.policy.kinds import format_ratio

    dated = schedule.instalments[0].due_date is not None
    title = (f"还款计划（{schedule.method.label}，贷款{format_yuan(schedule.principal)}元，{schedule.months}期，"
             f"年利率{format_ratio(schedule.annual_rate)}）")
    t = Table(title=title, header_style="bold")
    t.add_column("期次", justify="right")
    if dated:
        t.add_column("还款日")
    for h in ("月供", "本金", "利息", "剩余本金"):
        t.add_column(h, justify="right")
    for i in schedule.instalments:
        amounts = (format_yuan(i.payment), format_yuan(i.principal), format_yuan(i.interest), format_yuan(i.balance))
        t.add_row(str(i.period), *((str(i.due_date),) if dated else ()), *amounts)
    t.add_section()
    totals = (format_yuan(schedule.total_payment), format_yuan(schedule.total_principal),
              format_yuan(schedule.total_interest), "")
    t.add_row("合计", *(("",) if dated else ()), *totals)
    console.print(t)


@app.command("schedule")
@handles_errors
def schedule_cmd(
    amount: str = typer.Option(..., "--amount", help="贷款金额（元），如 1000000.00"),
    months: str = typer.Option(..., "--months", help="期数（月），1至360"),
    rate: str = typer.Option(..., "--rate", help="年利率（百分数），如 2.60 表示2.60%"),
    method: str = typer.Option("equal-installment", "--method",
                               help="还款方式：equal-installment（等额本息）或 equal-principal（等额本金）"),
    start: str = typer.Option(None, "--start", help="放款日期；给出时按月排出还款日"),
    day: str = typer.Option(None, "--day", help="约定还款日（1至31），默认为放款日的日"),
    actual_days: bool = typer.Option(False, "--actual-days", help="首期按放款日至首期还款日的实际天数计息"),
    basis: str = typer.Option("360", "--basis", help="首期按实际天数计息时的天数基数：360或365"),
    as_json: bool = typer.Option(False, "--json", help="以JSON输出（金额为元）"),
) -> None:
    """还款计划试算：逐期列出月供、本金、利息和剩余本金，以及合计。不需要数据库。"""
    from anju.loan.schedule import Method, build_schedule

    inputs = Inputs()
    principal = inputs.read("贷款金额", parse_yuan, amount)
    term = inputs.read("期数", parse_int_option, months)
    annual_rate = inputs.read("年利率", parse_percent_option, rate)
    how = inputs.read("还款方式", Method.parse, method)
    disbursed = inputs.read("放款日期", parse_date_option, start)
    repayment_day = inputs.read("约定还款日", parse_int_option, day)
    day_basis = inputs.read("计息天数基数", parse_int_option, basis)
    inputs.check()
    schedule = build_schedule(principal, annual_rate, term, how, start=disbursed, repayment_day=repayment_day,
                              first_period_actual_days=actual_days, day_basis=day_basis)
    if as_json:
        print_json(_schedule_json(schedule))
    else:
        _print_schedule(schedule)


# ------------------------------------------------------------------------------------------- servicing (贷后)


def _run_json(s) -> dict:
    return {"month": s.month, "status": s.status, "count": s.count, "total": yuan_str(s.total),
            "offset_count": s.offset_count, "offset_total": yuan_str(s.offset_total),
            "banks": [{"bank": b.bank_code, "status": b.status, "count": b.count, "total": yuan_str(b.total),
                       "paid_count": b.paid_count, "paid_total": yuan_str(b.paid_total),
                       "voucher_id": b.voucher_id} for b in s.banks]}


@app.command("run")
@handles_errors
def run_cmd(
    action: str = typer.Argument("status", help="create 生成扣款 | file 导出扣款文件 | result 导入银行结果 | "
                                                "post 记账 | close 结束本月（转逾期） | status 查看"),
    month: str = typer.Option(..., "--month", help="扣款年月，如 2026-03"),
    bank: str = typer.Option(None, "--bank", help="受托银行代码（file/result/post）；post不给时记账全部已导入的银行"),
    path: str = typer.Option(None, "--file", help="file：保存到此路径；result：银行结果文件"),
    fmt: str = typer.Option("csv", "--format", help="扣款文件格式：csv或xlsx"),
    on: str = typer.Option(None, "--date", help="业务日期（默认今天）"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """月度扣款：生成各受托银行扣款文件（先按月对冲公积金），导入扣款结果，按银行记账，结束后未还转逾期。"""
    from pathlib import Path

    from anju.cli_support import get_engine
    from anju.loan import runs

    m = runs.parse_month(month)
    day = parse_date_option(on)
    engine = get_engine()
    # every step of a run but looking at it (status) is finance's act: a signed-in user does it
    actor = signed_in(engine) if action != "status" else None
    if action == "create":
        runs.create(engine, actor, month=m, as_of=day)
    elif action == "file":
        with engine.connect() as conn:
            banks = [bank] if bank else [b.bank_code for b in runs.summary(conn, m).banks]
            for code in banks:
                name, data, _ = runs.instruction_file(conn, actor, batch_id=runs.batch_for(conn, m, code), fmt=fmt)
                target = Path(path) if path and bank else Path(path or ".") / name
                target.write_bytes(data)
                console.print(f"已导出 {target}")
        return
    elif action == "result":
        if not bank or not path:
            raise typer.BadParameter("导入银行结果须给出 --bank 和 --file")
        loaded = runs.load(engine, actor, month=m, bank=bank, data=Path(path).read_bytes(),
                           filename=Path(path).name, as_of=day)
        console.print(f"成功{loaded.paid}笔，部分成功{loaded.partial}笔，失败{loaded.failed}笔，"
                      f"实扣{format_yuan(loaded.paid_total)}元")
    elif action == "post":
        runs.post(engine, actor, month=m, bank=bank)
    elif action == "close":
        runs.close(engine, actor, month=m, as_of=day)
    elif action != "status":
        raise typer.BadParameter(f"未知的操作：{action}")
    with engine.connect() as conn:
        s = runs.summary(conn, m)
    if s is None:
        console.print(f"{m // 100}年{m % 100}月尚未生成扣款")
        return
    if as_json:
        print_json(_run_json(s))
        return
    from rich.table import Table

    t = Table(title=f"{m // 100}年{m % 100}月贷款扣款（{s.status}）：{s.count}笔，{format_yuan(s.total)}元；"
                    f"公积金对冲{s.offset_count}笔，{format_yuan(s.offset_total)}元")
    for col in ("银行", "状态", "笔数", "应扣金额", "扣款成功笔数", "实扣金额", "凭证"):
        t.add_column(col)
    for b in s.banks:
        t.add_row(f"{b.bank_code} {b.short_name}", b.status, str(b.count), format_yuan(b.total), str(b.paid_count),
                  format_yuan(b.paid_total), str(b.voucher_id or ""))
    console.print(t)


@app.command("overdue")
@handles_errors
def overdue_cmd(on: str = typer.Option(None, "--date", help="转逾期日期（默认今天）")) -> None:
    """转逾期：到期未还的期次转入逾期（本金121→122），计罚息，重新五级分类。"""
    from anju.cli_support import get_engine
    from anju.loan import service

    m = service.mark_overdue_job(get_engine(), system_actor("loan overdue"), as_of=parse_date_option(on))
    console.print(f"新转逾期{m.instalments}期（{m.loans}笔贷款），本金{format_yuan(m.principal)}元")


@app.command("collection")
@handles_errors
def collection_cmd(on: str = typer.Option(None, "--date"), bucket: str = typer.Option(None, "--bucket",
                                                                                   help="逾期账龄，如 1-3个月"),
                   risk: str = typer.Option(None, "--risk", help="风险等级代码 02–05"),
                   as_json: bool = typer.Option(False, "--json")) -> None:
    """催收清单：逾期贷款，按逾期时间长短排列，罚息计至当日。"""
    from anju.cli_support import get_engine
    from anju.loan import queries
    from anju.loan.codes import RiskClass

    day = parse_date_option(on)
    with get_engine().connect() as conn:
        rows = queries.collection(conn, day, bucket=bucket, risk=risk)
    if as_json:
        print_json([{**r.__dict__, **{k: yuan_str(getattr(r, k)) for k in
                                      ("overdue_principal", "overdue_interest", "penalty", "balance")}}
                    for r in rows])
        return
    from rich.table import Table

    t = Table(title=f"{day} 逾期贷款催收清单（{len(rows)}笔）")
    for col in ("贷款账号", "借款人", "电话", "逾期起日", "天数", "账龄", "期数", "逾期本金", "逾期利息", "罚息",
                "贷款余额", "风险等级"):
        t.add_column(col)
    for r in rows:
        t.add_row(r.loan_no, r.name, r.phone, str(r.overdue_since), str(r.days), r.bucket, str(r.periods),
                  format_yuan(r.overdue_principal), format_yuan(r.overdue_interest), format_yuan(r.penalty),
                  format_yuan(r.balance), RiskClass(r.risk_class).label)
    console.print(t)


@app.command("prepay")
@handles_errors
def prepay_cmd(loan_no: str = typer.Argument(...), amount: str = typer.Option(None, "--amount",
                                                                           help="提前归还本金（元）"),
               shorten: bool = typer.Option(False, "--shorten", help="缩短期限（默认减少月供）"),
               settle: bool = typer.Option(False, "--settle", help="全部结清"),
               on: str = typer.Option(None, "--date")) -> None:
    """提前还款：部分提前还款（减少月供或缩短期限）或全部结清。"""
    from anju.cli_support import get_engine
    from anju.db import UnitOfWork
    from anju.loan import service

    day = parse_date_option(on)
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        if settle:
            q = service.settle(uow, actor, loan_no=loan_no, day=day, key=f"loan:settle:{loan_no}")
            uow.commit()
            console.print(f"贷款{loan_no}已结清：收款{format_yuan(q.total)}元（本金{format_yuan(q.principal)}元，"
                          f"利息{format_yuan(q.interest)}元，应还款项{format_yuan(q.owed.total)}元）")
            return
        if amount is None:
            raise typer.BadParameter("部分提前还款须给出 --amount")
        done = service.prepay(uow, actor, loan_no=loan_no, principal=parse_yuan(amount), day=day,
                              shorten=shorten, key=f"loan:prepay:{loan_no}:{day}")
        uow.commit()
    console.print(f"已提前归还本金{format_yuan(done.principal)}元，利息{format_yuan(done.interest)}元；剩余{done.months}期，"
                  f"月供{format_yuan(done.instalment)}元")


@app.command("show")
@handles_errors
def show_cmd(loan_no: str = typer.Argument(...), on: str = typer.Option(None, "--date"),
             as_json: bool = typer.Option(False, "--json")) -> None:
    """贷款账户：余额、下期应还、逾期、明细。"""
    from anju.cli_support import get_engine
    from anju.loan import queries
    from anju.loan.codes import LoanStatus, RiskClass, TxnType

    day = parse_date_option(on)
    with get_engine().connect() as conn:
        v = queries.view(conn, loan_no, day)
    r = v.row
    if as_json:
        print_json({"loan_no": r.loan_no, "contract_no": r.contract_no, "borrower": v.borrower,
                    "status": r.status, "amount": yuan_str(r.amount), "balance": yuan_str(v.balance),
                    "principal": yuan_str(r.principal), "overdue_principal": yuan_str(r.overdue_principal),
                    "overdue_interest": yuan_str(r.overdue_interest), "rate": str(r.rate),
                    "risk_class": r.risk_class, "overdue_since": r.overdue_since,
                    "next_due": None if v.next_due is None else {
                        "period": v.next_due.period, "due_date": v.next_due.due_date,
                        "payment": yuan_str(v.next_due.principal + v.next_due.interest)},
                    "owed_today": None if v.owed_today is None else yuan_str(v.owed_today.total),
                    "history": [{"date": t.txn_date, "type": t.type, "amount": yuan_str(t.amount),
                                 "balance_after": yuan_str(t.balance_after)} for t in v.history]})
        return
    console.print(f"[bold]{r.loan_no}[/bold] 合同{r.contract_no} 借款人{v.borrower} {v.bank} "
                  f"{LoanStatus(r.status).label} 风险等级{RiskClass(r.risk_class).label}")
    console.print(f"贷款金额{format_yuan(r.amount)}元，{r.months}期，年利率{r.rate * 100}%，放款{r.disbursed_on}，"
                  f"到期{r.maturity}；余额{format_yuan(v.balance)}元（逾期本金{format_yuan(r.overdue_principal)}元）")
    if v.next_due is not None:
        console.print(f"下期：第{v.next_due.period}期 {v.next_due.due_date} 应还"
                      f"{format_yuan(v.next_due.principal + v.next_due.interest)}元")
    if r.overdue_since:
        console.print(f"逾期：自{r.overdue_since}起{v.overdue_days}天（{v.bucket}），{r.overdue_periods}期，"
                      f"逾期利息{format_yuan(r.overdue_interest)}元，罚息计至今{format_yuan(v.owed_today.penalty)}元")
    from rich.table import Table

    t = Table(title="贷款明细")
    for col in ("日期", "类型", "发生额", "本金", "逾期本金", "利息", "罚息", "余额"):
        t.add_column(col)
    for x in v.history:
        t.add_row(str(x.txn_date), TxnType(x.type).label, format_yuan(x.amount), format_yuan(x.principal),
                  format_yuan(x.overdue_principal), format_yuan(x.interest + x.overdue_interest),
                  format_yuan(x.penalty), format_yuan(x.balance_after))
    console.print(t)
