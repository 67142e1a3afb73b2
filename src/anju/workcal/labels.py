"""Chinese labels of the working calendar's codes."""

from __future__ import annotations

LABELS = {
    "audit_action": {"calendar.set_day": "设置工作日"},
    "entity": {"calendar_day": "日历日"},
}
