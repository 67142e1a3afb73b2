"""Chinese labels of transfers out of the city (转出)."""

from __future__ import annotations

LABELS = {
    "voucher_kind": {"transfer.out": "异地转出"},
    "permission": {"transfer.out": "办理异地转出"},
    "audit_action": {"transfer.out": "异地转出"},
}
