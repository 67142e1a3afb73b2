"""The digital-services area's error codes and their Chinese messages (docs/architecture.md, "Error codes")."""

from enum import StrEnum


class EserviceError(StrEnum):
    NO_SIGNING_KEY = "eservice.no_signing_key"
    KEY_FILE_MISSING = "eservice.key_file_missing"
    CERT_NOT_FOUND = "eservice.cert_not_found"
    CERT_ALREADY_REVOKED = "eservice.cert_already_revoked"
    REASON_REQUIRED = "eservice.reason_required"
    CODE_MALFORMED = "eservice.code_malformed"
    TEMPLATE_UNKNOWN = "eservice.template_unknown"
    TEMPLATE_VARIABLE = "eservice.template_variable"
    GATEWAY_FAILED = "eservice.gateway_failed"
    GATEWAY_CONFIG = "eservice.gateway_config"
    EMAIL_INVALID = "eservice.email_invalid"
    CHANNEL_UNKNOWN = "eservice.channel_unknown"
    EVENT_UNKNOWN = "eservice.event_unknown"
    SCORE_RANGE = "eservice.score_range"
    REASON_UNKNOWN = "eservice.reason_unknown"
    BUSINESS_UNKNOWN = "eservice.business_unknown"
    ALREADY_RATED = "eservice.already_rated"
    FOLLOWUP_NOT_FOUND = "eservice.followup_not_found"
    FOLLOWUP_CLOSED = "eservice.followup_closed"
    RESOLUTION_REQUIRED = "eservice.resolution_required"
    NOT_YOURS = "eservice.not_yours"
    PERSON_NOT_FOUND = "eservice.person_not_found"
    ACT_NOT_FOUND = "eservice.act_not_found"


MESSAGES: dict[EserviceError, str] = {
    EserviceError.NO_SIGNING_KEY: "尚未生成电子证明签名密钥，请先执行 anju init 或 anju cert rotate-key",
    EserviceError.KEY_FILE_MISSING: "电子证明签名密钥{kid}的私钥文件不存在：{path}",
    EserviceError.CERT_NOT_FOUND: "证明编号{no}不存在",
    EserviceError.CERT_ALREADY_REVOKED: "证明{no}已于{at}撤销",
    EserviceError.REASON_REQUIRED: "请填写撤销原因",
    EserviceError.CODE_MALFORMED: "核验码格式不正确",
    EserviceError.TEMPLATE_UNKNOWN: "没有“{event}”的{channel}模板",
    EserviceError.TEMPLATE_VARIABLE: "模板“{event}”缺少变量：{names}",
    EserviceError.GATEWAY_FAILED: "{channel}网关发送失败：{detail}",
    EserviceError.GATEWAY_CONFIG: "{channel}网关配置不完整：{detail}",
    EserviceError.EMAIL_INVALID: "电子邮件地址格式不正确",
    EserviceError.CHANNEL_UNKNOWN: "不认识的通知渠道：{value}",
    EserviceError.EVENT_UNKNOWN: "不认识的通知事项：{value}",
    EserviceError.SCORE_RANGE: "评分须为1至5分",
    EserviceError.REASON_UNKNOWN: "不认识的评价原因：{value}",
    EserviceError.BUSINESS_UNKNOWN: "不认识的业务类别：{value}",
    EserviceError.ALREADY_RATED: "该笔业务已评价",
    EserviceError.FOLLOWUP_NOT_FOUND: "差评整改事项{id}不存在",
    EserviceError.FOLLOWUP_CLOSED: "差评整改事项{id}已办结",
    EserviceError.RESOLUTION_REQUIRED: "请填写整改情况",
    EserviceError.NOT_YOURS: "只能评价本人办理的业务",
    EserviceError.PERSON_NOT_FOUND: "没有个人账号或身份证号为{key}的缴存职工",
    EserviceError.ACT_NOT_FOUND: "业务记录{ref}不存在或不是可评价的业务",
}
