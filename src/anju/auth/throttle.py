"""Per-address sign-in throttling: failures within a sliding window, counted in the database.

Every worker process sees the same count (table ``login_failure``), so N workers do not multiply the limit.
An attempt is written down *before* its password is checked and removed if it succeeds: attempts still being
checked count as failures, so a burst of parallel requests cannot slip past the limit either. Per-account
lock-out is the other control (``users.failed_attempts``). Behind a reverse proxy the address is the client's
only when the proxy's X-Forwarded-For is trusted (see the web settings).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, func, insert, select

from anju.auth.tables import login_failure
from anju.db.uow import UnitOfWork


class LoginThrottle:
    """Stateless: the count lives in the database given to each call."""

    def blocked(self, engine: Engine, ip: str, *, now: datetime, limit: int, window: timedelta) -> bool:
        """Whether the address has used up its failures (a read; nothing is written)."""
        return self._count(engine, ip, now=now, window=window) >= limit

    def begin(self, engine: Engine, ip: str, *, now: datetime, limit: int, window: timedelta) -> int | None:
        """Write down an attempt as a failure until it succeeds; None (and nothing kept) when over the limit.

        The attempt is committed before counting, so parallel attempts on other workers see each other."""
        ip = (ip or "-")[:45]
        with UnitOfWork(engine) as uow:
            uow.conn.execute(delete(login_failure).where(login_failure.c.at <= now - window))
            attempt = uow.conn.execute(insert(login_failure).values(ip=ip, at=now)
                                       .returning(login_failure.c.id)).scalar_one()
            uow.commit()
        # This attempt counts itself and every committed one: of two parallel attempts, the one counting last
        # sees both, so no more than ``limit`` are ever let through (at the boundary both may be refused).
        if self._count(engine, ip, now=now, window=window) > limit:
            self.succeeded(engine, attempt)
            return None
        return attempt

    def succeeded(self, engine: Engine, attempt: int) -> None:
        """The attempt did not fail (or was refused before being checked): it no longer counts."""
        with UnitOfWork(engine) as uow:
            uow.conn.execute(delete(login_failure).where(login_failure.c.id == attempt))
            uow.commit()

    def _count(self, engine: Engine, ip: str, *, now: datetime, window: timedelta) -> int:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(login_failure).where(
                login_failure.c.ip == (ip or "-")[:45], login_failure.c.at > now - window)).scalar_one()
