"""`anju repair …`: the residential maintenance fund (住宅专项维修资金) at the command line."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table
from sqlalchemy import select

from anju.cli_support import (
    business_today,
    console,
    get_engine,
    handles_errors,
    parse_date_option,
    print_json,
    signed_in,
    system_actor,
)
from anju.core.money import format_yuan, parse_yuan
from anju.core.sheets import UploadLimits
from anju.db import UnitOfWork
from anju.maintfund import calc, demo, interest, projects, reports, service, synth
from anju.maintfund.codes import ProjectKind, ProjectStatus
from anju.maintfund.tables import mf_area, mf_bill, mf_project
from anju.policy.store import policy_at

NAME = "repair"
HELP = "住宅专项维修资金：区域与分户账、交存与续筹、追缴、增值收益分配、使用项目、过户退还、报表"
app = typer.Typer(no_args_is_help=True)


@app.command("template")
def template_cmd(out: Path) -> None:
    """下载分户账导入模板（含填表说明）。"""
    out.write_bytes(service.template_workbook())
    console.print(f"模板已写入 {out}")


@app.command("import")
@handles_errors
def import_cmd(area: str, file: Path, on: str = typer.Option(None, "--date"),
               as_json: bool = typer.Option(False, "--json")) -> None:
    """导入分户账（.xlsx/.xls/.csv）：所有有误的行一次列出，整表不导入。"""
    engine = get_engine()
    actor = signed_in(engine)
    as_of = parse_date_option(on)
    with engine.connect() as conn:
        limits = UploadLimits.from_policy(policy_at(conn, as_of))
    table = service.read_sheet(file.read_bytes(), file.name, limits=limits)
    with UnitOfWork(engine) as uow:
        ids = service.import_households(uow, actor, area_id=service.area_by_code(uow.conn, area).id, table=table,
                                        as_of=as_of)
        uow.commit()
    if as_json:
        print_json({"households": len(ids)})
    else:
        console.print(f"已导入 {len(ids)} 户，首期交存通知已生成")


@app.command("areas")
@handles_errors
def areas_cmd(as_json: bool = typer.Option(False, "--json")) -> None:
    """物业管理区域及其余额。"""
    engine = get_engine()
    with engine.connect() as conn:
        rows = []
        for a in conn.execute(select(mf_area).order_by(mf_area.c.code)):
            t = reports.fund_totals(conn, area_id=a.id)
            rows.append({"code": a.code, "name": a.name, "households": t.households,
                         "balance": format_yuan(t.balance), "common": format_yuan(a.common_balance)})
    if as_json:
        print_json(rows)
        return
    table = Table("区域编号", "名称", "户数", "余额（元）", "其中公共账（元）")
    for r in rows:
        table.add_row(r["code"], r["name"], str(r["households"]), r["balance"], r["common"])
    console.print(table)


@app.command("bills")
@handles_errors
def bills_cmd(area: str = typer.Option(None, "--area"), unpaid: bool = typer.Option(False, "--unpaid")) -> None:
    """交存通知单（首期、续筹）。"""
    engine = get_engine()
    with engine.connect() as conn:
        q = select(mf_bill).order_by(mf_bill.c.no)
        if unpaid:
            q = q.where(mf_bill.c.status == "billed")
        if area:
            from anju.maintfund.tables import mf_household

            q = q.where(mf_bill.c.household_id.in_(select(mf_household.c.id).where(
                mf_household.c.area_id == service.area_by_code(conn, area).id)))
        table = Table("通知单号", "类别", "交存人", "金额（元）", "状态")
        for b in conn.execute(q):
            from anju.maintfund.codes import BillKind, BillStatus, Payer

            table.add_row(b.no, BillKind(b.kind).label, Payer(b.payer).label, format_yuan(b.amount),
                          BillStatus(b.status).label)
    console.print(table)


@app.command("receive")
@handles_errors
def receive_cmd(bill: str, amount: str = typer.Option(..., "--amount"), receipt: str = typer.Option(..., "--receipt"),
                on: str = typer.Option(None, "--date")) -> None:
    """登记交存到账（票据号）：记入维修资金账套，增加分户账余额。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        bid = uow.conn.execute(select(mf_bill.c.id).where(mf_bill.c.no == bill)).scalar()
        vid = service.receive(uow, actor, bill_id=bid or 0, amount=parse_yuan(amount), receipt_no=receipt,
                              paid_on=parse_date_option(on))
        uow.commit()
    console.print(f"已入账（凭证ID {vid}）")


