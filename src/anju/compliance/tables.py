"""Compliance tables: scans and their hits (疑点) with evidence, other centres' lists, fraud cases, enforcement
cases and their documents, complaints, dormant-account notices and batches. Migration compliance001.

Other areas' rows are referred to by plain ids (no foreign keys into business tables: this area sits above them
and reads them only through their queries)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Index, Integer, String, Table, Text, UniqueConstraint

from anju.db.meta import PK, Fen, metadata
from anju.workflow import event_table

# One run of the scan (``anju audit scan``): when, for which business date, by whom, and its totals.
audit_scan = Table(
    "audit_scan", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("as_of", Date, nullable=False),
    Column("checked", Fen, nullable=False, default=0),  # 被检查记录数 (all rules)
    Column("found", Fen, nullable=False, default=0),  # 疑点记录数 (all rules, open ones found again included)
    Column("new_hits", Fen, nullable=False, default=0),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime, nullable=True),
    Column("created_by", String(64), nullable=False),
)

# Per rule and scan: the population checked and the records it flagged (疑点率 = found ÷ checked).
audit_scan_rule = Table(
    "audit_scan_rule", metadata,
    Column("scan_id", PK, primary_key=True),
    Column("rule_code", String(40), primary_key=True),
    Column("checked", Fen, nullable=False),
    Column("found", Fen, nullable=False),
    Column("new_hits", Fen, nullable=False),
)

# The scan's working rows (what each detector returned), emptied at the end of the scan's transaction.
audit_scan_row = Table(
    "audit_scan_row", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("scan_id", PK, nullable=False),
    Column("rule_code", String(40), nullable=False),
    Column("subject_key", String(80), nullable=False),
    Column("person_id", PK, nullable=True),
    Column("employer_id", PK, nullable=True),
    Column("account_id", PK, nullable=True),
    Column("ref_type", String(20), nullable=False),
    Column("ref_id", String(40), nullable=False),
    Column("amount", Fen, nullable=True),
    Column("on_day", Date, nullable=True),
    Column("note", String(200), nullable=True),
)
Index("ix_audit_scan_row_scan", audit_scan_row.c.scan_id, audit_scan_row.c.rule_code, audit_scan_row.c.subject_key)

# A 疑点: one rule on one subject. ``open_key`` (rule:subject) is set while the hit is open or proposed and cleared
# when it is disposed of, so the unique index forbids a second open hit of the same thing.
audit_hit = Table(
    "audit_hit", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("rule_code", String(40), nullable=False),
    Column("subject_key", String(80), nullable=False),
    Column("open_key", String(121), nullable=True, unique=True),
    Column("person_id", PK, nullable=True),
    Column("employer_id", PK, nullable=True),
    Column("account_id", PK, nullable=True),
    Column("scan_id", PK, nullable=True),  # none for hits imported from the provincial 疑点 file
    Column("last_scan_id", PK, nullable=True),
    Column("found_on", Date, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("status", String(12), nullable=False),
    Column("assigned_to", String(64), nullable=True),
    Column("conclusion", String(500), nullable=True),  # the auditor's 核查说明
    Column("disposed_by", String(64), nullable=True),
    Column("disposed_on", Date, nullable=True),
    Column("case_id", PK, nullable=True),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)
Index("ix_audit_hit_status", audit_hit.c.status, audit_hit.c.deadline)
Index("ix_audit_hit_person", audit_hit.c.person_id)
Index("ix_audit_hit_scan", audit_hit.c.scan_id)

audit_hit_evidence = Table(
    "audit_hit_evidence", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("hit_id", PK, nullable=False, index=True),
    Column("ref_type", String(20), nullable=False),
    Column("ref_id", String(40), nullable=False),
    Column("amount", Fen, nullable=True),
    Column("on_day", Date, nullable=True),
    Column("note", String(200), nullable=True),
)
# an imported 疑点编号 is found again by (ref_type "supervision", ref_id)
Index("ix_audit_hit_evidence_ref", audit_hit_evidence.c.ref_type, audit_hit_evidence.c.ref_id)

audit_hit_event = event_table("audit_hit_event", "audit_hit", "hit_id")

# Other centres' lists of contributing members (异地重复缴存), imported as files.
remote_list = Table(
    "remote_list", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("centre", String(100), nullable=False),
    Column("as_of", Date, nullable=False),
    Column("rows", Integer, nullable=False),
    Column("filename", String(200), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

remote_member = Table(
    "remote_member", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("list_id", PK, nullable=False),
    Column("id_number", String(18), nullable=False),
    Column("name", String(50), nullable=False),
    Column("status", String(2), nullable=False),  # 个人账户状态 as the other centre gives it (01 正常)
    Column("month", Integer, nullable=False),  # 缴至年月
)
Index("ix_remote_member_id_number", remote_member.c.id_number)

# 骗提骗贷案件: from a confirmed hit; each stage a record and a document.
fraud_case = Table(
    "fraud_case", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("no", String(20), nullable=False, unique=True),
    Column("hit_id", PK, nullable=False, unique=True),
    Column("person_id", PK, nullable=True),
    Column("employer_id", PK, nullable=True),
    Column("status", String(12), nullable=False),
    Column("confirmed_on", Date, nullable=False),
    Column("amount", Fen, nullable=False, default=0),  # 骗取金额
    Column("recovered", Fen, nullable=False, default=0),
    Column("recovered_on", Date, nullable=True),
    Column("recovery_voucher_id", PK, nullable=True),
    Column("penalty", Fen, nullable=False, default=0),
    Column("penalty_on", Date, nullable=True),
    Column("referred_on", Date, nullable=True),
    Column("referred_to", String(100), nullable=True),
    Column("ban_from", Date, nullable=True),
    Column("ban_until", Date, nullable=True),
    Column("summary", String(500), nullable=False, default=""),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

# 归集执法案件 against an employer.
enforcement_case = Table(
    "enforcement_case", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("no", String(20), nullable=False, unique=True),
    Column("employer_id", PK, nullable=False),
    Column("reason", String(12), nullable=False),
    Column("status", String(12), nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("owed", Fen, nullable=False, default=0),  # 应缴未缴 at opening
    Column("months", Integer, nullable=False, default=0),
    Column("deadline", Date, nullable=True),  # the current document's deadline
    Column("closed_on", Date, nullable=True),
    Column("note", String(500), nullable=False, default=""),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)
Index("ix_enforcement_case_employer", enforcement_case.c.employer_id)

# Every document of a case (fraud or enforcement): its kind, number, issue day, deadline and delivery record.
case_document = Table(
    "case_document", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("case_type", String(12), nullable=False),  # fraud / enforcement
    Column("case_id", PK, nullable=False),
    Column("kind", String(12), nullable=False),  # codes.DocKind
    Column("no", String(30), nullable=False, unique=True),
    Column("issued_on", Date, nullable=False),
    Column("deadline", Date, nullable=True),
    Column("amount", Fen, nullable=True),
    Column("body", Text, nullable=False),  # the document's text as issued (regenerated files read it)
    Column("served_on", Date, nullable=True),  # 送达
    Column("served_how", String(20), nullable=True),  # 直接送达 / 邮寄送达 / 留置送达 / 公告送达
    Column("served_to", String(50), nullable=True),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
)
Index("ix_case_document_case", case_document.c.case_type, case_document.c.case_id)

complaint = Table(
    "complaint", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("no", String(20), nullable=False, unique=True),
    Column("channel", String(10), nullable=False),
    Column("kind", String(12), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("content", Text, nullable=False),
    Column("complainant", String(50), nullable=False),
    Column("phone", String(20), nullable=False, default=""),
    Column("employer_id", PK, nullable=True),  # the employer complained about (归集执法 may follow)
    Column("received_on", Date, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("status", String(12), nullable=False),
    Column("assigned_to", String(64), nullable=True),
    Column("replied_on", Date, nullable=True),
    Column("reply", Text, nullable=True),
    Column("satisfaction", String(12), nullable=True),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)
Index("ix_complaint_received", complaint.c.received_on)

complaint_event = event_table("complaint_event", "complaint", "complaint_id")

# 睡眠户: notices sent, and batches of closings or merges under maker-checker.
dormant_notice = Table(
    "dormant_notice", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("account_id", PK, nullable=False),
    Column("kind", String(12), nullable=False),
    Column("sent_on", Date, nullable=False),
    Column("channel", String(10), nullable=False),  # sms / notice (公告)
    Column("created_by", String(64), nullable=False),
    UniqueConstraint("account_id", "sent_on", "channel"),
)

dormant_batch = Table(
    "dormant_batch", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("no", String(20), nullable=False, unique=True),
    Column("action", String(8), nullable=False),
    Column("status", String(12), nullable=False),
    Column("as_of", Date, nullable=False),
    Column("accounts", Integer, nullable=False),
    Column("amount", Fen, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

dormant_item = Table(
    "dormant_item", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("batch_id", PK, nullable=False, index=True),
    Column("account_id", PK, nullable=False),
    Column("kind", String(12), nullable=False),
    Column("balance", Fen, nullable=False),
    Column("target_account_id", PK, nullable=True),  # merge: the account receiving the balance
    Column("done", Boolean, nullable=False, default=False),
)

dormant_event = event_table("dormant_event", "dormant_batch", "batch_id")
