"""Entrusted banks (受托银行), their agreements (委托协议), the centre's accounts at them (专户), the fee rules of the
agreements and the layouts of the files exchanged with each bank.

Only approved state lives here: opening or closing a 专户 and signing or ending an agreement are requested and
checked in ``anju.settle`` (maker-checker), which then calls ``anju.bank.service``.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, String, Table, Text

from anju.db.meta import PK, Rate, metadata

entrusted_bank = Table(
    "entrusted_bank", metadata,
    Column("code", String(2), primary_key=True),  # also the suffix of GL sub-accounts 101xx / 102xx
    Column("name", String(100), nullable=False),
    Column("short_name", String(40), nullable=False),
    Column("account_no", String(40), nullable=True),
    Column("active", Boolean, nullable=False, default=True),
)

# 委托协议: 《委托承办住房公积金金融业务合同》, 《住房公积金贷款委托协议书》 … one row per signed agreement.
bank_agreement = Table(
    "bank_agreement", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("bank_code", String(2), ForeignKey("entrusted_bank.code"), nullable=False, index=True),
    Column("no", String(40), nullable=False, unique=True),  # 协议编号
    Column("title", String(200), nullable=False),  # 协议名称
    Column("services", String(200), nullable=False),  # codes of AgreementService, comma-separated
    Column("signed_on", Date, nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=True),  # inclusive; None: until ended
    Column("fee_terms", Text, nullable=False, default=""),  # 手续费条款 as written (the computable part: bank_fee_rule)
    Column("assessment_terms", Text, nullable=False, default=""),  # 考核条款 as written
    Column("status", String(12), nullable=False),  # AgreementStatus: active, ended
    Column("ended_on", Date, nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
)

# 专户 register (JGJ/T 320 9.0.3 st_settlement_special_bank_account: KMBH, YHZHHM, YHZHMC, YHDM, KHRQ, ZHXZ, XHRQ).
bank_account = Table(
    "bank_account", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("bank_code", String(2), ForeignKey("entrusted_bank.code"), nullable=False),  # YHDM
    Column("purpose", String(12), nullable=False),  # ZHXZ 专户性质: AccountPurpose
    Column("account_no", String(40), nullable=False, unique=True),  # YHZHHM
    Column("account_name", String(100), nullable=False),  # YHZHMC
    Column("ledger_code", String(10), nullable=False),  # KMBH: 101xx / 102xx (checked against the chart by settle)
    Column("branch_name", String(100), nullable=True),  # 开户网点
    Column("customer_no", String(40), nullable=True),  # KHBH 客户编号 at the bank
    Column("agreement_id", PK, ForeignKey("bank_agreement.id"), nullable=True),
    Column("opened_on", Date, nullable=False),  # KHRQ
    Column("closed_on", Date, nullable=True),  # XHRQ
    Column("status", String(8), nullable=False),  # AccountStatus: active, closed
    Column("note", String(200), nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
)
Index("ix_bank_account_bank", bank_account.c.bank_code, bank_account.c.purpose)
Index("ix_bank_account_ledger", bank_account.c.ledger_code)

# 手续费规则: the computable fee terms of an agreement (hpf-reference-2 §1.2), one row per bank, fee type and validity.
bank_fee_rule = Table(
    "bank_fee_rule", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("bank_code", String(2), ForeignKey("entrusted_bank.code"), nullable=False),
    Column("agreement_id", PK, ForeignKey("bank_agreement.id"), nullable=True),
    Column("fee_type", String(12), nullable=False),  # FeeType: collect 归集, loan 委托贷款, payout 提取, account 账户
    Column("base", String(12), nullable=False),  # FeeBase: interest, amount, count, account_year
    Column("rate", Rate, nullable=True),  # for interest / amount bases (3% -> 0.03)
    Column("unit_fee", Integer, nullable=True),  # fen per transaction (count) or per account and year
    Column("bands", Text, nullable=False, default="[]"),  # JSON [[score_from, "factor"], ...]: score-band factor
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=True),  # inclusive
    Column("note", String(200), nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
)
Index("ix_bank_fee_rule_bank", bank_fee_rule.c.bank_code, bank_fee_rule.c.fee_type)

# The layout of one kind of file exchanged with one bank; a bank without a row uses the documented default
# (anju.bank.files.DEFAULTS, docs/bank-files.md).
bank_file_layout = Table(
    "bank_file_layout", metadata,
    Column("bank_code", String(2), ForeignKey("entrusted_bank.code"), primary_key=True),
    Column("kind", String(20), primary_key=True),  # FileKind
    Column("layout_json", Text, nullable=False),  # anju.bank.files.Layout.to_json()
    Column("updated_at", DateTime, nullable=False),
    Column("updated_by", String(64), nullable=False),
)
