"""Pages of the auth area: user administration, API keys (admin) and the audit-log search (auditor)."""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request

from anju.auth import queries
from anju.auth import service as auth
from anju.auth.actor import ROLE_LABELS, Actor, Permission, Role
from anju.auth.audit import verify_chain
from anju.auth.errors import AuthError
from anju.core import clock, labels
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.web.kit import (
    MenuEntry,
    business_date,
    form_errors,
    now,
    redirect,
    render,
    requires,
    unit_of_work,
)

router = APIRouter()
MENU = [
    MenuEntry("稽核", "审计日志", "/audit", Permission.AUDIT_READ, order=10, accesskey="a"),
    MenuEntry("系统管理", "用户管理", "/admin/users", Permission.USER_MANAGE, order=10, accesskey="u"),
    MenuEntry("系统管理", "API密钥", "/admin/api-keys", Permission.USER_MANAGE, order=20),
]

ASSIGNABLE = [r for r in Role if r is not Role.SYSTEM]


def _int_or_none(text: str, field: str, problems: list[Problem]) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit():
        problems.append(Problem.of(AuthError.NOT_A_NUMBER, field=field))
        return None
    return int(text)


def _roles(values: list[str], problems: list[Problem]) -> frozenset[Role]:
    try:
        return frozenset(Role(v) for v in values)
    except ValueError:
        problems.append(Problem.of(AuthError.ROLE_UNKNOWN, field="roles"))
        return frozenset()


def _refuse(problems: list[Problem]) -> None:
    """The form's own problems (typing) refuse the change too; raised inside the unit of work, before commit."""
    if problems:
        raise ValidationFailed(problems)


def _merged(form_problems: list[Problem], exc: ValidationFailed) -> list[Problem]:
    """The form's problems and the service's, each once, so that every problem is shown at once."""
    return form_problems + [p for p in exc.problems if p not in form_problems]


# ---------------------------------------------------------------- users


@router.get("/admin/users")
def users_page(request: Request, actor: Actor = Depends(requires(Permission.USER_MANAGE))):
    with unit_of_work(request, read_only=True) as uow:
        people = auth.list_users(uow.conn)
        sessions = auth.open_sessions(uow.conn, now=now(request))
    return render(request, "auth/users.html", people=people, sessions=sessions, moment=now(request),
                  role_labels=ROLE_LABELS)


def _user_form(request: Request, *, user=None, values: dict, errors=None, status_code: int = 200):
    return render(request, "auth/user_form.html", status_code=status_code, user=user, values=values,
                  errors=errors or form_errors(), assignable=ASSIGNABLE, moment=now(request))


@router.get("/admin/users/new")
def user_new(request: Request, actor: Actor = Depends(requires(Permission.USER_MANAGE))):
    return _user_form(request, values={"username": "", "display_name": "", "roles": [], "employer_id": "",
                                       "person_id": ""})


@router.post("/admin/users/new")
def user_create(request: Request, username: str = Form(""), display_name: str = Form(""),
                roles: list[str] = Form([]), employer_id: str = Form(""), person_id: str = Form(""),
                actor: Actor = Depends(requires(Permission.USER_MANAGE))):
    values = {"username": username, "display_name": display_name, "roles": roles, "employer_id": employer_id,
              "person_id": person_id}
    problems: list[Problem] = []
    role_set = _roles(roles, problems)
    emp = _int_or_none(employer_id, "employer_id", problems)
    per = _int_or_none(person_id, "person_id", problems)
    try:
        with unit_of_work(request) as uow:
            user, secret = auth.create_user(uow, actor, username=username, display_name=display_name, roles=role_set,
                                            employer_id=emp, person_id=per, as_of=business_date(request))
            _refuse(problems)
            uow.commit()
    except ValidationFailed as exc:
        return _user_form(request, values=values, errors=form_errors(_merged(problems, exc)), status_code=422)
    except AnjuError as exc:
        return _user_form(request, values=values, errors=form_errors([Problem.from_error(exc, field="username")]),
                          status_code=exc.status)
    return render(request, "auth/secret.html", title="用户已开设", user=user, secret=secret,
                  what="临时密码", explain="请当面告知用户；首次登录须修改密码。此密码只显示这一次。")


@router.get("/admin/users/{user_id}")
def user_page(user_id: int, request: Request, actor: Actor = Depends(requires(Permission.USER_MANAGE))):
    with unit_of_work(request, read_only=True) as uow:
        user = auth.get_user(uow.conn, user_id)
    return _user_form(request, user=user, values=_values_of(user))


def _values_of(user) -> dict:
    return {"username": user.username, "display_name": user.display_name, "roles": [r.value for r in user.roles],
            "employer_id": user.employer_id or "", "person_id": user.person_id or "", "employer_no": "",
            "id_number": ""}


