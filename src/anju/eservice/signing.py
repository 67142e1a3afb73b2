"""Ed25519 keys of the electronic certificates: private keys in files outside the database, public keys in
``eservice_sign_key``.

Where the private keys live: ``ANJU_CERT_KEY_DIR`` when set; otherwise beside a SQLite database file
(``<database>.cert-keys/``); otherwise ``<ANJU_HOME>/var/cert-keys``. One file per key, ``<kid>.key``, 32 bytes
as hex, mode 0600. The newest key that is not retired signs; every key ever made verifies (a rotation retires the
old key, never deletes it), so a certificate printed last year still verifies.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.engine import make_url

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.core.errors import AnjuError
from anju.db.uow import UnitOfWork
from anju.eservice.errors import EserviceError
from anju.eservice.permissions import P
from anju.eservice.tables import sign_key

ENV = "ANJU_CERT_KEY_DIR"


def key_dir(bind: Engine | Connection) -> Path:
    configured = os.environ.get(ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    url = make_url(str(bind.engine.url.render_as_string(hide_password=False)))
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        db = Path(url.database).resolve()
        return db.with_name(db.name + ".cert-keys")
    from anju.config import load_settings

    return load_settings().var_dir / "cert-keys"


def kid_of(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _write_private(directory: Path, kid: str, private: Ed25519PrivateKey) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    path = directory / f"{kid}.key"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(raw.hex() + "\n")


def active_kid(conn: Connection) -> str | None:
    return conn.execute(select(sign_key.c.kid).where(sign_key.c.retired_at.is_(None))
                        .order_by(sign_key.c.created_at.desc(), sign_key.c.kid).limit(1)).scalar()


def create_key(uow: UnitOfWork, actor: Actor, *, rotate: bool = False) -> str:
    """Make a key pair (``anju init``; ``anju cert rotate-key`` with ``rotate``: the key in use is retired and
    still verifies). Returns the new key's id."""
    require(actor, P.KEY_ROTATE)
    conn = uow.conn
    old = active_kid(conn)
    private = Ed25519PrivateKey.generate()
    public_raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    kid = kid_of(public_raw)
    _write_private(key_dir(conn), kid, private)
    now = uow.now()
    if old is not None and rotate:
        conn.execute(update(sign_key).where(sign_key.c.kid == old, sign_key.c.retired_at.is_(None))
                     .values(retired_at=now))
    conn.execute(sign_key.insert().values(kid=kid, public_key=public_raw.hex(), created_at=now,
                                          created_by=actor.username))
    audit.record(uow, actor, action="eservice.key.rotate" if rotate else "eservice.key.create",
                 entity_type="sign_key", entity_id=kid, before={"kid": old} if old else None, after={"kid": kid})
    return kid


def ensure_key(uow: UnitOfWork, actor: Actor) -> str:
    """The key in use, made first when there is none (a database set up before this area)."""
    kid = active_kid(uow.conn)
    if kid is not None and (key_dir(uow.conn) / f"{kid}.key").exists():
        return kid
    from anju.auth.actor import SYSTEM, can

    return create_key(uow, actor if can(actor, P.KEY_ROTATE) else SYSTEM, rotate=kid is not None)


def _private(conn: Connection, kid: str) -> Ed25519PrivateKey:
    path = key_dir(conn) / f"{kid}.key"
    if not path.exists():
        raise AnjuError(EserviceError.KEY_FILE_MISSING, kid=kid, path=path)
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(path.read_text(encoding="ascii").strip()))


def sign(conn: Connection, kid: str, message: bytes) -> bytes:
    return _private(conn, kid).sign(message)


def public_keys(conn: Connection) -> list:
    return conn.execute(select(sign_key).order_by(sign_key.c.created_at)).all()


def verify(conn: Connection, kid: str, message: bytes, signature: bytes) -> bool | None:
    """True when the signature is good, False when it is not, None when no key has this id."""
    hex_key = conn.execute(select(sign_key.c.public_key).where(sign_key.c.kid == kid)).scalar()
    if hex_key is None:
        return None
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(hex_key)).verify(signature, message)
    except InvalidSignature:
        return False
    return True
