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

from anju import verify
from anju.auth import actor, settings, witness
from anju.budget import sources
from anju.core import certify, labels
from anju.indicators import catalogue as indicators
from anju.ledger import subledgers
from anju.policy import catalogue as params
from anju.policy import service as policy_service
from anju.withdrawal import loanport


def ports():
    return {"auth.settings": settings.connected(), "withdrawal.loanport": loanport.port().connected,
            "budget.sources": not isinstance(sources.connected(None), sources.NotConnected),
            "policy.ledger": bool(policy_service._ledger), "core.certify": certify.port().connected}


def registries():
    return {"indicators": len(indicators.catalogue()), "checks": len(verify.all_checks()),
            "witnesses": len(witness.registered()), "subledgers": len(subledgers.registered()),
            "pending": len(subledgers._PENDING), "params": len(params.params()),
            "cross_checks": len(params.cross_checks()),
            "grants": sum(len(p) for p in actor.ROLE_PERMISSIONS.values()),
            "labels": int(labels._tables is not None)}


before = {"ports": ports(), "registries": registries()}
from anju import compose

compose.wire()
print(json.dumps({"before": before, "after": {"ports": ports(), "registries": registries()}}))
"""


def test_importing_every_module_fills_no_registry_and_wiring_fills_them_all():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"})
    import json

    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["before"]["ports"] == {"auth.settings": False, "withdrawal.loanport": False,
                                        "budget.sources": False, "policy.ledger": False, "core.certify": False}
    assert found["before"]["registries"] == {k: 0 for k in found["before"]["registries"]}
    assert set(found["after"]["ports"].values()) == {True}
    assert 0 not in found["after"]["registries"].values(), found["after"]["registries"]


def test_the_wired_application_answers(web):
    """The web factory wires (the test database itself was loaded through the wired policy → ledger hooks)."""
    from anju import compose
    from anju.indicators import catalogue

    assert compose.wired() and "deposit.amount" in catalogue.catalogue()
    assert web.client().get("/login").status_code == 200
