"""Compliance parameters (policy values; [DK] facts of the domain reference are parameters, never literals)."""

from __future__ import annotations

from anju.policy.catalogue import param
from anju.policy.kinds import DECIMAL, INT, MONEY, RATIO, TEXT, list_of

# The e-audit rules reuse the withdrawal pre-checks' parameters (withdrawal.fraud_jump_share,
# withdrawal.fraud_jump_months, withdrawal.fraud_early_months); these are the rest.
param("compliance.disabled_rules", list_of(TEXT), "停用的稽查规则代码", required=False)
param("compliance.base_over_average_factor", DECIMAL, "缴存基数超过本单位平均基数的倍数列为疑点")
param("compliance.base_over_average_min_members", INT, "比较本单位平均基数时单位的最少缴存人数")
param("compliance.stop_after_months", INT, "提取或贷款后连续多少个月未缴存列为断缴疑点")
param("compliance.min_contributing_age", INT, "缴存职工最低年龄（周岁）")
param("compliance.over_age_male", INT, "男职工超过此年龄仍正常缴存列为疑点（周岁）")
param("compliance.over_age_female", INT, "女职工超过此年龄仍正常缴存列为疑点（周岁）")
param("compliance.unseal_window_days", INT, "启封后多少天内提取列为疑点")
param("compliance.backpay_window_days", INT, "补缴入账后多少天内提取列为疑点")
param("compliance.backpay_months_back", INT, "补缴所属月份早于入账月份至少多少个月视为追溯补缴")
param("compliance.hit_check_workdays", INT, "疑点核查时限（工作日）")
param("compliance.dormant_sealed_months", INT, "封存满多少个月且无业务列为睡眠户")
param("compliance.dormant_zero_months", INT, "余额为零满多少个月列为睡眠户")
param("compliance.dormant_age", INT, "超过此年龄仍未销户列为睡眠户（周岁）")
param("compliance.notice_workdays", INT, "催缴通知书限期（工作日）")
param("compliance.order_days", INT, "责令限期缴存决定书限期（日）")
param("compliance.demand_days", INT, "催告书送达后申请法院强制执行的最短间隔（日）")
param("compliance.court_name", TEXT, "申请强制执行的人民法院")
param("compliance.penalty_min", MONEY, "不办理缴存登记罚款下限")
param("compliance.penalty_max", MONEY, "不办理缴存登记罚款上限")
param("compliance.complaint_workdays", INT, "投诉办理时限（工作日）")
param("compliance.case_ban_years", INT, "认定骗提骗贷后禁止提取和贷款的年限")
param("compliance.fraud_penalty_share", RATIO, "骗提骗贷罚款占骗取金额的比例", required=False)
