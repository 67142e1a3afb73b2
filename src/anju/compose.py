"""Composition root: the one place where anju's parts are connected, at start-up, never at import.

``wire()`` is called by every entry point before it does anything else: the web application factory
(``anju.web.app.create_app``), the command line (the root callback of ``anju.cli``) and the tests
(``tests/conftest.py``). Importing a module of anju connects nothing: a port answers "not connected" and a
registry is empty until ``wire()`` has run (``tests/platform/test_compose.py`` checks both).

What it connects (the ports are where a lower area needs something from a higher one):

- ``auth.settings`` ← ``policy.store.policy_at``: auth sits below the policy area and reads its values here;
- ``withdrawal.loanport`` ← ``loan.port``: a withdrawal that repays a fund loan applies it to the loan;
- ``core.certify`` ← ``eservice.certs.PORT``: a business area's certificate gets its signed QR code;
- ``registry.auditport`` ← ``compliance.port``: the e-audit's open hits in the pre-checks of withdrawals and loans;
- ``budget.sources`` ← ``report.source.CatalogueSource``: the self-evaluation's actuals from the statistics;
- ``policy.service`` centre hooks ← ``ledger.service``: loading a centre file installs the chart of accounts
  and opens the banks' sub-accounts;
- the areas' declarations: permissions (``grant``), policy parameters (``param``), indicators (``@indicator``),
  ``anju verify`` checks, witnesses and sub-ledgers (``checks.py``), kept in their modules until installed here
  (``anju.core.declare``), and the labels of stored codes.
"""

from __future__ import annotations

_wired = False


def wire() -> None:
    """Connect everything (idempotent: a second call does nothing)."""
    global _wired
    if _wired:
        return
    _connect_ports()
    _load_declarations()
    _wired = True


def wired() -> bool:
    return _wired


def _connect_ports() -> None:
    from anju.auth import settings as auth_settings
    from anju.budget import sources as budget_sources
    from anju.budget.sources import FUND_INDICATORS
    from anju.compliance import port as compliance_port
    from anju.core import certify
    from anju.eservice import certs
    from anju.ledger import service as ledger_service
    from anju.loan import port as loan_port
    from anju.policy import service as policy_service
    from anju.policy.store import policy_at
    from anju.registry import auditport
    from anju.report.source import CatalogueSource
    from anju.withdrawal import loanport

    auth_settings.connect(policy_at)
    loanport.register(loan_port.PORT)
    certify.register(certs.PORT)
    auditport.register(compliance_port.PORT)
    units = {code: ind.unit for code, ind in FUND_INDICATORS.items()}
    budget_sources.connect(lambda conn: CatalogueSource(conn, units=units))
    policy_service.connect_ledger(policy_service.LedgerHooks(
        install_chart=ledger_service.install_chart, open_bank_subaccounts=ledger_service.open_bank_subaccounts))


def _load_declarations() -> None:
    """Import the modules that declare (each area's permissions, parameters, indicators and checks) and install
    what every loaded module declared, in import order (``anju.core.declare``); then the labels."""
    import anju.auth.actor  # noqa: F401  (the platform's own permission grants)
    from anju.areas import area_modules
    from anju.core import declare, labels

    for kind in ("permissions", "params", "indicators", "checks"):
        area_modules(kind)
    declare.install_loaded()
    labels.install_areas()
