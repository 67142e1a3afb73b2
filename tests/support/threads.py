"""N runners at once: threads released together by a barrier, each opening its own unit of work."""

from __future__ import annotations

import threading
from collections.abc import Callable


def together(n: int, fn: Callable[[int], object]) -> list:
    """``fn(i)`` in ``n`` threads released at the same moment; each result, or the exception it raised (any
    exception: a database error escaping a job is a finding, not noise)."""
    barrier = threading.Barrier(n)
    out: list = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            out[i] = fn(i)
        except BaseException as exc:  # noqa: BLE001 - reported to the test, which asserts on it
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return out


def unexpected(results: list) -> list:
    """Results that are exceptions other than a business refusal (anju's own errors)."""
    from anju.core.errors import AnjuError

    return [r for r in results if isinstance(r, BaseException) and not isinstance(r, AnjuError)]


def race(n: int, work: Callable[[int], object]) -> tuple[list, list, list]:
    """``work(i)`` in ``n`` threads released together: (results, job-busy refusals, other errors)."""
    from anju.db.joblock import JobBusy

    results, busy, errors = [], [], []
    for r in together(n, work):
        if isinstance(r, JobBusy):
            busy.append(r)
        elif isinstance(r, Exception):
            errors.append(r)
        else:
            results.append(r)
    return results, busy, errors
