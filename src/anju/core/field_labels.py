"""Chinese labels of request members and form inputs (``field`` kind): what a problem list shows for a field that
a service or the API's validation named by its identifier. One label per name, so labels stay generic
(“金额”); a service that knows better names the field in Chinese itself (``Problem(..., field="贷款金额",
input="amount")``)."""

from __future__ import annotations

FIELDS = {
    "reject_reason": "退回原因", "time_zone": "时区",
    # people and organisations
    "person": "职工", "person_id": "职工编号", "person_ids": "职工编号", "employer_id": "单位编号",
    "employer_no": "单位账号", "to_employer_id": "转入单位", "name": "名称", "display_name": "姓名",
    "id_number": "证件号码", "phone": "联系电话", "address": "地址", "uscc": "统一社会信用代码",
    "industry": "所属行业", "legal_rep": "法定代表人", "agent_name": "经办人姓名", "agent_phone": "经办人电话",
    "marital_status": "婚姻状况", "branch_code": "管理部", "bank_code": "受托银行", "bank": "受托银行",
    "account": "账户", "account_no": "个人账号", "remittance_id": "缴存清册编号", "refund_id": "退缴申请编号",
    "deferral_id": "缓缴申请编号", "withdrawal_id": "提取申请编号", "application_id": "贷款申请编号",
    "voucher_id": "凭证编号", "batch_id": "批次编号", "loan_no": "贷款账号", "payment_no": "支付编号",
    # money, ratios, periods
    "amount": "金额", "base": "缴存基数", "income": "月收入", "price": "价格", "employer_ratio": "单位缴存比例",
    "member_ratio": "个人缴存比例", "reduced_employer_ratio": "降低后的单位缴存比例",
    "reduced_member_ratio": "降低后的个人缴存比例", "management_fee": "管理费用", "rate": "年利率",
    "months": "期限（月）", "month": "年月", "period": "期间", "period_from": "起始年月", "period_to": "截止年月",
    "first_month": "起缴年月", "from_month": "起始年月", "year": "年度", "quarter": "季度", "start": "起始日期", "end": "截止日期",
    "on": "日期", "as_of": "日期", "day": "日期", "from_day": "取得日期", "until_day": "转让日期",
    "paid_on": "缴款日期", "pay_day": "发薪日", "entry_date": "入账日期", "disburse_on": "放款日期",
    "workdays": "工作日", "second_home": "第二套住房",
    # documents and decisions
    "kind": "类型", "status": "状态", "reason": "原因", "cancel_reason": "撤销原因", "note": "备注",
    "summary": "摘要", "description": "说明", "documents": "材料", "approve": "审批意见", "approval_no": "批复文号",
    "accepted": "是否受理", "result": "处理结果", "results": "处理结果", "fraud": "骗提认定", "receipt_no": "银行回单号",
    "reference": "凭据号", "bank_ref": "银行流水号", "ref": "登记编号", "office": "登记机关", "number": "编号",
    "seq": "序号", "q": "查询条件", "code": "代码", "value": "取值", "op": "比较方式",
    "target": "目标值", "actual": "实际完成值", "weight": "分值", "score": "评分", "cause": "偏差原因",
    "evidence": "完成值来源", "by": "分组维度", "bucket": "分组", "limit": "每页条数", "offset": "起始位置",
    "fmt": "文件格式", "file": "文件", "chunk": "数据块", "body": "内容", "facts": "申请要素", "payee": "收款人",
    "requested": "申请金额", "risk": "风险提示", "stage": "环节", "step": "进度", "lines": "分录",
    # payee and cards
    "card_no": "银行卡号", "card_bank": "开户行", "payout_bank": "付款受托银行", "payee_name": "收款人姓名",
    "payee_id_number": "收款人证件号码",
    # sign-in and users
    "username": "用户名", "roles": "角色", "password": "密码", "old_password": "原密码", "new_password": "新密码",
    "new_password2": "确认新密码",
    # loans (beyond the application form's own labels)
    "contract_no": "借款合同编号", "borrower_person_id": "借款人", "co_borrower_person_id": "共同借款人",
    "repay_account_no": "还款公积金账户", "loan_id": "贷款编号",
}

LABELS = {"field": FIELDS}
