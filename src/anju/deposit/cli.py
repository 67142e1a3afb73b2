"""`anju deposit …`: monthly lists, payment confirmation and posting, back payment, refunds, deferral,
base adjustment and flexible workers' payments."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

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
from anju.core.dates import format_month, parse_month
from anju.core.money import format_yuan, parse_yuan
from anju.db import UnitOfWork
from anju.deposit import service as svc
from anju.deposit.codes import RemittanceStatus
from anju.deposit.rules import BackPayReason, ListKind
from anju.registry.cli import _account_id, _employer_id, _ratio

NAME = "deposit"
HELP = "归集：汇缴清册、到账入账、补缴、退缴、缓缴、基数调整、灵活就业缴存"
app = typer.Typer(no_args_is_help=True)


@app.command("template")
def template_cmd(out: Path, back_pay: bool = typer.Option(False, "--back-pay", help="补缴清册模板")) -> None:
    """下载清册模板（证件号码列为文本格式）。"""
    out.write_bytes(svc.template(ListKind.BACK_PAY if back_pay else ListKind.REMIT))
    console.print(f"模板已写入 {out}")


@app.command("generate")
@handles_errors
def generate_cmd(employer: str = typer.Option(..., "--employer", help="单位账号"),
                 period: str = typer.Option(..., "--period", help="汇缴年月 YYYYMM"), on: str = typer.Option(None, "--date"),
                 as_json: bool = typer.Option(False, "--json")) -> None:
    """按登记的基数和比例生成当月汇缴清册（待缴款）。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        sub = svc.generate_month(uow, actor, employer_id=_employer_id(uow.conn, employer),
                                 period=parse_month(period), as_of=parse_date_option(on))
        uow.commit()
    _print_submitted(sub, as_json)


def _print_submitted(sub, as_json: bool) -> None:
    if as_json:
        print_json({"remittance_id": sub.remittance_id, "no": sub.no, "total": format_yuan(sub.total, grouping=False),
                    "lines": sub.line_count, "warnings": sub.warnings})
        return
    console.print(f"清册已受理：[bold]{sub.no}[/]，{sub.line_count} 人，合计 {format_yuan(sub.total)} 元，待缴款")
    for w in sub.warnings:
        console.print(f"[yellow]提示：{w}[/]")


@app.command("import")
@handles_errors
def import_cmd(file: Path, employer: str = typer.Option(..., "--employer"),
               period: str = typer.Option(..., "--period", help="汇缴年月；补缴为开始年月"),
               to: str = typer.Option(None, "--to", help="结束年月（补缴或预缴）"),
               back_pay: bool = typer.Option(False, "--back-pay", help="补缴清册"),
               reason: str = typer.Option(None, "--reason", help="补缴原因：missed 漏缴 / deferred 缓缴补缴 / base_diff 基数差额"),
               on: str = typer.Option(None, "--date"), as_json: bool = typer.Option(False, "--json")) -> None:
    """上传清册（.xlsx/.xls/.csv）：整体受理或整体退回；退回时写出错误清单 FILE.errors.xlsx。"""
    engine = get_engine()
    actor = signed_in(engine)
    data = file.read_bytes()
    try:
        with UnitOfWork(engine) as uow:
            sub = svc.import_list(uow, actor, employer_id=_employer_id(uow.conn, employer), data=data,
                                  filename=file.name, kind=ListKind.BACK_PAY if back_pay else ListKind.REMIT,
                                  period_from=parse_month(period), period_to=parse_month(to) if to else None,
                                  as_of=parse_date_option(on), reason=BackPayReason(reason) if reason else None)
            uow.commit()
    except svc.ListRejected as exc:
        err_file = file.with_name(file.stem + ".errors.xlsx")
        err_file.write_bytes(svc.error_workbook(exc.validated))
        if as_json:
            print_json({"ok": False, "error": exc.message, "error_file": str(err_file),
                        "problems": [{"row": p.row, "column": p.field, "message": p.message} for p in exc.problems]})
        else:
            t = Table(title=f"[red]{exc.message}[/]", header_style="bold")
            for h in ("行号", "列", "错误"):
                t.add_column(h)
            for p in exc.problems:
                t.add_row(str(p.row or ""), p.field or "", p.message)
            console.print(t)
            console.print(f"错误清单已写入 {err_file}")
        raise typer.Exit(1) from None
    _print_submitted(sub, as_json)


