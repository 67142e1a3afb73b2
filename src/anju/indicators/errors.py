"""The indicators area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class IndicatorsError(StrEnum):
    PERIOD_END_BEFORE_START = "indicators.period_end_before_start"
    DETAIL_FILTER_UNSUPPORTED = "indicators.detail_filter_unsupported"
    PAGE_NEGATIVE = "indicators.page_negative"
    GROUP_UNSUPPORTED = "indicators.group_unsupported"


MESSAGES: dict[IndicatorsError, str] = {
    IndicatorsError.PERIOD_END_BEFORE_START: "结束日期早于开始日期",
    IndicatorsError.DETAIL_FILTER_UNSUPPORTED: "指标{ind_name}的明细不能按该维度筛选：{key}",
    IndicatorsError.PAGE_NEGATIVE: "offset 与 limit 不能为负数",
    IndicatorsError.GROUP_UNSUPPORTED: "指标{ind_name}不支持按该维度分组：{breakdown}",
}
