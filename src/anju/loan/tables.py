"""Loan servicing tables: loan accounts (贷款账户), their repayment plans (还款计划), the loan sub-ledger
(个人贷款业务明细), monthly repayment runs with one deduction batch per entrusted bank and a line per loan,
and write-off requests.

The origination tables (applications, contracts, security) belong to the same area and live beside these.
"""

from __future__ import annotations

from sqlalchemy import (
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

from anju.db.meta import PK, Fen, Rate, metadata

# ------------------------------------------------------------------------------------------ loan accounts

loan = Table(
    "loan", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("loan_no", String(20), nullable=False, unique=True),  # 个人住房贷款账号 DKZH
    Column("contract_no", String(40), nullable=False, unique=True),  # 借款合同编号 JKHTBH
    Column("application_id", PK, nullable=True),
    Column("borrower_person_id", PK, ForeignKey("person.id"), nullable=False),  # 借款人
    Column("co_borrower_person_id", PK, ForeignKey("person.id"), nullable=True),  # 共同借款人
    Column("repay_account_no", String(20), nullable=True),  # the borrower's fund account (monthly offset)
    Column("bank_code", String(2), ForeignKey("entrusted_bank.code"), nullable=False),  # 受托银行 STYHDM
    Column("branch_code", String(8), nullable=True),  # the borrower's employer's branch (管理部)
    Column("amount", Fen, nullable=False),  # 贷款金额 DKFFE
    Column("months", Integer, nullable=False),  # 贷款期数 DKQS
    Column("method", String(2), nullable=False),  # 还款方式 DKHKFS (schedule.Method)
    Column("second_home", Boolean, nullable=False),  # 二套房
    Column("purpose", String(2), nullable=False),  # codes.Purpose
    Column("combined", Boolean, nullable=False),  # 组合贷款
    Column("commercial_amount", Fen, nullable=True),
    Column("commercial_bank", String(100), nullable=True),
    Column("remote", Boolean, nullable=False),  # 异地贷款
    Column("repay_day", Integer, nullable=False),  # 约定还款日 YDHKR
    Column("disbursed_on", Date, nullable=False),  # 放款日期 DKFFRQ
    Column("first_due", Date, nullable=False),
    Column("maturity", Date, nullable=False),  # 到期日期 DKDQRQ (moves with prepayments)
    Column("rate", Rate, nullable=False),  # 执行利率 (changes on January 1 after a rate change)
    Column("rate_from", Date, nullable=False),
    Column("penalty_rate", Rate, nullable=False),  # rate × (1 + loan.penalty_surcharge)
    Column("status", String(2), nullable=False),  # codes.LoanStatus
    Column("principal", Fen, nullable=False),  # normal principal outstanding (GL 121)
    Column("overdue_principal", Fen, nullable=False),  # overdue principal (GL 122) 逾期本金
    Column("overdue_interest", Fen, nullable=False),  # interest due and unpaid (off balance sheet) 逾期利息
    Column("penalty", Fen, nullable=False),  # penalty interest accrued and unpaid 罚息
    Column("penalty_to", Date, nullable=True),  # penalty accrued up to (not including) this day
    Column("overdue_since", Date, nullable=True),  # the due date of the oldest unpaid instalment
    Column("overdue_periods", Integer, nullable=False),  # 逾期期数 (instalments now overdue)
    Column("overdue_total_periods", Integer, nullable=False),  # 累计逾期期数
    Column("risk_class", String(2), nullable=False),  # codes.RiskClass 风险等级
    Column("written_off", Fen, nullable=False),  # 核销金额
    Column("written_off_on", Date, nullable=True),
    Column("settled_on", Date, nullable=True),  # 结清日期
    Column("repaid_principal", Fen, nullable=False),
    Column("repaid_interest", Fen, nullable=False),  # interest and penalty received
    Column("disburse_key", String(200), nullable=False, unique=True),
    Column("voucher_id", PK, nullable=False),  # the disbursement voucher
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("updated_at", DateTime, nullable=False),
)
Index("ix_loan_borrower", loan.c.borrower_person_id)
Index("ix_loan_co_borrower", loan.c.co_borrower_person_id)
Index("ix_loan_status_bank", loan.c.status, loan.c.bank_code)

# One row per instalment of the plan in force; rows replaced by a recomputed plan stay, marked superseded.
loan_instalment = Table(
    "loan_instalment", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("loan_id", PK, ForeignKey("loan.id"), nullable=False),
    Column("period", Integer, nullable=False),  # 期次 DQQC
    Column("due_date", Date, nullable=False),
    Column("principal", Fen, nullable=False),
    Column("interest", Fen, nullable=False),
    Column("balance", Fen, nullable=False),  # principal outstanding after this instalment
    Column("rate", Rate, nullable=False),
    Column("status", String(12), nullable=False),  # codes.InstalmentStatus
    Column("paid_principal", Fen, nullable=False),
    Column("paid_interest", Fen, nullable=False),
    Column("paid_on", Date, nullable=True),
    Column("overdue_on", Date, nullable=True),  # when it was marked overdue
)
Index("ix_loan_instalment_loan", loan_instalment.c.loan_id, loan_instalment.c.period)
Index("ix_loan_instalment_due", loan_instalment.c.due_date, loan_instalment.c.status)

# 个人贷款业务明细: every movement of a loan, against the voucher that carries it. Amounts are what the
# movement did: principal/overdue_principal signed changes of the two balances (+ disbursed or fallen
# overdue, − repaid or written off); interest and penalty received (≥ 0, negative in a reversal).
loan_txn = Table(
    "loan_txn", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("loan_id", PK, ForeignKey("loan.id"), nullable=False),
    Column("txn_date", Date, nullable=False),  # 业务发生日期 YWFSRQ
    Column("type", String(2), nullable=False),  # codes.TxnType DKYWMXLX
    Column("period", Integer, nullable=True),  # 当期期次 DQQC
    Column("amount", Fen, nullable=False),  # 发生额 FSE: money in (repayments) or out (disbursement)
    Column("principal", Fen, nullable=False),  # change of the normal principal (121)
    Column("overdue_principal", Fen, nullable=False),  # change of the overdue principal (122)
    Column("interest", Fen, nullable=False),  # interest received 利息
    Column("overdue_interest", Fen, nullable=False),  # overdue interest received 逾期利息
    Column("penalty", Fen, nullable=False),  # penalty received 罚息
    Column("balance_after", Fen, nullable=False),  # principal + overdue principal after it 贷款余额
    Column("off_plan", Fen, nullable=False, default=0),  # principal repaid outside the instalments (prepaid …)
    Column("voucher_id", PK, nullable=True),
    Column("source", String(10), nullable=False),  # bank / fund / counter / system
    Column("ref_type", String(20), nullable=True),
    Column("ref_id", String(40), nullable=True),
    Column("note", String(200), nullable=True),
    # how a payment touched the plan, so that it can be undone exactly (a fraudulent withdrawal reversed):
    # {"paid": [[instalment id, principal, interest, status before], …], "superseded": [ids], "added": [ids]}
    Column("parts", Text, nullable=True),
    Column("created_at", DateTime, nullable=False),
)
Index("ix_loan_txn_loan", loan_txn.c.loan_id, loan_txn.c.txn_date)
Index("ix_loan_txn_voucher", loan_txn.c.voucher_id)

# ------------------------------------------------------------------------------------------ repayment runs

loan_run = Table(
    "loan_run", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("month", Integer, nullable=False, unique=True),  # YYYYMM
    Column("status", String(10), nullable=False),  # created / closed
    Column("count", Integer, nullable=False),
    Column("total", Fen, nullable=False),
    Column("offset_count", Integer, nullable=False),
    Column("offset_total", Fen, nullable=False),
    Column("overdue_marked", Integer, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("closed_at", DateTime, nullable=True),
)

# One deduction file per entrusted bank and run.
loan_run_bank = Table(
    "loan_run_bank", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("run_id", PK, ForeignKey("loan_run.id"), nullable=False),
    Column("bank_code", String(2), ForeignKey("entrusted_bank.code"), nullable=False),
    Column("status", String(10), nullable=False),  # sent / loaded / posted
    Column("count", Integer, nullable=False),
    Column("total", Fen, nullable=False),
    Column("paid_count", Integer, nullable=False),
    Column("paid_total", Fen, nullable=False),
    Column("result_day", Date, nullable=True),  # the day the result was taken: the voucher's date
    Column("result_hash", String(64), nullable=True),
    Column("voucher_id", PK, nullable=True),
    Column("loaded_by", String(64), nullable=True),
    Column("loaded_at", DateTime, nullable=True),
    UniqueConstraint("run_id", "bank_code"),
)

loan_deduction = Table(
    "loan_deduction", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("batch_id", PK, ForeignKey("loan_run_bank.id"), nullable=False),
    Column("loan_id", PK, ForeignKey("loan.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("deduction_no", String(20), nullable=False, unique=True),  # 扣款流水号
    Column("due_date", Date, nullable=False),
    Column("instalment_id", PK, nullable=True),  # the instalment due this month (None: only arrears)
    Column("period", Integer, nullable=True),
    Column("amount", Fen, nullable=False),  # asked of the bank (after any fund offset)
    Column("offset_amount", Fen, nullable=False),  # taken from the fund account before the file
    Column("status", String(8), nullable=False),  # sent / paid / partial / failed
    Column("paid", Fen, nullable=False),
    Column("bank_ref", String(60), nullable=True),
    Column("fail_reason", String(200), nullable=True),
    Column("applied", Boolean, nullable=False),  # the paid money is in the loan (checkpoint of posting)
)
Index("ix_loan_deduction_batch", loan_deduction.c.batch_id, loan_deduction.c.applied)
Index("ix_loan_deduction_loan", loan_deduction.c.loan_id)

# ------------------------------------------------------------------------------------------ write-off

loan_write_off = Table(
    "loan_write_off", metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("loan_id", PK, ForeignKey("loan.id"), nullable=False),
    Column("amount", Fen, nullable=False),
    Column("reason", String(500), nullable=False),
    Column("status", String(10), nullable=False),  # requested / done / rejected
    Column("approval_id", PK, nullable=True),
    Column("requested_by", String(64), nullable=False),
    Column("requested_on", Date, nullable=False),
    Column("decided_by", String(64), nullable=True),
    Column("decided_on", Date, nullable=True),
    Column("voucher_id", PK, nullable=True),
)
Index("ix_loan_write_off_loan", loan_write_off.c.loan_id)
