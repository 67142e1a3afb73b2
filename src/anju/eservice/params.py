"""Digital-services policy parameters: certificate validity, reminders, sending limits, evaluation follow-up."""

from __future__ import annotations

from anju.policy.catalogue import param
from anju.policy.kinds import INT

param("eservice.cert_valid_days", INT, "电子证明有效期（天）")
param("notify.repay_days_before", INT, "还款提醒提前天数")
param("notify.overdue_every_days", INT, "逾期提醒间隔天数（逾期期间每隔若干天提醒一次）")
param("notify.max_attempts", INT, "通知发送最多尝试次数")
param("notify.retry_base_seconds", INT, "通知重试间隔基数（秒，每次加倍）")
param("notify.sms_max_chars", INT, "短信正文最多字数")
param("notify.email_max_chars", INT, "电子邮件正文最多字数")
param("notify.per_person_daily", INT, "每人每日最多通知条数")
param("notify.per_run", INT, "每次发送作业每个渠道最多发送条数（网关限速）")
param("notify.quiet_start_hour", INT, "免打扰时段开始（时，0–23，短信不在此时段发送）")
param("notify.quiet_end_hour", INT, "免打扰时段结束（时，0–23）")
param("evaluation.bad_score_max", INT, "差评分数上限（不高于此分为差评）")
param("evaluation.followup_days", INT, "差评整改期限（工作日）")
param("notify.lookback_days", INT, "到账、提取到账和审批结果通知只发送最近若干天内的业务（天）")
