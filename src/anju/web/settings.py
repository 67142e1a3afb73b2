"""Settings of one web application instance (cookies, clock, proxies)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from anju.core.clock import utcnow


@dataclass(frozen=True)
class WebSettings:
    # Secure cookies travel over HTTPS only. Turn off only for plain-HTTP development on a loopback
    # address (`anju serve --insecure-cookies`, ANJU_COOKIE_SECURE=0, and `anju demo` on 127.0.0.1).
    cookie_secure: bool = True
    # Naive UTC "now" (``anju.core.clock.utcnow``, so ``clock.frozen`` freezes the app too); tests may inject
    # a clock they can move instead of sleeping.
    clock: Callable[[], datetime] = field(default=utcnow)
    # Take the client address from X-Forwarded-For (only behind a reverse proxy that sets it).
    trust_forwarded_for: bool = False
    # How long a confirmation screen stays valid.
    confirmation_minutes: int = 10
