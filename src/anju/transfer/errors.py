"""The transfer area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class TransferError(StrEnum):
    CENTRE_REQUIRED = "transfer.centre_required"
    LETTER_NO_REQUIRED = "transfer.letter_no_required"
    ACCOUNT_CLOSED = "transfer.account_closed"
    ACCOUNT_FROZEN = "transfer.account_frozen"
    ACCOUNT_ACTIVE = "transfer.account_active"
    WITHDRAWALS_PENDING = "transfer.withdrawals_pending"
    CENTRE_UNKNOWN = "transfer.centre_unknown"
    CENTRE_SELF = "transfer.centre_self"
    CENTRE_FIELD = "transfer.centre_field"
    ACCOUNT_UNKNOWN = "transfer.account_unknown"
    IDENTITY_MISMATCH = "transfer.identity_mismatch"
    LOAN_OUTSTANDING = "transfer.loan_outstanding"
    NO_ACCOUNT_HERE = "transfer.no_account_here"
    LETTER_OPEN = "transfer.letter_open"
    FIELD_REQUIRED = "transfer.field_required"
    MESSAGE_INVALID = "transfer.message_invalid"
    MESSAGE_FIELD = "transfer.message_field"
    MESSAGE_NOT_OURS = "transfer.message_not_ours"
    MESSAGE_SENDER = "transfer.message_sender"
    LETTER_UNKNOWN = "transfer.letter_unknown"
    AMOUNT_MISMATCH = "transfer.amount_mismatch"
    REVIEW_PROBLEMS = "transfer.review_problems"
    MERGE_SAME = "transfer.merge_same"
    MERGE_PERSON = "transfer.merge_person"
    MERGE_CLOSED = "transfer.merge_closed"
    MERGE_PENDING = "transfer.merge_pending"
    CERT_LOANS = "transfer.cert_loans"
    CERT_LOAN_OPEN = "transfer.cert_loan_open"
    CERT_NOT_CONTRIBUTING = "transfer.cert_not_contributing"
    CERT_STATE = "transfer.cert_state"
    CERT_UNKNOWN = "transfer.cert_unknown"


MESSAGES: dict[TransferError, str] = {
    TransferError.CENTRE_REQUIRED: "请填写转入地公积金中心",
    TransferError.LETTER_NO_REQUIRED: "请填写联系函编号",
    TransferError.ACCOUNT_CLOSED: "账户已销户",
    TransferError.ACCOUNT_FROZEN: "账户已冻结，不能转出",
    TransferError.ACCOUNT_ACTIVE: "账户仍在正常缴存，请先由单位办理封存",
    TransferError.WITHDRAWALS_PENDING: "账户有{count}笔未办结的提取申请（占用{amount}元），须办结或撤销后方可转出",
    TransferError.CENTRE_UNKNOWN: "中心代码{code}未登记，请先在“异地中心”中登记",
    TransferError.CENTRE_SELF: "不能与本中心办理异地转移",
    TransferError.CENTRE_FIELD: "{label}不能为空",
    TransferError.ACCOUNT_UNKNOWN: "本中心没有账号为{account_no}的个人账户",
    TransferError.IDENTITY_MISMATCH: "联系函中的姓名或证件号码与账户{account_no}登记的不一致",
    TransferError.LOAN_OUTSTANDING: "职工有未结清的住房公积金贷款，不能转出",
    TransferError.NO_ACCOUNT_HERE: "该职工在本中心没有可接收转入的个人账户，请先由新单位开户或启封",
    TransferError.LETTER_OPEN: "该职工已有未办结的转入联系函{no}",
    TransferError.FIELD_REQUIRED: "请填写{label}",
    TransferError.MESSAGE_INVALID: "报文不是有效的JSON",
    TransferError.MESSAGE_FIELD: "字段{field}：{reason}",
    TransferError.MESSAGE_NOT_OURS: "报文的收件中心为{code}，不是本中心",
    TransferError.MESSAGE_SENDER: "报文的发件中心{code}与调用方不符或未登记",
    TransferError.LETTER_UNKNOWN: "本中心没有编号为{no}的联系函",
    TransferError.AMOUNT_MISMATCH: "到账金额{amount}元与转移信息的转移金额{expected}元不符",
    TransferError.REVIEW_PROBLEMS: "审核未通过，请以“审核不通过”退回并写明原因：{problems}",
    TransferError.MERGE_SAME: "请选择两个不同的账户",
    TransferError.MERGE_PERSON: "两个账户的姓名或证件不属于同一人（{detail}）",
    TransferError.MERGE_CLOSED: "账户{account_no}已销户，不能合并",
    TransferError.MERGE_PENDING: "账户{account_no}有未办结的提取申请，须办结后再合并",
    TransferError.CERT_LOANS: "职工已有{count}次住房公积金贷款，不能出具异地贷款缴存使用证明",
    TransferError.CERT_LOAN_OPEN: "职工的住房公积金贷款尚未结清，不能出具异地贷款缴存使用证明",
    TransferError.CERT_NOT_CONTRIBUTING: "账户状态为{status}，不是正常缴存，不能出具证明",
    TransferError.CERT_STATE: "证明{no}当前为“{status}”，不能{doing}",
    TransferError.CERT_UNKNOWN: "没有编号为{no}的证明",
}
