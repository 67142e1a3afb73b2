"""Tables of fund settlement: bank statements, matches, explanations of 未达账项, day and month closes, manual
match requests (maker-checker). The 专户 register and the agreements are ``anju.bank``'s (bankcore)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
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
from anju.workflow import event_table

# ---- settle: statements, matching, reconciliation

# one imported statement file (a day of one 专户); the same content twice is one row
bank_statement_file = Table(
    "bank_statement_file", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("account_code", String(40), nullable=False),
    Column("stmt_date", Date, nullable=False),
    Column("file_name", String(200), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("line_count", Integer, nullable=False),
    Column("new_count", Integer, nullable=False),
    Column("imported_at", DateTime, nullable=False),
    Column("imported_by", String(64), nullable=False),
    UniqueConstraint("account_code", "stmt_date", "sha256"),
)

# the bank's lines (资金流水): one per (专户, date, bank serial), from a file or pushed
bank_statement_line = Table(
    "bank_statement_line", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("account_code", String(40), nullable=False),
    Column("txn_date", Date, nullable=False),
    Column("serial", String(40), nullable=False),  # 银行主机流水号
    Column("seq", Integer, nullable=False),  # order within the day (line of the file; pushes after)
    Column("amount", Fen, nullable=False),  # signed: + credit (money in), − debit
    Column("balance", Fen, nullable=True),  # 余额 after the line, as the bank states it
    Column("txn_time", String(8), nullable=True),
    Column("txn_code", String(10), nullable=True),
    Column("counterparty_account", String(40), nullable=True),
    Column("counterparty_name", String(100), nullable=True),
    Column("remark", String(100), nullable=True),  # 备注: the centre's 业务流水号 or batch reference
    Column("summary", String(100), nullable=True),  # 摘要
    Column("reversal", Boolean, nullable=False, default=False),  # 冲正标识
    Column("source", String(8), nullable=False),
    Column("file_id", PK, ForeignKey("bank_statement_file.id"), nullable=True),
    Column("received_at", DateTime, nullable=False),
    Column("match_id", PK, ForeignKey("bank_match.id"), nullable=True),
    Column("suspect", String(200), nullable=True),  # 金额不符: a serial or 备注 found a book line of another amount
    UniqueConstraint("account_code", "txn_date", "serial"),
)
Index("ix_bank_statement_line_day", bank_statement_line.c.account_code, bank_statement_line.c.txn_date)
Index("ix_bank_statement_line_match", bank_statement_line.c.match_id)

# a match: statement lines ↔ voucher lines of the 专户's sub-account; undone by a checked unmatch
bank_match = Table(
    "bank_match", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("account_code", String(40), nullable=False),
    Column("rule", String(10), nullable=False),
    Column("matched_on", Date, nullable=False),  # the later date of its lines: matched as of then
    Column("amount", Fen, nullable=False),  # Σ of either side (equal)
    Column("note", String(500), nullable=True),
    Column("book_lines", Text, nullable=False),  # voucher line ids, comma-separated (kept when undone)
    Column("bank_lines", Text, nullable=False),
    Column("status", String(8), nullable=False, default="active"),  # active / undone
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("undone_at", DateTime, nullable=True),
    Column("undone_by", String(64), nullable=True),
    Column("undo_note", String(500), nullable=True),
    Column("run_tag", String(32), nullable=True),  # the writing run (matches are inserted in bulk, then read back)
    Column("run_seq", Integer, nullable=True),
)
Index("ix_bank_match_account", bank_match.c.account_code, bank_match.c.status)
Index("ix_bank_match_run", bank_match.c.run_tag)

# the book side of the active matches: a voucher line is in one active match at most
bank_match_book = Table(
    "bank_match_book", metadata,
    Column("voucher_line_id", BigInteger, primary_key=True),
    Column("match_id", PK, ForeignKey("bank_match.id"), nullable=False),
    Column("account_code", String(40), nullable=False),
)
Index("ix_bank_match_book_match", bank_match_book.c.match_id)

# a person's explanation of a 未达账项 (statement line or voucher line left over)
bank_item_note = Table(
    "bank_item_note", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("account_code", String(40), nullable=False),
    Column("side", String(4), nullable=False),
    Column("ref_id", BigInteger, nullable=False),
    Column("note", String(500), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    UniqueConstraint("side", "ref_id"),
)

# 日结: the 调节表 of one 专户 and day as closed
bank_day_close = Table(
    "bank_day_close", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("account_code", String(40), nullable=False),
    Column("close_date", Date, nullable=False),
    Column("bank_balance", Fen, nullable=False),
    Column("book_balance", Fen, nullable=False),
    Column("adjusted_bank", Fen, nullable=False),
    Column("adjusted_book", Fen, nullable=False),
    Column("explanation", String(500), nullable=True),  # of a difference between the adjusted balances
    Column("closed_at", DateTime, nullable=False),
    Column("closed_by", String(64), nullable=False),
    UniqueConstraint("account_code", "close_date"),
)

# the 未达账项 listed in a closed day's 调节表
bank_day_item = Table(
    "bank_day_item", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("close_id", PK, ForeignKey("bank_day_close.id"), nullable=False),
    Column("side", String(4), nullable=False),
    Column("ref_id", BigInteger, nullable=False),
    Column("kind", String(1), nullable=False),
    Column("item_date", Date, nullable=False),
    Column("amount", Fen, nullable=False),  # positive
    Column("reason", String(500), nullable=False),
    Column("text", String(200), nullable=True),  # what the line says (摘要 / 备注 / voucher summary)
)
Index("ix_bank_day_item_close", bank_day_item.c.close_id)

# where a 专户's reconciliation starts: the books before this day are its opening balance
bank_recon_start = Table(
    "bank_recon_start", metadata,
    Column("account_code", String(40), primary_key=True),
    Column("start_date", Date, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
)

# 月结
bank_month_close = Table(
    "bank_month_close", metadata,
    Column("month", Integer, primary_key=True),
    Column("closed_at", DateTime, nullable=False),
    Column("closed_by", String(64), nullable=False),
)

# which API key may push statement lines for which bank (authenticated per bank)
bank_push_key = Table(
    "bank_push_key", metadata,
    Column("api_key_id", BigInteger, primary_key=True),
    Column("bank_code", String(8), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
)

# a manual match or unmatch, proposed by one person and checked by another (anju.workflow)
bank_match_request = Table(
    "bank_match_request", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("kind", String(8), nullable=False),
    Column("account_code", String(40), nullable=False),
    Column("status", String(12), nullable=False),
    Column("bank_lines", Text, nullable=False, default=""),
    Column("book_lines", Text, nullable=False, default=""),
    Column("match_id", PK, ForeignKey("bank_match.id"), nullable=True),  # unmatch: which; match: the result
    Column("amount", Fen, nullable=False, default=0),
    Column("reason", String(500), nullable=False),
    Column("on_day", Date, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("updated_at", DateTime, nullable=True),
)
bank_match_event = event_table("bank_match_event", "bank_match_request", "request_id")

__all__ = ["bank_day_close", "bank_day_item", "bank_item_note", "bank_match", "bank_match_book", "bank_match_event",
           "bank_match_request", "bank_month_close", "bank_push_key", "bank_recon_start", "bank_statement_file", "bank_statement_line"]

# ---- bankcore: 专户/agreement requests, fees, assessment (anju/settle/bank_tables.py)
from anju.settle.bank_tables import bank_assessment, bank_change, bank_change_event, bank_fee  # noqa: E402, F401
