"""Chinese labels for the codes the system stores: one table per kind of code, filled by the areas.

A person never reads ``loan.disburse``, ``auth.login`` or ``withdrawal.read``: pages (the ``label`` filter),
PDFs, workbooks and the API's messages show ``label(kind, code)``. Each area that owns codes keeps its tables
in ``anju/<area>/labels.py`` as ``LABELS = {kind: {code: label}}`` (plain data, nothing happens on import).
The tables are read by :func:`install` (the composition root calls it at start-up with the areas' tables) or,
when nothing has been installed yet, on the first look-up from the discovered areas.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from threading import Lock

VOUCHER_KIND = "voucher_kind"  # 凭证类型: ledger.voucher.kind
AUDIT_ACTION = "audit_action"  # 审计操作: audit_log.action
ENTITY = "entity"  # 对象类型: audit_log.entity_type, voucher.ref_type
PERMISSION = "permission"  # 权限: anju.auth.actor.grant()
ACCOUNT = "account"  # 会计科目: the national chart's codes
FIELD = "field"  # API and form members: the name of a request member → its Chinese label
OPERATOR = "operator"  # 经办（非用户）: logins of batch runners and the simulator that have no user row
OBJECT_KEY = "object_key"  # 对象: "<entity type>:<coded key>" → label, for audit objects named by a code

KINDS: dict[str, str] = {
    VOUCHER_KIND: "凭证类型", AUDIT_ACTION: "审计操作", ENTITY: "对象类型", PERMISSION: "权限",
    ACCOUNT: "会计科目", FIELD: "字段", OPERATOR: "经办（非用户）", OBJECT_KEY: "对象",
}

_tables: dict[str, dict[str, str]] | None = None
_lock = Lock()


def install(sources: Iterable[Mapping[str, Mapping[str, str]]]) -> None:
    """Replace every table with the union of ``sources`` (each ``{kind: {code: label}}``).

    Two sources giving one code two different labels is a programming error and refused."""
    tables: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    for source in sources:
        for kind, mapping in source.items():
            if kind not in KINDS:
                raise ValueError(f"unknown label kind {kind!r}")
            table = tables[kind]
            for code, text in mapping.items():
                code = str(code)
                if table.get(code, text) != text:
                    raise ValueError(f"{kind} {code!r} labelled twice: {table[code]!r} and {text!r}")
                table[code] = text
    global _tables
    with _lock:
        _tables = tables


def area_sources() -> list[Mapping[str, Mapping[str, str]]]:
    """The shared field labels (``anju.core.field_labels``) and ``LABELS`` of every area's ``labels`` module (what
    :func:`install` is given by default)."""
    from anju.areas import area_modules
    from anju.core import field_labels

    return [field_labels.LABELS, *(module.LABELS for module in area_modules("labels"))]


def install_areas() -> None:
    install(area_sources())


def _loaded() -> dict[str, dict[str, str]]:
    if _tables is None:
        install_areas()
    assert _tables is not None
    return _tables


def table(kind: str) -> dict[str, str]:
    """A copy of one kind's table (code → label)."""
    return dict(_loaded()[kind])


def has(kind: str, code: object) -> bool:
    return code is not None and str(code) in _loaded()[kind]


def label(kind: str, code: object, default: str | None = None) -> str:
    """The Chinese label of ``code``; an unlabelled code shows ``default`` (or, as a last resort, itself)."""
    if code is None or code == "":
        return ""
    found = _loaded()[kind].get(str(code))
    if found is not None:
        return found
    return default if default is not None else str(code)


def voucher_kind(code: object) -> str:
    return label(VOUCHER_KIND, code, "其他凭证")


def audit_action(code: object) -> str:
    return label(AUDIT_ACTION, code)


def entity(code: object) -> str:
    return label(ENTITY, code)


def operator(login: object) -> str:
    """A login with no user row (a batch runner, the simulator) as a person reads it; unknown ones as they are."""
    return label(OPERATOR, login)


def audit_object(entity_type: object, entity_id: object) -> str:
    """An audit record's object id as a person reads it: ids ending in a coded key (``2025:dept.duties``) show the
    key's label (``2025 部门主要职责``); other ids as they are."""
    if entity_id is None or entity_id == "":
        return ""
    text = str(entity_id)
    head, sep, key = text.rpartition(":")
    if sep and has(OBJECT_KEY, f"{entity_type}:{key}"):
        return f"{head} {label(OBJECT_KEY, f'{entity_type}:{key}')}".strip()
    return text


def permission(code: object) -> str:
    return label(PERMISSION, code)


def account(code: object) -> str:
    """A chart account's name; a per-bank sub-account (101xx, 102xx) falls back to its parent's name."""
    if code is None or code == "":
        return ""
    text = str(code)
    names = _loaded()[ACCOUNT]
    if text in names:
        return names[text]
    for cut in range(len(text) - 1, 2, -1):
        if text[:cut] in names:
            return names[text[:cut]]
    return text


def field(name: object) -> str:
    """The label of a request member (``amount`` → 金额); dotted paths label their last known part."""
    if name is None or name == "":
        return ""
    text = str(name)
    names = _loaded()[FIELD]
    if text in names:
        return names[text]
    parts = text.split(".")
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] in names:
            return names[parts[i]]
    return text
