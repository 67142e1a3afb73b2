"""Approval policy parameters (maker-checker thresholds)."""

from __future__ import annotations

from anju.policy.catalogue import param
from anju.policy.kinds import INT, MONEY

param("approval.withdrawal_second_above", MONEY, "提取金额超过此数需第二人审批")
param("approval.loan_second_above", MONEY, "贷款金额超过此数需第二人审批")
param("approval.withdrawal_decision_workdays", INT, "提取申请办结时限（工作日）")
param("approval.loan_decision_workdays", INT, "贷款申请办结时限（工作日）")
