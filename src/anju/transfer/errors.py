"""The transfer area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class TransferError(StrEnum):
    CENTRE_REQUIRED = "transfer.centre_required"
    LETTER_NO_REQUIRED = "transfer.letter_no_required"
    ACCOUNT_CLOSED = "transfer.account_closed"
    ACCOUNT_FROZEN = "transfer.account_frozen"
    ACCOUNT_ACTIVE = "transfer.account_active"
    WITHDRAWALS_PENDING = "transfer.withdrawals_pending"


MESSAGES: dict[TransferError, str] = {
    TransferError.CENTRE_REQUIRED: "请填写转入地公积金中心",
    TransferError.LETTER_NO_REQUIRED: "请填写联系函编号",
    TransferError.ACCOUNT_CLOSED: "账户已销户",
    TransferError.ACCOUNT_FROZEN: "账户已冻结，不能转出",
    TransferError.ACCOUNT_ACTIVE: "账户仍在正常缴存，请先由单位办理封存",
    TransferError.WITHDRAWALS_PENDING: "账户有{count}笔未办结的提取申请（占用{amount}元），须办结或撤销后方可转出",
}
