"""The performance area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class PerformanceError(StrEnum):
    RULES_FILE_INVALID = "performance.rules_file_invalid"


MESSAGES: dict[PerformanceError, str] = {
    PerformanceError.RULES_FILE_INVALID: "评分规则文件{file}格式有误：{reason}",
}
