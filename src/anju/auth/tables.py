"""Auth tables: the hash-chained audit log, users, sessions, API keys, confirmations, approvals."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from anju.db.meta import PK, Fen, metadata

audit_log = Table(
    "audit_log", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("seq", Integer, nullable=False, unique=True),
    Column("at", DateTime, nullable=False),
    Column("username", String(64), nullable=False),
    Column("roles", String(200), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("action", String(80), nullable=False),
    Column("entity_type", String(40), nullable=False),
    Column("entity_id", String(64), nullable=True),
    Column("before_json", Text, nullable=True),
    Column("after_json", Text, nullable=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    # 1: plain SHA-256 chain (before keying); 2: HMAC-SHA256 under the key file (migration w004).
    Column("hash_v", Integer, nullable=False, server_default="1"),
)
Index("ix_audit_entity", audit_log.c.entity_type, audit_log.c.entity_id)
Index("ix_audit_at", audit_log.c.at)

# One row: the tail of the chain. Updating it serialises audit writers so the chain stays linear.
audit_head = Table(
    "audit_head", metadata,
    Column("id", Integer, primary_key=True),
    Column("last_seq", Integer, nullable=False),
    Column("last_hash", String(64), nullable=False),
)

# People who sign in. Roles are a sorted comma-separated list of `Role` values (as in audit_log).
# employer_id / person_id scope the portal roles (foreign keys to the registry, migration w002).
users = Table(
    "users", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(100), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("roles", String(200), nullable=False),
    Column("employer_id", BigInteger, ForeignKey("employer.id"), nullable=True),
    Column("person_id", BigInteger, ForeignKey("person.id"), nullable=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("failed_attempts", Integer, nullable=False, default=0),
    Column("locked_until", DateTime, nullable=True),
    Column("password_changed_at", DateTime, nullable=False),
    Column("must_change_password", Boolean, nullable=False, default=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("last_login_at", DateTime, nullable=True),
)

# Server-side sessions: the cookie holds a random token, the table only its SHA-256.
user_session = Table(
    "user_session", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", PK, ForeignKey("users.id"), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("revoked_at", DateTime, nullable=True),
    Column("revoked_reason", String(40), nullable=True),
    Column("ip", String(45), nullable=True),
    Column("user_agent", String(200), nullable=True),
)
Index("ix_user_session_user", user_session.c.user_id)

# API keys for systems: shown once as "anju_<prefix>_<secret>"; only the secret's SHA-256 is kept.
api_key = Table(
    "api_key", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("prefix", String(16), nullable=False, unique=True),
    Column("secret_hash", String(64), nullable=False),
    Column("name", String(100), nullable=False),
    Column("roles", String(200), nullable=False),
    Column("employer_id", BigInteger, nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("expires_at", DateTime, nullable=True),
    Column("revoked_at", DateTime, nullable=True),
    Column("last_used_at", DateTime, nullable=True),
)

# One-time confirmation of a money movement: what was checked and shown is kept here, so the final
# POST carries only the token and cannot change the amount between the two screens.
confirmation = Table(
    "confirmation", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("session_id", PK, ForeignKey("user_session.id"), nullable=False),
    Column("action", String(80), nullable=False),
    Column("payload_json", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("used_at", DateTime, nullable=True),
)

# Maker-checker: a request that needs one or two approvals by people other than its maker.
approval_request = Table(
    "approval_request", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("kind", String(40), nullable=False),
    Column("ref_type", String(40), nullable=False),
    Column("ref_id", String(64), nullable=False),
    Column("amount", Fen, nullable=True),
    Column("approvals_needed", Integer, nullable=False),
    Column("status", String(12), nullable=False),
    Column("summary", String(200), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("decided_at", DateTime, nullable=True),
    CheckConstraint("status in ('pending', 'approved', 'rejected', 'cancelled')", name="status"),
    CheckConstraint("approvals_needed in (1, 2)", name="approvals_needed"),
)
Index("ix_approval_request_ref", approval_request.c.ref_type, approval_request.c.ref_id)
Index("ix_approval_request_status", approval_request.c.status, approval_request.c.kind)

approval_decision = Table(
    "approval_decision", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("request_id", PK, ForeignKey("approval_request.id"), nullable=False),
    Column("username", String(64), nullable=False),
    Column("roles", String(200), nullable=False),
    Column("approve", Boolean, nullable=False),
    Column("note", String(500), nullable=False),
    Column("at", DateTime, nullable=False),
    UniqueConstraint("request_id", "username"),
)

# Failed sign-ins per client address, shared by every worker process (the per-address throttle). A row is
# written when an attempt starts and removed when it succeeds, so attempts still being checked count too.
# Rows older than the policy window are pruned as new ones arrive.
login_failure = Table(
    "login_failure", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("ip", String(45), nullable=False),
    Column("at", DateTime, nullable=False),
)
Index("ix_login_failure_ip_at", login_failure.c.ip, login_failure.c.at)
Index("ix_login_failure_at", login_failure.c.at)
