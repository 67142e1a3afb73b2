"""The policy area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class PolicyError(StrEnum):
    PARAM_INVALID = "policy.param_invalid"
    PARAM_UNKNOWN = "policy.param_unknown"
    NO_POLICY = "policy.no_policy"
    PARAM_REQUIRED = "policy.param_required"
    CROSS_CHECK = "policy.cross_check"
    TOML_SYNTAX = "policy.toml_syntax"
    CENTRE_MISSING = "policy.centre_missing"
    CENTRE_CODE_MISSING = "policy.centre_code_missing"
    CENTRE_NAME_MISSING = "policy.centre_name_missing"
    CENTRE_REGION = "policy.centre_region"
    CENTRE_TIME_ZONE = "policy.centre_time_zone"
    BANK_CODE_FORMAT = "policy.bank_code_format"
    BANK_CODE_TWICE = "policy.bank_code_twice"
    BANK_NAME_MISSING = "policy.bank_name_missing"
    NO_BANK = "policy.no_bank"
    REGISTER_FIELD = "policy.register_field"
    BRANCH_CODE = "policy.branch_code"
    BRANCH_NAME_MISSING = "policy.branch_name_missing"
    EFFECTIVE_FORMAT = "policy.effective_format"
    EFFECTIVE_TWICE = "policy.effective_twice"


MESSAGES: dict[PolicyError, str] = {
    PolicyError.PARAM_INVALID: "{where}：参数{path}（{label}）：{exc}",
    PolicyError.PARAM_UNKNOWN: "{where}：未知参数{path}",
    PolicyError.NO_POLICY: "没有任何[[policy]]政策参数",
    PolicyError.PARAM_REQUIRED: "最早的政策（{effective}起）缺少必需参数{key}（{label}）",
    PolicyError.CROSS_CHECK: "{effective}起生效的政策：{text}",
    PolicyError.TOML_SYNTAX: "TOML格式错误：{exc}",
    PolicyError.CENTRE_MISSING: "缺少[centre]表（中心代码、名称）",
    PolicyError.CENTRE_CODE_MISSING: "[centre]缺少code（中心代码）",
    PolicyError.CENTRE_NAME_MISSING: "[centre]缺少name（中心名称）",
    PolicyError.CENTRE_REGION: "[centre]的region应为6位行政区划代码",
    PolicyError.CENTRE_TIME_ZONE: "[centre]的time_zone“{time_zone}”不是有效的时区名称（如Asia/Shanghai）",
    PolicyError.BANK_CODE_FORMAT: "第{i}个[[bank]]：code应为两位数字",
    PolicyError.BANK_CODE_TWICE: "第{i}个[[bank]]：银行代码{code}重复",
    PolicyError.BANK_NAME_MISSING: "第{i}个[[bank]]：缺少name",
    PolicyError.NO_BANK: "至少需要一家受托银行[[bank]]",
    PolicyError.REGISTER_FIELD: "第{i}个{what}：{fields}缺少或不正确",
    PolicyError.BRANCH_CODE: "第{i}个[[branch]]：code缺失或重复",
    PolicyError.BRANCH_NAME_MISSING: "第{i}个[[branch]]：缺少name",
    PolicyError.EFFECTIVE_FORMAT: "{where}：effective应为日期（如2025-07-01）",
    PolicyError.EFFECTIVE_TWICE: "{where}：生效日期重复",
}
