"""The registry is the single writer of account state (issue 18, docs/architecture.md "Registry and
contributions"): no module outside ``anju.registry`` inserts, updates or deletes the rows of ``account``,
``member_txn``, ``member_txn_detail`` or ``interest_state``; other areas call ``anju.registry.movements`` (or
``anju.registry.service``).

Read from the source with ``ast``: in every module outside the registry, a call ``insert(t)`` / ``update(t)`` /
``delete(t)`` (also ``pg_insert``, and ``t.insert()`` / ``t.update()`` / ``t.delete()``, and ``t.alias()`` in place of
``t``) where ``t`` is one of those tables imported from ``anju.registry.tables`` (under any name, or as
``tables.<name>``), and any string constant holding SQL that writes one of them (``INSERT INTO account`` …).

Exempt: the migrations (they make the schema), and the synthetic centre's bulk executor ``anju.sim`` — a tool
above the areas that writes test data set-based "with exactly the rows the services would write", which
``tests/sim`` compares with the service path row by row.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "src" / "anju"
GUARDED = {"account", "member_txn", "member_txn_detail", "interest_state"}
EXEMPT = ("anju.registry", "anju.sim", "anju.db.migrations")
WRITERS = {"insert", "update", "delete", "pg_insert", "sqlite_insert"}
SQL = re.compile(r"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(" + "|".join(sorted(GUARDED)) + r")\b", re.I)


def writes(source: str) -> list[tuple[int, str]]:
    """(line, what) for every write of a guarded table in one module's source."""
    tree = ast.parse(source)
    names: dict[str, str] = {}  # local name -> table
    modules: set[str] = set()  # local names of anju.registry.tables
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "anju.registry.tables":
            names.update({a.asname or a.name: a.name for a in node.names if a.name in GUARDED})
        elif isinstance(node, ast.ImportFrom) and node.module == "anju.registry":
            modules.update(a.asname or a.name for a in node.names if a.name == "tables")
        elif isinstance(node, ast.Import):
            modules.update(a.asname for a in node.names if a.name == "anju.registry.tables" and a.asname)

    def table(e: ast.expr) -> str | None:
        if isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and e.func.attr == "alias":
            e = e.func.value
        if isinstance(e, ast.Name):
            return names.get(e.id)
        if isinstance(e, ast.Attribute) and e.attr in GUARDED and isinstance(e.value, ast.Name) \
                and e.value.id in modules:
            return e.attr
        return None

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
            if name in WRITERS and node.args and (t := table(node.args[0])):
                found.append((node.lineno, f"{name}({t})"))
            elif isinstance(f, ast.Attribute) and f.attr in ("insert", "update", "delete") and (t := table(f.value)):
                found.append((node.lineno, f"{t}.{f.attr}()"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and (m := SQL.search(node.value)):
            found.append((node.lineno, m.group(0)))
    return sorted(found)


def violations(root: Path = ROOT) -> list[str]:
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).with_suffix("")
        module = ".".join(rel.parts)
        if module.startswith(EXEMPT):
            continue
        out.extend(f"{module}:{line} {what}" for line, what in writes(path.read_text(encoding="utf-8")))
    return out


def test_no_module_outside_the_registry_writes_account_state():
    assert violations() == [], "write account state through anju.registry.movements"


def test_the_checker_sees_each_kind_of_write():
    source = '''
from sqlalchemy import insert, update, delete, text
from anju.registry.tables import account, member_txn as mt, person
from anju.registry import tables as rt

def f(conn):
    conn.execute(update(account).values(balance=0))
    conn.execute(insert(mt).values(amount=1))
    conn.execute(delete(rt.member_txn_detail))
    conn.execute(account.update().values(status="05"))
    conn.execute(update(account.alias("a")).values(jishu=0))
    conn.execute(text("UPDATE account SET balance = 0"))
    conn.execute(update(person).values(name="x"))  # not account state
    conn.execute(account.select())  # a read
'''
    assert [what for _, what in writes(source)] == [
        "update(account)", "insert(member_txn)", "delete(member_txn_detail)", "account.update()",
        "update(account)", "UPDATE account"]
