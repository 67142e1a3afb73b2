"""Registry tables: employers, persons, accounts with their contribution terms, and the member sub-ledger."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
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
    false,
)

from anju.db.meta import PK, Fen, Rate, metadata

# The interest year balance changes may be dated in (settle year Y = [Y−1-07-01, Y-07-01)); one row. The
# registry keeps it (anju.registry.guard): every balance change checks it; interest settlement opens the next
# year and marks the run in progress (``settling``), when no change may be dated in the year.
interest_state = Table(
    "interest_state", metadata,
    Column("id", Integer, primary_key=True),
    Column("open_year", Integer, nullable=False),
    Column("settling", Boolean, nullable=False, default=False, server_default=false()),
)

number_seq = Table(
    "number_seq", metadata,
    Column("name", String(40), primary_key=True),
    Column("last", Integer, nullable=False),
)

employer = Table(
    "employer", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("account_no", String(20), nullable=False, unique=True),  # 单位账号 DWZH
    Column("uscc", String(18), nullable=False, unique=True),  # 统一社会信用代码
    Column("name", String(200), nullable=False),  # DWMC
    Column("kind", String(2), nullable=False),  # 单位性质 (EmployerKind)
    Column("industry", String(1), nullable=True),  # DWSSHY
    Column("address", String(200), nullable=False, default=""),  # DWDZ
    Column("legal_rep", String(50), nullable=False, default=""),  # DWFRDBXM
    Column("agent_name", String(50), nullable=False, default=""),  # 经办人
    Column("agent_phone", String(20), nullable=False, default=""),
    Column("bank_code", String(2), ForeignKey("entrusted_bank.code"), nullable=False),  # STYHDM
    Column("branch_code", String(8), ForeignKey("branch.code"), nullable=False),
    Column("pay_day", Integer, nullable=False),  # DWFXR 发薪日
    Column("employer_ratio", Rate, nullable=False),  # DWJCBL
    Column("member_ratio", Rate, nullable=False),  # GRJCBL
    Column("status", String(2), nullable=False),  # DWZHZT
    Column("status_date", Date, nullable=False),
    Column("status_reason", String(200), nullable=False, default=""),
    Column("opened_on", Date, nullable=False),  # DWKHRQ
    Column("closed_on", Date, nullable=True),
    Column("first_month", Integer, nullable=False),  # first contribution month (起缴年月)
    Column("paid_through", Integer, nullable=True),  # 缴至年月 JZNY
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    CheckConstraint("pay_day BETWEEN 1 AND 31", name="pay_day"),
)
Index("ix_employer_name", employer.c.name)

employer_status_history = Table(
    "employer_status_history", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("employer_id", PK, ForeignKey("employer.id"), nullable=False, index=True),
    Column("status", String(2), nullable=False),
    Column("from_date", Date, nullable=False),
    Column("reason", String(200), nullable=False, default=""),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
)

person = Table(
    "person", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("id_number", String(18), nullable=False, unique=True),  # ZJHM (ZJLX 01 居民身份证)
    Column("name", String(50), nullable=False),  # XINGMING
    Column("sex", String(1), nullable=False),  # XINGBIE 1 男 2 女
    Column("birth_date", Date, nullable=False),  # CSNY
    Column("phone", String(20), nullable=False, default=""),  # SJHM
    Column("marital_status", String(2), nullable=False, default="90"),  # HYZK
    Column("spouse_id", PK, ForeignKey("person.id"), nullable=True),
    Column("monthly_income", Fen, nullable=True),  # 个人月收入 (loans use household income JTYSR)
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)
Index("ix_person_name", person.c.name)
Index("ix_person_spouse", person.c.spouse_id)  # spouse_of: linked either way

account = Table(
    "account", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("account_no", String(20), nullable=False, unique=True),  # 个人账号 GRZH
    Column("person_id", PK, ForeignKey("person.id"), nullable=False, unique=True),  # one account per person
    Column("employer_id", PK, ForeignKey("employer.id"), nullable=True),  # null for flexible workers
    Column("kind", String(10), nullable=False),  # AccountKind
    Column("status", String(2), nullable=False),  # GRZHZT
    Column("status_date", Date, nullable=False),
    Column("frozen", Boolean, nullable=False, default=False),
    Column("freeze_reason", String(200), nullable=False, default=""),
    Column("opened_on", Date, nullable=False),  # KHRQ
    Column("closed_on", Date, nullable=True),
    # Current contribution terms (the history is in account_terms; these equal its latest row).
    Column("base", Fen, nullable=False),  # GRJCJS 缴存基数
    Column("employer_ratio", Rate, nullable=False),
    Column("member_ratio", Rate, nullable=False),
    Column("employer_amount", Fen, nullable=False),  # DWYJCE 单位月缴存额
    Column("member_amount", Fen, nullable=False),  # GRYJCE 个人月缴存额
    Column("terms_from", Integer, nullable=False),  # month from which the current terms apply
    # Balances: balance = prior_balance + current_balance.
    Column("balance", Fen, nullable=False, default=0),  # GRZHYE
    Column("prior_balance", Fen, nullable=False, default=0),  # GRZHSNJZYE 上年结转余额
    Column("current_balance", Fen, nullable=False, default=0),  # GRZHDNGJYE 当年归集余额
    Column("first_paid", Integer, nullable=True),  # first month ever paid
    Column("paid_through", Integer, nullable=True),  # 缴至年月: latest month posted
    # Interest accrual (积数, see anju.registry.accrual): both cover the days before accrued_day (an ordinal).
    Column("jishu", Fen, nullable=False, default=0),  # fen·days
    Column("jishu_rated", Fen, nullable=False, default=0),  # fen·days·rate in millionths
    Column("accrued_day", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    CheckConstraint("balance = prior_balance + current_balance", name="balance_split"),
)
# With the monthly amounts, so what each employer owes a month (arrears, 缴存率) is read from the index alone.
Index("ix_account_employer", account.c.employer_id, account.c.status, account.c.employer_amount,
      account.c.member_amount)

account_terms = Table(
    "account_terms", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("account_id", PK, ForeignKey("account.id"), nullable=False),
    Column("from_month", Integer, nullable=False),
    Column("base", Fen, nullable=False),
    Column("employer_ratio", Rate, nullable=False),
    Column("member_ratio", Rate, nullable=False),
    Column("employer_amount", Fen, nullable=False),
    Column("member_amount", Fen, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    UniqueConstraint("account_id", "from_month"),
)

member_txn = Table(
    "member_txn", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("account_id", PK, ForeignKey("account.id"), nullable=False),
    Column("employer_id", PK, nullable=True),  # employer at the time (statistics by 单位性质)
    Column("txn_date", Date, nullable=False),  # JZRQ 记账日期
    Column("type", String(2), nullable=False),  # GJHTQYWLX
    Column("amount", Fen, nullable=False, default=0),  # FSE 发生额 (signed: + in, − out)
    Column("current_amount", Fen, nullable=False, default=0),  # DNGJFSE 当年归集发生额
    Column("prior_amount", Fen, nullable=False, default=0),  # SNJZFSE 上年结转发生额
    Column("interest_amount", Fen, nullable=False, default=0),  # FSLXE 发生利息额
    Column("month", Integer, nullable=True),  # HBJNY 汇补缴年月
    Column("reason", String(4), nullable=True),  # TQYY 提取原因
    Column("entry_flag", String(2), nullable=False, default="01"),  # CZBZ 冲账标识
    Column("voucher_id", PK, nullable=True),  # the GL voucher (null for events that move no money)
    Column("ref_type", String(20), nullable=True),
    Column("ref_id", PK, nullable=True),
    Column("balance_after", Fen, nullable=False),
    Column("note", String(200), nullable=True),
    CheckConstraint("amount = current_amount + prior_amount", name="amount_split"),
)
Index("ix_member_txn_account", member_txn.c.account_id, member_txn.c.id)
Index("ix_member_txn_voucher", member_txn.c.voucher_id)
# Statistics of the rarer types (opening, sealing, withdrawals, interest) read a range of this index instead of
# scanning the whole sub-ledger; contributions, the bulk of the rows, are summed by `txn_summary`.
Index("ix_member_txn_type_date", member_txn.c.type, member_txn.c.txn_date)

# Free-form details of a change (before/after terms, transfer source …) kept beside the detail row.
member_txn_detail = Table(
    "member_txn_detail", metadata,
    Column("txn_id", PK, ForeignKey("member_txn.id"), primary_key=True),
    Column("detail_json", Text, nullable=False),
)

# ------------------------------------------------------------------------------------------- statistics roll-up
# Derived from member_txn by `registry.rollup.refresh` (the nightly job `anju jobs stats-rollup`): the rows up to
# `stat_watermark.last_id` summed by day, type, reason, employer and contribution month, and each account's
# months with money in or an opening, per year and employer. Statistics read these plus the rows written since
# (id > last_id) in one statement, so a figure never depends on the roll-up having run; it only gets faster.
# The sub-ledger is append-only, so adding the new rows' sums keeps both tables exact.
stat_txn_day = Table(
    "stat_txn_day", metadata,
    Column("txn_date", Date, primary_key=True),
    Column("type", String(2), primary_key=True),
    Column("reason", String(4), primary_key=True),  # '' for none
    Column("employer_id", PK, primary_key=True),  # 0 for none (flexible workers, persons without an employer)
    Column("month", Integer, primary_key=True),  # 汇补缴年月; 0 for none
    Column("amount", Fen, nullable=False),
    Column("rows", Fen, nullable=False),
    Column("positive", Fen, nullable=False),  # rows with money in (amount > 0)
)

stat_member_year = Table(
    "stat_member_year", metadata,
    Column("year", Integer, primary_key=True),
    Column("account_id", PK, primary_key=True),
    Column("employer_id", PK, primary_key=True),  # 0 for none
    Column("paid_mask", Integer, nullable=False),  # bit m-1: a contribution row with money in, dated in month m
    Column("open_mask", Integer, nullable=False),  # bit m-1: an opening (开户) dated in month m
)

stat_watermark = Table(
    "stat_watermark", metadata,
    Column("name", String(40), primary_key=True),
    Column("last_id", PK, nullable=False),
)

# ------------------------------------------------------------------------------------------ the register of homes
# Shared by withdrawals and loans (``registry.household``); created by the withdrawal branch's migration x001.

# One row per home; a home is found again by any of its three normalised keys (see registry.property).
housing_property = Table(
    "housing_property", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("address", String(200), nullable=False),  # 房屋坐落 as given (FWZL)
    Column("address_key", String(200), nullable=False),
    Column("certificate_no", String(80), nullable=True),  # 不动产权证号
    Column("certificate_key", String(80), nullable=True),
    Column("contract_no", String(80), nullable=True),  # 购房合同（网签备案）编号
    Column("contract_key", String(80), nullable=True),
    Column("contract_date", Date, nullable=True),
    Column("price", Fen, nullable=True),
    Column("cancelled_on", Date, nullable=True),  # the purchase contract was cancelled (网签注销)
    Column("cancel_note", String(200), nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
)
Index("ix_housing_property_address_key", housing_property.c.address_key)
Index("ix_housing_property_certificate_key", housing_property.c.certificate_key)
Index("ix_housing_property_contract_key", housing_property.c.contract_key)

# Who owns a home and from when (declared at the counter, or recorded by a purchase withdrawal or a loan).
property_holding = Table(
    "property_holding", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("property_id", PK, ForeignKey("housing_property.id"), nullable=False),
    Column("person_id", PK, ForeignKey("person.id"), nullable=False),
    Column("from_day", Date, nullable=False),
    Column("until_day", Date, nullable=True),  # sold or transferred (exclusive)
    Column("source", String(20), nullable=False),  # declared / withdrawal / loan
    Column("ref", String(40), nullable=True),
    Column("note", String(200), nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
)
Index("ix_property_holding_person", property_holding.c.person_id)
Index("ix_property_holding_property", property_holding.c.property_id)

# Every application that used a home: withdrawals here, loans from origination (``household.record_property_use``).
property_use = Table(
    "property_use", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("property_id", PK, ForeignKey("housing_property.id"), nullable=False),
    Column("person_id", PK, ForeignKey("person.id"), nullable=False),
    Column("use", String(12), nullable=False),  # withdrawal / loan
    Column("ref_type", String(20), nullable=False),
    Column("ref_id", String(40), nullable=False),
    Column("ref_label", String(60), nullable=False),
    Column("on_day", Date, nullable=False),
    Column("amount", Fen, nullable=False),
    Column("active", Boolean, nullable=False),  # false once the application is rejected or cancelled
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("ref_type", "ref_id", "property_id"),
)
Index("ix_property_use_property", property_use.c.property_id)

# Months a member contributed at another centre, carried here with a transfer in (异地转移接续): the months the
# loan and withdrawal rules count (``household.paid_months``) and the amounts the member paid. Written only by
# ``registry.household.carry_months``; ``centre`` is the centre the month was paid to.
carried_month = Table(
    "carried_month", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("account_id", PK, ForeignKey("account.id"), nullable=False),
    Column("month", Integer, nullable=False),
    Column("amount", Fen, nullable=False),
    Column("centre", String(16), nullable=False),
    Column("ref", String(40), nullable=False),  # the transfer that carried it (联系函编号)
    UniqueConstraint("account_id", "month", "centre", name="uq_carried_month"),
)
