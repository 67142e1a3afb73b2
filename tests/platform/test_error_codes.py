"""Error codes (issue 18 item 4), checked from the source on every run.

Every error and every problem carries a specific code from its area's table (``anju/<area>/errors.py``):

1. **No generic code with an inline sentence**: ``AnjuError(ErrorCode.STATE | CONFLICT | INVALID, detail=...)``
   is how errors were raised before the tables; a raise site names its area's code instead.
2. **No problem without a code**: ``Problem("中文", ...)`` takes the default code ``invalid``; a problem is built
   with ``Problem.of(<Area>Error.X, ...)``, ``Problem.from_error(exc, ...)`` or ``Problem(..., code=<specific>)``.
3. **Every code has its message and every raise site its placeholders**: each area's enum and ``MESSAGES`` agree,
   codes are ``<area>.<what>``, no code is declared twice, and a raise site that names a code passes (by keyword)
   every placeholder of its message.

The sites written before the tables and not yet converted are listed in ``errors_debt.txt`` beside this file,
as ``path::function kind count``. The test fails on anything new and on a count that has gone down (lower it or
delete the line), so the list only shrinks. ``python -m tests.platform.test_error_codes`` prints today's sites
in the list's form.
"""

from __future__ import annotations

import ast
import importlib
from collections import Counter
from enum import StrEnum
from pathlib import Path

from anju.areas import area_modules
from anju.core import errors

ROOT = Path(__file__).resolve().parents[2] / "src" / "anju"
DEBT = Path(__file__).with_name("errors_debt.txt")
GENERIC = {"STATE", "CONFLICT", "INVALID"}
EXEMPT = {"core/errors.py"}  # the mechanism itself: ValidationFailed's summary is the generic "invalid"


def _is_generic(node: ast.AST) -> bool:
    """``ErrorCode.STATE`` / ``ErrorCode.INVALID.value`` and the like."""
    if isinstance(node, ast.Attribute) and node.attr == "value":
        node = node.value
    return isinstance(node, ast.Attribute) and node.attr in GENERIC and isinstance(node.value, ast.Name) \
        and node.value.id == "ErrorCode"


def _scopes(tree: ast.AST):
    """(qualified name of the enclosing function or class, call) for every call in a module."""
    def walk(node: ast.AST, name: str):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                yield from walk(child, f"{name}.{child.name}" if name else child.name)
            else:
                if isinstance(child, ast.Call):
                    yield name or "<module>", child
                yield from walk(child, name)
    yield from walk(tree, "")


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel not in EXEMPT:
            yield rel, ast.parse(path.read_text(encoding="utf-8"))


def sites() -> Counter[str]:
    """``path::function kind`` → how many generic-code raises (``generic``) and code-less problems (``problem``)."""
    found: Counter[str] = Counter()
    for rel, tree in _sources():
        for scope, call in _scopes(tree):
            if call.args and _is_generic(call.args[0]):
                found[f"{rel}::{scope} generic"] += 1
            if isinstance(call.func, ast.Name) and call.func.id == "Problem":
                code = next((k.value for k in call.keywords if k.arg == "code"), None)
                if code is None or _is_generic(code):
                    found[f"{rel}::{scope} problem"] += 1
    return found


def debt() -> Counter[str]:
    lines = DEBT.read_text(encoding="utf-8").splitlines() if DEBT.exists() else []
    out: Counter[str] = Counter()
    for line in lines:
        if line.strip() and not line.startswith("#"):
            key, count = line.rsplit(maxsplit=1)
            out[key] = int(count)
    return out


def area_enums() -> dict[str, tuple[str, type[StrEnum], dict]]:
    """Class name → (area, enum, MESSAGES) for every area's errors module."""
    out = {}
    for module in area_modules("errors"):
        area = module.__name__.split(".")[1]
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum \
                    and value.__module__ == module.__name__:
                out[value.__name__] = (area, value, module.MESSAGES)
    return out


def test_no_generic_code_with_a_sentence_and_no_problem_without_a_code():
    now, owed = sites(), debt()
    new = sorted(f"{k} {n} (listed {owed[k]})" for k, n in now.items() if n > owed[k])
    paid = sorted(f"{k} {owed[k]} -> {now[k]}" for k in owed if now[k] < owed[k])
    assert new == [], "give these errors and problems a code from the area's errors.py (docs/architecture.md)"
    assert paid == [], "paid debt: lower or delete these lines in tests/platform/errors_debt.txt"


def test_every_area_declares_its_codes_with_a_message_each():
    enums = area_enums()
    assert enums, "no area declares errors"
    for name, (area, enum, table) in enums.items():
        assert name.endswith("Error"), name
        missing = [m.name for m in enum if m not in table]
        assert missing == [], f"{name}: codes without a message: {missing}"
        strangers = [str(k) for k in table if not isinstance(k, enum)]
        assert strangers == [], f"{area}.errors.MESSAGES: keys not of {name}: {strangers}"
        wrong = [m.value for m in enum if not m.value.startswith(f"{area}.")]
        assert wrong == [], f"{name}: codes must read '{area}.<what>': {wrong}"
    errors.install(errors.area_sources())  # refuses a code declared twice with two messages
    values = [m.value for _, enum, _ in enums.values() for m in enum] + [m.value for m in errors.ErrorCode]
    assert sorted(v for v, n in Counter(values).items() if n > 1) == []


def test_every_raise_site_supplies_its_message_placeholders():
    enums = {**area_enums(), "ErrorCode": ("core", errors.ErrorCode, errors.MESSAGES)}
    optional = {errors.ErrorCode.NOT_FOUND: {"key"}}  # "{what}不存在" when nothing was given to look for
    lacking = []
    for rel, tree in _sources():
        for _, call in _scopes(tree):
            if not call.args or any(k.arg is None for k in call.keywords):  # ``**params``: not checkable
                continue
            first = call.args[0]
            if not (isinstance(first, ast.Attribute) and isinstance(first.value, ast.Name)
                    and first.value.id in enums):
                continue
            _, enum, table = enums[first.value.id]
            code = enum[first.attr]
            given = {k.arg for k in call.keywords}
            need = errors.placeholders(table[code]) - given - optional.get(code, set())
            if need:
                lacking.append(f"{rel}:{call.lineno} {code.value} lacks {sorted(need)}")
    assert lacking == []


def test_the_checker_sees_generic_codes_and_code_less_problems(tmp_path, monkeypatch):
    (tmp_path / "x.py").write_text(
        "def f():\n"
        "    raise AnjuError(ErrorCode.STATE, detail='账户已销户')\n"
        "def g():\n"
        "    return [Problem('姓名不能为空'), Problem('x', code=ErrorCode.INVALID.value),\n"
        "            Problem.of(RegistryError.NAME_EMPTY), Problem('y', code=RegistryError.NAME_EMPTY)]\n",
        encoding="utf-8")
    me = importlib.import_module(__name__)
    monkeypatch.setattr(me, "ROOT", tmp_path)
    assert me.sites() == Counter({"x.py::f generic": 1, "x.py::g problem": 2})


if __name__ == "__main__":
    for key, count in sorted(sites().items()):
        print(f"{key} {count}")
