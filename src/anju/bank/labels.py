"""Chinese labels of the bank area's codes (专户性质、协议、手续费、银行文件): ``CODE_LABELS`` for pages and exports
(kinds of this area), ``LABELS`` for the shared tables (``anju.core.labels``)."""

from __future__ import annotations

from anju.bank.codes import (
    AccountPurpose,
    AccountStatus,
    AgreementService,
    AgreementStatus,
    FeeBase,
    FeeType,
    FileKind,
)

CODE_LABELS = {
    "bank_account_purpose": {
        AccountPurpose.COLLECT: "归集户", AccountPurpose.LOAN: "贷款户", AccountPurpose.SETTLE: "结算户",
        AccountPurpose.GAIN: "增值收益户", AccountPurpose.FIXED: "定期存款户", AccountPurpose.NOTICE: "通知存款户",
    },
    "bank_account_status": {AccountStatus.ACTIVE: "正常", AccountStatus.CLOSED: "已销户"},
    "bank_agreement_status": {AgreementStatus.ACTIVE: "有效", AgreementStatus.ENDED: "已终止"},
    "bank_service": {
        AgreementService.COLLECT: "归集", AgreementService.PAYOUT: "提取支付", AgreementService.LOAN: "委托贷款",
        AgreementService.SETTLE: "资金结算", AgreementService.DEPOSIT: "资金存放",
    },
    "bank_fee_type": {
        FeeType.COLLECT: "归集手续费", FeeType.LOAN: "委托贷款手续费", FeeType.PAYOUT: "提取手续费",
        FeeType.ACCOUNT: "账户管理费",
    },
    "bank_fee_base": {
        FeeBase.INTEREST: "回收贷款利息", FeeBase.AMOUNT: "业务金额", FeeBase.COUNT: "业务笔数",
        FeeBase.ACCOUNT_YEAR: "专户户年",
    },
    "bank_file_kind": {
        FileKind.PAYOUT: "提取付款文件", FileKind.PAYOUT_RESULT: "付款回盘文件", FileKind.DEDUCTION: "贷款扣款文件",
        FileKind.DEDUCTION_RESULT: "扣款回盘文件", FileKind.DEPOSIT_RECEIPT: "汇缴到账文件",
        FileKind.STATEMENT: "对账单（到账通知文件）",
    },
}

LABELS = {"entity": {"bank_account": "银行专户", "bank_agreement": "委托协议"}}


def label(kind: str, code: object) -> str:
    """The Chinese label of one of this area's codes (the code itself when unknown)."""
    return CODE_LABELS.get(kind, {}).get(str(code), str(code))
