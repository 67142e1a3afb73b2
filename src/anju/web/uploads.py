"""Uploaded files: read within the policy limits (upload.*), the same on every upload route.

Routes that take a file are plain ``def`` routes (FastAPI runs them in its thread pool), so reading and
parsing a file never blocks the event loop; the file is parsed before the writing transaction opens.
"""

from __future__ import annotations

from fastapi import Request, UploadFile

from anju.core.sheets import UploadLimits, UploadTooLarge, too_many_bytes
from anju.policy.store import policy_at
from anju.web.security import business_date, ctx


def upload_limits(request: Request) -> UploadLimits:
    with ctx(request).engine.connect() as conn:
        return UploadLimits.from_policy(policy_at(conn, business_date(request)))


def read_upload(file: UploadFile | None, limits: UploadLimits) -> tuple[bytes, str]:
    """The file's bytes and its bare name; ``UploadTooLarge`` (413) past ``limits.max_bytes``.

    At most one byte more than the limit is read into memory, whatever the size of the upload."""
    if file is None:
        return b"", ""
    name = (file.filename or "").replace("\\", "/").rsplit("/", 1)[-1][:120]
    file.file.seek(0)
    data = file.file.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise UploadTooLarge(too_many_bytes(limits, name))
    return data, name
