"""The composition root (issue 18): importing anju connects nothing; ``anju.compose.wire()`` connects it all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

# Run in a fresh interpreter: import every module of anju, look at every port, then wire and look again.
PROBE = r"""
import importlib, json, pkgutil
import anju

for m in pkgutil.walk_packages(anju.__path__, "anju."):
    if m.name.endswith("__main__") or ".db.migrations." in m.name:
        continue
    importlib.import_module(m.name)

from anju.auth import settings
from anju.budget import sources
from anju.policy import service as policy_service
from anju.withdrawal import loanport


def ports():
    return {"auth.settings": settings.connected(), "withdrawal.loanport": loanport.port().connected,
            "budget.sources": not isinstance(sources.connected(None), sources.NotConnected),
            "policy.ledger": bool(policy_service._ledger)}


before = ports()
from anju import compose

compose.wire()
print(json.dumps({"before": before, "after": ports()}))
"""


def test_importing_every_module_connects_nothing_and_wiring_connects_every_port():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"})
    import json

    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["before"] == {"auth.settings": False, "withdrawal.loanport": False, "budget.sources": False,
                               "policy.ledger": False}
    assert set(found["after"].values()) == {True}


def test_the_wired_application_answers(web):
    """The web factory wires (the test database was loaded through the wired policy → ledger hooks)."""
    from anju.withdrawal import loanport

    assert loanport.port().connected
    assert web.client().get("/login").status_code == 200