@app.command("topup")
@handles_errors
def topup_cmd(area: str = typer.Option(None, "--area"), on: str = typer.Option(None, "--date")) -> None:
    """续筹：余额低于首期交存额规定比例的分户生成续筹通知。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        ids = service.bill_topups(uow, actor, as_of=parse_date_option(on),
                                  area_id=service.area_by_code(uow.conn, area).id if area else None)
        uow.commit()
    console.print(f"已生成续筹通知 {len(ids)} 份")


@app.command("task")
@handles_errors
def task_cmd(year: int, amount: str) -> None:
    """设定年度追缴任务（元）。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        service.set_task(uow, actor, year=year, amount=parse_yuan(amount))
        uow.commit()
    console.print(f"{year}年度追缴任务：{amount}元")


@app.command("arrears")
@handles_errors
def arrears_cmd(year: int, as_json: bool = typer.Option(False, "--json")) -> None:
    """开发建设单位欠缴与追缴完成情况。"""
    with get_engine().connect() as conn:
        a = service.arrears(conn, year=year)
    rate = "—" if a.rate is None else f"{a.rate * 100:.2f}%"
    if as_json:
        print_json({"year": year, "task": format_yuan(a.task), "recovered": format_yuan(a.recovered),
                    "outstanding": format_yuan(a.outstanding), "units": a.units, "rate": rate})
        return
    console.print(f"{year}年度追缴任务{format_yuan(a.task)}元，已追缴{format_yuan(a.recovered)}元（完成{rate}）；"
                  f"尚欠{a.units}户{format_yuan(a.outstanding)}元")