@router.post("/admin/users/{user_id}")
def user_update(user_id: int, request: Request, display_name: str = Form(""), roles: list[str] = Form([]),
                employer_id: str = Form(""), person_id: str = Form(""),
                actor: Actor = Depends(requires(Permission.USER_MANAGE))):
    problems: list[Problem] = []
    role_set = _roles(roles, problems)
    emp = _int_or_none(employer_id, "employer_id", problems)
    per = _int_or_none(person_id, "person_id", problems)
    try:
        with unit_of_work(request) as uow:
            user = auth.update_user(uow, actor, user_id=user_id, display_name=display_name, roles=role_set,
                                    employer_id=emp, person_id=per)
            _refuse(problems)
            uow.commit()
    except ValidationFailed as exc:
        with unit_of_work(request, read_only=True) as uow:
            user = auth.get_user(uow.conn, user_id)
        values = {**_values_of(user), "display_name": display_name, "roles": roles, "employer_id": employer_id,
                  "person_id": person_id}
        return _user_form(request, user=user, values=values, errors=form_errors(_merged(problems, exc)),
                          status_code=422)
    return redirect(request, f"/admin/users/{user_id}", flash=f"已保存用户{user.username}")


@router.post("/admin/users/{user_id}/link")
def user_link(user_id: int, request: Request, employer_no: str = Form(""), id_number: str = Form(""),
              actor: Actor = Depends(requires(Permission.USER_MANAGE))):
    """关联单位或职工 by 单位账号 / 身份证号码 (resolved by the registry, which calls the auth service)."""
    from anju.registry.portal import link_user

    try:
        with unit_of_work(request) as uow:
            user = auth.get_user(uow.conn, user_id)
            link_user(uow, actor, username=user.username, employer_no=employer_no, id_number=id_number)
            uow.commit()
    except ValidationFailed as exc:
        with unit_of_work(request, read_only=True) as uow:
            user = auth.get_user(uow.conn, user_id)
        return _user_form(request, user=user, values={**_values_of(user), "employer_no": employer_no,
                                                       "id_number": id_number},
                          errors=form_errors(exc.problems), status_code=422)
    return redirect(request, f"/admin/users/{user_id}", flash="已关联")


@router.post("/admin/users/{user_id}/reset-password")
def user_reset_password(user_id: int, request: Request, actor: Actor = Depends(requires(Permission.USER_MANAGE))):
    with unit_of_work(request) as uow:
        secret = auth.reset_password(uow, actor, user_id=user_id)
        user = auth.get_user(uow.conn, user_id)
        uow.commit()
    return render(request, "auth/secret.html", title="密码已重置", user=user, secret=secret, what="临时密码",
                  explain="该用户的登录会话已全部退出；首次登录须修改密码。此密码只显示这一次。")


@router.post("/admin/users/{user_id}/disable")
def user_disable(user_id: int, request: Request, actor: Actor = Depends(requires(Permission.USER_MANAGE))):
    with unit_of_work(request) as uow:
        auth.set_active(uow, actor, user_id=user_id, active=False)
        uow.commit()
    return redirect(request, f"/admin/users/{user_id}", flash="已停用，该用户的会话已全部退出")


@router.post("/admin/users/{user_id}/enable")
def user_enable(user_id: int, request: Request, actor: Actor = Depends(requires(Permission.USER_MANAGE))):
    with unit_of_work(request) as uow:
        auth.set_active(uow, actor, user_id=user_id, active=True)
        uow.commit()
    return redirect(request, f"/admin/users/{user_id}", flash="已启用")


@router.post("/admin/users/{user_id}/unlock")
def user_unlock(user_id: int, request: Request, actor: Actor = Depends(requires(Permission.USER_MANAGE))):
    with unit_of_work(request) as uow:
        auth.unlock(uow, actor, user_id=user_id)
        uow.commit()
    return redirect(request, f"/admin/users/{user_id}", flash="已解除锁定")


@router.post("/admin/users/{user_id}/revoke-sessions")
def user_revoke_sessions(user_id: int, request: Request, actor: Actor = Depends(requires(Permission.USER_MANAGE))):
    with unit_of_work(request) as uow:
        n = auth.revoke_sessions(uow, actor, user_id=user_id)
        uow.commit()
    return redirect(request, f"/admin/users/{user_id}", flash=f"已强制退出{n}个会话")


# ---------------------------------------------------------------- API keys


