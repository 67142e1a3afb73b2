"""The workcal area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class WorkcalError(StrEnum):
    KIND_REQUIRED = "workcal.kind_required"
    BASIS_REQUIRED = "workcal.basis_required"


MESSAGES: dict[WorkcalError, str] = {
    WorkcalError.KIND_REQUIRED: "请选择日期类型",
    WorkcalError.BASIS_REQUIRED: "请注明依据（如国务院办公厅通知）",
}
