"""The `anju` command line: setup, status, verification and clerk utilities; areas add sub-commands."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from anju.areas import area_modules
from anju.cli_support import (
    business_today,
    console,
    err_console,
    fail,
    get_engine,
    handles_errors,
    parse_date_option,
    print_json,
)

app = typer.Typer(help="安居 — 住房公积金管理信息系统", no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False)


@app.callback()
def _start(user: str = typer.Option(None, "--user", help="以该用户身份签名（审批、确认、记账等复核类命令必需）"),
           password_file: Path = typer.Option(None, "--password-file", help="从文件读取密码（否则读ANJU_PASSWORD或提示输入）"),
           token_file: Path = typer.Option(None, "--token-file", help="以API密钥签名（文件；或ANJU_TOKEN），代替用户名与密码"),
           ) -> None:
    """Every command starts here: connect the parts (the composition root), remember who signs."""
    from anju import compose
    from anju.cli_support import set_sign_in

    compose.wire()
    set_sign_in(user=user, password_file=password_file, token_file=token_file)


# Each area's cli module exposes `app` (a Typer), `NAME` (the sub-command) and `HELP` (Chinese), or
# `APPS`, a list of (name, help, app) when it offers several command groups.
for _module in area_modules("cli"):
    for _name, _help, _app in getattr(_module, "APPS", [(getattr(_module, "NAME", None), getattr(_module, "HELP", ""),
                                                          getattr(_module, "app", None))]):
        if _app is not None:
            app.add_typer(_app, name=_name, help=_help)


@app.command()
@handles_errors
def init() -> None:
    """建库：创建数据库、执行迁移、载入中心参数与会计科目、初始化工作日历。"""
    from anju.bootstrap import engine_from_settings, prepare

    result = prepare(engine_from_settings())
    console.print(f"数据库：{result.engine.url.render_as_string(hide_password=True)}")
    console.print(f"迁移：{'已执行' if result.migrated else '已是最新'}；中心参数：{'已载入' if result.centre_loaded else '已存在'}；"
                  f"日历新增{result.calendar_days}天")
    status(as_json=False)


def _cookie_secure(insecure_cookies: bool) -> bool:
    import os

    return not (insecure_cookies or os.environ.get("ANJU_COOKIE_SECURE", "1").lower() in ("0", "false", "no"))


@app.command()
@handles_errors
def serve(host: str = typer.Option("127.0.0.1", "--host", help="监听地址"),
          port: int = typer.Option(8000, "--port", help="端口"),
          insecure_cookies: bool = typer.Option(False, "--insecure-cookies",
                                                help="Cookie不带Secure（仅用于本机HTTP开发；也可设ANJU_COOKIE_SECURE=0）"),
          trust_proxy: bool = typer.Option(False, "--trust-proxy", help="在反向代理之后：采用X-Forwarded-For"),
          workers: int = typer.Option(1, "--workers", help="工作进程数（通常取CPU核数）")) -> None:
    """启动Web服务（柜面、单位网厅、个人网厅与 /api/v1 接口）。"""
    from anju.web.server import is_loopback
    from anju.web.server import serve as run_server
    from anju.web.settings import WebSettings

    secure = _cookie_secure(insecure_cookies)
    if not secure and not is_loopback(host):
        err_console.print("[yellow]警告：Cookie未设Secure且监听非本机地址，仅应在HTTPS反向代理之后这样运行[/]")
    engine = get_engine()
    console.print(f"安居 Web 服务：http://{host}:{port}/   接口文档：http://{host}:{port}/api/docs")
    run_server(engine, host=host, port=port, settings=WebSettings(cookie_secure=secure, trust_forwarded_for=trust_proxy),
               workers=workers)


@app.command()
@handles_errors
def demo(host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8000, "--port"),
         no_serve: bool = typer.Option(False, "--no-serve", help="只准备数据库与演示用户，不启动服务"),
         members: int = typer.Option(20_000, "--members", help="首次建库时模拟中心的职工人数"),
         employers: int = typer.Option(300, "--employers", help="首次建库时模拟中心的单位数"),
         months: int = typer.Option(24, "--months", help="首次建库时模拟的月数（截至本月）")) -> None:
    """运行演示：准备数据库，首次运行时生成模拟中心（约300个单位、2万名职工、两年业务），开设各角色演示用户，
    打印地址与登录信息，启动Web服务。再次运行沿用已有数据库。"""
    from anju.bootstrap import engine_from_settings, prepare
    from anju.config import load_settings
    from anju.web.demo import build_demo_centre, demo_logins, ensure_demo_users, link_demo_portal_users
    from anju.web.server import is_loopback
    from anju.web.server import serve as run_server
    from anju.web.settings import WebSettings

    engine = engine_from_settings()
    prepare(engine)
    today = business_today()
    with console.status("首次运行：正在生成模拟中心（单位、职工、两年的缴存、提取、贷款与结息，需要几分钟）…") as spinner:
        built = build_demo_centre(engine, as_of=today, members=members, employers=employers, months=months,
                                  progress=lambda text: spinner.update(f"正在生成模拟中心：{text}"))
    if built is not None:
        console.print(f"已生成模拟中心：{built.employers}个单位、{built.members}名职工、{built.months}个月"
                      f"（用时{built.seconds:.0f}秒）")
    logins, secret = ensure_demo_users(engine, password_file=load_settings().var_dir / "demo-password.txt",
                                       as_of=today)
    link_demo_portal_users(engine)
    logins = demo_logins(engine)  # the portal logins now carry the names of the records they see
    status(as_json=False)
    url = f"http://{host}:{port}/"
    t = table("用户名", "角色", "姓名", title="演示登录（各角色一名用户）")
    for login in logins:
        t.add_row(login.username, login.role.label, login.display_name)
    console.print(t)
    console.print(f"密码（全部演示用户）：[bold]{secret}[/]" if secret else
                  "演示密码文件已丢失：用 anju user reset-password <用户名> 重置")
    console.print(f"打开 [bold]{url}[/] 登录；接口文档 {url}api/docs；按 Ctrl+C 停止。")
    if no_serve:
        return
    # Plain HTTP on the loopback address: the browser would drop Secure cookies there.
    run_server(engine, host=host, port=port, settings=WebSettings(cookie_secure=not is_loopback(host)))


@app.command()
@handles_errors
def status(as_json: bool = typer.Option(False, "--json", help="以JSON输出")) -> None:
    """系统概况：中心、数据库、政策版本、科目与凭证、总账主要科目余额。"""
    from anju import summary

    engine = get_engine()
    info = summary.collect(engine, as_of=business_today())
    if as_json:
        print_json(info)
        return
    summary.render(info, console)


@app.command()
@handles_errors
def verify(as_json: bool = typer.Option(False, "--json", help="以JSON输出"),
           only: list[str] = typer.Option(None, "--only", help="只运行指定检查（可多次）"),
           anchor: list[Path] = typer.Option(None, "--anchor",
                                             help="核对审计链锚定文件（anju audit anchor 生成，可多次）")) -> None:
    """检查全部账务不变式与审计链；有任何违反时退出码非零。"""
    from anju.auth import anchor as anchors
    from anju.verify import run_all

    engine = get_engine()
    extra = [anchors.violations(list(anchor))] if anchor else []
    with engine.connect() as conn:
        results = run_all(conn, only=only, extra=extra)
    bad = [r for r in results if not r.ok]
    if as_json:
        print_json({"ok": not bad, "checks": [
            {"name": r.check.name, "title": r.check.title, "ok": r.ok,
             "violations": [{"message": v.message, "records": list(v.records)} for v in r.violations]}
            for r in results]})
    else:
        for r in results:
            mark = "[green]✓[/]" if r.ok else "[red]✗[/]"
            console.print(f"{mark} {r.check.title}  [dim]{r.check.name}[/]")
            for v in r.violations:
                recs = f"  [dim]{', '.join(v.records)}[/]" if v.records else ""
                console.print(f"    [red]•[/] {v.message}{recs}")
        console.print("[bold green]全部检查通过[/]" if not bad else f"[bold red]{len(bad)}项检查未通过[/]")
    if bad:
        raise typer.Exit(1)


@app.command("check-id")
def check_id(number: str, as_json: bool = typer.Option(False, "--json"),
             as_of: str = typer.Option(None, "--as-of", help="以此日期判断出生日期是否晚于当前")) -> None:
    """校验居民身份证号码（GB 11643），给出出生日期与性别或不合格原因。"""
    from anju.core.errors import AnjuError
    from anju.core.ids import parse_resident_id

    try:
        rid = parse_resident_id(number, as_of=parse_date_option(as_of))
    except AnjuError as exc:
        fail(exc.message, as_json=as_json, extra={"valid": False, "code": exc.code.value})
        return
    out = {"valid": True, "number": rid.number, "birth_date": rid.birth_date, "sex": rid.sex,
           "sex_name": rid.sex_name, "region": rid.region, "upgraded_from_15": len(number.strip()) == 15}
    if as_json:
        print_json(out)
    else:
        console.print(f"[green]有效[/] {rid.number}  出生日期 {rid.birth_date}  性别 {rid.sex_name}"
                      f"  行政区划 {rid.region}" + ("  （由15位升级）" if out["upgraded_from_15"] else ""))


@app.command("check-uscc")
def check_uscc(code: str, as_json: bool = typer.Option(False, "--json")) -> None:
    """校验统一社会信用代码（GB 32100）。"""
    from anju.core.errors import AnjuError
    from anju.core.ids import validate_uscc

    try:
        value = validate_uscc(code)
    except AnjuError as exc:
        fail(exc.message, as_json=as_json, extra={"valid": False, "code": exc.code.value})
        return
    if as_json:
        print_json({"valid": True, "code": value})
    else:
        console.print(f"[green]有效[/] {value}")


@app.command()
def capitals(amount: str, as_json: bool = typer.Option(False, "--json")) -> None:
    """金额转人民币大写，如 1001.01 → 壹仟零壹元零壹分。"""
    from anju.core.errors import AnjuError
    from anju.core.money import capitals as to_capitals
    from anju.core.money import format_yuan, parse_yuan

    try:
        fen = parse_yuan(amount)
    except AnjuError as exc:
        fail(exc.message, as_json=as_json, extra={"code": exc.code.value})
        return
    text = to_capitals(fen)
    if as_json:
        print_json({"amount": format_yuan(fen, grouping=False), "capitals": text})
    else:
        console.print(text)


@app.command("db-upgrade")
@handles_errors
def db_upgrade() -> None:
    """执行数据库迁移到最新版本。"""
    from anju.bootstrap import engine_from_settings
    from anju.db import migrate

    engine = engine_from_settings()
    migrate.upgrade(engine)
    console.print(f"数据库版本：{migrate.current(engine)}")


def table(*headers: str, title: str | None = None) -> Table:
    t = Table(title=title, show_lines=False, header_style="bold")
    for h in headers:
        t.add_column(h)
    return t


def main() -> None:
    app()


if __name__ == "__main__":
    main()
