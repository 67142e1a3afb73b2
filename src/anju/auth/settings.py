"""The policy values the auth area reads (sessions, lockout, maker-checker thresholds), through a port.

auth sits below the policy area (policy edits are permission-checked, audited and witnessed by auth), so it
cannot import ``anju.policy``: the composition root (``anju.compose``) connects ``policy.store.policy_at``
here at start-up. The parameters themselves are declared by the policy area (``anju/policy/params.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Connection

PolicyAt = Callable[[Connection, date], Any]  # (conn, as of) -> the values in force (``policy.store.Policy``)
_source: list[PolicyAt] = []


def connect(source: PolicyAt) -> None:
    _source[:] = [source]


def disconnect() -> None:
    _source.clear()


def connected() -> bool:
    return bool(_source)


def policy_at(conn: Connection, as_of: date) -> Any:
    """The policy values in force at ``as_of`` (attribute access: ``policy_at(conn, d).auth.lockout_minutes``)."""
    if not _source:
        raise RuntimeError("auth.settings is not connected: call anju.compose.wire() at start-up")
    return _source[0](conn, as_of)
