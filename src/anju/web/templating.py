"""Jinja2 for the pages: one loader over the shell's templates and every area's ``templates`` folder,
and the filters every page uses for money, months, dates and identity numbers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from markupsafe import Markup, escape

import anju
from anju.areas import area_names
from anju.auth.actor import CHANNEL_LABELS, Channel, Permission, Role, can
from anju.core import labels
from anju.core.dates import format_month
from anju.core.ids import mask_id
from anju.core.money import capitals, format_yuan

SHELL_TEMPLATES = Path(__file__).with_name("templates")


def template_dirs() -> list[Path]:
    """The shell first, then ``anju/<area>/templates`` (holding ``<area>/*.html``) for each area."""
    root = Path(anju.__file__).parent
    dirs = [SHELL_TEMPLATES]
    for area in area_names():
        d = root / area / "templates"
        if d.is_dir() and d != SHELL_TEMPLATES:
            dirs.append(d)
    return dirs


def yuan(fen: int | None) -> str:
    return "" if fen is None else format_yuan(int(fen))


def capitals_filter(fen: int | None) -> str:
    return "" if fen is None else capitals(int(fen))


def month(value) -> str:
    return "" if value in (None, "") else format_month(int(value))


def date_filter(value, style: str = "iso") -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if style == "cn":
        return f"{value.year}年{value.month:02d}月{value.day:02d}日"
    return value.isoformat()


def local_time(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    """A naive-UTC record timestamp shown in the centre's time zone."""
    if value is None:
        return ""
    from anju.core import clock

    return clock.local(value).strftime(fmt)


def role_labels(roles: str) -> str:
    """A stored role list ("clerk,reviewer") in Chinese ("经办、复核")."""
    out = []
    for r in (roles or "").split(","):
        try:
            out.append(Role(r).label)
        except ValueError:
            if r:
                out.append(r)
    return "、".join(out)


def channel_label(channel: str) -> str:
    try:
        return CHANNEL_LABELS[Channel(channel)]
    except ValueError:
        return channel


def ratio(value) -> str:
    """A ratio (Decimal fraction) as a percentage: 0.12 → 12%."""
    from decimal import Decimal

    from anju.policy.kinds import format_ratio

    return "" if value is None or value == "" else format_ratio(Decimal(value))


def masked_id(number) -> str:
    return "" if not number else mask_id(str(number))


@pass_context
def id_number(context, number) -> str:
    """Full number for roles that check papers at the counter, masked for everyone else."""
    if not number:
        return ""
    actor = context.get("actor")
    return str(number) if actor is not None and can(actor, Permission.IDENTITY_FULL) else mask_id(str(number))


@pass_context
def user_name(context, username) -> str:
    """A login shown as the person's name (users.display_name), looked up once per page; a login with no user
    (a batch job, the simulator) by its operator label when it has one, else as it is."""
    if not username:
        return ""
    request = context.get("request")
    state = getattr(request, "state", None)
    if state is None:
        return str(username)
    cache = getattr(state, "user_names", None)
    if cache is None:
        cache = {}
        state.user_names = cache
    if username not in cache:
        from anju.auth.queries import display_names

        with request.app.state.anju.engine.connect() as conn:
            cache.update(display_names(conn, [str(username)]))
        cache.setdefault(username, labels.operator(username))
    return cache[username]


@pass_context
def csrf_input(context) -> Markup:
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(escape(context["csrf_token"]))


def label_filter(code, kind: str) -> str:
    """``{{ v.kind|label("voucher_kind") }}``: a stored code in Chinese (anju.core.labels)."""
    return labels.label(kind, code)


def build_env() -> Environment:
    env = Environment(loader=ChoiceLoader([FileSystemLoader([str(d) for d in template_dirs()])]),
                      autoescape=select_autoescape(["html", "xml"], default=True), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(yuan=yuan, capitals=capitals_filter, month=month, date=date_filter, time=local_time,
                       masked_id=masked_id, id_number=id_number, ratio=ratio, role_labels=role_labels,
                       channel_label=channel_label, label=label_filter, voucher_kind=labels.voucher_kind,
                       audit_action=labels.audit_action, entity=labels.entity, permission=labels.permission,
                       account_name=labels.account, user_name=user_name, operator=labels.operator,
                       audit_object=labels.audit_object)
    env.globals.update(csrf_input=csrf_input)
    return env
