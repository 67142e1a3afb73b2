"""The web area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class WebError(StrEnum):
    NEW_PASSWORDS_DIFFER = "web.new_passwords_differ"


MESSAGES: dict[WebError, str] = {
    WebError.NEW_PASSWORDS_DIFFER: "两次输入的新密码不一致",
}
