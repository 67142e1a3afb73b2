"""Loan origination tables: applications (申请 → 初审 → 审批 → 合同 → 担保 → 放款通知 → 放款) and their steps.

An application keeps, besides its workflow state, what the annual report counts about a loan before it is one
(purpose, new or second-hand home, first or second home, combined loan, 商转公, remote borrower), and hands it
to the loan account at disbursement (``accounts.LoanOpening``)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, String, Table, Text

from anju.db.meta import PK, Fen, Rate, metadata

loan_application = Table(
    "loan_application", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("no", String(20), nullable=False, unique=True),  # 贷款申请编号
    Column("status", String(12), nullable=False),  # appcodes.Status
    Column("channel", String(20), nullable=False),
    Column("accepted_on", Date, nullable=False),  # 受理日期
    Column("deadline", Date, nullable=False),  # 审批时限 (working days from acceptance)
    # borrowers
    Column("person_id", PK, ForeignKey("person.id"), nullable=False),  # 借款人
    Column("account_id", PK, ForeignKey("account.id"), nullable=True),  # null for a remote borrower (异地缴存)
    Column("co_person_id", PK, ForeignKey("person.id"), nullable=True),  # 共同借款人 (JGJ/T 320 6.0.4)
    Column("co_relation", String(10), nullable=True),  # appcodes.Relation
    Column("income", Fen, nullable=False),  # 借款人月收入 as declared
    Column("co_income", Fen, nullable=True),
    Column("children", Integer, nullable=False, default=0),
    Column("talent", Boolean, nullable=False, default=False),
    Column("remote", Boolean, nullable=False, default=False),  # 异地贷款
    Column("remote_centre", String(100), nullable=True),
    # the home
    Column("purpose", String(10), nullable=False),  # appcodes.Purpose
    Column("house_type", String(6), nullable=False),  # appcodes.HouseType (新房 / 二手房)
    Column("second_home", Boolean, nullable=False),  # 二套房 as assessed at acceptance
    Column("home_order", Integer, nullable=False),
    Column("property_address", String(200), nullable=False),  # 房屋坐落 FWZL
    Column("property_area", Integer, nullable=False),  # 建筑面积 FWJZMJ in 0.01 m²
    Column("price", Fen, nullable=False),  # 房价 / 工程造价
    Column("purchase_contract_no", String(80), nullable=True),  # 购房合同（网签备案）编号
    Column("certificate_no", String(80), nullable=True),  # 不动产权证号 (second-hand, build, repair)
    Column("building_year", Integer, nullable=True),  # 建成年份 (房龄)
    Column("property_id", PK, ForeignKey("housing_property.id"), nullable=True),
    # combined loan and 商转公
    Column("combined", Boolean, nullable=False, default=False),  # 组合贷款
    Column("commercial_amount", Fen, nullable=True),
    Column("commercial_bank", String(100), nullable=True),
    Column("commercial_monthly", Fen, nullable=True),
    Column("original_bank", String(100), nullable=True),  # 商转公: the commercial loan refinanced
    Column("original_contract_no", String(80), nullable=True),
    Column("original_balance", Fen, nullable=True),
    # the loan asked for
    Column("amount", Fen, nullable=False),  # 申请金额 (the approved amount once approved)
    Column("months", Integer, nullable=False),
    Column("method", String(2), nullable=False),  # schedule.Method (DKHKFS)
    Column("repay_day", Integer, nullable=False),  # 约定还款日 YDHKR
    Column("bank_code", String(2), ForeignKey("entrusted_bank.code"), nullable=False),  # 受托银行
    Column("repay_card_no", String(19), nullable=False),  # 还款银行卡（委托扣款）
    Column("repay_card_bank", String(100), nullable=False),
    Column("repay_account_no", String(20), nullable=True),  # fund account for monthly offset (按月对冲)
    Column("rate", Rate, nullable=False),  # rate in force at acceptance (the loan takes the one at disbursement)
    Column("max_amount", Fen, nullable=False),  # 可贷额度 at acceptance
    Column("form_json", Text, nullable=False),  # the application as entered
    Column("assessment_json", Text, nullable=False),  # the limit explanation at acceptance (refreshed at 初审)
    # decisions
    Column("approval_id", PK, nullable=True),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("reviewed_by", String(64), nullable=True),
    Column("reviewed_at", DateTime, nullable=True),
    Column("decided_on", Date, nullable=True),
    Column("status_note", String(500), nullable=True),
    # contract
    Column("contract_no", String(40), nullable=True, unique=True),  # 借款合同编号 JKHTBH
    Column("contract_on", Date, nullable=True),
    Column("contract_by", String(64), nullable=True),
    # security (担保)
    Column("security", String(2), nullable=False),  # appcodes.Security (DKDBLX)
    Column("security_status", String(8), nullable=False),  # appcodes.SecurityStatus
    Column("security_filed_on", Date, nullable=True),  # 抵押登记申请日
    Column("security_done_on", Date, nullable=True),  # 办妥日
    Column("security_ref", String(80), nullable=True),  # 不动产登记证明号（他项权证） / 保证合同号
    Column("security_office", String(100), nullable=True),  # 登记机构
    Column("guarantor_name", String(50), nullable=True),
    Column("guarantor_id_number", String(18), nullable=True),
    # disbursement
    Column("instructed_on", Date, nullable=True),  # 放款通知
    Column("instruction_no", String(30), nullable=True),
    Column("disburse_on", Date, nullable=True),  # the day the bank is told to pay
    Column("disbursed_on", Date, nullable=True),
    Column("loan_no", String(20), nullable=True),
    Column("fraud_on", Date, nullable=True),  # terminated as 骗贷: starts the loan ban
    Column("updated_at", DateTime, nullable=False),
)
Index("ix_loan_application_status", loan_application.c.status, loan_application.c.accepted_on)
Index("ix_loan_application_person", loan_application.c.person_id)
Index("ix_loan_application_co_person", loan_application.c.co_person_id)

loan_application_event = Table(
    "loan_application_event", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("application_id", PK, ForeignKey("loan_application.id"), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("on_day", Date, nullable=False),
    Column("username", String(64), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("action", String(20), nullable=False),
    Column("from_status", String(12), nullable=True),
    Column("to_status", String(12), nullable=False),
    Column("note", String(500), nullable=True),
)
Index("ix_loan_application_event_app", loan_application_event.c.application_id)