@app.command("confirm")
@handles_errors
def confirm_cmd(no: str, paid_on: str = typer.Option(..., "--paid-on", help="到账日期"),
                receipt: str = typer.Option(..., "--receipt", help="银行回单号"), amount: str = typer.Option(..., "--amount"),
                as_json: bool = typer.Option(False, "--json")) -> None:
    """到账确认并入账：一张凭证（借101 受托银行 / 贷201），每人一条明细，缴至年月推进。"""
    from sqlalchemy import select

    from anju.deposit.tables import remittance

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        rid = uow.conn.execute(select(remittance.c.id).where(remittance.c.no == no)).scalar()
        if rid is None:
            from anju.core.errors import ErrorCode, NotFound
            raise NotFound(ErrorCode.NOT_FOUND, what="清册", key=no)
        written = svc.confirm_payment(uow, actor, remittance_id=rid, paid_on=parse_date_option(paid_on),
                                      receipt_no=receipt, amount=parse_yuan(amount))
        uow.commit()
    if as_json:
        print_json({"ok": True, "member_rows": written})
    else:
        console.print(f"已入账：{written} 名职工")


@app.command("receipts")
@handles_errors
def receipts_cmd(file: Path, post: bool = typer.Option(True, "--post/--no-post", help="确认后立即执行入账作业"),
                 bank: str | None = typer.Option(None, "--bank", help="受托银行代码：按该行的到账文件格式读取")) -> None:
    """导入银行到账文件（默认列：汇缴单号、到账金额、到账日期、银行回单号），整体处理。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        n = svc.import_receipts(uow, actor, data=file.read_bytes(), filename=file.name, bank_code=bank)
        uow.commit()
    console.print(f"已确认到账 {n} 份清册")
    if post:
        post_cmd(period=None, chunk=50_000)


@app.command("post")
@handles_errors
def post_cmd(period: str = typer.Option(None, "--period"), chunk: int = typer.Option(50_000, "--chunk")) -> None:
    """入账作业：已确认到账的清册按到账日期分组入账；中断后重跑不会重复入账。"""
    from sqlalchemy import func, select

    from anju.deposit.tables import remittance

    engine = get_engine()
    with engine.connect() as conn:
        total = conn.execute(select(func.coalesce(func.sum(remittance.c.line_count), 0))
                             .where(remittance.c.status == RemittanceStatus.CONFIRMED.value)).scalar_one()
    with progress("入账", total) as advance:
        run = svc.post_confirmed(engine, system_actor("deposit post"), chunk_lines=chunk, period=parse_month(period) if period else None,
                                 progress=advance)
    console.print(f"入账完成：{run.remittances} 份清册，{run.member_rows} 条个人明细，{run.groups} 批")


@app.command("lists")
@handles_errors
def lists_cmd(employer: str = typer.Option(None, "--employer"), status: str = typer.Option(None, "--status"),
              limit: int = 50, as_json: bool = typer.Option(False, "--json")) -> None:
    """清册列表。"""
    with get_engine().connect() as conn:
        rows = svc.lists_of(conn, employer_id=_employer_id(conn, employer) if employer else None, status=status,
                            limit=limit)
    if as_json:
        print_json([{"no": r.no, "status": r.status, "total": format_yuan(r.total, grouping=False),
                     "period_from": r.period_from, "period_to": r.period_to, "lines": r.line_count} for r in rows])
        return
    t = Table(header_style="bold")
    for h in ("清册号", "类型", "年月", "人数", "金额", "状态"):
        t.add_column(h)
    for r in rows:
        t.add_row(r.no, "汇缴" if r.kind == "01" else "补缴", f"{r.period_from}" + ("" if r.period_from == r.period_to
                                                                              else f"-{r.period_to}"),
                  str(r.line_count), format_yuan(r.total), svc.STATUS_LABELS[r.status])
    console.print(t)


@app.command("cancel")
@handles_errors
def cancel_cmd(no: str, reason: str = typer.Option(..., "--reason")) -> None:
    """撤销待缴款的清册。"""
    from sqlalchemy import select

    from anju.deposit.tables import remittance

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        rid = uow.conn.execute(select(remittance.c.id).where(remittance.c.no == no)).scalar_one()
        svc.cancel_list(uow, actor, remittance_id=rid, reason=reason)
        uow.commit()
    console.print("已撤销")


@app.command("arrears")
@handles_errors
def arrears_cmd(employer: str = typer.Option(None, "--employer"), as_of: str = typer.Option(None, "--as-of"),
                as_json: bool = typer.Option(False, "--json")) -> None:
    """欠缴报表：每个单位欠缴的月份和金额（缓缴月份单列）。"""
    from anju.deposit.queries import arrears

    with get_engine().connect() as conn:
        rows = arrears(conn, as_of=parse_date_option(as_of), employer_id=_employer_id(conn, employer) if employer else None)
    if as_json:
        print_json([{"account_no": a.account_no, "name": a.name, "paid_through": a.paid_through,
                     "unpaid_months": a.unpaid_months, "unpaid_amount": format_yuan(a.unpaid_amount, grouping=False),
                     "deferred_months": a.deferred_months,
                     "deferred_amount": format_yuan(a.deferred_amount, grouping=False)} for a in rows])
        return
    t = Table(title="欠缴单位", header_style="bold")
    for h, j in (("单位账号", "left"), ("单位名称", "left"), ("缴至", "left"), ("欠缴月数", "right"),
                 ("欠缴金额", "right"), ("缓缴月数", "right"), ("缓缴金额", "right")):
        t.add_column(h, justify=j)
    for a in rows:
        t.add_row(a.account_no, a.name, format_month(a.paid_through) if a.paid_through else "—", str(len(a.unpaid_months)),
                  format_yuan(a.unpaid_amount), str(len(a.deferred_months)), format_yuan(a.deferred_amount))
    console.print(t)


@app.command("refund-apply")
@handles_errors
def refund_apply_cmd(no: str, reason: str = typer.Option(..., "--reason"),
                     member: list[str] = typer.Option(None, "--member", help="只退这些职工（账号或身份证号，可多次）")) -> None:
    """退缴申请（须由另一人审批）。"""
    from sqlalchemy import select

    from anju.deposit.tables import remittance

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        rid = uow.conn.execute(select(remittance.c.id).where(remittance.c.no == no)).scalar_one()
        ids = [_account_id(uow.conn, m) for m in member] if member else None
        fid = svc.apply_refund(uow, actor, remittance_id=rid, reason=reason, account_ids=ids)
        uow.commit()
    console.print(f"退缴申请已提交：编号 {fid}")


@app.command("refund-decide")
@handles_errors
def refund_decide_cmd(refund_id: int, approve: bool = typer.Option(..., "--approve/--reject"),
                      note: str = typer.Option("", "--note"), on: str = typer.Option(None, "--date")) -> None:
    """审批退缴；批准即入账（借201 / 贷101）。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        svc.decide_refund(uow, actor, refund_id=refund_id, approve=approve, note=note,
                          refund_on=parse_date_option(on))
        uow.commit()
    console.print("已批准并入账" if approve else "已驳回")


