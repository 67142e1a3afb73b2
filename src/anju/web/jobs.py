"""Batch jobs started from a page run in a background thread of the server; the page polls their progress.

The job itself is the same service function the CLI runs (resumable and idempotent), so a server restart in
the middle only means running it again. This registry is per process and only tells what is running now.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from anju.core import clock


@dataclass
class Job:
    name: str
    title: str
    started_by: str
    total: int | None = None
    done: int = 0
    status: str = "running"  # running, finished, failed
    message: str = ""
    started_at: datetime = field(default_factory=clock.utcnow)
    finished_at: datetime | None = None
    thread: threading.Thread | None = field(default=None, repr=False)

    def advance(self, n: int = 1) -> None:
        self.done += n

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))


_JOBS: dict[str, Job] = {}
_LOCK = threading.Lock()


def start(name: str, title: str, started_by: str, work: Callable[[Job], str], *, total: int | None = None) -> Job:
    """Run ``work(job)`` in a thread unless a job of that name is running; ``work`` returns a Chinese summary."""
    with _LOCK:
        current = _JOBS.get(name)
        if current is not None and current.status == "running":
            return current
        job = Job(name, title, started_by, total=total)
        _JOBS[name] = job

    def run() -> None:
        try:
            job.message = work(job)
            job.status = "finished"
        except Exception as exc:  # noqa: BLE001 - the page shows what went wrong; the job can be re-run
            from anju.core.errors import AnjuError

            job.status = "failed"
            job.message = exc.message if isinstance(exc, AnjuError) else f"{type(exc).__name__}: {exc}"
            if not isinstance(exc, AnjuError):
                traceback.print_exc()
        finally:
            job.finished_at = clock.utcnow()

    job.thread = threading.Thread(target=run, name=f"anju-job-{name}", daemon=True)
    job.thread.start()
    return job


def get(name: str) -> Job | None:
    return _JOBS.get(name)


def wait(name: str, timeout: float = 120) -> Job | None:  # float-ok: seconds
    """For tests and the CLI: block until the job ends."""
    job = _JOBS.get(name)
    if job is not None and job.thread is not None:
        job.thread.join(timeout)
    return job
