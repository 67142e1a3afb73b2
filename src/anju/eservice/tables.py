"""Tables of the digital-services area: signing keys, certificates, the notification outbox, evaluations."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Index, Integer, String, Table, Text, UniqueConstraint

from anju.db.meta import PK, metadata

# Ed25519 public keys; the private key of each lives in a file outside the database (``signing``).
# A rotated key stays here (retired_at set) so that certificates signed with it still verify.
sign_key = Table(
    "eservice_sign_key", metadata,
    Column("kid", String(16), primary_key=True),  # first 16 hex digits of SHA-256 of the public key
    Column("public_key", String(64), nullable=False),  # raw 32 bytes as hex
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("retired_at", DateTime, nullable=True),
)

# One row per certificate issued: what it certifies (facts as canonical JSON, identity numbers masked),
# the digest the token signs, revocation.
certificate = Table(
    "eservice_certificate", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("no", String(32), nullable=False, unique=True),  # 证明编号
    Column("kind", String(20), nullable=False),  # codes.CertKind
    Column("subject_ref", String(64), nullable=False),  # account no, loan no, withdrawal no …
    Column("person_id", PK, nullable=True),
    Column("title", String(60), nullable=False),
    Column("facts_json", Text, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("kid", String(16), nullable=False),
    Column("issued_on", Date, nullable=False),
    Column("valid_until", Date, nullable=True),
    Column("issued_at", DateTime, nullable=False),
    Column("issued_by", String(64), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("revoked_at", DateTime, nullable=True),
    Column("revoked_by", String(64), nullable=True),
    Column("revoke_reason", String(200), nullable=True),
    UniqueConstraint("kind", "subject_ref", "issued_on", "digest", name="uq_eservice_certificate_same"),
)
Index("ix_eservice_certificate_subject", certificate.c.kind, certificate.c.subject_ref)

# The outbox: one row per message to one person on one channel. ``event_key`` makes queueing idempotent
# (a re-run of the collector inserts nothing twice).
notice = Table(
    "notice", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("event", String(20), nullable=False),  # codes.NoticeEvent
    Column("event_key", String(120), nullable=False),
    Column("channel", String(10), nullable=False),  # codes.NoticeChannel
    Column("person_id", PK, nullable=False),
    Column("address", String(200), nullable=False),  # phone number or e-mail address
    Column("subject", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("status", String(10), nullable=False),  # codes.NoticeStatus
    Column("attempts", Integer, nullable=False),
    Column("next_at", DateTime, nullable=False),  # not sent before (retry back-off, quiet hours)
    Column("claim", String(32), nullable=True),  # the sender holding it while status = sending
    Column("claimed_at", DateTime, nullable=True),
    Column("sent_at", DateTime, nullable=True),
    Column("last_error", String(300), nullable=True),
    Column("gateway_ref", String(100), nullable=True),
    Column("queued_on", Date, nullable=False),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("event_key", "channel", name="uq_notice_event_channel"),
)
Index("ix_notice_status_next", notice.c.status, notice.c.next_at)
Index("ix_notice_person", notice.c.person_id, notice.c.sent_at)

# A member's e-mail address (the registry keeps the phone) and what they do not want to receive.
notice_contact = Table(
    "notice_contact", metadata,
    Column("person_id", PK, primary_key=True),
    Column("email", String(200), nullable=False, default=""),
    Column("updated_at", DateTime, nullable=False),
)

notice_optout = Table(
    "notice_optout", metadata,
    Column("person_id", PK, primary_key=True),
    Column("channel", String(10), primary_key=True),  # sms, email, or 'all'
    Column("event", String(20), primary_key=True),  # an event, or 'all'
    Column("created_at", DateTime, nullable=False),
)

# How far each collector has read (the id of the last source row turned into notices).
notice_cursor = Table(
    "notice_cursor", metadata,
    Column("name", String(40), primary_key=True),
    Column("last_id", PK, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

# 好差评: one rating per business done (kind + ref), by the person it was done for.
evaluation = Table(
    "evaluation", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("business", String(20), nullable=False),  # codes.Business
    Column("ref", String(64), nullable=False),  # the business record's number
    Column("person_id", PK, nullable=True),
    Column("channel", String(20), nullable=False),  # where the business was done
    Column("score", Integer, nullable=False),  # 1..5
    Column("reasons", String(200), nullable=False),  # reason codes, comma separated
    Column("comment", String(500), nullable=False),
    Column("rated_on", Date, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    UniqueConstraint("business", "ref", name="uq_evaluation_business_ref"),
)
Index("ix_evaluation_rated_on", evaluation.c.rated_on)

# 差评整改: a bad rating opens one follow-up item with a deadline.
followup = Table(
    "evaluation_followup", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("evaluation_id", PK, nullable=False, unique=True),
    Column("status", String(10), nullable=False),  # open, done
    Column("due_on", Date, nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("closed_on", Date, nullable=True),
    Column("closed_by", String(64), nullable=True),
    Column("resolution", String(500), nullable=True),
)
