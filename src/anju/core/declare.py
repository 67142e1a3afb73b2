"""Declarations: what a module contributes to a registry, kept in the module until start-up installs it.

A declaring decorator or call (``@indicator``, ``@check``, ``@witness.register``, ``param()``, ``grant()``,
``subledgers.register()`` …) does not touch its registry when the declaring module is imported: it appends an
installer to that module's ``__anju_declarations__``. The composition root (``anju.compose.wire``) imports the
declaring modules and runs their installers (:func:`install_loaded`), module by module in import order and in
each module in the order written — the order the registries were filled in when registration happened at import.
From then on the process is *live*: a module imported later (a function-local import) installs its declarations
at once, so nothing declared is ever lost.

Importing a module therefore fills no registry (``tests/platform/test_compose.py`` imports every module of anju
in a fresh interpreter and checks).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

DECLARED = "__anju_declarations__"
INSTALLED = "__anju_declarations_installed__"
_live = False


def declare(install: Callable[[], object], *, module: str) -> None:
    """Record ``install`` for ``module`` (its ``__name__``); run it at once when the process is live."""
    if _live or module not in sys.modules:
        install()
        return
    mod = sys.modules[module]
    pending = mod.__dict__.setdefault(DECLARED, [])
    pending.append(install)


def caller_module(depth: int = 2) -> str:
    """The ``__name__`` of the module whose top level called the declaring function (``depth`` frames up)."""
    return sys._getframe(depth).f_globals.get("__name__", "__main__")


def install(module: ModuleType) -> int:
    """Run the module's installers not yet run; returns how many ran."""
    pending = module.__dict__.get(DECLARED, [])
    done = module.__dict__.get(INSTALLED, 0)
    for fn in pending[done:]:
        fn()
    module.__dict__[INSTALLED] = len(pending)
    return len(pending) - done


def install_loaded() -> int:
    """Install the declarations of every module loaded so far, in import order, and go live."""
    global _live
    count = 0
    for module in list(sys.modules.values()):
        if isinstance(module, ModuleType) and DECLARED in getattr(module, "__dict__", {}):
            count += install(module)
    _live = True
    return count


def live() -> bool:
    return _live
