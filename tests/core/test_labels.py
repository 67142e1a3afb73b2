"""Every code a person may read has a Chinese label: voucher kinds, audit actions, object types, permissions,
chart accounts and the fields problems are reported against. The codes are found by reading the source, so a
new one cannot appear untranslated."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

import anju
from anju.areas import area_modules, area_names
from anju.core import labels
from anju.core.errors import _IDENTIFIER, ErrorCode, NotFound, Problem

SRC = Path(anju.__file__).parent


def _sources() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(SRC.rglob("*.py"))]


SOURCES = _sources()


def _values(node: ast.AST) -> list[str]:
    """The strings an argument can be: a constant, either side of ``a if c else b``, or an f-string pattern
    (returned as ``"F:" + text with {} for each hole``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _values(node.body) + _values(node.orelse)
    if isinstance(node, ast.JoinedStr):
        return ["F:" + "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)]
    return []


def _calls(name: str):
    """(path, call) for every call of a function or method called ``name``."""
    for path, tree in SOURCES:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                if (isinstance(f, ast.Attribute) and f.attr == name) or (isinstance(f, ast.Name) and f.id == name):
                    yield path, node


def _keyword(call: ast.Call, name: str, position: int | None = None) -> ast.AST | None:
    for k in call.keywords:
        if k.arg == name:
            return k.value
    if position is not None and len(call.args) > position:
        return call.args[position]
    return None


def _string_consts(call_name: str, keyword: str, path_part: str) -> set[str]:
    out = set()
    for path, call in _calls(call_name):
        if path_part in str(path):
            node = _keyword(call, keyword)
            if node is not None:
                out.update(v for v in _values(node) if not v.startswith("F:"))
    return out


def _module_of(path) -> str:
    """anju.interest.service for …/src/anju/interest/service.py."""
    return ".".join(Path(path).relative_to(SRC.parent).with_suffix("").parts)


def _module_constant(module: str, name: str) -> str:
    return getattr(importlib.import_module(module), name)


# The f-string codes of the source and the values their hole can take (read from the code where it lives).
def _dynamic() -> dict[str, set[str]]:
    from anju.budget.service import CodeKind
    from anju.interest.yearend import STEPS
    from anju.loanapp.codes import SecurityStatus

    return {
        "loan.application.security_{}": {s.value for s in SecurityStatus if s is not SecurityStatus.PENDING},
        "deposit.deferral.{}": {"approved", "rejected"},
        "interest.yearend.{}": set(STEPS),
        "budget_{}_code": {k.value for k in CodeKind},
        "fund.{}": set(importlib.import_module("anju.interest.yearend").FUND_KINDS),
        "deposit.{}": {"remit", "backpay"},
    }


DYNAMIC = _dynamic()


def _expand(values: list[str]) -> set[str]:
    out = set()
    for v in values:
        if v.startswith("F:"):
            pattern = v[2:]
            assert pattern in DYNAMIC, f"new computed code {pattern!r}: list the values its hole takes in DYNAMIC"
            assert DYNAMIC[pattern], pattern
            out.update(pattern.replace("{}", x) for x in DYNAMIC[pattern])
        else:
            out.add(v)
    return out


def _voucher_kinds() -> set[str]:
    found = []
    for path, call in _calls("Posting"):
        node = _keyword(call, "kind", 2)
        if node is not None:
            if isinstance(node, ast.Name):  # a constant of the calling module, such as SETTLEMENT_KIND
                found.append(_module_constant(_module_of(path), node.id))
            else:
                found += _values(node)
    return _expand(found)


def _audit_calls():
    for path, call in _calls("record"):
        if _keyword(call, "action") is not None and _keyword(call, "entity_type") is not None:
            yield path, call


def _flows() -> list[tuple[str, str, list[str]]]:
    """(audit prefix, entity, names of the steps that move and of the action that opens) of every maker-checker
    flow declared in the source (``Flow(...)`` with its ``Step(...)`` list): the workflow audits ``prefix + step``
    for each move (and ``prefix + opens``, "apply" unless declared, when a record opens)."""
    out = []
    for _path, call in _calls("Flow"):
        prefix, entity, steps = _keyword(call, "audit_prefix"), _keyword(call, "entity"), _keyword(call, "steps")
        if prefix is None or steps is None:
            continue
        names = [s.args[0].value for s in ast.walk(steps) if isinstance(s, ast.Call)  # steps that move (``to=``)
                 and getattr(s.func, "id", None) == "Step" and s.args and isinstance(s.args[0], ast.Constant)
                 and _keyword(s, "to") is not None]
        opens = _keyword(call, "opens")
        names.append(opens.value if opens is not None else "apply")
        out.append((prefix.value, entity.value, names))
    return out


def _audit_actions() -> set[str]:
    found = _expand([v for _p, call in _audit_calls() for v in _values(_keyword(call, "action"))])
    return found | {prefix + name for prefix, _e, names in _flows() for name in names}


def _entity_types() -> set[str]:
    found = [v for _p, call in _audit_calls() for v in _values(_keyword(call, "entity_type"))]
    for _p, call in _calls("Posting"):
        node = _keyword(call, "ref_type")
        if node is not None:
            found += _values(node)
    found += [entity for _prefix, entity, _names in _flows()]
    for _p, call in _calls("submit"):  # approvals name the record they approve
        node = _keyword(call, "ref_type")
        if node is not None:
            found += _values(node)
    return _expand(found)


def test_the_scans_find_the_codes_they_are_meant_to():
    kinds, actions, entities = _voucher_kinds(), _audit_actions(), _entity_types()
    assert {"manual", "loan.disburse", "deposit.remit", "interest.settle", "withdrawal.payout",
            "fund.other_income"} <= kinds
    assert {"auth.login", "withdrawal.review", "loan.application.security_done", "interest.yearend.distribute",
            "deposit.deferral.approved", "registry.account.freeze"} <= actions
    assert {"loan_application", "user", "voucher", "budget_functional_code", "loan"} <= entities
    assert len(actions) > 90
    assert {"withdrawal.reject", "withdrawal.paid", "loan.application.disburse", "deposit.refund.approve"} <= actions
    assert {p for p, _e, _n in _flows()} == {"withdrawal.", "loan.application.", "deposit.refund.", "deposit.deferral.",
                                             "deposit.payment.", "loan.write_off.", "maintfund.project.",
                                             "maintfund.change.", "transfer.in.", "transfer.send.", "transfer.merge.",
                                             "compliance.hit.", "compliance.case.", "compliance.enforcement.",
                                             "compliance.complaint.", "compliance.dormant.", "settle.match.",
                                             "settle.bank.",
                                             "treasury.investment.", "treasury.transfer."}


@pytest.mark.parametrize("kind,found", [(labels.VOUCHER_KIND, _voucher_kinds),
                                        (labels.AUDIT_ACTION, _audit_actions),
                                        (labels.ENTITY, _entity_types)])
def test_every_code_used_in_the_source_has_a_label(kind, found):
    missing = sorted(c for c in found() if not labels.has(kind, c))
    assert missing == [], f"{labels.KINDS[kind]}没有中文名称：{missing}"


def _permissions() -> set[str]:
    from anju.auth.actor import ROLE_PERMISSIONS, Permission

    for kind in ("permissions", "service", "web", "api"):  # the modules that grant() and require()
        area_modules(kind)
    found = {str(p) for p in Permission} | {p for granted in ROLE_PERMISSIONS.values() for p in granted
                                            if not p.startswith("test.")}  # granted by a test module for itself
    for module in area_modules("permissions"):
        holder = getattr(module, "P", None)
        found |= {v for k, v in vars(holder).items() if not k.startswith("_") and isinstance(v, str)}
    for _path, call in _calls("requires"):
        if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
            found.add(call.args[0].value)
    return found


def test_every_permission_has_a_label():
    found = _permissions()
    assert {"withdrawal.read", "ledger.post", "budget.manage", "transfer.out"} <= found
    missing = sorted(p for p in found if not labels.has(labels.PERMISSION, p))
    assert missing == [], f"权限没有中文名称：{missing}"


def test_every_chart_account_has_its_name_and_a_bank_sub_account_its_parents():
    from anju.ledger.chart import NATIONAL_CHART

    assert all(labels.account(a.code) == a.name for a in NATIONAL_CHART)
    assert labels.account("10103") == "住房公积金存款"


def _problem_fields() -> set[str]:
    """Fields named by identifier in ``Problem(..., field="name")`` without a Chinese label given."""
    found = set()
    built = [(call, 1) for _path, call in _calls("Problem")]
    for kind in ("of", "from_error"):  # Problem.of(code, field=…), Problem.from_error(exc, field=…)
        built += [(call, None) for _path, call in _calls(kind)
                  if isinstance(call.func.value if isinstance(call.func, ast.Attribute) else None, ast.Name)
                  and call.func.value.id == "Problem"]
    for call, position in built:
        node = _keyword(call, "field", position)
        if (_keyword(call, "input") is None and isinstance(node, ast.Constant) and isinstance(node.value, str)
                and _IDENTIFIER.fullmatch(node.value)):
            found.add(node.value)
    return found


def test_every_field_named_by_identifier_in_a_problem_has_a_label():
    found = _problem_fields()
    assert {"card_no", "amount", "bank_code"} <= found
    unlabelled = sorted(f for f in found if _IDENTIFIER.fullmatch(Problem("x", field=f).field or ""))
    assert unlabelled == [], f"字段没有中文名称：{unlabelled}"


def test_every_api_request_member_has_a_label():
    """What the API's validation reports (pydantic's loc) is a request member: each one has a Chinese label."""
    from sqlalchemy import create_engine

    from anju.web.app import create_app

    schema = create_app(create_engine("sqlite://")).openapi()
    components = schema.get("components", {}).get("schemas", {})
    names: set[str] = set()

    def walk(node: dict, seen: set[str]) -> None:
        if "$ref" in node:
            ref = node["$ref"].rsplit("/", 1)[-1]
            if ref not in seen:
                seen.add(ref)
                walk(components[ref], seen)
            return
        for key in ("anyOf", "allOf", "oneOf"):
            for sub in node.get(key, []):
                walk(sub, seen)
        if "items" in node:
            walk(node["items"], seen)
        for name, sub in node.get("properties", {}).items():
            names.add(name)
            walk(sub, seen)

    for operations in schema["paths"].values():
        for method, op in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            names |= {p["name"] for p in op.get("parameters", []) if p["in"] in ("query", "path")}
            for content in op.get("requestBody", {}).get("content", {}).values():
                walk(content.get("schema", {}), set())
    assert {"amount", "card_no", "voucher_date"} <= names
    missing = sorted(n for n in names if not labels.has(labels.FIELD, n))
    assert missing == [], f"接口字段没有中文名称：{missing}"


def test_a_problem_named_by_identifier_shows_the_label_and_keeps_the_name_for_the_form():
    p = Problem("银行卡号校验位不正确", field="card_no")
    assert (p.field, p.input, str(p)) == ("银行卡号", "card_no", "“银行卡号”：银行卡号校验位不正确")
    nested = Problem("应为整数", field="payee.card_no")
    assert (nested.field, nested.input) == ("银行卡号", "payee.card_no")
    chinese = Problem("请填写", field="单位名称")
    assert (chinese.field, chinese.input) == ("单位名称", None)
    given = Problem("请填写", field="贷款金额", input="amount")
    assert (given.field, given.input) == ("贷款金额", "amount")


def test_labels_are_read_from_the_areas_at_start_up_not_at_import():
    sources = labels.area_sources()
    assert len(sources) >= 10 and all(isinstance(s, dict) for s in sources)
    assert "labels" not in {n for n in area_names()}  # an area module, not an area
    try:
        labels.install([{labels.VOUCHER_KIND: {"x.y": "甲"}}])
        assert labels.voucher_kind("x.y") == "甲" and labels.voucher_kind("loan.disburse") == "其他凭证"
        with pytest.raises(ValueError, match="labelled twice"):
            labels.install([{labels.VOUCHER_KIND: {"x.y": "甲"}}, {labels.VOUCHER_KIND: {"x.y": "乙"}}])
    finally:
        labels.install_areas()
    assert labels.voucher_kind("loan.disburse") == "贷款发放"


def test_the_bank_card_check_digit_is_explained_in_plain_chinese():
    from anju.core.errors import AnjuError
    from anju.core.ids import validate_bank_card

    with pytest.raises(AnjuError) as exc:
        validate_bank_card("6222020200000001")
    assert exc.value.message.startswith("银行卡号校验位不正确") and "Luhn" not in exc.value.message


def test_a_not_found_without_a_key_does_not_end_in_a_colon():
    assert NotFound(ErrorCode.NOT_FOUND, what="受托银行", key="").message == "受托银行不存在"
    assert NotFound(ErrorCode.NOT_FOUND, what="受托银行", key="07").message == "受托银行不存在：07"


def test_refusals_name_the_permission_in_chinese_and_never_an_internal_id():
    from anju.auth.actor import Actor, Channel, Role, require, scope_employer, scope_person
    from anju.core.errors import Forbidden

    member = Actor("m1", frozenset({Role.MEMBER}), Channel.MEMBER_PORTAL, person_id=1)
    agent = Actor("a1", frozenset({Role.EMPLOYER_AGENT}), Channel.EMPLOYER_PORTAL, employer_id=1)
    with pytest.raises(Forbidden) as exc:
        require(agent, "withdrawal.read")
    assert exc.value.message == "无权执行此操作：查看提取申请"
    with pytest.raises(Forbidden) as exc:
        scope_person(member, 6433)
    assert "6433" not in exc.value.message and "该职工" in exc.value.message
    with pytest.raises(Forbidden) as exc:
        scope_employer(agent, 2077)
    assert "2077" not in exc.value.message and "该单位" in exc.value.message


def test_no_label_is_an_identifier():
    """A label is Chinese (it may quote a code, never be one)."""
    latin = re.compile(r"[a-z_.]+")
    for kind in labels.KINDS:
        bad = {c: t for c, t in labels.table(kind).items() if latin.fullmatch(t)}
        assert bad == {}, (kind, bad)
