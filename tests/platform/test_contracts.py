"""Import contracts of docs/architecture.md, checked on every run (the CI's import linter).

Read from the source with ``ast`` (every import, function-local ones included, since a local import hides a
dependency but does not remove it):

1. **core is the floor**: ``anju.core`` imports nothing else of anju.
2. **Pure rules stay pure**: ``rules`` / ``calc`` and the other pure modules (``PURE``) import no database, no
   web framework, no service, only ``anju.core``, the policy values (``Policy``), parameter declarations
   (``params*``) and other pure modules.
3. **Nothing imports an interface**: web pages, API routes and CLI commands (``cli``, ``web``, ``web_*``, ``api``,
   ``api_*``, ``cli_*``, ``anju.web``) are imported only by other interfaces.
4. **An area never reads another area's tables**: ``anju.<b>.tables`` (and ``*tables``) from area ``a`` ≠ ``b``.
5. **No cycles between areas** (over non-interface modules).
6. **Areas are layered** (``AREA_LAYERS``, the same list as docs/architecture.md "Layers"): an area imports
   areas of its own row or below, never above; a new area must be placed in the list.

When contracts 4 and 5 were written the code did not keep them; ``contracts_debt.txt`` listed each violation and
could only shrink. Issue 18 paid all of it: the file is empty, so any cross-area table read or cycle fails.
``python -m tests.platform.test_contracts`` prints today's violations in the list's form.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "src" / "anju"
DEBT = Path(__file__).with_name("contracts_debt.txt")
FLOOR = {"core", "db"}  # packages under every area
PURE = {"errors", "rules", "calc", "schedule", "limits", "property", "payout", "codes", "appcodes", "retirement",
        "files", "bankfile"}  # files: anju.bank.files, the one bank-file reader and writer (bytes in, rows out)
# what a pure module may take from the policy area: the values in force (``Policy``) and the kinds of values
POLICY_VALUES = {"anju.policy.store", "anju.policy.kinds"}
INTERFACE_AREAS = {"web", "sim", "jobs", "supervision"}
# The areas' layers, lowest first (docs/architecture.md "Layers"): an import points to its own row or below.
AREA_LAYERS = (
    ("core", "db"),
    ("indicators",),
    ("org", "bank"),
    ("auth",),
    ("policy",),
    ("ledger", "workcal"),
    ("workflow",),
    ("registry", "deposit", "interest", "withdrawal", "loanapp", "loan", "transfer", "maintfund"),
    ("settle", "treasury", "compliance", "eservice"),
    ("report", "budget", "performance"),
    ("web", "sim", "jobs", "supervision"),
)  # whole packages that are interfaces or tools above the areas


def _is_interface(module: str) -> bool:
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in INTERFACE_AREAS | {"cli", "cli_support", "__main__"}:
        return True
    leaf = parts[-1]
    return leaf in {"cli", "web", "api"} or leaf.startswith(("cli_", "web_", "api_"))


def _is_tables(module: str) -> bool:
    parts = module.split(".")
    return len(parts) >= 3 and parts[2].endswith("tables")


@cache
def imports() -> tuple[tuple[str, str, int], ...]:
    """(importing module, imported module, line) for every ``anju.*`` import in ``src/anju``."""
    out = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT.parent).with_suffix("")
        module = ".".join(rel.parts[:-1] if rel.parts[-1] == "__init__" else rel.parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                    and node.module.split(".")[0] == "anju":
                for alias in node.names:  # `from anju.x import tables` imports the module anju.x.tables
                    full = f"{node.module}.{alias.name}"
                    target = full if (ROOT.parent / Path(*full.split("."))).with_suffix(".py").exists() \
                        or (ROOT.parent / Path(*full.split("."))).is_dir() else node.module
                    out.append((module, target, node.lineno))
            elif isinstance(node, ast.Import):
                out.extend((module, a.name, node.lineno) for a in node.names if a.name.split(".")[0] == "anju")
    return tuple(out)


def area(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) >= 3 or (len(parts) == 2 and (ROOT / parts[1]).is_dir()) else None


def violations() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {k: set() for k in ("core", "pure", "interface", "tables", "cycle")}
    for src, dst, line in imports():
        a, b = area(src), area(dst)
        if a == "core" and b not in (None, "core"):
            found["core"].add(f"{src}:{line} -> {dst}")
        if src.split(".")[-1] in PURE and a not in INTERFACE_AREAS:
            leaf = dst.split(".")[-1]
            ok = b in ("core", None) or dst in POLICY_VALUES or leaf in PURE or leaf.startswith("params")
            if not ok:
                found["pure"].add(f"{src}:{line} -> {dst}")
        if _is_interface(dst) and not _is_interface(src) and dst != "anju.web.kit":
            found["interface"].add(f"{src} -> {dst}")
        if _is_tables(dst) and a and b and a != b and b not in FLOOR and not _is_interface(src) \
                and src != "anju.db.schema":
            found["tables"].add(f"{src} -> {dst}")
    found["cycle"] = {f"cycle: {' '.join(sorted(c))}" for c in area_cycles()}
    return found


def area_cycles() -> list[set[str]]:
    """Strongly connected groups of areas (more than one area) over non-interface modules."""
    edges: dict[str, set[str]] = {}
    for src, dst, _ in imports():
        a, b = area(src), area(dst)
        if a and b and a != b and not _is_interface(src) and a not in INTERFACE_AREAS:
            edges.setdefault(a, set()).add(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return groups


def debt() -> set[str]:
    lines = DEBT.read_text(encoding="utf-8").splitlines() if DEBT.exists() else []
    return {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}


def test_core_imports_nothing_above_it():
    assert violations()["core"] == set()


def test_pure_rules_import_only_core_policy_values_and_pure_modules():
    assert sorted(violations()["pure"]) == []


def test_nothing_below_the_interfaces_imports_an_interface():
    assert sorted(violations()["interface"]) == []


def test_no_new_cross_area_table_reads_and_the_debt_only_shrinks():
    now, owed = violations()["tables"], {d for d in debt() if not d.startswith("cycle:")}
    assert sorted(now - owed) == [], "a new read of another area's tables: use that area's service or queries"
    assert sorted(owed - now) == [], "paid debt: delete these lines from tests/platform/contracts_debt.txt"


def test_no_new_area_joins_a_cycle():
    owed = set().union(*(set(d.split(":", 1)[1].split()) for d in debt() if d.startswith("cycle:")))
    cyclic = set().union(*area_cycles()) if area_cycles() else set()
    assert sorted(cyclic - owed) == [], "a new dependency cycle between areas"


def layer_violations() -> tuple[set[str], set[str]]:
    """(imports that point up the layers, areas missing from ``AREA_LAYERS``)."""
    rank = {a: r for r, row in enumerate(AREA_LAYERS) for a in row}
    up = set()
    unplaced = {p.parent.name for p in ROOT.glob("*/__init__.py")} - set(rank)
    for src, dst, line in imports():
        a, b = area(src), area(dst)
        if not a or not b or a == b or _is_interface(src):
            continue
        unplaced |= {x for x in (a, b) if x not in rank}
        if a in rank and b in rank and rank[b] > rank[a]:
            up.add(f"{src}:{line} -> {dst}")
    return up, unplaced


def test_areas_import_their_own_layer_or_below():
    up, unplaced = layer_violations()
    assert sorted(unplaced) == [], "place the new area in AREA_LAYERS (and in docs/architecture.md's layers)"
    assert sorted(up) == [], "an import up the layers: declare a port and connect it in anju.compose.wire()"


def test_the_checker_sees_a_violation(tmp_path, monkeypatch):
    """The checker itself: a pure module importing the database and an area reading another's tables."""
    pkg = tmp_path / "anju"
    for name, body in {"__init__.py": "", "core/__init__.py": "", "core/x.py": "import anju.alpha.service\n",
                       "alpha/__init__.py": "", "alpha/tables.py": "", "alpha/service.py": "",
                       "alpha/rules.py": "from anju.db import uow\n",
                       "beta/__init__.py": "", "beta/service.py": "from anju.alpha import tables\n",
                       "beta/web.py": "", "alpha/queries.py": "from anju.beta import web\nimport anju.beta.service\n",
                       "db/__init__.py": "", "db/uow.py": ""}.items():
        (pkg / name).parent.mkdir(parents=True, exist_ok=True)
        (pkg / name).write_text(body, encoding="utf-8")
    import tests.platform.test_contracts as me

    monkeypatch.setattr(me, "ROOT", pkg)
    me.imports.cache_clear()
    try:
        v = me.violations()
    finally:
        me.imports.cache_clear()
    assert v["core"] == {"anju.core.x:1 -> anju.alpha.service"}
    assert v["pure"] == {"anju.alpha.rules:1 -> anju.db.uow"}
    assert v["interface"] == {"anju.alpha.queries -> anju.beta.web"}
    assert v["tables"] == {"anju.beta.service -> anju.alpha.tables"}
    assert v["cycle"] == {"cycle: alpha beta"}


def test_the_layer_checker_sees_an_upward_import(tmp_path, monkeypatch):
    pkg = tmp_path / "anju"
    for name, body in {"__init__.py": "", "low/__init__.py": "", "low/service.py": "from anju.high import queries\n",
                       "high/__init__.py": "", "high/queries.py": "from anju.low import service\n",
                       "stray/__init__.py": ""}.items():
        (pkg / name).parent.mkdir(parents=True, exist_ok=True)
        (pkg / name).write_text(body, encoding="utf-8")
    import tests.platform.test_contracts as me

    monkeypatch.setattr(me, "ROOT", pkg)
    monkeypatch.setattr(me, "AREA_LAYERS", (("low",), ("high",)))
    me.imports.cache_clear()
    try:
        up, unplaced = me.layer_violations()
    finally:
        me.imports.cache_clear()
    assert up == {"anju.low.service:1 -> anju.high.queries"}
    assert unplaced == {"stray"}


if __name__ == "__main__":
    for kind, items in violations().items():
        for item in sorted(items):
            if kind in ("tables", "cycle"):
                print(item)
            else:
                print(f"# {kind}: {item}")
