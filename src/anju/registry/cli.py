"""`anju employer …` and `anju member …`: the counter's registry work from the command line."""

from __future__ import annotations

from decimal import Decimal

import typer
from rich.table import Table

from anju.cli_support import (
    business_today,
    console,
    get_engine,
    handles_errors,
    parse_date_option,
    print_json,
    signed_in,
)
from anju.core.dates import format_month, parse_month
from anju.core.errors import AnjuError, ErrorCode, NotFound
from anju.core.ids import mask_id
from anju.core.money import format_yuan, parse_yuan
from anju.db import UnitOfWork
from anju.policy.kinds import format_ratio, parse_ratio
from anju.registry import queries
from anju.registry import service as svc
from anju.registry.codes import AccountStatus, EmployerKind, EmployerStatus, label_of
from anju.registry.errors import RegistryError

employer_app = typer.Typer(no_args_is_help=True)
member_app = typer.Typer(no_args_is_help=True)
APPS = [("employer", "缴存单位：开户、变更、状态、单位明细", employer_app),
        ("member", "职工账户：开户、封存、启封、转移、基数与比例变更、冻结、明细账、缴存证明", member_app)]


def _ratio(text: str) -> Decimal:
    return parse_ratio(text if "%" in text else f"{text}%")


def _employer_id(conn, no: str) -> int:
    row = queries.employer_by_no(conn, no)
    if row is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="单位账号", key=no)
    return row.id


def _account_id(conn, key: str) -> int:
    row = queries.account_by_no(conn, key) or queries.account_of_person(conn, key)
    if row is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="个人账户（账号或身份证号）", key=key)
    return row.id


# --------------------------------------------------------------------------------------------- employer


@employer_app.command("open")
@handles_errors
def employer_open(uscc: str = typer.Option(..., help="统一社会信用代码"), name: str = typer.Option(..., help="单位名称"),
                  kind: str = typer.Option(..., help="单位性质代码：" + "，".join(f"{k.value} {k.label}" for k in EmployerKind)),
                  bank: str = typer.Option(..., help="受托银行代码"), branch: str = typer.Option("01", help="管理部代码"),
                  pay_day: int = typer.Option(..., "--pay-day", help="发薪日"),
                  employer_ratio: str = typer.Option(..., "--employer-ratio", help="单位缴存比例，如12%"),
                  member_ratio: str = typer.Option(..., "--member-ratio", help="个人缴存比例，如12%"),
                  first_month: str = typer.Option(None, "--first-month", help="起缴年月，默认下月"),
                  industry: str = typer.Option(None), address: str = typer.Option(""),
                  legal_rep: str = typer.Option("", "--legal-rep"), agent: str = typer.Option(""),
                  agent_phone: str = typer.Option("", "--agent-phone"), on: str = typer.Option(None, "--date"),
                  as_json: bool = typer.Option(False, "--json")) -> None:
    """单位开户。"""
    from anju.core.dates import add_months, month_of

    engine = get_engine()
    actor = signed_in(engine)
    day = parse_date_option(on)
    data = svc.EmployerInput(uscc=uscc, name=name, kind=kind, bank_code=bank, branch_code=branch, pay_day=pay_day,
                             employer_ratio=_ratio(employer_ratio), member_ratio=_ratio(member_ratio),
                             first_month=parse_month(first_month) if first_month else add_months(month_of(day), 1),
                             industry=industry, address=address, legal_rep=legal_rep, agent_name=agent,
                             agent_phone=agent_phone)
    with UnitOfWork(engine) as uow:
        eid, no = svc.open_employer(uow, actor, data=data, as_of=day)
        uow.commit()
    if as_json:
        print_json({"employer_id": eid, "account_no": no})
    else:
        console.print(f"单位开户成功：单位账号 [bold]{no}[/]")


