"""The report area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class ReportError(StrEnum):
    BREAKDOWN_UNSUPPORTED = "report.breakdown_unsupported"
    PAGE_BOUNDS = "report.page_bounds"
    FORMAT_DOCUMENT = "report.format_document"
    TEXT_UNKNOWN = "report.text_unknown"
    INDICATOR_UNKNOWN = "report.indicator_unknown"
    TARGET_OP_INVALID = "report.target_op_invalid"
    TARGET_VALUE_INVALID = "report.target_value_invalid"
    PERIOD_REQUIRED = "report.period_required"
    PERIOD_INVALID = "report.period_invalid"
    YEAR_NOT_STARTED = "report.year_not_started"
    INDICATOR_REQUIRED = "report.indicator_required"
    BREAKDOWN_UNKNOWN = "report.breakdown_unknown"
    MONTHS_TOO_MANY = "report.months_too_many"
    BY_UNSUPPORTED = "report.by_unsupported"
    DATES_REQUIRED = "report.dates_required"
    YEAR_QUARTER_NUMBER = "report.year_quarter_number"
    ANNUAL_FAILED = "report.annual_failed"
    FORMAT_TABLE = "report.format_table"
    JGJ_FORMAT = "report.jgj_format"
    JGJ_FIELDS = "report.jgj_fields"


MESSAGES: dict[ReportError, str] = {
    ReportError.BREAKDOWN_UNSUPPORTED: "指标{name}不支持按该维度分组：{by}",
    ReportError.PAGE_BOUNDS: "offset 不小于0，limit 在1至10000之间",
    ReportError.FORMAT_DOCUMENT: "格式应为 docx、pdf 或 xlsx",
    ReportError.TEXT_UNKNOWN: "未知的文字段落：{key}",
    ReportError.INDICATOR_UNKNOWN: "未知的指标：{code}",
    ReportError.TARGET_OP_INVALID: "比较方式应为“不低于”或“不高于”",
    ReportError.TARGET_VALUE_INVALID: "目标值应为数字：{value}",
    ReportError.PERIOD_REQUIRED: "请选择统计期间",
    ReportError.PERIOD_INVALID: "统计期间有误：{message}",
    ReportError.YEAR_NOT_STARTED: "{year}年尚未开始",
    ReportError.INDICATOR_REQUIRED: "请至少选择一个指标",
    ReportError.BREAKDOWN_UNKNOWN: "未知的分组维度：{breakdown}",
    ReportError.MONTHS_TOO_MANY: "按月分组最多{limit}个月",
    ReportError.BY_UNSUPPORTED: "指标{ind_name}不支持按该维度分组：{by}",
    ReportError.DATES_REQUIRED: "请填写开始和结束日期",
    ReportError.YEAR_QUARTER_NUMBER: "年度和季度应为数字",
    ReportError.ANNUAL_FAILED: "年度报告生成失败：{message}",
    ReportError.FORMAT_TABLE: "格式应为 csv 或 xlsx",
    ReportError.JGJ_FORMAT: "导出格式应为 parquet、csv 或两者（parquet,csv）：{formats}",
    ReportError.JGJ_FIELDS: "{table}的字段与标准字段表（jgj320.toml）不一致，未导出",
}
