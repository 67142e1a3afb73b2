"""The interface through which the reviewers' pre-checks of withdrawals and loans show the e-audit's open hits
(疑点) about a person. The compliance area sits above the business areas and reads them; they never import it:
the composition root (``anju.compose.wire``) registers the compliance area's object (``anju.compliance.port.PORT``)
at start-up, with one method:

``open_hits(conn, person_ids) -> list[str]``
    One Chinese sentence per open hit (待核查 or 认定待审批) about any of these persons: the rule, the day it was
    found, its state. Read-only; the withdrawal area adds them to an application's signals at acceptance and at
    复核, loan origination to the application's signals for 初审.

Until a port is registered, ``port()`` answers ``NOT_CONNECTED``: no hits (the pre-checks run as before).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from sqlalchemy import Connection


class AuditPort(Protocol):
    def open_hits(self, conn: Connection, person_ids: Iterable[int]) -> list[str]: ...


class NotConnected:
    connected = False

    def open_hits(self, conn: Connection, person_ids: Iterable[int]) -> list[str]:
        return []


NOT_CONNECTED = NotConnected()
_port: AuditPort = NOT_CONNECTED


def register(port: AuditPort) -> None:
    global _port
    _port = port


def port() -> AuditPort:
    return _port