@app.command("defer-apply", help="缓缴或降低比例申请。须提交的材料：" + "；".join(svc.DEFERRAL_DOCUMENTS))
@handles_errors
def defer_apply_cmd(employer: str = typer.Option(..., "--employer"), kind: str = typer.Option("defer", help="defer 缓缴 / reduce 降低比例"),
                    start: str = typer.Option(..., "--from"), end: str = typer.Option(..., "--to"),
                    reason: str = typer.Option(..., "--reason"),
                    document: list[str] = typer.Option(..., "--document", help="已提交的材料名称（可多次）"),
                    employer_ratio: str = typer.Option(None, "--employer-ratio"),
                    member_ratio: str = typer.Option(None, "--member-ratio"), on: str = typer.Option(None, "--date")) -> None:
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        did = svc.apply_deferral(uow, actor, employer_id=_employer_id(uow.conn, employer), kind=kind,
                                 period_from=parse_month(start), period_to=parse_month(end), reason=reason,
                                 documents=document,
                                 reduced_employer_ratio=_ratio(employer_ratio) if employer_ratio else None,
                                 reduced_member_ratio=_ratio(member_ratio) if member_ratio else None,
                                 as_of=parse_date_option(on))
        uow.commit()
    console.print(f"申请已提交：编号 {did}")


