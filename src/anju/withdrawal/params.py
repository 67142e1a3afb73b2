"""Withdrawal policy parameters: caps, frequencies and conditions per reason."""

from __future__ import annotations

from anju.policy.catalogue import param
from anju.policy.kinds import DECIMAL, INT, MONEY, choice

param("withdrawal.rent_cap_monthly_person", MONEY, "租房提取每人每月限额")
param("withdrawal.rent_cap_yearly_family", MONEY, "租房提取每户每年限额")
param("withdrawal.rent_frequency", choice("monthly", "quarterly", "yearly"), "租房提取频次")
param("withdrawal.rent_uplift_multi_child", DECIMAL, "多子女家庭租房提取限额上浮倍数")
param("withdrawal.rent_min_contribution_months", INT, "租房提取须连续缴存的月数")
param("withdrawal.property_fee_cap_yearly", MONEY, "物业费提取每年限额")
param("withdrawal.fraud_ban_years", INT, "骗提后禁止提取的年数")
