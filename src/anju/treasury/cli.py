"""`anju fund …` (investments, 资金调度, the maturity ladder) and `anju statements --year Y [--month M]`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import typer

from anju.cli_support import (
    business_today,
    console,
    get_engine,
    handles_errors,
    parse_date_option,
    parse_percent_option,
    print_json,
    signed_in,
    system_actor,
)
from anju.core.errors import AnjuError
from anju.core.money import format_yuan, parse_yuan, yuan_str
from anju.db import UnitOfWork
from anju.treasury.errors import TreasuryError

fund_app = typer.Typer(no_args_is_help=True)
statements_app = typer.Typer(invoke_without_command=True)
APPS = [("fund", "资金管理：定期、协定、通知存款和国债的存放、计提、到期、转存，资金调度，到期阶梯", fund_app),
        ("statements", "住房公积金财务报表：资产负债表、增值收益表、增值收益分配表（含勾稽检查）", statements_app)]


def _investment(conn, no: str):
    from anju.treasury import queries

    row = queries.get(conn, no)
    if row is None:
        raise AnjuError(TreasuryError.NOT_FOUND, no=no)
    return row


@fund_app.command("place")
@handles_errors
def place(kind: str = typer.Option(..., "--kind", help="time 定期 / agreement 协定 / notice 通知 / bond 国债"),
          from_account: str = typer.Option(..., "--from", help="划出的活期专户账号"),
          amount: str = typer.Option(..., "--amount", help="金额（元；国债为买入成本）"),
          rate: str = typer.Option(..., "--rate", help="年利率，如 1.65%"),
          bank: str = typer.Option(None, "--bank", help="受托银行代码（默认划出账户的银行）"),
          months: int = typer.Option(None, "--months", help="存期（月）：3、6、12、24、36、60"),
          start: str = typer.Option(None, "--start", help="起息日，默认今天"),
          notice_days: int = typer.Option(None, "--notice-days"), face: str = typer.Option(None, "--face"),
          name: str = typer.Option("", "--name"), issuer: str = typer.Option("", "--issuer"),
          base_amount: str = typer.Option(None, "--base-amount"), base_rate: str = typer.Option(None, "--base-rate"),
          rollover: str = typer.Option("none", "--rollover", help="none / principal 本金转存 / with_interest 本息转存"),
          note: str = typer.Option("", "--note"), as_json: bool = typer.Option(False, "--json")) -> None:
    """提交资金存放（须他人审批后记账）；限额（单家银行占比、备付下限、最长存期）不符时列明原因。"""
    from anju.treasury import service

    engine = get_engine()
    actor = signed_in(engine)
    day = parse_date_option(start)
    p = service.Placement(kind=kind, from_account_no=from_account, amount=parse_yuan(amount),
                          rate=parse_percent_option(rate), start=day, bank_code=bank, term_months=months,
                          face_value=parse_yuan(face) if face else None, name=name, issuer=issuer,
                          base_amount=parse_yuan(base_amount) if base_amount else None,
                          base_rate=parse_percent_option(base_rate) if base_rate else None, notice_days=notice_days,
                          rollover=rollover, note=note)
    with UnitOfWork(engine) as uow:
        iid = service.place(uow, actor, p, as_of=business_today())
        uow.commit()
        row = _investment(uow.conn, iid)
    if as_json:
        print_json({"id": iid, "no": row.no, "status": row.status})
    else:
        console.print(f"已提交 {row.no}，待审批")


@fund_app.command("approve")
@handles_errors
def approve(no: str = typer.Argument(..., help="存放编号 TZ… 或调度编号 DD…"), note: str = typer.Option("", "--note"),
            reject: bool = typer.Option(False, "--reject", help="驳回（须 --note 写明理由）")) -> None:
    """审批资金存放或资金调度（经办本人不能审批）；最后一名审批人同意后记账。"""
    from anju.treasury import queries, service

    engine = get_engine()
    actor = signed_in(engine)
    today = business_today()
    with UnitOfWork(engine) as uow:
        if no.strip().upper().startswith("DD"):
            t = queries.transfer(uow.conn, no)
            if t is None:
                raise AnjuError(TreasuryError.NOT_FOUND, no=no)
            if reject:
                service.reject_transfer(uow, actor, transfer_id=t.id, reason=note, as_of=today)
                done = None
            else:
                done = service.approve_transfer(uow, actor, transfer_id=t.id, note=note, as_of=today)
        else:
            row = _investment(uow.conn, no)
            if reject:
                service.reject(uow, actor, investment_id=row.id, reason=note, as_of=today)
                done = None
            else:
                done = service.approve(uow, actor, investment_id=row.id, note=note, as_of=today)
        uow.commit()
    console.print("已驳回" if done is None else ("已审批并记账" if done else "已同意，须另一名审批人审批"))


@fund_app.command("mature")
@handles_errors
def mature(no: str = typer.Argument(...), on: str = typer.Option(None, "--date"),
           to_account: str = typer.Option(None, "--to", help="收回账户，默认原划出账户"),
           early: bool = typer.Option(False, "--early", help="提前支取（定期、协定；按活期利率计息）")) -> None:
    """到期收回（或 --early 提前支取）：本息划回活期专户，冲销已计提利息，差额记入利息收入。"""
    from anju.treasury import service

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        row = _investment(uow.conn, no)
        fn = service.withdraw_early if early else service.mature
        interest = fn(uow, actor, investment_id=row.id, on=parse_date_option(on), to_account_no=to_account)
        uow.commit()
    console.print(f"{row.no}{'已提前支取' if early else '已到期收回'}，利息 {format_yuan(interest)} 元")


@fund_app.command("renew")
@handles_errors
def renew(no: str = typer.Argument(...), rate: str = typer.Option(..., "--rate", help="新存单年利率"),
          months: int = typer.Option(None, "--months"), on: str = typer.Option(None, "--date"),
          rollover: str = typer.Option(None, "--rollover", help="principal 本金转存 / with_interest 本息转存")) -> None:
    """定期存款到期转存：收取到期利息，自到期日起开立新存单。"""
    from anju.treasury import queries, service

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        row = _investment(uow.conn, no)
        new_id = service.renew(uow, actor, investment_id=row.id, on=parse_date_option(on),
                               rate=parse_percent_option(rate), term_months=months, rollover=rollover)
        uow.commit()
        new = queries.get(uow.conn, new_id)
    console.print(f"{row.no}已到期转存，新存单 {new.no}：{format_yuan(new.principal)} 元，{new.maturity_date} 到期")


@fund_app.command("transfer")
@handles_errors
def transfer(from_account: str = typer.Option(..., "--from"), to_account: str = typer.Option(..., "--to"),
             amount: str = typer.Option(..., "--amount"), on: str = typer.Option(None, "--date"),
             note: str = typer.Option("", "--note")) -> None:
    """资金调度：在中心专户之间划转（借101-调入/贷101-调出），须他人审批（anju fund approve DD…）。"""
    from anju.treasury import queries, service

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        tid = service.propose_transfer(uow, actor, from_account_no=from_account, to_account_no=to_account,
                                       amount=parse_yuan(amount), on=parse_date_option(on), note=note)
        uow.commit()
        t = queries.transfer(uow.conn, tid)
    console.print(f"资金调度 {t.no} 已提交，待审批")


@fund_app.command("accrue")
@handles_errors
def accrue(month: str = typer.Option(..., "--month", help="YYYYMM"), as_json: bool = typer.Option(False, "--json")) -> None:
    """月度计提投资应收利息（借111/贷40101、40104）；同月再次执行不重复记账。"""
    from anju.core.dates import format_month, parse_month
    from anju.treasury import service

    result = service.accrue_month(get_engine(), system_actor("fund accrue"), month=parse_month(month),
                                  as_of=business_today())
    if as_json:
        print_json({"month": result.month, "amount": yuan_str(result.amount), "investments": result.count,
                    "created": result.created})
    elif result.created:
        console.print(f"{format_month(result.month)}计提 {format_yuan(result.amount)} 元（{result.count} 笔）")
    else:
        console.print(f"{format_month(result.month)}已计提，未重复记账")


@fund_app.command("list")
@handles_errors
def list_cmd(status: str = typer.Option(None, "--status"), as_json: bool = typer.Option(False, "--json")) -> None:
    """投资登记簿。"""
    from anju.treasury import queries
    from anju.treasury.codes import Kind, Status

    with get_engine().connect() as conn:
        rows = queries.register(conn, status=status)
    if as_json:
        print_json([{"no": r.no, "kind": r.kind, "status": r.status, "principal": yuan_str(r.principal),
                     "rate": str(r.rate), "start": str(r.start_date), "maturity": str(r.maturity_date or "")}
                    for r in rows])
        return
    for r in rows:
        console.print(f"{r.no}  {Kind(r.kind).label}  {format_yuan(r.principal):>18}  {Decimal(r.rate) * 100:.2f}%  "
                      f"{r.start_date}→{r.maturity_date or '通知支取'}  {Status(r.status).label}")


@fund_app.command("ladder")
@handles_errors
def ladder(on: str = typer.Option(None, "--date"), as_json: bool = typer.Option(False, "--json")) -> None:
    """到期阶梯与流动性：各银行活期可用、预计支出、30天内到期。"""
    from anju.treasury import queries

    day = parse_date_option(on)
    with get_engine().connect() as conn:
        rungs, overdue = queries.ladder(conn, day)
        liq = queries.liquidity(conn, day)
    if as_json:
        print_json({"rungs": [{"label": r.label, "count": r.count, "principal": yuan_str(r.principal)} for r in rungs],
                    "overdue": yuan_str(overdue), "demand": yuan_str(liq.demand), "outflows": yuan_str(liq.outflows)})
        return
    console.print(f"到期阶梯（{day}）")
    for r in rungs:
        console.print(f"  {r.label:<10} {r.count:>4} 笔 {format_yuan(r.principal):>20} 元")
    if overdue:
        console.print(f"  已到期未收回 {format_yuan(overdue)} 元")
    for b in liq.banks:
        console.print(f"  {b.bank_name}：活期可用 {format_yuan(b.demand)} 元，定期等 {format_yuan(b.deposits)} 元")
    console.print(f"预计支出 {format_yuan(liq.outflows)} 元；活期 + 30天内到期 {format_yuan(liq.demand + liq.maturing_30)} 元")


@statements_app.callback(invoke_without_command=True)
@handles_errors
def statements(year: int = typer.Option(..., "--year"), month: int = typer.Option(None, "--month"),
               xlsx: Path = typer.Option(None, "--xlsx", help="另存为Excel"),
               as_json: bool = typer.Option(False, "--json")) -> None:
    """资产负债表、增值收益表、增值收益分配表（月报或年报），先列勾稽检查；有未通过时退出码为1。"""
    from anju.treasury import workbook
    from anju.treasury.statements import build

    with get_engine().connect() as conn:
        s = build(conn, year=year, month=month)
    if xlsx:
        xlsx.write_bytes(workbook.to_xlsx(s))
    if as_json:
        print_json({"period": s.period_label, "ok": s.ok,
                    "checks": [{"label": c.label, "ok": c.ok, "detail": c.detail} for c in s.checks],
                    "statements": {st.title: {str(r.row): [None if v is None else yuan_str(v) for v in r.values]
                                              for r in (*st.left, *st.right)} for st in s.statements}})
    else:
        console.print(f"住房公积金财务报表 {s.period_label}")
        for c in s.checks:
            console.print(f"  {'通过' if c.ok else '未通过'}  {c.label}：{c.detail}")
        for st in s.statements:
            console.print(f"\n{st.title}（{st.code}，单位：元）  {' / '.join(st.columns)}")
            for r in (*st.left, *st.right):
                values = "  ".join(f"{format_yuan(v):>18}" if v is not None else " " * 18 for v in r.values)
                console.print(f"  {r.row:>3} {'　' * r.indent}{r.label:<24} {values}")
    if not s.ok:
        raise typer.Exit(1)
