"""The port through which a business area's certificate (缴存证明, 贷款结清证明, 提取回执, 异地贷款缴存使用证明 …)
gets its verification code: a QR code carrying a signed token (亮码可办).

The business areas print certificates; the digital-services area (``anju.eservice``, above them) signs and
registers them. A business area never imports it: it calls ``port().issue(...)`` here, and the composition root
(``anju.compose.wire``) registers ``anju.eservice.certs.PORT`` at start-up. Until then ``port()`` answers
``NOT_CONNECTED``, whose ``issue`` returns None, and the certificate prints without a code, as before.

``issue(engine, actor, *, kind, subject_ref, person_id, title, facts, as_of, base_url="") -> Stamp | None``
    Register the certificate (idempotent: the same kind, subject, day and facts give the same number) in a
    transaction of its own and return its number, the signed token, the verification path and the QR code (SVG
    as a data URI) pointing at ``base_url`` + path. ``facts`` is an ordered mapping of Chinese label → text as the
    public verification page shows it (identity numbers already masked by the caller).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Stamp:
    no: str  # 证明编号
    token: str  # the signed code the QR carries
    path: str  # /verify/<token>
    url: str  # base_url + path
    qr: str  # data:image/svg+xml;… of the QR code for ``url``
    valid_until: Any = None  # date or None


class CertifyPort(Protocol):
    connected: bool

    def issue(self, engine: Any, actor: Any, *, kind: str, subject_ref: str, person_id: int | None, title: str,
              facts: dict[str, str], as_of: Any, base_url: str = "") -> Stamp | None: ...


class NotConnected:
    connected = False

    def issue(self, engine, actor, *, kind, subject_ref, person_id, title, facts, as_of, base_url=""):
        return None


NOT_CONNECTED = NotConnected()
_registered: list[CertifyPort] = []


def register(port: CertifyPort) -> None:
    """The digital-services area plugs in (``anju.compose``); a later registration replaces the earlier one."""
    _registered[:] = [port]


def unregister() -> None:
    _registered.clear()


def port() -> CertifyPort:
    return _registered[0] if _registered else NOT_CONNECTED