@employer_app.command("list")
@handles_errors
def employer_list(search: str = typer.Argument("", help="名称、单位账号或信用代码"), limit: int = 50,
                  as_json: bool = typer.Option(False, "--json")) -> None:
    """查询缴存单位。"""
    with get_engine().connect() as conn:
        rows = queries.search_employers(conn, search, limit=limit)
    if as_json:
        print_json([{"account_no": r.account_no, "name": r.name, "status": r.status, "paid_through": r.paid_through}
                    for r in rows])
        return
    t = Table(header_style="bold")
    for h in ("单位账号", "单位名称", "性质", "状态", "缴至年月"):
        t.add_column(h)
    for r in rows:
        t.add_row(r.account_no, r.name, label_of(EmployerKind, r.kind), label_of(EmployerStatus, r.status),
                  format_month(r.paid_through) if r.paid_through else "—")
    console.print(t)


@employer_app.command("show")
@handles_errors
def employer_show(no: str, as_of: str = typer.Option(None, "--as-of"), as_json: bool = typer.Option(False, "--json")) -> None:
    """单位概况：在册人数、月应缴额、缴至年月、欠缴。"""
    from anju.deposit.queries import arrears

    day = parse_date_option(as_of)
    with get_engine().connect() as conn:
        eid = _employer_id(conn, no)
        info = queries.employer_summary(conn, eid)
        owed = arrears(conn, as_of=day, employer_id=eid, only_owing=False)
    e = info["employer"]
    a = owed[0] if owed else None
    out = {"account_no": e.account_no, "name": e.name, "uscc": e.uscc, "kind": info["kind_label"],
           "status": info["status_label"], "paid_through": e.paid_through, "members_normal": info["members_normal"],
           "members_sealed": info["members_sealed"], "monthly_due": format_yuan(info["monthly_due"], grouping=False),
           "employer_ratio": format_ratio(e.employer_ratio), "member_ratio": format_ratio(e.member_ratio),
           "unpaid_months": a.unpaid_months if a else [], "unpaid_amount": format_yuan(a.unpaid_amount if a else 0, grouping=False),
           "deferred_months": a.deferred_months if a else []}
    if as_json:
        print_json(out)
        return
    console.print(f"[bold]{e.name}[/]  单位账号 {e.account_no}  信用代码 {e.uscc}")
    console.print(f"性质 {out['kind']}  状态 {out['status']}  比例 {out['employer_ratio']}/{out['member_ratio']}  "
                  f"缴至 {format_month(e.paid_through) if e.paid_through else '—'}")
    console.print(f"正常缴存 {out['members_normal']} 人，封存 {out['members_sealed']} 人，月应缴 {format_yuan(info['monthly_due'])} 元")
    if a and a.unpaid_months:
        console.print(f"[red]欠缴 {len(a.unpaid_months)} 个月（{format_month(a.unpaid_months[0])} 起），"
                      f"约 {format_yuan(a.unpaid_amount)} 元[/]")
    if a and a.deferred_months:
        console.print(f"[yellow]缓缴 {len(a.deferred_months)} 个月，约 {format_yuan(a.deferred_amount)} 元[/]")


@employer_app.command("change")
@handles_errors
def employer_change(no: str, field: list[str] = typer.Option(..., "--set", help="字段=值，如 agent_phone=13800000000"),
                    on: str = typer.Option(None, "--date")) -> None:
    """单位信息变更（名称、地址、法定代表人、经办人、受托银行、管理部、发薪日、性质、行业）。"""
    engine = get_engine()
    actor = signed_in(engine)
    changes = {}
    for item in field:
        key, _, value = item.partition("=")
        changes[key.strip()] = int(value) if key.strip() == "pay_day" else value
    with UnitOfWork(engine) as uow:
        svc.change_employer(uow, actor, employer_id=_employer_id(uow.conn, no), changes=changes,
                            as_of=parse_date_option(on))
        uow.commit()
    console.print("已变更")


