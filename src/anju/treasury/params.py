"""Treasury policy parameters: the limits checked before a placement, the bank conventions of interest."""

from __future__ import annotations

from anju.policy.catalogue import param
from anju.policy.kinds import INT, MONEY, RATIO

param("treasury.max_bank_share", RATIO, "单家受托银行存款占住房公积金存款的上限")
param("treasury.min_demand_share", RATIO, "活期（备付）资金占缴存余额的下限")
param("treasury.max_term_months", INT, "定期存款最长存期（月）")
param("treasury.demand_rate", RATIO, "活期存款利率（提前支取按此计息）")
param("treasury.day_basis", INT, "存款计息的年天数（银行惯例360）")
param("treasury.bond_day_basis", INT, "国债计息的年天数")
param("approval.treasury_second_above", MONEY, "资金存放、调度金额超过此数时须两名审批人审批")
