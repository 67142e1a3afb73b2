"""Tables of transfers between centres: the other centres, letters received and sent, the messages exchanged,
account merges and loan certificates (异地贷款缴存使用证明)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from anju.db.meta import PK, Fen, metadata
from anju.workflow import event_table

# Other centres (中心代码 as on the national platform) with the account transfers to them are paid into.
transfer_centre = Table(
    "transfer_centre", metadata,
    Column("code", String(16), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("account_no", String(40), nullable=False),
    Column("account_name", String(100), nullable=False),
    Column("bank_name", String(100), nullable=False),
    Column("phone", String(40), nullable=True),
    Column("created_at", DateTime, nullable=False),
)

# 转入申请 (receiving side): the letter this centre wrote, and what came back.
transfer_in = Table(
    "transfer_in", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("no", String(24), nullable=False, unique=True),  # 联系函编号 ConNum
    Column("status", String(12), nullable=False),
    Column("from_centre", String(16), nullable=False),  # 转出中心
    Column("name", String(50), nullable=False),
    Column("id_type", String(2), nullable=False),
    Column("id_number", String(30), nullable=False),
    Column("from_account_no", String(40), nullable=False),  # 原住房公积金账号
    Column("from_employer_name", String(200), nullable=False),
    Column("account_id", PK, ForeignKey("account.id"), nullable=False),  # the member's account here
    Column("person_id", PK, nullable=False),
    Column("bank_code", String(2), nullable=False),  # where the money is to arrive
    Column("channel", String(20), nullable=False),
    Column("applied_on", Date, nullable=False),
    Column("deadline", Date, nullable=True),  # the step waited for: the other centre's, then our crediting
    Column("principal", Fen, nullable=True),
    Column("interest", Fen, nullable=True),
    Column("amount", Fen, nullable=True),
    Column("paid_on", Date, nullable=True),  # the other centre's payment date
    Column("payment_ref", String(64), nullable=True),
    Column("info_json", Text, nullable=True),  # the 转移信息 received (history included)
    Column("refusal_reason", String(200), nullable=True),
    Column("credited_on", Date, nullable=True),
    Column("voucher_id", PK, nullable=True),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)
Index("ix_transfer_in_status", transfer_in.c.status, transfer_in.c.deadline)
transfer_in_event = event_table("transfer_in_event", "transfer_in", "transfer_in_id")

# 转出受理 (sending side): a letter another centre sent us.
transfer_out = Table(
    "transfer_out", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("no", String(24), nullable=False, unique=True),  # 联系函编号 of the receiving centre
    Column("status", String(12), nullable=False),
    Column("to_centre", String(16), nullable=False),
    Column("name", String(50), nullable=False),
    Column("id_type", String(2), nullable=False),
    Column("id_number", String(30), nullable=False),
    Column("old_account_no", String(40), nullable=False),
    Column("account_id", PK, ForeignKey("account.id"), nullable=True),  # found by the old account number
    Column("new_account_no", String(40), nullable=False),
    Column("new_employer_name", String(200), nullable=False),
    Column("receiving_account_no", String(40), nullable=False),
    Column("receiving_account_name", String(100), nullable=False),
    Column("receiving_bank_name", String(100), nullable=False),
    Column("letter_json", Text, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("bank_code", String(2), nullable=True),  # our bank the money leaves from
    Column("principal", Fen, nullable=True),
    Column("interest", Fen, nullable=True),
    Column("amount", Fen, nullable=True),
    Column("paid_on", Date, nullable=True),
    Column("voucher_id", PK, nullable=True),
    Column("refusal_reason", String(200), nullable=True),
    Column("confirmed_on", Date, nullable=True),
    Column("reviewed_by", String(64), nullable=True),
    Column("approved_by", String(64), nullable=True),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)
Index("ix_transfer_out_status", transfer_out.c.status, transfer_out.c.deadline)
transfer_out_event = event_table("transfer_out_event", "transfer_out", "transfer_out_id")

# Every message sent or received (the outbox a file export or the API delivers; the inbox is idempotent by digest).
transfer_message = Table(
    "transfer_message", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("direction", String(3), nullable=False),  # out, in
    Column("centre", String(16), nullable=False),  # the counterpart
    Column("type", String(24), nullable=False),  # MessageType
    Column("letter_no", String(24), nullable=False),
    Column("body", Text, nullable=False),  # canonical JSON
    Column("digest", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("delivered_at", DateTime, nullable=True),
    UniqueConstraint("direction", "digest", name="uq_transfer_message_digest"),
)
Index("ix_transfer_message_out", transfer_message.c.direction, transfer_message.c.delivered_at)

# 账户合并: two accounts of one person become one (maker-checker).
account_merge = Table(
    "account_merge", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("no", String(24), nullable=False, unique=True),
    Column("status", String(12), nullable=False),
    Column("keep_account_id", PK, ForeignKey("account.id"), nullable=False),
    Column("merge_account_id", PK, ForeignKey("account.id"), nullable=False),
    Column("reason", String(200), nullable=False),
    Column("amount", Fen, nullable=True),
    Column("interest", Fen, nullable=True),
    Column("voucher_id", PK, nullable=True),
    Column("decision_note", String(200), nullable=True),
    Column("decided_by", String(64), nullable=True),
    Column("decided_on", Date, nullable=True),
    Column("applied_on", Date, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

# 异地贷款缴存使用证明: issued by us for a member borrowing elsewhere, or accepted from another centre.
loan_certificate = Table(
    "loan_certificate", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("no", String(32), nullable=False),
    Column("kind", String(10), nullable=False),  # CertKind
    Column("status", String(10), nullable=False),  # CertStatus
    Column("centre", String(100), nullable=False),  # the lending centre (issued) or the issuing centre (accepted)
    Column("name", String(50), nullable=False),
    Column("id_number", String(30), nullable=False),
    Column("account_id", PK, ForeignKey("account.id"), nullable=True),  # ours, for an issued one
    Column("issued_on", Date, nullable=False),
    Column("valid_until", Date, nullable=False),
    Column("data_json", Text, nullable=False),  # the form's fields
    Column("note", String(200), nullable=True),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("kind", "no", name="uq_loan_certificate_no"),
)