def _keys_page(request: Request, *, values: dict | None = None, errors=None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        keys = auth.list_api_keys(uow.conn)
    return render(request, "auth/api_keys.html", status_code=status_code, keys=keys, moment=now(request),
                  values=values or {"name": "", "roles": [], "employer_id": "", "days": "365"},
                  errors=errors or form_errors(), assignable=[r for r in ASSIGNABLE if r is not Role.MEMBER])


@router.get("/admin/api-keys")
def api_keys_page(request: Request, actor: Actor = Depends(requires(Permission.USER_MANAGE))):
    return _keys_page(request)


@router.post("/admin/api-keys")
def api_key_create(request: Request, name: str = Form(""), roles: list[str] = Form([]), employer_id: str = Form(""),
                   days: str = Form("365"), actor: Actor = Depends(requires(Permission.USER_MANAGE))):
    values = {"name": name, "roles": roles, "employer_id": employer_id, "days": days}
    problems: list[Problem] = []
    role_set = _roles(roles, problems)
    emp = _int_or_none(employer_id, "employer_id", problems)
    valid_days = _int_or_none(days, "days", problems)
    try:
        expires = now(request) + timedelta(days=valid_days) if valid_days else None
        with unit_of_work(request) as uow:
            info, secret = auth.create_api_key(uow, actor, name=name, roles=role_set, employer_id=emp,
                                               expires_at=expires)
            _refuse(problems)
            uow.commit()
    except ValidationFailed as exc:
        return _keys_page(request, values=values, errors=form_errors(_merged(problems, exc)), status_code=422)
    return render(request, "auth/secret.html", title="API密钥已生成", user=None, secret=secret, what="API密钥",
                  explain=f"“{info.name}”使用此密钥调用接口（请求头 Authorization: Bearer …）。中心只保存其摘要，"
                          "此密钥只显示这一次，请交由对方妥善保管。")


@router.post("/admin/api-keys/{key_id}/revoke")
def api_key_revoke(key_id: int, request: Request, actor: Actor = Depends(requires(Permission.USER_MANAGE))):
    with unit_of_work(request) as uow:
        auth.revoke_api_key(uow, actor, key_id=key_id)
        uow.commit()
    return redirect(request, "/admin/api-keys", flash="已吊销")


# ---------------------------------------------------------------- audit log


@router.get("/audit")
def audit_page(request: Request, username: str = "", action: str = "", entity_type: str = "", entity_id: str = "",
               start: str = "", end: str = "", page: int = 1, actor: Actor = Depends(requires(Permission.AUDIT_READ))):
    from anju.core.dates import parse_date

    problems = []
    first = last = None
    try:
        first = parse_date(start) if start.strip() else None
    except AnjuError as exc:
        problems.append(Problem.from_error(exc, field="起始日期", input="start"))
    try:
        last = parse_date(end) if end.strip() else None
    except AnjuError as exc:
        problems.append(Problem.from_error(exc, field="截止日期", input="end"))
    flt = queries.AuditFilter(username=username.strip() or None, action=action.strip() or None,
                              entity_type=entity_type.strip() or None, entity_id=entity_id.strip() or None,
                              start=clock.day_start(first) if first else None,
                              end=clock.day_start(last + timedelta(days=1)) if last else None)
    page = max(page, 1)
    size = 100
    with unit_of_work(request, read_only=True) as uow:
        rows, total = queries.search_audit(uow.conn, flt, limit=size, offset=(page - 1) * size)
        actions = queries.audit_actions(uow.conn)
        names = queries.display_names(uow.conn, [r.username for r in rows])
        breaks = list(verify_chain(uow.conn))
    values = {"username": username, "action": action, "entity_type": entity_type, "entity_id": entity_id,
              "start": start, "end": end}
    action_options = sorted(((a, labels.audit_action(a)) for a in actions), key=lambda kv: (kv[1], kv[0]))
    entity_options = sorted(labels.table(labels.ENTITY).items(), key=lambda kv: kv[1])
    return render(request, "auth/audit.html", rows=rows, total=total, page=page, more=page * size < total,
                  actions=action_options, entities=entity_options, names=names, breaks=breaks, values=values,
                  errors=form_errors(problems),
                  query=urlencode({k: v for k, v in values.items() if v}))


@router.get("/audit/{seq}")
def audit_record_page(seq: int, request: Request, actor: Actor = Depends(requires(Permission.AUDIT_READ))):
    with unit_of_work(request, read_only=True) as uow:
        record = queries.audit_record(uow.conn, seq)
        names = queries.display_names(uow.conn, [record.username])

    def pretty(text):
        return json.dumps(json.loads(text), ensure_ascii=False, indent=2) if text else ""

    return render(request, "auth/audit_record.html", r=record, names=names, before=pretty(record.before_json),
                  after=pretty(record.after_json))
