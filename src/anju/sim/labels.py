"""Chinese labels of the synthetic centre's bulk loads (they write audit records like any other change)."""

from __future__ import annotations

LABELS = {
    "audit_action": {"sim.bulk.registry": "模拟数据：批量开户", "sim.bulk.remit": "模拟数据：批量汇缴"},
    "entity": {"sim_month": "模拟月份"},
}