@app.command("defer-decide")
@handles_errors
def defer_decide_cmd(deferral_id: int, approve: bool = typer.Option(..., "--approve/--reject"),
                     approval_no: str = typer.Option("", "--approval-no", help="管委会批复文号"),
                     note: str = typer.Option("", "--note"), on: str = typer.Option(None, "--date")) -> None:
    """审批缓缴或降低比例。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        svc.decide_deferral(uow, actor, deferral_id=deferral_id, approve=approve, approval_no=approval_no,
                            note=note, as_of=parse_date_option(on))
        uow.commit()
    console.print("已批准" if approve else "已驳回")


@app.command("end-deferrals")
@handles_errors
def end_deferrals_cmd(on: str = typer.Option(None, "--date")) -> None:
    """日终作业：结束到期的缓缴和降低比例。"""
    with UnitOfWork(get_engine()) as uow:
        n = svc.end_deferrals(uow, system_actor("deposit end-deferrals"), as_of=parse_date_option(on))
        uow.commit()
    console.print(f"结束 {n} 项")


@app.command("base-adjust")
@handles_errors
def base_adjust_cmd(file: Path, employer: str = typer.Option(..., "--employer"), year: int = typer.Option(..., "--year"),
                    on: str = typer.Option(None, "--date")) -> None:
    """年度基数调整（自当年7月起；列：姓名、证件号码、缴存基数）。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        n = svc.import_base_adjustment(uow, actor, employer_id=_employer_id(uow.conn, employer), year=year,
                                       data=file.read_bytes(), filename=file.name, as_of=parse_date_option(on))
        uow.commit()
    console.print(f"已调整 {n} 名职工的缴存基数，自{year}年7月起执行")


@app.command("flexible-pay")
@handles_errors
def flexible_pay_cmd(key: str, months: int = typer.Option(1, "--months"), paid_on: str = typer.Option(None, "--paid-on"),
                     receipt: str = typer.Option(..., "--receipt"), bank: str = typer.Option("01", "--bank"),
                     as_json: bool = typer.Option(False, "--json")) -> None:
    """灵活就业人员缴存（按月或一次缴存多个月）。"""
    day = parse_date_option(paid_on)
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        sub = svc.pay_flexible(uow, actor, account_id=_account_id(uow.conn, key), months=months, paid_on=day,
                               receipt_no=receipt, bank_code=bank, as_of=day)
        uow.commit()
    if as_json:
        print_json({"no": sub.no, "total": format_yuan(sub.total, grouping=False), "months": sub.line_count})
    else:
        console.print(f"已缴存 {sub.line_count} 个月，合计 {format_yuan(sub.total)} 元（{sub.no}）")
