"""`anju user …`: open the first administrator, reset a password, lift a lock-out, list users;
`anju audit anchor`: the audit chain's head signed into a file kept outside the database."""

from __future__ import annotations

from pathlib import Path

import typer

from anju.cli_support import business_today, console, get_engine, handles_errors, print_json, system_actor
from anju.db import UnitOfWork

NAME = "user"
HELP = "用户：开设、重置密码、解锁"
app = typer.Typer(no_args_is_help=True)


@app.command("create")
@handles_errors
def create(username: str, display_name: str = typer.Option(..., "--name", help="姓名"),
           role: list[str] = typer.Option(..., "--role", help="角色（可多次）：admin clerk reviewer approver "
                                                              "loan_officer finance auditor employer_agent member"),
           employer_id: int = typer.Option(None, "--employer"), person_id: int = typer.Option(None, "--person"),
           as_json: bool = typer.Option(False, "--json")) -> None:
    """开设用户并生成临时密码（首次登录须修改）。"""
    from anju.auth import service as auth
    from anju.auth.actor import Role

    with UnitOfWork(get_engine()) as uow:
        user, secret = auth.create_user(uow, system_actor("user create"), username=username, display_name=display_name,
                                        roles=frozenset(Role(r) for r in role), employer_id=employer_id,
                                        person_id=person_id, as_of=business_today())
        uow.commit()
    if as_json:
        print_json({"username": user.username, "temporary_password": secret})
    else:
        console.print(f"已开设用户 {user.username}，临时密码：[bold]{secret}[/]（首次登录须修改）")


def _user_id(conn, username: str) -> int:
    from anju.auth import service as auth
    from anju.core.errors import ErrorCode, NotFound

    user = auth.find_user(conn, username)
    if user is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="用户", key=username)
    return user.id


@app.command("reset-password")
@handles_errors
def reset_password(username: str, as_json: bool = typer.Option(False, "--json")) -> None:
    """重置密码：生成临时密码，结束该用户全部会话。"""
    from anju.auth import service as auth

    with UnitOfWork(get_engine()) as uow:
        secret = auth.reset_password(uow, system_actor("user reset-password"), user_id=_user_id(uow.conn, username))
        uow.commit()
    if as_json:
        print_json({"username": username, "temporary_password": secret})
    else:
        console.print(f"{username} 的临时密码：[bold]{secret}[/]（首次登录须修改）")


@app.command("unlock")
@handles_errors
def unlock(username: str) -> None:
    """解除因连续登录失败造成的锁定。"""
    from anju.auth import service as auth

    with UnitOfWork(get_engine()) as uow:
        auth.unlock(uow, system_actor("user unlock"), user_id=_user_id(uow.conn, username))
        uow.commit()
    console.print(f"已解除 {username} 的锁定")


@app.command("link")
@handles_errors
def link(username: str, employer_no: str = typer.Option(None, "--employer-no", help="单位账号（单位经办人）"),
         id_number: str = typer.Option(None, "--id-number", help="身份证号码（缴存职工）")) -> None:
    """把单位经办人关联到单位（单位账号），或把缴存职工关联到本人（身份证号码）。"""
    from anju.registry.portal import link_user

    with UnitOfWork(get_engine()) as uow:
        user = link_user(uow, system_actor("user link"), username=username, employer_no=employer_no, id_number=id_number)
        uow.commit()
    console.print(f"已关联 {user.username}：单位 {user.employer_id or '—'}，职工 {user.person_id or '—'}")


@app.command("list")
@handles_errors
def list_users(as_json: bool = typer.Option(False, "--json")) -> None:
    """列出用户与角色。"""
    from anju.auth import service as auth

    with get_engine().connect() as conn:
        people = auth.list_users(conn)
    rows = [{"username": u.username, "display_name": u.display_name, "roles": sorted(r.value for r in u.roles),
             "active": u.active, "employer_id": u.employer_id, "person_id": u.person_id} for u in people]
    if as_json:
        print_json(rows)
        return
    for r in rows:
        console.print(f"{r['username']:<16} {r['display_name']:<16} {','.join(r['roles'])}"
                      f"{'' if r['active'] else '  [red]已停用[/]'}")


audit_app = typer.Typer(no_args_is_help=True)


@audit_app.command("anchor")
@handles_errors
def anchor(out: Path = typer.Option(..., "--out", help="锚定文件的保存路径（应存放在数据库管理员改不到的地方）"),
           as_of: str = typer.Option(None, "--date", help="锚定日期（默认今天）"),
           as_json: bool = typer.Option(False, "--json")) -> None:
    """锚定审计链：把链头（序号、哈希）、记录数与日期写成带密钥签名的文件，日后用 anju verify --anchor 核对。"""
    from anju.auth import anchor as anchors
    from anju.cli_support import parse_date_option

    on = parse_date_option(as_of)
    with get_engine().connect() as conn:
        signed = anchors.write(conn, out, on=on)
    if as_json:
        print_json({"file": str(out), **signed})
        return
    console.print(f"已写入锚定文件 {out}：{signed['date']}，审计链到第{signed['seq']}条（共{signed['count']}条），"
                  f"链头 {signed['hash'][:16]}…")


APPS = [(NAME, HELP, app), ("audit", "审计：锚定审计链链头（anchor），电子稽查扫描（scan）", audit_app)]
