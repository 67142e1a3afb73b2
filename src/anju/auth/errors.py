"""The auth area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class AuthError(StrEnum):
    REJECT_REASON_REQUIRED = "auth.reject_reason_required"
    CANCEL_NOT_MAKER = "auth.cancel_not_maker"
    AUDIT_KEY_INVALID = "auth.audit_key_invalid"
    AUDIT_KEY_MISSING = "auth.audit_key_missing"
    PASSWORD_TOO_SHORT = "auth.password_too_short"
    PASSWORD_TOO_SIMPLE = "auth.password_too_simple"
    PASSWORD_HAS_USERNAME = "auth.password_has_username"
    ROLE_REQUIRED = "auth.role_required"
    ROLE_SYSTEM = "auth.role_system"
    ROLE_OUTSIDE_WITH_STAFF = "auth.role_outside_with_staff"
    ROLE_EMPLOYER_WITH_MEMBER = "auth.role_employer_with_member"
    ROLE_EMPLOYER_NEEDS_EMPLOYER = "auth.role_employer_needs_employer"
    ROLE_EMPLOYER_ONLY = "auth.role_employer_only"
    ROLE_MEMBER_API_KEY = "auth.role_member_api_key"
    ROLE_MEMBER_NEEDS_PERSON = "auth.role_member_needs_person"
    ROLE_MEMBER_ONLY = "auth.role_member_only"
    USERNAME_FORMAT = "auth.username_format"
    DISPLAY_NAME_REQUIRED = "auth.display_name_required"
    USERNAME_TAKEN = "auth.username_taken"
    OWN_ADMIN_ROLE = "auth.own_admin_role"
    DISABLE_SELF = "auth.disable_self"
    PASSWORD_CHANGE_NOT_USER = "auth.password_change_not_user"
    PASSWORD_WRONG = "auth.password_wrong"
    PASSWORD_UNCHANGED = "auth.password_unchanged"
    API_KEY_NAME_REQUIRED = "auth.api_key_name_required"
    NOT_A_NUMBER = "auth.not_a_number"
    ROLE_UNKNOWN = "auth.role_unknown"
    AUDIT_KEY_LOST = "auth.audit_key_lost"


MESSAGES: dict[AuthError, str] = {
    AuthError.REJECT_REASON_REQUIRED: "驳回须填写理由",
    AuthError.CANCEL_NOT_MAKER: "只有经办人本人可以撤销审批单",
    AuthError.AUDIT_KEY_INVALID: "审计密钥文件{path}内容无效（应为至少32字节的十六进制密钥）",
    AuthError.AUDIT_KEY_MISSING: "审计密钥文件{path}不存在：请运行 anju init 生成，或用环境变量{env}指向已有的密钥文件",
    AuthError.PASSWORD_TOO_SHORT: "密码至少{min_length}个字符",
    AuthError.PASSWORD_TOO_SIMPLE: "密码须同时包含字母和数字（或大小写字母、符号）",
    AuthError.PASSWORD_HAS_USERNAME: "密码不能包含用户名",
    AuthError.ROLE_REQUIRED: "至少选择一个角色",
    AuthError.ROLE_SYSTEM: "“系统作业”角色不能授予用户",
    AuthError.ROLE_OUTSIDE_WITH_STAFF: "单位经办人、缴存职工不能与中心工作人员角色同时授予",
    AuthError.ROLE_EMPLOYER_WITH_MEMBER: "单位经办人与缴存职工须分别开设用户",
    AuthError.ROLE_EMPLOYER_NEEDS_EMPLOYER: "单位经办人须指定所属单位",
    AuthError.ROLE_EMPLOYER_ONLY: "只有单位经办人可以指定单位",
    AuthError.ROLE_MEMBER_API_KEY: "API密钥不能授予“缴存职工”角色",
    AuthError.ROLE_MEMBER_NEEDS_PERSON: "缴存职工须指定本人（职工编号）",
    AuthError.ROLE_MEMBER_ONLY: "只有缴存职工可以指定职工编号",
    AuthError.USERNAME_FORMAT: "用户名为2至64个字母、数字或“._-”",
    AuthError.DISPLAY_NAME_REQUIRED: "请填写姓名",
    AuthError.USERNAME_TAKEN: "用户名{name}已存在",
    AuthError.OWN_ADMIN_ROLE: "不能取消自己的系统管理员角色",
    AuthError.DISABLE_SELF: "不能停用自己",
    AuthError.PASSWORD_CHANGE_NOT_USER: "只有登录用户可以修改密码",
    AuthError.PASSWORD_WRONG: "原密码不正确",
    AuthError.PASSWORD_UNCHANGED: "新密码不能与原密码相同",
    AuthError.API_KEY_NAME_REQUIRED: "请填写密钥名称（使用方）",
    AuthError.NOT_A_NUMBER: "应为数字编号",
    AuthError.ROLE_UNKNOWN: "未知角色",
    AuthError.AUDIT_KEY_LOST: "审计链已用密钥签名，但密钥文件{path}不存在：请找回原密钥文件（或用环境变量{env}指向它），不能另建新密钥",
}
