"""Electronic certificates (亮码可办): issue a certificate with a signed code, verify a code, revoke.

A code is ``<payload>.<signature>`` in base64url: the payload is canonical JSON of the certificate number, the
key id and the first 32 hex digits of the digest of what the certificate says (kind, subject, title, facts, day,
validity); the signature is Ed25519 over the payload (``signing``). Verifying checks, in order: the form, the
key, the signature, the register (the certificate exists and says what was signed), revocation, validity.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import IntegrityError

from anju.auth import audit
from anju.auth.actor import SYSTEM, Actor, can, require
from anju.core import canon
from anju.core.certify import Stamp
from anju.core.errors import AnjuError, Conflict, NotFound
from anju.db.uow import UnitOfWork
from anju.eservice import qr, signing
from anju.eservice.codes import CertKind, Verdict
from anju.eservice.errors import EserviceError
from anju.eservice.permissions import P
from anju.eservice.tables import certificate
from anju.policy.store import policy_at

VERIFY_PATH = "/verify/"

VERDICT_TEXT = {
    Verdict.VALID: "证明有效",
    Verdict.MALFORMED: "核验码格式不正确，不是本中心出具的证明",
    Verdict.BAD_SIGNATURE: "签名校验失败：核验码已被篡改或伪造",
    Verdict.UNKNOWN_KEY: "签名密钥不是本中心的，证明不可信",
    Verdict.UNKNOWN: "本中心没有与核验码一致的证明记录",
    Verdict.REVOKED: "证明已撤销",
    Verdict.EXPIRED: "证明已超过有效期",
}


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    reason: str
    no: str | None = None
    kind: str | None = None
    kind_label: str | None = None
    title: str | None = None
    facts: list[tuple[str, str]] = field(default_factory=list)
    issued_on: date | None = None
    valid_until: date | None = None
    revoked_on: date | None = None
    revoke_reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.VALID


def digest_of(kind: str, subject_ref: str, title: str, facts: list, issued_on: date, valid_until: date | None) -> str:
    return canon.sha256_hex(canon.dumps({"kind": kind, "subject": subject_ref, "title": title, "facts": facts,
                                         "on": issued_on, "until": valid_until}))


def _payload(no: str, kid: str, digest: str) -> bytes:
    return canon.dumps({"n": no, "k": kid, "h": digest[:32]}).encode("utf-8")


def token_of(conn: Connection, row) -> str:
    payload = _payload(row.no, row.kid, row.digest)
    return f"{signing.b64(payload)}.{signing.b64(signing.sign(conn, row.kid, payload))}"


def stamp_of(conn: Connection, row, base_url: str = "") -> Stamp:
    token = token_of(conn, row)
    path = VERIFY_PATH + token
    url = base_url.rstrip("/") + path
    return Stamp(no=row.no, token=token, path=path, url=url, qr=qr.svg_data_uri(url), valid_until=row.valid_until)


def issue(uow: UnitOfWork, actor: Actor, *, kind: str, subject_ref: str, person_id: int | None, title: str,
          facts: dict[str, str] | list[tuple[str, str]], as_of: date):
    """Register a certificate (the same content on the same day returns the row already registered) and
    return its row. ``facts`` are label → text pairs as the verification page shows them."""
    require(actor, P.CERT_ISSUE)
    CertKind(kind)
    pairs = [[str(k), str(v)] for k, v in (facts.items() if isinstance(facts, dict) else facts)]
    days = policy_at(uow.conn, as_of).get("eservice.cert_valid_days")
    valid_until = as_of + timedelta(days=int(days)) if days else None
    digest = digest_of(kind, subject_ref, title, pairs, as_of, valid_until)
    same = select(certificate).where(certificate.c.kind == kind, certificate.c.subject_ref == subject_ref,
                                     certificate.c.issued_on == as_of, certificate.c.digest == digest,
                                     certificate.c.revoked_at.is_(None))
    row = uow.conn.execute(same).first()
    if row is not None:
        return row
    kid = signing.ensure_key(uow, actor)
    no = f"ZM{as_of:%Y%m%d}{secrets.randbelow(10 ** 8):08d}"
    uow.conn.execute(certificate.insert().values(
        no=no, kind=kind, subject_ref=subject_ref, person_id=person_id, title=title,
        facts_json=json.dumps(pairs, ensure_ascii=False), digest=digest, kid=kid, issued_on=as_of,
        valid_until=valid_until, issued_at=uow.now(), issued_by=actor.username, channel=actor.channel.value))
    audit.record(uow, actor, action="eservice.cert.issue", entity_type="certificate", entity_id=no,
                 after={"kind": kind, "subject": subject_ref, "digest": digest, "kid": kid})
    return uow.conn.execute(select(certificate).where(certificate.c.no == no)).one()


def issue_stamp(engine: Engine, actor: Actor, *, kind: str, subject_ref: str, person_id: int | None, title: str,
                facts, as_of: date, base_url: str = "") -> Stamp:
    """Issue in a transaction of its own and return the stamp a page prints (the API other areas call)."""
    for attempt in range(2):
        try:
            with UnitOfWork(engine) as uow:
                row = issue(uow, actor, kind=kind, subject_ref=subject_ref, person_id=person_id, title=title,
                            facts=facts, as_of=as_of)
                stamp = stamp_of(uow.conn, row, base_url)
                uow.commit()
                return stamp
        except IntegrityError:  # the same certificate issued at the same moment by another request
            if attempt:
                raise
    raise AssertionError("unreachable")


class Port:
    """What ``anju.core.certify`` hands to the business areas (registered by ``anju.compose``)."""

    connected = True

    def issue(self, engine, actor, *, kind, subject_ref, person_id, title, facts, as_of, base_url=""):
        # whoever may print the business record issues its certificate; a reader without the permission
        # (an auditor) gets it issued by the system, recorded as such
        who = actor if can(actor, P.CERT_ISSUE) else SYSTEM
        return issue_stamp(engine, who, kind=kind, subject_ref=subject_ref, person_id=person_id, title=title,
                           facts=facts, as_of=as_of, base_url=base_url)


PORT = Port()


def _facts(row) -> list[tuple[str, str]]:
    return [(k, v) for k, v in json.loads(row.facts_json)]


def verify(conn: Connection, token: str, *, as_of: date) -> Verification:
    """What a code certifies, or why it is refused (never raises on a bad code)."""
    def refuse(verdict: Verdict, row=None) -> Verification:
        if row is None:
            return Verification(verdict, VERDICT_TEXT[verdict])
        return Verification(verdict, VERDICT_TEXT[verdict], no=row.no, kind=row.kind,
                            kind_label=CertKind(row.kind).label, title=row.title,
                            facts=_facts(row) if verdict is Verdict.VALID else [], issued_on=row.issued_on,
                            valid_until=row.valid_until,
                            revoked_on=row.revoked_at.date() if row.revoked_at else None,
                            revoke_reason=row.revoke_reason)

    token = (token or "").strip()
    if token.startswith(("http://", "https://")) or VERIFY_PATH in token:
        token = token.rsplit(VERIFY_PATH, 1)[-1]
    try:
        p64, s64 = token.split(".")
        payload_raw, sig = signing.unb64(p64), signing.unb64(s64)
        payload = json.loads(payload_raw.decode("utf-8"))
        no, kid, digest = str(payload["n"]), str(payload["k"]), str(payload["h"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return refuse(Verdict.MALFORMED)
    good = signing.verify(conn, kid, payload_raw, sig)
    if good is None:
        return refuse(Verdict.UNKNOWN_KEY)
    if not good:
        return refuse(Verdict.BAD_SIGNATURE)
    row = conn.execute(select(certificate).where(certificate.c.no == no)).first()
    if row is None or row.kid != kid or row.digest[:32] != digest:
        return refuse(Verdict.UNKNOWN)
    recomputed = digest_of(row.kind, row.subject_ref, row.title, json.loads(row.facts_json), row.issued_on,
                         row.valid_until)
    if recomputed != row.digest:  # the register was altered after signing
        return refuse(Verdict.UNKNOWN)
    if row.revoked_at is not None:
        return refuse(Verdict.REVOKED, row)
    if row.valid_until is not None and as_of > row.valid_until:
        return refuse(Verdict.EXPIRED, row)
    return refuse(Verdict.VALID, row)


def revoke(uow: UnitOfWork, actor: Actor, *, no: str, reason: str) -> None:
    require(actor, P.CERT_REVOKE)
    if not reason.strip():
        raise AnjuError(EserviceError.REASON_REQUIRED)
    row = uow.conn.execute(select(certificate).where(certificate.c.no == no)).first()
    if row is None:
        raise NotFound(EserviceError.CERT_NOT_FOUND, no=no)
    done = uow.conn.execute(update(certificate).where(certificate.c.no == no, certificate.c.revoked_at.is_(None))
                            .values(revoked_at=uow.now(), revoked_by=actor.username,
                                    revoke_reason=reason.strip()[:200])).rowcount
    if done != 1:
        raise Conflict(EserviceError.CERT_ALREADY_REVOKED, no=no, at=f"{row.revoked_at:%Y-%m-%d}")
    audit.record(uow, actor, action="eservice.cert.revoke", entity_type="certificate", entity_id=no,
                 before={"revoked": False}, after={"revoked": True, "reason": reason.strip()[:200]})


def get(conn: Connection, no: str):
    row = conn.execute(select(certificate).where(certificate.c.no == no)).first()
    if row is None:
        raise NotFound(EserviceError.CERT_NOT_FOUND, no=no)
    return row


def recent(conn: Connection, *, text: str = "", limit: int = 100) -> list:
    q = select(certificate).order_by(certificate.c.id.desc()).limit(limit)
    if text.strip():
        t = text.strip()
        q = q.where((certificate.c.no == t) | (certificate.c.subject_ref == t))
    return conn.execute(q).all()


def facts_of(row) -> list[tuple[str, str]]:
    return _facts(row)