@app.command("income")
@handles_errors
def income_cmd(amount: str = typer.Option(..., "--amount"), doc: str = typer.Option(..., "--doc"),
               on: str = typer.Option(None, "--date")) -> None:
    """登记维修资金专户的利息等收益（按银行单据号，不重复记账）。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        service.record_income(uow, actor, amount=parse_yuan(amount), day=parse_date_option(on), doc_no=doc)
        uow.commit()
    console.print("已记账")


@app.command("interest")
@handles_errors
def interest_cmd(year: int, on: str = typer.Option(None, "--date"), as_json: bool = typer.Option(False, "--json")) -> None:
    """按积数分配年度增值收益到分户账，尾差记入各区域公共账（每年一次）。"""
    engine = get_engine()
    actor = signed_in(engine)
    run = interest.allocate(engine, actor, year=year, as_of=parse_date_option(on))
    if as_json:
        print_json({"year": year, "pool": format_yuan(run.pool), "households": run.households,
                    "to_households": format_yuan(run.to_households), "to_common": format_yuan(run.to_common)})
        return
    console.print(f"{year}年度增值收益{format_yuan(run.income)}元，扣除管理费用{format_yuan(run.management_cost)}元，"
                  f"分配{run.households}户{format_yuan(run.to_households)}元，公共账{format_yuan(run.to_common)}元")


@app.command("report")
@handles_errors
def report_cmd(year: int = typer.Option(None, "--year"), area: str = typer.Option(None, "--area"),
               as_json: bool = typer.Option(False, "--json")) -> None:
    """维修资金情况：累计归集、利息、使用、退还、余额及勾稽（累计归集 + 利息 − 使用 − 退还 = 余额）。"""
    year = year or business_today().year
    with get_engine().connect() as conn:
        aid = service.area_by_code(conn, area).id if area else None
        t = reports.fund_totals(conn, area_id=aid)
        f = reports.year_flows(conn, year, area_id=aid)
    data = {"year": year, "collected": format_yuan(f["deposited"]), "used": format_yuan(f["used"]),
            "cumulative_collected": format_yuan(t.deposited), "cumulative_interest": format_yuan(t.interest),
            "cumulative_used": format_yuan(t.used), "cumulative_refunded": format_yuan(t.refunded),
            "balance": format_yuan(t.balance), "households": t.households, "identity_holds": t.identity_holds}
    if as_json:
        print_json(data)
        return
    console.print(f"{year}年归集{data['collected']}元，使用{data['used']}元；余额{data['balance']}元（{t.households}户）")
    console.print(f"累计归集{data['cumulative_collected']} + 利息{data['cumulative_interest']} − 使用"
                  f"{data['cumulative_used']} − 退还{data['cumulative_refunded']} = 余额{data['balance']}："
                  + ("相符" if t.identity_holds else f"[red]不符，差额{format_yuan(t.gap)}元[/]"))


@app.command("statement")
@handles_errors
def statement_cmd(account: str) -> None:
    """分户账明细。"""
    with get_engine().connect() as conn:
        hh = service.household_by_no(conn, account)
        rows = reports.statement(conn, hh.id)
    console.print(f"{hh.account_no} {hh.owner_name} {calc.m2(hh.floor_area):.2f}㎡ 首期应交{format_yuan(hh.first_due)}元")
    table = Table("日期", "摘要", "金额（元）", "余额（元）", "单据")
    for day, kind, amount, balance, ref in rows:
        table.add_row(str(day), kind, format_yuan(amount), format_yuan(balance), ref or "")
    console.print(table)


@app.command("projects")
@handles_errors
def projects_cmd(area: str = typer.Option(None, "--area")) -> None:
    """维修项目及其状态。"""
    with get_engine().connect() as conn:
        q = select(mf_project).order_by(mf_project.c.no)
        if area:
            q = q.where(mf_project.c.area_id == service.area_by_code(conn, area).id)
        table = Table("项目编号", "名称", "类别", "状态", "预算（元）", "已拨付（元）", "决算（元）")
        for p in conn.execute(q):
            table.add_row(p.no, p.title, ProjectKind(p.kind).label, ProjectStatus(p.status).label,
                          format_yuan(p.budget), format_yuan(p.paid), "" if p.cost is None else format_yuan(p.cost))
    console.print(table)


@app.command("project")
@handles_errors
def project_cmd(no: str) -> None:
    """一个维修项目：列支范围、表决、分摊。"""
    with get_engine().connect() as conn:
        p = conn.execute(select(mf_project).where(mf_project.c.no == no)).first()
        if p is None:
            projects.get_project(conn, 0)
        units = projects.units_of(conn, p.id)
    console.print(f"{p.no} {p.title}（{ProjectKind(p.kind).label}，{ProjectStatus(p.status).label}）")
    if p.vote_result:
        console.print(f"表决：{p.vote_result}")
    table = Table("分户账号", "户门号", "业主", "面积（㎡）", "预算分摊", "表决", "决算分摊", "已扣", "应补交")
    for u in units:
        table.add_row(u.account_no, u.unit_no, u.owner_name, f"{calc.m2(u.floor_area):.2f}", format_yuan(u.planned),
                      u.choice or "", "" if u.final is None else format_yuan(u.final),
                      "" if u.charged is None else format_yuan(u.charged), "" if u.owed is None else format_yuan(u.owed))
    console.print(table)


@app.command("demo")
@handles_errors
def demo_cmd() -> None:
    """建立一个演示区域（两幢楼、24户、表决与在建项目）。"""
    engine = get_engine()
    system_actor("repair demo")
    aid = demo.build(engine, today=business_today())
    console.print("演示区域已建立" if aid else "演示区域已存在")


@app.command("sim")
@handles_errors
def sim_cmd(areas: int = typer.Option(1000, "--areas"), households: int = typer.Option(300000, "--households"),
            year: int = typer.Option(None, "--year"), seed: int = typer.Option(1, "--seed")) -> None:
    """生成模拟维修资金（默认1,000个区域、30万户；用于性能测试，不在演示中）。"""
    engine = get_engine()
    made = synth.generate(engine, system_actor("repair sim"), areas=areas, households=households,
                          year=year or business_today().year - 1, seed=seed)
    console.print(f"已生成{made['areas']}个区域、{made['households']}户，首期交存{format_yuan(made['deposits'])}元")


def _change_no(conn, cid: int) -> str:
    from anju.maintfund.tables import mf_change

    return conn.execute(select(mf_change.c.no).where(mf_change.c.id == cid)).scalar_one()


def _change_id(conn, no: str) -> int:
    from anju.maintfund.tables import mf_change

    cid = conn.execute(select(mf_change.c.id).where(mf_change.c.no == no)).scalar()
    if cid is None:
        from anju.core.errors import NotFound
        from anju.maintfund.errors import MaintfundError

        raise NotFound(MaintfundError.HOUSEHOLD_NOT_FOUND, key=no)
    return cid


@app.command("transfer")
@handles_errors
def transfer_cmd(account: str, name: str = typer.Option(..., "--name", help="受让人姓名"),
                 id_number: str = typer.Option(..., "--id-number", help="受让人身份证号码"),
                 unit_no: str = typer.Option(None, "--property-unit-no", help="新不动产单元号"),
                 on: str = typer.Option(None, "--date")) -> None:
    """申请过户：分户账随房屋所有权转移给受让人（须另一人审核）。"""
    engine = get_engine()
    actor = signed_in(engine)
    from anju.maintfund.codes import ChangeKind

    with UnitOfWork(engine) as uow:
        cid = service.apply_change(uow, actor, household_id=service.household_by_no(uow.conn, account).id,
                                   kind=ChangeKind.TRANSFER, as_of=parse_date_option(on), new_owner_name=name,
                                   new_owner_id_no=id_number, new_property_unit_no=unit_no)
        no = _change_no(uow.conn, cid)
        uow.commit()
    console.print(f"已受理过户申请 {no}，待审核（anju repair decide-change {no}）")


@app.command("refund")
@handles_errors
def refund_cmd(account: str, reason: str = typer.Option(..., "--reason"), on: str = typer.Option(None, "--date")) -> None:
    """申请房屋灭失退还分户账余额（须另一人审核）。"""
    engine = get_engine()
    actor = signed_in(engine)
    from anju.maintfund.codes import ChangeKind

    with UnitOfWork(engine) as uow:
        cid = service.apply_change(uow, actor, household_id=service.household_by_no(uow.conn, account).id,
                                   kind=ChangeKind.REFUND, as_of=parse_date_option(on), reason=reason)
        no = _change_no(uow.conn, cid)
        uow.commit()
    console.print(f"已受理退还申请 {no}，待审核（anju repair decide-change {no}）")


@app.command("decide-change")
@handles_errors
def decide_change_cmd(no: str, approve: bool = typer.Option(True, "--approve/--reject"),
                      reason: str = typer.Option("", "--reason"), on: str = typer.Option(None, "--date")) -> None:
    """审核过户或退还申请（不能由申请人审核）：批准即记账。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        cid = _change_id(uow.conn, no)
        if approve:
            service.approve_change(uow, actor, change_id=cid, as_of=parse_date_option(on), note=reason)
        else:
            service.reject_change(uow, actor, change_id=cid, as_of=parse_date_option(on), reason=reason)
        uow.commit()
    console.print("已批准并记账" if approve else "已驳回")
