"""The web area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class WebError(StrEnum):
    NEW_PASSWORDS_DIFFER = "web.new_passwords_differ"
    FIELD_REQUIRED = "web.field_required"
    FIELD_RATIO = "web.field_ratio"
    FIELD_INTEGER = "web.field_integer"


MESSAGES: dict[WebError, str] = {
    WebError.NEW_PASSWORDS_DIFFER: "两次输入的新密码不一致",
    WebError.FIELD_REQUIRED: "请填写{label}",
    WebError.FIELD_RATIO: "比例格式不正确：{value!r}",
    WebError.FIELD_INTEGER: "{label}应为整数",
}
