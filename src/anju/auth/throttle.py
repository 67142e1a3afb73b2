"""Per-address sign-in throttling: failures within a sliding window, counted in memory.

The count lives in the process (a restart forgets it); per-account lock-out is the durable control and
lives in the database. Behind a reverse proxy the address is the client's only when the proxy's
X-Forwarded-For is trusted (see the web settings).
"""

from __future__ import annotations

import threading
from collections import deque
from datetime import datetime, timedelta


class LoginThrottle:
    def __init__(self, *, max_addresses: int = 100_000) -> None:
        self._failures: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()
        self._max = max_addresses

    def _trim(self, ip: str, now: datetime, window: timedelta) -> deque[datetime]:
        q = self._failures.get(ip)
        if q is None:
            return deque()
        while q and q[0] <= now - window:
            q.popleft()
        if not q:
            del self._failures[ip]
        return q

    def blocked(self, ip: str, *, now: datetime, limit: int, window: timedelta) -> bool:
        with self._lock:
            return len(self._trim(ip, now, window)) >= limit

    def failed(self, ip: str, *, now: datetime, window: timedelta) -> None:
        with self._lock:
            self._trim(ip, now, window)
            if len(self._failures) >= self._max and ip not in self._failures:
                # Memory bound under a spray from many addresses: forget the oldest address.
                self._failures.pop(next(iter(self._failures)))
            self._failures.setdefault(ip, deque()).append(now)