@employer_app.command("status")
@handles_errors
def employer_status(no: str, to: str = typer.Option(..., "--to", help="normal 正常 / sealed 封存 / closed 销户"),
                    reason: str = typer.Option(..., "--reason"), on: str = typer.Option(None, "--date")) -> None:
    """单位状态变更。"""
    engine = get_engine()
    actor = signed_in(engine)
    status = {"normal": EmployerStatus.NORMAL, "sealed": EmployerStatus.SEALED, "closed": EmployerStatus.CLOSED}.get(to)
    if status is None:
        raise AnjuError(RegistryError.CLI_STATUS_TARGET)
    with UnitOfWork(engine) as uow:
        svc.set_employer_status(uow, actor, employer_id=_employer_id(uow.conn, no), status=status, reason=reason,
                                as_of=parse_date_option(on))
        uow.commit()
    console.print(f"单位状态已变更为{status.label}")


@employer_app.command("ratios")
@handles_errors
def employer_ratios(no: str, employer_ratio: str = typer.Option(..., "--employer-ratio"),
                    member_ratio: str = typer.Option(..., "--member-ratio"),
                    from_month: str = typer.Option(..., "--from-month"), on: str = typer.Option(None, "--date")) -> None:
    """单位比例变更（本单位正常缴存职工一并变更）。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        n = svc.change_employer_ratios(uow, actor, employer_id=_employer_id(uow.conn, no),
                                       employer_ratio=_ratio(employer_ratio), member_ratio=_ratio(member_ratio),
                                       from_month=parse_month(from_month), as_of=parse_date_option(on))
        uow.commit()
    console.print(f"已变更，涉及职工{n}人")


@employer_app.command("statement")
@handles_errors
def employer_statement(no: str, limit: int = 24, as_json: bool = typer.Option(False, "--json")) -> None:
    """单位明细：历次汇缴、补缴清册及其状态。"""
    from anju.deposit.service import STATUS_LABELS, lists_of

    with get_engine().connect() as conn:
        rows = lists_of(conn, employer_id=_employer_id(conn, no), limit=limit)
    if as_json:
        print_json([{"no": r.no, "kind": r.kind, "period_from": r.period_from, "period_to": r.period_to,
                     "status": r.status, "total": format_yuan(r.total, grouping=False), "lines": r.line_count,
                     "paid_on": r.paid_on} for r in rows])
        return
    t = Table(header_style="bold")
    for h, j in (("清册号", "left"), ("类型", "left"), ("所属年月", "left"), ("人数", "right"), ("金额", "right"),
                 ("状态", "left"), ("到账日期", "left")):
        t.add_column(h, justify=j)
    for r in rows:
        period = str(r.period_from) if r.period_from == r.period_to else f"{r.period_from}-{r.period_to}"
        t.add_row(r.no, "汇缴" if r.kind == "01" else "补缴", period, str(r.line_count), format_yuan(r.total),
                  STATUS_LABELS[r.status], str(r.paid_on or ""))
    console.print(t)


# --------------------------------------------------------------------------------------------- member


@member_app.command("open")
@handles_errors
def member_open(employer: str = typer.Option(..., "--employer", help="单位账号"),
                id_number: str = typer.Option(..., "--id", help="身份证号码"), name: str = typer.Option(...),
                base: str = typer.Option(..., help="缴存基数（元）"),
                first_month: str = typer.Option(None, "--first-month", help="起缴年月，默认下月"),
                phone: str = typer.Option(""), marital: str = typer.Option("90", help="婚姻状况代码 10/20/30/40/90"),
                on: str = typer.Option(None, "--date"), as_json: bool = typer.Option(False, "--json")) -> None:
    """职工开户（新增）。"""
    from anju.core.dates import add_months, month_of

    engine = get_engine()
    actor = signed_in(engine)
    day = parse_date_option(on)
    with UnitOfWork(engine) as uow:
        opened = svc.open_account(uow, actor, employer_id=_employer_id(uow.conn, employer),
                                  who=svc.PersonInput(id_number=id_number, name=name, phone=phone, marital_status=marital),
                                  base=parse_yuan(base),
                                  first_month=parse_month(first_month) if first_month else add_months(month_of(day), 1),
                                  as_of=day)
        uow.commit()
    if as_json:
        print_json({"account_id": opened.account_id, "account_no": opened.account_no,
                    "monthly_total": format_yuan(opened.terms.monthly_total, grouping=False)})
    else:
        console.print(f"开户成功：个人账号 [bold]{opened.account_no}[/]，月缴存额 {format_yuan(opened.terms.monthly_total)} 元")


@member_app.command("flexible-open")
@handles_errors
def member_flexible_open(id_number: str = typer.Option(..., "--id"), name: str = typer.Option(...),
                         base: str = typer.Option(...), ratio: str = typer.Option(..., help="缴存比例合计，如20%"),
                         first_month: str = typer.Option(None, "--first-month"), phone: str = typer.Option(""),
                         on: str = typer.Option(None, "--date"), as_json: bool = typer.Option(False, "--json")) -> None:
    """灵活就业人员开户。"""
    from anju.core.dates import month_of

    engine = get_engine()
    actor = signed_in(engine)
    day = parse_date_option(on)
    with UnitOfWork(engine) as uow:
        opened = svc.open_flexible(uow, actor, who=svc.PersonInput(id_number=id_number, name=name, phone=phone),
                                   base=parse_yuan(base), total_ratio=_ratio(ratio),
                                   first_month=parse_month(first_month) if first_month else month_of(day), as_of=day)
        uow.commit()
    if as_json:
        print_json({"account_id": opened.account_id, "account_no": opened.account_no})
    else:
        console.print(f"开户成功：个人账号 [bold]{opened.account_no}[/]，月缴存额 {format_yuan(opened.terms.monthly_total)} 元")


@member_app.command("search")
@handles_errors
def member_search(text: str = typer.Argument("", help="姓名、身份证号码或个人账号"), employer: str = typer.Option(None),
                  limit: int = 50, as_json: bool = typer.Option(False, "--json")) -> None:
    """查询职工（列表中身份证号码脱敏）。"""
    with get_engine().connect() as conn:
        rows = queries.search_members(conn, text, employer_id=_employer_id(conn, employer) if employer else None,
                                      limit=limit)
    if as_json:
        print_json([{"account_no": r.account_no, "name": r.name, "id_masked": mask_id(r.id_number),
                     "employer": r.employer_name, "status": r.status, "balance": format_yuan(r.balance, grouping=False)}
                    for r in rows])
        return
    t = Table(header_style="bold")
    for h, j in (("个人账号", "left"), ("姓名", "left"), ("身份证号码", "left"), ("单位", "left"), ("状态", "left"),
                 ("余额", "right")):
        t.add_column(h, justify=j)
    for r in rows:
        status = label_of(AccountStatus, r.status) + ("（冻结）" if r.frozen else "")
        t.add_row(r.account_no, r.name, mask_id(r.id_number), r.employer_name or "灵活就业", status, format_yuan(r.balance))
    console.print(t)


@member_app.command("show")
@handles_errors
def member_show(key: str = typer.Argument(..., help="个人账号或身份证号码"), as_of: str = typer.Option(None, "--as-of"),
                as_json: bool = typer.Option(False, "--json")) -> None:
    """账户信息：余额（上年结转/当年归集）、基数、比例、缴至年月。"""
    from anju.registry.service import get_account

    with get_engine().connect() as conn:
        acct = get_account(conn, _account_id(conn, key))
        cert = queries.certificate(conn, acct.id, as_of=parse_date_option(as_of))
    out = {"account_no": acct.account_no, "name": cert.name, "id_masked": cert.id_masked, "employer": cert.employer_name,
           "status": cert.status_label, "frozen": cert.frozen, "balance": format_yuan(acct.balance, grouping=False),
           "prior_balance": format_yuan(acct.prior_balance, grouping=False),
           "current_balance": format_yuan(acct.current_balance, grouping=False),
           "base": format_yuan(acct.base, grouping=False), "employer_ratio": format_ratio(acct.employer_ratio),
           "member_ratio": format_ratio(acct.member_ratio),
           "monthly_total": format_yuan(acct.employer_amount + acct.member_amount, grouping=False),
           "paid_through": acct.paid_through}
    if as_json:
        print_json(out)
        return
    console.print(f"[bold]{cert.name}[/] {cert.id_masked}  个人账号 {acct.account_no}  {cert.employer_name or '灵活就业'}")
    console.print(f"状态 {out['status']}{'（冻结）' if cert.frozen else ''}  余额 {format_yuan(acct.balance)} 元"
                  f"（上年结转 {format_yuan(acct.prior_balance)}，当年归集 {format_yuan(acct.current_balance)}）")
    console.print(f"基数 {format_yuan(acct.base)}  比例 {out['employer_ratio']}/{out['member_ratio']}  "
                  f"月缴存额 {format_yuan(acct.employer_amount + acct.member_amount)}  "
                  f"缴至 {format_month(acct.paid_through) if acct.paid_through else '—'}")


def _simple(engine, action):
    """Run one member change in its own unit of work and commit it."""
    with UnitOfWork(engine) as uow:
        result = action(uow)
        uow.commit()
    return result


@member_app.command("seal")
@handles_errors
def member_seal(key: str, reason: str = typer.Option("离职", "--reason"), on: str = typer.Option(None, "--date")) -> None:
    """封存（离职）。"""
    engine = get_engine()
    actor = signed_in(engine)
    _simple(engine, lambda uow: svc.seal(uow, actor, account_id=_account_id(uow.conn, key), reason=reason,
                                 as_of=parse_date_option(on)))
    console.print("已封存")


@member_app.command("reopen")
@handles_errors
def member_reopen(key: str, first_month: str = typer.Option(..., "--first-month"), base: str = typer.Option(None),
                  on: str = typer.Option(None, "--date")) -> None:
    """启封（在原单位恢复缴存）。"""
    engine = get_engine()
    actor = signed_in(engine)
    _simple(engine, lambda uow: svc.reopen(uow, actor, account_id=_account_id(uow.conn, key),
                                   first_month=parse_month(first_month), as_of=parse_date_option(on),
                                   base=parse_yuan(base) if base else None))
    console.print("已启封")


@member_app.command("transfer")
@handles_errors
def member_transfer(key: str, to: str = typer.Option(..., "--to", help="转入单位账号"),
                    first_month: str = typer.Option(..., "--first-month"), base: str = typer.Option(None),
                    on: str = typer.Option(None, "--date")) -> None:
    """内部转移：转到本中心另一家单位，余额和明细随人转移。"""
    engine = get_engine()
    actor = signed_in(engine)
    _simple(engine, lambda uow: svc.transfer(uow, actor, account_id=_account_id(uow.conn, key),
                                     to_employer_id=_employer_id(uow.conn, to), first_month=parse_month(first_month),
                                     as_of=parse_date_option(on), base=parse_yuan(base) if base else None))
    console.print("已转移")


@member_app.command("base")
@handles_errors
def member_base(key: str, base: str, from_month: str = typer.Option(..., "--from-month"),
                on: str = typer.Option(None, "--date")) -> None:
    """基数变更。"""
    engine = get_engine()
    actor = signed_in(engine)
    terms = _simple(engine, lambda uow: svc.change_base(uow, actor, account_id=_account_id(uow.conn, key), base=parse_yuan(base),
                                                from_month=parse_month(from_month), as_of=parse_date_option(on)))
    console.print(f"已变更，月缴存额 {format_yuan(terms.monthly_total)} 元")


@member_app.command("ratio")
@handles_errors
def member_ratio(key: str, employer_ratio: str = typer.Option(..., "--employer-ratio"),
                 member_ratio: str = typer.Option(..., "--member-ratio"), from_month: str = typer.Option(..., "--from-month"),
                 on: str = typer.Option(None, "--date")) -> None:
    """比例变更。"""
    engine = get_engine()
    actor = signed_in(engine)
    terms = _simple(engine, lambda uow: svc.change_ratio(uow, actor, account_id=_account_id(uow.conn, key),
                                                 employer_ratio=_ratio(employer_ratio), member_ratio=_ratio(member_ratio),
                                                 from_month=parse_month(from_month), as_of=parse_date_option(on)))
    console.print(f"已变更，月缴存额 {format_yuan(terms.monthly_total)} 元")


@member_app.command("freeze")
@handles_errors
def member_freeze(key: str, reason: str = typer.Option(..., "--reason"), on: str = typer.Option(None, "--date"),
                  unfreeze: bool = typer.Option(False, "--unfreeze", help="解冻")) -> None:
    """冻结或解冻（依据如法院协助执行通知书）。"""
    engine = get_engine()
    actor = signed_in(engine)
    _simple(engine, lambda uow: svc.freeze(uow, actor, account_id=_account_id(uow.conn, key), reason=reason,
                                   as_of=parse_date_option(on), unfreeze=unfreeze))
    console.print("已解冻" if unfreeze else "已冻结")


@member_app.command("statement")
@handles_errors
def member_statement(key: str, start: str = typer.Option(None, "--from"), end: str = typer.Option(None, "--to"),
                     as_json: bool = typer.Option(False, "--json")) -> None:
    """个人明细账。"""
    with get_engine().connect() as conn:
        st = queries.statement(conn, _account_id(conn, key), start=parse_date_option(start) if start else None,
                               end=parse_date_option(end) if end else None)
    if as_json:
        print_json({"account_no": st.account_no, "name": st.name, "opening": format_yuan(st.opening, grouping=False),
                    "closing": format_yuan(st.closing, grouping=False),
                    "lines": [{"date": ln.txn_date, "type": ln.type, "type_label": ln.type_label, "month": ln.month,
                               "amount": format_yuan(ln.amount, grouping=False),
                               "balance": format_yuan(ln.balance_after, grouping=False), "note": ln.note,
                               "reversal": ln.reversal} for ln in st.lines]})
        return
    t = Table(title=f"{st.name} {st.id_masked} 个人账号{st.account_no} 明细账", header_style="bold")
    for h, j in (("日期", "left"), ("业务", "left"), ("所属年月", "left"), ("发生额", "right"), ("余额", "right"),
                 ("摘要", "left")):
        t.add_column(h, justify=j)
    for ln in st.lines:
        t.add_row(str(ln.txn_date), ln.type_label + ("（冲）" if ln.reversal else ""), str(ln.month or ""),
                  format_yuan(ln.amount) if ln.amount else "", format_yuan(ln.balance_after), ln.note)
    console.print(t)


@member_app.command("certificate")
@handles_errors
def member_certificate(key: str, as_of: str = typer.Option(None, "--as-of"), as_json: bool = typer.Option(False, "--json")) -> None:
    """住房公积金缴存证明（数据；打印版见网页）。"""
    with get_engine().connect() as conn:
        cert = queries.certificate(conn, _account_id(conn, key), as_of=parse_date_option(as_of, default=business_today()))
    out = {"as_of": cert.as_of, "name": cert.name, "id_masked": cert.id_masked, "account_no": cert.account_no,
           "employer": cert.employer_name, "opened_on": cert.opened_on, "status": cert.status_label,
           "base": format_yuan(cert.base, grouping=False), "monthly_total": format_yuan(cert.monthly_total, grouping=False),
           "balance": format_yuan(cert.balance, grouping=False), "paid_through": cert.paid_through,
           "months_paid_last_12": cert.months_paid_last_12}
    if as_json:
        print_json(out)
        return
    console.print("[bold]住房公积金缴存证明[/]")
    console.print(f"兹证明 {cert.name}（身份证号码 {cert.id_masked}）于 {cert.opened_on} 在本中心开立住房公积金个人账户"
                  f"（个人账号 {cert.account_no}），缴存单位 {cert.employer_name or '灵活就业'}，账户状态 {cert.status_label}；"
                  f"缴存基数 {format_yuan(cert.base)} 元，月缴存额 {format_yuan(cert.monthly_total)} 元，"
                  f"缴至 {format_month(cert.paid_through) if cert.paid_through else '—'}，"
                  f"截至 {cert.as_of} 账户余额 {format_yuan(cert.balance)} 元；近12个月缴存 {cert.months_paid_last_12} 个月。")
