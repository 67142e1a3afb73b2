"""Fault injection for crash tests: ANJU_FAULT="point:n" ends the process the n-th time `point` is reached.

Batch jobs call ``reached("deposit.post.mid_chunk")`` at their dangerous moments; in production the
variable is unset and the call is a dictionary lookup.
"""

from __future__ import annotations

import os

_counts: dict[str, int] = {}


def reached(point: str) -> None:
    spec = os.environ.get("ANJU_FAULT")
    if not spec:
        return
    name, _, nth = spec.partition(":")
    if name != point:
        return
    _counts[point] = _counts.get(point, 0) + 1
    if _counts[point] >= int(nth or 1):
        os._exit(86)  # noqa: SLF001 - a hard crash, exactly like a killed process
