"""Logging for the server: identity numbers never reach a log line (URLs and messages are masked)."""

from __future__ import annotations

import logging
import re

from anju.core.ids import mask_id

# An 18-character resident ID (17 digits and a digit or X) or an old 15-digit one, standing alone.
_ID = re.compile(r"(?<![0-9A-Za-z])([0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])")


def mask_ids(text: str) -> str:
    return _ID.sub(lambda m: mask_id(m.group(1)), text)


class MaskIdentityNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(mask_ids(a) if isinstance(a, str) else a for a in record.args) \
                if isinstance(record.args, tuple) else record.args
        if isinstance(record.msg, str):
            record.msg = mask_ids(record.msg)
        return True


def install() -> None:
    """Mask on every handler of the loggers a server writes to (uvicorn's access and error logs, ours)."""
    for name in ("", "uvicorn", "uvicorn.access", "uvicorn.error", "anju"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskIdentityNumbers) for f in logger.filters):
            logger.addFilter(MaskIdentityNumbers())
