"""Policy parameters of the platform under the areas (auth): maker-checker thresholds, sessions, sign-in
throttling. Declared here because auth sits below the policy area and reads them through `auth.settings`."""

from __future__ import annotations

from anju.policy.catalogue import param
from anju.policy.kinds import INT, MONEY

param("approval.withdrawal_second_above", MONEY, "提取金额超过此数需第二人审批")
param("approval.loan_second_above", MONEY, "贷款金额超过此数需第二人审批")
param("approval.withdrawal_decision_workdays", INT, "提取申请办结时限（工作日）")
param("approval.loan_decision_workdays", INT, "贷款申请办结时限（工作日）")

param("auth.session_idle_minutes", INT, "登录会话空闲超时（分钟）")
param("auth.session_max_hours", INT, "登录会话最长有效期（小时）")
param("auth.lockout_failures", INT, "连续登录失败多少次锁定账户")
param("auth.lockout_minutes", INT, "账户锁定时长（分钟）")
param("auth.ip_failures_limit", INT, "同一地址在时间窗内允许的登录失败次数")
param("auth.ip_window_minutes", INT, "按地址限制登录失败的时间窗（分钟）")
param("auth.password_min_length", INT, "密码最短长度")
