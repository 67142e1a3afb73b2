"""The audit chain's HMAC key: kept in a file outside the database, read once per process.

Where the key lives: ``ANJU_AUDIT_KEY_FILE`` when set; otherwise beside a SQLite database file
(``<database>.audit-key``); otherwise ``<ANJU_HOME>/var/audit.key``. The file holds 32 random bytes as
hex and is created (mode 0600) when the database is keyed (``anju init``); it is never created later
behind the operator's back, so a lost key shows in ``anju verify`` instead of being silently replaced.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import make_url

from anju.auth.errors import AuthError
from anju.core.errors import AnjuError

ENV = "ANJU_AUDIT_KEY_FILE"

_CACHE: dict[str, bytes] = {}


def path_for(bind: Engine | Connection) -> Path:
    """The key file of a database (engine or connection)."""
    configured = os.environ.get(ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    url = make_url(str(bind.engine.url.render_as_string(hide_password=False)))
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        db = Path(url.database).resolve()
        return db.with_name(db.name + ".audit-key")
    from anju.config import load_settings

    return load_settings().var_dir / "audit.key"


def _read(path: Path) -> bytes:
    text = path.read_text(encoding="ascii").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 32:
        raise AnjuError(AuthError.AUDIT_KEY_INVALID, path=path)
    return key


def load(bind: Engine | Connection) -> bytes:
    """The key, or an error naming the file when it is missing."""
    path = path_for(bind)
    cached = _CACHE.get(str(path))
    if cached is not None:
        return cached
    if not path.exists():
        raise AnjuError(AuthError.AUDIT_KEY_MISSING, path=path, env=ENV)
    key = _read(path)
    _CACHE[str(path)] = key
    return key


def try_load(bind: Engine | Connection) -> bytes | None:
    try:
        return load(bind)
    except AnjuError:
        return None


def exists(bind: Engine | Connection) -> bool:
    path = path_for(bind)
    return str(path) in _CACHE or path.exists()


def create(path: Path) -> bytes:
    """Write a fresh key, readable by the owner only; refuses to overwrite an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex() + "\n")
    os.chmod(path, 0o600)
    _CACHE[str(path)] = key
    return key


def key_id(key: bytes) -> str:
    """A short public name of a key (to tell a wrong key from tampered rows); reveals nothing of it."""
    return hashlib.sha256(b"anju-audit-key-id\x1f" + key).hexdigest()[:16]


def forget() -> None:
    """Drop cached keys (tests that swap key files)."""
    _CACHE.clear()
