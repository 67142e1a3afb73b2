"""One maker-checker workflow (issue 18 item 3), checked from the source on every run.

Only ``anju.workflow`` (the component) and ``anju.auth`` (the approval requests it is built on) open, decide or
cancel an approval request or apply the same-person rule; every area declares a ``Flow`` and takes its steps
(docs/architecture.md, “Maker-checker (one workflow)”). A module elsewhere calling ``approval.submit`` /
``approval.decide`` / ``approval.cancel`` / ``ensure_different_person`` — by attribute, by an imported name or
under an alias — is a copy of the workflow coming back, and fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "src" / "anju"
OWNERS = ("workflow/", "auth/")  # the component and the approval requests it is built on
GUARDED = {"submit", "decide", "cancel"}  # of anju.auth.approval
RULES = {"ensure_different_person"}


def offences(rel: str, tree: ast.AST) -> list[str]:
    """``path:line what`` for every direct use of the approval requests' decisions in one module."""
    modules = {"approval"}  # names the module ``anju.auth.approval`` is bound to here
    functions: dict[str, str] = {}  # local name -> guarded function imported from it
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("anju.auth", "anju.auth.approval"):
            for alias in node.names:
                local = alias.asname or alias.name
                if node.module == "anju.auth" and alias.name == "approval":
                    modules.add(local)
                elif node.module == "anju.auth.approval" and alias.name in GUARDED | RULES:
                    functions[local] = alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "anju.auth.approval" and alias.asname:
                    modules.add(alias.asname)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Attribute) and f.attr in RULES:
            found.append(f"{rel}:{node.lineno} {f.attr}")
        elif isinstance(f, ast.Attribute) and f.attr in GUARDED and (
                (isinstance(f.value, ast.Name) and f.value.id in modules)
                or (isinstance(f.value, ast.Attribute) and f.value.attr == "approval")):
            found.append(f"{rel}:{node.lineno} approval.{f.attr}")
        elif isinstance(f, ast.Name) and (f.id in functions or f.id in RULES):
            found.append(f"{rel}:{node.lineno} {functions.get(f.id, f.id)}")
    return found


def test_only_the_workflow_decides_approval_requests():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(OWNERS):
            continue
        found += offences(rel, ast.parse(path.read_text(encoding="utf-8")))
    assert found == [], ("maker-checker by hand: declare a Flow and take its steps (anju.workflow, "
                         "docs/architecture.md “Maker-checker (one workflow)”)")


def test_the_check_sees_every_way_of_calling_them():
    source = (
        "from anju.auth import approval, approval as ap\n"
        "from anju.auth.approval import decide, cancel as undo, ensure_different_person\n"
        "import anju.auth.approval as apv\n"
        "import anju\n"
        "def f(uow, actor):\n"
        "    approval.submit(uow, actor)\n"
        "    ap.decide(uow, actor)\n"
        "    decide(uow, actor)\n"
        "    undo(uow, actor)\n"
        "    apv.cancel(uow, actor)\n"
        "    anju.auth.approval.decide(uow, actor)\n"
        "    ensure_different_person(maker='a', checker='b')\n"
        "    approval.get(uow.conn, 1)\n"              # reading a request is not deciding it
        "    approval.pending_for(uow.conn, kind='x', ref_type='y', ref_id=1)\n"
        "    FLOW.open(uow, actor, row)\n"
        "    other.submit(uow)\n"                      # somebody else's submit
    )
    found = [line.split(" ", 1)[1] for line in offences("x.py", ast.parse(source))]
    assert found == ["approval.submit", "approval.decide", "decide", "cancel", "approval.cancel", "approval.decide",
                     "ensure_different_person"]
